import type { Job, JobState } from 'bullmq';
import {
  isMessageProgress,
  maskPhoneNumber,
  type MessageProgress,
  type MessageStatus,
  type MessageView,
  type SendSmsJobData,
} from '@sms-gateway/contracts';

/** A message as `GET /v1/messages/:id` shows it: its type is derived from the schema in contracts. */
export type { MessageView };

interface SentReturn {
  readonly modemId?: string;
  readonly references?: readonly number[];
}

/**
 * Maps BullMQ's state and what the worker recorded onto the message lifecycle. Pure.
 * A final status comes only from a final BullMQ state, never from the clock: a message past its
 * `expiresAt` shows `expired` once it has been ended so in Redis (by the API's expiry enforcer,
 * or by the worker that took it), because until then a send may still be under way, and its
 * outcome wins. `_now` is kept for callers that pass the time of the read.
 */
export function messageStatus(job: Job<SendSmsJobData>, state: JobState | 'unknown', _now?: number): MessageStatus {
  const progress = isMessageProgress(job.progress) ? job.progress : undefined;
  if (state === 'completed') return 'sent';
  if (state === 'failed') return progress?.state === 'expired' ? 'expired' : 'failed';
  // A run reached gammu and its outcome is not recorded yet: still `sending`, also when the job
  // was handed back meanwhile (its lock lapsed while Redis was away; the next run settles it).
  // Active but not yet sending: the worker is checking the network, and the message is still
  // in the state it was in before (gammu only runs once `sending` is recorded).
  if (progress?.state === 'sending') return 'sending';
  // Delayed without progress: held until its sendAt, or (REDIS_MIN_REPLICAS_ACK) for a moment
  // while the API waits for the replicas; only the first is `scheduled`.
  if (state === 'delayed') return progress ? 'retrying' : job.data.sendAt ? 'scheduled' : 'queued';
  if (progress?.state === 'waiting_network' || progress?.state === 'retrying') return progress.state;
  return 'queued';
}

export function toMessageView(job: Job<SendSmsJobData>, state: JobState | 'unknown', now = Date.now()): MessageView {
  const status = messageStatus(job, state, now);
  const progress = isMessageProgress(job.progress) ? job.progress : undefined;
  const sent = status === 'sent' ? (job.returnvalue as SentReturn | undefined) : undefined;
  const finishedAt = job.finishedOn ? new Date(job.finishedOn).toISOString() : undefined;
  const transitions: Partial<Record<MessageStatus, string>> = {
    queued: job.data.acceptedAt,
    ...(job.data.sendAt ? { scheduled: job.data.acceptedAt } : {}),
    ...progress?.transitions,
    ...(finishedAt && (status === 'sent' || status === 'failed') ? { [status]: finishedAt } : {}),
  };
  const modemId = sent?.modemId ?? progress?.modemId;
  return {
    id: String(job.id),
    status,
    to: maskPhoneNumber(job.data.to),
    segments: job.data.segments,
    encoding: job.data.encoding,
    ...(job.data.reference ? { reference: job.data.reference } : {}),
    createdAt: job.data.acceptedAt,
    ...(job.data.sendAt ? { sendAt: job.data.sendAt } : {}),
    ...(job.data.expiresAt ? { expiresAt: job.data.expiresAt } : {}),
    attempts: attemptsOf(job, status, state, progress),
    ...(modemId ? { modemId } : {}),
    ...(sent?.references ? { messageReferences: sent.references } : {}),
    ...(progress?.lastError && status !== 'sent' ? { lastError: progress.lastError } : {}),
    transitions,
  };
}

/**
 * BullMQ counts a run in attemptsMade only once the job leaves `active`. Until then, a send in
 * progress is an attempt, and so is one that already failed in this run: the worker records
 * `retrying` just before BullMQ moves the job to delayed and counts it.
 */
function attemptsOf(job: Job<SendSmsJobData>, status: MessageStatus, state: JobState | 'unknown', progress: MessageProgress | undefined): number {
  const retryingAt = progress?.transitions.retrying;
  const failedInThisRun = state === 'active' && status === 'retrying' && retryingAt !== undefined && Date.parse(retryingAt) >= (job.processedOn ?? Infinity);
  return status === 'sending' || failedInThisRun ? job.attemptsMade + 1 : job.attemptsMade;
}
