import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createRegistry, METRIC_PREFIX } from './default-metrics';

/** Values of the `outcome` label of `sms_gateway_sends_total`. */
export const SEND_OUTCOMES = ['sent', 'network_error', 'send_error', 'failed', 'expired'] as const;
export type SendOutcome = (typeof SEND_OUTCOMES)[number];

/** Values of the `command` label of `sms_gateway_gammu_run_duration_seconds`. */
export const GAMMU_COMMANDS = ['sendsms', 'networkinfo', 'reset', 'getsignalquality'] as const;
export type GammuCommand = (typeof GAMMU_COMMANDS)[number];

/** Seconds: a network check takes about a second, a send a few; timeouts are 20 s and 45 s. */
export const GAMMU_RUN_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 45, 60, 120];

export interface WorkerMetricsOptions {
  /** Added to every metric as the `modem` label. */
  readonly modemId: string;
}

export interface WorkerMetrics {
  readonly registry: Registry;
  /** `sms_gateway_sends_total{outcome}`: one per send attempt's outcome (sent, network_error, send_error) and per message that ended failed or expired. */
  readonly sends: Counter<'outcome'>;
  /** `sms_gateway_gammu_run_duration_seconds{command}`: each gammu run, timeouts included. */
  readonly gammuRunDuration: Histogram<'command'>;
  /** `sms_gateway_retries_total{code}`: retries scheduled, by network code (e.g. "69") or failure kind (e.g. "timeout"). */
  readonly retries: Counter<'code'>;
  /** `sms_gateway_modem_registered`: 1 while the last network check found the modem registered, else 0. */
  readonly modemRegistered: Gauge;
  /** `sms_gateway_modem_signal_strength_dbm`: absent until the first reading; `remove()` it when unknown again. */
  readonly signalStrength: Gauge;
  /** `sms_gateway_modem_resets_total`: watchdog resets of the modem. */
  readonly modemResets: Counter;
  /** `sms_gateway_consecutive_network_refusals`: network refusals in a row (reset to 0 by a sent message). */
  readonly consecutiveNetworkRefusals: Gauge;
}

/**
 * A registry with one worker's metrics, every one labelled `modem`, and the default process
 * metrics. Outcome and command series start at 0, so that `increase()` sees their first event.
 */
export function createWorkerMetrics({ modemId }: WorkerMetricsOptions): WorkerMetrics {
  const registry = createRegistry();
  registry.setDefaultLabels({ modem: modemId });
  const registers = [registry];

  const sends = new Counter<'outcome'>({
    name: `${METRIC_PREFIX}sends_total`,
    help: 'Send attempts by outcome (sent, network_error, send_error), and messages that ended failed or expired.',
    labelNames: ['outcome'],
    registers,
  });
  for (const outcome of SEND_OUTCOMES) sends.inc({ outcome }, 0);

  const gammuRunDuration = new Histogram<'command'>({
    name: `${METRIC_PREFIX}gammu_run_duration_seconds`,
    help: 'Duration of gammu runs by command, killed (timed-out) runs included.',
    labelNames: ['command'],
    buckets: GAMMU_RUN_BUCKETS,
    registers,
  });
  for (const command of GAMMU_COMMANDS) gammuRunDuration.zero({ command });

  const retries = new Counter<'code'>({
    name: `${METRIC_PREFIX}retries_total`,
    help: 'Retries scheduled, by network code (e.g. 69) or failure kind (e.g. timeout, device_error).',
    labelNames: ['code'],
    registers,
  });

  const modemRegistered = new Gauge({
    name: `${METRIC_PREFIX}modem_registered`,
    help: 'Whether the last network check found the modem registered on the network (1) or not (0).',
    registers,
  });

  const signalStrength = new Gauge({
    name: `${METRIC_PREFIX}modem_signal_strength_dbm`,
    help: 'Signal strength the modem last reported, in dBm.',
    registers,
  });
  signalStrength.remove();

  const modemResets = new Counter({
    name: `${METRIC_PREFIX}modem_resets_total`,
    help: 'Resets of the modem by the watchdog.',
    registers,
  });

  const consecutiveNetworkRefusals = new Gauge({
    name: `${METRIC_PREFIX}consecutive_network_refusals`,
    help: 'Network refusals (e.g. error 69) in a row, without a sent message in between.',
    registers,
  });

  return { registry, sends, gammuRunDuration, retries, modemRegistered, signalStrength, modemResets, consecutiveNetworkRefusals };
}
