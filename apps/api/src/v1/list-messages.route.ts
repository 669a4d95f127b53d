import type { JobState } from 'bullmq';
import Joi from 'joi';
import type { RequestHandler } from 'express';
import { MESSAGE_STATUSES, type MessageStatus } from '@sms-gateway/contracts';
import { readOrUnavailable, toMessageView, type MessageView, type SmsQueue } from '@sms-gateway/queues';
import { sendV1Error } from './v1-errors';

/** Which BullMQ states can hold a message of each status. */
type ListedState = Extract<JobState, 'waiting' | 'prioritized' | 'active' | 'delayed' | 'completed' | 'failed'>;
const JOB_TYPES: Record<MessageStatus, ListedState[]> = {
  queued: ['waiting', 'prioritized'],
  scheduled: ['delayed'],
  waiting_network: ['waiting', 'active'],
  sending: ['active'],
  retrying: ['delayed', 'waiting'],
  sent: ['completed'],
  failed: ['failed'],
  expired: ['failed', 'waiting', 'delayed'],
};
const ALL_TYPES: ListedState[] = ['active', 'waiting', 'prioritized', 'delayed', 'completed', 'failed'];
/** How many jobs per state one page may look at: listing is for people, not bulk export. */
const SCAN_LIMIT = 5_000;

export const listMessagesQuerySchema = Joi.object({
  status: Joi.string().valid(...MESSAGE_STATUSES).description('Only messages in this state.'),
  limit: Joi.number().integer().min(1).max(100).default(20).description('Messages per page (1–100).'),
  cursor: Joi.string().pattern(/^\d+$/).max(9).description('The nextCursor of the previous page.'),
});

/** `GET /v1/messages?status=&limit=&cursor=`: newest first, paged. */
export const listMessagesRoute =
  (queue: SmsQueue): RequestHandler =>
  async (req, res) => {
    const { value, error } = listMessagesQuerySchema.validate(req.query);
    if (error) return sendV1Error(res, 'invalid_query', error.details.map((detail) => ({ field: detail.path.join('.'), message: detail.message })));
    const { status, limit, cursor } = value as { status?: MessageStatus; limit: number; cursor?: string };
    const offset = Number(cursor ?? 0);
    const types = status ? JOB_TYPES[status] : ALL_TYPES;

    const views: MessageView[] = [];
    const now = Date.now();
    for (const type of new Set(types)) {
      // Statuses that share a BullMQ state with others are filtered after reading: scan wider.
      const wanted = !status || status === 'sent' ? offset + limit + 1 : SCAN_LIMIT;
      const jobs = await readOrUnavailable(() => queue.getJobs([type], 0, Math.min(wanted, SCAN_LIMIT) - 1, false));
      for (const job of jobs) {
        if (!job) continue;
        const view = toMessageView(job, type, now);
        if (!status || view.status === status) views.push(view);
      }
    }
    const unique = [...new Map(views.map((view) => [view.id, view])).values()];
    unique.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    const page = unique.slice(offset, offset + limit);
    const more = unique.length > offset + limit;
    res.json({ data: page, ...(more ? { nextCursor: String(offset + limit) } : {}) });
  };
