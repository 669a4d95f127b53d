import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './default-metrics';

/** What Redis holds of two-way messaging, read at each scrape. */
export interface TwoWayCounts {
  /** Numbers on the opt-out list. */
  readonly optOuts: number;
  /** Received SMS kept (MESSAGE_RETENTION_DAYS). */
  readonly inbound: number;
}

export interface TwoWayApiMetrics {
  /** `sms_gateway_opt_out_refusals_total{route}`: new messages refused because their recipient opted out. */
  readonly optOutRefusals: Counter<'route'>;
  /** `sms_gateway_opt_outs`: numbers on the opt-out list, at scrape time. */
  readonly optOuts: Gauge;
  /** `sms_gateway_inbound_messages`: received SMS stored in Redis, at scrape time. */
  readonly inboundMessages: Gauge;
}

/**
 * The API's metrics of received SMS and opt-outs, on `registry`. `readCounts` is called once per
 * scrape and should give up quickly; when it rejects, the gauges keep their last values.
 */
export function registerTwoWayApiMetrics(registry: Registry, readCounts: () => Promise<TwoWayCounts>): TwoWayApiMetrics {
  const registers = [registry];
  let scrape: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (scrape ??= readCounts()
      .then(
        (counts) => {
          optOuts.set(counts.optOuts);
          inboundMessages.set(counts.inbound);
        },
        () => undefined,
      )
      .finally(() => {
        scrape = undefined;
      }));

  const optOutRefusals = new Counter<'route'>({
    name: `${METRIC_PREFIX}opt_out_refusals_total`,
    help: 'New messages refused because their recipient opted out (v1 recipient_opted_out, /enviar-sms "Número descadastrado"), by route.',
    labelNames: ['route'],
    registers,
  });
  const optOuts = new Gauge({
    name: `${METRIC_PREFIX}opt_outs`,
    help: 'Numbers on the opt-out list (by SMS keyword or PUT /v1/opt-outs), read at scrape time.',
    registers,
    collect: refresh,
  });
  const inboundMessages = new Gauge({
    name: `${METRIC_PREFIX}inbound_messages`,
    help: 'Received SMS stored in Redis (kept MESSAGE_RETENTION_DAYS), read at scrape time.',
    registers,
    collect: refresh,
  });
  return { optOutRefusals, optOuts, inboundMessages };
}
