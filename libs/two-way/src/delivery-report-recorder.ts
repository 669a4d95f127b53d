import { maskPhoneNumber, type WebhookJobData } from '@sms-gateway/contracts';
import type { StoredMessage } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import type { DeliveryStore } from './delivery-store';

export type StatusReport = Extract<StoredMessage, { kind: 'statusReport' }>;

export interface DeliveryReportRecorderOptions {
  readonly modemId: string;
  readonly deliveries: DeliveryStore;
  readonly logger: Logger;
  readonly notify: (event: WebhookJobData) => Promise<void>;
  readonly metrics?: Pick<WorkerMetrics, 'deliveryReports'>;
}

/**
 * Records a status report against the send it is about (reference + number + time) and, once
 * the message's delivery is final, queues `message.delivered` / `message.undelivered` to where
 * its other webhooks go. A report that matches no send is only counted: it can never match later.
 */
export class DeliveryReportRecorder {
  constructor(private readonly options: DeliveryReportRecorderOptions) {}

  async record(report: StatusReport, now: number): Promise<void> {
    const { deliveries, logger, metrics } = this.options;
    const match = await deliveries.match({ number: report.recipient, reference: report.reference }, now);
    if (!match) {
      metrics?.deliveryReports.inc({ outcome: 'unmatched' });
      logger.info('a delivery report matches no message sent in the window; deleting it', {
        event: 'delivery_report_unmatched',
        to: maskPhoneNumber(report.recipient),
        reference: report.reference,
        status: report.status,
      });
      return;
    }
    const { delivery, final } = await deliveries.recordReport(match, { outcome: report.status, at: new Date(now).toISOString(), detail: report.detail });
    metrics?.deliveryReports.inc({ outcome: report.status });
    logger.info('delivery report', {
      event: 'delivery_report',
      messageId: match.messageId,
      part: match.part + 1,
      report: report.status,
      delivery: delivery.status,
      detail: delivery.detail,
    });
    if (!final) return;
    const sent = await deliveries.sendInfo(match.messageId);
    await this.options.notify({
      event: delivery.status === 'delivered' ? 'message.delivered' : 'message.undelivered',
      messageId: match.messageId,
      occurredAt: delivery.at,
      modemId: sent?.modemId ?? this.options.modemId,
      attempts: sent?.attempts ?? 1,
      delivery,
      ...(sent?.callbackUrl ? { callbackUrl: sent.callbackUrl } : {}),
      ...(sent?.reference ? { reference: sent.reference } : {}),
      ...(sent ? { messageReferences: sent.references } : {}),
    });
  }
}
