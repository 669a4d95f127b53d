export { ACCEPT_DURATION_BUCKETS, createApiMetrics, type ApiMetrics, type ApiMetricsOptions, type QueueJobCounts } from './api-metrics';
export { createRegistry, METRIC_PREFIX } from './default-metrics';
export { startObservabilityServer, type ObservabilityServer, type ObservabilityServerOptions } from './observability-server';
export { checkReadiness, HEALTH_BODIES, type Readiness } from './readiness';
export { RequestTally, type HttpRequestLabel } from './request-tally';
export {
  createWorkerMetrics,
  GAMMU_COMMANDS,
  GAMMU_RUN_BUCKETS,
  SEND_OUTCOMES,
  type GammuCommand,
  type SendOutcome,
  type WorkerMetrics,
  type WorkerMetricsOptions,
} from './worker-metrics';
export type { Registry } from 'prom-client';
