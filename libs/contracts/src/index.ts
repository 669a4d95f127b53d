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
export {
  checkLegacySmsRequest,
  legacySmsRequestSchema,
  type FieldProblem,
  type LegacyRequestCheck,
} from './legacy-sms-request';
