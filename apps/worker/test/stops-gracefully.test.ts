import { describe, expect, it } from 'vitest';
import { waitFor } from '@sms-gateway/testing';
import { isAlive, signalAndWait, useWorkerHarness, type WorkerUnderTest } from './support/worker-harness';

const SHUTDOWN_TIMEOUT_MS = 5_000; // FAST_WORKER_ENV

/** SIGTERM ends the worker (exit 0) within 2 s, and the message it could not send is still waiting, untouched. */
async function expectPromptStopLeavingWaiting(run: WorkerUnderTest, id: string): Promise<void> {
  const signalledAt = Date.now();
  expect(await signalAndWait(run.worker, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 2_000)).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(2_000);
  expect(await run.client.state(id)).toBe('waiting');
  expect((await run.client.job(id))?.attemptsMade).toBe(0);
  expect(run.callsOf('sendsms')).toEqual([]);
}

describe('worker: graceful stop on SIGTERM', () => {
  const harness = useWorkerHarness('graceful-stop');

  it('on SIGTERM during a send, it finishes that send, records it once, takes no new message, and exits 0 within SHUTDOWN_TIMEOUT_MS', async () => {
    const run = await harness.start({ scenario: { sendsms: [{ ok: true, delayMs: 1_500 }] } });
    const id = await run.client.add('+5511999991234', 'no meio do envio');
    await run.worker.waitForLog('send started', (line) => line.event === 'attempt' && line.messageId === id);
    await waitFor('fake gammu to be running sendsms', () => run.callsOf('sendsms').length === 1, { timeoutMs: 5_000 });
    const next = await run.client.add('5511999990009', 'fica para depois');

    const signalledAt = Date.now();
    const exitCode = await signalAndWait(run.worker, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 2_000);
    const tookMs = Date.now() - signalledAt;

    expect(exitCode).toBe(0);
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(await run.client.state(id)).toBe('completed');
    expect(run.callsOf('sendsms')).toHaveLength(1);
    expect(run.events('sent', id)).toHaveLength(1);
    expect(await run.client.state(next)).toBe('waiting');
    // The signal really arrived mid-send: "stopping" was logged before "sent".
    const order = run.worker.logs().map((line) => line.event).filter((event) => event === 'stopping' || event === 'sent');
    expect(order).toEqual(['stopping', 'sent']);
    const stopped = run.events('stopped');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.message).toBe('stopped'); // not "stop took too long"
    const job = await run.client.job(id);
    expect(job?.returnvalue).toMatchObject({ parts: 1 });
  });

  it('on SIGTERM while the modem has not registered since start-up, it exits 0 promptly and the message stays waiting', async () => {
    const run = await harness.start({
      scenario: { networkinfoDefault: { state: 'searching for network' } },
      queued: [['5511999990001', 'sem rede']],
      until: 'waiting_network',
    });
    const [id] = run.queuedIds as [string];

    await expectPromptStopLeavingWaiting(run, id);
  });

  it('on SIGTERM after the modem lost registration mid-run, it exits 0 promptly and the handed-back message stays waiting', async () => {
    const run = await harness.start({
      scenario: { networkinfo: [{ state: 'home network' }], networkinfoDefault: { state: 'searching for network' } },
      env: { READINESS_TTL_MS: '0' },
    });
    const id = await run.client.add('5511999990002', 'perdeu a rede');
    await run.worker.waitForLog('message handed back', (line) => line.event === 'waiting_network' && line.messageId === id);
    await waitFor('the worker to be waiting for the network', () =>
      run.events('waiting_network').some((line) => line.messageId === undefined),
    );

    await expectPromptStopLeavingWaiting(run, id);
  });

  it('on SIGTERM during a network check, it lets that gammu run end (never orphans it on the modem) and exits 0', async () => {
    const run = await harness.start({
      // The second check hangs until GAMMU_CHECK_TIMEOUT_MS kills it.
      scenario: { networkinfo: [{ state: 'searching for network' }, { hang: true }], networkinfoDefault: { state: 'searching for network' } },
      env: { GAMMU_CHECK_TIMEOUT_MS: '1000' },
      until: 'waiting_network',
    });
    await waitFor('the second network check to be running', () => run.callsOf('networkinfo').length === 2, { timeoutMs: 5_000 });

    const signalledAt = Date.now();
    expect(await signalAndWait(run.worker, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 2_000)).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(run.gammu.calls().filter((call) => isAlive(call.pid))).toEqual([]);
    expect(run.callsOf('networkinfo')).toHaveLength(2);
  });

  it('on SIGINT while idle, it exits 0 promptly', async () => {
    const run = await harness.start();
    const signalledAt = Date.now();
    expect(await signalAndWait(run.worker, 'SIGINT', SHUTDOWN_TIMEOUT_MS + 2_000)).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(2_000);
    expect(run.events('stopping')).toEqual([expect.objectContaining({ signal: 'SIGINT' })]);
  });
});
