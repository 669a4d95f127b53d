import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerMetrics } from './worker-metrics';
import { startObservabilityServer, type ObservabilityServer, type ObservabilityServerOptions } from './observability-server';
import { parsePrometheusText, sampleValue } from '@sms-gateway/testing';
import type { Readiness } from './readiness';

let server: ObservabilityServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<ObservabilityServerOptions> = {}) {
  const metrics = createWorkerMetrics({ modemId: 'modem-spec' });
  server = await startObservabilityServer({ port: 0, host: '127.0.0.1', registry: metrics.registry, ...options });
  const base = `http://127.0.0.1:${server.port}`;
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${base}${path}`, init);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  return { metrics, get };
}

describe('startObservabilityServer', () => {
  it('serves GET /metrics in Prometheus text format, with the values of the moment', async () => {
    const { metrics, get } = await start();
    metrics.sends.inc({ outcome: 'sent' });
    const first = await get('/metrics');
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sampleValue(parsePrometheusText(first.text), 'sms_gateway_sends_total', { outcome: 'sent', modem: 'modem-spec' })).toBe(1);

    metrics.sends.inc({ outcome: 'sent' });
    expect(sampleValue(parsePrometheusText((await get('/metrics')).text), 'sms_gateway_sends_total', { outcome: 'sent' })).toBe(2);
  });

  it('answers /healthz 200 {"status":"ok"} while the process runs, even when not ready', async () => {
    const { get } = await start({ ready: async () => ({ ready: false, reason: 'modem not registered' }) });
    expect(await get('/healthz')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
  });

  it('answers /readyz 200 {"status":"ready"} when the check says so', async () => {
    const { get } = await start({ ready: async () => ({ ready: true }) });
    expect(await get('/readyz')).toMatchObject({ status: 200, text: '{"status":"ready"}' });
  });

  it('answers /readyz 503 with the reason when not ready', async () => {
    let readiness: Readiness = { ready: false, reason: 'modem not registered' };
    const { get } = await start({ ready: async () => readiness });
    const answer = await get('/readyz');
    expect(answer.status).toBe(503);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toEqual({ status: 'not_ready', reason: 'modem not registered' });
    readiness = { ready: true };
    expect((await get('/readyz')).status).toBe(200);
  });

  it('answers /readyz 503 when the check throws or hangs', async () => {
    const failing = await start({ ready: async () => Promise.reject(new Error('redis unreachable')) });
    expect(JSON.parse((await failing.get('/readyz')).text)).toEqual({ status: 'not_ready', reason: 'redis unreachable' });
    await server?.close();

    const hanging = await start({ ready: () => new Promise<Readiness>(() => undefined), readyTimeoutMs: 100 });
    const started = Date.now();
    const answer = await hanging.get('/readyz');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text).reason).toContain('100 ms');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('is always ready without a readiness check', async () => {
    const { get } = await start();
    expect((await get('/readyz')).status).toBe(200);
  });

  it('answers 404 for other paths and 405 for other methods; HEAD has no body', async () => {
    const { get } = await start();
    expect((await get('/')).status).toBe(404);
    expect((await get('/metrics/extra')).status).toBe(404);
    expect((await get('/metrics', { method: 'POST' })).status).toBe(405);
    expect(await get('/healthz', { method: 'HEAD' })).toMatchObject({ status: 200, text: '' });
    expect((await get('/metrics?x=1')).status).toBe(200);
  });

  it('closes even while a client keeps its connection alive', async () => {
    const { get } = await start();
    await get('/healthz', { keepalive: true });
    const started = Date.now();
    await server?.close();
    server = undefined;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
