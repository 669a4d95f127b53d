import type { Redis } from 'ioredis';
import type { SendSmsJobData, SmsJobName } from '@sms-gateway/contracts';
import type { SmsQueue } from './sms-queue';
import { QueueUnavailableError } from './queue-unavailable.error';
import { markRefused } from './refused-jobs';
import { indexMessage } from './message-index';
import type { ReplicaAcknowledgement } from './replica-acknowledgement';

export interface SmsJobRequest {
  readonly id: string;
  readonly name: SmsJobName;
  readonly data: SendSmsJobData;
  /** Milliseconds to hold the job back (v1 `sendAt`). */
  readonly delayMs?: number;
}

/**
 * Stores jobs in Redis and gives up after `timeoutMs`, so a caller never waits on an
 * unreachable Redis. A resolved promise means the job is stored (and, with a
 * ReplicaAcknowledgement, held by the required replicas too).
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
    /** When set (REDIS_MIN_REPLICAS_ACK > 0), a job counts as stored only once replicas hold it. */
    private readonly replicas?: ReplicaAcknowledgement,
  ) {}

  enqueue(job: SmsJobRequest): Promise<void> {
    // Whichever comes first, the store or the timeout, settles the promise; the other is ignored.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new QueueUnavailableError(`Redis did not store the job within ${this.timeoutMs} ms`));
        void this.withdraw(job.id);
      }, this.timeoutMs);
      this.store(job)
        .then(
          () => resolve(),
          (error: unknown) => {
            if (error instanceof QueueUnavailableError) return reject(error);
            // Stored on the primary but not confirmed by its replicas: answered 503, so withdrawn.
            reject(new QueueUnavailableError('Redis replicas did not confirm the job', { cause: error }));
            void this.withdraw(job.id);
          },
        )
        .finally(() => clearTimeout(timer));
    });
  }

  /**
   * Adds the job (a refusal is a QueueUnavailableError), then waits for the replicas if asked to.
   * A job waiting for its replicas is already on the primary, where a worker could take it before
   * the answer is decided; so it is held back (delayed) for twice the timeout: by then a 503's
   * withdrawal, sent right behind the add on the same connection, has removed it.
   */
  private async store(job: SmsJobRequest): Promise<void> {
    const delay = this.replicas ? Math.max(job.delayMs ?? 0, 2 * this.timeoutMs) : (job.delayMs ?? 0);
    try {
      // The index entries first, on the same connection: Redis applies them before the add.
      await Promise.all([
        indexMessage(this.redis, this.queue.opts.prefix ?? 'bull', job.id, job.data),
        this.queue.add(job.name, job.data, { jobId: job.id, ...(delay ? { delay } : {}) }),
      ]);
    } catch (cause) {
      throw new QueueUnavailableError('Redis refused the job', { cause });
    }
    await this.replicas?.confirm();
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
