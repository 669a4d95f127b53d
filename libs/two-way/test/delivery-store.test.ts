import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix } from '@sms-gateway/testing';
import { DeliveryStore, type PartReport } from '@sms-gateway/two-way';

const prefix = uniquePrefix('delivery-store');
const HOUR = 60 * 60 * 1000;
let redis: Redis;
let store: DeliveryStore;

const report = (outcome: PartReport['outcome'], at: string, detail = `${outcome} detail`): PartReport => ({ outcome, at, detail });

beforeAll(() => {
  redis = new Redis(SHARED_REDIS_URL);
  store = new DeliveryStore({ redis, prefix, windowMs: 48 * HOUR, replyWindowMs: 72 * HOUR, retentionDays: 7 });
});

afterAll(async () => {
  redis.disconnect();
  await deletePrefixKeys(SHARED_REDIS_URL, prefix);
});

describe('DeliveryStore', () => {
  it('matches a report to the latest send to that number with that reference, in any spelling of the number', async () => {
    const now = Date.now();
    await store.recordSend({ messageId: 'old', to: '11988880001', references: [17], parts: 1, sentAt: new Date(now - 2 * HOUR) });
    await store.recordSend({ messageId: 'new', to: '11988880001', references: [17], parts: 1, sentAt: new Date(now - HOUR) });
    await store.recordSend({ messageId: 'other-ref', to: '11988880001', references: [18], parts: 1, sentAt: new Date(now - 60_000) });
    await store.recordSend({ messageId: 'other-number', to: '11988880002', references: [17], parts: 1, sentAt: new Date(now - 60_000) });
    await expect(store.match({ number: '+5511988880001', reference: 17 })).resolves.toEqual({ messageId: 'new', part: 0 });
    await expect(store.match({ number: '+5511988880001', reference: 99 })).resolves.toBeUndefined();
  });

  it('does not match a send older than DELIVERY_REPORT_WINDOW_MS', async () => {
    const local = new DeliveryStore({ redis, prefix, windowMs: HOUR, replyWindowMs: HOUR, retentionDays: 7 });
    await local.recordSend({ messageId: 'stale', to: '+5511988880003', references: [40], parts: 1, sentAt: new Date(Date.now() - 2 * HOUR) });
    await expect(local.match({ number: '+5511988880003', reference: 40 })).resolves.toBeUndefined();
  });

  it('a single part: delivered is final, and a later report changes nothing', async () => {
    await store.recordSend({ messageId: 'single', to: '+5511988880004', references: [5], parts: 1, sentAt: new Date() });
    const match = await store.match({ number: '+5511988880004', reference: 5 });
    expect(match).toEqual({ messageId: 'single', part: 0 });
    await expect(store.get('single')).resolves.toBeUndefined();
    const delivered = await store.recordReport(match!, report('delivered', '2026-12-06T10:00:01.000Z', 'SM received by the SME'));
    expect(delivered).toEqual({ final: true, delivery: { status: 'delivered', at: '2026-12-06T10:00:01.000Z', detail: 'SM received by the SME' } });
    await store.recordReport(match!, report('failed', '2026-12-06T10:00:05.000Z'));
    await expect(store.get('single')).resolves.toEqual(delivered.delivery);
  });

  it('a pending report leaves the message sent with the detail recorded', async () => {
    await store.recordSend({ messageId: 'pending', to: '+5511988880005', references: [6], parts: 1, sentAt: new Date() });
    const match = await store.match({ number: '+5511988880005', reference: 6 });
    const result = await store.recordReport(match!, report('pending', '2026-12-06T10:00:02.000Z', 'Temporary error, SC still trying'));
    expect(result).toEqual({ final: false, delivery: { status: 'pending', at: '2026-12-06T10:00:02.000Z', detail: 'Temporary error, SC still trying' } });
    const delivered = await store.recordReport(match!, report('delivered', '2026-12-06T10:00:09.000Z'));
    expect(delivered.delivery.status).toBe('delivered');
  });

  it('multipart: delivered once every part is, undelivered as soon as one part failed', async () => {
    await store.recordSend({ messageId: 'three', to: '+5511988880006', references: [10, 11, 12], parts: 3, sentAt: new Date() });
    const number = '+5511988880006';
    const part2 = await store.match({ number, reference: 12 });
    expect(part2).toEqual({ messageId: 'three', part: 2 });
    expect((await store.recordReport(part2!, report('delivered', '2026-12-06T10:00:01.000Z'))).delivery.status).toBe('pending');
    expect((await store.recordReport((await store.match({ number, reference: 10 }))!, report('delivered', '2026-12-06T10:00:02.000Z'))).final).toBe(false);
    const last = await store.recordReport((await store.match({ number, reference: 11 }))!, report('delivered', '2026-12-06T10:00:03.000Z'));
    expect(last).toMatchObject({ final: true, delivery: { status: 'delivered', at: '2026-12-06T10:00:03.000Z' } });

    await store.recordSend({ messageId: 'three-failed', to: '+5511988880007', references: [20, 21, 22], parts: 3, sentAt: new Date() });
    const failed = await store.recordReport((await store.match({ number: '+5511988880007', reference: 21 }))!, report('failed', '2026-12-06T10:00:04.000Z'));
    expect(failed).toMatchObject({ final: true, delivery: { status: 'undelivered', at: '2026-12-06T10:00:04.000Z' } });
  });

  it('multipart with one reference on every part (the dummy driver): each report takes the next part', async () => {
    await store.recordSend({ messageId: 'same-ref', to: '+5511988880008', references: [255, 255, 255], parts: 3, sentAt: new Date() });
    const parts: number[] = [];
    let last;
    for (const second of [1, 2, 3]) {
      const match = await store.match({ number: '+5511988880008', reference: 255 });
      parts.push(match!.part);
      last = await store.recordReport(match!, report('delivered', `2026-12-06T10:00:0${second}.000Z`));
    }
    expect(parts).toEqual([0, 1, 2]);
    expect(last?.delivery.status).toBe('delivered');
  });

  it('finds the latest message sent to a number within REPLY_WINDOW_MS, for replies', async () => {
    const now = Date.now();
    await store.recordSend({ messageId: 'reminder-1', to: '11988880009', references: [1], parts: 1, sentAt: new Date(now - 3 * HOUR) });
    await store.recordSend({ messageId: 'reminder-2', to: '11988880009', references: [2], parts: 1, sentAt: new Date(now - 2 * HOUR) });
    await expect(store.latestSendTo('+5511988880009', now)).resolves.toBe('reminder-2');
    await expect(store.latestSendTo('+5511988880010', now)).resolves.toBeUndefined();
    const short = new DeliveryStore({ redis, prefix, windowMs: HOUR, replyWindowMs: HOUR, retentionDays: 7 });
    await expect(short.latestSendTo('+5511988880009', now)).resolves.toBeUndefined();
  });
});
