import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createRegistry, METRIC_PREFIX } from './default-metrics';

/** Values of the `outcome` label of `sms_gateway_sends_total`. */
export const SEND_OUTCOMES = ['sent', 'network_error', 'send_error', 'failed', 'expired'] as const;
export type SendOutcome = (typeof SEND_OUTCOMES)[number];

/** Values of the `command` label of `sms_gateway_gammu_run_duration_seconds`. */
export const GAMMU_COMMANDS = ['sendsms', 'networkinfo', 'reset', 'getsignalquality', 'getallsms', 'deletesms'] as const;
export type GammuCommand = (typeof GAMMU_COMMANDS)[number];

/**
 * Values of the `outcome` label of `sms_gateway_inbound_messages_total`: a received SMS stored
 * (`stored`, or `stored_incomplete` when parts never came), one already stored (`duplicate`),
 * a part waiting for the others (`part_waiting`), an entry left in the modem (`left_alone`).
 */
export const INBOUND_OUTCOMES = ['stored', 'stored_incomplete', 'duplicate', 'part_waiting', 'left_alone'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

/** Values of the `outcome` label of `sms_gateway_delivery_reports_total`: what a report said, or `unmatched`. */
export const DELIVERY_REPORT_OUTCOMES = ['delivered', 'failed', 'pending', 'unknown', 'unmatched'] as const;
export type DeliveryReportOutcome = (typeof DELIVERY_REPORT_OUTCOMES)[number];

/** Values of the `action` label of `sms_gateway_opt_out_keywords_total`. */
export const KEYWORD_ACTIONS = ['opt_out', 'opt_in'] as const;
export type KeywordActionLabel = (typeof KEYWORD_ACTIONS)[number];

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
  /** `sms_gateway_inbound_messages_total{outcome}`: entries of the modem's memory read as received SMS, by outcome. */
  readonly inboundMessages: Counter<'outcome'>;
  /** `sms_gateway_delivery_reports_total{outcome}`: status reports read from the modem, by what they said. */
  readonly deliveryReports: Counter<'outcome'>;
  /** `sms_gateway_opt_out_keywords_total{action}`: received keywords that opted a number out or back in. */
  readonly keywordActions: Counter<'action'>;
}

/**
 * A registry with one worker's metrics, every one labelled `modem`, and the default process
 * metrics. Outcome and command series start at 0, so that `increase()` sees their first event.
 */
export function createWorkerMetrics({ modemId }: WorkerMetricsOptions): WorkerMetrics {
  const registry = createRegistry();
  registry.setDefaultLabels({ modem: modemId });
  const registers = [registry];

  const sends = counterFromZero(registers, 'sends_total', 'Send attempts by outcome (sent, network_error, send_error), and messages that ended failed or expired.', 'outcome', SEND_OUTCOMES);

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

  const inboundMessages = counterFromZero(
    registers,
    'inbound_messages_total',
    'Received SMS read from the modem, by outcome (stored, stored_incomplete, duplicate, part_waiting, left_alone).',
    'outcome',
    INBOUND_OUTCOMES,
  );
  const deliveryReports = counterFromZero(
    registers,
    'delivery_reports_total',
    'Delivery reports read from the modem, by what they said (delivered, failed, pending, unknown) or unmatched.',
    'outcome',
    DELIVERY_REPORT_OUTCOMES,
  );
  const keywordActions = counterFromZero(registers, 'opt_out_keywords_total', 'Received opt-out and opt-in keywords (opt_out, opt_in).', 'action', KEYWORD_ACTIONS);

  return {
    registry,
    sends,
    gammuRunDuration,
    retries,
    modemRegistered,
    signalStrength,
    modemResets,
    consecutiveNetworkRefusals,
    inboundMessages,
    deliveryReports,
    keywordActions,
  };
}

/** A counter with one label whose known values start at 0, so that `increase()` sees their first event. */
function counterFromZero<L extends string>(registers: Registry[], name: string, help: string, label: L, values: readonly string[]): Counter<L> {
  const counter = new Counter<L>({ name: `${METRIC_PREFIX}${name}`, help, labelNames: [label], registers });
  for (const value of values) counter.inc({ [label]: value } as Partial<Record<L, string>>, 0);
  return counter;
}
