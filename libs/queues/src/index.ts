export { BatchingEnqueuer, type SmsJobRequest } from './batching-enqueuer';
export { createSmsWorker, type SmsProcessors, type SmsWorker, type SmsWorkerOptions } from './create-sms-worker';
export { createProducerConnection, createWorkerConnection } from './redis-connection';
export { NetworkRefusedError, SendAttemptError } from './send-errors';
export { QueueUnavailableError } from './queue-unavailable.error';
export {
  createSmsBackoffStrategy,
  isNetworkRetry,
  NO_FAILURES,
  nextRetryState,
  retryDelay,
  SMS_BACKOFF_TYPE,
  type BackoffPolicy,
} from './sms-backoff';
export { createSmsQueue, SMS_JOB_OPTIONS, type SmsQueue } from './sms-queue';
