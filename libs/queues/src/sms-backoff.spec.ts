import type { MinimalJob } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { RetryState } from '@sms-gateway/contracts';
import { NetworkRefusedError } from './network-refused.error';
import { SendAttemptError } from './send-attempt.error';
import {
  capAtExpiry,
  createSmsBackoffStrategy,
  isNetworkRetry,
  NO_FAILURES,
  nextRetryState,
  retryDelay,
  SMS_BACKOFF_TYPE,
  type BackoffPolicy,
} from './sms-backoff';

/** The contract's defaults. */
const policy: BackoffPolicy = {
  networkCodes: [69],
  networkBaseMs: 5_000,
  networkMaxMs: 60_000,
  otherDelayMs: 10_000,
  otherMaxAttempts: 5,
};

const refused = (code: number) => new NetworkRefusedError(code, 'Unknown error.');
const deviceError = () => new SendAttemptError('deviceError', "gammu exited with 104: Error opening device, it doesn't exist.");
const timeout = () => new SendAttemptError('timeout', 'gammu did not finish within 45000 ms and was killed');
const state = (networkStreak: number, otherStreak: number): RetryState => ({ networkStreak, otherStreak });

/** Feeds failures one by one, as the processor does, and returns each decision. */
function decide(errors: readonly Error[], p: BackoffPolicy = policy): number[] {
  let current = NO_FAILURES;
  return errors.map((error) => {
    current = nextRetryState(p, current, error);
    return retryDelay(p, current, error);
  });
}

describe('retryDelay', () => {
  it.each([
    // [state, error, delay]
    [state(1, 0), refused(69), 5_000],
    [state(2, 0), refused(69), 10_000],
    [state(3, 0), refused(69), 20_000],
    [state(4, 0), refused(69), 40_000],
    [state(5, 0), refused(69), 60_000],
    [state(6, 0), refused(69), 60_000],
    [state(1_000, 0), refused(69), 60_000],
    [state(1_000_000, 0), refused(69), 60_000],
    [state(1, 0), deviceError(), 10_000],
    [state(0, 1), deviceError(), 10_000],
    [state(0, 4), deviceError(), 10_000],
    [state(0, 5), deviceError(), -1],
    [state(0, 6), deviceError(), -1],
    [state(0, 4), timeout(), 10_000],
    [state(0, 5), timeout(), -1],
    [state(0, 4), refused(42), 10_000],
    [state(0, 5), refused(42), -1],
    [state(0, 4), new Error('anything else'), 10_000],
    [state(0, 5), new Error('anything else'), -1],
  ])('%o after %s → %i', (retryState, error, delay) => {
    expect(retryDelay(policy, retryState, error)).toBe(delay);
  });

  it('never gives up on error 69 and never exceeds the maximum, even after 1000 failures in a row', () => {
    const delays = decide(Array.from({ length: 1_000 }, () => refused(69)));
    expect(delays.slice(0, 6)).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(delays.at(-1)).toBe(60_000);
    expect(delays.every((delay) => delay >= 5_000 && delay <= 60_000)).toBe(true);
    expect(delays).not.toContain(-1);
  });

  it('never gives a non-finite delay for a huge network streak', () => {
    expect(retryDelay(policy, state(Number.MAX_SAFE_INTEGER, 0), refused(69))).toBe(60_000);
  });

  it('uses the base delay when the streak has not been counted yet', () => {
    expect(retryDelay(policy, NO_FAILURES, refused(69))).toBe(5_000);
  });

  it('doubles from a custom base up to a custom max', () => {
    const custom = { ...policy, networkBaseMs: 1_000, networkMaxMs: 3_000 };
    expect([1, 2, 3, 4, 50].map((n) => retryDelay(custom, state(n, 0), refused(69)))).toEqual([
      1_000, 2_000, 3_000, 3_000, 3_000,
    ]);
  });

  it('gives other failures otherDelayMs until otherMaxAttempts in a row, then -1', () => {
    expect(decide([deviceError(), timeout(), deviceError(), refused(42), new Error('x')])).toEqual([
      10_000, 10_000, 10_000, 10_000, -1,
    ]);
  });

  it('fails for good on the first other failure when otherMaxAttempts is 1', () => {
    expect(decide([deviceError()], { ...policy, otherMaxAttempts: 1 })).toEqual([-1]);
  });

  it('retries every code in networkCodes without limit', () => {
    const p = { ...policy, networkCodes: [69, 41, 42, 38] };
    const errors = Array.from({ length: 40 }, (_, i) => refused([69, 41, 42, 38][i % 4] ?? 69));
    expect(decide(errors, p)).not.toContain(-1);
  });

  it('counts a NetworkRefusedError whose code is not in networkCodes as "other"', () => {
    expect(decide([refused(42), refused(42), refused(42), refused(42), refused(42)])).toEqual([
      10_000, 10_000, 10_000, 10_000, -1,
    ]);
  });

  it('lets a network-code failure reset the count of other failures', () => {
    const delays = decide([
      deviceError(),
      deviceError(),
      deviceError(),
      deviceError(),
      refused(69),
      deviceError(),
      deviceError(),
      deviceError(),
      deviceError(),
    ]);
    expect(delays).toEqual([10_000, 10_000, 10_000, 10_000, 5_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('lets an other failure restart the network backoff from the base', () => {
    expect(decide([refused(69), refused(69), refused(69), timeout(), refused(69)])).toEqual([
      5_000, 10_000, 20_000, 10_000, 5_000,
    ]);
  });
});

describe('nextRetryState', () => {
  it.each([
    [NO_FAILURES, refused(69), state(1, 0)],
    [state(3, 0), refused(69), state(4, 0)],
    [state(0, 4), refused(69), state(1, 0)],
    [state(2, 3), refused(69), state(3, 0)],
    [NO_FAILURES, deviceError(), state(0, 1)],
    [state(0, 2), timeout(), state(0, 3)],
    [state(7, 0), deviceError(), state(0, 1)],
    [state(0, 2), refused(42), state(0, 3)],
    [state(0, 0), new Error('plain'), state(0, 1)],
  ])('%o then %s → %o', (previous, error, next) => {
    expect(nextRetryState(policy, previous, error)).toEqual(next);
  });

  it('does not change the state it was given', () => {
    const previous = state(2, 0);
    nextRetryState(policy, previous, refused(69));
    expect(previous).toEqual(state(2, 0));
  });
});

describe('isNetworkRetry', () => {
  it('is true only for a NetworkRefusedError whose code is listed', () => {
    expect(isNetworkRetry(policy, refused(69))).toBe(true);
    expect(isNetworkRetry(policy, refused(42))).toBe(false);
    expect(isNetworkRetry(policy, deviceError())).toBe(false);
  });

  it('goes by the error class, not by its message', () => {
    expect(isNetworkRetry(policy, new Error('network refused the SMS with error 69'))).toBe(false);
    expect(isNetworkRetry(policy, new SendAttemptError('networkError', 'error 69'))).toBe(false);
  });
});

describe('createSmsBackoffStrategy', () => {
  const strategy = createSmsBackoffStrategy(policy);
  const job = (retry?: RetryState) => ({ data: retry ? { to: '123', text: 'oi', retry } : { to: '123', text: 'oi' } }) as unknown as MinimalJob;

  it('returns -1 for a backoff type that is not ours', () => {
    expect(strategy(1, 'exponential', refused(69), job(state(1, 0)))).toBe(-1);
    expect(strategy(1, undefined, refused(69), job(state(1, 0)))).toBe(-1);
  });

  it('returns -1 without an error', () => {
    expect(strategy(1, SMS_BACKOFF_TYPE, undefined, job(state(1, 0)))).toBe(-1);
  });

  it('reads the counters from job.data.retry, not from BullMQ’s attempt count', () => {
    expect(strategy(1, SMS_BACKOFF_TYPE, refused(69), job(state(4, 0)))).toBe(40_000);
    expect(strategy(1, SMS_BACKOFF_TYPE, refused(69), job(state(1_000, 0)))).toBe(60_000);
    expect(strategy(500, SMS_BACKOFF_TYPE, deviceError(), job(state(0, 2)))).toBe(10_000);
    expect(strategy(2, SMS_BACKOFF_TYPE, deviceError(), job(state(0, 5)))).toBe(-1);
  });

  it('treats a job without retry data as a first failure', () => {
    expect(strategy(1, SMS_BACKOFF_TYPE, refused(69), job())).toBe(5_000);
    expect(strategy(1, SMS_BACKOFF_TYPE, deviceError(), job())).toBe(10_000);
    expect(strategy(1, SMS_BACKOFF_TYPE, deviceError(), undefined)).toBe(10_000);
  });

  it('fails for good on the first other failure without retry data when otherMaxAttempts is 1', () => {
    expect(createSmsBackoffStrategy({ ...policy, otherMaxAttempts: 1 })(1, SMS_BACKOFF_TYPE, timeout(), job())).toBe(-1);
  });
});

describe('capAtExpiry', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it.each([
    ['no expiry', 60_000, undefined, 60_000],
    ['expiry far ahead', 60_000, '2026-11-25T13:00:00Z', 60_000],
    ['expiry before the next attempt: run at the expiry', 60_000, '2026-11-25T12:00:10Z', 10_000],
    ['already expired: run now', 60_000, '2026-11-25T11:00:00Z', 0],
    ['giving up stays giving up', -1, '2026-11-25T12:00:10Z', -1],
  ])('%s', (_case, delay, expiresAt, expected) => {
    expect(capAtExpiry(delay as number, expiresAt as string | undefined, now)).toBe(expected);
  });
});
