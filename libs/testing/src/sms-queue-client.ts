import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import { analyzeText, SMS_JOB_NAMES, type SendSmsJobData } from '@sms-gateway/contracts';
import { createSmsQueue, type SmsQueue } from '@sms-gateway/queues';

/** A test's view of one deployment's queue: add messages as the API would, read their state. */
export interface SmsQueueClient {
  readonly queue: SmsQueue;
  /** Stores a message exactly as the API does; returns its id. */
  add(to: string, text: string): Promise<string>;
  job(id: string): Promise<Job<SendSmsJobData> | undefined>;
  state(id: string): Promise<string>;
  close(): Promise<void>;
}

export function createSmsQueueClient(redisUrl: string, prefix: string): SmsQueueClient {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined); // tests that kill Redis expect connection errors
  const queue = createSmsQueue(connection, prefix);
  return {
    queue,
    async add(to, text) {
      const id = randomUUID();
      const { encoding, segments } = analyzeText(text);
      await queue.add(
        SMS_JOB_NAMES.send,
        { to, text, encoding, segments, source: 'enviar-sms', acceptedAt: new Date().toISOString() },
        { jobId: id },
      );
      return id;
    },
    job: (id) => queue.getJob(id),
    state: (id) => queue.getJobState(id),
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
