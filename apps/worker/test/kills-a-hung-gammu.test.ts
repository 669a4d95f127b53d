import { describe, expect, it } from 'vitest';
import { waitFor } from '@sms-gateway/testing';
import { HUNG_SEND_TIMEOUT_MS, isAlive, useWorkerHarness } from './support/worker-harness';

describe('worker: a gammu that never finishes', () => {
  const harness = useWorkerHarness('hung-gammu');

  it('when gammu hangs on sendsms, it is killed after GAMMU_SEND_TIMEOUT_MS, counted as an other failure, and a later success completes the message', async () => {
    const run = await harness.start({
      scenario: { sendsms: [{ hang: true }], sendsmsDefault: { ok: true } },
      env: { GAMMU_SEND_TIMEOUT_MS: String(HUNG_SEND_TIMEOUT_MS) },
    });
    const id = await run.client.add('+5511999991234', 'travou');
    await run.waitForState(id, 'completed');

    const sends = run.callsOf('sendsms');
    expect(sends).toHaveLength(2);
    const hung = sends[0]!;
    // Killed, not left behind: the hung process is gone (the runner kills its whole process group).
    await waitFor(`hung fake gammu (pid ${hung.pid}) to be gone`, () => !isAlive(hung.pid), { timeoutMs: 3_000 });
    expect(() => process.kill(hung.pid, 0)).toThrow();

    const sendErrors = run.events('send_error', id);
    // The hung run was given the whole timeout: from the attempt (logged before the spawn) to its failure.
    const firstAttemptAt = Date.parse(String(run.events('attempt', id)[0]?.timestamp));
    expect(Date.parse(String(sendErrors[0]?.timestamp)) - firstAttemptAt).toBeGreaterThanOrEqual(HUNG_SEND_TIMEOUT_MS);
    expect(sendErrors).toEqual([expect.objectContaining({ outcome: 'retrying', failure: 'timeout', otherFailures: 1, attempt: 1 })]);
    expect(String(sendErrors[0]?.error)).toMatch(/did not finish within \d+ ms and was killed/);
    expect(run.events('failed')).toEqual([]);
    expect(run.events('sent', id)).toEqual([expect.objectContaining({ attempt: 2 })]);
  });

  it('when gammu hangs on every send, the message fails for good after RETRY_OTHER_MAX_ATTEMPTS timeouts', async () => {
    const run = await harness.start({
      scenario: { sendsmsDefault: { hang: true } },
      env: { GAMMU_SEND_TIMEOUT_MS: String(HUNG_SEND_TIMEOUT_MS), RETRY_OTHER_MAX_ATTEMPTS: '2' },
    });
    const id = await run.client.add('5511999990000', 'sempre travado');
    await run.waitForState(id, 'failed', 15_000);

    const sends = run.callsOf('sendsms');
    expect(sends).toHaveLength(2);
    await waitFor('every hung fake gammu to be gone', () => sends.every((call) => !isAlive(call.pid)), { timeoutMs: 3_000 });
    expect((await run.client.job(id))?.failedReason).toMatch(/did not finish within/);
    expect(run.events('failed', id)).toEqual([expect.objectContaining({ outcome: 'failed', failure: 'timeout' })]);
  });
});
