import Joi from 'joi';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { MESSAGE_STATUSES, type MessageStatus } from '@sms-gateway/contracts';
import { parseMessageIndexEntry, readMessagePage, readOrUnavailable, type SmsQueue } from '@sms-gateway/queues';
import type { TwoWayStores } from '../messages/two-way-stores';
import { digitsOnlyProblems } from './digits-only-query';
import { sendV1Error } from './v1-errors';

/** The most messages one page holds. The listing itself has no bound: follow `nextCursor`. */
export const MAX_PAGE_LIMIT = 100;

export const listMessagesQuerySchema = Joi.object({
  status: Joi.string().valid(...MESSAGE_STATUSES).description('Only messages in this state.'),
  limit: Joi.number().integer().min(1).max(MAX_PAGE_LIMIT).default(20).description(`Messages per page (1–${MAX_PAGE_LIMIT}).`),
  cursor: Joi.string()
    .pattern(/^[\w-]{1,100}$/)
    .description(
      'The nextCursor of the previous page. Pages go newest first; a cursor stays valid while new messages arrive. ' +
        'With status, a page may hold fewer than limit messages (even none) and still have a nextCursor: the listing ends when nextCursor is absent.',
    ),
});

/** A cursor is an index entry, in base64url so that it reads as one opaque token. */
const encodeCursor = (entry: string) => Buffer.from(entry).toString('base64url');
function decodeCursor(cursor: string): string | undefined {
  const entry = Buffer.from(cursor, 'base64url').toString();
  return parseMessageIndexEntry(entry) ? entry : undefined;
}

/** `GET /v1/messages?status=&limit=&cursor=`: newest first across every state, paged by cursor. */
export const listMessagesRoute =
  (queue: SmsQueue, redis: Redis, twoWay: Pick<TwoWayStores, 'deliveries'>): RequestHandler =>
  async (req, res) => {
    const notDigits = digitsOnlyProblems(req.query, ['limit']);
    if (notDigits.length > 0) return sendV1Error(res, 'invalid_query', notDigits);
    const { value, error } = listMessagesQuerySchema.validate(req.query);
    if (error) return sendV1Error(res, 'invalid_query', error.details.map((detail) => ({ field: detail.path.join('.'), message: detail.message })));
    const { status, limit, cursor } = value as { status?: MessageStatus; limit: number; cursor?: string };
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after) return sendV1Error(res, 'invalid_query', [{ field: 'cursor', message: '"cursor" is not a nextCursor this API gave' }]);

    const page = await readOrUnavailable(() =>
      readMessagePage(queue, redis, { limit, deliveryOf: (id) => twoWay.deliveries.get(id), ...(after ? { after } : {}), ...(status ? { matches: (view) => view.status === status } : {}) }),
    );
    res.json({ data: page.data, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) });
  };
