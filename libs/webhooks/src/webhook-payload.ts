import type { WebhookEvent, WebhookJobData } from '@sms-gateway/contracts';

/** The JSON body POSTed to a receiver: its type is derived from `webhookEventSchema` in contracts. */
export type WebhookPayload = WebhookEvent;

const STATUS = {
  'message.sent': 'sent',
  'message.failed': 'failed',
  'message.expired': 'expired',
  'message.delivered': 'delivered',
  'message.undelivered': 'undelivered',
} as const;

/** Builds the delivered body from the queued event. Pure. */
export function webhookPayload(deliveryId: string, event: WebhookJobData): WebhookPayload {
  const { occurredAt } = event;
  if (event.event === 'message.received') {
    if (!event.inbound) throw new TypeError(`webhook event ${deliveryId} is message.received without the received SMS`);
    return { id: deliveryId, type: event.event, occurredAt, data: event.inbound };
  }
  return {
    id: deliveryId,
    type: event.event,
    occurredAt,
    data: {
      messageId: event.messageId,
      status: STATUS[event.event],
      ...(event.reference ? { reference: event.reference } : {}),
      ...(event.modemId ? { modemId: event.modemId } : {}),
      attempts: event.attempts,
      ...(event.messageReferences ? { messageReferences: event.messageReferences } : {}),
      ...(event.error ? { error: event.error } : {}),
      ...(event.delivery ? { delivery: event.delivery } : {}),
    },
  };
}
