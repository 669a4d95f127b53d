import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from '@sms-gateway/logger';
import type { JobEnqueuer, SmsQueue } from '@sms-gateway/queues';
import type { CallbackUrlGuard } from '@sms-gateway/webhooks';
import type { QueueCapacity } from '../messages/queue-capacity';
import type { FailedAuthGate } from '../security/failed-auth-gate';
import type { IdempotencyStore } from '@sms-gateway/queues';
import type { TwoWayStores } from '../messages/two-way-stores';
import { bearerAuth } from './bearer-auth.middleware';
import { createMessageRoute, createMessagesBulkRoute } from './create-messages.route';
import { getMessageRoute } from './get-message.route';
import { jsonOnly, V1_BULK_BODY_BYTES, V1_SINGLE_BODY_BYTES } from './json-only.middleware';
import { listMessagesRoute } from './list-messages.route';
import { listModemsRoute } from './list-modems.route';
import { docsRouter } from './openapi/docs.router';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { twoWayRouter } from './two-way.router';
import { v1ErrorBody, v1ErrorHandler } from './v1-errors';

export interface V1Deps {
  readonly token: string;
  readonly queue: SmsQueue;
  /** The Redis holding the modem registry, and its key prefix. */
  readonly redis: Redis;
  readonly prefix: string;
  readonly enqueuer: JobEnqueuer;
  readonly idempotency: IdempotencyStore;
  readonly logger: Logger;
  /** Per-message callbackUrl is accepted only when deliveries can be signed. */
  readonly callbacksEnabled: boolean;
  /** Received SMS, opt-outs and delivery reports. */
  readonly twoWay: TwoWayStores;
  /** Refuses a callbackUrl that reaches inside the network (CALLBACK_ALLOWED_HOSTS). */
  readonly callbackGuard: CallbackUrlGuard;
  /** Refuses (429) a client after repeated wrong tokens, and counts v1's. */
  readonly failedAuth: FailedAuthGate;
  /** MAX_QUEUED_MESSAGES. */
  readonly capacity: QueueCapacity;
  /** ALLOWED_NUMBER_PREFIXES. */
  readonly allowedNumberPrefixes: readonly string[];
}

/** The v1 messages API under /v1, and its documentation. */
export function v1Router(deps: V1Deps): Router {
  const router = Router();
  const document = buildOpenApiDocument();
  router.get('/v1/openapi.json', (_req, res) => void res.json(document));
  router.use(docsRouter());

  const v1 = Router();
  v1.use(bearerAuth(deps.token, deps.failedAuth));
  v1.post('/messages/bulk', ...jsonOnly(V1_BULK_BODY_BYTES), createMessagesBulkRoute(deps));
  v1.post('/messages', ...jsonOnly(V1_SINGLE_BODY_BYTES), createMessageRoute(deps));
  v1.get('/messages', listMessagesRoute(deps.queue, deps.redis, deps.twoWay));
  v1.get('/messages/:id', getMessageRoute(deps.queue, deps.redis, deps.twoWay));
  v1.get('/modems', listModemsRoute(deps.redis, deps.prefix));
  v1.use(twoWayRouter(deps.twoWay));
  v1.use((_req, res) => void res.status(404).json(v1ErrorBody('not_found', undefined, 'No such endpoint.')));
  v1.use(v1ErrorHandler(deps.logger));
  router.use('/v1', v1);
  return router;
}
