// The edge: every answer, page or JSON, carries a strict Content-Security-Policy and frame protection;
// no page runs an inline script; the pages still work under that policy in a real browser; the
// client address is taken from X-Forwarded-For only when the proxy is named (TRUST_PROXY).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { sql } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { openCase } from './support/cases.js';
import { buildApp } from '../api/server.js';
import { parseTrustProxy } from '../config.js';
import { cases } from '../db/schema.js';
import { first } from '../db/store.js';


let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const PAGES = ['/library', '/stats', '/bulletin', '/w/W-housing-01', '/w/NO-SUCH-WINDOW', '/docs/', '/docs', '/process', '/cases/20260101-ABC', '/app', '/t/20260101-ABC', '/calendar', '/codec'];
const API = ['/v1/me', '/v1/units', '/openapi.json', '/healthz', '/v1/no-such-route', '/v1/cases/nope'];

function expectStrictHeaders(url: string, headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp, `CSP of ${url}`).toContain("frame-ancestors 'none'");
  expect(csp, url).toContain("default-src 'none'");
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(scriptSrc, url).toBe("'self'");
  expect(csp, url).not.toMatch(/unsafe-eval/);
  // Only the pages that draw BPMN allow style attributes (the viewer sets them); nothing else is inline.
  const drawing = /^\/(process|cases\/[^/]+|app\/?)$/.test(url);
  expect(csp.replace(drawing ? "style-src-attr 'unsafe-inline'" : '', ''), url).not.toContain('unsafe-inline');
  expect(headers['x-frame-options'], url).toBe('DENY');
  expect(headers['x-content-type-options'], url).toBe('nosniff');
  expect(headers['referrer-policy'], url).toBe('no-referrer');
}

describe('security headers on every answer', () => {
  it('puts the same strict policy on every page, and pages carry no inline script or style block', async () => {
    for (const url of PAGES) {
      const res = await h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect([200, 302, 404], url).toContain(res.statusCode);
      expectStrictHeaders(url, res.headers);
      if (res.statusCode === 302) continue;
      expect(String(res.headers['content-type']), url).toContain('text/html');
      // Every <script> loads a file; no <style> element; no inline event handlers.
      expect(res.body, url).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
      expect(res.body, url).not.toMatch(/<style[\s>]/i);
      expect(res.body, url).not.toMatch(/\son[a-z]+\s*=\s*["']/i);
      // Whatever a page loads from /assets is there.
      for (const [, asset] of res.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
        const a = await h.app.inject({ method: 'GET', url: asset });
        expect(a.statusCode, asset).toBe(200);
        expectStrictHeaders(asset, a.headers);
      }
    }
  });

  it('puts it on JSON answers and errors too, with or without a token', async () => {
    for (const url of API) {
      for (const headers of [{}, h.as('housing.fc1')]) {
        const res = await h.app.inject({ method: 'GET', url, headers });
        expectStrictHeaders(url, res.headers);
      }
    }
    const c = await openCase(h, 'housing.fc1');
    const res = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('housing.fc1') });
    expect(res.statusCode).toBe(200);
    expectStrictHeaders('/v1/cases/{id}', res.headers);
  });
});

describe('the pages under that policy, in a real browser', () => {
  let browser: Browser;
  let base: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    // A second app on the same store, on a real port (the harness' app stays for inject).
    app = await buildApp({
      db: h.db,
      client: h.client,
      config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
      trackingSecret: 'test-tracking-secret',
      keyRing: h.keyRing,
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('runs every page without a policy violation, and none can be framed', async () => {
    const ctx = await browser.newContext();
    const violations: string[] = [];
    const visit = async (url: string, ready: (p: import('playwright-core').Page) => Promise<unknown>) => {
      const page = await ctx.newPage();
      // Refusals by the policy show as console errors; failed loads are checked by their answers.
      page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && violations.push(`${url}: ${m.text()}`));
      page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && violations.push(`${url}: ${r.status()} ${r.url()}`));
      page.on('pageerror', (e) => violations.push(`${url}: ${e.message}`));
      await page.goto(base + url);
      await ready(page);
      await page.close();
    };
    await visit('/w/W-housing-01', (p) => p.getByRole('button', { name: /提交投诉/ }).click().then(() => p.locator('#error').waitFor({ state: 'visible' })));
    await visit(`/stats#token=${encodeURIComponent(h.tokens['sup-1'])}`, (p) => p.locator('#dash').waitFor({ state: 'visible' }));
    await visit(`/library#token=${encodeURIComponent(h.tokens['housing.fc1'])}`, (p) => p.locator('#status').filter({ hasText: /found/ }).waitFor());
    await visit(`/bulletin#token=${encodeURIComponent(h.tokens['sup-1'])}`, (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }));
    await visit('/process', (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }));
    await visit('/docs/', (p) => p.locator('.swagger-ui .info').waitFor({ timeout: 20_000 }));
    await visit(`/calendar#token=${encodeURIComponent(h.tokens['admin'])}`, (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }));
    await visit(`/app#token=${encodeURIComponent(h.tokens['housing.fc1'])}`, (p) => p.waitForSelector('body[data-view="inbox"][data-ready="true"]', { timeout: 20_000 }));
    await visit('/codec', (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }));
    expect(violations).toEqual([]);

    // A page of ours inside someone else's frame stays blank: the browser refuses to render it.
    const framer = await ctx.newPage();
    const blocked: string[] = [];
    framer.on('console', (m) => blocked.push(m.text()));
    await framer.route('http://evil.example/', (r) => r.fulfill({ contentType: 'text/html', body: `<iframe src="${base}/library"></iframe>` }));
    await framer.goto('http://evil.example/');
    await framer.waitForTimeout(500);
    const frame = framer.frames().find((f) => f.url().startsWith(base));
    const framedText = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
    expect(framedText).not.toContain('案例汇编');
    await ctx.close();
  });
});

describe('TRUST_PROXY', () => {
  it('reads hop counts and proxy lists, and refuses to trust everyone', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => parseTrustProxy('true')).toThrow(/hop count/);
    expect(() => parseTrustProxy('proxy.local')).toThrow(/not an address/);
  });

  it('counts anonymous callers by their own address behind a trusted proxy, and by the proxy otherwise', async () => {
    const c = await openCase(h, 'housing.fc1');
    const before = (await first(h.db.select({ n: sql<number>`count(*)` }).from(cases)))!.n;
    const build = (trustProxy: false | number) =>
      buildApp({
        db: h.db,
        client: h.client,
        config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false, trustProxy },
        trackingSecret: 'test-tracking-secret',
        keyRing: h.keyRing,
      });
    const old = process.env.RATE_LIMIT_PUBLIC_PER_MINUTE;
    process.env.RATE_LIMIT_PUBLIC_PER_MINUTE = '2';
    const [trusting, plain] = await Promise.all([build(1), build(false)]);
    if (old === undefined) delete process.env.RATE_LIMIT_PUBLIC_PER_MINUTE;
    else process.env.RATE_LIMIT_PUBLIC_PER_MINUTE = old;
    try {
      // The same proxy (the socket peer) forwards three citizens, each reading twice with a wrong code.
      const read = (app: typeof trusting, citizen: string) =>
        app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=WRONGCODE`, remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': citizen } });
      const statuses = async (app: typeof trusting) => {
        const out: number[] = [];
        for (const citizen of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) for (let i = 0; i < 2; i++) out.push((await read(app, citizen)).statusCode);
        return out;
      };
      // Trusted: each citizen has their own two reads.
      expect(await statuses(trusting)).toEqual([404, 404, 404, 404, 404, 404]);
      // Not trusted: all six share the proxy's bucket, and the third read on is throttled.
      const shared = await statuses(plain);
      expect(shared.slice(0, 2)).toEqual([404, 404]);
      expect(shared.slice(2)).toEqual([429, 429, 429, 429]);
    } finally {
      await trusting.close();
      await plain.close();
    }
    expect((await first(h.db.select({ n: sql<number>`count(*)` }).from(cases)))!.n).toBe(before);
  });
});
