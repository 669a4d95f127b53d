import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiConfig } from '@sms-gateway/config';
import type { Logger } from '@sms-gateway/logger';
import {
  JobEnqueuer,
  ReplicaAcknowledgement,
  createProducerConnection,
  createSmsQueue,
  createWebhookQueue,
  createWorkerConnection,
  ExpiryEnforcer,
  MessageIndexUpkeep,
  queueWebhook,
} from '@sms-gateway/queues';
import { CallbackUrlGuard, createWebhookWorker } from '@sms-gateway/webhooks';
import { IdempotencyStore } from '@sms-gateway/queues';
import { createTwoWayStores } from './messages/two-way-stores';
import { createApp } from './create-app';
import { drainServer } from './drain-server';
import { frontDoor } from './front-door';
import { SERVER_BOUNDS } from './http/server-bounds';
import { AuthFailureLimiter } from './security/auth-failure-limiter';
import { FailedAuthGate } from './security/failed-auth-gate';
import { QueueCapacity } from './messages/queue-capacity';
import { compileTrustProxy } from './security/trusted-proxies';
import { createApiObservability } from './observability/api-observability';
import { enviarSmsRoute } from './routes/enviar-sms.route';

/** How long a request may wait for Redis to store its job before it is answered 503 (contract: < 2 s). */
export const ENQUEUE_TIMEOUT_MS = 1_000;
/** REDIS_MIN_REPLICAS_ACK's WAIT gives up after this, inside ENQUEUE_TIMEOUT_MS. */
export const REPLICA_ACK_TIMEOUT_MS = 800;

export interface ApiServer {
  readonly server: Server;
  /** Stops accepting connections, lets requests in flight finish, closes Redis. */
  close(): Promise<void>;
}

/** Builds and starts the API (port 0 picks a free port, as the tests do). */
export async function createApiServer(config: ApiConfig, logger: Logger): Promise<ApiServer> {
  const connection = createProducerConnection(config.redis);
  // The API must start while Redis is down (it answers 503 until Redis returns).
  connection.on('error', (error) => logger.debug('redis connection error', { error: error.message }));
  const queue = createSmsQueue(connection, config.queuePrefix, config.retentionDays);
  queue.on('error', (error) => logger.debug('queue error', { error: error.message }));
  const replicas = config.redis.minReplicasAck > 0 ? new ReplicaAcknowledgement(connection, config.redis.minReplicasAck, REPLICA_ACK_TIMEOUT_MS) : undefined;
  const enqueuer = new JobEnqueuer(queue, ENQUEUE_TIMEOUT_MS, connection, replicas);
  const lifecycle = { draining: false };
  const idempotency = new IdempotencyStore(connection, config.queuePrefix);
  const webhookQueue = createWebhookQueue(connection, config.queuePrefix, { maxAttempts: config.webhooks.maxAttempts, retentionDays: config.retentionDays });
  webhookQueue.on('error', (error) => logger.debug('webhook queue error', { error: error.message }));
  const capacity = new QueueCapacity(queue, { max: config.limits.maxQueuedMessages });
  const failedAuth = new FailedAuthGate(new AuthFailureLimiter(), compileTrustProxy(config.trustProxy));
  const observability = createApiObservability({ config, connection, queue, webhookQueue, lifecycle, failedAuth });
  const twoWay = createTwoWayStores(connection, config, observability.twoWay.optOutRefusals);
  const enviarSms = enviarSmsRoute({ token: config.token, enqueuer, idempotency, twoWay, logger, failedAuth, capacity, allowedNumberPrefixes: config.limits.allowedNumberPrefixes });
  const callbackGuard = new CallbackUrlGuard({ allowedHosts: config.webhooks.allowedCallbackHosts });
  const app = createApp({ config, logger, queue, webhookQueue, redis: connection, enqueuer, idempotency, enviarSms, twoWay, observability, callbackGuard, failedAuth, capacity });
  const webhooks = startWebhookDelivery(config, logger, callbackGuard);
  const expiry = new ExpiryEnforcer({
    queue,
    redis: connection,
    logger,
    notify: async (event) => {
      if (event.callbackUrl || config.webhooks.url) await queueWebhook(webhookQueue, event);
    },
  });
  expiry.start();
  const indexUpkeep = new MessageIndexUpkeep({ queue, redis: connection, logger });
  indexUpkeep.start();

  const server = createServer(SERVER_BOUNDS, frontDoor({ app, enviarSms, requestMetrics: observability.requestMetrics, lifecycle })).listen(config.port, config.host);
  await once(server, 'listening');
  server.on('clientError', answerPendingThenClose);

  return {
    server,
    async close() {
      lifecycle.draining = true;
      await drainServer(server);
      await expiry.stop();
      await indexUpkeep.stop();
      await webhooks?.close();
      await webhookQueue.close();
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** Every API process delivers webhooks when it can sign them (WEBHOOK_SECRET). */
function startWebhookDelivery(config: ApiConfig, logger: Logger, callbackGuard: CallbackUrlGuard) {
  const { secret, url, timeoutMs } = config.webhooks;
  if (!secret) return undefined;
  const connection = createWorkerConnection(config.redis);
  connection.on('error', (error) => logger.debug('redis connection error', { error: error.message }));
  const worker = createWebhookWorker({ connection, prefix: config.queuePrefix, logger, secret, timeoutMs, callbackGuard, ...(url ? { defaultUrl: url } : {}) });
  return {
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/**
 * Bytes that are not HTTP arrive on a connection. Node's default answers 400 and closes at
 * once, dropping a response still being prepared for a valid request on that connection
 * (whose message may already be queued): that response goes out first.
 */
function answerPendingThenClose(error: Error & { code?: string }, socket: Duplex): void {
  // `_httpMessage` is Node's link from a socket to the response it is serving.
  const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  // Only a request received whole is being worked on; a half-parsed one gets the plain 400.
  if (pending && !pending.writableEnded && pending.req.complete) {
    pending.once('finish', () => socket.destroy());
    return;
  }
  // Headers or a body slower than SERVER_BOUNDS allow.
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  else socket.destroy();
}
