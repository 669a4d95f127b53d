import { checkV1Message, maskPhoneNumber, type AcceptedMessage, type V1FieldProblem } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import type { JobEnqueuer, SmsJobRequest } from '@sms-gateway/queues';
import { hasAllowedPrefix, isTooFarAhead, MAX_SEND_AHEAD_MS } from '../messages/message-limits';
import { newSmsJob } from '../messages/new-sms-job';

export type ItemCheck = { readonly ok: true; readonly job: SmsJobRequest } | { readonly ok: false; readonly problems: readonly V1FieldProblem[] };

/** Validates one v1 message and, when valid, builds its job. */
export function prepareMessage(body: unknown, options: { callbacksEnabled: boolean; allowedNumberPrefixes: readonly string[] }): ItemCheck {
  const check = checkV1Message(body);
  if (!check.ok) return check;
  if (check.message.callbackUrl && !options.callbacksEnabled) {
    return { ok: false, problems: [{ field: 'callbackUrl', message: '"callbackUrl" needs WEBHOOK_SECRET to be set on the server' }] };
  }
  if (!hasAllowedPrefix(check.message.to, options.allowedNumberPrefixes)) {
    return { ok: false, problems: [{ field: 'to', message: `"to" must start with ${options.allowedNumberPrefixes.join(' or ')} (ALLOWED_NUMBER_PREFIXES)` }] };
  }
  if (isTooFarAhead(check.message.sendAt, Date.now())) {
    return { ok: false, problems: [{ field: 'sendAt', message: `"sendAt" must be at most ${MAX_SEND_AHEAD_MS / 86_400_000} days ahead` }] };
  }
  return { ok: true, job: newSmsJob({ ...check.message, source: 'v1' }) };
}

export function acceptedView(job: SmsJobRequest): AcceptedMessage {
  const { data } = job;
  return {
    id: job.id,
    status: job.delayMs ? 'scheduled' : 'queued',
    to: maskPhoneNumber(data.to),
    segments: data.segments,
    encoding: data.encoding,
    createdAt: data.acceptedAt,
    ...(data.sendAt ? { sendAt: data.sendAt } : {}),
    ...(data.expiresAt ? { expiresAt: data.expiresAt } : {}),
    ...(data.reference ? { reference: data.reference } : {}),
  };
}

/** Stores the jobs (all of them or none, in one round trip) and logs each acceptance. */
export async function storeJobs(enqueuer: JobEnqueuer, logger: Logger, jobs: readonly SmsJobRequest[]): Promise<void> {
  const [only] = jobs;
  await (jobs.length === 1 && only ? enqueuer.enqueue(only) : enqueuer.enqueueAll(jobs));
  for (const job of jobs) {
    logger.info('accepted', {
      event: 'accepted',
      messageId: job.id,
      to: maskPhoneNumber(job.data.to),
      segments: job.data.segments,
      encoding: job.data.encoding,
      ...(job.delayMs ? { sendAt: job.data.sendAt } : {}),
    });
  }
}
