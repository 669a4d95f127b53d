import type { MinimalJob } from 'bullmq';
import type { RetryState, SendSmsJobData } from '@sms-gateway/contracts';
import { NetworkRefusedError } from './network-refused.error';

/** Name of the custom backoff type stored in each job's options. */
export const SMS_BACKOFF_TYPE = 'sms-retry';

/** The retry settings the strategy needs (a subset of the worker configuration). */
export interface BackoffPolicy {
  readonly networkCodes: readonly number[];
  readonly networkBaseMs: number;
  readonly networkMaxMs: number;
  readonly otherDelayMs: number;
  readonly otherMaxAttempts: number;
}

export const NO_FAILURES: RetryState = { networkStreak: 0, otherStreak: 0 };

/** True when this failure is retried without limit. */
export function isNetworkRetry(policy: BackoffPolicy, error: Error): error is NetworkRefusedError {
  return error instanceof NetworkRefusedError && policy.networkCodes.includes(error.code);
}

/** The counters after one more failure: a network-code failure resets the other count. */
export function nextRetryState(policy: BackoffPolicy, previous: RetryState, error: Error): RetryState {
  return isNetworkRetry(policy, error)
    ? { networkStreak: previous.networkStreak + 1, otherStreak: 0 }
    : { networkStreak: 0, otherStreak: previous.otherStreak + 1 };
}

/**
 * Delay before the next attempt, or -1 to fail for good. Pure.
 * `state` already counts the failure being decided on.
 */
export function retryDelay(policy: BackoffPolicy, state: RetryState, error: Error): number {
  if (isNetworkRetry(policy, error)) {
    const doublings = Math.min(state.networkStreak - 1, 30); // 2^30 × base already exceeds any sane max
    return Math.min(policy.networkBaseMs * 2 ** Math.max(doublings, 0), policy.networkMaxMs);
  }
  return state.otherStreak >= policy.otherMaxAttempts ? -1 : policy.otherDelayMs;
}

/**
 * A retry is never scheduled past the message's expiry: it then runs at `expiresAt`, when the
 * worker ends it as expired instead of sending it. Pure.
 */
export function capAtExpiry(delayMs: number, expiresAt: string | undefined, now: number): number {
  if (delayMs < 0 || !expiresAt) return delayMs;
  return Math.max(0, Math.min(delayMs, Date.parse(expiresAt) - now));
}

/** The BullMQ backoff strategy registered on the worker (`settings.backoffStrategy`). */
export function createSmsBackoffStrategy(policy: BackoffPolicy, now: () => number = Date.now) {
  return (_attemptsMade: number, type: string | undefined, error: Error | undefined, job: MinimalJob | undefined): number => {
    if (type !== SMS_BACKOFF_TYPE || !error) return -1;
    const data = job?.data as SendSmsJobData | undefined;
    const state = data?.retry ?? nextRetryState(policy, NO_FAILURES, error);
    return capAtExpiry(retryDelay(policy, state, error), data?.expiresAt, now());
  };
}
