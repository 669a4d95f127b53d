import type { WebhookJobData } from '@sms-gateway/contracts';

/** The JSON body POSTed to a receiver for one outcome. */
export interface WebhookPayload {
  /** Unique per delivery job: receivers use it to ignore a repeat. */
  readonly id: string;
  readonly type: WebhookJobData['event'];
  readonly occurredAt: string;
  readonly data: {
    readonly messageId: string;
    readonly status: 'sent' | 'failed' | 'expired';
    readonly reference?: string;
    readonly modemId?: string;
    readonly attempts: number;
    readonly messageReferences?: readonly number[];
    readonly error?: WebhookJobData['error'];
  };
}

const STATUS = { 'message.sent': 'sent', 'message.failed': 'failed', 'message.expired': 'expired' } as const;

/** Builds the delivered body from the queued event. Pure. */
export function webhookPayload(deliveryId: string, event: WebhookJobData): WebhookPayload {
  return {
    id: deliveryId,
    type: event.event,
    occurredAt: event.occurredAt,
    data: {
      messageId: event.messageId,
      status: STATUS[event.event],
      ...(event.reference ? { reference: event.reference } : {}),
      ...(event.modemId ? { modemId: event.modemId } : {}),
      attempts: event.attempts,
      ...(event.messageReferences ? { messageReferences: event.messageReferences } : {}),
      ...(event.error ? { error: event.error } : {}),
    },
  };
}
