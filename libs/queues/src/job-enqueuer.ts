import { FlowProducer } from 'bullmq';
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

  /** Stores the jobs of a bulk request in one transaction (see enqueueAll); created on first use. */
  private flows?: FlowProducer;

  enqueue(job: SmsJobRequest): Promise<void> {
    // Whichever comes first, the store or the timeout, settles the promise; the other is ignored.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new QueueUnavailableError(`Redis did not store the job within ${this.timeoutMs} ms`));
        void this.withdraw([job.id]);
      }, this.timeoutMs);
      this.store(job)
        .then(
          () => resolve(),
          (error: unknown) => {
            if (error instanceof QueueUnavailableError) return reject(error);
            // Stored on the primary but not confirmed by its replicas: answered 503, so withdrawn.
            reject(new QueueUnavailableError('Redis replicas did not confirm the job', { cause: error }));
            void this.withdraw([job.id]);
          },
        )
        .finally(() => clearTimeout(timer));
    });
  }

  /**
   * Stores every job of a bulk request, or none: a resolved promise means all of them are
   * stored, a rejected one that none will ever be sent. The adds go to Redis as one MULTI/EXEC
   * transaction, so no worker can take the first jobs while later ones are still on their way
   * (and then be told the request failed); a refusal withdraws every job, right behind the
   * transaction on the same connection.
   */
  enqueueAll(jobs: readonly SmsJobRequest[]): Promise<void> {
    const ids = jobs.map((job) => job.id);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new QueueUnavailableError(`Redis did not store the jobs within ${this.timeoutMs} ms`));
        void this.withdraw(ids);
      }, this.timeoutMs);
      this.storeAll(jobs)
        .then(
          () => resolve(),
          (error: unknown) => {
            reject(error instanceof QueueUnavailableError ? error : new QueueUnavailableError('Redis replicas did not confirm the jobs', { cause: error }));
            void this.withdraw(ids);
          },
        )
        .finally(() => clearTimeout(timer));
    });
  }

  /** Like `store`, for many jobs in one transaction. */
  private async storeAll(jobs: readonly SmsJobRequest[]): Promise<void> {
    const prefix = this.queue.opts.prefix ?? 'bull';
    this.flows ??= new FlowProducer({ connection: this.redis, prefix });
    const defaults = this.queue.defaultJobOptions;
    try {
      await Promise.all([
        ...jobs.map((job) => indexMessage(this.redis, prefix, job.id, job.data)),
        this.flows.addBulk(
          jobs.map((job) => {
            const delay = this.replicas ? Math.max(job.delayMs ?? 0, 3 * this.timeoutMs) : (job.delayMs ?? 0);
            return { name: job.name, queueName: this.queue.name, data: job.data, opts: { ...defaults, jobId: job.id, ...(delay ? { delay } : {}) } };
          }),
        ),
      ]);
    } catch (cause) {
      throw new QueueUnavailableError('Redis refused the jobs', { cause });
    }
    await this.replicas?.confirm();
  }

  /**
   * Adds the job (a refusal is a QueueUnavailableError), then waits for the replicas if asked to.
   * A job waiting for its replicas is already on the primary, where a worker could take it before
   * the answer is decided; so it is held back (delayed). A 503's withdrawal leaves the API at most
   * `timeoutMs` after the add was asked for, and at most one WAIT (shorter than `timeoutMs`) is
   * ahead of it on the connection: it lands within twice the timeout, and the hold is three times.
   */
  private async store(job: SmsJobRequest): Promise<void> {
    const delay = this.replicas ? Math.max(job.delayMs ?? 0, 3 * this.timeoutMs) : (job.delayMs ?? 0);
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
  private async withdraw(jobIds: readonly string[]): Promise<void> {
    try {
      await Promise.all([markRefused(this.redis, this.queue.opts.prefix ?? 'bull', jobIds), ...jobIds.map((id) => this.queue.remove(id))]);
    } catch {
      // Redis unreachable: the add failed as well.
    }
  }
}
