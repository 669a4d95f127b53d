import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '@sms-gateway/config';
import { createApiMetrics, registerTwoWayApiMetrics, type ApiMetrics, type TwoWayApiMetrics } from '@sms-gateway/metrics';
import type { SmsQueue, WebhookQueue } from '@sms-gateway/queues';
import { readTwoWayCounts } from '@sms-gateway/two-way';
import type { FailedAuthGate } from '../security/failed-auth-gate';
import { observabilityRouter } from './observability.router';
import { queueCountsReader } from './read-queue-counts';
import { redisReadiness } from './redis-readiness';
import { requestMetrics, type RequestMetrics } from './request-metrics.middleware';
import { withTimeout } from './with-timeout';

/** How long a scrape or a readiness check waits for Redis. */
export const OBSERVABILITY_REDIS_TIMEOUT_MS = 1_000;

export interface ApiObservability {
  readonly metrics: ApiMetrics;
  /** Opt-out refusals, the opt-out list and the received SMS kept. */
  readonly twoWay: TwoWayApiMetrics;
  /** Counts and times requests: called first for every request. */
  readonly requestMetrics: RequestMetrics;
  /** `/metrics`, `/healthz`, `/readyz`. */
  readonly router: Router;
}

export interface ApiObservabilityDeps {
  readonly config: ApiConfig;
  /** The API's producer connection: what /readyz checks is what enqueueing uses. */
  readonly connection: Redis;
  readonly queue: SmsQueue;
  /** Only read here (job counts); workers add deliveries, the API's webhook worker takes them. */
  readonly webhookQueue: WebhookQueue;
  readonly lifecycle?: { readonly draining: boolean };
  /** Counts /metrics' wrong tokens with every other route's. */
  readonly failedAuth?: FailedAuthGate;
}

/** The API's metrics, health and readiness, wired to its Redis connection and queues. */
export function createApiObservability({ config, connection, queue, webhookQueue, lifecycle, failedAuth }: ApiObservabilityDeps): ApiObservability {
  const metrics = createApiMetrics({ readQueueCounts: queueCountsReader([queue, webhookQueue], OBSERVABILITY_REDIS_TIMEOUT_MS) });
  const router = observabilityRouter({
    registry: metrics.registry,
    ready: redisReadiness({
      redis: connection,
      timeoutMs: OBSERVABILITY_REDIS_TIMEOUT_MS,
      minReplicas: config.redis.minReplicasAck,
      ...(lifecycle ? { lifecycle } : {}),
    }),
    readyTimeoutMs: OBSERVABILITY_REDIS_TIMEOUT_MS + 500,
    ...(config.metrics.token ? { metricsToken: config.metrics.token } : {}),
    ...(failedAuth ? { failedAuth } : {}),
  });
  const twoWay = registerTwoWayApiMetrics(metrics.registry, () =>
    withTimeout(readTwoWayCounts(connection, config.queuePrefix), OBSERVABILITY_REDIS_TIMEOUT_MS, 'Redis'),
  );
  return {
    metrics,
    twoWay,
    requestMetrics: requestMetrics(metrics),
    router,
  };
}
