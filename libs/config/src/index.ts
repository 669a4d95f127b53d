export { loadApiConfig, loadWorkerConfig } from './load-config';
export { ConfigError } from './config.error';
export { environmentSchema } from './config.schema';
export { isTrustProxy, isTrustProxyEntry, TRUST_PROXY_NAMES } from './trust-proxy-entry';
export { EXAMPLE_TOKENS, MIN_DASHBOARD_PASSWORD_LENGTH, MIN_TOKEN_LENGTH, PLACEHOLDER_TOKEN } from './example-tokens';
export type {
  ApiConfig,
  CommonConfig,
  DashboardConfig,
  ModemFleetConfig,
  RedisConfig,
  RetryPolicy,
  SentinelConfig,
  TwoWayConfig,
  WebhookConfig,
  WorkerConfig,
  WorkerMetricsConfig,
} from './config.types';
export { parseHostPorts, type HostPort } from './host-ports';
