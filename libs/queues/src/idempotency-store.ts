import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { canonicalJson } from './canonical-json';
import { QueueUnavailableError } from './queue-unavailable.error';

/** How long a key replays its first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a request waits for a connection that is still being made. */
const READY_WAIT_MS = 1_000;
/** How long a duplicate waits for the first request with its key to finish. */
const IN_PROGRESS_WAIT_MS = 3_000;

/** A stored answer: what the first request got. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type IdempotentOutcome =
  | { readonly kind: 'fresh'; readonly answer: StoredAnswer }
  | { readonly kind: 'replayed'; readonly answer: StoredAnswer }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'in-progress' };

interface Entry {
  readonly fingerprint: string;
  readonly answer?: StoredAnswer;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `Idempotency-Key` support shared by every API replica through Redis: the first request with a
 * key claims it (SET NX), runs, and stores its answer for 24 hours; repeats get that answer and
 * queue nothing. Concurrent duplicates wait for the first one. The same key with another body
 * is a conflict, where "the same body" means the same JSON value (keys in any order). Only
 * successful answers are kept: a failure frees the key for a retry. A stored answer is
 * replayed as it was, whatever happened since (the request is not checked again).
 */
export class IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Like `run`, but Redis being away becomes a QueueUnavailableError (→ 503), never a 500. */
  async run(
    key: string,
    /** What makes two requests the same: any JSON value, compared canonically. */
    request: unknown,
    produce: () => Promise<StoredAnswer>,
    options: { keepAnswer?: (answer: StoredAnswer) => boolean } = {},
  ): Promise<IdempotentOutcome> {
    await this.ready();
    return this.attempt(key, request, produce, options);
  }

  /** One Redis command; any failure of it means the queue's Redis is unavailable. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (cause) {
      throw new QueueUnavailableError('Redis is unavailable for the idempotency check', { cause });
    }
  }

  /** The connection fails fast while down; right after start it may still be connecting. */
  private async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new QueueUnavailableError('Redis is not connected'));
      }, READY_WAIT_MS);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', onReady);
    });
  }

  private async attempt(
    key: string,
    request: unknown,
    produce: () => Promise<StoredAnswer>,
    { keepAnswer = (answer: StoredAnswer) => answer.status < 300 } = {},
  ): Promise<IdempotentOutcome> {
    const redisKey = `${this.prefix}:idempotency:${sha256(key)}`;
    const fingerprint = sha256(canonicalJson(request));
    const claimed = await this.call(() => this.redis.set(redisKey, JSON.stringify({ fingerprint } satisfies Entry), 'PX', IDEMPOTENCY_TTL_MS, 'NX'));
    if (claimed === 'OK') {
      let answer: StoredAnswer;
      try {
        answer = await produce();
      } catch (error) {
        await this.redis.del(redisKey).catch(() => undefined);
        throw error;
      }
      if (keepAnswer(answer)) await this.call(() => this.redis.set(redisKey, JSON.stringify({ fingerprint, answer } satisfies Entry), 'KEEPTTL'));
      else await this.call(() => this.redis.del(redisKey));
      return { kind: 'fresh', answer };
    }

    const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
    for (;;) {
      const raw = await this.call(() => this.redis.get(redisKey));
      // The first request failed and freed the key: this one takes its place.
      if (raw === null) return this.attempt(key, request, produce, { keepAnswer });
      const entry = JSON.parse(raw) as Entry;
      if (entry.fingerprint !== fingerprint) return { kind: 'conflict' };
      if (entry.answer) return { kind: 'replayed', answer: entry.answer };
      if (Date.now() > deadline) return { kind: 'in-progress' };
      await sleep(20);
    }
  }
}

