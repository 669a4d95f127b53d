import { describe, expect, it } from 'vitest';
import { waitFor, type GammuCall } from '@sms-gateway/testing';
import { isAlive, signalAndWait, useWorkerHarness, type WorkerUnderTest } from './support/worker-harness';

const SHUTDOWN_TIMEOUT_MS = 5_000; // FAST_WORKER_ENV

/** The gammu batch processes the worker started (GAMMU_SESSION=batch is the default). */
const sessions = (run: WorkerUnderTest): GammuCall[] => run.gammu.calls().filter((call) => call.argv.includes('batch'));

async function expectNoGammuLeft(run: WorkerUnderTest, timeoutMs: number): Promise<void> {
  const pids = [...new Set(run.gammu.calls().map((call) => call.pid))];
  await waitFor(`no gammu process of this worker to be left (pids ${pids.join(', ')})`, () => pids.every((pid) => !isAlive(pid)), { timeoutMs });
}

describe('worker with a gammu batch session open: no gammu process outlives it', () => {
  const harness = useWorkerHarness('no-gammu-left');

  /** A worker that has sent one message through its session, which stays open. */
  async function withOpenSession(env: Record<string, string> = {}) {
    const run = await harness.start({ env });
    const id = await run.client.add('5511999990001', 'pela sessão');
    await run.waitForState(id, 'completed');
    const [session] = sessions(run);
    expect(session).toBeDefined();
    expect(isAlive(session!.pid)).toBe(true);
    // After the start-up `gammu --version`, the check and the send went through one gammu process.
    const modemCalls = run.gammu.calls().filter((call) => !call.argv.includes('--version'));
    expect(new Set(modemCalls.map((call) => call.pid))).toEqual(new Set([session!.pid]));
    return { run, session: session! };
  }

  it('on SIGTERM, it ends its session and exits 0, and no gammu process is left', async () => {
    const { run } = await withOpenSession();
    expect(await signalAndWait(run.worker, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 2_000)).toBe(0);
    await expectNoGammuLeft(run, 3_000);
  });

  it('on SIGKILL, its gammu sees its input close and ends: no gammu process is left', async () => {
    const { run } = await withOpenSession();
    await signalAndWait(run.worker, 'SIGKILL', 5_000);
    await expectNoGammuLeft(run, 5_000);
  });

  it('on SIGKILL mid-send, the gammu of that send ends too', async () => {
    const run = await harness.start({ scenario: { sendsms: [{ ok: true, delayMs: 1_000 }] } });
    const id = await run.client.add('5511999990002', 'no meio');
    await waitFor('the send to be running', () => run.callsOf('sendsms').length === 1, { timeoutMs: 10_000 });
    await signalAndWait(run.worker, 'SIGKILL', 5_000);
    await expectNoGammuLeft(run, 5_000);
    expect(id).toBeTruthy();
  });

  it('on SIGTERM during a hung send, the send is killed at its timeout and no gammu process is left', async () => {
    const run = await harness.start({ scenario: { sendsms: [{ hang: true }] }, env: { GAMMU_SEND_TIMEOUT_MS: '1500' } });
    await run.client.add('5511999990003', 'travado');
    await waitFor('the hung send to be running', () => run.callsOf('sendsms').length === 1, { timeoutMs: 10_000 });
    expect(await signalAndWait(run.worker, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 2_000)).toBe(0);
    await expectNoGammuLeft(run, 3_000);
  });
});
