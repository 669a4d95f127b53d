import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from './support/worker-harness';

// RETRY_NETWORK_BASE_MS=20, RETRY_NETWORK_MAX_MS=80 (FAST_WORKER_ENV): 20, 40, 80, 80, …
describe('worker: send-status codes retried without limit', () => {
  const harness = useWorkerHarness('network-retry');

  it('when the network refuses with error 69 eight times, it retries until sent and never fails the message', async () => {
    const run = await harness.start({
      scenario: { sendsms: Array.from({ length: 8 }, () => ({ error: 69 })), sendsmsDefault: { ok: true } },
      env: { RETRY_OTHER_MAX_ATTEMPTS: '1' }, // a 69 must never count as an "other" failure
    });
    const id = await run.client.add('+5511999991234', 'código 69');
    await run.waitForState(id, 'completed');

    const sends = run.callsOf('sendsms');
    expect(sends).toHaveLength(9);
    expect(run.gammu.sends().map((send) => send.text)).toEqual(Array(9).fill('código 69'));

    const networkErrors = run.events('network_error', id);
    expect(networkErrors.map((line) => line.code)).toEqual(Array(8).fill(69));
    expect(networkErrors.map((line) => line.nextDelayMs)).toEqual([20, 40, 80, 80, 80, 80, 80, 80]);
    expect(networkErrors.map((line) => line.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The backoff was really waited: each retry started at least nextDelayMs after the refused one.
    for (const [i, line] of networkErrors.entries()) {
      expect(sends[i + 1]!.at - sends[i]!.at).toBeGreaterThanOrEqual(line.nextDelayMs as number);
    }

    expect(run.events('failed')).toEqual([]);
    expect(run.events('send_error')).toEqual([]);
    expect(run.events('sent', id)).toHaveLength(1);
    // Every lifecycle line carries the message id and a masked number, never the full one.
    for (const line of networkErrors) {
      expect(line).toMatchObject({ messageId: id, modemId: 'modem-network-retry', to: expect.stringMatching(/^\*+1234$/) });
    }
    expect(run.worker.output()).not.toContain('5511999991234');
    expect((await run.client.job(id))?.returnvalue).toMatchObject({ parts: 1, references: [9] });
  });

  it('with RETRY_NETWORK_CODES=69,42, error 42 is retried without limit too', async () => {
    const run = await harness.start({
      scenario: { sendsms: Array.from({ length: 5 }, () => ({ error: 42 })), sendsmsDefault: { ok: true } },
      env: { RETRY_NETWORK_CODES: '69,42', RETRY_OTHER_MAX_ATTEMPTS: '2' },
    });
    const id = await run.client.add('5511999990042', 'congestion');
    await run.waitForState(id, 'completed');

    expect(run.callsOf('sendsms')).toHaveLength(6);
    const networkErrors = run.events('network_error', id);
    expect(networkErrors.map((line) => line.code)).toEqual([42, 42, 42, 42, 42]);
    expect(networkErrors.map((line) => line.nextDelayMs)).toEqual([20, 40, 80, 80, 80]);
    expect(run.events('failed')).toEqual([]);
  });

  it('with the default RETRY_NETWORK_CODES, error 42 counts as an other failure and fails after the limit', async () => {
    const run = await harness.start({
      scenario: { sendsmsDefault: { error: 42 } },
      env: { RETRY_OTHER_MAX_ATTEMPTS: '2' },
    });
    const id = await run.client.add('5511999990042', 'congestion');
    await run.waitForState(id, 'failed');

    expect(run.callsOf('sendsms')).toHaveLength(2);
    expect(run.events('network_error')).toEqual([]);
    expect((await run.client.job(id))?.failedReason).toMatch(/error 42/);
  });
});
