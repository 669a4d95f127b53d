import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_REDIS_URL } from '@sms-gateway/testing';
import { DeliveryStore, type ReportOutcome } from '@sms-gateway/two-way';
import { TOKEN } from './api-harness';
import { useV1Stack } from './v1-harness';

const auth = { authorization: `Bearer ${TOKEN}` };

// A sent message's delivery reports, recorded as the worker's inbox poller records them, as the v1 API shows them.
describe('delivery reports on GET /v1/messages', () => {
  const stack = useV1Stack();
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(() => redis.disconnect());

  it('shows a sent message delivered, undelivered or still pending, with the transition times, and lists and filters it so', async () => {
    const api = await stack.startApi();
    await stack.startWorker(api.prefix);
    const deliveries = new DeliveryStore({ redis, prefix: api.prefix, windowMs: 60_000, replyWindowMs: 60_000, retentionDays: 1 });
    const send = async (to: string, text: string) => {
      const id = await api.client.accept({ to, text });
      const view = await api.client.waitForStatus(id, 'sent');
      // What the worker records once gammu says sent: a reference per part.
      const references = Array.from({ length: view.segments }, (_, part) => 100 + part);
      await deliveries.recordSend({ messageId: id, to, references, parts: references.length, sentAt: new Date() });
      return { id, references };
    };
    const report = async (to: string, reference: number, outcome: ReportOutcome, at: string, detail: string) => {
      const match = await deliveries.match({ number: to, reference });
      if (!match) throw new Error(`no send matches ${to} / ${reference}`);
      return deliveries.recordReport(match, { outcome, at, detail });
    };

    const reached = await send('5511900000001', 'Lembrete: consulta amanhã');
    const lost = await send('5511900000002', 'x'.repeat(300)); // two parts
    const waiting = await send('5511900000003', 'oi');
    expect(await api.client.view(waiting.id)).not.toHaveProperty('delivery');

    await report('5511900000001', reached.references[0]!, 'delivered', '2026-12-06T10:00:05.000Z', 'Delivered');
    await report('5511900000002', lost.references[0]!, 'delivered', '2026-12-06T10:00:06.000Z', 'Delivered');
    await report('5511900000002', lost.references[1]!, 'failed', '2026-12-06T10:00:07.000Z', 'Failed');
    await report('5511900000003', waiting.references[0]!, 'pending', '2026-12-06T10:00:08.000Z', 'Temporary failure, retrying');

    const delivered = await api.client.view(reached.id);
    expect(delivered).toMatchObject({ status: 'delivered', delivery: { status: 'delivered', at: '2026-12-06T10:00:05.000Z', detail: 'Delivered' } });
    expect(delivered.transitions).toMatchObject({ sent: expect.any(String), delivered: '2026-12-06T10:00:05.000Z' });
    const undelivered = await api.client.view(lost.id);
    expect(undelivered).toMatchObject({ status: 'undelivered', delivery: { status: 'undelivered', detail: 'Failed' }, transitions: { undelivered: '2026-12-06T10:00:07.000Z' } });
    const pending = await api.client.view(waiting.id);
    expect(pending).toMatchObject({ status: 'sent', delivery: { status: 'pending', detail: 'Temporary failure, retrying' } });
    expect(pending.transitions).not.toHaveProperty('delivered');

    // Final: a later report does not change a delivered message.
    await report('5511900000001', reached.references[0]!, 'failed', '2026-12-06T10:01:00.000Z', 'Failed');
    expect(await api.client.view(reached.id)).toMatchObject({ status: 'delivered', transitions: { delivered: '2026-12-06T10:00:05.000Z' } });

    const list = async (query: string) => {
      const page = (await (await fetch(`${api.url}/v1/messages?${query}`, { headers: auth })).json()) as { data: { id: string; status: string }[] };
      return page.data.map((message) => `${message.id}:${message.status}`).sort();
    };
    expect(await list('limit=10')).toEqual([`${reached.id}:delivered`, `${lost.id}:undelivered`, `${waiting.id}:sent`].sort());
    expect(await list('status=delivered')).toEqual([`${reached.id}:delivered`]);
    expect(await list('status=undelivered')).toEqual([`${lost.id}:undelivered`]);
    expect(await list('status=sent')).toEqual([`${waiting.id}:sent`]);
  });
});
