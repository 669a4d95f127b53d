export { QUEUE_NAMES, type QueueName } from './queue-names';
export {
  SMS_JOB_NAMES,
  type RetryState,
  type SendSmsJobData,
  type SmsJobDataByName,
  type SmsJobName,
  type SmsJobOf,
} from './sms-job';
export { checkPhoneNumber, maskPhoneNumber, type PhoneNumberCheck } from './phone-number';
export { analyzeText, MAX_TEXT_LENGTH, textProblem, type SmsEncoding, type TextAnalysis } from './sms-text';
export { isMessageId } from './message-id';
export {
  checkLegacySmsRequest,
  legacySmsRequestSchema,
  type FieldProblem,
  type LegacyRequestCheck,
} from './legacy-sms-request';
export {
  FINAL_STATUSES,
  isMessageProgress,
  MESSAGE_STATUSES,
  type MessageError,
  type MessageProgress,
  type MessageStatus,
  type WebhookEventType,
} from './message-status';
export { WEBHOOK_JOB_NAME, type WebhookJobData } from './webhook-job';
export {
  checkV1Message,
  MAX_BULK_MESSAGES,
  v1BulkSchema,
  v1MessageSchema,
  type V1FieldProblem,
  type V1MessageCheck,
  type V1MessageRequest,
} from './v1-message-request';
export { modemKeys, type ModemActivity, type ModemStatusRecord } from './modem-status-record';
export { comparableNumber } from './comparable-number';
export type { InboundMessage } from './inbound-message';
export { DELIVERY_STATUSES, type DeliveryStatus, type MessageDelivery } from './message-delivery';
export type { OptOutRecord, OptOutSource } from './opt-out-record';
