import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '@sms-gateway/contracts';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix } from '@sms-gateway/testing';
import { InboundStore, InvalidCursorError, twoWayKeys } from '@sms-gateway/two-way';

const prefix = uniquePrefix('inbound-store');
let redis: Redis;
let store: InboundStore;

const message = (id: string, from: string, overrides: Partial<InboundMessage> = {}): InboundMessage => ({
  id,
  from,
  text: `text of ${id}`,
  receivedAt: '2026-12-06T10:00:00.000Z',
  storedAt: new Date().toISOString(),
  modemId: 'modem-1',
  parts: 1,
  complete: true,
  inReplyTo: null,
  ...overrides,
});

beforeAll(() => {
  redis = new Redis(SHARED_REDIS_URL);
  store = new InboundStore({ redis, prefix, retentionDays: 7, region: 'BR' });
});

afterAll(async () => {
  redis.disconnect();
  await deletePrefixKeys(SHARED_REDIS_URL, prefix);
});

describe('InboundStore', () => {
  it('stores a received SMS once, however often it is saved, and keeps the first copy', async () => {
    const first = message('dup-1', '+5511988887777', { inReplyTo: 'm-1' });
    await expect(store.save(first)).resolves.toEqual({ stored: true, message: first });
    const again = { ...first, storedAt: new Date(Date.now() + 5_000).toISOString(), inReplyTo: null };
    await expect(store.save(again)).resolves.toEqual({ stored: false, message: first });
    await expect(store.get('dup-1')).resolves.toEqual(first);
    const listed = await store.list({ limit: 100 });
    expect(listed.data.filter((m) => m.id === 'dup-1')).toHaveLength(1);
  });

  it('keeps it for MESSAGE_RETENTION_DAYS', async () => {
    await store.save(message('ttl-1', '+5511900000001'));
    const ttl = await redis.pttl(twoWayKeys(prefix).inboundMessage('ttl-1'));
    expect(ttl).toBeGreaterThan(7 * 24 * 60 * 60 * 1000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 60 * 60 * 1000);
  });

  it('answers undefined for an id that is not stored', async () => {
    await expect(store.get('nope')).resolves.toBeUndefined();
  });

  it('lists newest first, each SMS on exactly one page, undisturbed by SMS stored meanwhile', async () => {
    const local = new InboundStore({ redis, prefix: `${prefix}-paging`, retentionDays: 7 });
    for (let i = 0; i < 7; i += 1) await local.save(message(`p-${i}`, '+5511988880000'));
    const seen: string[] = [];
    let page = await local.list({ limit: 3 });
    seen.push(...page.data.map((m) => m.id));
    await local.save(message('p-late', '+5511988880000'));
    while (page.nextCursor) {
      page = await local.list({ limit: 3, cursor: page.nextCursor });
      seen.push(...page.data.map((m) => m.id));
    }
    expect(seen).toEqual(['p-6', 'p-5', 'p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
    expect((await local.list({ limit: 1 })).data[0]?.id).toBe('p-late');
    await deletePrefixKeys(SHARED_REDIS_URL, `${prefix}-paging`);
  });

  it('gives no nextCursor on the last page, even when it is full', async () => {
    const local = new InboundStore({ redis, prefix: `${prefix}-full`, retentionDays: 7 });
    for (let i = 0; i < 6; i += 1) await local.save(message(`x-${i}`, '+5511988880000'));
    const first = await local.list({ limit: 3 });
    expect(first.nextCursor).toBeDefined();
    const second = await local.list({ limit: 3, cursor: first.nextCursor! });
    expect(second).toEqual({ data: [expect.objectContaining({ id: 'x-2' }), expect.objectContaining({ id: 'x-1' }), expect.objectContaining({ id: 'x-0' })] });
    await deletePrefixKeys(SHARED_REDIS_URL, `${prefix}-full`);
  });

  it('filters by sender, matching the national and international spellings of one number', async () => {
    const local = new InboundStore({ redis, prefix: `${prefix}-from`, retentionDays: 7, region: 'BR' });
    await local.save(message('f-1', '+5511977776666'));
    await local.save(message('f-2', '+5521900001111'));
    await local.save(message('f-3', '011977776666'));
    const national = await local.list({ limit: 10, from: '(11) 97777-6666' });
    expect(national.data.map((m) => m.id)).toEqual(['f-3', 'f-1']);
    const international = await local.list({ limit: 10, from: '+55 11 97777-6666' });
    expect(international.data.map((m) => m.id)).toEqual(['f-3', 'f-1']);
    await deletePrefixKeys(SHARED_REDIS_URL, `${prefix}-from`);
  });

  it('skips SMS whose retention ended', async () => {
    const local = new InboundStore({ redis, prefix: `${prefix}-gone`, retentionDays: 7 });
    await local.save(message('g-1', '+5511988880000'));
    await local.save(message('g-2', '+5511988880000'));
    await redis.del(twoWayKeys(`${prefix}-gone`).inboundMessage('g-2'));
    expect((await local.list({ limit: 1 })).data.map((m) => m.id)).toEqual(['g-1']);
    await deletePrefixKeys(SHARED_REDIS_URL, `${prefix}-gone`);
  });

  it('refuses a cursor it never handed out', async () => {
    await expect(store.list({ limit: 1, cursor: 'abc' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
