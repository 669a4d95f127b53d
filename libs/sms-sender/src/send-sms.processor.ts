import { randomUUID } from 'node:crypto';
import { DelayedError, WaitingError, type Job } from 'bullmq';
import { isMessageProgress, maskPhoneNumber, type MessageError, type SendSmsJobData, type WebhookJobData } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { MessageExpiredError, type BackoffPolicy } from '@sms-gateway/queues';
import { decideAfterSend, type AfterSend } from './decide-after-send';
import { decideBeforeSend } from './decide-before-send';
import { InvalidMessageError } from './errors/invalid-message.error';
import { OptedOutError } from './errors/opted-out.error';
import { PartiallySentError } from './errors/partially-sent.error';
import { WithdrawnError } from './errors/withdrawn.error';
import { jobDataProblem } from './job-data-problem';
import { recordStep } from './message-lifecycle';
import type { Modem } from './modem';
import type { SendJournal } from './send-journal';
import type { SendRecord, SentMessage } from './send-record';
import type { WorkerPresence } from './worker-presence';

export type { SentMessage } from './send-record';

/** How long a re-run waits before asking again for the outcome of a send a live worker made. */
const AWAIT_OUTCOME_MS = 5_000;

export interface SendSmsProcessorDeps {
  readonly modem: Pick<Modem, 'checkRegistered' | 'waitTurn' | 'send' | 'count'>;
  readonly journal: Pick<SendJournal, 'record' | 'lookup'>;
  readonly presence: Pick<WorkerPresence, 'instanceId' | 'isAliveElsewhere'>;
  readonly policy: BackoffPolicy;
  readonly logger: Logger;
  readonly modemId: string;
  /** Queues the webhook of an outcome (it decides whether one is configured). */
  readonly notify?: (event: WebhookJobData) => Promise<void>;
  /** True for a job the API answered 503 for (a stalled Redis applied the add later). */
  readonly wasRefused?: (jobId: string) => Promise<boolean>;
  /** True when the recipient has opted out since the message was queued. */
  readonly isOptedOut?: (number: string) => Promise<boolean>;
  /** Told of every send that went out (e.g. to match its delivery reports later). */
  readonly onSent?: (sent: SentNotice) => Promise<void>;
  /** Aborted on shutdown: a message still waiting for its turn (pacing) is handed back. */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/** A send that went out, with what its delivery reports need (webhook target, client reference). */
export type SentNotice = SentMessage & {
  readonly messageId: string;
  readonly to: string;
  readonly attempts: number;
  readonly callbackUrl?: string;
  readonly reference?: string;
};

type OutcomeEvent = Omit<WebhookJobData, 'messageId' | 'occurredAt' | 'attempts' | 'modemId'>;

/**
 * The processor of `send-sms` jobs. What happens is decided by two pure functions —
 * `decideBeforeSend` (may this run send at all?) and `decideAfterSend` (gammu's answer →
 * sent, retry in N ms, or failed) — and carried out here: records, webhooks, logs.
 */
export function createSendSmsProcessor(deps: SendSmsProcessorDeps) {
  const now = deps.now ?? Date.now;
  return async (job: Job<SendSmsJobData>, token: string | undefined): Promise<SentMessage> => {
    const { modemId } = deps;
    const jobId = String(job.id);
    const data: SendSmsJobData = job.data;
    const log = deps.logger.child({ messageId: job.id, modemId, attempt: job.attemptsMade + 1, to: maskPhoneNumber(String(data.to)) });
    const notify = (event: OutcomeEvent) => deps.notify?.(outcomeEvent(job, modemId, event, now));
    const sentNotice = (sent: SentMessage) =>
      deps.onSent?.({
        ...sent,
        messageId: jobId,
        to: data.to,
        attempts: job.attemptsMade + 1,
        ...(data.callbackUrl ? { callbackUrl: data.callbackUrl } : {}),
        ...(data.reference ? { reference: data.reference } : {}),
      });
    const fail = async (lastError: MessageError) => {
      await recordStep(job, 'failed', { modemId, lastError });
      await notify({ event: 'message.failed', error: lastError });
    };

    const progress = isMessageProgress(job.progress) ? job.progress : undefined;
    const interrupted = progress?.state === 'sending' ? progress.sendRun : undefined;
    const dataProblem = jobDataProblem(data);
    const [refused, record, ownerAlive, optedOut] = await Promise.all([
      deps.wasRefused?.(jobId) ?? false,
      deps.journal.lookup(jobId),
      interrupted ? deps.presence.isAliveElsewhere(interrupted.instanceId) : false,
      dataProblem ? false : (deps.isOptedOut?.(data.to) ?? false),
    ]);
    const before = decideBeforeSend({
      refused,
      ...(record ? { record } : {}),
      ...(interrupted ? { interrupted: { runId: interrupted.runId, ownerAlive } } : {}),
      ...(data.expiresAt ? { expiresAt: data.expiresAt } : {}),
      now: now(),
      ...(dataProblem ? { dataProblem } : {}),
      optedOut,
    });

    switch (before.kind) {
      case 'withdraw':
        log.warn('not sent: the API had refused this message with 503', { event: 'withdrawn', outcome: 'withdrawn' });
        throw new WithdrawnError();
      case 'already_sent':
        // The run that sent it could not finish the job (its lock lapsed while Redis was away).
        // What that run may not have got to is done again; each step is idempotent.
        log.info('already sent by an earlier run; not sent again', { event: 'already_sent', outcome: 'sent', references: before.sent.references });
        await sentNotice(before.sent);
        await notify({ event: 'message.sent', messageReferences: before.sent.references });
        return before.sent;
      case 'already_partially_sent': {
        log.error('failed for good: parts already went out', { event: 'failed', outcome: 'failed', failure: 'partially_sent' });
        await fail(before.lastError);
        throw new PartiallySentError(before.lastError.partsSent?.sent ?? 0, before.lastError.partsSent?.of ?? 0);
      }
      case 'await_outcome':
        log.info('another worker sent this message and has not recorded the outcome yet; asking again shortly', {
          event: 'awaiting_outcome',
          outcome: 'waiting',
        });
        await job.moveToDelayed(now() + AWAIT_OUTCOME_MS, token);
        throw new DelayedError();
      case 'expire': {
        const error = new MessageExpiredError(data.expiresAt ?? '');
        await recordStep(job, 'expired', { modemId, lastError: { kind: 'expired', text: error.message } });
        deps.modem.count('expired');
        await notify({ event: 'message.expired', error: { kind: 'expired', text: error.message } });
        log.warn('expired unsent', { event: 'expired', outcome: 'expired', expiresAt: data.expiresAt });
        throw error;
      }
      case 'reject': {
        const error = new InvalidMessageError(before.problem);
        await fail({ kind: 'invalid', text: error.message });
        deps.modem.count('failed');
        log.error('failed for good: the stored message can never be sent', { event: 'failed', outcome: 'failed', failure: 'invalid', error: error.message });
        throw error;
      }
      case 'opted_out': {
        const error = new OptedOutError();
        await fail({ kind: 'opted_out', text: error.message });
        log.warn('not sent: the recipient opted out', { event: 'opted_out', outcome: 'failed' });
        throw error;
      }
      case 'send':
        break;
    }

    const network = await deps.modem.checkRegistered();
    if (!network.registered) {
      // Hand the message back untouched (no attempt spent) so another modem, or this one once
      // registered, takes it; the modem's "not registered" answer pauses this worker.
      log.warn('waiting for network', { event: 'waiting_network', outcome: 'waiting', networkState: network.state });
      await recordStep(job, 'waiting_network', { modemId });
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (!network.cached) log.info('network ok', { event: 'network_ok', outcome: 'ready', networkState: network.state });

    await deps.modem.waitTurn(deps.signal);
    if (before.resend) {
      // The worker of an earlier run died while gammu was sending: the SMS may be out already.
      log.warn('the previous attempt was interrupted during the send; sending again (the phone may get it twice)', {
        event: 'resend_after_interruption',
        outcome: 'sending',
        interruptedModemId: progress?.modemId,
      });
    }
    const runId = randomUUID();
    log.info('sending', { event: 'attempt', outcome: 'sending', segments: data.segments, encoding: data.encoding });
    await recordStep(job, 'sending', { modemId, sendRun: { instanceId: deps.presence.instanceId, runId } });
    const result = await deps.modem.send(data.to, data.text, data.encoding);
    const sentAt = new Date(now()).toISOString();
    const after = decideAfterSend(result, data.retry, deps.policy);
    if (after.kind === 'sent') log.info('sent', { event: 'sent', outcome: 'sent', references: after.references, parts: after.parts });
    // Before anything else reaches Redis, so that a re-run of this job never sends what went out.
    await deps.journal.record(jobId, sendRecord(after, runId, modemId, sentAt));

    switch (after.kind) {
      case 'sent': {
        const sent: SentMessage = { modemId, references: after.references, parts: after.parts, sentAt };
        await sentNotice(sent);
        await notify({ event: 'message.sent', messageReferences: after.references });
        return sent;
      }
      case 'partially_sent':
        deps.modem.count('failed');
        await fail(after.lastError);
        log.error('failed for good: a later part failed after earlier parts went out; not sent again', {
          event: 'failed',
          outcome: 'failed',
          failure: 'partially_sent',
          partsSent: after.lastError.partsSent,
          error: after.error.message,
        });
        throw after.error;
      case 'failed':
        await job.updateData({ ...data, retry: after.retry });
        deps.modem.count('failed');
        await fail(after.lastError);
        log.error('failed for good', { event: 'failed', outcome: 'failed', failure: result.kind, error: after.error.message, otherFailures: after.retry.otherStreak });
        throw after.error;
      case 'retry':
        await job.updateData({ ...data, retry: after.retry });
        deps.modem.count('retrying', after.lastError.code !== undefined && result.kind === 'networkError' ? String(after.lastError.code) : result.kind);
        await recordStep(job, 'retrying', { modemId, lastError: after.lastError });
        logRetry(log, after, result.kind, deps.policy.otherMaxAttempts);
        throw after.error;
    }
  };
}

function sendRecord(after: AfterSend, runId: string, modemId: string, sentAt: string): SendRecord {
  switch (after.kind) {
    case 'sent':
      return { runId, outcome: 'sent', sent: { modemId, references: after.references, parts: after.parts, sentAt } };
    case 'partially_sent':
      return { runId, outcome: 'partially_sent', lastError: after.lastError };
    default:
      return { runId, outcome: 'not_sent' };
  }
}

function logRetry(log: Logger, after: Extract<AfterSend, { kind: 'retry' }>, failure: string, maxOtherFailures: number): void {
  if (after.networkRetry) {
    log.warn('network error, will retry', {
      event: 'network_error',
      outcome: 'retrying',
      failure,
      code: after.lastError.code,
      networkFailures: after.retry.networkStreak,
      nextDelayMs: after.delayMs,
    });
  } else {
    log.warn('send error, will retry', {
      event: 'send_error',
      outcome: 'retrying',
      failure,
      error: after.error.message,
      otherFailures: after.retry.otherStreak,
      maxOtherFailures,
      nextDelayMs: after.delayMs,
    });
  }
}

function outcomeEvent(job: Job<SendSmsJobData>, modemId: string, event: OutcomeEvent, now: () => number): WebhookJobData {
  return {
    ...event,
    messageId: String(job.id),
    occurredAt: new Date(now()).toISOString(),
    attempts: job.attemptsMade + 1,
    modemId,
    ...(job.data.callbackUrl ? { callbackUrl: job.data.callbackUrl } : {}),
    ...(job.data.reference ? { reference: job.data.reference } : {}),
  };
}
