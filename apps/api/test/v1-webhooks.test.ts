import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookQueue, type WebhookQueue } from '@sms-gateway/queues';
import { freePort, SHARED_REDIS_URL, waitFor, type ReceivedWebhook, type WebhookReceiver } from '@sms-gateway/testing';
import { verifyWebhook } from '@sms-gateway/webhooks';
import { TOKEN } from './api-harness';
import { ms, useV1Stack } from './v1-harness';

const SECRET = 'webhook-secret-for-tests-0123456789';
const TO = '+5511987654321';

interface Payload {
  id: string;
  type: string;
  occurredAt: string;
  data: { messageId: string; status: string; modemId?: string; attempts: number; messageReferences?: number[]; error?: Record<string, unknown> };
}
const payload = (request: ReceivedWebhook) => request.json as Payload;
const signatureOf = (request: ReceivedWebhook) => String(request.headers['x-sms-gateway-signature'] ?? '');

// Final outcomes reach a receiver as signed POSTs: the worker queues the event, the API delivers it.
describe('v1 webhooks, end to end', () => {
  const stack = useV1Stack();
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(() => redis.disconnect());

  /** The webhook queue of a prefix, to see whether a delivery is finished (closed at teardown). */
  function webhookQueue(prefix: string): WebhookQueue {
    const queue = createWebhookQueue(redis, prefix, { maxAttempts: 12, retentionDays: 1 });
    stack.onTeardown(() => queue.close());
    return queue;
  }

  /** The API (delivering) and a worker (queueing events) both pointed at `webhookUrl`. */
  async function startStack(webhookUrl: string, worker: Parameters<typeof stack.startWorker>[1] = {}, apiEnv: Record<string, string> = {}) {
    const api = await stack.startApi({ WEBHOOK_SECRET: SECRET, WEBHOOK_URL: webhookUrl, ...apiEnv });
    const started = await stack.startWorker(api.prefix, { ...worker, env: { WEBHOOK_URL: webhookUrl, WEBHOOK_SECRET: SECRET, ...worker.env } });
    return { api, worker: started, webhooks: webhookQueue(api.prefix) };
  }

  async function deliveryFinished(queue: WebhookQueue, jobId: string, timeoutMs = 5_000) {
    await waitFor(`webhook delivery ${jobId} to be completed`, async () => (await queue.getJobState(jobId)) === 'completed', { timeoutMs });
  }

  function expectSigned(request: ReceivedWebhook) {
    const header = signatureOf(request);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(Math.abs(Number(/^t=(\d+)/.exec(header)?.[1]) - Date.now() / 1000)).toBeLessThan(30);
    expect(verifyWebhook(SECRET, request.rawBody, header)).toBe(true);
    const tampered = request.rawBody.replace(/"status":"\w+"/, '"status":"tampered"');
    expect(tampered).not.toBe(request.rawBody);
    expect(verifyWebhook(SECRET, tampered, header)).toBe(false);
    expect(verifyWebhook('another-secret-0123456789', request.rawBody, header)).toBe(false);
  }

  it('when a message is sent, WEBHOOK_URL gets exactly one signed message.sent POST', async () => {
    const receiver = await stack.startReceiver();
    const { api, worker, webhooks } = await startStack(receiver.url, { modemId: 'modem-hooks' });
    const id = await api.client.accept({ to: TO, text: 'hello hook', reference: 'ref-7' });

    const delivery = await receiver.waitForDelivery('message.sent', (r) => payload(r).data?.messageId === id, 10_000);
    expect(delivery.method).toBe('POST');
    expect(delivery.path).toBe('/hooks');
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    expect(delivery.headers['x-sms-gateway-event']).toBe('message.sent');
    expect(payload(delivery)).toEqual({
      id: `${id}:message.sent:1`,
      type: 'message.sent',
      occurredAt: expect.any(String),
      data: { messageId: id, status: 'sent', reference: 'ref-7', modemId: 'modem-hooks', attempts: 1, messageReferences: [1] },
    });
    expectSigned(delivery);

    await deliveryFinished(webhooks, `${id}:message.sent:1`);
    expect(receiver.requests()).toHaveLength(1);
    expect((await api.client.view(id)).status).toBe('sent');
    expect(worker.sendCalls()).toHaveLength(1);
  });

  it('a per-message callbackUrl gets the webhook instead of WEBHOOK_URL', async () => {
    const server = await stack.startReceiver();
    const own = await stack.startReceiver();
    // The receivers listen on loopback: the operator lists it, as a LAN receiver would be.
    const { api, webhooks } = await startStack(server.url, {}, { CALLBACK_ALLOWED_HOSTS: '127.0.0.1' });
    const id = await api.client.accept({ to: TO, text: 'hello callback', callbackUrl: own.url });

    const delivery = await own.waitForDelivery('message.sent at the callbackUrl', (r) => payload(r).data?.messageId === id, 10_000);
    expect(payload(delivery)).toMatchObject({ type: 'message.sent', data: { messageId: id, status: 'sent' } });
    expectSigned(delivery);
    await deliveryFinished(webhooks, `${id}:message.sent:1`);
    expect(server.requests()).toHaveLength(0);
    expect(own.requests()).toHaveLength(1);
  });

  it('refuses (422 callback_url_not_allowed) a callbackUrl on loopback, private or link-local addresses in every spelling', async () => {
    const receiver = await stack.startReceiver();
    const port = new URL(receiver.url).port;
    const { api } = await startStack(receiver.url);
    const urls = [
      `http://127.0.0.1:${port}/hooks`,
      `http://127.1:${port}/hooks`,
      `http://0x7f000001:${port}/hooks`,
      `http://2130706433:${port}/hooks`,
      `http://[::1]:${port}/hooks`,
      `http://[::ffff:127.0.0.1]:${port}/hooks`,
      `http://localhost:${port}/hooks`, // a name that resolves to loopback
      `http://0.0.0.0:${port}/hooks`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.2:9464/metrics',
      'http://192.168.0.1/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
    ];
    for (const callbackUrl of urls) {
      const answer = await api.client.send({ to: TO, text: 'ssrf', callbackUrl });
      expect(answer.status, callbackUrl).toBe(422);
      expect(answer.json, callbackUrl).toMatchObject({ error: { code: 'callback_url_not_allowed', details: [{ field: 'callbackUrl' }] } });
    }
    const bulk = await fetch(`${api.url}/v1/messages/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ messages: [{ to: TO, text: 'fine' }, { to: TO, text: 'ssrf', callbackUrl: urls[2] }] }),
    });
    const json = (await bulk.json()) as { accepted: number; rejected: number; results: { index: number; error?: { code: string } }[] };
    expect(json).toMatchObject({ accepted: 1, rejected: 1 });
    expect(json.results[1]).toMatchObject({ index: 1, error: { code: 'callback_url_not_allowed' } });
    expect(await api.jobCount()).toBe(1);
  });

  it('a callbackUrl that reaches loopback when it is called fails for good at once, without a connection; WEBHOOK_URL on loopback is still called', async () => {
    const receiver = await stack.startReceiver();
    const port = new URL(receiver.url).port;
    const { api, webhooks } = await startStack(receiver.url);
    // As if the job's data were written to Redis by hand, or its name resolved elsewhere when it was accepted.
    const job = { event: 'message.sent', messageId: 'by-hand', occurredAt: new Date().toISOString(), attempts: 1 } as const;
    await webhooks.add('deliver-webhook', { ...job, callbackUrl: `http://localhost:${port}/hooks` }, { jobId: 'by-hand-localhost' });
    await webhooks.add('deliver-webhook', { ...job, callbackUrl: `http://127.1:${port}/hooks` }, { jobId: 'by-hand-literal' });
    await webhooks.add('deliver-webhook', job, { jobId: 'by-hand-operator' });
    for (const id of ['by-hand-localhost', 'by-hand-literal']) {
      await waitFor(`${id} to fail`, async () => (await webhooks.getJobState(id)) === 'failed', { timeoutMs: 5_000 });
      const failed = await webhooks.getJob(id);
      expect(failed?.attemptsMade, id).toBe(1); // not retried
      expect(failed?.failedReason, id).toMatch(/CALLBACK_ALLOWED_HOSTS/);
    }
    await deliveryFinished(webhooks, 'by-hand-operator');
    expect(receiver.requests()).toHaveLength(1); // only WEBHOOK_URL's
    expect(api.prefix).toBeTruthy();
  });

  it('when a message fails for good, the receiver gets message.failed with the error', async () => {
    const receiver = await stack.startReceiver();
    const { api } = await startStack(receiver.url, { scenario: { sendsmsDefault: { exit: 104 } }, env: { RETRY_OTHER_MAX_ATTEMPTS: '2' } });
    const id = await api.client.accept({ to: TO, text: 'hello failure' });

    const delivery = await receiver.waitForDelivery('message.failed', (r) => payload(r).data?.messageId === id, 10_000);
    expect(delivery.headers['x-sms-gateway-event']).toBe('message.failed');
    expect(payload(delivery)).toMatchObject({
      type: 'message.failed',
      data: { messageId: id, status: 'failed', attempts: 2, error: { kind: 'deviceError', code: 104, text: expect.stringContaining('104') } },
    });
    expect(payload(delivery).data.messageReferences).toBeUndefined();
    expectSigned(delivery);
    expect(await api.client.view(id)).toMatchObject({ status: 'failed', lastError: payload(delivery).data.error });
  });

  it('when a message expires unsent, the receiver gets message.expired with the error', async () => {
    const receiver = await stack.startReceiver();
    const { api } = await startStack(receiver.url, { scenario: { sendsmsDefault: { error: 69 } } });
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const id = await api.client.accept({ to: TO, text: 'hello expiry', expiresAt });

    const delivery = await receiver.waitForDelivery('message.expired', (r) => payload(r).data?.messageId === id, 10_000);
    expect(delivery.headers['x-sms-gateway-event']).toBe('message.expired');
    expect(payload(delivery)).toMatchObject({
      type: 'message.expired',
      data: { messageId: id, status: 'expired', error: { kind: 'expired', text: expect.stringContaining(expiresAt) } },
    });
    expect(Date.parse(payload(delivery).occurredAt)).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    expectSigned(delivery);
    expect(await api.client.view(id)).toMatchObject({ status: 'expired', lastError: { kind: 'expired' } });
  });

  it('a receiver that answers 500 at first gets the webhook on a retry, and the SMS is not held up meanwhile', async () => {
    const receiver = await stack.startReceiver({ statuses: [500, 200] });
    const { api, webhooks } = await startStack(receiver.url);
    const postedAt = Date.now();
    const id = await api.client.accept({ to: TO, text: 'hello flaky receiver' });

    const sent = await api.client.waitForStatus(id, 'sent', 5_000);
    await waitFor('the first delivery to be refused', () => receiver.requests().length >= 1, { timeoutMs: 5_000 });
    expect(receiver.requests()[0]?.answered).toBe(500);
    // The first retry comes 5 s later (the product's fixed backoff): allow 15 s.
    const delivery = await receiver.waitForDelivery('message.sent on a retry', (r) => payload(r).data?.messageId === id, 15_000);
    expect(payload(delivery)).toMatchObject({ type: 'message.sent', data: { messageId: id, status: 'sent' } });
    expectSigned(delivery);
    expect(receiver.requests().map((r) => r.answered)).toEqual([500, 200]);
    expect(payload(receiver.requests()[0] as ReceivedWebhook)).toEqual(payload(delivery));
    await deliveryFinished(webhooks, `${id}:message.sent:1`);

    expect(ms(sent.transitions.sent) - postedAt).toBeLessThan(3_000);
    expect(delivery.at - ms(sent.transitions.sent)).toBeGreaterThan(4_000);
  });

  it('a receiver that is not listening at first gets the webhook once it listens, and the SMS is not held up meanwhile', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hooks`;
    const { api, webhooks } = await startStack(url);
    const postedAt = Date.now();
    const id = await api.client.accept({ to: TO, text: 'hello absent receiver' });

    const sent = await api.client.waitForStatus(id, 'sent', 5_000);
    const jobId = `${id}:message.sent:1`;
    // The first delivery failed (connection refused) and waits for its retry.
    await waitFor('the first delivery to fail', async () => (await webhooks.getJob(jobId))?.attemptsMade === 1, { timeoutMs: 5_000 });
    expect(await webhooks.getJobState(jobId)).toBe('delayed');

    const receiver: WebhookReceiver = await stack.startReceiver({ port });
    const delivery = await receiver.waitForDelivery('message.sent once listening', (r) => payload(r).data?.messageId === id, 15_000);
    expect(payload(delivery)).toMatchObject({ type: 'message.sent', data: { messageId: id, status: 'sent' } });
    expectSigned(delivery);
    await deliveryFinished(webhooks, jobId);
    expect(receiver.requests()).toHaveLength(1);

    expect(ms(sent.transitions.sent) - postedAt).toBeLessThan(3_000);
    expect(delivery.at - ms(sent.transitions.sent)).toBeGreaterThan(4_000);
  });
});
