import type { Redis } from 'ioredis';
import type { SendSmsJobData, SmsJobName } from '@sms-gateway/contracts';
import type { SmsQueue } from './sms-queue';
import { QueueUnavailableError } from './queue-unavailable.error';
import { markRefused } from './refused-jobs';

export interface SmsJobRequest {
  readonly id: string;
  readonly name: SmsJobName;
  readonly data: SendSmsJobData;
  /** Milliseconds to hold the job back (v1 `sendAt`). */
  readonly delayMs?: number;
}

/**
 * Stores jobs in Redis and gives up after `timeoutMs`, so a caller never waits on an
 * unreachable Redis. A resolved promise means the job is stored.
 *
 * Each job is written the moment it is asked for, with `Queue.add`. The jobs of concurrent
 * requests (or of one bulk request) still share one round trip, since ioredis pipelines
 * commands on its connection without waiting for replies. `Queue.addBulk` would also do that,
 * but it builds an ioredis `Pipeline` per call, which costs as much CPU as two adds and holds
 * every write back until the last job is queued (docs/BENCHMARKS.md, change 7).
 */
export class JobEnqueuer {
  constructor(
    private readonly queue: SmsQueue,
    private readonly timeoutMs: number,
    /** The queue's own connection, so the withdrawal follows the add on the same socket. */
    private readonly redis: Redis,
  ) {}

  enqueue(job: SmsJobRequest): Promise<void> {
    // Whichever comes first, the add or the timeout, settles the promise; the other is ignored.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new QueueUnavailableError(`Redis did not store the job within ${this.timeoutMs} ms`));
        void this.withdraw(job.id);
      }, this.timeoutMs);
      this.queue
        .add(job.name, job.data, { jobId: job.id, ...(job.delayMs ? { delay: job.delayMs } : {}) })
        .then(
          () => resolve(),
          (cause: unknown) => reject(new QueueUnavailableError('Redis refused the job', { cause })),
        )
        .finally(() => clearTimeout(timer));
    });
  }

  /**
   * The caller answers 503, but a stalled Redis may still apply the add later: remove the
   * job and mark it refused (for a worker that grabs it in between), queued right behind
   * the add on the same connection. Best effort: if Redis is gone, so is the add.
   */
  private async withdraw(jobId: string): Promise<void> {
    try {
      await Promise.all([markRefused(this.redis, this.queue.opts.prefix ?? 'bull', [jobId]), this.queue.remove(jobId)]);
    } catch {
      // Redis unreachable: the add failed as well.
    }
  }
}
