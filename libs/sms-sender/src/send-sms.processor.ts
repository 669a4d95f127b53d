import { WaitingError, type Job } from 'bullmq';
import { maskPhoneNumber, type RetryState, type SendSmsJobData } from '@sms-gateway/contracts';
import type { GammuModem, SendResult } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import {
  isNetworkRetry,
  NetworkRefusedError,
  NO_FAILURES,
  nextRetryState,
  retryDelay,
  SendAttemptError,
  type BackoffPolicy,
} from '@sms-gateway/queues';
import type { ReadinessGate } from './readiness-gate';

export interface SendSmsProcessorDeps {
  readonly modem: Pick<GammuModem, 'send'>;
  readonly gate: Pick<ReadinessGate, 'check' | 'invalidate'>;
  readonly policy: BackoffPolicy;
  readonly logger: Logger;
  readonly modemId: string;
  /** Called once a job has been handed back because the modem is not registered. */
  readonly onModemNotReady: (state: string) => void;
}

/** What a completed job returns (shown in Bull Board). */
export interface SentMessage {
  readonly modemId: string;
  readonly references: readonly number[];
  readonly parts: number;
  readonly sentAt: string;
}

/** The processor for `send-sms` jobs: readiness gate, one gammu send, typed failure. */
export function createSendSmsProcessor(deps: SendSmsProcessorDeps) {
  return async (job: Job<SendSmsJobData>, token: string | undefined): Promise<SentMessage> => {
    const attempt = job.attemptsMade + 1;
    const previous = startingRetryState(deps.policy, job.data.retry);
    const log = deps.logger.child({ messageId: job.id, modemId: deps.modemId, attempt, to: maskPhoneNumber(job.data.to) });

    const network = await deps.gate.check();
    if (!network.registered) {
      // Hand the message back untouched (no attempt spent) so another modem, or this one
      // once registered, takes it; the worker pauses itself until the network is back.
      log.warn('waiting for network', { event: 'waiting_network', outcome: 'waiting', networkState: network.state });
      await job.moveToWait(token);
      deps.onModemNotReady(network.state);
      throw new WaitingError();
    }
    if (!network.cached) log.info('network ok', { event: 'network_ok', outcome: 'ready', networkState: network.state });

    log.info('sending', { event: 'attempt', outcome: 'sending', segments: job.data.segments, encoding: job.data.encoding });
    const result = await deps.modem.send(job.data.to, job.data.text, job.data.encoding);
    if (result.kind === 'sent') {
      log.info('sent', { event: 'sent', outcome: 'sent', references: result.references, parts: result.parts });
      return { modemId: deps.modemId, references: result.references, parts: result.parts, sentAt: new Date().toISOString() };
    }

    const error = toError(result);
    if (result.kind === 'deviceError' || result.kind === 'timeout') deps.gate.invalidate();
    const retry = nextRetryState(deps.policy, previous, error);
    await job.updateData({ ...job.data, retry });
    const delayMs = retryDelay(deps.policy, retry, error);
    if (delayMs < 0) {
      log.error('failed for good', { event: 'failed', outcome: 'failed', failure: result.kind, error: error.message, otherFailures: retry.otherStreak });
    } else if (isNetworkRetry(deps.policy, error)) {
      log.warn('network error, will retry', { event: 'network_error', outcome: 'retrying', failure: result.kind, code: error.code, networkFailures: retry.networkStreak, nextDelayMs: delayMs });
    } else {
      log.warn('send error, will retry', {
        event: 'send_error',
        outcome: 'retrying',
        failure: result.kind,
        error: error.message,
        otherFailures: retry.otherStreak,
        maxOtherFailures: deps.policy.otherMaxAttempts,
        nextDelayMs: delayMs,
      });
    }
    throw error;
  };
}

/**
 * The counters this attempt starts from. A message that had failed for good is running again
 * only because someone retried it (e.g. from the dashboard): it gets a fresh budget.
 */
function startingRetryState(policy: BackoffPolicy, retry: RetryState | undefined): RetryState {
  return !retry || retry.otherStreak >= policy.otherMaxAttempts ? NO_FAILURES : retry;
}

function toError(result: Exclude<SendResult, { kind: 'sent' }>): Error {
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
