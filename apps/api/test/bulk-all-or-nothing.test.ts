import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRefused } from '@sms-gateway/queues';
import { createSmsQueueClient, SHARED_REDIS_URL, startTcpProxy, waitFor, type SmsQueueClient, type TcpProxy } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };
const bulkOf = (label: string, count: number) => ({
  messages: Array.from({ length: count }, (_, index) => ({ to: `55119${String(index).padStart(8, '0')}`, text: `${label}-${index}` })),
});

// CONTRACT: "A bulk request is all or nothing: 202 with every valid item stored, or 503 with
// none of them ever sent." A worker sends any stored job that is not marked refused.
describe('POST /v1/messages/bulk when Redis stalls in the middle of the request', () => {
  let proxy: TcpProxy;
  let api: TestApi;
  let observer: SmsQueueClient;
  beforeAll(async () => {
    proxy = await startTcpProxy({ port: Number(new URL(SHARED_REDIS_URL).port) });
    api = await startTestApi({ REDIS_URL: proxy.redisUrl });
    observer = createSmsQueueClient(SHARED_REDIS_URL, api.prefix);
  });
  afterAll(async () => {
    proxy.thaw();
    await api.close();
    await observer.close();
    await proxy.stop();
  });

  it('answers 503 and leaves none of its messages to send, though Redis stored and acknowledged the first ones', async () => {
    await waitFor('the API to reach Redis', async () => (await api.post('/v1/messages', { to: '5511999990000', text: 'ready' }, auth)).status === 202, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    // A first bulk, to learn how many bytes one takes on the wire (and load the Lua scripts).
    const before = proxy.requestBytes;
    expect((await api.post('/v1/messages/bulk', bulkOf('warm', 400), auth)).status).toBe(202);
    const bulkBytes = proxy.requestBytes - before;

    // Redis takes (and answers) the first half of the next one, then stalls.
    proxy.freezeRequestsAfter(Math.floor(bulkBytes / 2));
    const started = Date.now();
    const refused = await api.post('/v1/messages/bulk', bulkOf('stall', 400), auth);
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ error: { code: 'queue_unavailable' } });
    expect(Date.now() - started).toBeLessThan(2_500);

    proxy.thaw();
    // A request on the same connection behind everything the refused one sent: once it is
    // answered, Redis has applied all of that (the adds and their withdrawal).
    await waitFor('a 202 once Redis answers again', async () => (await api.post('/v1/messages', { to: '5511999990000', text: 'after' }, auth)).status === 202, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });

    const jobs = await observer.queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    const stored = jobs.filter((job) => job.data.text.startsWith('stall-'));
    const redis = new Redis(SHARED_REDIS_URL);
    const sendable: string[] = [];
    for (const job of stored) if (!(await isRefused(redis, api.prefix, String(job.id)))) sendable.push(job.data.text);
    redis.disconnect();
    expect(sendable).toEqual([]);
    expect(jobs.filter((job) => job.data.text.startsWith('warm-'))).toHaveLength(400);
  });
});
