import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { QUEUE_NAMES, WEBHOOK_JOB_NAME, type WebhookJobData } from '@sms-gateway/contracts';

export const WEBHOOK_BACKOFF_TYPE = 'webhook-retry';
const HOUR_MS = 60 * 60 * 1000;

/** Delay before webhook delivery attempt n+1: 5 s doubling, at most an hour apart. Pure. */
export function webhookRetryDelay(attemptsMade: number): number {
  return Math.min(5_000 * 2 ** Math.min(Math.max(attemptsMade - 1, 0), 20), HOUR_MS);
}

export function webhookJobOptions(maxAttempts: number, retentionDays: number) {
  const age = Math.round(retentionDays * 24 * 60 * 60);
  return {
    attempts: maxAttempts,
    backoff: { type: WEBHOOK_BACKOFF_TYPE },
    removeOnComplete: { age },
    // Failed deliveries stay visible (and retryable) in Bull Board as long as messages do.
    removeOnFail: { age },
  } as const satisfies JobsOptions;
}

export type WebhookQueue = Queue<WebhookJobData, unknown, typeof WEBHOOK_JOB_NAME>;

export function createWebhookQueue(
  connection: ConnectionOptions,
  prefix: string,
  options: { maxAttempts: number; retentionDays: number },
): WebhookQueue {
  return new Queue<WebhookJobData, unknown, typeof WEBHOOK_JOB_NAME>(QUEUE_NAMES.webhookDeliveries, {
    connection,
    prefix,
    defaultJobOptions: webhookJobOptions(options.maxAttempts, options.retentionDays),
  });
}

/**
 * Queues the webhook of a message's final outcome. The job id makes a repeat (e.g. a worker
 * that died after queueing it) a no-op, so each outcome is delivered once per message run.
 */
export async function queueWebhook(queue: WebhookQueue, event: WebhookJobData): Promise<void> {
  await queue.add(WEBHOOK_JOB_NAME, event, { jobId: `${event.messageId}:${event.event}:${event.attempts}` });
}
