import type { RequestHandler } from 'express';
import { toMessageView, type SmsQueue } from '@sms-gateway/queues';
import { sendV1Error } from './v1-errors';

/** `GET /v1/messages/:id`: the message's current state, from Redis alone. */
export const getMessageRoute =
  (queue: SmsQueue): RequestHandler =>
  async (req, res) => {
    const id = String(req.params.id);
    const job = /^[\w-]{1,64}$/.test(id) ? await queue.getJob(id) : undefined;
    if (!job) return sendV1Error(res, 'not_found');
    res.json(toMessageView(job, await job.getState()));
  };
