import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, SHARED_REDIS_URL, startTcpProxy, waitFor, type MetricFamily, type TcpProxy } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi, useApiOnPrivateRedis } from './api-harness';

const legacy = { token: TOKEN, numero: '123456789', mensagem: 'oi' };
const bearer = { authorization: `Bearer ${TOKEN}` };

async function get(api: TestApi, path: string, headers: Record<string, string> = {}) {
  const started = Date.now();
  const response = await fetch(`${api.url}${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text(), ms: Date.now() - started };
}

async function scrape(api: TestApi): Promise<Map<string, MetricFamily>> {
  const answer = await get(api, '/metrics');
  expect(answer.status).toBe(200);
  return parsePrometheusText(answer.text);
}

/** `sms_gateway_http_requests_total` as "METHOD route status" → count, leaving out the scrapes themselves. */
function requestCounts(families: Map<string, MetricFamily>): Record<string, number> {
  const samples = families.get('sms_gateway_http_requests_total')?.samples ?? [];
  return Object.fromEntries(
    samples
      .filter(({ labels }) => labels.route !== '/metrics')
      .map(({ labels, value }) => [`${labels.method} ${labels.route} ${labels.status}`, value]),
  );
}

describe('GET /metrics of the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers Prometheus text that parses, with the gateway metrics and the process metrics', async () => {
    const answer = await get(api, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusText(answer.text);
    for (const name of [
      'sms_gateway_http_requests_total',
      'sms_gateway_accept_duration_seconds',
      'sms_gateway_queue_jobs',
      'sms_gateway_redis_up',
      'process_cpu_seconds_total',
    ]) {
      expect(families.has(name), name).toBe(true);
    }
    expect(sampleValue(families, 'sms_gateway_redis_up')).toBe(1);
  });

  it('counts accepted and refused requests exactly, by route template and status, and times the accepted ones', async () => {
    // N = 6 accepted requests (8 messages), M = 7 refused ones.
    // The canonical URL is served without Express (front-door.ts), other spellings through it: one label.
    for (const path of ['/enviar-sms', '/enviar-sms', '/enviar-sms/?via=express']) expect((await api.post(path, legacy)).status).toBe(202);
    expect((await api.post('/v1/messages', { to: '123456789', text: 'oi' }, bearer)).status).toBe(202);
    expect((await api.post('/v1/messages', { to: '123456780', text: 'oi' }, bearer)).status).toBe(202);
    const bulk = { messages: [1, 2, 3].map((n) => ({ to: `12345678${n}`, text: 'oi' })) };
    expect((await api.post('/v1/messages/bulk', bulk, bearer)).status).toBe(202);

    expect((await api.post('/enviar-sms', { ...legacy, token: 'wrong-token' })).status).toBe(403);
    expect((await api.post('/enviar-sms', { ...legacy, token: 'wrong-token' })).status).toBe(403);
    expect((await api.post('/enviar-sms', { token: TOKEN })).status).toBe(400);
    expect((await api.post('/v1/messages', { to: 'not a number', text: 'oi' }, bearer)).status).toBe(422);
    expect((await api.post('/v1/messages', { to: '123456789', text: 'oi' })).status).toBe(401);
    expect((await get(api, '/v1/messages/no-such-message', bearer)).status).toBe(404);
    expect((await get(api, '/no/such/path')).status).toBe(404);

    const expected = {
      'POST /enviar-sms 202': 3,
      'POST /v1/messages 202': 2,
      'POST /v1/messages/bulk 202': 1,
      'POST /enviar-sms 403': 2,
      'POST /enviar-sms 400': 1,
      'POST /v1/messages 422': 1,
      // Refused before any route matched: labelled by the router's mount path.
      'POST /v1 401': 1,
      // A route template, never the raw URL with the id.
      'GET /v1/messages/:id 404': 1,
      'GET unmatched 404': 1,
    };
    // A request is counted when its response has been handed to the network, which may be
    // a moment after the client has read it.
    const families = await waitFor('the request counter to show every request', async () => {
      const current = await scrape(api);
      const counts = requestCounts(current);
      return Object.entries(expected).every(([key, count]) => counts[key] === count) && current;
    }, { timeoutMs: 3_000 });
    expect(requestCounts(families)).toEqual(expected);

    const accepted = (route: string) => sampleValue(families, 'sms_gateway_accept_duration_seconds_count', { route });
    expect(accepted('/enviar-sms')).toBe(3);
    expect(accepted('/v1/messages')).toBe(2);
    expect(accepted('/v1/messages/bulk')).toBe(1);
    expect(families.get('sms_gateway_accept_duration_seconds')?.samples.every((s) => !s.labels.route?.includes('1234'))).toBe(true);
    const sum = sampleValue(families, 'sms_gateway_accept_duration_seconds_sum', { route: '/enviar-sms' }) ?? 0;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(3);

    // The queue holds the 8 accepted messages, all waiting (no worker runs on this prefix).
    expect(await api.jobCount()).toBe(8);
    expect(sampleValue(families, 'sms_gateway_queue_jobs', { queue: 'outgoing-sms', state: 'waiting' })).toBe(8);
    expect(sampleValue(families, 'sms_gateway_queue_jobs', { queue: 'outgoing-sms', state: 'active' })).toBe(0);
    expect(sampleValue(families, 'sms_gateway_queue_jobs', { queue: 'webhook-deliveries', state: 'waiting' })).toBe(0);
  });

  it('counts the scrapes themselves under /metrics', async () => {
    await get(api, '/metrics');
    const families = await scrape(api);
    expect(sampleValue(families, 'sms_gateway_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(1);
  });
});

describe('/healthz and /readyz of the API', () => {
  const stack = useApiOnPrivateRedis();

  it('is ready while Redis answers, not ready (503) as soon as it does not, and ready again when it is back', async () => {
    const [api, redis] = [stack.api(), stack.redis()];
    expect(await get(api, '/healthz')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    await waitFor('/readyz to answer 200', async () => (await get(api, '/readyz')).status === 200);
    expect(await get(api, '/readyz')).toMatchObject({ status: 200, text: '{"status":"ready"}' });
    expect((await api.post('/enviar-sms', legacy)).status).toBe(202);
    const before = await scrape(api);
    expect(sampleValue(before, 'sms_gateway_queue_jobs', { queue: 'outgoing-sms', state: 'waiting' })).toBe(1);

    await redis.kill();
    const notReady = await get(api, '/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.type).toMatch(/^application\/json/);
    expect(JSON.parse(notReady.text)).toMatchObject({ status: 'not_ready', reason: expect.stringContaining('redis') });
    expect(notReady.ms).toBeLessThan(2_000);
    expect(await get(api, '/healthz')).toMatchObject({ status: 200, text: '{"status":"ok"}' });

    // A scrape still answers, promptly: Redis is reported down, the queue depth keeps its last value.
    const scrapeWhileDown = await get(api, '/metrics');
    expect(scrapeWhileDown.status).toBe(200);
    expect(scrapeWhileDown.ms).toBeLessThan(2_000);
    const down = parsePrometheusText(scrapeWhileDown.text);
    expect(sampleValue(down, 'sms_gateway_redis_up')).toBe(0);
    expect(sampleValue(down, 'sms_gateway_queue_jobs', { queue: 'outgoing-sms', state: 'waiting' })).toBe(1);

    await redis.restart();
    await waitFor('/readyz to answer 200 again', async () => (await get(api, '/readyz')).status === 200, { timeoutMs: 15_000, intervalMs: 200 });
    expect(sampleValue(await scrape(api), 'sms_gateway_redis_up')).toBe(1);
  });
});

describe('/readyz and /metrics while Redis hangs', () => {
  let proxy: TcpProxy;
  let api: TestApi;
  beforeAll(async () => {
    proxy = await startTcpProxy({ port: Number(new URL(SHARED_REDIS_URL).port || 6379) });
    api = await startTestApi({ REDIS_URL: proxy.redisUrl });
  });
  afterAll(async () => {
    proxy.thaw();
    await api.close();
    await proxy.stop();
  });

  it('answers 503 after about 1 s, and a scrape does not hang either', async () => {
    // The API starts without waiting for Redis: not ready until its connection is.
    await waitFor('/readyz to answer 200', async () => (await get(api, '/readyz')).status === 200);
    proxy.freeze(); // connected, but nothing comes back

    const ready = await get(api, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text).reason).toContain('within 1000 ms');
    expect(ready.ms).toBeGreaterThanOrEqual(900);
    expect(ready.ms).toBeLessThan(2_500);

    const metrics = await get(api, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.ms).toBeLessThan(2_500);
    expect(sampleValue(parsePrometheusText(metrics.text), 'sms_gateway_redis_up')).toBe(0);
    expect((await get(api, '/healthz')).status).toBe(200);
  });
});

describe('METRICS_TOKEN', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ METRICS_TOKEN: 'metrics-secret-123' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('protects /metrics with a Bearer token when set: 401 without, 403 when wrong, 200 with it', async () => {
    const missing = await get(api, '/metrics');
    expect(missing.status).toBe(401);
    expect(missing.text).not.toContain('sms_gateway_');
    expect((await get(api, '/metrics', { authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await get(api, '/metrics', bearer)).status).toBe(403); // the API token is not the metrics token
    const allowed = await get(api, '/metrics', { authorization: 'Bearer metrics-secret-123' });
    expect(allowed.status).toBe(200);
    parsePrometheusText(allowed.text);
  });

  it('leaves /healthz and /readyz open', async () => {
    expect((await get(api, '/healthz')).status).toBe(200);
    expect((await get(api, '/readyz')).status).toBe(200);
  });
});
