import type { Request, RequestHandler, Response } from 'express';
import { bulkBodyProblems } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { QueueUnavailableError, type IdempotencyStore, type JobEnqueuer, type StoredAnswer } from '@sms-gateway/queues';
import type { CallbackUrlGuard } from '@sms-gateway/webhooks';
import { optedOutRecipients } from '../messages/opted-out-recipients';
import type { TwoWayStores } from '../messages/two-way-stores';
import { acceptedView, prepareMessage, storeJobs } from './accept-messages';
import type { QueueCapacity } from '../messages/queue-capacity';
import { callbackRefusal } from './callback-refusal';
import { OPTED_OUT_DETAILS } from './opt-out-refusal';
import { sendV1Error, V1_ERRORS, v1ErrorBody, type V1ErrorCode } from './v1-errors';

export interface CreateMessagesDeps {
  readonly enqueuer: JobEnqueuer;
  readonly idempotency: IdempotencyStore;
  readonly logger: Logger;
  readonly callbacksEnabled: boolean;
  /** Refuses a callbackUrl that reaches inside the network. */
  readonly callbackGuard: CallbackUrlGuard;
  /** MAX_QUEUED_MESSAGES: refuses new messages while too many are unsent. */
  readonly capacity: QueueCapacity;
  /** ALLOWED_NUMBER_PREFIXES: numbers must start with one of these; empty: any. */
  readonly allowedNumberPrefixes: readonly string[];
  /** The opt-out list: messages to a number on it are refused (`recipient_opted_out`). */
  readonly twoWay: TwoWayStores;
}

const errorAnswer = (code: V1ErrorCode, details?: unknown): StoredAnswer => ({ status: V1_ERRORS[code].status, body: v1ErrorBody(code, details) });
const queueUnavailable = errorAnswer('queue_unavailable');
const queueFull = errorAnswer('queue_full');
/** What a client is told to wait when the queue is full: modems send a few SMS a minute. */
export const QUEUE_FULL_RETRY_AFTER_S = 60;

/**
 * Answers with `produce`, run once per Idempotency-Key when the client sent one. A repeat gets
 * the first answer as it was, without `produce` (which validates) running again: a message
 * accepted before its `expiresAt` passed stays accepted. Bodies are compared as JSON values.
 */
async function answerIdempotently(req: Request, res: Response, idempotency: IdempotencyStore, produce: () => Promise<StoredAnswer>) {
  const key = req.get('idempotency-key');
  let answer: StoredAnswer;
  if (!key) {
    answer = await produce();
  } else {
    let outcome;
    try {
      outcome = await idempotency.run(`v1:${key}`, { method: req.method, path: req.path, body: req.body as unknown }, produce);
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      return sendV1Error(res, 'queue_unavailable');
    }
    if (outcome.kind === 'conflict') return sendV1Error(res, 'idempotency_conflict');
    if (outcome.kind === 'in-progress') return sendV1Error(res, 'idempotency_in_progress');
    if (outcome.kind === 'replayed') res.set('Idempotent-Replayed', 'true');
    answer = outcome.answer;
  }
  // Only a full queue answers 429 here (failed authentication is answered before the route).
  if (answer.status === V1_ERRORS.queue_full.status) res.set('Retry-After', String(QUEUE_FULL_RETRY_AFTER_S));
  res.status(answer.status).json(answer.body);
}

/** Stores the jobs, turning an unreachable queue into a 503 answer. */
async function store(deps: CreateMessagesDeps, jobs: Parameters<typeof storeJobs>[2], ok: () => StoredAnswer): Promise<StoredAnswer> {
  if (deps.capacity.wouldOverflow(jobs.length)) {
    deps.logger.warn('queue full; request refused', { event: 'rejected', reason: 'queue_full', messages: jobs.length });
    return queueFull;
  }
  try {
    await storeJobs(deps.enqueuer, deps.logger, jobs);
    deps.capacity.added(jobs.length);
    return ok();
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    deps.logger.warn('queue unavailable; request refused', { event: 'rejected', error: error.message });
    return queueUnavailable;
  }
}

/** `POST /v1/messages`: one message → 202 with its id and status. */
export const createMessageRoute =
  (deps: CreateMessagesDeps): RequestHandler =>
  async (req, res) => {
    await answerIdempotently(req, res, deps.idempotency, async () => {
      const item = prepareMessage(req.body, deps);
      if (!item.ok) return errorAnswer('validation_failed', item.problems);
      const refusedCallback = await callbackRefusal(item.job, deps.callbackGuard);
      if (refusedCallback) return errorAnswer('callback_url_not_allowed', refusedCallback);
      const optedOut = await optedOutRecipients(deps.twoWay, [item.job], deps.logger, '/v1/messages');
      if (!optedOut) return queueUnavailable;
      if (optedOut[0]) return errorAnswer('recipient_opted_out', OPTED_OUT_DETAILS);
      return store(deps, [item.job], () => ({ status: 202, body: acceptedView(item.job) }));
    });
  };

/** `POST /v1/messages/bulk`: up to 1,000 messages, each validated on its own, stored in one round trip. */
export const createMessagesBulkRoute =
  (deps: CreateMessagesDeps): RequestHandler =>
  async (req, res) => {
    await answerIdempotently(req, res, deps.idempotency, () => createBulk(deps, req.body));
  };

/** Validates each message on its own and stores the valid ones, all together or none. */
async function createBulk(deps: CreateMessagesDeps, body: unknown): Promise<StoredAnswer> {
  const bodyProblems = bulkBodyProblems(body);
  if (bodyProblems) return errorAnswer('validation_failed', bodyProblems);
  const items = (body as { messages: unknown[] }).messages.map((message) => prepareMessage(message, deps));
  const refusedCallbacks = await Promise.all(items.map((item) => (item.ok ? callbackRefusal(item.job, deps.callbackGuard) : undefined)));
  const candidates = items.flatMap((item, index) => (item.ok && !refusedCallbacks[index] ? [item.job] : []));
  const optedOut = await optedOutRecipients(deps.twoWay, candidates, deps.logger, '/v1/messages/bulk');
  if (!optedOut) return queueUnavailable;
  const optedOutIds = new Set(candidates.filter((_, index) => optedOut[index]).map((job) => job.id));
  const jobs = candidates.filter((job) => !optedOutIds.has(job.id));
  const results = items.map((item, index) => {
    if (!item.ok) return { index, ...v1ErrorBody('validation_failed', item.problems) };
    const refused = refusedCallbacks[index];
    if (refused) return { index, ...v1ErrorBody('callback_url_not_allowed', refused) };
    return optedOutIds.has(item.job.id) ? { index, ...v1ErrorBody('recipient_opted_out', OPTED_OUT_DETAILS) } : { index, ...acceptedView(item.job) };
  });
  const summary = { accepted: jobs.length, rejected: items.length - jobs.length };
  if (jobs.length === 0) return { status: 422, body: { ...summary, results } };
  return store(deps, jobs, () => ({ status: 202, body: { ...summary, results } }));
}
