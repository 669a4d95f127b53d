export { CallbackAddressRefusedError } from './callback-address-refused.error';
export { CallbackUrlGuard, normalizeHost, type CallbackUrlGuardOptions, type ResolveHost } from './callback-url-guard';
export { createDeliverWebhookProcessor, type DeliverWebhookDeps } from './deliver-webhook.processor';
export { isPrivateAddress } from './private-address';
export { createWebhookWorker, type WebhookWorkerOptions } from './create-webhook-worker';
export { WebhookDeliveryError } from './webhook-delivery.error';
export { webhookPayload, type WebhookPayload } from './webhook-payload';
export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from './webhook-signature';
