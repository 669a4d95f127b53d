import type { MessageError } from '@sms-gateway/contracts';
import type { SendRecord, SentMessage } from './send-record';

/** What is known about a job when a run of it starts. */
export interface BeforeSendFacts {
  /** The API answered 503 for it. */
  readonly refused: boolean;
  /** What the last run that reached gammu came to, if any run did. */
  readonly record?: SendRecord;
  /**
   * An earlier run recorded `sending` and did not finish: which run, and whether the worker
   * process that ran it is still alive (its outcome is then on its way).
   */
  readonly interrupted?: { readonly runId: string; readonly ownerAlive: boolean };
  readonly expiresAt?: string;
  readonly now: number;
  /** Why the stored number or text can never be sent, when it cannot. */
  readonly dataProblem?: string;
  readonly optedOut: boolean;
}

export type BeforeSend =
  | { readonly kind: 'withdraw' }
  /** An earlier run sent it: finish as sent without running gammu again. */
  | { readonly kind: 'already_sent'; readonly sent: SentMessage }
  | { readonly kind: 'already_partially_sent'; readonly lastError: MessageError }
  /** A live worker ran gammu for it and has not recorded the outcome yet: ask again shortly. */
  | { readonly kind: 'await_outcome' }
  | { readonly kind: 'expire' }
  | { readonly kind: 'reject'; readonly problem: string }
  | { readonly kind: 'opted_out' }
  /** `resend`: the worker of an earlier run died while gammu ran; the phone may get it twice. */
  | { readonly kind: 'send'; readonly resend: boolean };

/** Whether this run may send, and if not, what becomes of the message. Pure. */
export function decideBeforeSend(facts: BeforeSendFacts): BeforeSend {
  const { record, interrupted } = facts;
  if (facts.refused) return { kind: 'withdraw' };
  if (record?.outcome === 'sent') return { kind: 'already_sent', sent: record.sent };
  if (record?.outcome === 'partially_sent') return { kind: 'already_partially_sent', lastError: record.lastError };
  const unrecordedRun = interrupted !== undefined && record?.runId !== interrupted.runId;
  // A send in flight decides the outcome, even past the expiry.
  if (unrecordedRun && interrupted.ownerAlive) return { kind: 'await_outcome' };
  if (facts.expiresAt && facts.now >= Date.parse(facts.expiresAt)) return { kind: 'expire' };
  if (facts.dataProblem) return { kind: 'reject', problem: facts.dataProblem };
  if (facts.optedOut) return { kind: 'opted_out' };
  return { kind: 'send', resend: unrecordedRun };
}
