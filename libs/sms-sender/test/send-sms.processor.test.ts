import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SMS_JOB_NAMES, type SendSmsJobData, type WebhookJobData } from '@sms-gateway/contracts';
import type { SendResult } from '@sms-gateway/gammu';
import { createLogger } from '@sms-gateway/logger';
import { createSmsQueue, createSmsWorker, markRefused, type BackoffPolicy, type SmsQueue, type SmsWorker } from '@sms-gateway/queues';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix, waitFor } from '@sms-gateway/testing';
import { createSendSmsProcessor, type SendSmsProcessorDeps } from '../src/send-sms.processor';
import { SendJournal } from '../src/send-journal';
import { WorkerPresence } from '../src/worker-presence';

const policy: BackoffPolicy = { networkCodes: [69], networkBaseMs: 60_000, networkMaxMs: 60_000, otherDelayMs: 60_000, otherMaxAttempts: 3 };
const logger = createLogger({ service: 'test', level: 'error', format: 'json' });

/** A modem stand-in: registered unless told otherwise, answering sends from a script. */
function scriptedModem(results: SendResult[], registered = true) {
  return {
    checkRegistered: vi.fn(async () => ({ registered, state: registered ? 'home network' : 'searching for network', cached: false })),
    waitTurn: vi.fn(async () => undefined),
    send: vi.fn(async () => results.shift() ?? ({ kind: 'sent', references: [1], parts: 1 } as SendResult)),
    count: vi.fn(),
  };
}

describe('send-sms processor, against real Redis and BullMQ', () => {
  let prefix: string;
  let redis: Redis;
  let queue: SmsQueue;
  let worker: SmsWorker | undefined;
  let presence: WorkerPresence;
  let journal: SendJournal;
  const notified: WebhookJobData[] = [];

  beforeEach(() => {
    prefix = uniquePrefix('processor');
    redis = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: null });
    queue = createSmsQueue(redis, prefix);
    presence = new WorkerPresence(redis, prefix);
    journal = new SendJournal(redis, prefix, 60_000);
    notified.length = 0;
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await queue.close();
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
    await redis.quit();
  });

  const start = (modem: SendSmsProcessorDeps['modem'], extra: Partial<SendSmsProcessorDeps> = {}) => {
    worker = createSmsWorker({
      connection: redis,
      prefix,
      policy,
      name: 'test',
      processors: {
        [SMS_JOB_NAMES.send]: createSendSmsProcessor({
          modem,
          journal,
          presence,
          policy,
          logger,
          modemId: 'modem-t',
          notify: async (event) => void notified.push(event),
          wasRefused: async () => false,
          ...extra,
        }),
      },
    });
    void worker.run();
  };
  const add = async (fields: Partial<SendSmsJobData> = {}, progress?: object) => {
    const id = randomUUID();
    const data: SendSmsJobData = { to: '5511999990001', text: 'oi', encoding: 'gsm7', segments: 1, source: 'v1', acceptedAt: new Date().toISOString(), ...fields };
    const job = await queue.add(SMS_JOB_NAMES.send, data, { jobId: id });
    if (progress) await job.updateProgress(progress);
    return id;
  };
  const stateOf = (id: string, state: string) => waitFor(`job ${id} to be ${state}`, async () => (await queue.getJobState(id)) === state, { timeoutMs: 10_000 });

  it('a send gammu confirms completes the job with what went out, records it, and notifies message.sent', async () => {
    const modem = scriptedModem([{ kind: 'sent', references: [42], parts: 1 }]);
    const onSent = vi.fn(async () => undefined);
    start(modem, { onSent });
    const id = await add({ reference: 'consulta-7' });
    await stateOf(id, 'completed');
    expect((await queue.getJob(id))?.returnvalue).toMatchObject({ modemId: 'modem-t', references: [42], parts: 1 });
    expect(await journal.lookup(id)).toMatchObject({ outcome: 'sent', sent: { references: [42] } });
    expect(onSent).toHaveBeenCalledWith(expect.objectContaining({ messageId: id, to: '5511999990001', references: [42], reference: 'consulta-7', attempts: 1 }));
    expect(notified).toEqual([expect.objectContaining({ event: 'message.sent', messageId: id, messageReferences: [42] })]);
  });

  it('error 69 records retrying with its code and the counters, and delays the job by the network backoff', async () => {
    start(scriptedModem([{ kind: 'networkError', code: 69, detail: 'Unknown error.' }]));
    const id = await add();
    await stateOf(id, 'delayed');
    const job = await queue.getJob(id);
    expect(job?.data.retry).toEqual({ networkStreak: 1, otherStreak: 0 });
    expect(job?.progress).toMatchObject({ state: 'retrying', lastError: { kind: 'networkError', code: 69 } });
    expect(await journal.lookup(id)).toMatchObject({ outcome: 'not_sent' });
    expect(notified).toEqual([]);
  });

  it('a job an earlier run already sent completes without running gammu again', async () => {
    const modem = scriptedModem([]);
    const onSent = vi.fn(async () => undefined);
    start(modem, { onSent });
    const id = randomUUID();
    await journal.record(id, { runId: 'r1', outcome: 'sent', sent: { modemId: 'modem-t', references: [9], parts: 1, sentAt: new Date().toISOString() } });
    await queue.add(SMS_JOB_NAMES.send, { to: '5511999990001', text: 'oi', encoding: 'gsm7', segments: 1, source: 'v1', acceptedAt: new Date().toISOString() }, { jobId: id });
    await stateOf(id, 'completed');
    expect(modem.send).not.toHaveBeenCalled();
    expect((await queue.getJob(id))?.returnvalue).toMatchObject({ references: [9] });
    // Its delivery reports and replies can still be matched, whatever the first run got to.
    expect(onSent).toHaveBeenCalledWith(expect.objectContaining({ messageId: id, references: [9] }));
  });

  it('a job whose send is in flight on another live worker is put off, not sent', async () => {
    const other = new WorkerPresence(redis, prefix);
    other.start();
    try {
      const modem = scriptedModem([]);
      const id = await add({}, { state: 'sending', modemId: 'other', sendRun: { instanceId: other.instanceId, runId: 'r9' }, transitions: {} });
      start(modem);
      await stateOf(id, 'delayed');
      expect(modem.send).not.toHaveBeenCalled();
      expect((await queue.getJob(id))?.attemptsMade).toBe(0);
    } finally {
      await other.stop();
    }
  });

  it('a job whose worker died mid-send is sent again (the documented exception)', async () => {
    const modem = scriptedModem([]);
    const id = await add({}, { state: 'sending', modemId: 'gone', sendRun: { instanceId: 'dead-instance', runId: 'r9' }, transitions: {} });
    start(modem);
    await stateOf(id, 'completed');
    expect(modem.send).toHaveBeenCalledTimes(1);
  });

  it('a job the API refused with 503 fails without a send', async () => {
    const modem = scriptedModem([]);
    start(modem, { wasRefused: async () => true });
    const id = await add();
    await markRefused(redis, prefix, [id]);
    await stateOf(id, 'failed');
    expect(modem.send).not.toHaveBeenCalled();
  });

  it('a job past its expiry ends expired, unsent, with message.expired', async () => {
    const modem = scriptedModem([]);
    start(modem);
    const id = await add({ expiresAt: new Date(Date.now() - 1_000).toISOString() });
    await stateOf(id, 'failed');
    expect(modem.send).not.toHaveBeenCalled();
    expect((await queue.getJob(id))?.progress).toMatchObject({ state: 'expired', lastError: { kind: 'expired' } });
    expect(modem.count).toHaveBeenCalledWith('expired');
    expect(notified).toEqual([expect.objectContaining({ event: 'message.expired' })]);
  });

  it('while the modem is not registered the job goes back to waiting, no attempt spent', async () => {
    const modem = scriptedModem([], false);
    start(modem);
    const id = await add();
    await waitFor('the job to be handed back', async () => (await queue.getJob(id))?.progress !== undefined && (await queue.getJobState(id)) === 'waiting', {
      timeoutMs: 10_000,
    });
    await worker?.pause(true);
    const job = await queue.getJob(id);
    expect(job?.attemptsMade).toBe(0);
    expect(job?.progress).toMatchObject({ state: 'waiting_network' });
    expect(modem.send).not.toHaveBeenCalled();
  });

  it('a multipart send whose later part failed fails for good as partially_sent, counted as one attempt', async () => {
    start(scriptedModem([{ kind: 'networkError', code: 69, detail: 'x', partsSent: { sent: 1, of: 2, references: [3] } }]));
    const id = await add({ segments: 2 });
    await stateOf(id, 'failed');
    const job = await queue.getJob(id);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.progress).toMatchObject({ state: 'failed', lastError: { kind: 'partially_sent', partsSent: { sent: 1, of: 2 } } });
    expect(await journal.lookup(id)).toMatchObject({ outcome: 'partially_sent' });
    expect(notified).toEqual([expect.objectContaining({ event: 'message.failed', error: expect.objectContaining({ kind: 'partially_sent' }) })]);
  });
});
