import type { Redis } from 'ioredis';

const firstReady = new WeakMap<Redis, Promise<void>>();

/**
 * Resolves once the connection is ready, when it is not yet, as BullMQ's own commands wait for
 * their connection at start: a command sent right after start on a connection without an
 * offline queue would fail at once. One listener per connection, however many callers wait.
 * (Only the first connect is waited for: during a later outage commands fail fast.)
 */
export function untilReady(redis: Redis): Promise<void> | undefined {
  if (redis.status === 'ready') return undefined;
  let ready = firstReady.get(redis);
  if (!ready) {
    ready = new Promise((resolve) => redis.once('ready', () => resolve()));
    firstReady.set(redis, ready);
  }
  return ready;
}
