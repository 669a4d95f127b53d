import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGammu, FAST_WORKER_ENV, launchChromium, SHARED_REDIS_URL, startApp, stopAllApps, waitFor, type AppProcess, type FakeGammu } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

// The README's picture of the dashboard: messages sent by a real worker (and one scheduled), as a
// user following the README would see them. UPDATE_SCREENSHOTS=1 writes docs/dashboard.png;
// otherwise the picture goes to tmp/, so test runs leave the tree clean.
const SCREENSHOT = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOTS === '1' ? '../../../docs/dashboard.png' : '../../../tmp/dashboard-readme.png', import.meta.url),
);
const QUEUE = 'outgoing-sms';
const PASSWORD = 'dashboard-screenshot-password';
const auth = { authorization: `Bearer ${TOKEN}` };

/** Fictitious numbers (Brazil's 90000 block is not assigned to subscribers), and what clinics send. */
const SENT = [
  { to: '+55 11 90000-0101', text: 'Sua consulta é amanhã às 9h. Responda SAIR para não receber mais.', reference: 'appointment-981' },
  { to: '+55 11 90000-0102', text: 'Seu exame está pronto para retirada.', reference: 'exam-4410' },
  { to: '+55 21 90000-0103', text: 'Código de confirmação: 482913', reference: 'otp-77' },
];
const SCHEDULED = [{ to: '+55 31 90000-0104', text: 'Lembrete: vacina da gripe na sexta-feira.', reference: 'vaccine-12' }];

describe('the dashboard as the README shows it', () => {
  let api: TestApi;
  let gammu: FakeGammu;
  let worker: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    api = await startTestApi({ DASHBOARD_PASSWORD: PASSWORD });
    gammu = createFakeGammu({ sendsmsDefault: { ok: true } });
    worker = startApp('worker', {
      ...FAST_WORKER_ENV,
      REDIS_URL: SHARED_REDIS_URL,
      QUEUE_PREFIX: api.prefix,
      GAMMU_BIN: gammu.bin,
      GAMMU_CONFIG: '/nonexistent/gammurc-unused-by-the-fake',
      MODEM_ID: 'modem-1',
    });
    await worker.waitForLog('the start-up network check', (line) => line.event === 'network_ok');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (worker) {
      const stopped = await Promise.race([worker.stop('SIGTERM').then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
      if (!stopped) await stopAllApps();
    }
    await api?.close();
    await gammu?.remove();
  });

  it('shows the sent messages with what the worker recorded, and no number, machine path or stack trace', { timeout: 60_000 }, async () => {
    const ids: string[] = [];
    for (const message of SENT) {
      const accepted = await api.post('/v1/messages', message, auth);
      expect(accepted.status).toBe(202);
      ids.push(String(accepted.json.id));
    }
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    for (const message of SCHEDULED) expect((await api.post('/v1/messages', { ...message, sendAt: inAnHour }, auth)).status).toBe(202);
    for (const id of ids) await waitFor(`message ${id} to be sent`, async () => (await api.queue.state(id)) === 'completed', { timeoutMs: 20_000 });

    const context = await browser.newContext({
      httpCredentials: { username: 'admin', password: PASSWORD, origin: api.url },
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    try {
      // Bull Board's own setting (its settings dialog, kept in localStorage): the JSON of each
      // job opens one level deep, so the recipients' numbers and the texts stay folded in the picture.
      // A string, not a function: it runs in the page, where the test's Node types know no localStorage.
      await context.addInitScript(`localStorage.setItem('board-settings', ${JSON.stringify(JSON.stringify({ state: { defaultCollapseDepth: 1 }, version: 2 }))});`);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${api.url}/admin/queues/queue/${QUEUE}?status=latest`);
      const main = page.locator('main');
      await main.getByRole('link', { name: ids[0], exact: true }).waitFor();
      // What the worker recorded for each sent message: its modem, gammu's references, the parts.
      for (const result of await main.getByRole('treeitem').filter({ hasText: /^returnValue:\s*\{/ }).all()) {
        await result.getByRole('button', { name: 'expand JSON' }).click();
      }
      await page.evaluate('window.scrollTo(0, 0)');
      await page.mouse.move(0, 0);
      const shown = (await page.locator('body').innerText()).toString();
      expect(shown).not.toMatch(/\/(work|home|root|tmp|usr|opt)\//);
      expect(shown).not.toMatch(/\n\s*at \S+ \(/);
      for (const { to } of [...SENT, ...SCHEDULED]) expect(shown).not.toContain(to.replace(/\D/g, ''));
      expect(shown).toContain('modem-1');
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    } finally {
      await context.close();
    }
  });
});
