import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import {
  isMessageProgress,
  maskPhoneNumber,
  type MessageError,
  type RetryState,
  type SendSmsJobData,
  type WebhookJobData,
} from '@sms-gateway/contracts';
import type { GammuModem, SendResult } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import {
  isNetworkRetry,
  MessageExpiredError,
  NetworkRefusedError,
  NO_FAILURES,
  nextRetryState,
  retryDelay,
  SendAttemptError,
  type BackoffPolicy,
} from '@sms-gateway/queues';
import { recordStep } from './message-lifecycle';
import type { ReadinessGate } from './readiness-gate';
import type { SendHooks } from './send-hooks';

export interface SendSmsProcessorDeps {
  readonly modem: Pick<GammuModem, 'send'>;
  readonly gate: Pick<ReadinessGate, 'check' | 'invalidate'>;
  readonly policy: BackoffPolicy;
  readonly logger: Logger;
  readonly modemId: string;
  /** Called once a job has been handed back because the modem is not registered. */
  readonly onModemNotReady: (state: string) => void;
  /** Queues the webhook of a final outcome (it decides whether one is configured). */
  readonly notify?: (event: WebhookJobData) => Promise<void>;
  /** True for a job the API answered 503 for (a stalled Redis applied the add later). */
  readonly wasRefused?: (jobId: string) => Promise<boolean>;
  /** Pacing, watchdog and status around each send. */
  readonly hooks?: SendHooks;
  readonly now?: () => number;
}

/** What a completed job returns (shown in Bull Board, and in the v1 status). */
export interface SentMessage {
  readonly modemId: string;
  readonly references: readonly number[];
  readonly parts: number;
  readonly sentAt: string;
}

/** The processor for `send-sms` jobs: expiry, readiness gate, one gammu send, typed failure. */
export function createSendSmsProcessor(deps: SendSmsProcessorDeps) {
  const now = deps.now ?? Date.now;
  return async (job: Job<SendSmsJobData>, token: string | undefined): Promise<SentMessage> => {
    const attempt = job.attemptsMade + 1;
    const { modemId } = deps;
    const log = deps.logger.child({ messageId: job.id, modemId, attempt, to: maskPhoneNumber(job.data.to) });
    const notify = async (event: Omit<WebhookJobData, 'messageId' | 'occurredAt' | 'attempts' | 'modemId'>) =>
      deps.notify?.(outcomeEvent(job, modemId, event));

    if (await deps.wasRefused?.(String(job.id))) {
      log.warn('not sent: the API had refused this message with 503', { event: 'withdrawn', outcome: 'withdrawn' });
      throw new UnrecoverableError('withdrawn: the API answered 503 for it, so its client was told it was not queued');
    }

    if (job.data.expiresAt && now() >= Date.parse(job.data.expiresAt)) {
      const error = new MessageExpiredError(job.data.expiresAt);
      await recordStep(job, 'expired', { modemId, lastError: { kind: 'expired', text: error.message } });
      deps.hooks?.expired();
      await notify({ event: 'message.expired', error: { kind: 'expired', text: error.message } });
      log.warn('expired unsent', { event: 'expired', outcome: 'expired', expiresAt: job.data.expiresAt });
      throw error;
    }

    const network = await deps.gate.check();
    if (!network.registered) {
      // Hand the message back untouched (no attempt spent) so another modem, or this one
      // once registered, takes it; the worker pauses itself until the network is back.
      log.warn('waiting for network', { event: 'waiting_network', outcome: 'waiting', networkState: network.state });
      await recordStep(job, 'waiting_network', { modemId });
      await job.moveToWait(token);
      deps.onModemNotReady(network.state);
      throw new WaitingError();
    }
    if (!network.cached) log.info('network ok', { event: 'network_ok', outcome: 'ready', networkState: network.state });

    await deps.hooks?.beforeSend();
    if (isMessageProgress(job.progress) && job.progress.state === 'sending') {
      // The last run of this message died while gammu was sending (worker killed, power cut):
      // the SMS may already be out. At-least-once: send again, and say so.
      log.warn('the previous attempt was interrupted during the send; sending again (the phone may get it twice)', {
        event: 'resend_after_interruption',
        outcome: 'sending',
        interruptedModemId: job.progress.modemId,
      });
    }
    log.info('sending', { event: 'attempt', outcome: 'sending', segments: job.data.segments, encoding: job.data.encoding });
    await recordStep(job, 'sending', { modemId });
    const result = await deps.modem.send(job.data.to, job.data.text, job.data.encoding);
    if (result.kind === 'sent') {
      await deps.hooks?.afterSend(result, { failedForGood: false });
      log.info('sent', { event: 'sent', outcome: 'sent', references: result.references, parts: result.parts });
      await notify({ event: 'message.sent', messageReferences: result.references });
      return { modemId, references: result.references, parts: result.parts, sentAt: new Date(now()).toISOString() };
    }

    const error = toError(result);
    const lastError = describeFailure(result, error);
    if (result.kind === 'deviceError' || result.kind === 'timeout') deps.gate.invalidate();
    const retry = nextRetryState(deps.policy, startingRetryState(deps.policy, job.data.retry), error);
    await job.updateData({ ...job.data, retry });
    const delayMs = retryDelay(deps.policy, retry, error);
    await deps.hooks?.afterSend(result, { failedForGood: delayMs < 0 });
    if (delayMs < 0) {
      await recordStep(job, 'failed', { modemId, lastError });
      await notify({ event: 'message.failed', error: lastError });
      log.error('failed for good', { event: 'failed', outcome: 'failed', failure: result.kind, error: error.message, otherFailures: retry.otherStreak });
    } else {
      await recordStep(job, 'retrying', { modemId, lastError });
      if (isNetworkRetry(deps.policy, error)) {
        log.warn('network error, will retry', {
          event: 'network_error',
          outcome: 'retrying',
          failure: result.kind,
          code: error.code,
          networkFailures: retry.networkStreak,
          nextDelayMs: delayMs,
        });
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

function outcomeEvent(
  job: Job<SendSmsJobData>,
  modemId: string,
  event: Omit<WebhookJobData, 'messageId' | 'occurredAt' | 'attempts' | 'modemId'>,
): WebhookJobData {
  return {
    ...event,
    messageId: String(job.id),
    occurredAt: new Date().toISOString(),
    attempts: job.attemptsMade + 1,
    modemId,
    ...(job.data.callbackUrl ? { callbackUrl: job.data.callbackUrl } : {}),
    ...(job.data.reference ? { reference: job.data.reference } : {}),
  };
}

function describeFailure(result: Exclude<SendResult, { kind: 'sent' }>, error: Error): MessageError {
  switch (result.kind) {
    case 'networkError':
      return { kind: result.kind, code: result.code, text: error.message };
    case 'deviceError':
      return { kind: result.kind, code: result.exitCode, text: error.message };
    default:
      return { kind: result.kind, text: error.message };
  }
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
