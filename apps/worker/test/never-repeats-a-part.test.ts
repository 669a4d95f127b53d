import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from './support/worker-harness';

const LONG_TEXT = 'Lembrete: '.repeat(40); // 400 characters: a 3-part SMS

describe('worker: a later part of a multipart SMS refused', () => {
  const harness = useWorkerHarness('multipart');

  it('when part 2 of 3 is refused with error 69 after part 1 went out, the message fails as partially sent and gammu never sends it again', async () => {
    const run = await harness.start({ scenario: { sendsms: [{ error: 69, partsOk: 1, of: 3 }], sendsmsDefault: { ok: true } } });
    const id = await run.client.add('5511999990004', LONG_TEXT);

    await run.waitForState(id, 'failed', 15_000);
    expect(run.callsOf('sendsms')).toHaveLength(1);
    const job = await run.client.job(id);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.progress).toMatchObject({ state: 'failed', lastError: { kind: 'partially_sent', partsSent: { sent: 1, of: 3 } } });
    expect(run.events('failed', id)).toEqual([expect.objectContaining({ failure: 'partially_sent' })]);
  });

  it('when the first part is refused with error 69 nothing went out, so it is retried until sent', async () => {
    const run = await harness.start({ scenario: { sendsms: [{ error: 69 }, { error: 69 }], sendsmsDefault: { ok: true } } });
    const id = await run.client.add('5511999990005', LONG_TEXT);

    await run.waitForState(id, 'completed', 15_000);
    expect(run.callsOf('sendsms')).toHaveLength(3);
  });
});
