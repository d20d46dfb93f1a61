// In a real browser (Debian's Chromium driven by playwright-core): the page a window's QR code opens
// files a complaint and shows the acknowledgement; the statistics page draws its charts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { complaints, outbox } from '../db/schema.js';
import { first } from '../db/store.js';

// Without these, headless Chromium reaches for Google services and the GPU and complains loudly.

let h: Harness;
let browser: Browser;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  // playwright gives every launch a fresh profile directory of its own.
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('complaint page', () => {
  it('opens from a window code, files a complaint and shows it acknowledged', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const res = await page.goto(`${base}/w/W-housing-fund-01`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('header').textContent()).toContain('市住房公积金管理中心');
    expect(await page.locator('header h1').isVisible()).toBe(true);

    // Nothing typed: the page says so and files nothing.
    await page.getByRole('button', { name: /提交投诉/ }).click();
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.locator('#error').textContent()).toContain('请填写');

    await page.getByLabel('您的姓名').fill('陈女士');
    await page.getByLabel('联系电话').fill('13905625555');
    await page.getByLabel('投诉内容').fill('公积金提取被告知"办不了"，没有说明依据。');
    await page.getByRole('button', { name: /提交投诉/ }).click();

    const ack = page.locator('#ack');
    await ack.waitFor({ state: 'visible' });
    expect(await ack.textContent()).toContain('投诉已受理');
    const id = (await page.locator('#ack-id').textContent())!.trim();
    expect(id).toMatch(/^C-\d{8}-[0-9A-Z]{6}$/);
    expect(await page.locator('#form-card').isHidden()).toBe(true);

    const row = (await first(h.db.select().from(complaints).where(eq(complaints.id, id))))!;
    expect(row).toMatchObject({ unitId: 'housing-fund', windowCode: 'W-housing-fund-01', contactName: '陈女士', contactPhone: '13905625555', status: 'open' });
    expect(row.idempotencyKeyHash).not.toBeNull();
    // And the workflow took it from there: the head's SMS is in the outbox.
    for (let i = 0; i < 100 && !(await first(h.db.select().from(outbox).where(eq(outbox.key, `complaint:${id}:sms:housing-fund.head`)))); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await first(h.db.select().from(outbox).where(eq(outbox.key, `complaint:${id}:sms:housing-fund.head`))))).toBeDefined();
    await page.close();
  });

  it('draws the statistics as charts for a supervisor\'s token', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/stats#token=${encodeURIComponent(h.tokens['sup-1'])}`);
    await page.locator('#dash').waitFor({ state: 'visible' });
    // The token left the address bar once read.
    expect(page.url()).toBe(`${base}/stats`);
    const stats = (await h.app.inject({ method: 'GET', url: '/v1/stats', headers: h.as('sup-1') })).json();
    expect(await page.locator('#kpis .kpi b').first().textContent()).toBe(String(stats.totals.cases));
    expect(await page.locator('#chart-rates svg circle').count()).toBe(6);
    expect(await page.locator('#chart-weeks svg rect').count()).toBe(12);
    const weekBars = await page.locator('#chart-weeks svg rect').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(weekBars).toEqual(stats.complaints.perWeek.map((w: { count: number }) => w.count));
    await page.close();
  });
});

describe('complaint page, where the unit wants an SMS code', () => {
  let v: Harness;
  let vBase: string;
  beforeAll(async () => {
    const before = process.env.COMPLAINT_VERIFICATION;
    process.env.COMPLAINT_VERIFICATION = 'civil'; // read when the app registers its routes
    try {
      v = await startHarness();
    } finally {
      if (before === undefined) delete process.env.COMPLAINT_VERIFICATION;
      else process.env.COMPLAINT_VERIFICATION = before;
    }
    vBase = await v.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await v?.close();
  });

  it('asks for the code the SMS carried, and files the complaint only then', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${vBase}/w/W-civil-01`);
    await page.getByLabel('您的姓名').fill('周先生');
    await page.getByLabel('联系电话').fill('139 0562 7777');
    await page.getByLabel('投诉内容').fill('开具证明被要求反复跑腿。');
    await page.getByRole('button', { name: /提交投诉/ }).click();
    await page.locator('#verify-card').waitFor({ state: 'visible' });
    expect((await v.db.select().from(complaints))).toHaveLength(0); // not a complaint yet
    const sms = (await first(v.db.select().from(outbox).where(eq(outbox.template, 'complaint_verification_code'))))!;
    const code = (sms.vars as Record<string, string>).code;

    await page.getByLabel('验证码').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: /确认提交/ }).click();
    await page.locator('#verify-error').waitFor({ state: 'visible' });
    expect((await v.db.select().from(complaints))).toHaveLength(0);

    await page.getByLabel('验证码').fill(code);
    await page.getByRole('button', { name: /确认提交/ }).click();
    await page.locator('#ack').waitFor({ state: 'visible' });
    const id = (await page.locator('#ack-id').textContent())!.trim();
    expect((await first(v.db.select().from(complaints).where(eq(complaints.id, id))))).toMatchObject({ unitId: 'civil', contactName: '周先生', status: 'open' });
    await page.close();
  });
});
