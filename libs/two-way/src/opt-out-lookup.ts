import type { Redis } from 'ioredis';
import { comparableNumber } from '@sms-gateway/contracts';
import { twoWayKeys } from './two-way-keys';

export interface OptOutLookupOptions {
  readonly redis: Redis;
  /** QUEUE_PREFIX. */
  readonly prefix: string;
  /** PHONE_DEFAULT_REGION: numbers are compared with `comparableNumber(number, region)`. */
  readonly region?: string;
}

/**
 * The accept path's question to the opt-out list (see OptOutStore): which of these recipients
 * opted out. One Redis command for any number of recipients (HMGET), so a bulk request costs
 * one read like a single message does.
 */
export class OptOutLookup {
  private readonly key: string;

  constructor(private readonly options: OptOutLookupOptions) {
    this.key = twoWayKeys(options.prefix).optOuts;
  }

  /** One flag per number, in order: true where that number is opted out. */
  async optedOut(numbers: readonly string[]): Promise<boolean[]> {
    if (numbers.length === 0) return [];
    const fields = numbers.map((number) => comparableNumber(number, this.options.region));
    const values = await this.options.redis.hmget(this.key, ...fields);
    return values.map((value) => value !== null);
  }
}
