import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { QUEUE_NAMES, type SendSmsJobData, type SmsJobName } from '@sms-gateway/contracts';
import { SMS_BACKOFF_TYPE } from './sms-backoff';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Options every SMS job is stored with.
 * `attempts` is effectively unlimited on purpose: the backoff strategy alone decides when a
 * message gives up (never for network codes such as 69, after RETRY_OTHER_MAX_ATTEMPTS otherwise),
 * so "forever" cannot quietly end at some attempts count.
 */
export const SMS_JOB_OPTIONS = {
  attempts: Number.MAX_SAFE_INTEGER,
  backoff: { type: SMS_BACKOFF_TYPE },
  // Keep finished messages visible in Bull Board for a week; failed ones for a month, to be retried.
  removeOnComplete: { age: 7 * DAY_SECONDS, count: 100_000 },
  removeOnFail: { age: 30 * DAY_SECONDS, count: 100_000 },
} as const satisfies JobsOptions;

export type SmsQueue = Queue<SendSmsJobData, unknown, SmsJobName>;

export function createSmsQueue(connection: ConnectionOptions, prefix: string): SmsQueue {
  return new Queue<SendSmsJobData, unknown, SmsJobName>(QUEUE_NAMES.outgoingSms, {
    connection,
    prefix,
    defaultJobOptions: SMS_JOB_OPTIONS,
  });
}
