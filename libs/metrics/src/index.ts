export { ACCEPT_DURATION_BUCKETS, createApiMetrics, type ApiMetrics, type ApiMetricsOptions, type QueueJobCounts } from './api-metrics';
export { createRegistry, METRIC_PREFIX } from './default-metrics';
export { startObservabilityServer, type ObservabilityServer, type ObservabilityServerOptions } from './observability-server';
export { checkReadiness, HEALTH_BODIES, type Readiness } from './readiness';
export { RequestTally, type HttpRequestLabel } from './request-tally';
export { registerTwoWayApiMetrics, type TwoWayApiMetrics, type TwoWayCounts } from './two-way-api-metrics';
export {
  createWorkerMetrics,
  DELIVERY_REPORT_OUTCOMES,
  GAMMU_COMMANDS,
  GAMMU_RUN_BUCKETS,
  INBOUND_OUTCOMES,
  KEYWORD_ACTIONS,
  SEND_OUTCOMES,
  type DeliveryReportOutcome,
  type GammuCommand,
  type InboundOutcome,
  type KeywordActionLabel,
  type SendOutcome,
  type WorkerMetrics,
  type WorkerMetricsOptions,
} from './worker-metrics';
export type { Registry } from 'prom-client';
