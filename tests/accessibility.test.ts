// Accessibility, checked by a machine and by the keyboard, in the project's Chromium (playwright-core,
// Debian's chromium) over the real API, worker and Temporal: axe-core finds no violation of impact
// serious or critical on the tracking page, the window's complaint page, the workbench (inbox, case,
// decision form), the library, the calendar, the statistics and the process page; the requester's
// pages also in 长辈版 (large text: ≥ 20 px, line height ≥ 1.5, AAA contrast, big targets, one switch
// remembered on the device), the workbench also at a large system font size. A keyboard-only walk
// through the decision form and the rating form; form errors announced; every image and diagram with
// a text alternative; screenshots of the tracking page in 长辈版 for the README (UPDATE_SCREENSHOTS=1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotPath } from './support/browser.js';
import { startHarness, type Harness } from './support/harness.js';
import { decide, getCase, lastSmsCode, noticesReleased, openCase } from './support/cases.js';
import { seriousViolations } from './support/axe.js';
import { createDispatcher } from '../notify/index.js';

const BROWSER_TEST_MS = 180_000;
const shot = screenshotPath;

let h: Harness;
let browser: Browser;
let base: string;
beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  mkdirSync(dirname(shot('x.png')), { recursive: true });
});
afterAll(async () => {
  await Promise.all([browser?.close(), h?.close()]);
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', bypassCSP: true };
const DESK = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN', bypassCSP: true };

async function open(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  return page;
}

async function axeClean(page: Page, what: string, opts: { enhancedContrast?: boolean } = {}) {
  expect(await seriousViolations(page, opts), what).toEqual([]);
}

/** Images and diagrams without a text alternative (an <img> without alt, an <svg> or a drawing nobody named). */
function unnamedPictures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (e: Element) => !!(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.querySelector(':scope > title')?.textContent);
    const hidden = (e: Element) => !!e.closest('[aria-hidden="true"], [hidden]');
    const bad: string[] = [];
    for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt') && !hidden(img)) bad.push(`img ${img.src}`);
    for (const svg of document.querySelectorAll('svg')) {
      if (hidden(svg) || svg.closest('svg') !== svg) continue; // nested svgs belong to their outer one
      // Named itself, or drawn inside a named picture or diagram (a role=img, or a group described in words).
      const holder = svg.closest('[role="img"], [role="group"][aria-describedby], figure');
      if (!(holder && named(holder)) && !named(svg)) bad.push(`svg in #${svg.closest('[id]')?.id ?? '?'}`);
    }
    return bad;
  });
}

/** In 长辈版: every visible text at least 20 px with line height at least 1.5, and every control a big target. */
function elderProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    for (const e of document.querySelectorAll('body *')) {
      const ownText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
      if (!ownText || !visible(e) || e.closest('.sr-only')) continue;
      const cs = getComputedStyle(e);
      const size = parseFloat(cs.fontSize);
      const line = cs.lineHeight === 'normal' ? 0 : parseFloat(cs.lineHeight);
      if (size < 20) bad.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent!.trim().slice(0, 20)}" ${size}px`);
      if (line < size * 1.5 - 0.01) bad.push(`line height of ${e.tagName.toLowerCase()}.${e.className}: ${cs.lineHeight} for ${size}px`);
    }
    for (const c of document.querySelectorAll('button, select, textarea, input:not([type="checkbox"]):not([type="radio"])')) {
      if (visible(c) && c.getBoundingClientRect().height < 56) bad.push(`target ${c.id || c.tagName} ${Math.round(c.getBoundingClientRect().height)}px high`);
    }
    for (const c of document.querySelectorAll('input[type="checkbox"], input[type="radio"]')) {
      const label = c.closest('label');
      if (visible(c) && (c.getBoundingClientRect().height < 28 || (label && label.getBoundingClientRect().height < 56))) bad.push(`choice ${c.id} too small`);
    }
    return bad;
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 80, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function errorAnnounced(page: Page, selector: string, words: RegExp) {
  const box = page.locator(selector);
  await box.waitFor({ state: 'visible' });
  expect(await box.textContent()).toMatch(words);
  expect(await box.getAttribute('role')).toBe('alert');
  expect(await box.getAttribute('aria-live')).toBe('assertive');
}

/** A case waiting for the requester's materials, with a file and the messages sent; and one answered, waiting for a rating. */
async function requesterCases() {
  const waiting = await openCase(h, 'housing-fund.fc1', { title: '公积金提取被告知"办不了"', requester: { kind: 'person', name: '陈女士', phone: '13905625555' } });
  expect((await decide(h, waiting.id, 'housing-fund.fc1', { action: 'request_materials', items: ['购房合同复印件', '银行流水'], note: '补齐后立即办理' })).statusCode).toBe(200);
  const answered = await openCase(h, 'housing-fund.fc1', { title: '住房公积金贷款额度核定', requester: { kind: 'person', name: '王大爷', phone: '13905626666' } });
  expect((await decide(h, answered.id, 'housing-fund.fc1', { action: 'escalate', reason: 'beyond_remit', note: '需科室研判' })).statusCode).toBe(200);
  expect((await decide(h, answered.id, 'housing-fund.chief1', { action: 'resolve', result: '经核定，可贷额度为45万元，3个工作日内出具额度通知书。' })).statusCode).toBe(200);
  for (const c of [waiting, answered]) await noticesReleased(h.db, c.id);
  await createDispatcher({ db: h.db, channel: { name: 'test', deliver: async () => {} }, batchSize: 200 }).runOnce(new Date());
  return { waiting, answered };
}

describe('the requester\'s pages, in normal and 长辈版 modes', () => {
  it('the tracking page and the window page: no serious violation in either mode; 长辈版 is large, clear, and one remembered switch', async () => {
    const problems: string[] = [];
    const { waiting, answered } = await requesterCases();
    const context = await browser.newContext(PHONE);
    const page = await open(context, problems);
    await page.goto(`${base}/t/${waiting.id}#code=${waiting.trackingCode}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#files-card').waitFor({ state: 'visible' });
    expect(await page.locator('#sms-card').isVisible()).toBe(true);
    await axeClean(page, 'tracking page, materials asked');
    expect(await unnamedPictures(page)).toEqual([]);
    // An error, as a requester meets it: announced, and the page still clean.
    await page.getByRole('button', { name: /提交补正材料/ }).click();
    await errorAnnounced(page, '#materials-error', /至少勾选一项/);
    await axeClean(page, 'tracking page with an error shown');

    // 长辈版: one switch.
    const toggle = page.getByRole('button', { name: /长辈版/ });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    expect(await elderProblems(page)).toEqual([]);
    await axeClean(page, 'tracking page in 长辈版', { enhancedContrast: true });
    // No information by colour alone: the tiers say passed / here in words.
    expect(await page.locator('#ladder li .state').allTextContents()).toEqual(['▶ 当前', '待', '待', '待', '待']);
    await page.screenshot({ path: shot('tracking-page-elder-materials.png'), fullPage: true });

    // Remembered on the device: a reload, the other case's page and the window page open in 长辈版.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    await page.goto(`${base}/t/${answered.id}#code=${answered.trackingCode}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#rating-card').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    expect(await elderProblems(page)).toEqual([]);
    await axeClean(page, 'tracking page in 长辈版, answer and rating', { enhancedContrast: true });
    expect(await page.locator('#history li.notice').count()).toBeGreaterThanOrEqual(2); // the messages sent, on the timeline
    await page.screenshot({ path: shot('tracking-page-elder.png'), fullPage: true });

    await page.goto(`${base}/w/W-housing-fund-01`);
    await page.waitForSelector('#complaint-form');
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    expect(await elderProblems(page)).toEqual([]);
    await axeClean(page, 'window page in 长辈版', { enhancedContrast: true });
    await page.getByRole('button', { name: /提交投诉/ }).click();
    await errorAnnounced(page, '#error', /请填写姓名/);
    await axeClean(page, 'window page in 长辈版 with an error shown', { enhancedContrast: true });
    // Switched off here, off everywhere.
    await page.getByRole('button', { name: /长辈版/ }).click();
    await page.reload();
    await page.waitForSelector('#complaint-form');
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false);
    await axeClean(page, 'window page');
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);

  it('the rating form, by keyboard only: the error is announced, a level is chosen with the arrows, the rating is sent', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'civil.fc1', { title: '村庄区划归属证明', requester: { kind: 'person', name: '周女士', phone: '13905627777' } });
    expect((await decide(h, c.id, 'civil.fc1', { action: 'resolve', result: '已查到2004年会议纪要，出具证明。' })).statusCode).toBe(200);
    const context = await browser.newContext(PHONE);
    const page = await open(context, problems);
    await page.goto(`${base}/t/${c.id}#code=${c.trackingCode}`);
    await page.waitForSelector('body[data-ready="true"]');
    await tabTo(page, '#rating-submit');
    await page.keyboard.press('Enter');
    await errorAnnounced(page, '#rating-error', /请选择/);
    await tabTo(page, '#rating-levels input[type="radio"]', 20, true);
    await page.keyboard.press('ArrowDown'); // from the first level to the second, chosen
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('satisfied');
    expect(await page.locator('#rating-satisfied').isChecked()).toBe(true);
    await tabTo(page, '#rating-comment', 10);
    await page.keyboard.type('办得很快');
    // A mobile phone is on file: the code sent there, asked for and typed by keyboard too.
    await tabTo(page, '#rating-code-send', 5);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#rating-code-note:has-text("139****7777")');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rating-code'); // focus moves to the code
    await page.keyboard.type(await lastSmsCode(h, c.id));
    await tabTo(page, '#rating-submit', 5);
    await page.keyboard.press('Enter');
    await page.locator('#rated-card').waitFor({ state: 'visible' });
    expect(await getCase(h, c.id)).toMatchObject({ rating: { rating: 'satisfied', comment: '办得很快' } });
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);
});

describe('the officer\'s pages', () => {
  it('the workbench: inbox, case and decision form without serious violations; the decision form by keyboard only; the text follows the system font size', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'planning.fc1', { title: '2002年征收房屋补办产权证', requester: { kind: 'person', name: '李先生', phone: '13905621234' } });
    const context = await browser.newContext(DESK);
    const page = await open(context, problems);
    await page.goto(`${base}/app#token=${h.tokens['planning.fc1']}`);
    await page.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    await axeClean(page, 'workbench inbox');
    expect(await unnamedPictures(page)).toEqual([]);

    // Keyboard only from here: to the case, into the decision form, an error, then the decision.
    await tabTo(page, `tr[data-case-id="${c.id}"] a.case-link`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-view="case"][data-ready="true"]');
    await axeClean(page, 'workbench case');
    expect(await unnamedPictures(page)).toEqual([]);
    await tabTo(page, '#action-buttons [data-action="escalate"]');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-reason');
    await page.keyboard.press('ArrowDown'); // the second reason
    const reason = await page.evaluate(() => (document.getElementById('f-reason') as HTMLSelectElement).value);
    await tabTo(page, '#decision-submit', 30);
    await page.keyboard.press('Enter');
    await errorAnnounced(page, '#decision-error', /请填写/);
    await axeClean(page, 'workbench decision form with an error shown');
    await tabTo(page, '#f-note', 30, true);
    await page.keyboard.type('历史遗留问题，需科室综合研判');
    await tabTo(page, '#decision-submit', 30);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#notice:has-text("已提交")');
    expect(await getCase(h, c.id)).toMatchObject({ tier: '2', timeline: expect.arrayContaining([expect.objectContaining({ action: 'escalated', note: '历史遗留问题，需科室综合研判', data: expect.objectContaining({ reason }) })]) });

    // A larger system font: the workbench grows with it (its sizes are relative to the root).
    const cdp = await context.newCDPSession(page);
    const sizes = async () => page.evaluate(() => ({ body: parseFloat(getComputedStyle(document.body).fontSize), title: parseFloat(getComputedStyle(document.getElementById('case-title')!).fontSize) }));
    const before = await sizes();
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24, fixed: 20 } });
    await page.reload();
    await page.waitForSelector('body[data-view="case"][data-ready="true"]');
    const after = await sizes();
    expect(before.body).toBe(16);
    expect(after.body).toBe(24);
    expect(after.title / before.title).toBeCloseTo(1.5, 2);
    await axeClean(page, 'workbench case at a large system font size');
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);

  it('the library, the calendar, the statistics and the process page: no serious violation, every chart and diagram named', async () => {
    const problems: string[] = [];
    const context = await browser.newContext(DESK);
    const page = await open(context, problems);
    await page.goto(`${base}/library#token=${encodeURIComponent(h.tokens['sup-1'])}`);
    await page.locator('#status').filter({ hasText: /found/ }).waitFor();
    await axeClean(page, 'library');
    await page.goto(`${base}/calendar?year=2026#token=${h.tokens.admin}`);
    await page.waitForSelector('body[data-ready="true"]');
    await axeClean(page, 'calendar');
    await page.goto(`${base}/stats#token=${encodeURIComponent(h.tokens['sup-1'])}`);
    await page.locator('#dash').waitFor({ state: 'visible' });
    await page.locator('#chart-status svg').waitFor();
    await axeClean(page, 'statistics');
    expect(await unnamedPictures(page)).toEqual([]);
    await page.goto(`${base}/process#token=${encodeURIComponent(h.tokens['sup-1'])}`);
    await page.waitForSelector('body[data-ready="true"]');
    await axeClean(page, 'process page');
    expect(await unnamedPictures(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);
});
