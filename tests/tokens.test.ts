// Tokens expire and can be rotated; the pages keep them for the tab's session only and ask before a
// #token= link replaces the one they hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { eq, sql } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { sampleIntake } from './support/cases.js';
import { cases, tokens } from '../db/schema.js';
import { hashToken } from '../db/tokens.js';
import { first } from '../db/store.js';

const HOUR = 3_600_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(async () => {
  await h?.close();
});

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const countCases = async () => (await first(h.db.select({ n: sql<number>`count(*)` }).from(cases)))!.n;
const countTokens = async () => (await first(h.db.select({ n: sql<number>`count(*)` }).from(tokens)))!.n;
async function issue(principalId: string) {
  const res = await h.app.inject({ method: 'POST', url: '/v1/tokens', headers: h.as('admin'), payload: { principalId } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; expiresAt: string | null; createdAt: string };
}

describe('token expiry', () => {
  it('gives people short-lived tokens and integrators long-lived ones; demo tokens outside production have none', async () => {
    const officer = await issue('housing.fc2');
    const life = Date.parse(officer.expiresAt!) - Date.parse(officer.createdAt);
    expect(life).toBe(12 * HOUR);
    const integrator = await issue('int-12345');
    expect(Date.parse(integrator.expiresAt!) - Date.parse(integrator.createdAt)).toBe(90 * 24 * HOUR);
    // The demo directory's tokens (development and tests) do not expire.
    const demo = (await first(h.db.select().from(tokens).where(eq(tokens.hash, hashToken(h.tokens['housing.fc1'])))))!;
    expect(demo.expiresAt).toBeNull();
    const listed = (await h.app.inject({ method: 'GET', url: '/v1/tokens?principalId=housing.fc2', headers: h.as('admin') })).json();
    expect(listed.items.find((t: { id: string }) => t.id === officer.id).expiresAt).toBe(officer.expiresAt);
  });

  it('answers 401 TOKEN_EXPIRED once the time is up, and the request changes nothing', async () => {
    const old = process.env.TOKEN_TTL;
    process.env.TOKEN_TTL = '300ms';
    let t: Awaited<ReturnType<typeof issue>>;
    try {
      t = await issue('housing.fc2');
    } finally {
      if (old === undefined) delete process.env.TOKEN_TTL;
      else process.env.TOKEN_TTL = old;
    }
    expect((await h.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.token) })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    const before = (await countCases());
    const res = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: bearer(t.token), payload: sampleIntake() });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
    expect((await countCases())).toBe(before);
    // Expired is expired for rotation too: it cannot buy itself a new life.
    const tokensBefore = (await countTokens());
    const rot = await h.app.inject({ method: 'POST', url: '/v1/tokens/rotate', headers: bearer(t.token) });
    expect(rot.statusCode).toBe(401);
    expect(rot.json().code).toBe('TOKEN_EXPIRED');
    expect((await countTokens())).toBe(tokensBefore);
    // Unknown tokens keep their own code.
    const unknown = await h.app.inject({ method: 'GET', url: '/v1/me', headers: bearer('not-a-token') });
    expect(unknown.json().code).toBe('UNAUTHENTICATED');
  });
});

describe('token rotation', () => {
  it('swaps the caller\'s token for a new one; the old one stops working at once', async () => {
    const first = await issue('civil.chief1');
    const res = await h.app.inject({ method: 'POST', url: '/v1/tokens/rotate', headers: bearer(first.token) });
    expect(res.statusCode, res.body).toBe(201);
    const next = res.json();
    expect(next).toMatchObject({ principalId: 'civil.chief1', revokedAt: null, label: `rotated from ${first.id}` });
    expect(next.token).not.toBe(first.token);
    expect(Date.parse(next.expiresAt) - Date.parse(next.createdAt)).toBe(12 * HOUR);
    // The new one works, as the same principal; the old one is gone.
    const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(next.token) });
    expect(me.json()).toMatchObject({ id: 'civil.chief1', role: 'section_chief' });
    const stale = await h.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(first.token) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('UNAUTHENTICATED');
    // Rotating the old one again issues nothing.
    const count = (await countTokens());
    const again = await h.app.inject({ method: 'POST', url: '/v1/tokens/rotate', headers: bearer(first.token) });
    expect(again.statusCode).toBe(401);
    expect((await countTokens())).toBe(count);
    // Without a token there is nothing to rotate.
    expect((await h.app.inject({ method: 'POST', url: '/v1/tokens/rotate' })).statusCode).toBe(401);
    expect((await countTokens())).toBe(count);
  });

  it('rotates each of two racing requests with one token at most once', async () => {
    const t = await issue('civil.chief2');
    const count = (await countTokens());
    const answers = await Promise.all([1, 2, 3].map(() => h.app.inject({ method: 'POST', url: '/v1/tokens/rotate', headers: bearer(t.token) })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 401, 401]);
    expect((await countTokens())).toBe(count + 1);
  });
});

describe('tokens in the pages', () => {
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the token in sessionStorage only, and asks before a link replaces it', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/stats#token=${encodeURIComponent(h.tokens['sup-1'])}`);
    await page.locator('#dash').waitFor({ state: 'visible' });
    const stored = () => page.evaluate(() => ({ session: sessionStorage.getItem('escalate.token'), local: Object.keys(localStorage) }));
    expect(await stored()).toEqual({ session: h.tokens['sup-1'], local: [] });

    // A link with another token: declined, the held token stays.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${base}/library#token=${encodeURIComponent(h.tokens['sup-2'])}`);
    await page.locator('#status').filter({ hasText: /found/ }).waitFor();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/Replace/);
    expect(page.url()).toBe(`${base}/library`);
    expect((await stored()).session).toBe(h.tokens['sup-1']);

    // Accepted: replaced.
    page.once('dialog', (d) => void d.accept());
    await page.goto(`${base}/process#token=${encodeURIComponent(h.tokens['sup-2'])}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect((await stored()).session).toBe(h.tokens['sup-2']);
    expect(page.url()).not.toContain('token=');

    // The same token again asks nothing; a fresh tab (a new session) holds no token at all.
    await page.goto(`${base}/stats#token=${encodeURIComponent(h.tokens['sup-2'])}`);
    await page.locator('#dash').waitFor({ state: 'visible' });
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(`${base}/stats`);
    await fresh.locator('#login').waitFor({ state: 'visible' });
    expect(await fresh.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    await other.close();
    await ctx.close();
  });
});
