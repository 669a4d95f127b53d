import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '@sms-gateway/contracts';
import { createWebhookQueue, EXPIRY_CHECK_INTERVAL_MS, messageIndexKeys, sendRecordKey } from '@sms-gateway/queues';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix, waitFor, type ReceivedWebhook } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';
import { useV1Stack, V1Client } from './v1-harness';

const SECRET = 'webhook-secret-for-tests-0123456789';
const TO = '+5511987654321';
/** Long enough ahead to be accepted (expiresAt must be in the future), short enough to wait for. */
const soon = (ms = 1_500) => new Date(Date.now() + ms).toISOString();

interface ExpiredPayload {
  type: string;
  data: { messageId: string; status: string; attempts: number; error?: { kind: string; text: string }; reference?: string };
}
const payload = (request: ReceivedWebhook) => request.json as ExpiredPayload;

/** Every status a message showed while `during` ran, polled as a client would. */
async function statusesWhile(client: V1Client, id: string, during: Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  let done = false;
  void during.finally(() => {
    done = true;
  });
  while (!done) {
    seen.push((await client.view(id)).status);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await during;
  return seen;
}

describe('expiry when due, with no worker or no registered modem', () => {
  const stack = useV1Stack();

  it('ends a message expired and sends message.expired when no worker runs at all', async () => {
    const receiver = await stack.startReceiver();
    const api = await stack.startApi({ WEBHOOK_SECRET: SECRET, WEBHOOK_URL: receiver.url });
    const expiresAt = soon();
    const id = await api.client.accept({ to: TO, text: 'no worker', expiresAt, reference: 'r-1' });

    const delivery = await receiver.waitForDelivery('message.expired', (r) => payload(r).data.messageId === id, 10_000);
    expect(payload(delivery)).toMatchObject({
      type: 'message.expired',
      data: { messageId: id, status: 'expired', attempts: 0, reference: 'r-1', error: { kind: 'expired', text: expect.stringContaining(expiresAt) } },
    });
    expect(await api.queue.state(id)).toBe('failed');
    const view = await api.client.view(id);
    expect(view).toMatchObject({ status: 'expired', lastError: { kind: 'expired' }, attempts: 0 });
    expect(Date.parse(view.transitions.expired ?? '')).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    expect(Date.parse(view.transitions.expired ?? '')).toBeLessThan(Date.parse(expiresAt) + 5_000);
    // Exactly one webhook, however many rounds ran since.
    await new Promise((resolve) => setTimeout(resolve, 3 * EXPIRY_CHECK_INTERVAL_MS));
    expect(receiver.deliveries().filter((r) => payload(r).data.messageId === id)).toHaveLength(1);
  });

  it('ends a scheduled message that was never due before its expiry (held back, no worker)', async () => {
    const receiver = await stack.startReceiver();
    const api = await stack.startApi({ WEBHOOK_SECRET: SECRET, WEBHOOK_URL: receiver.url });
    const id = await api.client.accept({ to: TO, text: 'scheduled', sendAt: soon(1_000), expiresAt: soon(1_500) });
    expect(await api.queue.state(id)).toBe('delayed');
    await receiver.waitForDelivery('message.expired', (r) => payload(r).data.messageId === id, 10_000);
    expect(await api.queue.state(id)).toBe('failed');
    expect(await api.client.view(id)).toMatchObject({ status: 'expired', transitions: { scheduled: expect.any(String), expired: expect.any(String) } });
  });

  it('ends it expired and sends message.expired while the only modem is off the network', async () => {
    const receiver = await stack.startReceiver();
    const api = await stack.startApi({ WEBHOOK_SECRET: SECRET, WEBHOOK_URL: receiver.url });
    const worker = await stack.startWorker(api.prefix, {
      scenario: { networkinfoDefault: { state: 'searching for network' } },
      env: { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET },
    });
    const id = await api.client.accept({ to: TO, text: 'modem away', expiresAt: soon(2_000) });
    await receiver.waitForDelivery('message.expired', (r) => payload(r).data.messageId === id, 15_000);
    expect(await api.client.view(id)).toMatchObject({ status: 'expired' });
    expect(worker.sendCalls()).toEqual([]);
  });
});

describe('expiry with several API replicas', () => {
  let apis: TestApi[] = [];
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(SHARED_REDIS_URL);
    const first = await startTestApi({ WEBHOOK_SECRET: SECRET, WEBHOOK_URL: 'http://127.0.0.1:9/unused' });
    apis = [first, ...(await Promise.all([1, 2].map(() => startTestApi({ QUEUE_PREFIX: first.prefix, WEBHOOK_SECRET: SECRET, WEBHOOK_URL: 'http://127.0.0.1:9/unused' }))))];
  });
  afterAll(async () => {
    const [first, ...others] = apis;
    for (const api of others) await api.close();
    await first?.close();
    if (first) await deletePrefixKeys(SHARED_REDIS_URL, first.prefix);
    redis.disconnect();
  });

  it('ends each message once and queues one message.expired each, whichever replica gets there first', async () => {
    const [first] = apis;
    if (!first) throw new Error('no API');
    const auth = { authorization: `Bearer ${TOKEN}` };
    const expiresAt = soon(2_000);
    const messages = Array.from({ length: 60 }, (_, i) => ({ to: TO, text: `m${i}`, expiresAt }));
    const answer = await first.post('/v1/messages/bulk', { messages }, auth);
    expect(answer.status).toBe(202);
    const ids = (answer.json.results as { id: string }[]).map((result) => result.id);

    const failedCount = async () => (await first.queue.queue.getJobCounts('failed')).failed;
    await waitFor('all 60 expired', async () => (await failedCount()) === 60, { timeoutMs: 15_000 });
    const webhooks = createWebhookQueue(redis, first.prefix, { maxAttempts: 1, retentionDays: 1 });
    try {
      await waitFor('every notice turned into a webhook job', async () => (await redis.scard(messageIndexKeys(first.prefix).expiredNotices)) === 0);
      await new Promise((resolve) => setTimeout(resolve, 3 * EXPIRY_CHECK_INTERVAL_MS));
      const jobs = await webhooks.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      const expired = jobs.filter((job) => job?.data.event === 'message.expired').map((job) => job?.data.messageId);
      expect(expired.sort()).toEqual([...ids].sort());
      // One `failed` event per message in BullMQ's event stream: each was ended once.
      const events = await redis.xrange(`${first.prefix}:${QUEUE_NAMES.outgoingSms}:events`, '-', '+');
      const failedEvents = events.filter(([, fields]) => fields[1] === 'failed').map(([, fields]) => fields[3]);
      expect(failedEvents.sort()).toEqual([...ids].sort());
    } finally {
      await webhooks.close();
    }
  });
});

describe('expiry never ends a message whose send is in flight', () => {
  let api: TestApi;
  let connection: Redis;
  let worker: Worker | undefined;
  beforeAll(async () => {
    api = await startTestApi({ WEBHOOK_SECRET: SECRET, WEBHOOK_URL: 'http://127.0.0.1:9/unused' });
    connection = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await worker?.close();
    connection.disconnect();
    await api.close();
  });
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('shows sending, never expired, while gammu runs past expiresAt; the send outcome wins', async () => {
    const client = new V1Client(api.url);
    let finishSend: () => void = () => undefined;
    const sendDone = new Promise<void>((resolve) => {
      finishSend = resolve;
    });
    const started = new Promise<void>((resolve) => {
      worker = new Worker(
        QUEUE_NAMES.outgoingSms,
        async (job) => {
          await job.updateProgress({ state: 'sending', modemId: 'test-modem', transitions: { sending: new Date().toISOString() } });
          resolve();
          await sendDone;
          return { modemId: 'test-modem', references: [7], parts: 1 };
        },
        { connection, prefix: api.prefix },
      );
    });
    const expiresAt = soon(1_000);
    const answer = await api.post('/v1/messages', { to: TO, text: 'slow send', expiresAt }, auth);
    const id = String(answer.json.id);
    await started;
    const sending = (async () => {
      // gammu still talking to the modem well past expiresAt (several enforcer rounds).
      await waitFor('expiresAt passed', () => Date.now() > Date.parse(expiresAt) + 3 * EXPIRY_CHECK_INTERVAL_MS, { timeoutMs: 10_000 });
      finishSend();
      await waitFor('sent', async () => (await api.queue.state(id)) === 'completed');
    })();
    const seen = await statusesWhile(client, id, sending);
    expect(seen).toContain('sending');
    expect(seen).not.toContain('expired');
    expect((await client.view(id)).status).toBe('sent');
    const webhooks = createWebhookQueue(connection, api.prefix, { maxAttempts: 1, retentionDays: 1 });
    try {
      const jobs = await webhooks.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      expect(jobs.filter((job) => job?.data.messageId === id && job.data.event === 'message.expired')).toEqual([]);
    } finally {
      await webhooks.close();
    }
  });

  it('leaves a message whose send was recorded, or whose last run reached gammu, to the worker', async () => {
    await worker?.close();
    worker = undefined;
    const expiresAt = soon(1_000);
    const recorded = String((await api.post('/v1/messages', { to: TO, text: 'recorded', expiresAt }, auth)).json.id);
    const interrupted = String((await api.post('/v1/messages', { to: TO, text: 'interrupted', expiresAt }, auth)).json.id);
    const plain = String((await api.post('/v1/messages', { to: TO, text: 'plain', expiresAt }, auth)).json.id);
    // What a worker leaves behind: a send record; a run that reached gammu and was handed back (lapsed lock).
    await connection.set(sendRecordKey(api.prefix, recorded), JSON.stringify({ runId: 'r', outcome: 'sent' }), 'PX', 60_000);
    const job = await api.queue.job(interrupted);
    await job?.updateProgress({ state: 'sending', modemId: 'gone', transitions: { sending: new Date().toISOString() } });

    await waitFor('the plain one expired', async () => (await api.queue.state(plain)) === 'failed', { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 2 * EXPIRY_CHECK_INTERVAL_MS));
    expect(await api.queue.state(recorded)).toBe('waiting');
    expect(await api.queue.state(interrupted)).toBe('waiting');
  });
});

describe('expired messages past the retention', () => {
  const prefix = uniquePrefix('expiry-retention');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
    redis.disconnect();
  });

  it('are removed like any failed message, though no worker ever failed another one', async () => {
    const first = await startTestApi({ QUEUE_PREFIX: prefix });
    const answer = await first.post('/v1/messages', { to: TO, text: 'old', expiresAt: soon() }, { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(202);
    const id = String(answer.json.id);
    // (The harness's queue client reads its own prefix, not QUEUE_PREFIX: read Redis directly.)
    const failedKey = `${prefix}:${QUEUE_NAMES.outgoingSms}:failed`;
    await waitFor('expired', async () => (await redis.zscore(failedKey, id)) !== null, { timeoutMs: 10_000 });
    await first.server.close();
    await first.queue.close();
    // As if it ended eight days ago (retention: 7).
    await redis.zadd(failedKey, Date.now() - 8 * 86_400_000, id);

    const second = await startTestApi({ QUEUE_PREFIX: prefix });
    try {
      await waitFor('the old expired message removed', async () => (await redis.exists(`${prefix}:${QUEUE_NAMES.outgoingSms}:${id}`)) === 0, { timeoutMs: 10_000 });
      expect((await fetch(`${second.url}/v1/messages/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await second.server.close();
      await second.queue.close();
    }
  });
});
