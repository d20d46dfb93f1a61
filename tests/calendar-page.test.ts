// The administrators' calendar page (/calendar) in a real browser (Debian's Chromium): the loaded
// TEST DATA notice drawn as a month grid, under the page's strict content security policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { startHarness, type Harness } from './support/harness.js';
import { TEST_NOTICE_2027, loadCalendarNotice } from './support/calendar.js';


let h: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the calendar page', () => {
  it('shows the loaded year as a month grid: holidays, make-up days, the document and its history', async () => {
    await loadCalendarNotice(h, 2027);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1200 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // Every request the page makes must succeed (the browser's own favicon probe aside).
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
    await page.goto(`${base}/calendar?year=2027#token=${h.tokens.admin}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect(page.url()).not.toContain('token=');

    expect(await page.locator('#months .month').count()).toBe(12);
    const cls = (date: string) => page.locator(`td[data-date="${date}"]`).getAttribute('class');
    expect(await cls('2027-02-10')).toBe('holiday'); // Wednesday inside the test Spring Festival block
    expect(await cls('2027-01-01')).toBe('holiday');
    expect(await cls('2027-02-20')).toBe('workday'); // Saturday, worked
    expect(await cls('2027-02-27')).toBe('weekend');
    expect(await cls('2027-02-14')).toBe('holiday'); // a Sunday inside the block shows as holiday
    expect(await cls('2027-02-17')).toBeNull(); // an ordinary Wednesday
    expect(await page.locator('#facts').innerText()).toContain(TEST_NOTICE_2027.documentNo);
    expect(await page.locator('#holidays tbody tr').count()).toBe(2);
    expect(await page.locator('#workdays tbody tr').count()).toBe(2);
    expect(await page.locator('#history tbody tr').count()).toBe(1);
    expect(await page.locator('#warning').isVisible()).toBe(false);
    expect(await page.locator('#load').isVisible()).toBe(true); // the admin may load a notice here

    // A year nobody loaded is shown as provisional, with the warning.
    await page.click('#next');
    await page.waitForFunction(() => (document.getElementById('year') as HTMLInputElement).value === '2028');
    await page.waitForSelector('#warning', { state: 'visible' });
    expect(await page.locator('#facts').innerText()).toContain('provisional');
    await page.click('#prev');
    await page.waitForFunction(() => (document.getElementById('facts')?.textContent ?? '').includes('TEST-2027'));
    await page.screenshot({ path: join(tmpdir(), `calendar-page-${process.pid}.png`), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
