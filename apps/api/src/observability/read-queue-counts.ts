import type { QueueJobCounts } from '@sms-gateway/metrics';
import { withTimeout } from './with-timeout';

/** What this needs of a BullMQ queue. */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(): Promise<Record<string, number>>;
}

/**
 * Reads the job counts of every queue by state for a scrape, giving up after `timeoutMs`
 * so that a scrape never hangs on an unreachable Redis.
 */
export function queueCountsReader(queues: readonly CountableQueue[], timeoutMs: number): () => Promise<QueueJobCounts> {
  return async () => {
    const counts = await withTimeout(Promise.all(queues.map((queue) => queue.getJobCounts())), timeoutMs, 'Redis');
    return Object.fromEntries(queues.map((queue, index) => [queue.name, counts[index] ?? {}]));
  };
}
