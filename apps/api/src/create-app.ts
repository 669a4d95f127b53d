import express from 'express';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '@sms-gateway/config';
import type { Logger } from '@sms-gateway/logger';
import type { JobEnqueuer, SmsQueue, WebhookQueue } from '@sms-gateway/queues';
import type { CallbackUrlGuard } from '@sms-gateway/webhooks';
import { mountDashboard } from './dashboard/mount-dashboard';
import type { FailedAuthGate } from './security/failed-auth-gate';
import type { QueueCapacity } from './messages/queue-capacity';
import { compileTrustProxy } from './security/trusted-proxies';
import { legacyErrorHandler, notFound } from './middleware/legacy-errors';
import type { NodeHandler } from './routes/enviar-sms.route';
import { statusRoute } from './routes/status.route';
import type { IdempotencyStore } from '@sms-gateway/queues';
import type { TwoWayStores } from './messages/two-way-stores';
import type { ApiObservability } from './observability/api-observability';
import { v1Router } from './v1/v1-router';

export interface AppDeps {
  readonly config: ApiConfig;
  readonly logger: Logger;
  readonly queue: SmsQueue;
  /** Webhook deliveries, shown in the dashboard beside the messages. */
  readonly webhookQueue?: WebhookQueue;
  /** The producer connection (fails fast while Redis is away). */
  readonly redis: Redis;
  readonly enqueuer: JobEnqueuer;
  readonly idempotency: IdempotencyStore;
  /** `POST /enviar-sms`: the server's front door calls it too, without Express. */
  readonly enviarSms: NodeHandler;
  /** Received SMS, opt-outs and delivery reports (GET /v1/inbound, /v1/opt-outs, a message's delivery). */
  readonly twoWay: TwoWayStores;
  /** /metrics, /healthz and /readyz (the front door counts the requests). */
  readonly observability?: ApiObservability;
  /** Refuses a message's callbackUrl that reaches inside the network. */
  readonly callbackGuard: CallbackUrlGuard;
  /** Refuses (429) a client after repeated failed authentication, on every authenticating route. */
  readonly failedAuth: FailedAuthGate;
  /** MAX_QUEUED_MESSAGES: refuses new messages while too many are unsent. */
  readonly capacity: QueueCapacity;
}

/** The Express app: every route, no listening, no request counting (see front-door.ts). */
export function createApp({ config, logger, queue, webhookQueue, redis, enqueuer, idempotency, enviarSms, twoWay, observability, callbackGuard, failedAuth, capacity }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are never cached; hashing each body costs every request
  // X-Forwarded-For is believed only from TRUST_PROXY's peers (none by default).
  app.set('trust proxy', compileTrustProxy(config.trustProxy));

  app.get('/status', statusRoute());
  if (observability) app.use(observability.router);
  app.post('/enviar-sms', enviarSms);
  app.use(v1Router({ token: config.token, failedAuth, capacity, allowedNumberPrefixes: config.limits.allowedNumberPrefixes, queue, redis, prefix: config.queuePrefix, enqueuer, idempotency, logger, callbacksEnabled: Boolean(config.webhooks.secret), twoWay, callbackGuard }));
  // Without a password the dashboard is off; startApi says so once the API listens.
  if (config.dashboard) mountDashboard(app, { queues: webhookQueue ? [queue, webhookQueue] : [queue], ...config.dashboard, failedAuth });

  app.use(notFound);
  app.use(legacyErrorHandler(logger));
  return app;
}
