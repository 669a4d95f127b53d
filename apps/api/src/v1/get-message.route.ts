import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { isMessageId, SMS_JOB_NAMES } from '@sms-gateway/contracts';
import { readOrUnavailable, toMessageView, withDelivery, type SmsQueue } from '@sms-gateway/queues';
import type { TwoWayStores } from '../messages/two-way-stores';
import { sendV1Error } from './v1-errors';

/**
 * `GET /v1/messages/:id`: the message's current state, from Redis alone. 404 for anything that
 * is not a message id (BullMQ keeps its own keys, such as `meta`, beside the jobs), 503 while
 * Redis cannot answer, whatever the id. A sent message shows what its delivery reports say.
 */
export const getMessageRoute =
  (queue: SmsQueue, redis: Redis, twoWay: TwoWayStores): RequestHandler =>
  async (req, res) => {
    const id = String(req.params.id);
    // Any other id is no message either; still, while Redis cannot answer, every read is a 503.
    const read = isMessageId(id) ? await readOrUnavailable(() => readConsistently(queue, id)) : await readOrUnavailable(() => pingRedis(redis));
    if (!read || read.job.name !== SMS_JOB_NAMES.send) return sendV1Error(res, 'not_found');
    const view = toMessageView(read.job, read.state);
    res.json(view.status === 'sent' ? withDelivery(view, await twoWay.read(() => twoWay.deliveries.get(id))) : view);
  };

/** Resolves once Redis answers (nothing to read: the id cannot name a message). */
async function pingRedis(redis: Redis): Promise<undefined> {
  await redis.ping();
  return undefined;
}

/**
 * The job and its state come from two reads; the worker may move the job in between (e.g. to
 * completed), which would show a final status with an earlier step's details. Read the state on
 * both sides of the job and try again when it moved.
 */
async function readConsistently(queue: SmsQueue, id: string) {
  for (let attempt = 0; ; attempt++) {
    const before = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (!job) return undefined;
    const after = await queue.getJobState(id);
    if (before === after || attempt >= 4) return { job, state: after };
  }
}
