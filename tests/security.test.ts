// Who may reach what, one describe per rule of the OWASP API Security Top 10 (2023) that applies to
// this API. (API7, server-side request forgery, has no surface here: no route fetches a URL a caller
// gives; API10 is covered by tests/degradation.test.ts, where the case engine's failures must not
// leak into answers.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { startHarness, type Harness } from './support/harness.js';
import { actions, asRequester, decide, eventually, getCase, openCase, sampleIntake } from './support/cases.js';
import { caseUnits, cases, precedents, tokens } from '../db/schema.js';
import { hashToken } from '../db/tokens.js';
import { first } from '../db/store.js';
import { pgStoreText } from './support/store-text.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});


const countCases = async () => (await first(h.db.select({ n: sql<number>`count(*)` }).from(cases)))!.n;
const inject = (opts: InjectOptions) => h.app.inject(opts);

describe('API1 object-level authorisation', () => {
  it('hides a case from an officer of another unit, for reading and for deciding, and changes nothing', async () => {
    const c = await openCase(h, 'housing.fc1');
    const read = await inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('civil.fc1') });
    expect(read.statusCode).toBe(404);
    expect(read.json().code).toBe('CASE_NOT_FOUND');
    const trace = await inject({ method: 'GET', url: `/v1/cases/${c.id}/trace`, headers: h.as('civil.head') });
    expect(trace.statusCode).toBe(404);
    // Even the head of another unit cannot decide it; the case stays where it was.
    const d = await decide(h, c.id, 'civil.head', { action: 'resolve', result: '越权办结' });
    expect(d.statusCode).toBe(404);
    const list = await inject({ method: 'GET', url: '/v1/cases?unitId=housing', headers: h.as('civil.fc1') });
    expect(list.statusCode).toBe(403);
    const own = await inject({ method: 'GET', url: '/v1/cases', headers: h.as('civil.fc1') });
    expect(own.json().items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const now = await getCase(h, c.id);
    expect(now).toMatchObject({ status: 'in_progress', tier: '1', assignee: { principalId: 'housing.fc1' } });
    expect(actions(now)).toEqual(['received', 'assigned']);
  });

  it('lets an officer of an involved unit read the case, but not decide it', async () => {
    const c = await openCase(h, 'housing.fc1', { involvedUnitIds: ['planning'] });
    await eventually(
      async () => (await h.db.select().from(caseUnits).where(eq(caseUnits.caseId, c.id))),
      (rows) => rows.some((r) => r.unitId === 'planning'),
    );
    const read = await inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('planning.fc1') });
    expect(read.statusCode).toBe(200);
    expect(read.json().involvedUnitIds).toContain('planning');
    const d = await decide(h, c.id, 'planning.fc1', { action: 'resolve', result: '我来办' });
    expect(d.statusCode).toBe(403);
    expect(d.json().code).toBe('NOT_ASSIGNEE');
    // A unit that is not involved still sees nothing.
    expect((await inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('market.fc1') })).statusCode).toBe(404);
  });

  it('opens with a tracking code only its own case, and only the requester\'s actions', async () => {
    const a = await openCase(h, 'civil.fc1');
    const b = await openCase(h, 'civil.fc2');
    expect((await inject({ method: 'GET', url: `/v1/cases/${a.id}?trackingCode=${a.trackingCode}` })).statusCode).toBe(200);
    // A's code does not open B, for reading or for any requester action.
    expect((await inject({ method: 'GET', url: `/v1/cases/${b.id}?trackingCode=${a.trackingCode}` })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `/v1/cases/${b.id}/trace?trackingCode=${a.trackingCode}` })).statusCode).toBe(404);
    const wrong = await inject({ method: 'POST', url: `/v1/cases/${b.id}/withdraw?trackingCode=${a.trackingCode}`, payload: {} });
    expect(wrong.statusCode).toBe(404);
    // The code is no officer's token: a decision needs a bearer token.
    const byCode = await inject({ method: 'POST', url: `/v1/cases/${a.id}/decisions?trackingCode=${a.trackingCode}`, payload: { action: 'resolve', result: '自己办结' } });
    expect(byCode.statusCode).toBe(401);
    expect((await getCase(h, b.id)).status).toBe('in_progress');
    // The right code withdraws the right case.
    const ok = await asRequester(h, a, 'withdraw', { reason: '已自行解决' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('withdrawn');
  });
});

describe('API2 authentication: tokens hashed at rest, revocable', () => {
  it('keeps no token in plain text in the database file', async () => {
    // SQLite: the file's bytes (the WAL folded in first). PostgreSQL: every row of every table.
    let bytes: Buffer;
    if (h.db.storeKind === 'sqlite') {
      const file = join(h.dataDir, 'cases.sqlite');
      h.db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
    } else bytes = Buffer.from(await pgStoreText(h.db), 'utf8');
    const issued = Object.entries(h.tokens);
    expect(issued.length).toBeGreaterThan(50);
    for (const [who, token] of issued) {
      expect(bytes.includes(token), `plaintext token of ${who} in the DB file`).toBe(false);
    }
    // What is stored is the hash: reading the right file finds it.
    expect(bytes.includes(hashToken(h.tokens['admin']))).toBe(true);
  });

  it('issues a token (shown once, stored hashed) and revokes it: it stops working at once', async () => {
    const issued = await inject({ method: 'POST', url: '/v1/tokens', headers: h.as('admin'), payload: { principalId: 'housing.fc2', label: 'counter tablet' } });
    expect(issued.statusCode, issued.body).toBe(201);
    const { id, token } = issued.json();
    expect((await first(h.db.select().from(tokens).where(eq(tokens.hash, hashToken(token)))))?.principalId).toBe('housing.fc2');
    const auth = { authorization: `Bearer ${token}` };
    const me = await inject({ method: 'GET', url: '/v1/me', headers: auth });
    expect(me.json()).toMatchObject({ id: 'housing.fc2', role: 'first_contact' });
    const listed = await inject({ method: 'GET', url: '/v1/tokens?principalId=housing.fc2', headers: h.as('admin') });
    expect(listed.json().items.map((t: { id: string }) => t.id)).toContain(id);
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain(hashToken(token));

    // Only an admin revokes.
    const notAdmin = await inject({ method: 'POST', url: `/v1/tokens/${id}/revoke`, headers: h.as('housing.head') });
    expect(notAdmin.statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/v1/me', headers: auth })).statusCode).toBe(200);

    const revoked = await inject({ method: 'POST', url: `/v1/tokens/${id}/revoke`, headers: h.as('admin') });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const after = await inject({ method: 'GET', url: '/v1/me', headers: auth });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
    // Revoking again changes nothing.
    const again = await inject({ method: 'POST', url: `/v1/tokens/${id}/revoke`, headers: h.as('admin') });
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
    expect((await inject({ method: 'POST', url: '/v1/tokens/0000000000000000/revoke', headers: h.as('admin') })).statusCode).toBe(404);
  });

  it('answers 401 to a missing, malformed or unknown token', async () => {
    for (const authorization of [undefined, 'Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(32)}`]) {
      const r = await inject({ method: 'GET', url: '/v1/me', headers: authorization ? { authorization } : {} });
      expect(r.statusCode, authorization).toBe(401);
      expect(r.json().code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('API3 object property level authorisation: mass assignment', () => {
  it.each([
    ['tier', '4'],
    ['status', 'resolved'],
    ['assignee', { principalId: 'housing.head' }],
    ['assigneeId', 'housing.head'],
    ['id', '20260101-AAAAAAAA'],
    ['trackingCode', 'AAAAAAAAAAAA'],
    ['workflowId', 'case-x'],
    ['createdBy', 'admin'],
    ['leadUnitId', 'finance'],
  ])('rejects an intake that sets %s with 400, and starts no case', async (field, value) => {
    const before = (await countCases());
    const r = await inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: sampleIntake({ firstContactUnitId: 'housing', [field]: value }) });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(r.json().errors)).toContain(field);
    expect((await countCases())).toBe(before);
  });

  it('rejects a nested field a caller may not set (requester.id)', async () => {
    const r = await inject({ method: 'POST', url: '/v1/cases', headers: h.as('housing.fc1'), payload: sampleIntake({ requester: { kind: 'person', name: '王女士', id: 'x' } }) });
    expect(r.statusCode).toBe(400);
  });

  it('rejects decisions that carry who decides, the tier or the assignee, and changes nothing', async () => {
    const c = await openCase(h, 'market.fc1');
    for (const extra of [{ actorId: 'market.head' }, { tier: '4' }, { assignee: 'market.head' }, { status: 'resolved' }]) {
      const r = await decide(h, c.id, 'market.fc1', { action: 'escalate', reason: 'unsure', note: '拿不准', ...extra });
      expect(r.statusCode, JSON.stringify(extra)).toBe(400);
    }
    const now = await getCase(h, c.id);
    expect(now).toMatchObject({ tier: '1', status: 'in_progress' });
    expect(actions(now)).toEqual(['received', 'assigned']);
  });

  it('rejects requester actions with fields beyond their own', async () => {
    const c = await openCase(h, 'market.fc2');
    const w = await inject({ method: 'POST', url: `/v1/cases/${c.id}/withdraw?trackingCode=${c.trackingCode}`, payload: { reason: 'x', status: 'resolved' } });
    expect(w.statusCode).toBe(400);
    const r = await inject({ method: 'POST', url: `/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, payload: { rating: 'satisfied', tier: '1' } });
    expect(r.statusCode).toBe(400);
    expect((await getCase(h, c.id)).status).toBe('in_progress');
  });
});

describe('API4 resource consumption: size limits and rate limits', () => {
  it('answers 413 to a body over the limit and 400 to an over-long field', async () => {
    const big = await inject({
      method: 'POST',
      url: '/v1/cases',
      headers: { ...h.as('housing.fc1'), 'content-type': 'application/json' },
      payload: JSON.stringify(sampleIntake({ description: 'x'.repeat(300 * 1024) })),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('BODY_TOO_LARGE');
    const before = (await countCases());
    for (const over of [{ title: '长'.repeat(201) }, { description: 'x'.repeat(5001) }, { involvedUnitIds: Array.from({ length: 21 }, (_, i) => `u${i}`) }]) {
      const r = await inject({ method: 'POST', url: '/v1/cases', headers: h.as('housing.fc1'), payload: sampleIntake(over) });
      expect(r.statusCode, Object.keys(over)[0]).toBe(400);
      expect(r.json().errors[0].path).toBe(`body.${Object.keys(over)[0]}`);
    }
    expect((await countCases())).toBe(before);
    const page = await inject({ method: 'GET', url: '/v1/cases?limit=100000', headers: h.as('admin') });
    expect(page.statusCode).toBe(400);
  });

  it('throttles tracking-code reads per address with 429 RATE_LIMITED, and leaves other addresses alone', async () => {
    const c = await openCase(h, 'finance.fc1');
    const from = (remoteAddress: string, code = 'AAAAAAAAAAAA') => inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=${code}`, remoteAddress });
    const answers: number[] = [];
    for (let i = 0; i < 61; i++) answers.push((await from('203.0.113.7')).statusCode);
    expect(answers.slice(0, 60).every((s) => s === 404)).toBe(true);
    const limited = await from('203.0.113.7', c.trackingCode);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await from('203.0.113.8', c.trackingCode)).statusCode).toBe(200);
    // A token's holder is counted on its own (officers' screens poll).
    expect((await inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('finance.fc1'), remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
  });

  it('throttles requester actions and the public complaint form', async () => {
    const c = await openCase(h, 'finance.fc2');
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await inject({ method: 'POST', url: `/v1/cases/${c.id}/rating?trackingCode=BBBBBBBBBBBB`, payload: { rating: 'satisfied' }, remoteAddress: '198.51.100.4' });
      statuses.push(r.statusCode);
    }
    expect(statuses.filter((s) => s === 404).length).toBe(20);
    expect(statuses.at(-1)).toBe(429);
    // Complaints: even invalid ones count, so a flood never reaches the workflow engine.
    const complaintAnswers: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await inject({ method: 'POST', url: '/v1/complaints', payload: { content: '' }, remoteAddress: '198.51.100.5' });
      complaintAnswers.push(r.statusCode);
    }
    expect(complaintAnswers.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(complaintAnswers.at(-1)).toBe(429);
  });
});

describe('API5 function-level authorisation: roles stay on their own routes', () => {
  it('lets neither an integrator, a supervisor nor an admin decide', async () => {
    const c = await openCase(h, 'gas.fc1');
    for (const who of ['int-12345', 'sup-1', 'admin']) {
      const r = await decide(h, c.id, who, { action: 'resolve', result: '代为办结' });
      expect(r.statusCode, who).toBe(403);
      expect(r.json().code).toBe('FORBIDDEN_ROLE');
    }
    // A city leader may decide only what the city holds.
    const leader = await decide(h, c.id, 'city-vice-wang', { action: 'resolve', result: '市里办结' });
    expect(leader.statusCode).toBe(403);
    expect(leader.json().code).toBe('NOT_ASSIGNEE');
    expect((await getCase(h, c.id)).status).toBe('in_progress');
  });

  it('keeps each role to its routes', async () => {
    const cases: [string | null, 'GET' | 'POST', string, unknown, number][] = [
      [null, 'POST', '/v1/cases', sampleIntake({ firstContactUnitId: 'gas' }), 401],
      ['sup-1', 'POST', '/v1/cases', sampleIntake({ firstContactUnitId: 'gas' }), 403],
      ['city-mayor', 'POST', '/v1/cases', sampleIntake({ firstContactUnitId: 'gas' }), 403],
      // An integrator lists only the cases it started (finding one by its ticket number, issue 28).
      ['int-12345', 'GET', '/v1/cases', undefined, 200],
      ['int-12345', 'GET', '/v1/inbox', undefined, 403],
      ['gas.head', 'GET', '/v1/tokens', undefined, 403],
      ['sup-1', 'POST', '/v1/tokens', { principalId: 'sup-1' }, 403],
      ['gas.fc1', 'GET', '/v1/accountability', undefined, 403],
      ['int-12345', 'GET', '/v1/stats', undefined, 403],
      [null, 'GET', '/v1/complaints', undefined, 401],
    ];
    const before = (await countCases());
    for (const [who, method, url, payload, status] of cases) {
      const r = await inject({ method, url, headers: who ? h.as(who) : {}, ...(payload ? { payload: payload as object } : {}) });
      expect(r.statusCode, `${who} ${method} ${url}`).toBe(status);
    }
    expect((await countCases())).toBe(before);
  });

  it('refuses officer tokens on requester routes: those open only with the tracking code', async () => {
    const c = await openCase(h, 'gas.fc2');
    for (const path of ['withdraw', 'rating', 'materials']) {
      const payload = path === 'rating' ? { rating: 'satisfied' } : path === 'materials' ? { items: ['营业执照'] } : {};
      const r = await inject({ method: 'POST', url: `/v1/cases/${c.id}/${path}`, headers: h.as('gas.fc2'), payload });
      expect(r.statusCode, path).toBe(401);
      expect(r.json().code).toBe('TRACKING_CODE_REQUIRED');
    }
    expect((await getCase(h, c.id)).status).toBe('in_progress');
  });
});

describe('API6 sensitive business flows', () => {
  it('never lets the requester push the case up: escalation happens inside the government only', async () => {
    const c = await openCase(h, 'agriculture.fc1');
    for (const url of [`/v1/cases/${c.id}/decisions?trackingCode=${c.trackingCode}`, `/v1/cases/${c.id}/decisions`]) {
      const r = await inject({ method: 'POST', url, payload: { action: 'escalate', reason: 'unsure', note: '我要求提级' } });
      expect(r.statusCode).toBe(401);
    }
    expect((await getCase(h, c.id)).tier).toBe('1');
  });

  it('starts one case per externalId however often an integrator retries', async () => {
    const body = sampleIntake({ externalId: 'HL-SEC-1', firstContactUnitId: 'agriculture', channel: 'api' });
    const answers = await Promise.all(Array.from({ length: 4 }, () => inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: body })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect((await h.db.select().from(cases).where(eq(cases.externalId, 'HL-SEC-1')))).toHaveLength(1);
  });

  it('answers a complaint re-sent with its Idempotency-Key with the same complaint, even once it is closed', async () => {
    // Found by the fuzz run: the replay found the closed workflow and answered 503 ENGINE_ERROR.
    const body = { contact: { name: '赵先生', phone: '13900003333' }, content: '窗口推诿', unitId: 'agriculture' };
    const first = await inject({ method: 'POST', url: '/v1/complaints', headers: { 'idempotency-key': 'sec-complaint-1' }, payload: body, remoteAddress: '192.0.2.10' });
    expect(first.statusCode, first.body).toBe(201);
    const closed = await inject({ method: 'POST', url: `/v1/complaints/${first.json().id}/close`, headers: h.as('sup-1'), payload: { upheld: false, findings: '经核实不属实' } });
    expect(closed.statusCode, closed.body).toBe(200);
    const again = await inject({ method: 'POST', url: '/v1/complaints', headers: { 'idempotency-key': 'sec-complaint-1' }, payload: body, remoteAddress: '192.0.2.10' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, status: 'closed' });
  });
});

describe('API8 security misconfiguration: errors tell nothing of the inside', () => {
  it('answers bad input with problem+json, no stack, no SQL, no framework banner', async () => {
    const answers = [
      await inject({ method: 'POST', url: '/v1/cases', headers: { ...h.as('housing.fc1'), 'content-type': 'application/json' }, payload: '{"title": ' }),
      await inject({ method: 'POST', url: '/v1/cases', headers: { ...h.as('housing.fc1'), 'content-type': 'application/xml' }, payload: '<case/>' }),
      await inject({ method: 'GET', url: "/v1/cases/1'%20or%201=1--", headers: h.as('admin') }),
      await inject({ method: 'GET', url: '/v1/nothing-here' }),
      await inject({ method: 'GET', url: '/v1/cases?cursor=%%%', headers: h.as('admin') }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([400, 415, 404, 404, 400]);
    for (const a of answers) {
      expect(a.headers['content-type']).toContain('application/problem+json');
      expect(a.json()).toMatchObject({ type: expect.any(String), title: expect.any(String), status: a.statusCode, code: expect.stringMatching(/^[A-Z_]+$/) });
      expect(a.body).not.toMatch(/\bat \S+:\d+:\d+|sqlite|SELECT |drizzle|node_modules|fastify/i);
      expect(a.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('API8 bad input reaching the store', () => {
  it('answers a library search holding control characters without a server error', async () => {
    // Found by the fuzz run: a NUL in the query broke the FTS5 string literal (500).
    await h.db.insert(precedents).values({ id: 'P-SEC-1', title: '养老机构消防验收', kind: 'no_precedent', problem: '商业用房改建养老机构', solution: '参照外地经验先行验收', sourceKind: 'elsewhere', createdBy: 'sup-1', createdAt: new Date().toISOString() });
    for (const q of ['养老\u0000机构', 'ð\u0089\u0000\u{3cba6}', '消防\u001f验收']) {
      const r = await inject({ method: 'GET', url: `/v1/precedents/search?q=${encodeURIComponent(q)}`, headers: h.as('sup-1') });
      expect(r.statusCode, r.body).toBe(200);
    }
    const found = await inject({ method: 'GET', url: `/v1/precedents/search?q=${encodeURIComponent('消防验收')}`, headers: h.as('sup-1') });
    expect(found.json().items.map((x: { id: string }) => x.id)).toContain('P-SEC-1');
  });
});

describe('API8 errors raised before any handler runs', () => {
  it('answers an over-long path parameter, a malformed URL and oversized headers as problems, as documented', async () => {
    const long = await inject({ method: 'GET', url: `/v1/units/${'x'.repeat(150)}`, headers: h.as('admin') });
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toContain('application/problem+json');
    const bad = await inject({ method: 'GET', url: '/v1/units/%E0%A4%A', headers: h.as('admin') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MALFORMED_REQUEST');
    // Node's HTTP parser refuses a URL past 16 KiB before Fastify sees it: a real socket is needed.
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const huge = await fetch(`${address}/v1/precedents/similar?title=${encodeURIComponent('长'.repeat(3000))}`, { headers: h.as('admin') });
    expect(huge.status).toBe(431);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect(await huge.json()).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    // The document says so: errors are problem+json, and the answers above are declared.
    const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    const units = doc.paths['/v1/units/{id}'].get.responses;
    expect(Object.keys(units)).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
    expect(Object.keys(units['404'].content)).toEqual(['application/problem+json']);
    expect(Object.keys(doc.paths['/v1/precedents/similar'].get.responses)).toContain('431');
  });
});

describe('API9 inventory: the OpenAPI document lists every API route', () => {
  it('documents every /v1 route the server answers, and documents no route it does not', async () => {
    const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const served = routesOf(h.app.printRoutes({ commonPrefix: false }))
      .filter((r) => r.path.startsWith('/v1/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => r.includes(' /v1/') && !served.includes(r))).toEqual([]);
  });
});

/** Reads fastify's route tree (printRoutes with commonPrefix false) back into method and path. */
function routesOf(tree: string): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) out.push({ method, path });
  }
  return out;
}
