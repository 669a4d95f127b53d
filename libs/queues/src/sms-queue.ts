import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { QUEUE_NAMES, type SendSmsJobData, type SmsJobName } from '@sms-gateway/contracts';
import { SMS_BACKOFF_TYPE } from './sms-backoff';

const DAY_SECONDS = 24 * 60 * 60;

/** @defaultValue 7, as MESSAGE_RETENTION_DAYS */
export const DEFAULT_RETENTION_DAYS = 7;

/**
 * Options every SMS job is stored with.
 * `attempts` is effectively unlimited on purpose: the backoff strategy alone decides when a
 * message gives up (never for network codes such as 69, after RETRY_OTHER_MAX_ATTEMPTS otherwise),
 * so "forever" cannot quietly end at some attempts count.
 * Finished messages (sent, failed, expired) are removed `retentionDays` after they end, so
 * Redis stays bounded; until then they can be queried and retried from the dashboard.
 */
export function smsJobOptions(retentionDays = DEFAULT_RETENTION_DAYS) {
  const age = Math.round(retentionDays * DAY_SECONDS);
  return {
    attempts: Number.MAX_SAFE_INTEGER,
    backoff: { type: SMS_BACKOFF_TYPE },
    removeOnComplete: { age },
    removeOnFail: { age },
  } as const satisfies JobsOptions;
}

export type SmsQueue = Queue<SendSmsJobData, unknown, SmsJobName>;

export function createSmsQueue(connection: ConnectionOptions, prefix: string, retentionDays = DEFAULT_RETENTION_DAYS): SmsQueue {
  return new Queue<SendSmsJobData, unknown, SmsJobName>(QUEUE_NAMES.outgoingSms, {
    connection,
    prefix,
    defaultJobOptions: smsJobOptions(retentionDays),
  });
}
