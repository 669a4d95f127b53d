import type { Job } from 'bullmq';
import { isMessageProgress, type MessageError, type MessageProgress, type MessageStatus, type SendSmsJobData } from '@sms-gateway/contracts';

/**
 * Records a lifecycle step on the job (BullMQ progress), keeping the times of earlier steps,
 * so `GET /v1/messages/:id` can answer from Redis alone.
 */
export async function recordStep(
  job: Job<SendSmsJobData>,
  state: MessageStatus,
  details: { modemId: string; lastError?: MessageError; sendRun?: MessageProgress['sendRun'] },
): Promise<void> {
  const previous = isMessageProgress(job.progress) ? job.progress : undefined;
  const progress: MessageProgress = {
    state,
    modemId: details.modemId,
    ...(details.sendRun ? { sendRun: details.sendRun } : {}),
    ...(details.lastError ?? previous?.lastError ? { lastError: details.lastError ?? previous?.lastError } : {}),
    transitions: { ...previous?.transitions, [state]: new Date().toISOString() },
  };
  await job.updateProgress(progress as unknown as object);
}
