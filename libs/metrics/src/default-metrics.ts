import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry with prom-client's process and Node.js metrics (`process_cpu_seconds_total`,
 * `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, …), under their standard
 * names so that ready-made Node.js dashboards work; only the gateway's own metrics carry
 * the `sms_gateway_` prefix.
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Prefix of every gateway metric. */
export const METRIC_PREFIX = 'sms_gateway_';
