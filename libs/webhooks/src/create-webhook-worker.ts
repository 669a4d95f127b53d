import { Worker, type ConnectionOptions } from 'bullmq';
import { QUEUE_NAMES, type WebhookJobData } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { WEBHOOK_BACKOFF_TYPE, webhookRetryDelay } from '@sms-gateway/queues';
import { createDeliverWebhookProcessor, type DeliverWebhookDeps } from './deliver-webhook.processor';

export interface WebhookWorkerOptions extends Omit<DeliverWebhookDeps, 'logger'> {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly logger: Logger;
  /** Deliveries in flight at once. @defaultValue 20 */
  readonly concurrency?: number;
}

/**
 * Delivers webhooks from their own queue, so a slow or dead receiver delays nothing but its
 * own deliveries. Runs in every API process; BullMQ hands each delivery to one of them.
 */
export function createWebhookWorker({ connection, prefix, logger, concurrency = 20, ...deps }: WebhookWorkerOptions) {
  const worker = new Worker<WebhookJobData>(QUEUE_NAMES.webhookDeliveries, createDeliverWebhookProcessor({ ...deps, logger }), {
    connection,
    prefix,
    concurrency,
    settings: {
      backoffStrategy: (attemptsMade: number, type?: string) => (type === WEBHOOK_BACKOFF_TYPE ? webhookRetryDelay(attemptsMade) : -1),
    },
  });
  worker.on('error', (error) => logger.debug('webhook worker error', { error: error.message }));
  return worker;
}
