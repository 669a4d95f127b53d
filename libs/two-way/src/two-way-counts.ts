import type { Redis } from 'ioredis';
import { twoWayKeys } from './two-way-keys';

/** How many numbers are opted out and how many received SMS are kept: two O(1) reads, for metrics. */
export async function readTwoWayCounts(redis: Redis, prefix: string): Promise<{ optOuts: number; inbound: number }> {
  const keys = twoWayKeys(prefix);
  const [optOuts, inbound] = await Promise.all([redis.hlen(keys.optOuts), redis.zcard(keys.inboundIndex)]);
  return { optOuts, inbound };
}
