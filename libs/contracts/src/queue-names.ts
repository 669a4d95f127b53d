/**
 * Queue names are part of the keys stored in Redis (`<QUEUE_PREFIX>:<name>:…`).
 * Renaming one strands every job already queued under the old name: it needs a migration.
 */
export const QUEUE_NAMES = {
  /** Outgoing SMS, one job per message. */
  outgoingSms: 'outgoing-sms',
  /** Webhook deliveries of final outcomes, retried on their own so a slow receiver never delays SMS. */
  webhookDeliveries: 'webhook-deliveries',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
