// The monthly bulletin (/bulletin) in a real browser (Debian's Chromium driven by playwright-core) over
// the autumn of tests/support/report-data.ts: the ranking table is the rankings endpoint's, row for
// row; the three rates per unit are drawn from the monthly endpoint; the topic, the shelved cases and
// the accountability records are the month's; the page prints on A4 without its controls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { launchBrowser, screenshotPath } from './support/browser.js';
import { startHarness, type Harness } from './support/harness.js';
import { seedAutumn } from './support/report-data.js';


let h: Harness;
let browser: Browser;
let base: string;
beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  await seedAutumn(h.db);
  const put = async (url: string, who: string, payload: unknown) => {
    const res = await h.app.inject({ method: 'PUT', url, headers: h.as(who), payload: payload as never });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  await put('/v1/reports/ranking-policy', 'admin', { minCases: 1 });
  await put('/v1/reports/topics/2026-11', 'sup-1', { kind: 'title_term', key: '燃气', note: '燃气报装与收费集中反映，由燃气公司牵头梳理报装流程。' });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(token: string, month: string, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !/status of (4|5)\d\d/.test(m.text()) && problems.push(m.text()));
  await page.goto(`${base}/bulletin?month=${month}#token=${token}`);
  await page.waitForSelector('body[data-ready="true"], body[data-ready="error"]');
  return page;
}
const api = async (url: string) => (await h.app.inject({ method: 'GET', url, headers: h.as('sup-1') })).json();

describe('the monthly bulletin', () => {
  it('shows the ranking as the endpoint ranks, the three rates, the topic and the records, and prints on A4', async () => {
    const problems: string[] = [];
    const page = await open(h.tokens['sup-1'], '2026-11', problems);
    expect(await page.locator('body').getAttribute('data-ready')).toBe('true');
    expect(page.url()).not.toContain('token=');
    expect(await page.locator('#title-month').textContent()).toBe('2026年11月');

    const ranking = await api('/v1/reports/rankings?month=2026-11');
    const table = await page.locator('#ranking tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ unitId: (tr as HTMLElement).dataset.unitId, cells: Array.from(tr.querySelectorAll('td')).map((td) => td.childNodes[0]?.textContent ?? '') })),
    );
    expect(table.map((r) => r.unitId)).toEqual(ranking.units.map((u: { unitId: string }) => u.unitId));
    for (const [i, u] of (ranking.units as { rank: number | null; name: string; score: number | null; change: number | null; counts: { received: number } }[]).entries()) {
      const [rank, name, score, change] = table[i].cells;
      expect(rank).toBe(u.rank === null ? '—' : String(u.rank));
      expect(name).toBe(u.name);
      if (u.score !== null) expect(score).toBe(String(u.score));
      else expect(score).toMatch(/不排名/);
      expect(change).toBe(u.change === null ? '—' : u.change > 0 ? `↑${u.change}` : u.change < 0 ? `↓${-u.change}` : '持平');
      expect(table[i].cells[8]).toBe(String(u.counts.received));
    }
    expect(table.slice(0, 3).map((r) => r.cells.slice(0, 4))).toEqual([
      ['1', '市民政局', '100', '持平'],
      ['2', '市住房和城乡建设局', '97', '↑1'],
      ['3', '市自然资源和规划局', '96', '↓2'],
    ]);

    // Each unit's three rates: a bar per rate, holding the endpoint's rate.
    const monthly = await api('/v1/reports/monthly?month=2026-11');
    const bars = await page.locator('#chart-rates rect[data-unit]').evaluateAll((rs) => rs.map((r) => [(r as SVGElement).dataset.unit, (r as SVGElement).dataset.rate, (r as SVGElement).dataset.value]));
    const drawn = [{ unitId: 'city', rates: monthly.city.rates }, ...monthly.units].filter((u: { rates: Record<string, { denominator: number }> }) =>
      ['response', 'resolution', 'satisfaction'].some((k) => u.rates[k].denominator > 0),
    );
    expect(bars).toEqual(
      drawn.flatMap((u: { unitId: string; rates: Record<string, { rate: number | null }> }) => ['response', 'resolution', 'satisfaction'].map((k) => [u.unitId, k, u.rates[k].rate === null ? '' : String(u.rates[k].rate)])),
    );
    expect(await page.locator('#rates tbody tr').count()).toBe(monthly.units.length + 1);

    expect(await page.locator('#topic').textContent()).toContain('燃气');
    expect(await page.locator('#topic').textContent()).toContain('本月 3 件');
    expect(await page.locator('#shelved tbody tr').count()).toBe(1);
    expect(await page.locator('#shelved tbody').textContent()).toContain('某某反映燃气费用');
    expect(await page.locator('#accountability tbody tr').count()).toBe(3);
    // Every figure is recorded now (extensions and 督办 notices since issue 30): none is listed as absent.
    expect(await page.locator('#absent').textContent()).toBe('');
    await page.screenshot({ path: screenshotPath('monthly-bulletin.png'), fullPage: true });

    // On paper: A4, without the controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('#ranking').isVisible()).toBe(true);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Every page is A4: 595 × 842 points (210 × 297 mm).
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, ht] of boxes) {
      expect(w).toBeCloseTo(595, 0);
      expect(ht).toBeCloseTo(842, 0);
    }
    expect(problems).toEqual([]);
  });

  it('tells a unit head the ranking is not theirs to read, in words', async () => {
    const problems: string[] = [];
    const page = await open(h.tokens['housing.head'], '2026-11', problems);
    expect(await page.locator('body').getAttribute('data-ready')).toBe('error');
    expect(await page.locator('#error').textContent()).toMatch(/无法加载 Could not load: .*roles/);
    expect(await page.locator('#bulletin').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });
});
