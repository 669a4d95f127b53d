export { JobEnqueuer, type SmsJobRequest } from './job-enqueuer';
export { createSmsWorker, type SmsProcessors, type SmsWorker, type SmsWorkerOptions } from './create-sms-worker';
export { createProducerConnection, createWorkerConnection, sentinelOptions } from './redis-connection';
export { ReplicaAcknowledgement } from './replica-acknowledgement';
export { ReplicasBehindError } from './replicas-behind.error';
export { checkRedisPrimary, primaryReadiness, type PrimaryReadiness } from './redis-primary-readiness';
export { NetworkRefusedError } from './network-refused.error';
export { SendAttemptError } from './send-attempt.error';
export { QueueUnavailableError } from './queue-unavailable.error';
export { isRedisUnavailable, readOrUnavailable, READ_TIMEOUT_MS } from './read-or-unavailable';
export { indexMessage, messageIndexEntry, messageIndexKeys, parseMessageIndexEntry } from './message-index';
export { ORPHAN_GRACE_MS, PAGE_SCAN_BUDGET, readMessagePage, type MessagePage, type MessagePageQuery } from './message-pages';
export { EXPIRY_CHECK_INTERVAL_MS, EXPIRY_RECHECK_MS, ExpiryEnforcer, sendRecordKey, type ExpiryEnforcerDeps } from './expiry-enforcer';
export { INDEX_SWEEP_INTERVAL_MS, MessageIndexUpkeep, type MessageIndexUpkeepDeps } from './message-index-upkeep';
export { MessageExpiredError } from './message-expired.error';
export {
  capAtExpiry,
  createSmsBackoffStrategy,
  isNetworkRetry,
  NO_FAILURES,
  nextRetryState,
  retryDelay,
  SMS_BACKOFF_TYPE,
  type BackoffPolicy,
} from './sms-backoff';
export { createSmsQueue, DEFAULT_RETENTION_DAYS, smsJobOptions, type SmsQueue } from './sms-queue';
export { messageStatus, toMessageView, type MessageView } from './message-view';
export { withDelivery } from './message-delivery-view';
export { untilReady } from './first-ready';
export {
  createWebhookQueue,
  queueWebhook,
  WEBHOOK_BACKOFF_TYPE,
  webhookJobOptions,
  webhookRetryDelay,
  type WebhookQueue,
} from './webhook-queue';
export { isRefused, markRefused } from './refused-jobs';
export { canonicalJson } from './canonical-json';
export { IDEMPOTENCY_TTL_MS, IdempotencyStore, type IdempotentOutcome, type StoredAnswer } from './idempotency-store';
