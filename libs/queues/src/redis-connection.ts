import { Redis, type RedisOptions } from 'ioredis';

/**
 * For producers (the API): fail fast instead of buffering commands while Redis is
 * away, so a request gets a 503 rather than a 202 for a job that is not stored.
 */
export function createProducerConnection(redisUrl: string, options: RedisOptions = {}): Redis {
  return new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...options,
  });
}

/** For workers: BullMQ's blocking commands need `maxRetriesPerRequest: null`; reconnect forever. */
export function createWorkerConnection(redisUrl: string, options: RedisOptions = {}): Redis {
  return new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
    ...options,
  });
}
