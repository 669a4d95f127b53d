import type { Redis } from 'ioredis';
import { sendRecordKey as key } from '@sms-gateway/queues';
import type { SendRecord } from './send-record';

/**
 * Where each run that reached gammu records what it came to, before the job itself is moved
 * on: a re-run of the job (its lock lapsed while Redis was away) reads it instead of running
 * gammu again. A plain SET that needs no job lock; while Redis is away the worker's connection
 * holds it (and the run with it) until Redis answers, so it lands before anything else of that run.
 * The API's expiry enforcer reads the same key: a message with a record is never expired.
 */
export class SendJournal {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs: number,
  ) {}

  async record(jobId: string, record: SendRecord): Promise<void> {
    await this.redis.set(key(this.prefix, jobId), JSON.stringify(record), 'PX', this.retentionMs);
  }

  /** What the latest run of this job that reached gammu came to, if any did. */
  async lookup(jobId: string): Promise<SendRecord | undefined> {
    const stored = await this.redis.get(key(this.prefix, jobId));
    return stored ? (JSON.parse(stored) as SendRecord) : undefined;
  }
}
