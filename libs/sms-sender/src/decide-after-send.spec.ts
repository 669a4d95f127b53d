import { describe, expect, it } from 'vitest';
import type { RetryState } from '@sms-gateway/contracts';
import type { SendResult } from '@sms-gateway/gammu';
import { NetworkRefusedError, SendAttemptError, type BackoffPolicy } from '@sms-gateway/queues';
import { decideAfterSend } from './decide-after-send';
import { PartiallySentError } from './errors/partially-sent.error';

const policy: BackoffPolicy = { networkCodes: [69], networkBaseMs: 5_000, networkMaxMs: 60_000, otherDelayMs: 10_000, otherMaxAttempts: 5 };
const streak = (networkStreak: number, otherStreak: number): RetryState => ({ networkStreak, otherStreak });

const refused = (code: number): SendResult => ({ kind: 'networkError', code, detail: 'Unknown error.' });
const device = (exitCode: number): SendResult => ({ kind: 'deviceError', exitCode, detail: "Error opening device, it doesn't exist." });
const timeout: SendResult = { kind: 'timeout', afterMs: 45_000 };

describe('decideAfterSend', () => {
  it('reports a send gammu confirmed as sent, with its references and parts', () => {
    expect(decideAfterSend({ kind: 'sent', references: [12, 13], parts: 2 }, undefined, policy)).toEqual({ kind: 'sent', references: [12, 13], parts: 2 });
  });

  it.each([
    // result, retry before, delay, network retry, counters after
    ['error 69, first time', refused(69), undefined, 5_000, true, streak(1, 0)],
    ['error 69, third in a row: doubled twice', refused(69), streak(2, 0), 20_000, true, streak(3, 0)],
    ['error 69, far into an outage: capped at the max', refused(69), streak(40, 0), 60_000, true, streak(41, 0)],
    ['error 69 after other failures: resets their count', refused(69), streak(0, 4), 5_000, true, streak(1, 0)],
    ['error 42 (not listed): a capped failure', refused(42), undefined, 10_000, false, streak(0, 1)],
    ['a device error', device(104), streak(0, 3), 10_000, false, streak(0, 4)],
    ['a timeout', timeout, streak(5, 0), 10_000, false, streak(0, 1)],
    ['gammu killed by a signal', { kind: 'unknown', detail: 'gammu was killed by SIGKILL' } as SendResult, undefined, 10_000, false, streak(0, 1)],
    ['a capped failure after a message failed for good and was retried by hand: fresh budget', device(114), streak(0, 5), 10_000, false, streak(0, 1)],
  ] as const)('%s → retry', (_name, result, before, delayMs, networkRetry, after) => {
    expect(decideAfterSend(result, before, policy)).toMatchObject({ kind: 'retry', delayMs, networkRetry, retry: after });
  });

  it('fails for good on the fifth capped failure in a row', () => {
    const decision = decideAfterSend(device(104), streak(0, 4), policy);
    expect(decision).toMatchObject({ kind: 'failed', retry: streak(0, 5), lastError: { kind: 'deviceError', code: 104 } });
  });

  it('never fails a network-code refusal for good, however many came before', () => {
    expect(decideAfterSend(refused(69), streak(10_000, 0), policy).kind).toBe('retry');
  });

  it('throws a NetworkRefusedError for a listed code, so the backoff strategy retries it forever', () => {
    const decision = decideAfterSend(refused(69), undefined, policy);
    expect(decision.kind === 'retry' && decision.error).toBeInstanceOf(NetworkRefusedError);
    expect(decision).toMatchObject({ lastError: { kind: 'networkError', code: 69 } });
  });

  it('throws a SendAttemptError for a timeout, and says so in lastError', () => {
    const decision = decideAfterSend(timeout, undefined, policy);
    expect(decision.kind === 'retry' && decision.error).toBeInstanceOf(SendAttemptError);
    expect(decision).toMatchObject({ lastError: { kind: 'timeout' }, recheckNetwork: true });
  });

  it.each([
    ['a device error', device(104), true],
    ['a timeout', timeout, true],
    ['a network refusal', refused(69), false],
  ] as const)('after %s the network is re-checked before the next send: %s', (_name, result, recheck) => {
    expect(decideAfterSend(result, undefined, policy)).toMatchObject({ recheckNetwork: recheck });
  });

  it.each([
    ['a later part refused with 69', { ...refused(69), partsSent: { sent: 1, of: 3, references: [7] } } as SendResult],
    ['a later part refused with 42', { ...refused(42), partsSent: { sent: 2, of: 3, references: [7, 8] } } as SendResult],
    ['a timeout after the first part', { ...timeout, partsSent: { sent: 1, of: 2, references: [7] } } as SendResult],
  ])('fails for good, unsent again, when %s (no part may reach the phone twice)', (_name, result) => {
    const decision = decideAfterSend(result, undefined, policy);
    expect(decision.kind).toBe('partially_sent');
    if (decision.kind !== 'partially_sent') return;
    expect(decision.error).toBeInstanceOf(PartiallySentError);
    expect(decision.lastError).toMatchObject({ kind: 'partially_sent', partsSent: { of: result.kind === 'timeout' ? 2 : 3 } });
  });
});
