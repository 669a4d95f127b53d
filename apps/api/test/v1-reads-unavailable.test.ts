import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_REDIS_URL, startRedisServer, startTcpProxy, type TcpProxy, type TestRedis } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };

async function timedGet(api: TestApi, path: string) {
  const started = Date.now();
  const response = await fetch(`${api.url}${path}`, { headers: auth });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
}

/** Every v1 read, for a message that exists while Redis is up. */
const reads = (id: string) => ['/v1/messages', '/v1/messages?status=queued', `/v1/messages/${id}`, '/v1/modems'];

async function expectEveryRead503(api: TestApi, id: string) {
  // Every read: also one for an id that could never be a message (Redis up, that is a 404).
  for (const path of [...reads(id), '/v1/messages/not-a-message-id', '/v1/messages/meta']) {
    const answer = await timedGet(api, path);
    expect({ path, status: answer.status, body: answer.json }).toMatchObject({ path, status: 503, body: { error: { code: 'queue_unavailable' } } });
    expect(answer.ms).toBeLessThan(2_000);
  }
}

async function expectEveryRead200(api: TestApi, id: string) {
  for (const path of reads(id)) expect({ path, status: (await timedGet(api, path)).status }).toEqual({ path, status: 200 });
}

describe('v1 reads while Redis is away', () => {
  let redis: TestRedis;
  let proxy: TcpProxy;
  let api: TestApi;
  let id: string;
  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startTcpProxy({ port: redis.port });
    api = await startTestApi({ REDIS_URL: proxy.redisUrl });
    id = String((await api.post('/v1/messages', { to: '5511999990001', text: 'oi' }, auth)).json.id);
  });
  afterAll(async () => {
    proxy.thaw();
    await api.close();
    await proxy.stop();
    await redis.stop();
  });

  it('answers 503 queue_unavailable within 2 s to every read while Redis hangs, and 200 once it answers again', async () => {
    await expectEveryRead200(api, id);
    proxy.freeze();
    try {
      await expectEveryRead503(api, id);
    } finally {
      proxy.thaw();
    }
    await expectEveryRead200(api, id);
  });

  it('answers 503 queue_unavailable within 2 s to every read while Redis is down', async () => {
    await redis.kill();
    try {
      await expectEveryRead503(api, id);
    } finally {
      await redis.restart();
    }
  });
});

describe('GET /v1/messages/{id} for what is not a message', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ REDIS_URL: SHARED_REDIS_URL });
    // Messages and webhook jobs make BullMQ write its own keys (meta, id, events, ...) beside them.
    const id = String((await api.post('/v1/messages', { to: '5511999990001', text: 'oi' }, auth)).json.id);
    await api.post('/v1/messages', { to: '5511999990002', text: 'later', sendAt: new Date(Date.now() + 3_600_000).toISOString() }, auth);
    expect((await timedGet(api, `/v1/messages/${id}`)).status).toBe(200);
  });
  afterAll(async () => {
    await api.close();
  });

  it.each(['meta', 'id', 'events', 'completed', 'failed', 'wait', 'delayed', 'active', 'paused', 'prioritized', 'marker', 'stalled-check', 'pc', 'limiter', 'metrics', 'de', '1', 'x'.repeat(64)])(
    'answers 404 not_found for %j',
    async (name) => {
      const answer = await timedGet(api, `/v1/messages/${name}`);
      expect(answer).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    },
  );
});

describe('the OpenAPI document', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists 503 queue_unavailable for every read, and 404 for a message id', async () => {
    const doc = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as { paths: Record<string, { get: { responses: Record<string, { description: string }> } }> };
    for (const path of ['/v1/messages', '/v1/messages/{id}', '/v1/modems']) {
      expect({ path, answer: doc.paths[path]?.get.responses['503']?.description }).toEqual({ path, answer: expect.stringContaining('queue_unavailable') });
    }
    expect(doc.paths['/v1/messages/{id}']?.get.responses['404']?.description).toContain('not_found');
  });
});
