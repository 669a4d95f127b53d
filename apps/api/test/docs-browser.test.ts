import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '@sms-gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

// /docs in a real browser: Debian's Chromium driven by playwright-core, the API in this process.
// Gateways often run on a LAN without internet: the page must work with nothing but the API.
const UI_TIMEOUT_MS = 15_000;
const FAILURE_SCREENSHOT = fileURLToPath(new URL('../../../tmp/docs-browser-failure.png', import.meta.url));

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
}

describe('/docs in Chromium', () => {
  let api: TestApi;
  let browser: Browser;
  let operations: number;

  beforeAll(async () => {
    api = await startTestApi();
    const document = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as OpenApiDocument;
    // Swagger UI shows the operations of `paths` and of `webhooks` (what the API POSTs to clients).
    operations = [...Object.values(document.paths), ...Object.values(document.webhooks ?? {})].reduce(
      (sum, methods) => sum + Object.keys(methods).length,
      0,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await api?.close();
  });

  /**
   * A page whose every request is recorded; any request for another origin is refused (and
   * recorded as such), as it would fail on a LAN without internet.
   */
  async function docsPage(): Promise<{ page: Page; context: BrowserContext; requested: string[]; refused: string[]; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const requested: string[] = [];
    const refused: string[] = [];
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith(`${api.url}/`) || url.startsWith('data:')) return route.continue();
      refused.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('pageerror', (error) => void problems.push(error.message));
    return { page, context, requested, refused, problems };
  }

  async function onFailure<T>(page: Page, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      mkdirSync(dirname(FAILURE_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT, fullPage: true }).catch(() => undefined);
      throw error;
    }
  }

  it('renders every operation of the OpenAPI document, with nothing fetched from outside the API', async () => {
    const { page, context, requested, refused, problems } = await docsPage();
    try {
      await onFailure(page, async () => {
        const answer = await page.goto(`${api.url}/docs`);
        expect(answer?.status()).toBe(200);
        await page.locator('.opblock').first().waitFor();
        expect(await page.locator('.opblock').count()).toBe(operations);
        await page.locator('.opblock-summary-path', { hasText: /^\/v1\/messages\/\{id\}$/ }).waitFor();
        await expect.poll(() => page.title()).toBe('SMS gateway API');
      });
      expect(refused).toEqual([]);
      expect(requested).toContain(`${api.url}/v1/openapi.json`);
      expect(requested.filter((url) => url.includes('/docs/assets/')).length).toBeGreaterThanOrEqual(2);
      // A script or style the page's own CSP blocked would show here.
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('renders the markdown of the descriptions: `code` becomes code, no backticks left', async () => {
    const { page, context } = await docsPage();
    try {
      await onFailure(page, async () => {
        await page.goto(`${api.url}/docs`);
        const description = page.locator('.information-container .info .description');
        await description.waitFor();
        expect(await description.locator('code', { hasText: 'GET /v1/messages/{id}' }).count()).toBe(1);
        expect(await description.textContent()).not.toContain('`');
      });
    } finally {
      await context.close();
    }
  });

  it('tries a request with the Bearer token given under "Authorize", and shows the API\'s answer', async () => {
    const { page, context, refused } = await docsPage();
    try {
      await onFailure(page, async () => {
        await page.goto(`${api.url}/docs`);
        await page.getByRole('button', { name: 'Authorize', exact: true }).click();
        const dialog = page.locator('.modal-ux');
        await dialog.locator('input[type="text"], input[type="password"]').first().fill(TOKEN);
        await dialog.getByRole('button', { name: 'Apply credentials' }).click();
        await dialog.getByRole('button', { name: 'Close', exact: true }).click();

        const operation = page.locator('.opblock', { has: page.locator('.opblock-summary-path', { hasText: /^\/v1\/modems$/ }) });
        await operation.locator('.opblock-summary').click();
        await operation.getByRole('button', { name: 'Try it out' }).click();
        const sent = page.waitForRequest((request) => request.url() === `${api.url}/v1/modems`);
        await operation.getByRole('button', { name: 'Execute' }).click();
        expect((await sent).headers().authorization).toBe(`Bearer ${TOKEN}`);

        const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
        await expect.poll(() => status.textContent()).toMatch(/^\s*200/);
        await operation.locator('.live-responses-table .microlight', { hasText: '"data"' }).first().waitFor();
      });
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
