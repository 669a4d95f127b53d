import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { QUEUE_NAMES, SMS_JOB_NAMES, type SmsJobName, type SmsJobOf } from '@sms-gateway/contracts';
import { createSmsBackoffStrategy, type BackoffPolicy } from './sms-backoff';

/** One processor per job name; the worker refuses to start with one missing. */
export type SmsProcessors = {
  [N in SmsJobName]: (job: Job<SmsJobOf<N>, unknown, N>, token: string | undefined) => Promise<unknown>;
};

export interface SmsWorkerOptions {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly policy: BackoffPolicy;
  readonly processors: SmsProcessors;
  /** Workers identify themselves in Redis (`CLIENT LIST`) and Bull Board by this. */
  readonly name: string;
}

export type SmsWorker = Worker<SmsJobOf<SmsJobName>, unknown, SmsJobName>;

/**
 * A worker for one modem: concurrency 1, because one serial device runs one gammu at a time.
 * Not started: call `run()` once every listener is attached.
 */
export function createSmsWorker({ connection, prefix, policy, processors, name }: SmsWorkerOptions): SmsWorker {
  const missing = Object.values(SMS_JOB_NAMES).filter((jobName) => typeof processors[jobName] !== 'function');
  if (missing.length > 0) throw new Error(`no processor for job name(s): ${missing.join(', ')}`);

  return new Worker<SmsJobOf<SmsJobName>, unknown, SmsJobName>(
    QUEUE_NAMES.outgoingSms,
    async (job, token) => {
      const processor = processors[job.name] as SmsProcessors[SmsJobName] | undefined;
      if (!processor) throw new UnrecoverableError(`unknown job name "${job.name}"`);
      return processor(job, token);
    },
    {
      connection,
      prefix,
      name,
      autorun: false,
      concurrency: 1,
      // A worker killed mid-send leaves its job active until the lock lapses (lockDuration,
      // renewed every half of it while a send runs); the stalled check every stalledInterval
      // then hands it to a worker again: recovery within about 20–40 s. Allow several such
      // crashes before giving the message up.
      lockDuration: 20_000,
      stalledInterval: 10_000,
      maxStalledCount: 5,
      settings: { backoffStrategy: createSmsBackoffStrategy(policy) },
    },
  );
}
