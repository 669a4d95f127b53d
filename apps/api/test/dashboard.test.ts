import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefixKeys, freePort, SHARED_REDIS_URL, startApp, stopAllApps, uniquePrefix } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const PASSWORD = 'dashboard-password-0123';

describe('Bull Board dashboard at /admin/queues', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ DASHBOARD_PASSWORD: PASSWORD });
  });
  afterAll(async () => {
    await api.close();
  });

  it('asks for HTTP Basic credentials', async () => {
    const response = await fetch(`${api.url}/admin/queues`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('refuses a wrong password, and the API token as the password', async () => {
    expect((await fetch(`${api.url}/admin/queues`, { headers: basic('admin', 'wrong') })).status).toBe(401);
    expect((await fetch(`${api.url}/admin/queues`, { headers: basic('admin', TOKEN) })).status).toBe(401);
  });

  it('lets in admin with DASHBOARD_PASSWORD and lists the outgoing-sms queue with its messages', async () => {
    const accepted = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'visible' });
    const page = await fetch(`${api.url}/admin/queues`, { headers: basic('admin', PASSWORD) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const queues = await fetch(`${api.url}/admin/queues/api/queues?activeQueue=outgoing-sms&status=latest`, {
      headers: basic('admin', PASSWORD),
    });
    const body = JSON.stringify(await queues.json());
    expect(body).toContain('outgoing-sms');
    expect(body).toContain('webhook-deliveries'); // failed deliveries are visible and retryable too
    expect(body).toContain(String(accepted.json.id));
  });

  it('lets an admin change the queue when it is not read-only', async () => {
    await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'to be emptied' });
    const emptied = await fetch(`${api.url}/admin/queues/api/queues/outgoing-sms/empty`, { method: 'PUT', headers: basic('admin', PASSWORD) });
    expect(emptied.status).toBe(200);
    expect(await api.queue.queue.getWaitingCount()).toBe(0);
  });
});

describe('dashboard settings from the environment', () => {
  it('uses DASHBOARD_USER and DASHBOARD_PASSWORD', async () => {
    const api = await startTestApi({ DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'ops-dashboard-secret' });
    try {
      expect((await fetch(`${api.url}/admin/queues`, { headers: basic('ops', 'ops-dashboard-secret') })).status).toBe(200);
      expect((await fetch(`${api.url}/admin/queues`, { headers: basic('admin', 'ops-dashboard-secret') })).status).toBe(401);
    } finally {
      await api.close();
    }
  });

  it('with DASHBOARD_READ_ONLY=true shows the messages but refuses to empty the queue or retry', async () => {
    const api = await startTestApi({ DASHBOARD_PASSWORD: PASSWORD, DASHBOARD_READ_ONLY: 'true' });
    try {
      const accepted = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'keep me' });
      const listed = await fetch(`${api.url}/admin/queues/api/queues?activeQueue=outgoing-sms&status=latest`, { headers: basic('admin', PASSWORD) });
      expect(JSON.stringify(await listed.json())).toContain(String(accepted.json.id));
      for (const action of ['empty', 'retry/failed', 'promote', 'clean/completed', 'obliterate']) {
        const refused = await fetch(`${api.url}/admin/queues/api/queues/outgoing-sms/${action}`, { method: 'PUT', headers: basic('admin', PASSWORD) });
        expect(refused.status, action).toBe(405);
      }
      expect(await api.queue.queue.getJob(String(accepted.json.id))).toBeTruthy();
    } finally {
      await api.close();
    }
  });

  it('is off without DASHBOARD_PASSWORD: /admin/queues answers 404 whatever the credentials', async () => {
    const api = await startTestApi();
    try {
      expect((await fetch(`${api.url}/admin/queues`)).status).toBe(404);
      expect((await fetch(`${api.url}/admin/queues`, { headers: basic('admin', TOKEN) })).status).toBe(404);
      expect((await fetch(`${api.url}/admin/queues/api/queues`, { headers: basic('admin', TOKEN) })).status).toBe(404);
    } finally {
      await api.close();
    }
  });
});

describe('the API process and its dashboard', () => {
  const prefix = uniquePrefix('api-dashboard');
  afterEach(async () => {
    await stopAllApps();
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
  });

  it('says in one log line how to turn the dashboard on when it is off', async () => {
    const port = await freePort();
    const api = startApp('api', { SMS_API_TOKEN: TOKEN, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: prefix });
    const started = await api.waitForLog('listening', (line) => line.event === 'started');
    expect(started).not.toHaveProperty('dashboard');
    const off = api.logs().filter((line) => line.event === 'dashboard_off');
    expect(off).toHaveLength(1);
    expect(off[0]?.message).toMatch(/DASHBOARD_PASSWORD/);
    expect((await fetch(`http://127.0.0.1:${port}/admin/queues`)).status).toBe(404);
  });

  it.each([
    ['equal to the API token', TOKEN, /DASHBOARD_PASSWORD must not be the API token/],
    ['of 11 characters', 'eleven-char', /DASHBOARD_PASSWORD must be at least 12 characters/],
  ])('refuses to start with a DASHBOARD_PASSWORD %s, in one line', async (_case, password, pattern) => {
    const api = startApp('api', { SMS_API_TOKEN: TOKEN, DASHBOARD_PASSWORD: password, REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: prefix });
    expect(await api.exited()).not.toBe(0);
    const lines = api.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });
});
