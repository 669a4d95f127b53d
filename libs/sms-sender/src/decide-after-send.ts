import type { MessageError, RetryState } from '@sms-gateway/contracts';
import type { SendResult } from '@sms-gateway/gammu';
import {
  isNetworkRetry,
  NetworkRefusedError,
  NO_FAILURES,
  nextRetryState,
  retryDelay,
  SendAttemptError,
  type BackoffPolicy,
} from '@sms-gateway/queues';
import { PartiallySentError } from './errors/partially-sent.error';

type Failure = Exclude<SendResult, { kind: 'sent' }>;

/** What happens to a message once gammu has answered. */
export type AfterSend =
  | { readonly kind: 'sent'; readonly references: readonly number[]; readonly parts: number }
  /** Fails for good: some parts reached the phone, and a resend would repeat them. */
  | { readonly kind: 'partially_sent'; readonly error: PartiallySentError; readonly lastError: MessageError }
  | {
      readonly kind: 'retry';
      readonly delayMs: number;
      readonly retry: RetryState;
      /** Thrown to BullMQ: the backoff strategy reads its type. */
      readonly error: Error;
      readonly lastError: MessageError;
      /** A network code retried without limit (69 by default), not one of the capped failures. */
      readonly networkRetry: boolean;
      /** A device error or timeout: the modem may have dropped off the network. */
      readonly recheckNetwork: boolean;
    }
  | {
      readonly kind: 'failed';
      readonly retry: RetryState;
      readonly error: Error;
      readonly lastError: MessageError;
      readonly recheckNetwork: boolean;
    };

/**
 * gammu's answer and the message's retry counters → sent, retry in N ms, or failed for good.
 * Pure: the send processor carries the decision out.
 */
export function decideAfterSend(result: SendResult, previous: RetryState | undefined, policy: BackoffPolicy): AfterSend {
  if (result.kind === 'sent') return { kind: 'sent', references: result.references, parts: result.parts };
  if (result.partsSent) {
    const { sent, of } = result.partsSent;
    const error = new PartiallySentError(sent, of);
    return { kind: 'partially_sent', error, lastError: { kind: 'partially_sent', text: error.message, partsSent: { sent, of } } };
  }
  const error = errorOf(result);
  const retry = nextRetryState(policy, startingRetryState(policy, previous), error);
  const delayMs = retryDelay(policy, retry, error);
  const lastError = describeFailure(result, error);
  const recheckNetwork = result.kind === 'deviceError' || result.kind === 'timeout';
  if (delayMs < 0) return { kind: 'failed', retry, error, lastError, recheckNetwork };
  return { kind: 'retry', delayMs, retry, error, lastError, networkRetry: isNetworkRetry(policy, error), recheckNetwork };
}

/**
 * The counters this attempt starts from. A message that had failed for good is running again
 * only because someone retried it (e.g. from the dashboard): it gets a fresh budget.
 */
function startingRetryState(policy: BackoffPolicy, retry: RetryState | undefined): RetryState {
  return !retry || retry.otherStreak >= policy.otherMaxAttempts ? NO_FAILURES : retry;
}

function errorOf(result: Failure): Error {
  switch (result.kind) {
    case 'networkError':
      return new NetworkRefusedError(result.code, result.detail);
    case 'deviceError':
      return new SendAttemptError('deviceError', `gammu exited with ${result.exitCode}: ${result.detail}`);
    case 'timeout':
      return new SendAttemptError('timeout', `gammu did not finish within ${result.afterMs} ms and was killed`);
    case 'unknown':
      return new SendAttemptError('unknown', result.detail);
  }
}

function describeFailure(result: Failure, error: Error): MessageError {
  switch (result.kind) {
    case 'networkError':
      return { kind: result.kind, code: result.code, text: error.message };
    case 'deviceError':
      return { kind: result.kind, code: result.exitCode, text: error.message };
    default:
      return { kind: result.kind, text: error.message };
  }
}
