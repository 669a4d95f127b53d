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
  type MessageProgress,
  type MessageStatus,
  WEBHOOK_EVENT_TYPES,
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
export { bulkBodyProblems } from './v1-bulk-request';
export {
  MODEM_ACTIVITIES,
  modemKeys,
  modemStatusRecordSchema,
  modemViewSchema,
  type ModemActivity,
  type ModemStatusRecord,
  type ModemView,
} from './modem-status-record';
export type { JsonSchema, JsonType } from './json-schema';
export type { FromJsonSchema } from './from-json-schema';
export { listOf, pageOf } from './schema-parts';
export { messageErrorSchema, type MessageError } from './message-error.schema';
export { acceptedMessageSchema, type AcceptedMessage } from './accepted-message.schema';
export { legacyAcceptedSchema, legacyErrorSchema, serviceStatusSchema, type LegacyAccepted, type LegacyErrorBody } from './legacy-answer.schema';
export { v1ErrorBodySchema, v1ErrorDetailSchema, type V1ErrorBody } from './v1-error.schema';
export { bulkAcceptedItemSchema, bulkRejectedItemSchema, bulkResultSchema, type BulkResult } from './bulk-result.schema';
export { messageViewSchema, type MessageView } from './message-view.schema';
export { messageEventSchema, receivedEventSchema, webhookEventSchema, type WebhookEvent } from './webhook-event.schema';
export { comparableNumber } from './comparable-number';
export { inboundMessageSchema, type InboundMessage } from './inbound-message';
export { DELIVERY_STATUSES, messageDeliverySchema, type DeliveryStatus, type MessageDelivery } from './message-delivery';
export { OPT_OUT_SOURCES, optOutRecordSchema, type OptOutRecord, type OptOutSource } from './opt-out-record';
