import { UnrecoverableError, type Job } from 'bullmq';
import type { WebhookJobData } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { CallbackAddressRefusedError } from './callback-address-refused.error';
import type { CallbackUrlGuard } from './callback-url-guard';
import { postWebhook } from './post-webhook';
import { WebhookDeliveryError } from './webhook-delivery.error';
import { webhookPayload } from './webhook-payload';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

export interface DeliverWebhookDeps {
  /** WEBHOOK_URL: used when the message has no callbackUrl; set by the operator, never guarded. */
  readonly defaultUrl?: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Judges a client's callbackUrl again when it is called, after DNS, on every connection. */
  readonly callbackGuard: CallbackUrlGuard;
}

/**
 * POSTs one signed outcome; throws (so BullMQ retries with backoff) unless the receiver answers
 * 2xx. A callbackUrl that reaches a private address fails for good at once (UnrecoverableError).
 */
export function createDeliverWebhookProcessor(deps: DeliverWebhookDeps) {
  return async (job: Job<WebhookJobData>): Promise<{ url: string; status: number } | { skipped: string }> => {
    const { callbackUrl } = job.data;
    const url = callbackUrl ?? deps.defaultUrl;
    if (!url) return { skipped: 'no callbackUrl and no WEBHOOK_URL' };
    const body = JSON.stringify(webhookPayload(String(job.id), job.data));
    const log = deps.logger.child({ messageId: job.data.messageId, webhook: job.data.event, attempt: job.attemptsMade + 1 });
    let status: number;
    try {
      const refused = callbackUrl ? deps.callbackGuard.checkLiteral(callbackUrl) : undefined;
      if (refused) throw refused;
      status = await postWebhook(url, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sms-gateway-webhooks',
          [SIGNATURE_HEADER]: signWebhook(deps.secret, body, Math.floor(Date.now() / 1000)),
          'X-SMS-Gateway-Event': job.data.event,
          'X-SMS-Gateway-Delivery': String(job.id),
        },
        body,
        timeoutMs: deps.timeoutMs,
        ...(callbackUrl ? { lookup: deps.callbackGuard.lookup } : {}),
      });
    } catch (cause) {
      if (cause instanceof CallbackAddressRefusedError) {
        log.warn('webhook refused: private address', { event: 'webhook_refused', host: cause.host, address: cause.address });
        throw new UnrecoverableError(cause.message);
      }
      log.warn('webhook not delivered', { event: 'webhook_failed', error: String(cause) });
      throw new WebhookDeliveryError(url, undefined, `webhook to ${url} failed: ${String(cause)}`, { cause });
    }
    if (status < 200 || status > 299) {
      log.warn('webhook refused', { event: 'webhook_failed', status });
      throw new WebhookDeliveryError(url, status, `webhook to ${url} answered ${status}`);
    }
    log.info('webhook delivered', { event: 'webhook_delivered', status });
    return { url, status };
  };
}
