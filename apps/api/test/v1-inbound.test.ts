import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '@sms-gateway/contracts';
import { parsePrometheusText, sampleValue, SHARED_REDIS_URL, startRedisServer, startTcpProxy, type TcpProxy, type TestRedis } from '@sms-gateway/testing';
import { InboundStore } from '@sms-gateway/two-way';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };

const received = (id: string, from: string, storedAt: string, overrides: Partial<InboundMessage> = {}): InboundMessage => ({
  id,
  from,
  text: `text of ${id}`,
  receivedAt: storedAt,
  storedAt,
  modemId: 'modem-1',
  parts: 1,
  complete: true,
  inReplyTo: null,
  ...overrides,
});

describe('GET /v1/inbound and /v1/inbound/{id}', () => {
  let api: TestApi;
  let redis: Redis;
  const get = async (path: string, headers: Record<string, string> = auth) => {
    const response = await fetch(`${api.url}${path}`, { headers });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> & { data: InboundMessage[]; nextCursor?: string } };
  };

  beforeAll(async () => {
    api = await startTestApi({ PHONE_DEFAULT_REGION: 'BR' });
    redis = new Redis(SHARED_REDIS_URL);
    // Stored as the worker stores what the modem received.
    const store = new InboundStore({ redis, prefix: api.prefix, retentionDays: 7, region: 'BR' });
    await store.save(received('in-1', '+5511988887777', '2026-12-06T10:00:00.000Z', { inReplyTo: 'msg-1' }));
    await store.save(received('in-2', '+5521977776666', '2026-12-06T10:01:00.000Z'));
    await store.save(received('in-3', '11988887777', '2026-12-06T10:02:00.000Z', { text: 'SAIR', parts: 3, complete: false }));
  });
  afterAll(async () => {
    redis.disconnect();
    await api.close();
  });

  it('lists received SMS newest first, paged by nextCursor, each exactly once', async () => {
    const first = await get('/v1/inbound?limit=2');
    expect(first.status).toBe(200);
    expect(first.json.data.map((message) => message.id)).toEqual(['in-3', 'in-2']);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await get(`/v1/inbound?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.data.map((message) => message.id)).toEqual(['in-1']);
    expect(second.json.nextCursor).toBeUndefined();
  });

  it('filters by sender in any spelling of the number (PHONE_DEFAULT_REGION=BR)', async () => {
    for (const from of ['+55 11 98888-7777', '11 98888-7777', '5511988887777']) {
      const page = await get(`/v1/inbound?from=${encodeURIComponent(from)}`);
      expect(page.json.data.map((message) => message.id), from).toEqual(['in-3', 'in-1']);
    }
    expect((await get('/v1/inbound?from=%2B5531900000000')).json.data).toEqual([]);
  });

  it('shows one received SMS with the full sender number, its parts, completeness and the message it answers', async () => {
    const one = await get('/v1/inbound/in-1');
    expect(one.status).toBe(200);
    expect(one.json).toEqual(received('in-1', '+5511988887777', '2026-12-06T10:00:00.000Z', { inReplyTo: 'msg-1' }));
    expect((await get('/v1/inbound/in-3')).json).toMatchObject({ text: 'SAIR', parts: 3, complete: false, inReplyTo: null });
  });

  it('answers 404 for any id that is not a received SMS, and 400 for a bad query', async () => {
    for (const id of ['nope', 'in-1%20x', '..', 'a'.repeat(200)]) {
      const answer = await get(`/v1/inbound/${id}`);
      expect(answer.status, id).toBe(404);
      expect(answer.json).toMatchObject({ error: { code: 'not_found' } });
    }
    for (const query of ['limit=0', 'limit=101', 'limit=1e1', 'limit=%2B5', 'limit=5.0', 'cursor=abc', 'from=', 'colour=red']) {
      const answer = await get(`/v1/inbound?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 'invalid_query' } });
    }
  });

  it('shows in /metrics how many received SMS are kept, and counts the reads by route template', async () => {
    await get('/v1/inbound/in-2');
    const families = parsePrometheusText(await (await fetch(`${api.url}/metrics`)).text());
    expect(sampleValue(families, 'sms_gateway_inbound_messages', {})).toBe(3);
    expect(sampleValue(families, 'sms_gateway_http_requests_total', { method: 'GET', route: '/v1/inbound/:id', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('needs the Bearer token', async () => {
    expect((await get('/v1/inbound', {})).status).toBe(401);
    expect((await get('/v1/inbound/in-1', { authorization: 'Bearer wrong-token-0000000000' })).status).toBe(403);
  });
});

describe('the two-way endpoints while Redis is away', () => {
  let redis: TestRedis;
  let proxy: TcpProxy;
  let api: TestApi;
  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startTcpProxy({ port: redis.port });
    api = await startTestApi({ REDIS_URL: proxy.redisUrl });
  });
  afterAll(async () => {
    proxy.thaw();
    await api.close();
    await proxy.stop();
    await redis.stop();
  });

  const calls = [
    ['GET', '/v1/inbound'],
    ['GET', '/v1/inbound/in-1'],
    ['GET', '/v1/opt-outs'],
    ['PUT', '/v1/opt-outs/5511988887777'],
    ['DELETE', '/v1/opt-outs/5511988887777'],
  ] as const;

  async function expectEvery503() {
    for (const [method, path] of calls) {
      const started = Date.now();
      const response = await fetch(`${api.url}${path}`, { method, headers: auth });
      expect({ method, path, status: response.status, body: await response.json() }).toMatchObject({ status: 503, body: { error: { code: 'queue_unavailable' } } });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  }

  it('answer 503 queue_unavailable within 2 s while Redis hangs, and work again once it answers', async () => {
    expect((await fetch(`${api.url}/v1/opt-outs`, { headers: auth })).status).toBe(200);
    proxy.freeze();
    try {
      await expectEvery503();
    } finally {
      proxy.thaw();
    }
    expect((await fetch(`${api.url}/v1/opt-outs/5511988887777`, { method: 'PUT', headers: auth })).status).toBe(201);
  });

  it('make both send endpoints answer 503 within 2 s while Redis hangs (the opt-out check gives up), never 202', async () => {
    proxy.freeze();
    try {
      for (const [path, body, headers] of [
        ['/v1/messages', { to: '5511988887777', text: 'oi' }, auth],
        ['/v1/messages/bulk', { messages: [{ to: '5511988887777', text: 'oi' }] }, auth],
        ['/enviar-sms', { token: TOKEN, numero: '5511988887777', mensagem: 'oi' }, {}],
      ] as const) {
        const started = Date.now();
        const answer = await api.post(path, body, headers);
        expect({ path, status: answer.status }).toEqual({ path, status: 503 });
        expect(Date.now() - started).toBeLessThan(2_000);
      }
    } finally {
      proxy.thaw();
    }
    expect(await api.jobCount()).toBe(0);
  });

  it('answer 503 queue_unavailable within 2 s while Redis is down', async () => {
    await redis.kill();
    try {
      await expectEvery503();
    } finally {
      await redis.restart();
    }
  });
});
