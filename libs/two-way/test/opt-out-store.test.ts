import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix } from '@sms-gateway/testing';
import { OptOutStore } from '@sms-gateway/two-way';

const prefix = uniquePrefix('opt-out-store');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(SHARED_REDIS_URL);
});

afterAll(async () => {
  redis.disconnect();
  await deletePrefixKeys(SHARED_REDIS_URL, prefix);
});

describe('OptOutStore', () => {
  it('with PHONE_DEFAULT_REGION, treats national and international spellings of a number as one', async () => {
    const store = new OptOutStore({ redis, prefix: `${prefix}-br`, region: 'BR' });
    await store.optOut('+55 11 98888-7777', 'keyword', new Date('2026-12-06T10:00:00Z'));
    await expect(store.isOptedOut('11 98888-7777')).resolves.toBe(true);
    await expect(store.isOptedOut('(11) 98888-7777')).resolves.toBe(true);
    await expect(store.isOptedOut('5511988887777')).resolves.toBe(true);
    await expect(store.isOptedOut('11 98888-7778')).resolves.toBe(false);
    await expect(store.optIn('011988887777')).resolves.toBe(true);
    await expect(store.isOptedOut('+5511988887777')).resolves.toBe(false);
  });

  it('without a region, compares digits only', async () => {
    const store = new OptOutStore({ redis, prefix: `${prefix}-digits` });
    await store.optOut('+55 11 98888-7777', 'api');
    await expect(store.isOptedOut('5511988887777')).resolves.toBe(true);
    await expect(store.isOptedOut('11988887777')).resolves.toBe(false);
  });

  it('keeps the first record when a number opts out twice, and lists the newest first', async () => {
    const store = new OptOutStore({ redis, prefix: `${prefix}-list`, region: 'BR' });
    const first = await store.optOut('+5511988887777', 'keyword', new Date('2026-12-06T10:00:00Z'));
    expect(first).toEqual({
      created: true,
      record: { number: '+5511988887777', comparable: '5511988887777', source: 'keyword', optedOutAt: '2026-12-06T10:00:00.000Z' },
    });
    const again = await store.optOut('11988887777', 'api', new Date('2026-12-06T11:00:00Z'));
    expect(again).toEqual({ created: false, record: first.record });
    await store.optOut('+5521977776666', 'api', new Date('2026-12-06T12:00:00Z'));
    expect((await store.list()).map((record) => record.number)).toEqual(['+5521977776666', '+5511988887777']);
    await expect(store.optIn('+5599999999999')).resolves.toBe(false);
  });
});
