import type { InboundMessage } from './inbound-message';
import type { MessageDelivery } from './message-delivery';
import type { MessageError } from './message-error.schema';
import type { WebhookEventType } from './message-status';

/** Job name on the webhook-deliveries queue. */
export const WEBHOOK_JOB_NAME = 'deliver-webhook';

/** One webhook delivery: the event, and where it goes (resolved when it is delivered). */
export interface WebhookJobData {
  readonly event: WebhookEventType;
  readonly messageId: string;
  /** The message's callbackUrl; absent means WEBHOOK_URL of the delivering process. */
  readonly callbackUrl?: string;
  readonly occurredAt: string;
  readonly reference?: string;
  readonly modemId?: string;
  readonly attempts: number;
  /** gammu's message references, when sent. */
  readonly messageReferences?: readonly number[];
  readonly error?: MessageError;
  /** `message.delivered` / `message.undelivered`: the delivery that became final. */
  readonly delivery?: MessageDelivery;
  /** `message.received`: the stored SMS (its `id` is also `messageId`). */
  readonly inbound?: InboundMessage;
}
