import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createRegistry, METRIC_PREFIX } from './default-metrics';
import { RequestTally, type HttpRequestLabel } from './request-tally';

/** Job counts of each queue by BullMQ state, e.g. `{ 'outgoing-sms': { waiting: 3, active: 1, … } }`. */
export type QueueJobCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface ApiMetricsOptions {
  /**
   * Reads the queues' job counts; called once per scrape. When it rejects (Redis away, or
   * too slow), `sms_gateway_queue_jobs` keeps its last values and `sms_gateway_redis_up`
   * is 0. It should give up quickly: the scrape waits for it.
   * Without it, neither metric has samples.
   */
  readonly readQueueCounts?: () => Promise<QueueJobCounts>;
}

export interface ApiMetrics {
  readonly registry: Registry;
  /** `sms_gateway_http_requests_total{method,route,status}`; on the hot path record through `requests`. */
  readonly httpRequests: Counter<HttpRequestLabel>;
  /** Allocation-free request counting, added to `httpRequests` at each scrape. */
  readonly requests: RequestTally;
  /** `sms_gateway_accept_duration_seconds{route}`: request to 202 of the endpoints that queue messages. */
  readonly acceptDuration: Histogram<'route'>;
  /** `sms_gateway_queue_jobs{queue,state}`, read at each scrape. */
  readonly queueJobs: Gauge<'queue' | 'state'>;
  /** `sms_gateway_redis_up`: 1 when the last scrape could read the queues, else 0. */
  readonly redisUp: Gauge;
}

/** Seconds: accepting a message takes 1–100 ms; the enqueue timeout (1 s) bounds the tail. */
export const ACCEPT_DURATION_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1];

/** A registry with the API's metrics and the default process metrics. */
export function createApiMetrics({ readQueueCounts }: ApiMetricsOptions = {}): ApiMetrics {
  const registry = createRegistry();
  const registers = [registry];
  const requests = new RequestTally();

  const httpRequests = new Counter<HttpRequestLabel>({
    name: `${METRIC_PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route template ("unmatched" for 404s) and status code.',
    labelNames: ['method', 'route', 'status'],
    registers,
    collect() {
      requests.flushInto(this);
    },
  });

  const acceptDuration = new Histogram<'route'>({
    name: `${METRIC_PREFIX}accept_duration_seconds`,
    help: 'Time from request to 202 answer of the endpoints that queue messages (message stored in Redis).',
    labelNames: ['route'],
    buckets: ACCEPT_DURATION_BUCKETS,
    registers,
  });

  // Both gauges are filled by one read of Redis per scrape, whichever of them is collected first.
  let scrape: Promise<void> | undefined;
  const refresh = (): Promise<void> | undefined => {
    if (!readQueueCounts) return undefined;
    scrape ??= readQueueCounts()
      .then(
        (counts) => {
          for (const [queue, byState] of Object.entries(counts)) {
            for (const [state, count] of Object.entries(byState)) queueJobs.set({ queue, state }, count);
          }
          redisUp.set(1);
        },
        () => redisUp.set(0),
      )
      .finally(() => {
        scrape = undefined;
      });
    return scrape;
  };

  const queueJobs = new Gauge<'queue' | 'state'>({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: 'Jobs in each queue by BullMQ state (waiting, active, delayed, prioritized, completed, failed, …), read at scrape time.',
    labelNames: ['queue', 'state'],
    registers,
    collect: refresh,
  });

  const redisUp = new Gauge({
    name: `${METRIC_PREFIX}redis_up`,
    help: 'Whether this API process could read the queues from Redis at this scrape (1) or not (0).',
    registers,
    collect: refresh,
  });
  if (!readQueueCounts) redisUp.remove();

  return { registry, httpRequests, requests, acceptDuration, queueJobs, redisUp };
}
