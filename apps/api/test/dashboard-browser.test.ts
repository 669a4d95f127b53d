import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeGammu,
  FAST_WORKER_ENV,
  launchChromium,
  SHARED_REDIS_URL,
  startApp,
  stopAllApps,
  waitFor,
  type AppProcess,
  type FakeGammu,
} from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

// Bull Board in a real browser: Debian's Chromium driven by playwright-core (which never
// downloads a browser of its own), the API in this process, a built worker process on the
// same queue prefix and a scripted gammu. `npm test` installs chromium (tools/system-deps.mjs).
// A picture of the failed message's Error tab, for the developer (tmp/). The README's picture
// comes from dashboard-screenshot.test.ts: this one shows gammu's error and its stack trace.
const SCREENSHOT = fileURLToPath(new URL('../../../tmp/dashboard-failed-job.png', import.meta.url));
const FAILURE_SCREENSHOT = fileURLToPath(new URL('../../../tmp/dashboard-browser-failure.png', import.meta.url));
const QUEUE = 'outgoing-sms';
const UI_TIMEOUT_MS = 10_000;
const PASSWORD = 'dashboard-browser-password';

describe('Bull Board dashboard in Chromium', () => {
  let api: TestApi;
  let gammu: FakeGammu;
  let worker: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    api = await startTestApi({ DASHBOARD_PASSWORD: PASSWORD });
    // The modem is unplugged: every send fails with gammu's exit 104, a device error.
    gammu = createFakeGammu({ sendsmsDefault: { exit: 104 } });
    worker = startApp('worker', {
      ...FAST_WORKER_ENV,
      RETRY_OTHER_MAX_ATTEMPTS: '2',
      RETRY_OTHER_DELAY_MS: '20',
      READINESS_POLL_MS: '50',
      MODEM_RESET_WAIT_MS: '20',
      REDIS_URL: SHARED_REDIS_URL,
      QUEUE_PREFIX: api.prefix,
      GAMMU_BIN: gammu.bin,
      GAMMU_CONFIG: '/nonexistent/gammurc-unused-by-the-fake',
      MODEM_ID: 'modem-dashboard',
    });
    await worker.waitForLog('the start-up network check', (line) => line.event === 'network_ok');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (worker) {
      // SIGTERM lets the worker finish cleanly; SIGKILL if it has not within 10 s.
      const stopped = await Promise.race([worker.stop('SIGTERM').then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
      if (!stopped) await stopAllApps();
    }
    await api?.close();
    await gammu?.remove();
  });

  /** A page logged in as admin with DASHBOARD_PASSWORD, 1280×800 like docs/dashboard.png. */
  async function dashboardPage(): Promise<Page> {
    const context = await browser.newContext({
      httpCredentials: { username: 'admin', password: PASSWORD, origin: api.url },
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(UI_TIMEOUT_MS);
    return page;
  }

  /** Waits until the message is in `state` in Redis. */
  async function waitForState(id: string, state: string, timeoutMs = 15_000) {
    let last = '';
    await waitFor(`message ${id} to be ${state}`, async () => (last = await api.queue.state(id)) === state, { timeoutMs }).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}; it is ${last}\n--- worker output ---\n${worker.output().slice(-3000)}`);
      },
    );
  }

  it.each([
    { who: 'a browser without credentials', credentials: undefined },
    { who: 'a wrong password', credentials: { username: 'admin', password: 'not-the-password' } },
  ])('answers 401 to $who, and shows nothing of the queue', async ({ credentials }) => {
    const context = await browser.newContext(credentials ? { httpCredentials: { ...credentials, origin: api.url } } : {});
    try {
      const page = await context.newPage();
      const answered = page.waitForResponse((response) => response.url() === `${api.url}/admin/queues`, { timeout: UI_TIMEOUT_MS });
      // Without credentials playwright cancels the login and the navigation fails with
      // ERR_INVALID_AUTH_CREDENTIALS; with a wrong password it shows the 401 page. Either
      // way the server's answer is a 401.
      const navigation = await page.goto(`${api.url}/admin/queues`, { timeout: UI_TIMEOUT_MS }).then(
        (shown) => ({ shown, error: undefined }),
        (error: Error) => ({ shown: undefined, error }),
      );
      const response = await answered;
      expect(response.status()).toBe(401);
      expect(response.headers()['www-authenticate']).toMatch(/^Basic /);
      expect(await response.text()).not.toContain(QUEUE);
      if (navigation.error) expect(navigation.error.message).toMatch(/ERR_INVALID_AUTH_CREDENTIALS/);
      else expect(navigation.shown?.status()).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('shows a failed message with gammu\'s error, retries it from the UI, and the worker sends it', { timeout: 60_000 }, async () => {
    const accepted = await api.post('/enviar-sms', { token: TOKEN, numero: '+55 11 99999-1234', mensagem: 'Sua consulta é amanhã às 9h.' });
    expect(accepted.status).toBe(202);
    const id = String(accepted.json.id);
    await waitForState(id, 'failed');
    expect(gammu.sends()).toHaveLength(2); // RETRY_OTHER_MAX_ATTEMPTS=2

    const page = await dashboardPage();
    try {
      // Overview: the queue's card, with its failed message.
      await page.goto(`${api.url}/admin/queues`);
      const main = page.locator('main');
      await main.getByRole('link', { name: /^Failed\s*1$/ }).waitFor();
      await main.getByRole('link', { name: QUEUE, exact: true }).click();
      await page.waitForURL(`**/admin/queues/queue/${QUEUE}`);

      // The queue's Failed tab lists the message by its id; open it.
      await main.getByRole('link', { name: /^FAILED/ }).click();
      await page.waitForURL(`**/queue/${QUEUE}?status=failed`);
      await main.getByRole('link', { name: id, exact: true }).click();
      await page.waitForURL(`**/queue/${QUEUE}/${id}*`);

      // The job's Error tab shows why it failed, once per attempt.
      const error = main.getByRole('tabpanel');
      await error.getByText(/gammu exited with 104: Error opening device/).first().waitFor();
      expect((await error.textContent())?.match(/exited with 104: Error opening device, it doesn't exist\./g)).toHaveLength(2);
      expect(await main.getByRole('tab', { name: 'Error' }).getAttribute('aria-selected')).toBe('true');
      await page.mouse.move(0, 0);
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });

      // The modem is back. The job's Retry button is an icon (lucide refresh-cw) whose
      // tooltip says "Retry"; it asks for a confirmation first.
      gammu.script({ sendsmsDefault: { ok: true } });
      const retry = main.locator('button:has(svg.lucide-refresh-cw)');
      expect(await retry.count()).toBe(1);
      await retry.hover();
      await page.locator('[data-base-ui-portal]').getByText('Retry', { exact: true }).waitFor();
      await retry.click();
      const confirm = page.getByRole('alertdialog', { name: 'Are you sure?' });
      await confirm.getByText('Are you sure that you want to retry this job?').waitFor();
      await confirm.getByRole('button', { name: 'Confirm' }).click();
      await confirm.waitFor({ state: 'hidden' });

      // The worker sends it: completed in Redis, a third sendsms that succeeded.
      await waitForState(id, 'completed');
      expect(gammu.sends()).toHaveLength(3);
      expect(gammu.sends().at(-1)).toMatchObject({ to: '+5511999991234', text: 'Sua consulta é amanhã às 9h.' });

      // After a reload the Completed tab lists it, and the Failed tab no longer does.
      await page.goto(`${api.url}/admin/queues/queue/${QUEUE}`);
      await main.getByRole('link', { name: /^COMPLETED/ }).click();
      await page.waitForURL(`**/queue/${QUEUE}?status=completed`);
      await page.reload();
      await main.getByRole('link', { name: id, exact: true }).waitFor();
      await main.getByRole('link', { name: /^FAILED/ }).click();
      await page.waitForURL(`**/queue/${QUEUE}?status=failed`);
      await main.getByText(`No failed jobs in this queue.`).waitFor();
      expect(await main.getByRole('link', { name: id, exact: true }).count()).toBe(0);
    } catch (error) {
      // For the developer: what the page showed when it went wrong.
      mkdirSync(dirname(FAILURE_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT }).catch(() => undefined);
      throw error;
    } finally {
      await page.context().close();
    }
  });
});
