import express from 'express';
import type { Redis } from 'ioredis';
import type { ApiConfig } from '@sms-gateway/config';
import type { Logger } from '@sms-gateway/logger';
import type { BatchingEnqueuer, SmsQueue, WebhookQueue } from '@sms-gateway/queues';
import { mountDashboard } from './dashboard/mount-dashboard';
import { jsonBody } from './middleware/json-body';
import { legacyErrorHandler, notFound } from './middleware/legacy-errors';
import { enviarSmsRoute } from './routes/enviar-sms.route';
import { statusRoute } from './routes/status.route';
import type { IdempotencyStore } from './messages/idempotency-store';
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
  readonly enqueuer: BatchingEnqueuer;
  readonly idempotency: IdempotencyStore;
  /** Set while the server drains on shutdown: responses then ask clients to reconnect elsewhere. */
  readonly lifecycle?: { readonly draining: boolean };
  /** Request metrics, /metrics, /healthz and /readyz. */
  readonly observability?: ApiObservability;
}

/** The Express app: routes only, no listening (tests mount it on port 0). */
export function createApp({ config, logger, queue, webhookQueue, redis, enqueuer, idempotency, lifecycle, observability }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are never cached; hashing each body costs every request
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  if (observability) app.use(observability.requestMetrics);
  app.use((_req, res, next) => {
    if (lifecycle?.draining) res.set('Connection', 'close');
    next();
  });

  app.get('/status', statusRoute());
  if (observability) app.use(observability.router);
  app.post('/enviar-sms', jsonBody(), enviarSmsRoute({ token: config.token, enqueuer, idempotency, logger }));
  app.use(v1Router({ token: config.token, queue, redis, prefix: config.queuePrefix, enqueuer, idempotency, logger, callbacksEnabled: Boolean(config.webhooks.secret) }));
  mountDashboard(app, { queues: webhookQueue ? [queue, webhookQueue] : [queue], credentials: config.dashboard });

  app.use(notFound);
  app.use(legacyErrorHandler(logger));
  return app;
}
