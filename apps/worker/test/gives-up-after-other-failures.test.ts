import { describe, expect, it } from 'vitest';
import { waitFor, type SendStep } from '@sms-gateway/testing';
import { useWorkerHarness } from './support/worker-harness';

const DEVICE_MISSING: SendStep = { exit: 104 }; // prints "Error opening device, it doesn't exist."

// RETRY_OTHER_MAX_ATTEMPTS=3 (FAST_WORKER_ENV), RETRY_NETWORK_CODES=69.
describe('worker: other send failures', () => {
  const harness = useWorkerHarness('other-failures');

  it.each([
    { what: 'gammu exits 104 (device missing)', step: DEVICE_MISSING, reason: /Error opening device, it doesn't exist/ },
    { what: 'the network refuses with error 38 (not a retry-forever code)', step: { error: 38 }, reason: /error 38/ },
  ])('when $what every time, the message fails after exactly 3 sends and can be retried later', async ({ step, reason }) => {
    const run = await harness.start({ scenario: { sendsmsDefault: step } });
    const id = await run.client.add('+5511999991234', 'vai falhar');
    await run.waitForState(id, 'failed');

    expect(run.callsOf('sendsms')).toHaveLength(3);
    const job = await run.client.job(id);
    expect(job?.failedReason).toMatch(reason);
    const failed = run.events('failed', id);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempt: 3, otherFailures: 3, to: expect.stringMatching(/1234$/) });
    expect(failed[0]?.to).not.toContain('99999');
    expect(run.events('send_error', id).map((line) => line.otherFailures)).toEqual([1, 2]);

    // The modem is fixed; an operator retries the failed message (as Bull Board does).
    run.gammu.script({ sendsmsDefault: { ok: true } });
    await job!.retry('failed');
    await run.waitForState(id, 'completed');
    expect(run.callsOf('sendsms')).toHaveLength(4);
    expect(run.gammu.sends().at(-1)).toMatchObject({ to: '+5511999991234', text: 'vai falhar' });
    expect(run.events('sent', id)).toHaveLength(1);
  });

  it('a failed message retried by hand while the modem still fails gets a fresh budget of 3 sends', async () => {
    const run = await harness.start({ scenario: { sendsmsDefault: DEVICE_MISSING } });
    const id = await run.client.add('+5511999991234', 'ainda falha');
    await run.waitForState(id, 'failed');
    await (await run.client.job(id))!.retry('failed');
    await waitFor('the retried message to fail again', () => run.events('failed', id).length === 2);
    expect(run.callsOf('sendsms')).toHaveLength(6);
    expect(run.events('send_error', id).map((line) => line.otherFailures)).toEqual([1, 2, 1, 2]);
  });

  it('a network-code failure resets the count: other, other, 69, other, other, ok is sent', async () => {
    const run = await harness.start({
      scenario: { sendsms: [DEVICE_MISSING, DEVICE_MISSING, { error: 69 }, DEVICE_MISSING, DEVICE_MISSING, { ok: true }] },
    });
    const id = await run.client.add('5511999990069', 'quase');
    await run.waitForState(id, 'completed');

    expect(run.callsOf('sendsms')).toHaveLength(6);
    expect(run.events('failed')).toEqual([]);
    const failures = run
      .worker.logs()
      .filter((line) => line.messageId === id && (line.event === 'send_error' || line.event === 'network_error'))
      .map((line) => (line.event === 'network_error' ? `network ${String(line.code)}` : `other ${String(line.otherFailures)}`));
    expect(failures).toEqual(['other 1', 'other 2', 'network 69', 'other 1', 'other 2']);
    expect(run.events('sent', id)).toHaveLength(1);
  });
});
