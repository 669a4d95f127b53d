import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix } from '@sms-gateway/testing';
import { IdempotencyStore, QueueUnavailableError, type StoredAnswer } from '../src/index';

const accepted = (id: string): StoredAnswer => ({ status: 202, body: { id } });

describe('IdempotencyStore (real Redis)', () => {
  const prefix = uniquePrefix('idem-store');
  let redis: Redis;
  let store: IdempotencyStore;
  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    store = new IdempotencyStore(redis, prefix);
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
  });

  it('runs the first request, replays its answer to repeats without running again, and refuses another request with the key', async () => {
    let runs = 0;
    const produce = async () => accepted(`m-${++runs}`);
    expect(await store.run('k1', { to: '1', text: 'a' }, produce)).toEqual({ kind: 'fresh', answer: accepted('m-1') });
    expect(await store.run('k1', { text: 'a', to: '1' }, produce)).toEqual({ kind: 'replayed', answer: accepted('m-1') });
    expect(await store.run('k1', { to: '1', text: 'b' }, produce)).toEqual({ kind: 'conflict' });
    expect(runs).toBe(1);
  });

  it('frees the key when the first request fails or its answer is not kept, so a retry runs', async () => {
    await expect(store.run('k2', 'x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.run('k2', 'x', async () => ({ status: 422, body: { error: 'invalid' } }))).toMatchObject({ kind: 'fresh' });
    expect(await store.run('k2', 'x', async () => accepted('m-2'))).toEqual({ kind: 'fresh', answer: accepted('m-2') });
    expect(await store.run('k2', 'x', async () => accepted('m-3'))).toEqual({ kind: 'replayed', answer: accepted('m-2') });
  });

  it('makes a concurrent duplicate wait for the first answer', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const first = store.run('k3', 'x', async () => {
      await slow;
      return accepted('m-4');
    });
    const second = store.run('k3', 'x', async () => accepted('never'));
    setTimeout(release, 200);
    expect(await Promise.all([first, second])).toEqual([
      { kind: 'fresh', answer: accepted('m-4') },
      { kind: 'replayed', answer: accepted('m-4') },
    ]);
  });

  it('turns an unreachable Redis into QueueUnavailableError (a 503), never another error', async () => {
    const down = new Redis({ port: 1, enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 0 });
    await expect(new IdempotencyStore(down, prefix).run('k4', 'x', async () => accepted('m'))).rejects.toBeInstanceOf(QueueUnavailableError);
    down.disconnect();
  });
});
