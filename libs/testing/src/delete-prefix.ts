import { Redis } from 'ioredis';

/**
 * Deletes every key under `<prefix>:` — the queues of that prefix and whatever else the apps
 * stored next to them — so a test leaves the shared Redis as it found it. Gives up silently
 * after `timeoutMs` (a test may leave its Redis down) and returns how many keys it deleted.
 */
export async function deleteKeysWithPrefix(redisUrl: string, prefix: string, { timeoutMs = 5_000 } = {}): Promise<number> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null });
  client.on('error', () => undefined);
  const work = async () => {
    await client.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work(), new Promise<number>((resolve) => (timer = setTimeout(() => resolve(0), timeoutMs)))]);
  } catch {
    return 0;
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
