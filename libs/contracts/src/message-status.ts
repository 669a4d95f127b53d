import type { MessageError } from './message-error.schema';

/**
 * A message's state, as clients see it (`GET /v1/messages/:id`):
 * `queued → [scheduled] → [waiting_network] → sending → sent [→ delivered | undelivered]`,
 * or `→ retrying → …`, or `→ failed`, or `→ expired`.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'scheduled',
  'waiting_network',
  'sending',
  'retrying',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'expired',
] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Final states: a client that saw one never sees another (unless retried by hand). `sent`
 * is final in this sense too: a delivery report only adds `delivered` / `undelivered`.
 */
export const FINAL_STATUSES: readonly MessageStatus[] = ['sent', 'delivered', 'undelivered', 'failed', 'expired'];

/**
 * What the worker records on the job (BullMQ progress) as the message moves on, so the API
 * can answer status requests without asking the worker.
 */
export interface MessageProgress {
  readonly state: MessageStatus;
  readonly modemId?: string;
  /**
   * With `sending`: which worker process ran gammu, and which run of the job it was, so that a
   * re-run (a lapsed lock after a Redis outage) can tell a send whose outcome is on its way
   * from one whose worker died.
   */
  readonly sendRun?: { readonly instanceId: string; readonly runId: string };
  readonly lastError?: MessageError;
  /** ISO time of the latest entry into each state. */
  readonly transitions: Partial<Record<MessageStatus, string>>;
}

/** The events delivered to webhooks: a message's outcome, its delivery report, a received SMS. */
export const WEBHOOK_EVENT_TYPES = [
  'message.sent',
  'message.failed',
  'message.expired',
  'message.delivered',
  'message.undelivered',
  'message.received',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** True for a value the worker recorded with `MessageProgress` (BullMQ progress is untyped). */
export function isMessageProgress(value: unknown): value is MessageProgress {
  return typeof value === 'object' && value !== null && 'state' in value && 'transitions' in value;
}
