// The codec server (/codec) as its clients use it: it opens sealed payloads for administrators and
// never seals one (a sealed payload is one our workflows trust as coming from our API); it takes the
// Temporal CLI's empty `{}`; its browser sessions are stored on the server under a key of their own,
// end when they expire, when their holder signs out or when an administrator revokes them; and its
// page runs under the API's strict CSP. The Temporal CLI itself (`workflow show`, `workflow query`
// with --codec-endpoint) reads a case through it.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { decide, openCase } from './support/cases.js';
import { codecSessions } from '../db/schema.js';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec } from '../security/payload-codec.js';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from '../scripts/temporal-cli.mjs';
import { first } from '../db/store.js';

const cli: string = ensureTemporalCli({ log: () => {} });
const run = promisify(execFile);
const TITLE = '养老机构消防验收协调';
const NOTE = '改变用途未经审批，参照外地经验';

let h: Harness;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await h?.close();
});

/** Every string of the CLI's JSON output, and what each says once base64-decoded (payload data is base64 there). */
const readable = (out: string) => out + '\n' + [...out.matchAll(/"([A-Za-z0-9+/]{8,}=*)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')).join('\n');
const json = (p: unknown) => ({ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(p)).toString('base64') });
const cookieOf = (setCookie: unknown) => String(setCookie).split(';')[0]!;

async function openSession(as = 'admin') {
  const r = await h.app.inject({ method: 'POST', url: '/codec/session', headers: h.as(as) });
  expect(r.statusCode, r.body).toBe(200);
  return { cookie: cookieOf(r.headers['set-cookie']), id: r.json().id as string, expiresAt: r.json().expiresAt as string };
}
const decodeWith = (headers: Record<string, string>, body: unknown = { payloads: [] }) => h.app.inject({ method: 'POST', url: '/codec/decode', headers, payload: body as object });

describe('the codec server never seals', () => {
  it('refuses to encode any payload, even for an administrator: nothing sealed comes back', async () => {
    const forged = json({ actorId: 'housing.fc1', requestId: 'x', decision: { action: 'resolve', result: '伪造办结' } });
    const r = await h.app.inject({ method: 'POST', url: '/codec/encode', headers: h.as('admin'), payload: { payloads: [forged] } });
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json().code).toBe('CODEC_ENCODE_REFUSED');
    expect(r.body).not.toContain('binary/encrypted');
    expect(r.body).not.toContain(Buffer.from('binary/encrypted').toString('base64'));
    // Nor through a session (what Temporal UI would use).
    const s = await openSession();
    const viaSession = await h.app.inject({ method: 'POST', url: '/codec/encode', headers: { cookie: s.cookie }, payload: { payloads: [forged] } });
    expect(viaSession.statusCode).toBe(403);
    expect(viaSession.json().code).toBe('CODEC_ENCODE_REFUSED');
  });

  it('answers the Temporal CLI\'s empty query input ({} and an empty list) with an empty list', async () => {
    for (const body of [{}, { payloads: [] }]) {
      const r = await h.app.inject({ method: 'POST', url: '/codec/encode', headers: h.as('admin'), payload: body });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ payloads: [] });
    }
    expect((await h.app.inject({ method: 'POST', url: '/codec/encode', headers: h.as('housing.fc1'), payload: {} })).statusCode).toBe(403);
  });

  it('decodes an empty or missing payloads list', async () => {
    for (const body of [{}, { payloads: [] }]) {
      const r = await decodeWith(h.as('admin'), body);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ payloads: [] });
    }
  });
});

describe('codec sessions', () => {
  /** A payload sealed as our processes seal them, in the JSON the codec protocol carries. */
  const sealed = async () => {
    const [p] = await new AesGcmCodec(h.keyRing).encode([defaultPayloadConverter.toPayload({ title: TITLE })]);
    const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
    return { payloads: [{ metadata: Object.fromEntries(Object.entries(p!.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(p!.data!) }] };
  };

  it('are stored on the server: the cookie is a random secret, the table holds only its keyed hash', async () => {
    const s = await openSession();
    const secret = s.cookie.split('=')[1]!;
    expect(secret).not.toContain('admin'); // nothing in it names its holder or its end
    const row = (await first(h.db.select().from(codecSessions).where(eq(codecSessions.id, s.id))));
    expect(row).toMatchObject({ principalId: 'admin', expiresAt: s.expiresAt, revokedAt: null });
    expect(JSON.stringify((await h.db.select().from(codecSessions)))).not.toContain(secret);
    const ok = await decodeWith({ cookie: s.cookie }, await sealed());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(Buffer.from(ok.json().payloads[0].data, 'base64').toString()).toContain(TITLE);
  });

  it('are not derived from the tracking secret: a cookie made the old way opens nothing', async () => {
    const exp = Date.now() + 3_600_000;
    const body = `admin.${exp}`;
    const mac = createHmac('sha256', `codec-session:${h.app.deps.trackingSecret}`).update(body).digest('base64url');
    const r = await decodeWith({ cookie: `codec_session=${body}.${mac}` }, await sealed());
    expect(r.statusCode).toBe(401);
    expect(r.body).not.toContain(Buffer.from(TITLE).toString('base64').slice(0, 8));
  });

  it('end when revoked by an administrator, listed until then', async () => {
    const s = await openSession();
    const listed = await h.app.inject({ method: 'GET', url: '/v1/codec/sessions', headers: h.as('admin') });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toContain(s.id);
    expect((await h.app.inject({ method: 'GET', url: '/v1/codec/sessions', headers: h.as('sup-1') })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: `/v1/codec/sessions/${s.id}/revoke`, headers: h.as('housing.head') })).statusCode).toBe(403);
    expect((await decodeWith({ cookie: s.cookie })).statusCode).toBe(200);

    const revoked = await h.app.inject({ method: 'POST', url: `/v1/codec/sessions/${s.id}/revoke`, headers: h.as('admin') });
    expect(revoked.statusCode, revoked.body).toBe(204);
    const after = await decodeWith({ cookie: s.cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toMatch(/ended/);
    expect((await h.app.inject({ method: 'GET', url: '/v1/codec/sessions', headers: h.as('admin') })).json().items.map((i: { id: string }) => i.id)).not.toContain(s.id);
    const again = await h.app.inject({ method: 'POST', url: `/v1/codec/sessions/${s.id}/revoke`, headers: h.as('admin') });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('CODEC_SESSION_NOT_FOUND');
  });

  it('end on the server when their holder signs out: the old cookie, replayed, opens nothing', async () => {
    const s = await openSession();
    const out = await h.app.inject({ method: 'DELETE', url: '/codec/session', headers: { cookie: s.cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await decodeWith({ cookie: s.cookie })).statusCode).toBe(401);
  });

  it('end at their expiry', async () => {
    const s = await openSession();
    await h.db.update(codecSessions).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(codecSessions.id, s.id));
    expect((await decodeWith({ cookie: s.cookie })).statusCode).toBe(401);
  });

  it('are given to administrators only', async () => {
    for (const who of ['housing.fc1', 'housing.head', 'sup-1', 'int-12345']) {
      const r = await h.app.inject({ method: 'POST', url: '/codec/session', headers: h.as(who) });
      expect(r.statusCode, who).toBe(403);
      expect(r.headers['set-cookie'], who).toBeUndefined();
    }
  });
});

describe('the /codec page', () => {
  it('has no inline script or style: its script and stylesheet are files under /assets', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/codec' });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    const html = r.body;
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const a = await h.app.inject({ method: 'GET', url: m[1]! });
      expect(a.statusCode, m[1]).toBe(200);
      expect(a.headers['content-type'], m[1]).toMatch(/javascript|css/);
    }
  });
});

describe('the Temporal CLI reads a case through the codec server', () => {
  const temporalCli = (token: string, ...args: string[]) =>
    run(cli, [...args, '--address', inject('temporalAddress'), '--namespace', 'default', '--codec-endpoint', `${base}/codec`, '--codec-auth', `Bearer ${token}`], { encoding: 'utf8', timeout: 60_000 });

  it('workflow show and workflow query (a query with no input sends {}) as an administrator; an officer reads nothing', async () => {
    const c = await openCase(h, 'housing.fc1', { title: TITLE });
    expect((await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'no_precedent', note: NOTE })).statusCode).toBe(200);

    const shown = await temporalCli(h.tokens.admin!, 'workflow', 'show', '--workflow-id', c.workflowId, '--output', 'json');
    expect(readable(shown.stdout)).toContain(TITLE);
    expect(readable(shown.stdout)).toContain(NOTE);
    expect(readable(shown.stdout)).not.toContain('binary/encrypted');
    const queried = await temporalCli(h.tokens.admin!, 'workflow', 'query', '--workflow-id', c.workflowId, '--name', 'state', '--output', 'json');
    expect(readable(queried.stdout)).toContain(TITLE);
    expect(queried.stdout).toMatch(/"tier":\s*"2"/);

    // An officer's token: the codec server refuses, and the CLI shows ciphertext or fails, never the words.
    const officer = await temporalCli(h.tokens['housing.fc1']!, 'workflow', 'show', '--workflow-id', c.workflowId, '--output', 'json').catch((e: { stdout?: string; stderr?: string }) => ({ stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` }));
    expect(readable(officer.stdout)).not.toContain(TITLE);
    expect(readable(officer.stdout)).not.toContain(NOTE);
  });
});
