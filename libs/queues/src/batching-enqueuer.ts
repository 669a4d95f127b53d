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

interface Pending {
  readonly job: SmsJobRequest;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Stores jobs in Redis, coalescing the requests of one event-loop turn into a single
 * `addBulk` (one MULTI round trip), and gives up after `timeoutMs` so a caller never
 * waits on an unreachable Redis. A resolved promise means the job is stored.
 */
export class BatchingEnqueuer {
  private pending: Pending[] = [];

  constructor(
    private readonly queue: SmsQueue,
    private readonly timeoutMs: number,
    /** The queue's own connection, so the withdrawal follows the add on the same socket. */
    private readonly redis: Redis,
  ) {}

  enqueue(job: SmsJobRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      const error = new QueueUnavailableError(`Redis did not store the job within ${this.timeoutMs} ms`);
      for (const item of batch) item.reject(error);
      void this.withdraw(batch.map(({ job }) => job.id));
    }, this.timeoutMs);
    this.queue
      .addBulk(batch.map(({ job }) => ({ name: job.name, data: job.data, opts: { jobId: job.id, ...(job.delayMs ? { delay: job.delayMs } : {}) } })))
      .then(
        () => {
          if (!settled) for (const item of batch) item.resolve();
        },
        (cause: unknown) => {
          if (settled) return;
          const error = new QueueUnavailableError('Redis refused the job', { cause });
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        settled = true;
        clearTimeout(timer);
      });
  }

  /**
   * The caller answers 503, but a stalled Redis may still apply the add later: remove those
   * jobs and mark them refused (for a worker that grabs one in between), queued right behind
   * the add on the same connection. Best effort: if Redis is gone, so is the add.
   */
  private async withdraw(jobIds: readonly string[]): Promise<void> {
    try {
      await Promise.all([markRefused(this.redis, this.queue.opts.prefix ?? 'bull', jobIds), ...jobIds.map((id) => this.queue.remove(id))]);
    } catch {
      // Redis unreachable: the add failed as well.
    }
  }
}
