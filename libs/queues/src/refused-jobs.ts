import type { Redis } from 'ioredis';

/** How long a refusal is remembered: far longer than any Redis stall the API could outlast. */
const REFUSAL_TTL_SECONDS = 24 * 60 * 60;

const refusedKey = (prefix: string, jobId: string) => `${prefix}:refused:${jobId}`;

/**
 * Records that the API answered 503 for these jobs. When Redis stalls instead of failing, the
 * add the API gave up on can still be applied later; this marker (sent on the same connection,
 * so it lands right after the add) tells workers never to send such a job.
 */
export async function markRefused(redis: Redis, prefix: string, jobIds: readonly string[]): Promise<void> {
  const multi = redis.multi();
  for (const id of jobIds) multi.set(refusedKey(prefix, id), '1', 'EX', REFUSAL_TTL_SECONDS);
  await multi.exec();
}

export async function isRefused(redis: Redis, prefix: string, jobId: string): Promise<boolean> {
  return (await redis.exists(refusedKey(prefix, jobId))) === 1;
}
