import type { Redis } from 'ioredis';
import type { ApiConfig } from '@sms-gateway/config';
import { readOrUnavailable, untilReady } from '@sms-gateway/queues';
import { DeliveryStore, InboundStore, OptOutLookup, OptOutStore } from '@sms-gateway/two-way';

/** What the API reads of two-way messaging: received SMS, opt-outs, delivery reports. */
export interface TwoWayStores {
  readonly inbound: InboundStore;
  readonly optOuts: OptOutStore;
  /** The accept path's one read: which recipients opted out. */
  readonly optOutLookup: OptOutLookup;
  readonly deliveries: DeliveryStore;
  /**
   * Runs reads on these stores, after the connection's first connect (the stores' commands,
   * unlike BullMQ's, would fail at once while it first connects); a QueueUnavailableError when
   * Redis cannot answer within `timeoutMs`, at once while it is known to be away.
   */
  read<T>(read: () => Promise<T>, timeoutMs?: number): Promise<T>;
  /** Counts the messages refused because their recipient opted out, by route (a metric). */
  readonly optOutRefusals?: OptOutRefusalCounter;
}

/** What counting refusals needs (a prom-client Counter fits). */
export interface OptOutRefusalCounter {
  inc(labels: { route: string }, value?: number): void;
}

/** The stores on the API's producer connection (which fails fast while Redis is away). */
export function createTwoWayStores(
  redis: Redis,
  config: Pick<ApiConfig, 'queuePrefix' | 'retentionDays' | 'twoWay'>,
  optOutRefusals?: OptOutRefusalCounter,
): TwoWayStores {
  const { queuePrefix: prefix, retentionDays, twoWay } = config;
  const region = twoWay.phoneDefaultRegion ? { region: twoWay.phoneDefaultRegion } : {};
  let connectedOnce = redis.status === 'ready';
  if (!connectedOnce) redis.once('ready', () => (connectedOnce = true));
  return {
    inbound: new InboundStore({ redis, prefix, retentionDays, ...region }),
    optOuts: new OptOutStore({ redis, prefix, ...region }),
    optOutLookup: new OptOutLookup({ redis, prefix, ...region }),
    deliveries: new DeliveryStore({ redis, prefix, retentionDays, windowMs: twoWay.deliveryReportWindowMs, replyWindowMs: twoWay.replyWindowMs, ...region }),
    read: (read, timeoutMs) =>
      readOrUnavailable(async () => {
        // Only the first connect is waited for; during a later outage the read fails at once.
        if (!connectedOnce) await untilReady(redis);
        return read();
      }, timeoutMs),
    ...(optOutRefusals ? { optOutRefusals } : {}),
  };
}
