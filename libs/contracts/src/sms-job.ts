import type { SmsEncoding } from './sms-text';

/** Job names on the outgoing-sms queue; a worker refuses to start without a processor for each. */
export const SMS_JOB_NAMES = {
  send: 'send-sms',
} as const;

export type SmsJobName = (typeof SMS_JOB_NAMES)[keyof typeof SMS_JOB_NAMES];

/** Payload of a `send-sms` job, as stored in Redis. Never holds the API token. */
export interface SendSmsJobData {
  /** Normalised recipient: optional `+`, then 3–20 digits. */
  readonly to: string;
  /** The text exactly as it must reach the phone (NFC-normalised). */
  readonly text: string;
  /** Encoding chosen when the message was accepted. */
  readonly encoding: SmsEncoding;
  /** Number of SMS parts the text needs. */
  readonly segments: number;
  /** Which API accepted it. */
  readonly source: 'enviar-sms' | 'v1';
  /** ISO time the API accepted it. */
  readonly acceptedAt: string;
  /** ISO time before which it must not be sent (v1 `sendAt`). */
  readonly sendAt?: string;
  /** ISO time after which it must never be sent; it then ends as `expired`. */
  readonly expiresAt?: string;
  /** Where the final outcome is POSTed, instead of WEBHOOK_URL. */
  readonly callbackUrl?: string;
  /** The client's own reference, echoed back in status and webhooks. */
  readonly reference?: string;
  /** Retry bookkeeping written by the worker; absent until the first failure. */
  readonly retry?: RetryState;
}

/** Consecutive-failure counters the backoff strategy reads. */
export interface RetryState {
  /** Consecutive failures with a network code (e.g. 69). */
  readonly networkStreak: number;
  /** Consecutive other failures; reset by a network-code failure. */
  readonly otherStreak: number;
}

/** Ties each job name to its payload (immich's JobOf pattern). */
export interface SmsJobDataByName {
  [SMS_JOB_NAMES.send]: SendSmsJobData;
}

export type SmsJobOf<N extends SmsJobName> = SmsJobDataByName[N];
