import type { Redis } from 'ioredis';
import { comparableNumber, type InboundMessage } from '@sms-gateway/contracts';
import { InvalidCursorError } from './invalid-cursor.error';
import { twoWayKeys } from './two-way-keys';

export interface InboundStoreOptions {
  readonly redis: Redis;
  /** QUEUE_PREFIX. */
  readonly prefix: string;
  /** MESSAGE_RETENTION_DAYS: how long a received SMS is kept. */
  readonly retentionDays: number;
  /** PHONE_DEFAULT_REGION: how the `from` filter compares numbers. */
  readonly region?: string;
}

export interface InboundPageRequest {
  /** `nextCursor` of the previous page; absent for the first. */
  readonly cursor?: string;
  readonly limit: number;
  /** Only SMS from this number (any spelling of it, see `comparableNumber`). */
  readonly from?: string;
}

export interface InboundPage {
  /** Newest first. */
  readonly data: InboundMessage[];
  /** Present when there is a next page: pass it as `cursor`. */
  readonly nextCursor?: string;
}

/** Scores are `storedAt ms × 1024 + a counter`: time order, unique, exact in a double. */
const SCORE_SPREAD = 1024;

/**
 * Stores the message unless its id is already there, and indexes it in the same step: a crash
 * can never leave a stored message out of the listing. Returns the stored JSON (ours or the
 * earlier one) and 1 when this call stored it.
 */
const SAVE_SCRIPT = `
local existing = redis.call('GET', KEYS[1])
if existing then return {existing, 0} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local score = tonumber(ARGV[3]) * ${SCORE_SPREAD} + (redis.call('INCR', KEYS[4]) % ${SCORE_SPREAD})
local expired = (tonumber(ARGV[3]) - tonumber(ARGV[2])) * ${SCORE_SPREAD}
for i = 2, 3 do
  redis.call('ZADD', KEYS[i], score, ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. expired)
end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return {ARGV[1], 1}
`;

/** Received SMS in Redis: stored once per id, listed newest first, kept MESSAGE_RETENTION_DAYS. */
export class InboundStore {
  private readonly keys: ReturnType<typeof twoWayKeys>;
  private readonly retentionMs: number;

  constructor(private readonly options: InboundStoreOptions) {
    this.keys = twoWayKeys(options.prefix);
    this.retentionMs = Math.round(options.retentionDays * 24 * 60 * 60 * 1000);
  }

  /**
   * Stores a received SMS. Idempotent: saving an id that is already stored changes nothing and
   * returns the first copy with `stored: false`.
   */
  async save(message: InboundMessage): Promise<{ stored: boolean; message: InboundMessage }> {
    const storedAtMs = Date.parse(message.storedAt);
    const result = (await this.options.redis.eval(
      SAVE_SCRIPT,
      4,
      this.keys.inboundMessage(message.id),
      this.keys.inboundIndex,
      this.keys.inboundFrom(comparableNumber(message.from, this.options.region)),
      this.keys.inboundSeq,
      JSON.stringify(message),
      String(this.retentionMs),
      String(Number.isFinite(storedAtMs) ? storedAtMs : Date.now()),
      message.id,
    )) as [string, number];
    return { stored: result[1] === 1, message: JSON.parse(result[0]) as InboundMessage };
  }

  async exists(id: string): Promise<boolean> {
    return (await this.options.redis.exists(this.keys.inboundMessage(id))) === 1;
  }

  async get(id: string): Promise<InboundMessage | undefined> {
    const json = await this.options.redis.get(this.keys.inboundMessage(id));
    return json ? (JSON.parse(json) as InboundMessage) : undefined;
  }

  /** One page, newest first; each SMS appears on exactly one page, whatever arrives meanwhile. */
  async list({ cursor, limit: asked, from }: InboundPageRequest): Promise<InboundPage> {
    const limit = Math.max(1, Math.floor(asked));
    if (cursor !== undefined && !/^\d{1,16}$/.test(cursor)) throw new InvalidCursorError(cursor);
    const index = from === undefined ? this.keys.inboundIndex : this.keys.inboundFrom(comparableNumber(from, this.options.region));
    const found: { message: InboundMessage; score: string }[] = [];
    let bound = cursor === undefined ? '+inf' : `(${cursor}`;
    // One more than asked tells whether there is a next page. Ids whose message expired are
    // skipped (and dropped from the index), so keep reading until enough are found.
    while (found.length <= limit) {
      const want = limit + 1 - found.length;
      const entries = await this.options.redis.zrevrangebyscore(index, bound, '-inf', 'WITHSCORES', 'LIMIT', 0, want);
      if (entries.length === 0) break;
      const ids = entries.filter((_, i) => i % 2 === 0);
      const values = await this.options.redis.mget(ids.map((id) => this.keys.inboundMessage(id)));
      const gone: string[] = [];
      values.forEach((json, i) => (json ? found.push({ message: JSON.parse(json) as InboundMessage, score: entries[2 * i + 1]! }) : gone.push(ids[i]!)));
      if (gone.length) await this.options.redis.zrem(index, ...gone);
      bound = `(${entries.at(-1)!}`;
      if (ids.length < want) break;
    }
    const data = found.slice(0, limit).map((entry) => entry.message);
    return found.length > limit ? { data, nextCursor: found[limit - 1]!.score } : { data };
  }
}
