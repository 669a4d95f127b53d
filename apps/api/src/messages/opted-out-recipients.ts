import { maskPhoneNumber } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { QueueUnavailableError, type SmsJobRequest } from '@sms-gateway/queues';
import type { TwoWayStores } from './two-way-stores';

/**
 * How long the accept path waits for the opt-out list. Only a Redis that hangs makes it wait
 * (one that is down fails at once), and then the job is not attempted: the answer is 503 within
 * this, well inside the 2 s the contract allows.
 */
export const OPT_OUT_READ_TIMEOUT_MS = 1_000;

/**
 * For each job, whether its recipient opted out, from one Redis read for all of them (a bulk
 * request too); undefined when Redis cannot answer in time (the request is then refused 503).
 * Each refusal is logged, with the number masked, and counted under `route`.
 */
export async function optedOutRecipients(twoWay: TwoWayStores, jobs: readonly SmsJobRequest[], logger: Logger, route: string): Promise<boolean[] | undefined> {
  if (jobs.length === 0) return [];
  let flags: boolean[];
  try {
    flags = await twoWay.read(() => twoWay.optOutLookup.optedOut(jobs.map((job) => job.data.to)), OPT_OUT_READ_TIMEOUT_MS);
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    logger.warn('queue unavailable; request refused', { event: 'rejected', error: error.message });
    return undefined;
  }
  let refused = 0;
  jobs.forEach((job, index) => {
    if (!flags[index]) return;
    refused += 1;
    logger.info('recipient opted out; message refused', { event: 'refused_opted_out', messageId: job.id, to: maskPhoneNumber(job.data.to) });
  });
  if (refused) twoWay.optOutRefusals?.inc({ route }, refused);
  return flags;
}
