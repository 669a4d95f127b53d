import type { MessageError } from '@sms-gateway/contracts';

/** What a completed job returns (shown in Bull Board, and in the v1 status). */
export interface SentMessage {
  readonly modemId: string;
  readonly references: readonly number[];
  readonly parts: number;
  readonly sentAt: string;
}

/**
 * What one run of a job that reached gammu came to, written as soon as gammu answers and
 * before anything else: a re-run of the job (its lock lapsed while Redis was away) reads it
 * instead of running gammu again.
 */
export type SendRecord =
  | { readonly runId: string; readonly outcome: 'sent'; readonly sent: SentMessage }
  | { readonly runId: string; readonly outcome: 'partially_sent'; readonly lastError: MessageError }
  /** Nothing reached the phone: a later run may send. */
  | { readonly runId: string; readonly outcome: 'not_sent' };
