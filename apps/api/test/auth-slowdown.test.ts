import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const LEGACY = { numero: '123456789', mensagem: 'oi' };

describe('failed authentication slowdown (20 failures a minute per client address)', () => {
  const apis: TestApi[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const api = await startTestApi(env);
    apis.push(api);
    return api;
  };
  afterEach(async () => {
    for (const api of apis.splice(0)) await api.close();
  });

  const legacy = (api: TestApi, token: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/enviar-sms`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...LEGACY, token }) });
  const v1 = (api: TestApi, token: string) =>
    fetch(`${api.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ to: '123456789', text: 'oi' }) });

  it('25 wrong tokens in a row on /enviar-sms: 20 answers 403, then 429 with Retry-After, even for the right token, on every endpoint', async () => {
    const api = await start({ METRICS_TOKEN: 'metrics-token-0123456789', DASHBOARD_PASSWORD: 'dashboard-password-0123' });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 25; i++) {
      last = await legacy(api, `wrong-token-${i}`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(20).fill(403), ...Array(5).fill(429)]);
    expect(await last?.json()).toEqual({ status: 'erro', mensagem: 'Muitas tentativas com token inválido; tente novamente mais tarde.' });
    const retryAfter = Number(last?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    expect((await legacy(api, TOKEN)).status).toBe(429);
    const v1Answer = await v1(api, TOKEN);
    expect(v1Answer.status).toBe(429);
    expect(v1Answer.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await v1Answer.json()).toMatchObject({ error: { code: 'too_many_failed_authentications' } });
    expect((await fetch(`${api.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(429);
    expect((await fetch(`${api.url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('admin:dashboard-password-0123').toString('base64')}` } })).status).toBe(429);
    expect((await fetch(`${api.url}/status`)).status).toBe(200); // nothing unauthenticated is refused
    expect(await api.jobCount()).toBe(0);
  });

  it('counts wrong v1 Bearer tokens, wrong /metrics tokens and wrong dashboard passwords the same way', async () => {
    for (const [name, attempt] of [
      ['v1', (api: TestApi, i: number) => v1(api, `wrong-${i}`)],
      ['metrics', (api: TestApi, i: number) => fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer wrong-${i}` } })],
      ['dashboard', (api: TestApi, i: number) => fetch(`${api.url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from(`admin:wrong-${i}`).toString('base64')}` } })],
    ] as const) {
      const api = await start({ METRICS_TOKEN: 'metrics-token-0123456789', DASHBOARD_PASSWORD: 'dashboard-password-0123' });
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await attempt(api, i)).status);
      expect(statuses.slice(20), name).toEqual(Array(5).fill(429));
      expect(statuses.slice(0, 20).every((status) => status === 401 || status === 403), name).toBe(true);
      expect((await legacy(api, TOKEN)).status, name).toBe(429);
    }
  });

  it('does not believe X-Forwarded-For by default: a refused client cannot get in by naming another address', async () => {
    const api = await start();
    for (let i = 0; i < 21; i++) await legacy(api, 'wrong-token', { 'x-forwarded-for': `198.51.100.${i}` });
    expect((await legacy(api, TOKEN, { 'x-forwarded-for': '198.51.100.200' })).status).toBe(429);
  });

  it('with TRUST_PROXY set to the proxy, tells clients behind it apart by X-Forwarded-For', async () => {
    const api = await start({ TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 21; i++) await legacy(api, 'wrong-token', { 'x-forwarded-for': '198.51.100.7' });
    expect((await legacy(api, TOKEN, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    // A client behind the proxy cannot escape by sending its own X-Forwarded-For: the proxy appends the real peer.
    expect((await legacy(api, TOKEN, { 'x-forwarded-for': '203.0.113.1, 198.51.100.7' })).status).toBe(429);
    expect((await legacy(api, TOKEN, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(202);
  });

  it('with TRUST_PROXY=1 (one nginx in front), a client on the LAN cannot escape by naming another address either', async () => {
    const api = await start({ TRUST_PROXY: '1' });
    // nginx appends the real peer (192.168.1.50) to whatever the client sent.
    for (let i = 0; i < 21; i++) await legacy(api, 'wrong-token', { 'x-forwarded-for': `203.0.113.${i}, 192.168.1.50` });
    expect((await legacy(api, TOKEN, { 'x-forwarded-for': '203.0.113.200, 192.168.1.50' })).status).toBe(429);
    expect((await legacy(api, TOKEN, { 'x-forwarded-for': '192.168.1.51' })).status).toBe(202);
  });
});
