import type { Redis } from 'ioredis';
import { comparableNumber, type OptOutRecord, type OptOutSource } from '@sms-gateway/contracts';
import { twoWayKeys } from './two-way-keys';

export interface OptOutStoreOptions {
  readonly redis: Redis;
  /** QUEUE_PREFIX. */
  readonly prefix: string;
  /** PHONE_DEFAULT_REGION: numbers are compared with `comparableNumber(number, region)`. */
  readonly region?: string;
}

/**
 * The numbers that asked not to be texted (by keyword SMS or through the API), one Redis hash
 * keyed by `comparableNumber`, so every spelling of a number finds the same entry. Kept forever.
 */
export class OptOutStore {
  private readonly key: string;

  constructor(private readonly options: OptOutStoreOptions) {
    this.key = twoWayKeys(options.prefix).optOuts;
  }

  comparable(number: string): string {
    return comparableNumber(number, this.options.region);
  }

  async isOptedOut(number: string): Promise<boolean> {
    return (await this.options.redis.hexists(this.key, this.comparable(number))) === 1;
  }

  async get(number: string): Promise<OptOutRecord | undefined> {
    const json = await this.options.redis.hget(this.key, this.comparable(number));
    return json ? (JSON.parse(json) as OptOutRecord) : undefined;
  }

  /** Opts a number out; one already out keeps its first record (`created: false`). */
  async optOut(number: string, source: OptOutSource, at = new Date()): Promise<{ created: boolean; record: OptOutRecord }> {
    const record: OptOutRecord = { number, comparable: this.comparable(number), source, optedOutAt: at.toISOString() };
    const created = (await this.options.redis.hsetnx(this.key, record.comparable, JSON.stringify(record))) === 1;
    return { created, record: created ? record : ((await this.get(number)) ?? record) };
  }

  /** Opts a number back in; false when it was not opted out. */
  async optIn(number: string): Promise<boolean> {
    return (await this.options.redis.hdel(this.key, this.comparable(number))) === 1;
  }

  /** Every opted-out number, most recent first. */
  async list(): Promise<OptOutRecord[]> {
    const values = await this.options.redis.hvals(this.key);
    return values.map((json) => JSON.parse(json) as OptOutRecord).sort((a, b) => b.optedOutAt.localeCompare(a.optedOutAt) || a.comparable.localeCompare(b.comparable));
  }
}
