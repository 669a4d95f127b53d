export { loadApiConfig, loadWorkerConfig } from './load-config';
export { ConfigError } from './config-error';
export { environmentSchema, PLACEHOLDER_TOKEN } from './config.schema';
export type { ApiConfig, CommonConfig, ModemFleetConfig, RetryPolicy, WebhookConfig, WorkerConfig, WorkerMetricsConfig } from './config.types';
