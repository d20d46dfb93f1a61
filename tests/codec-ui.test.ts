// An administrator reads a case in Temporal UI (the dev server's UI, started by the global setup with
// --ui-codec-endpoint pointing at our API's /codec, as `npm start` starts it), in Chromium: without a
// codec session the UI shows ciphertext and "Codec Server could not connect"; after signing in on the
// API's /codec page it shows the case's decoded input, the Chinese title; after signing out, the
// ciphertext again. An officer who tries the same gets no session and reads nothing.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { launchBrowser } from './support/browser.js';
import { appOver, startHarness, type Harness } from './support/harness.js';
import { decide, openCase } from './support/cases.js';

const BROWSER_TEST_MS = 150_000;
const TITLE = '养老机构消防验收协调';
const ui = `http://127.0.0.1:${inject('temporalUiPort')}`;

let h: Harness;
let api: FastifyInstance;
let browser: Browser;
let base: string;
let workflowId: string;
beforeAll(async () => {
  h = await startHarness();
  // The API where the dev server's UI looks for its codec server, with the UI's origin for CORS.
  api = await appOver(h, { config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: ui, publicUrl: `http://127.0.0.1:${inject('codecApiPort')}`, production: false } });
  base = await api.listen({ port: inject('codecApiPort'), host: '127.0.0.1' });
  browser = await launchBrowser();
  const c = await openCase(h, 'housing.fc1', { title: TITLE });
  expect((await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'no_precedent', note: '本市无先例' })).statusCode).toBe(200);
  workflowId = c.workflowId;
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await h?.close();
});

/** A page whose script errors fail the test (the /codec page's own script, under the API's CSP). */
async function watched(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // Our own pages only: Temporal UI logs its own warnings (its news feed is unreachable here).
    if (m.type() === 'error' && page.url().startsWith(base) && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  return page;
}

async function signInAtCodecPage(page: Page, principalId: string): Promise<string> {
  await page.goto(`${base}/codec`);
  await page.waitForSelector('body[data-ready="true"]'); // its script ran: not blocked by the CSP
  await page.getByLabel('管理员令牌').fill(h.tokens[principalId]!);
  await page.getByRole('button', { name: /Open session/ }).click();
  await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '');
  return (await page.textContent('#result')) ?? '';
}

/**
 * The dev server's UI sends cookies to the codec server only with "include cross-origin credentials"
 * on, a setting of the browser: what the /codec page tells an administrator to do once. (Production's
 * UI is configured with it: TEMPORAL_CODEC_INCLUDE_CREDENTIALS, checked by test:production.)
 */
async function turnOnCredentials(page: Page) {
  await page.goto(`${ui}/namespaces/default/workflows/${workflowId}`);
  await page.locator('[data-testid^="data-encoder-status"]').first().click();
  await page.locator('#use-local-endpoint-radio').check();
  await page.getByPlaceholder('Paste your endpoint here').fill(`${base}/codec`);
  await page.getByText('Include cross-origin credentials').click();
  await page.getByRole('button', { name: 'Apply' }).click();
}

/** The workflow's page in Temporal UI, once its input has been through the codec server. */
async function workflowPage(page: Page): Promise<{ text: string; codecError: boolean }> {
  const decoded = page.waitForResponse((r) => r.url().startsWith(`${base}/codec/decode`), { timeout: 30_000 });
  await page.goto(`${ui}/namespaces/default/workflows/${workflowId}`);
  await decoded;
  await page.waitForTimeout(1500); // the UI renders what the codec server answered
  return { text: await page.innerText('body'), codecError: await page.locator('[data-testid="data-encoder-status-error"]').isVisible() };
}

describe('Temporal UI through our codec server, in Chromium', () => {
  it('an administrator signs in on /codec and reads the case\'s decoded input; signing out ends it', async () => {
    const problems: string[] = [];
    const context = await browser.newContext();
    const page = await watched(context, problems);
    await turnOnCredentials(page);

    const before = await workflowPage(page);
    expect(before.text).not.toContain(TITLE);
    expect(before.codecError).toBe(true);

    expect(await signInAtCodecPage(page, 'admin')).toMatch(/Session open until/);
    const cookie = (await context.cookies(`${base}/codec/decode`)).find((c) => c.name === 'codec_session');
    expect(cookie).toMatchObject({ httpOnly: true, path: '/codec' });

    const after = await workflowPage(page);
    await page.waitForFunction((t) => document.body.innerText.includes(t), TITLE, { timeout: 30_000 });
    expect(after.codecError).toBe(false);
    expect(await page.innerText('body')).not.toMatch(/Codec Server could not connect/);

    // Sign out: the session ends on the server, and the UI is back to ciphertext.
    await page.goto(`${base}/codec`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForFunction(() => /Session ended/.test(document.getElementById('result')?.textContent ?? ''));
    const out = await workflowPage(page);
    expect(out.text).not.toContain(TITLE);
    expect(out.codecError).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);

  it('another role gets no session and reads nothing', async () => {
    const problems: string[] = [];
    const context = await browser.newContext();
    const page = await watched(context, problems);
    await turnOnCredentials(page);
    for (const who of ['housing.head', 'sup-1']) {
      expect(await signInAtCodecPage(page, who)).toMatch(/Refused/);
      expect((await context.cookies(`${base}/codec/decode`)).find((c) => c.name === 'codec_session'), who).toBeUndefined();
    }
    const shown = await workflowPage(page);
    expect(shown.text).not.toContain(TITLE);
    expect(shown.codecError).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);
});
