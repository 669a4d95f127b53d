import type { Redis } from 'ioredis';
import { DeliveryStore } from './delivery-store';
import { InboundStore } from './inbound-store';
import { OptOutStore } from './opt-out-store';

/** The settings of two-way messaging the stores need (`config.twoWay` fits). */
export interface TwoWayStoreSettings {
  readonly deliveryReportWindowMs: number;
  readonly replyWindowMs: number;
  readonly phoneDefaultRegion?: string;
}

export interface TwoWayStores {
  readonly inbound: InboundStore;
  readonly optOuts: OptOutStore;
  readonly deliveries: DeliveryStore;
}

/** The three stores of one deployment (QUEUE_PREFIX), on one Redis connection. */
export function createTwoWayStores(options: {
  readonly redis: Redis;
  readonly prefix: string;
  /** MESSAGE_RETENTION_DAYS. */
  readonly retentionDays: number;
  readonly settings: TwoWayStoreSettings;
}): TwoWayStores {
  const { redis, prefix, retentionDays, settings } = options;
  const region = settings.phoneDefaultRegion ? { region: settings.phoneDefaultRegion } : {};
  return {
    inbound: new InboundStore({ redis, prefix, retentionDays, ...region }),
    optOuts: new OptOutStore({ redis, prefix, ...region }),
    deliveries: new DeliveryStore({
      redis,
      prefix,
      retentionDays,
      windowMs: settings.deliveryReportWindowMs,
      replyWindowMs: settings.replyWindowMs,
      ...region,
    }),
  };
}
