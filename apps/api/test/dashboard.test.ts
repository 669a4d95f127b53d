import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('Bull Board dashboard at /admin/queues', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('asks for HTTP Basic credentials', async () => {
    const response = await fetch(`${api.url}/admin/queues`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('refuses a wrong password', async () => {
    const response = await fetch(`${api.url}/admin/queues`, { headers: basic('admin', 'wrong') });
    expect(response.status).toBe(401);
  });

  it('lets in admin with the API token by default and lists the outgoing-sms queue with its messages', async () => {
    const accepted = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'visible' });
    const page = await fetch(`${api.url}/admin/queues`, { headers: basic('admin', TOKEN) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const queues = await fetch(`${api.url}/admin/queues/api/queues?activeQueue=outgoing-sms&status=latest`, {
      headers: basic('admin', TOKEN),
    });
    const body = JSON.stringify(await queues.json());
    expect(body).toContain('outgoing-sms');
    expect(body).toContain('webhook-deliveries'); // failed deliveries are visible and retryable too
    expect(body).toContain(String(accepted.json.id));
  });
});

describe('dashboard credentials from the environment', () => {
  it('uses DASHBOARD_USER and DASHBOARD_PASSWORD instead of the defaults', async () => {
    const api = await startTestApi({ DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'dash-secret' });
    try {
      expect((await fetch(`${api.url}/admin/queues`, { headers: basic('ops', 'dash-secret') })).status).toBe(200);
      expect((await fetch(`${api.url}/admin/queues`, { headers: basic('admin', TOKEN) })).status).toBe(401);
    } finally {
      await api.close();
    }
  });
});
