import { describe, expect, it } from 'vitest';
import { waitFor } from '@sms-gateway/testing';
import { isAlive, signalAndWait, useWorkerHarness, type WorkerUnderTest } from './support/worker-harness';

const SHUTDOWN_TIMEOUT_MS = 3_000;
/** Longer than the stop bound, as by default (45 s against 30 s): the stop overruns and the worker exits anyway. */
const SEND_TIMEOUT_MS = '60000';

async function expectNoGammuLeft(run: WorkerUnderTest): Promise<void> {
  const pids = [...new Set(run.gammu.calls().map((call) => call.pid))];
  await waitFor(`no gammu process of this worker to be left (pids ${pids.join(', ')})`, () => pids.every((pid) => !isAlive(pid)), {
    timeoutMs: 3_000,
  });
}

// A gammu left running would hold the modem while the next worker (a restart) opens it: two gammu on one device.
describe('worker whose stop overruns SHUTDOWN_TIMEOUT_MS during a hung send: it exits 0 and leaves no gammu running', () => {
  const harness = useWorkerHarness('kills-gammu-on-overrun');

  for (const session of ['batch', 'oneshot']) {
    it(`GAMMU_SESSION=${session}`, async () => {
      const run = await harness.start({
        scenario: { sendsms: [{ hang: true }] },
        env: { GAMMU_SESSION: session, GAMMU_SEND_TIMEOUT_MS: SEND_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
      });
      await run.client.add('5511999990004', 'travado');
      await waitFor('the hung send to be running', () => run.callsOf('sendsms').length === 1, { timeoutMs: 10_000 });
      expect(await signalAndWait(run.worker, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 2_000)).toBe(0);
      await expectNoGammuLeft(run);
    });
  }
});
