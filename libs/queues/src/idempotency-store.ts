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
/**
 * How long one command of the check may take: a Redis that hangs gets the request a 503 within
 * 2 s (contract), with the claim, the send's own bounded steps and the cleanup all inside.
 */
export const IDEMPOTENCY_COMMAND_TIMEOUT_MS = 400;

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
 * replayed as it was, whatever happened since (the request is not checked again). Every Redis
 * command of the check is bounded, so a hung Redis turns into a 503 within 2 s.
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

  /**
   * One Redis command, given IDEMPOTENCY_COMMAND_TIMEOUT_MS; a failure or no answer in time means
   * the queue's Redis is unavailable. `late` is told the result of a command that was given up
   * on and still answered afterwards.
   */
  private call<T>(command: () => Promise<T>, late?: (result: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new QueueUnavailableError(`Redis did not answer the idempotency check within ${IDEMPOTENCY_COMMAND_TIMEOUT_MS} ms`));
      }, IDEMPOTENCY_COMMAND_TIMEOUT_MS);
      command().then(
        (result) => {
          clearTimeout(timer);
          if (!settled) resolve(result);
          else late?.(result);
        },
        (cause: unknown) => {
          clearTimeout(timer);
          if (!settled) reject(new QueueUnavailableError('Redis is unavailable for the idempotency check', { cause }));
        },
      );
    });
  }

  /** Frees a key this request claimed, so that a retry with it runs; best effort. */
  private async release(redisKey: string): Promise<void> {
    await this.call(() => this.redis.del(redisKey)).catch(() => undefined);
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
    // A claim that reaches Redis after this request gave up (answered 503) is freed at once, so
    // that the client's retry with the key is served instead of waiting for a request that is over.
    const claimed = await this.call(
      () => this.redis.set(redisKey, JSON.stringify({ fingerprint } satisfies Entry), 'PX', IDEMPOTENCY_TTL_MS, 'NX'),
      (lateClaim) => {
        if (lateClaim === 'OK') void this.redis.del(redisKey).catch(() => undefined);
      },
    );
    if (claimed === 'OK') {
      let answer: StoredAnswer;
      try {
        answer = await produce();
      } catch (error) {
        await this.release(redisKey);
        throw error;
      }
      if (!keepAnswer(answer)) {
        await this.release(redisKey);
        return { kind: 'fresh', answer };
      }
      // The answer is given even when Redis does not take it in time: what it says (a message
      // stored) is true, and the key stays claimed, so a repeat cannot store the message twice.
      await this.call(() => this.redis.set(redisKey, JSON.stringify({ fingerprint, answer } satisfies Entry), 'KEEPTTL')).catch(() => undefined);
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

