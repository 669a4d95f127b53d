import { Redis } from 'ioredis';

/**
 * Deletes every Redis key under `<prefix>:` (both queues, idempotency keys, markers), so a
 * test leaves nothing behind. Bounded: gives up quietly when Redis is unreachable.
 */
export async function deletePrefixKeys(redisUrl: string, prefix: string, timeoutMs = 5_000): Promise<void> {
  if (!/^test-/.test(prefix)) throw new Error(`refusing to delete keys of a prefix not made by uniquePrefix: ${prefix}`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: timeoutMs, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const deadline = Date.now() + timeoutMs;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0' && Date.now() < deadline);
  } catch {
    // Redis is down (a fault test): nothing more to clean.
  } finally {
    redis.disconnect();
  }
}
