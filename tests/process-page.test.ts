// A case that climbed to tier 3 by two decisions, drawn on the process in a real browser (Debian's
// Chromium, installed by scripts/ensure-chromium.mjs), and the screenshot the README shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { startHarness, type Harness } from './support/harness.js';

// The README's picture is rewritten only on request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS
  ? join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'images', 'case-on-process.png')
  : join(tmpdir(), `case-on-process-${process.pid}.png`);

let h: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  h = await startHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('a case on the process diagram', () => {
  it('marks exactly the elements the case passed through, makes the current one stand out, and lists the timeline', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: h.as('planning.fc1'),
      payload: {
        requester: { kind: 'person', name: '王大爷', phone: '13905621234' },
        channel: 'window',
        title: '2002年征迁房屋办理不动产权证',
        description: '2002年房屋被征收，错过办证时间，区划和政策变化后无法办理。',
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (const officer of ['planning.fc1', 'planning.chief1']) {
      const res = await h.app.inject({
        method: 'POST',
        url: `/v1/cases/${id}/decisions`,
        headers: h.as(officer),
        payload: { action: 'escalate', reason: 'legacy', note: '历史遗留问题，涉及区划调整，本级无法判断 (legacy, beyond this tier)' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const state = (await h.app.inject({ method: 'GET', url: `/v1/cases/${id}`, headers: h.as('planning.deputy') })).json();
    expect(state).toMatchObject({ tier: '3', assignee: { principalId: 'planning.deputy' } });

    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));

    // Without a token the page asks for one and shows nothing of the case.
    const bare = await context.newPage();
    await bare.goto(`${base}/cases/${id}`);
    await bare.waitForSelector('#auth', { state: 'visible' });
    expect(await bare.locator('#timeline li').count()).toBe(0);
    await bare.close();

    await page.goto(`${base}/cases/${id}#token=${h.tokens['planning.deputy']}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect(page.url()).not.toContain('token='); // moved into this browser's storage, out of the address bar
    expect(await page.locator('#auth').isVisible()).toBe(false);

    const marked = await page.evaluate(() => ({
      visited: [...document.querySelectorAll('.djs-element.case-visited')].map((e) => e.getAttribute('data-element-id')).sort(),
      current: [...document.querySelectorAll('.djs-element.case-current')].map((e) => e.getAttribute('data-element-id')),
    }));
    expect(marked.visited).toEqual(
      [
        'StartEvent_Received', 'Flow_StartEvent_Received_Join_Tier1', 'Join_Tier1', 'Flow_Join_Tier1_Task_Tier1',
        'Task_Tier1', 'Flow_Task_Tier1_Gateway_Tier1', 'Gateway_Tier1', 'Flow_Tier1_escalate',
        'Join_Tier2', 'Flow_Join_Tier2_Task_Tier2', 'Task_Tier2', 'Flow_Task_Tier2_Gateway_Tier2', 'Gateway_Tier2', 'Flow_Tier2_escalate',
        'Join_Tier3', 'Flow_Join_Tier3_Task_Tier3',
      ].sort(),
    );
    expect(marked.current).toEqual(['Task_Tier3']);

    // The current task is drawn differently from the tasks it left, and from those it never reached.
    const stroke = (elementId: string) =>
      page.evaluate((eid) => {
        const rect = document.querySelector(`.djs-element[data-element-id="${eid}"] .djs-visual > rect`)!;
        const s = getComputedStyle(rect);
        return `${s.stroke} ${s.strokeWidth} ${s.fill}`;
      }, elementId);
    const [current, left, ahead] = await Promise.all([stroke('Task_Tier3'), stroke('Task_Tier2'), stroke('Task_Tier4')]);
    expect(new Set([current, left, ahead]).size).toBe(3);

    // Badges: time spent where the case waited; the current one also counts down its deadline.
    const badges = await page.evaluate(() =>
      [...document.querySelectorAll('.djs-overlays[data-container-id] .case-badge')].map((b) => ({
        on: b.closest('.djs-overlays')!.getAttribute('data-container-id'),
        text: b.textContent,
        current: b.classList.contains('current'),
      })),
    );
    expect(badges.map((b) => b.on).sort()).toEqual(['Task_Tier1', 'Task_Tier2', 'Task_Tier3']);
    expect(badges.find((b) => b.on === 'Task_Tier3')).toMatchObject({ current: true, text: expect.stringMatching(/^用时 .+ · 剩 /) });

    // The timeline beside it, each step with its element; the link to the workflow in Temporal UI.
    const steps = await page.locator('#timeline li').evaluateAll((lis) => lis.map((li) => [li.querySelector('.what')!.textContent, li.querySelector('.el')?.textContent]));
    expect(steps).toEqual([
      ['受理 (received)', 'StartEvent_Received'],
      ['分派首问负责人 (assigned)', 'Task_Tier1'],
      ['提级 (escalated)', 'Task_Tier2'],
      ['提级 (escalated)', 'Task_Tier3'],
    ]);
    expect(await page.locator('#temporal-link').getAttribute('href')).toBe(state.links.temporalUi);
    // bpmn.io's watermark stays, as its licence asks.
    await expect(page.locator('.bjs-powered-by').isVisible()).resolves.toBe(true);

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // The coordination call activity opens the unit-part process's own drawing.
    await page.locator('#fit').click();
    await page.locator('.djs-element[data-element-id="CallActivity_Coordination"]').click({ force: true });
    await page.waitForSelector('body[data-diagram="Diagram_UnitPart"]');
    expect(await page.locator('.djs-element[data-element-id="Task_Part_Tier1"]').count()).toBe(1);

    // The model alone, for anyone: /process opens the drawing named in its fragment.
    const model = await context.newPage();
    model.on('pageerror', (e) => problems.push(e.message));
    await model.goto(`${base}/process#Diagram_Consultation`);
    await model.waitForSelector('body[data-diagram="Diagram_Consultation"][data-ready="true"]');
    expect(await model.locator('.djs-element[data-element-id="Timer_Saturday"]').count()).toBe(1);
    expect(await model.locator('.case-visited, .case-current').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
