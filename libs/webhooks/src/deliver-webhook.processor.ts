import type { Job } from 'bullmq';
import type { WebhookJobData } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { WebhookDeliveryError } from './webhook-delivery-error';
import { webhookPayload } from './webhook-payload';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

export interface DeliverWebhookDeps {
  /** WEBHOOK_URL: used when the message has no callbackUrl. */
  readonly defaultUrl?: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

/** POSTs one signed outcome; throws (so BullMQ retries with backoff) unless the receiver answers 2xx. */
export function createDeliverWebhookProcessor(deps: DeliverWebhookDeps) {
  const send = deps.fetch ?? fetch;
  return async (job: Job<WebhookJobData>): Promise<{ url: string; status: number } | { skipped: string }> => {
    const url = job.data.callbackUrl ?? deps.defaultUrl;
    if (!url) return { skipped: 'no callbackUrl and no WEBHOOK_URL' };
    const body = JSON.stringify(webhookPayload(String(job.id), job.data));
    const log = deps.logger.child({ messageId: job.data.messageId, webhook: job.data.event, attempt: job.attemptsMade + 1 });
    let response: Response;
    try {
      response = await send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sms-gateway-webhooks',
          [SIGNATURE_HEADER]: signWebhook(deps.secret, body, Math.floor(Date.now() / 1000)),
          'X-SMS-Gateway-Event': job.data.event,
          'X-SMS-Gateway-Delivery': String(job.id),
        },
        body,
        signal: AbortSignal.timeout(deps.timeoutMs),
        redirect: 'manual',
      });
    } catch (cause) {
      log.warn('webhook not delivered', { event: 'webhook_failed', error: String(cause) });
      throw new WebhookDeliveryError(url, undefined, `webhook to ${url} failed: ${String(cause)}`, { cause });
    }
    await response.body?.cancel();
    if (!response.ok) {
      log.warn('webhook refused', { event: 'webhook_failed', status: response.status });
      throw new WebhookDeliveryError(url, response.status, `webhook to ${url} answered ${response.status}`);
    }
    log.info('webhook delivered', { event: 'webhook_delivered', status: response.status });
    return { url, status: response.status };
  };
}
