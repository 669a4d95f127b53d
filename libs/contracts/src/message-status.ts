/**
 * A message's state, as clients see it (`GET /v1/messages/:id`):
 * `queued → [scheduled] → [waiting_network] → sending → sent`, or `→ retrying → …`,
 * or `→ failed`, or `→ expired`.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'scheduled',
  'waiting_network',
  'sending',
  'retrying',
  'sent',
  'failed',
  'expired',
] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Final states: the message will not change again (unless retried by hand). */
export const FINAL_STATUSES: readonly MessageStatus[] = ['sent', 'failed', 'expired'];

/** The last failure of a message, as recorded by the worker. */
export interface MessageError {
  /** The network's status code (e.g. 69) or gammu's exit code, when there is one. */
  readonly code?: number;
  /** What went wrong: networkError, deviceError, timeout, unknown or expired. */
  readonly kind: string;
  readonly text: string;
}

/**
 * What the worker records on the job (BullMQ progress) as the message moves on, so the API
 * can answer status requests without asking the worker.
 */
export interface MessageProgress {
  readonly state: MessageStatus;
  readonly modemId?: string;
  readonly lastError?: MessageError;
  /** ISO time of the latest entry into each state. */
  readonly transitions: Partial<Record<MessageStatus, string>>;
}

/** The outcome event delivered to webhooks. */
export type WebhookEventType = 'message.sent' | 'message.failed' | 'message.expired';

/** True for a value the worker recorded with `MessageProgress` (BullMQ progress is untyped). */
export function isMessageProgress(value: unknown): value is MessageProgress {
  return typeof value === 'object' && value !== null && 'state' in value && 'transitions' in value;
}
