import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SMS_JOB_NAMES } from '@sms-gateway/contracts';
import { useWorkerHarness } from './support/worker-harness';

describe('worker: a stored job that can never be sent', () => {
  const harness = useWorkerHarness('invalid-job');

  it.each([
    ['a number starting with "-" (an option to gammu)', { to: '-h', text: 'oi' }],
    ['a text with NUL', { to: '5511999990006', text: 'a\u0000b' }],
    ['a number with letters', { to: '55abc', text: 'oi' }],
  ])('a job edited to hold %s fails for good at once, without running gammu, with a clear last error', async (_name, fields) => {
    const run = await harness.start();
    const id = randomUUID();
    // As if edited in the dashboard or written to Redis by hand: the API would never store it.
    await run.client.queue.add(
      SMS_JOB_NAMES.send,
      { ...fields, encoding: 'gsm7', segments: 1, source: 'enviar-sms', acceptedAt: new Date().toISOString() },
      { jobId: id },
    );

    await run.waitForState(id, 'failed', 10_000);
    const job = await run.client.job(id);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.progress).toMatchObject({ state: 'failed', lastError: { kind: 'invalid' } });
    expect(run.callsOf('sendsms')).toEqual([]);
  });
});
