import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix } from '@sms-gateway/testing';
import { OptOutLookup } from '../src/opt-out-lookup';
import { OptOutStore } from '../src/opt-out-store';

describe('OptOutLookup', () => {
  const prefix = uniquePrefix('opt-out-lookup');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
  });

  it('flags each recipient the store opted out, in any spelling of the number, in one read', async () => {
    const store = new OptOutStore({ redis, prefix, region: 'BR' });
    await store.optOut('+55 11 98888-7777', 'keyword');
    const lookup = new OptOutLookup({ redis, prefix, region: 'BR' });
    expect(await lookup.optedOut(['11 98888-7777', '+5511977776666', '5511988887777', '011988887777'])).toEqual([true, false, true, true]);
    expect(await lookup.optedOut([])).toEqual([]);
  });
});
