import { randomUUID } from 'node:crypto';
import { analyzeText, SMS_JOB_NAMES, type SendSmsJobData } from '@sms-gateway/contracts';
import type { SmsJobRequest } from '@sms-gateway/queues';

export interface NewMessage {
  readonly to: string;
  readonly text: string;
  readonly source: SendSmsJobData['source'];
  readonly sendAt?: Date;
  readonly expiresAt?: Date;
  readonly callbackUrl?: string;
  readonly reference?: string;
}

/** The job for an accepted message: a fresh id, its encoding and parts, and its delay. */
export function newSmsJob(message: NewMessage, now = new Date()): SmsJobRequest {
  const { encoding, segments } = analyzeText(message.text);
  const delayMs = message.sendAt ? Math.max(0, message.sendAt.getTime() - now.getTime()) : 0;
  return {
    id: randomUUID(),
    name: SMS_JOB_NAMES.send,
    ...(delayMs > 0 ? { delayMs } : {}),
    data: {
      to: message.to,
      text: message.text,
      encoding,
      segments,
      source: message.source,
      acceptedAt: now.toISOString(),
      ...(message.sendAt ? { sendAt: message.sendAt.toISOString() } : {}),
      ...(message.expiresAt ? { expiresAt: message.expiresAt.toISOString() } : {}),
      ...(message.callbackUrl ? { callbackUrl: message.callbackUrl } : {}),
      ...(message.reference ? { reference: message.reference } : {}),
    },
  };
}
