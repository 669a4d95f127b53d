import type { Redis } from 'ioredis';
import type { SendSmsJobData } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { messageIndexEntry, messageIndexKeys, parseMessageIndexEntry } from './message-index';
import { ORPHAN_GRACE_MS } from './message-pages';
import type { SmsQueue } from './sms-queue';

/** How often each API process looks over part of the index. */
export const INDEX_SWEEP_INTERVAL_MS = 60_000;
/** Index entries looked at per sweep (the next sweep goes on from there, round the index). */
const SWEEP_BATCH = 1_000;
/** A round that could not run is tried again after this. */
const RETRY_MS = 2_000;
/** Jobs read per step while indexing the messages stored before the index existed. */
const BACKFILL_BATCH = 500;
/** Every BullMQ state a message can be in. */
const STATES = ['wait', 'paused', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;

export interface MessageIndexUpkeepDeps {
  readonly queue: SmsQueue;
  /** The queue's connection. */
  readonly redis: Redis;
  readonly logger: Pick<Logger, 'debug' | 'info'>;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/**
 * Keeps the message index whole and bounded, in every API process (and removes the failed jobs
 * past retention, see removeExpiredPastRetention):
 * - once per deployment, indexes the messages stored before the index existed (an upgrade), so
 *   that no message is missing from the listing and no expiry from the enforcer;
 * - every interval, drops the entries of messages BullMQ removed (retention), a batch at a time,
 *   going round the whole index. Both are idempotent, so replicas may run them at once.
 */
export class MessageIndexUpkeep {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;
  /** Where the next sweep starts (the index is walked oldest first, then from the start again). */
  private sweptUpTo: string | undefined;
  private readonly keys: ReturnType<typeof messageIndexKeys>;
  private readonly now: () => number;

  constructor(private readonly deps: MessageIndexUpkeepDeps) {
    this.keys = messageIndexKeys(deps.queue.opts.prefix ?? 'bull');
    this.now = deps.now ?? Date.now;
  }

  /** Runs a round now and then every interval until `stop()`; a round that could not run (Redis not connected, or failing) is tried again within seconds. */
  start(): void {
    const loop = () => {
      let done = false;
      this.round = this.runOnce().then(
        (dropped) => void (done = dropped !== undefined),
        (error: unknown) => void this.deps.logger.debug('message index upkeep failed', { event: 'index_upkeep_failed', error: String(error) }),
      );
      void this.round.finally(() => {
        const interval = this.deps.intervalMs ?? INDEX_SWEEP_INTERVAL_MS;
        if (!this.stopped) this.timer = setTimeout(loop, done ? interval : Math.min(interval, RETRY_MS)).unref();
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Backfills if that was never done, then sweeps one batch. Returns the entries dropped, or undefined when Redis is not connected. */
  async runOnce(): Promise<number | undefined> {
    // Not connected (yet, or any more): nothing to do now; waiting here would hold up stop().
    if (this.deps.redis.status !== 'ready') return undefined;
    if (!(await this.deps.redis.exists(this.keys.backfilled))) await this.backfill();
    await this.removeExpiredPastRetention();
    return this.sweep();
  }

  /**
   * BullMQ removes a failed job past its `removeOnFail` age only when another job fails through a
   * worker; messages the API ended as expired do not, so with no other failures they would stay
   * for ever. This does the same removal (failed jobs finished longer ago than the retention).
   */
  private async removeExpiredPastRetention(): Promise<void> {
    const removeOnFail = this.deps.queue.defaultJobOptions.removeOnFail;
    const ageSeconds = typeof removeOnFail === 'object' && 'age' in removeOnFail ? removeOnFail.age : undefined;
    if (ageSeconds !== undefined) await this.deps.queue.clean(ageSeconds * 1000, SWEEP_BATCH, 'failed');
  }

  /**
   * Indexes every message BullMQ holds (ZADD NX: entries already there are left as they are).
   * Twice over: a job that moved from a state not read yet to one already read is found the
   * second time.
   */
  async backfill(): Promise<void> {
    const indexed = (await this.indexEveryState()) + (await this.indexEveryState());
    await this.deps.redis.set(this.keys.backfilled, new Date(this.now()).toISOString());
    this.deps.logger.info('message index complete', { event: 'message_index_backfilled', entriesWritten: indexed });
  }

  private async indexEveryState(): Promise<number> {
    const { queue, redis } = this.deps;
    let indexed = 0;
    for (const state of STATES) {
      const key = queue.keys[state] ?? '';
      const isList = state === 'wait' || state === 'paused' || state === 'active';
      for (let start = 0; ; start += BACKFILL_BATCH) {
        const ids = isList ? await redis.lrange(key, start, start + BACKFILL_BATCH - 1) : await redis.zrange(key, String(start), String(start + BACKFILL_BATCH - 1));
        if (ids.length === 0) break;
        const stored = await Promise.all(ids.map((id) => redis.hget(queue.toKey(id), 'data')));
        const multi = redis.multi();
        for (const [index, id] of ids.entries()) {
          const raw = stored[index];
          if (!raw) continue;
          const data = JSON.parse(raw) as Partial<SendSmsJobData>;
          if (!data.acceptedAt) continue;
          multi.zadd(this.keys.byCreated, 'NX', 0, messageIndexEntry(id, data.acceptedAt));
          if (data.expiresAt && state !== 'completed' && state !== 'failed') multi.zadd(this.keys.expiries, 'NX', Date.parse(data.expiresAt), id);
        }
        const results = await multi.exec();
        indexed += (results ?? []).filter(([, added]) => added === 1).length;
        if (ids.length < BACKFILL_BATCH) break;
      }
    }
    return indexed;
  }

  /** Drops, from the next batch of entries, those whose job is gone and that are past the grace time. */
  async sweep(): Promise<number> {
    const { queue, redis } = this.deps;
    const entries = await redis.zrangebylex(this.keys.byCreated, this.sweptUpTo ? `(${this.sweptUpTo}` : '-', '+', 'LIMIT', 0, SWEEP_BATCH);
    this.sweptUpTo = entries.length < SWEEP_BATCH ? undefined : entries.at(-1);
    const now = this.now();
    const exists = await Promise.all(entries.map((entry) => redis.exists(queue.toKey(parseMessageIndexEntry(entry)?.id ?? ''))));
    const orphans = entries.filter((entry, index) => {
      const parsed = parseMessageIndexEntry(entry);
      return exists[index] === 0 && (!parsed || now - parsed.acceptedAtMs > ORPHAN_GRACE_MS);
    });
    if (orphans.length) await redis.zrem(this.keys.byCreated, ...orphans);
    return orphans.length;
  }
}
