import { describe, expect, it } from 'vitest';
import { waitFor } from '@sms-gateway/testing';
import { isAlive, useWorkerHarness } from './support/worker-harness';

describe('worker: a gammu that never finishes', () => {
  const harness = useWorkerHarness('hung-gammu');

  it('when gammu hangs on sendsms, it is killed after GAMMU_SEND_TIMEOUT_MS, counted as an other failure, and a later success completes the message', async () => {
    const run = await harness.start({
      scenario: { sendsms: [{ hang: true }], sendsmsDefault: { ok: true } },
      env: { GAMMU_SEND_TIMEOUT_MS: '300' },
    });
    const id = await run.client.add('+5511999991234', 'travou');
    await run.waitForState(id, 'completed');

    const sends = run.callsOf('sendsms');
    expect(sends).toHaveLength(2);
    const hung = sends[0]!;
    // Killed, not left behind: the hung process is gone (the runner kills its whole process group).
    await waitFor(`hung fake gammu (pid ${hung.pid}) to be gone`, () => !isAlive(hung.pid), { timeoutMs: 3_000 });
    expect(() => process.kill(hung.pid, 0)).toThrow();
    // It ran for the timeout before the retry started (timeout 300 ms + retry delay 20 ms).
    expect(sends[1]!.at - hung.at).toBeGreaterThanOrEqual(300);

    const sendErrors = run.events('send_error', id);
    expect(sendErrors).toEqual([expect.objectContaining({ outcome: 'retrying', failure: 'timeout', otherFailures: 1, attempt: 1 })]);
    expect(String(sendErrors[0]?.error)).toMatch(/did not finish within \d+ ms and was killed/);
    expect(run.events('failed')).toEqual([]);
    expect(run.events('sent', id)).toEqual([expect.objectContaining({ attempt: 2 })]);
  });

  it('when gammu hangs on every send, the message fails for good after RETRY_OTHER_MAX_ATTEMPTS timeouts', async () => {
    const run = await harness.start({
      scenario: { sendsmsDefault: { hang: true } },
      env: { GAMMU_SEND_TIMEOUT_MS: '300', RETRY_OTHER_MAX_ATTEMPTS: '2' },
    });
    const id = await run.client.add('5511999990000', 'sempre travado');
    await run.waitForState(id, 'failed');

    const sends = run.callsOf('sendsms');
    expect(sends).toHaveLength(2);
    await waitFor('every hung fake gammu to be gone', () => sends.every((call) => !isAlive(call.pid)), { timeoutMs: 3_000 });
    expect((await run.client.job(id))?.failedReason).toMatch(/did not finish within/);
    expect(run.events('failed', id)).toEqual([expect.objectContaining({ outcome: 'failed', failure: 'timeout' })]);
  });
});
