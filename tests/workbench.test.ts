// The officer's workbench (/app) and the requester's tracking page (/t/{id}#code=…) in a real browser
// (Debian's Chromium driven by playwright-core), over the real API, worker and Temporal dev server.
// An officer signs in, finds a new case, escalates it; the next tier sees it and resolves it; the
// refusal button exists only where the rules allow a refusal; a unit answers its part; a requester
// supplies materials (a photo per item, which the officer downloads), rates, reopens once, and the
// tracking code never travels in a request line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { launchBrowser, screenshotPath } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { asRequester, decide, getCase, lastSmsCode, openCase, until } from './support/cases.js';
import { cases } from '../db/schema.js';
import { ACTION_LABELS, TIER_RULES, TIERS } from '../domain/tiers.js';
import { RATINGS } from '../domain/messages.js';
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

// A browser and several workflows per test: room for a busy 2-core machine.
const BROWSER_TEST_MS = 150_000;
// Without these, headless Chromium reaches for Google services and the GPU and complains loudly.
const shot = screenshotPath;

let h: Harness;
let browser: Browser;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A page whose script errors fail the test. */
async function watched(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !/status of (4|5)\d\d/.test(m.text()) && problems.push(m.text()));
  return page;
}

async function signIn(page: Page, principalId: string) {
  await page.goto(`${base}/app`);
  await page.waitForSelector('body[data-ready="signin"]');
  await page.getByLabel('令牌').fill(h.tokens[principalId]);
  await page.getByLabel('令牌').press('Enter');
  await page.waitForSelector('body[data-view="inbox"][data-ready="true"]');
}

async function openFromInbox(page: Page, caseId: string) {
  const link = page.locator(`tr[data-case-id="${caseId}"] a.case-link`);
  await link.focus();
  await page.keyboard.press('Enter'); // the keyboard, as an officer at a window would
  await page.waitForSelector('body[data-view="case"][data-ready="true"]');
}

const actionsOffered = (page: Page) => page.locator('#action-buttons button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.action));

describe('the rule table and the tracking-code header (API)', () => {
  it('serves the tier rules generated from the rule table, and what the caller may decide now', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/v1/tier-rules' });
    expect(res.statusCode).toBe(200);
    const rules = res.json();
    expect(rules.tiers.map((t: { tier: string }) => t.tier)).toEqual([...TIERS]);
    for (const t of rules.tiers) {
      expect(t.actions).toEqual([...TIER_RULES[t.tier as keyof typeof TIER_RULES].actions]);
      expect(t.mayRefuse).toBe(t.tier === '4' || t.tier === 'city');
    }
    expect(rules.actions.find((a: { action: string }) => a.action === 'refuse')).toMatchObject(ACTION_LABELS.refuse);
    expect(rules.ratings.map((r: { rating: string }) => r.rating)).toEqual([...RATINGS]);
    expect(rules.escalationReasons).toHaveLength(5);

    const c = await openCase(h, 'civil.fc1');
    const mine = (await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/allowed-decisions`, headers: h.as('civil.fc1') })).json();
    expect(mine).toMatchObject({ tier: '1', actions: ['resolve', 'request_materials', 'escalate', 'coordinate'] });
    const other = (await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/allowed-decisions`, headers: h.as('civil.chief1') })).json();
    expect(other).toMatchObject({ actions: [], blocked: { code: 'NOT_ASSIGNEE' } });
  });

  it('accepts the tracking code in X-Tracking-Code wherever it took ?trackingCode=, and documents it', async () => {
    const c = await openCase(h, 'civil.fc1');
    // The intake answer carries the requester's page, the code in its fragment.
    expect((c as unknown as { trackingUrl: string }).trackingUrl).toBe(`http://localhost:3000/t/${c.id}#code=${c.trackingCode}`);
    const byHeader = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: { 'x-tracking-code': c.trackingCode } });
    expect(byHeader.statusCode, byHeader.body).toBe(200);
    expect(byHeader.json().id).toBe(c.id);
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/trace`, headers: { 'x-tracking-code': c.trackingCode } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: { 'x-tracking-code': 'not-the-code' } })).statusCode).toBe(404);
    // The query form keeps working for integrators, and wins when both are given.
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=${c.trackingCode}` })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=wrong`, headers: { 'x-tracking-code': c.trackingCode } })).statusCode).toBe(404);
    // A requester action by header: withdrawing opens with the code, not without it.
    expect((await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/withdraw`, payload: {} })).statusCode).toBe(401);
    const withdrawn = await asRequester(h, c, 'withdraw', { reason: '已自行解决' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');

    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, method] of [['/v1/cases/{id}', 'get'], ['/v1/cases/{id}/trace', 'get'], ['/v1/cases/{id}/materials', 'post'], ['/v1/cases/{id}/rating', 'post']]) {
      const names = (doc.paths[path][method].parameters as { name: string; in: string }[]).filter((p) => p.in === 'header').map((p) => p.name);
      expect(names, `${method} ${path}`).toContain('x-tracking-code');
    }
    expect(doc.paths['/v1/tier-rules']).toBeDefined();
    expect(doc.paths['/v1/cases/{id}/allowed-decisions']).toBeDefined();
  });
});

describe('the officer\'s workbench', () => {
  it('an officer signs in, finds a new case, escalates it citing a precedent; the section chief sees it and resolves it', async () => {
    const problems: string[] = [];
    // A practice from another city to cite (外地经验).
    const precedent = await h.app.inject({
      method: 'POST',
      url: '/v1/precedents',
      headers: h.as('sup-1'),
      payload: {
        source: { kind: 'elsewhere', place: '江苏省南京市', documentedIn: '宁消〔2020〕12号' },
        title: '商业用房改建养老机构先行消防检查',
        kind: 'no_precedent',
        problem: '商业用房改为养老机构，未办理用途变更，消防验收无法通过。',
        solution: '住建、规划联合审查，先行开展消防检查，合格后补办用途变更。',
      },
    });
    expect(precedent.statusCode, precedent.body).toBe(201);
    const precedentId = precedent.json().id as string;

    const c = await openCase(h, 'housing.fc1', { title: '商业用房改建养老机构，消防验收无法通过', description: '改变用途未经审批，本市无先例。', requester: { kind: 'enterprise', name: '颐养之家养老服务有限公司' } });
    // Two more of the officer's cases, one lapsed and one far off, to show the deadline colours.
    const lapsed = await openCase(h, 'housing.fc1', { title: '公租房资格复核超期' });
    const later = await openCase(h, 'housing.fc1', { title: '物业维修资金使用备案' });
    await h.db.update(cases).set({ deadlineAt: new Date(Date.now() - 3_600_000).toISOString() }).where(eq(cases.id, lapsed.id));
    await h.db.update(cases).set({ deadlineAt: new Date(Date.now() + 5 * 86_400_000).toISOString() }).where(eq(cases.id, later.id));

    const laptop = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const requests: Request[] = [];
    laptop.on('request', (r) => requests.push(r));
    const page = await watched(laptop, problems);

    // Nothing typed: the page says so in words and stays signed out.
    await page.goto(`${base}/app`);
    await page.waitForSelector('body[data-ready="signin"]');
    await page.getByRole('button', { name: /登录 Sign in/ }).click();
    expect(await page.locator('#signin-error').textContent()).toContain('请粘贴令牌');
    // A wrong token: refused in words.
    await page.getByLabel('令牌').fill('not-a-token');
    await page.getByRole('button', { name: /登录 Sign in/ }).click();
    await page.waitForSelector('#signin-error:has-text("令牌无效")');
    expect(await page.evaluate(() => sessionStorage.getItem('workbench.token'))).toBeNull();

    await signIn(page, 'housing.fc1');
    expect(await page.evaluate(() => localStorage.length)).toBe(0); // the token is kept for this tab only
    expect(await page.locator('#me').textContent()).toContain('housing.fc1');

    // The inbox: soonest first, each deadline coloured by how close it is, the lapsed one marked in words.
    const rows = await page.locator('#inbox tbody tr').evaluateAll((trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset.caseId, due: (tr.querySelector('td.due') as HTMLElement).dataset.due, text: tr.querySelector('.due-text')!.textContent })));
    expect(rows.map((r) => r.id)).toEqual([lapsed.id, c.id, later.id]);
    expect(rows[0]).toMatchObject({ due: 'lapsed', text: expect.stringContaining('已超时') });
    expect(rows[1].due).toBe('urgent'); // the test policy gives each tier one hour
    expect(rows[2].due).toBe('ok');
    const colours = await page.locator('#inbox td.due').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
    expect(new Set(colours).size).toBe(3);
    await page.screenshot({ path: shot('workbench-inbox.png') });

    await openFromInbox(page, c.id);
    expect(await page.locator('#case-title').textContent()).toBe('商业用房改建养老机构，消防验收无法通过');
    // Tier 1 may not say no: the form does not even offer it.
    expect(await actionsOffered(page)).toEqual(['resolve', 'request_materials', 'escalate', 'coordinate']);
    expect(await page.locator('[data-action="refuse"]').count()).toBe(0);
    // The case drawn on the process, where it stands now.
    expect(await page.locator('.djs-element.case-current').evaluateAll((es) => es.map((e) => e.getAttribute('data-element-id')))).toEqual(['Task_Tier1']);
    expect(await page.locator('#timeline li').count()).toBeGreaterThanOrEqual(2);

    // A second tab of the same officer, opened now, will try to decide after the case moved on.
    const stale = await watched(laptop, problems);
    await stale.goto(`${base}/app#token=${h.tokens['housing.fc1']}`);
    await stale.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    expect(stale.url()).not.toContain('token=');
    await openFromInbox(stale, c.id);

    // Escalate: the reason, a note, and a precedent found in the library and cited.
    await page.locator('[data-action="escalate"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-reason'); // focus moves into the form
    await page.getByRole('button', { name: /^提交/ }).click();
    expect(await page.locator('#decision-error').textContent()).toContain('请填写');
    const form = page.locator('#decision-form');
    await form.getByLabel('提级原因').selectOption('no_precedent');
    await form.getByLabel('说明').fill('本市无先例，外地有经验，需单位研判');
    await form.getByLabel('检索').fill('养老机构');
    await form.getByRole('button', { name: '检索 Search' }).click();
    await page.locator(`#precedent-hits button[data-precedent-id="${precedentId}"]`).click();
    expect(await page.locator('#cited li').count()).toBe(1);
    await page.screenshot({ path: shot('workbench-case.png'), fullPage: true });
    await page.getByRole('button', { name: /^提交/ }).click();
    await page.waitForSelector('#notice:has-text("已提交")');
    await page.waitForSelector('body[data-view="case"][data-ready="true"]');
    expect(await page.locator('#decide').isHidden()).toBe(true); // no longer theirs to decide

    const decided = requests.filter((r) => r.method() === 'POST' && r.url().endsWith(`/v1/cases/${c.id}/decisions`));
    expect(decided).toHaveLength(1);
    expect(decided[0].headers()['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(decided[0].postDataJSON()).toMatchObject({ action: 'escalate', reason: 'no_precedent', expectedTier: '1', precedentIds: [precedentId] });
    const afterEscalation = await getCase(h, c.id);
    expect(afterEscalation).toMatchObject({ tier: '2', assignee: { principalId: 'housing.chief1' } });
    expect(JSON.stringify(afterEscalation.timeline.find((s: { action: string }) => s.action === 'escalated'))).toContain(precedentId);

    // The stale tab's decision (its officer held the case before) is answered with the contract's
    // error, in words: the case moved on (409 STALE_DECISION), not "you are a stranger to it".
    await stale.locator('[data-action="resolve"]').click();
    await stale.locator('#decision-form').getByLabel('办理结果').fill('已办结');
    await stale.getByRole('button', { name: /^提交/ }).click();
    await stale.waitForSelector('#decision-error:not([hidden])');
    const said = await stale.locator('#decision-error').textContent();
    expect(said).toContain('案件已流转到其他层级');
    expect(said).toContain('STALE_DECISION');
    // A link carrying another officer's token asks before replacing the sign-in; keeping it keeps it.
    await stale.goto(`${base}/app#token=${h.tokens['housing.chief1']}`);
    await stale.waitForSelector('#replace:not([hidden])');
    expect(await stale.locator('#replace-text').textContent()).toContain('housing.fc1');
    await stale.getByRole('button', { name: /保留当前/ }).click();
    expect(await stale.evaluate((t) => sessionStorage.getItem('workbench.token') === t, h.tokens['housing.fc1'])).toBe(true);
    await stale.close();

    // The next tier, on a tablet: sees it in the inbox and resolves it.
    const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const chief = await watched(tablet, problems);
    await signIn(chief, 'housing.chief1');
    expect(await chief.locator(`tr[data-case-id="${c.id}"]`).count()).toBe(1);
    await openFromInbox(chief, c.id);
    expect(await actionsOffered(chief)).toEqual(['resolve', 'request_materials', 'escalate', 'coordinate']);
    expect(await chief.locator('[data-action="refuse"]').count()).toBe(0);
    await chief.locator('[data-action="resolve"]').click();
    await chief.locator('#decision-form').getByLabel('办理结果').fill('参照南京经验，住建、规划联合审查，先行消防检查，合格后补办用途变更。');
    await chief.getByRole('button', { name: /^提交/ }).click();
    await chief.waitForSelector('#notice:has-text("已提交")');
    await chief.waitForSelector('#outcome-pane:not([hidden])');
    expect(await getCase(h, c.id)).toMatchObject({ status: 'resolved', outcome: { kind: 'resolved', tier: '2' } });
    // The sections fit the tablet's width: nothing scrolls sideways.
    expect(await chief.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await tablet.close();

    expect(problems).toEqual([]);
    await laptop.close();
  }, BROWSER_TEST_MS);

  it('offers the refusal only from tier 4, with the legal basis it needs', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'market.fc1', { title: '在居民楼内开设娱乐场所' });
    for (const officer of ['market.fc1', 'market.chief1', 'market.deputy']) {
      const r = await decide(h, c.id, officer, { action: 'escalate', reason: 'unsure', note: '需上级研判 (for the next tier)' });
      expect(r.statusCode, r.body).toBe(200);
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await watched(context, problems);
    await page.goto(`${base}/app#token=${h.tokens['market.head']}`);
    await page.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    await openFromInbox(page, c.id);
    expect(await actionsOffered(page)).toEqual(['resolve', 'request_materials', 'coordinate', 'refuse', 'refer_to_city']);
    expect(await page.locator('[data-action="escalate"]').count()).toBe(0); // the top of the unit escalates to the city by referral
    await page.locator('[data-action="refuse"]').focus();
    await page.keyboard.press('Enter'); // real buttons: the keyboard works as well as the mouse
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-legal');
    await page.locator('#decision-form').getByLabel('法律法规依据（含条款）').fill('《娱乐场所管理条例》第七条');
    await page.locator('#decision-form').getByLabel('给办事人的解释').fill('居民住宅楼内不得设立娱乐场所；可在商业区选址，我局提供选址指导。');
    await page.getByRole('button', { name: /^提交/ }).click();
    await page.waitForSelector('#outcome-pane:not([hidden])');
    expect(await getCase(h, c.id)).toMatchObject({ status: 'refused', outcome: { kind: 'refused', tier: '4', legalBasis: '《娱乐场所管理条例》第七条' } });
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);

  it('shows a 督办 on the inbox and the case until the holder acts, and asks for more time from beside the decision form', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'planning.fc1', { title: '厂房规划条件核实（督办）' });
    const issued = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/supervision-notices`, headers: h.as('sup-1'), payload: { level: 'listed', due: { workingDays: 1 }, note: '群众反映强烈，请加快办理' } });
    expect(issued.statusCode, issued.body).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await watched(context, problems);
    await signIn(page, 'planning.fc1');
    // The inbox row carries the notice's level and note.
    await expect.poll(() => page.locator(`tr[data-case-id="${c.id}"] .supervision`).textContent()).toContain('挂牌督办');
    expect(await page.locator(`tr[data-case-id="${c.id}"] .supervision`).textContent()).toContain('群众反映强烈，请加快办理');
    await openFromInbox(page, c.id);
    await expect.poll(() => page.locator('#supervision-pane').isVisible()).toBe(true);
    expect(await page.locator('#supervision-text').textContent()).toContain('挂牌督办：群众反映强烈，请加快办理');

    // Asked without a reason: said in words, nothing sent.
    await page.getByRole('button', { name: /申请延期/ }).click();
    await page.getByLabel('延长的工作日数').fill('2');
    await page.getByRole('button', { name: /提交延期申请/ }).click();
    await expect.poll(() => page.locator('#extension-error').isVisible()).toBe(true);
    expect((await getCase(h, c.id)).extensions).toBeUndefined();
    // The notice, the open form and its error pass axe (no serious or critical violation).
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(/延期理由/).fill('需会同自然资源部门现场核实');
    await page.getByRole('button', { name: /提交延期申请/ }).click();
    await page.waitForSelector('body[data-view="case"][data-ready="true"]');
    await expect.poll(() => page.locator('#extension-status').textContent()).toContain('待审批');
    expect(await page.locator('#ask-extension').isVisible()).toBe(false); // one request at a time
    const state = await getCase(h, c.id);
    expect(state.extensions).toMatchObject([{ no: 1, by: 'planning.fc1', workingDays: 2, reason: '需会同自然资源部门现场核实', status: 'pending' }]);
    // The notice stays until the holder decides.
    expect(await page.locator('#supervision-pane').isVisible()).toBe(true);
    await page.screenshot({ path: shot('workbench-supervision.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);

  it("a unit sees its part in the inbox and answers the lead with an opinion", async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'agriculture.fc1', { title: '新厂投产前20天内接通燃气管道' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    // The lead (牵头): the first-contact officer asks the gas company through the coordination form.
    const lead = await watched(context, problems);
    await lead.goto(`${base}/app#token=${h.tokens['agriculture.fc1']}`);
    await lead.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    await openFromInbox(lead, c.id);
    await lead.locator('[data-action="coordinate"]').click();
    const form = lead.locator('#decision-form');
    await form.getByLabel('铜陵市燃气公司').check();
    await form.getByLabel('需协调的问题').fill('能否开辟绿色通道，20天内完成燃气接入？');
    await form.getByRole('button', { name: /^提交/ }).click();
    await lead.waitForSelector('#coordination-pane:not([hidden])');
    expect(await lead.locator('#parts tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.unitId))).toEqual(['gas']);
    const holder = await until('the gas company\'s part to have a holder', async () => {
      const s = await getCase(h, c.id);
      return s.coordination?.parts?.[0]?.holder?.principalId as string | undefined;
    });
    const page = await watched(context, problems);
    await page.goto(`${base}/app#token=${h.tokens[holder]}`);
    await page.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    expect(await page.locator(`tr[data-case-id="${c.id}"]`).getAttribute('data-kind')).toBe('part');
    await openFromInbox(page, c.id);
    expect(await page.locator('#decide').isHidden()).toBe(true); // the case is the lead's to decide
    expect(await page.locator('#opinion').isVisible()).toBe(true);
    // Below the unit's head, "cannot" is not offered: the same rule as a refusal.
    expect(await page.locator('#stance-cannot').isVisible()).toBe(false);
    await page.getByLabel('办理方案').fill('开辟绿色通道，15日内完成管道接入。');
    await page.getByRole('button', { name: /提交意见/ }).click();
    await page.waitForSelector('#notice:has-text("已提交")');
    const s = await until('the lead to have the answer', async () => {
      const v = await getCase(h, c.id);
      return v.coordination?.back ? v : undefined;
    });
    expect(s.coordination.parts[0]).toMatchObject({ unitId: 'gas', status: 'answered', answer: { stance: 'can_do' } });
    // Back at the lead: the answer shows, and with every unit in, the choices are those of a coordination that is back.
    await lead.reload();
    await lead.waitForSelector('body[data-view="case"][data-ready="true"]');
    expect(await lead.locator('#parts tbody tr[data-unit-id="gas"]').textContent()).toContain('能办 can do: 开辟绿色通道');
    expect(await actionsOffered(lead)).toEqual(['resolve', 'coordinate', 'consult_city']);
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);
  it('a city leader sees the referred case and its consultation, directs a unit, and the unit reports it done', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'finance.fc1', { title: '老旧小区加装电梯资金缺口' });
    for (const officer of ['finance.fc1', 'finance.chief1', 'finance.deputy']) {
      expect((await decide(h, c.id, officer, { action: 'escalate', reason: 'beyond_remit', note: '超出本级职权 (beyond this tier)' })).statusCode).toBe(200);
    }
    const ref = await decide(h, c.id, 'finance.head', { action: 'refer_to_city', suggestions: '建议市政府统筹专项资金，燃气公司配合管线迁改' });
    expect(ref.json()).toMatchObject({ tier: 'city', assignee: { principalId: 'city-mayor' } });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await watched(context, problems);
    await page.goto(`${base}/app#token=${h.tokens['city-mayor']}`);
    await page.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    expect(await page.locator(`tr[data-case-id="${c.id}"]`).count()).toBe(1);
    expect(await page.locator('#city-list').textContent()).toContain('老旧小区加装电梯资金缺口');
    await openFromInbox(page, c.id);
    expect(await actionsOffered(page)).toEqual(['resolve', 'refuse', 'direct']);
    expect(await page.locator('#consultation-pane').isVisible()).toBe(true);
    expect(await page.locator('#consultation').textContent()).toContain('提请市级领导研究');

    await page.locator('[data-action="direct"]').click();
    const form = page.locator('#decision-form');
    await form.getByLabel(/交办单位/).selectOption('gas');
    await form.getByLabel('任务').fill('配合加装电梯迁改燃气管线');
    const d = new Date(Date.now() + 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await form.getByLabel('完成时限').fill(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`);
    await form.getByRole('button', { name: /^提交/ }).click();
    await page.waitForSelector('#directives-pane:not([hidden])');
    const directed = await getCase(h, c.id);
    expect(directed.directives).toEqual([expect.objectContaining({ unitId: 'gas', task: '配合加装电梯迁改燃气管线' })]);
    expect(Date.parse(directed.directives[0].dueAt)).toBe(new Date(d.getFullYear(), d.getMonth(), d.getDate(), 10, 0).getTime());

    // The gas company's head finds the directive in the inbox and reports it done.
    const unit = await watched(context, problems);
    await unit.goto(`${base}/app#token=${h.tokens['gas.head']}`);
    await unit.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    expect(await unit.locator(`tr[data-case-id="${c.id}"]`).getAttribute('data-kind')).toBe('directive');
    await openFromInbox(unit, c.id);
    await unit.getByRole('button', { name: /报告落实/ }).click();
    await unit.waitForSelector('#outcome-pane:not([hidden])');
    expect(await getCase(h, c.id)).toMatchObject({ status: 'resolved', outcome: { tier: 'city' } });
    expect(problems).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);
});

describe('the requester\'s tracking page', () => {
  it('shows where the case stands, takes materials and a rating, reopens once, and never puts the code in a request line', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'housing-fund.fc1', { title: '公积金提取被告知"办不了"', requester: { kind: 'person', name: '陈女士', phone: '13905625555' } });
    // The officer asks for materials in the workbench, one item a line.
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const officer = await watched(desk, problems);
    await officer.goto(`${base}/app#token=${h.tokens['housing-fund.fc1']}`);
    await officer.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    await openFromInbox(officer, c.id);
    await officer.locator('[data-action="request_materials"]').click();
    await officer.locator('#decision-form').getByLabel('需补正的材料').fill('购房合同复印件\n银行流水\n');
    await officer.locator('#decision-form').getByLabel('备注').fill('补齐后立即办理');
    await officer.locator('#decision-form').getByRole('button', { name: /^提交/ }).click();
    await officer.waitForSelector('#notice:has-text("待补正")');
    await desk.close();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const requests: Request[] = [];
    phone.on('request', (r) => requests.push(r));
    const page = await watched(phone, problems);
    await page.goto(`${base}/t/${c.id}#code=${c.trackingCode}`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#stage').textContent()).toContain('需要您补充材料');
    expect(await page.locator('#materials-items input[type="checkbox"]').evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value))).toEqual(['购房合同复印件', '银行流水']);
    // Which tier, never which person.
    const text = (await page.locator('main').textContent())!;
    expect(text).not.toContain('张悦'); // the first-contact officer's name
    expect(text).not.toContain('housing-fund.fc1');

    await page.getByRole('button', { name: /提交补正材料/ }).click();
    expect(await page.locator('#materials-error').textContent()).toContain('至少勾选一项');
    await page.getByLabel('购房合同复印件', { exact: true }).check();
    await page.getByLabel('银行流水', { exact: true }).check();
    await page.getByLabel(/补充说明/).fill('已交到服务大厅窗口');
    await page.getByRole('button', { name: /提交补正材料/ }).click();
    await page.waitForSelector('#stage[data-status="in_progress"]');
    expect(await page.locator('#materials-card').isHidden()).toBe(true);
    expect(await page.locator('#due').textContent()).toContain('承诺答复时间');
    const supplied = await getCase(h, c.id);
    expect(supplied.status).toBe('in_progress');
    expect(supplied.timeline.map((s: { action: string }) => s.action)).toContain('materials_supplied');

    // The answer comes; the requester is not satisfied, and the case goes one tier up, once.
    expect((await decide(h, c.id, 'housing-fund.fc1', { action: 'resolve', result: '已核实购房合同，办理提取，3个工作日内到账。' })).statusCode).toBe(200);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#feedback').textContent()).toContain('3个工作日内到账');
    expect(await page.locator('#rating-levels input[type="radio"]').count()).toBe(5);
    expect(await page.locator('#reopen-note').textContent()).toContain('仅一次');
    await page.screenshot({ path: shot('tracking-page.png'), fullPage: true });
    await page.getByRole('button', { name: /提交评价/ }).click();
    expect(await page.locator('#rating-error').textContent()).toContain('请选择');
    await page.getByRole('radio', { name: /^不满意/ }).check();
    await page.getByLabel(/意见/).fill('到账时间太长');
    // A phone is on file: the rating takes the code sent there, asked for on the page.
    await page.getByRole('button', { name: /提交评价/ }).click();
    expect(await page.locator('#rating-error').textContent()).toContain('短信验证码');
    await page.locator('#rating-code-send').click();
    await page.waitForSelector('#rating-code-note:has-text("139****5555")');
    await page.locator('#rating-code').fill(await lastSmsCode(h, c.id));
    await page.getByRole('button', { name: /提交评价/ }).click();
    await page.waitForSelector('#stage[data-tier="2"]');
    expect(await page.locator('#stage').textContent()).toContain('已由上一级重新办理');
    const reopened = await getCase(h, c.id);
    expect(reopened).toMatchObject({ status: 'in_progress', tier: '2', reopened: 1, rating: { rating: 'unsatisfied' } });

    // The section chief answers again; this time the requester is satisfied.
    expect((await decide(h, c.id, 'housing-fund.chief1', { action: 'resolve', result: '已加急办理，当日到账。' })).statusCode).toBe(200);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#reopen-note').textContent()).toContain('已重新办理过一次');
    await page.getByRole('radio', { name: /^满意/ }).check();
    await page.locator('#rating-code-send').click();
    await page.waitForSelector('#rating-code-note:not(:empty)');
    await page.locator('#rating-code').fill(await lastSmsCode(h, c.id));
    await page.getByRole('button', { name: /提交评价/ }).click();
    await page.waitForSelector('#rated-card:not([hidden])');
    expect(await page.locator('#rated').textContent()).toContain('满意');
    expect(await getCase(h, c.id)).toMatchObject({ status: 'resolved', rating: { rating: 'satisfied' } });

    // The link to complain files a complaint about this case.
    await page.getByRole('button', { name: /我要投诉/ }).click();
    await page.getByLabel('您的姓名').fill('陈女士');
    await page.getByLabel('联系电话').fill('13905625555');
    await page.getByLabel('投诉内容').fill('第一次答复到账时间过长。');
    await page.getByRole('button', { name: /提交投诉/ }).click();
    await page.waitForSelector('#complaint-ack:not([hidden])');
    expect(await page.locator('#complaint-ack').textContent()).toMatch(/C-\d{8}-[0-9A-Z]{6}/);

    // The code went in a header, never in a request line or a Referer.
    const api = requests.filter((r) => new URL(r.url()).pathname.startsWith('/v1/cases/'));
    expect(api.length).toBeGreaterThanOrEqual(8);
    for (const r of requests) {
      expect(r.url()).not.toContain(c.trackingCode);
      expect(r.headers()['referer'] ?? '').not.toContain(c.trackingCode);
    }
    for (const r of api) expect(r.headers()['x-tracking-code']).toBe(c.trackingCode);
    expect(api.filter((r) => r.method() === 'POST').every((r) => /^[0-9a-f-]{32,36}$/.test(r.headers()['idempotency-key'] ?? ''))).toBe(true);
    expect(page.url()).toContain(`#code=${c.trackingCode}`); // it stays in the fragment, for the next visit
    expect(problems).toEqual([]);
    await phone.close();
  }, BROWSER_TEST_MS);

  it('withdraws the request with the code sent to the phone on file, and the unit head hears of it', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'civil.fc2', { requester: { kind: 'person', name: '周先生', phone: '13905627777' } });
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await watched(phone, problems);
    await page.goto(`${base}/t/${c.id}#code=${c.trackingCode}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('button', { name: /我要撤回/ }).click();
    await page.getByLabel(/撤回原因/).fill('已在别处办好');
    await page.getByRole('button', { name: /确认撤回/ }).click();
    expect(await page.locator('#withdraw-error').textContent()).toContain('短信验证码');
    await page.locator('#withdraw-code-send').click();
    await page.waitForSelector('#withdraw-code-note:has-text("139****7777")');
    await page.locator('#withdraw-code').fill('000000' === (await lastSmsCode(h, c.id)) ? '000001' : '000000');
    await page.getByRole('button', { name: /确认撤回/ }).click();
    await page.waitForSelector('#withdraw-error:has-text("验证码不正确")');
    expect((await getCase(h, c.id)).status).toBe('in_progress');
    await page.locator('#withdraw-code').fill(await lastSmsCode(h, c.id));
    await page.getByRole('button', { name: /确认撤回/ }).click();
    await page.waitForSelector('#stage[data-status="withdrawn"]');
    expect(await page.locator('#withdraw-card').isHidden()).toBe(true);
    const done = await getCase(h, c.id);
    expect(done.timeline.find((s: { action: string }) => s.action === 'withdrawn')).toMatchObject({ note: '已在别处办好', data: { channel: 'tracking_page' } });
    expect(problems).toEqual([]);
    await phone.close();
  }, BROWSER_TEST_MS);

  it('takes a photo per requested item and ticks it; the officer finds the file in the workbench, downloads it and attaches one to the answer', async () => {
    const problems: string[] = [];
    const c = await openCase(h, 'housing-fund.fc1', { title: '公积金提取补正材料', requester: { kind: 'person', name: '陈女士', phone: '13905625556' } });
    expect((await decide(h, c.id, 'housing-fund.fc1', { action: 'request_materials', items: ['购房合同复印件', '银行流水'] })).statusCode).toBe(200);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#777777' } }).jpeg().withExif({ IFD3: { GPSLatitudeRef: 'N' } }).toBuffer();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await watched(phone, problems);
    await page.goto(`${base}/t/${c.id}#code=${c.trackingCode}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByLabel(/拍照或上传「购房合同复印件」/).setInputFiles({ name: '合同.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForSelector('#item-got-0:has-text("已上传")');
    expect(await page.getByLabel('购房合同复印件', { exact: true }).isChecked()).toBe(true); // ticked by the upload
    expect(await page.getByLabel('银行流水', { exact: true }).isChecked()).toBe(false);
    expect(await page.locator('#files li').count()).toBe(1);
    // A file that is no picture, under a picture's name: refused in words.
    await page.getByLabel(/拍照或上传「银行流水」/).setInputFiles({ name: '流水.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') });
    await page.waitForSelector('#materials-error:not([hidden])');
    expect(await page.locator('#materials-error').textContent()).toContain('ATTACHMENT_TYPE_NOT_ALLOWED');
    await page.getByRole('button', { name: /提交补正材料/ }).click();
    await page.waitForSelector('#stage[data-status="in_progress"]');
    const supplied = await getCase(h, c.id);
    const file = supplied.materials.attachments[0];
    expect(supplied.materials).toMatchObject({ supplied: ['购房合同复印件'], attachments: [{ item: '购房合同复印件', id: expect.stringMatching(/^A-/) }] });
    await phone.close();

    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const officer = await watched(desk, problems);
    await officer.goto(`${base}/app#token=${h.tokens['housing-fund.fc1']}`);
    await officer.waitForSelector('body[data-view="inbox"][data-ready="true"]');
    await openFromInbox(officer, c.id);
    const row = officer.locator(`#files tr[data-attachment-id="${file.id}"]`);
    expect(await row.textContent()).toContain('已去除照片位置信息');
    const [download] = await Promise.all([officer.waitForEvent('download'), row.getByRole('button', { name: /下载/ }).click()]);
    expect(download.suggestedFilename()).toBe('合同.jpg');
    const bytes = await readFile((await download.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    // The answer goes out with a document attached.
    await officer.locator('[data-action="resolve"]').click();
    await officer.locator('#decision-form').getByLabel('办理结果（或说"行"的方案及日期）').fill('材料齐全，准予提取。');
    await officer.getByLabel(/附件（可选/).setInputFiles({ name: '答复函.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% reply letter\n%%EOF\n') });
    await officer.waitForSelector('#decision-attached li');
    await officer.getByRole('button', { name: /^提交/ }).click();
    await officer.waitForSelector('#outcome-pane:not([hidden])');
    const answered = await getCase(h, c.id);
    const resolved = answered.timeline.find((x: { action: string }) => x.action === 'resolved');
    expect(resolved.data.attachments).toEqual([expect.objectContaining({ id: expect.stringMatching(/^A-/) })]);
    expect(await officer.locator('#files tbody tr').count()).toBe(2);
    expect(problems).toEqual([]);
    await desk.close();
  }, BROWSER_TEST_MS);

  it('says in words when the link has no code or the wrong one', async () => {
    const c = await openCase(h, 'civil.fc1');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${base}/t/${c.id}`);
    await page.waitForSelector('body[data-ready="error"]');
    expect(await page.locator('#problem').textContent()).toContain('链接不完整');
    await page.goto(`${base}/t/${c.id}#code=wrongcode`);
    await page.reload();
    await page.waitForSelector('body[data-ready="error"]');
    expect(await page.locator('#problem').textContent()).toContain('找不到该办件');
    const res = await page.goto(`${base}/t/${c.id}`);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res!.headers()['content-security-policy']).not.toContain('unsafe-inline');
    await context.close();
  }, BROWSER_TEST_MS);
});
