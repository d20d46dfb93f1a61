// With the Temporal server down: reads from the SQLite read model still answer, decisions answer 503
// with a clear code and without engine internals, intakes are taken in (202, no assignee yet), and
// once the server is back the same retried requests (same externalId, same Idempotency-Key) complete
// exactly once and the intakes nobody sent again are started by the sweep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { startDevServer, type DevServer } from '../scripts/dev-server.js';
import { startHarness, type Harness } from './support/harness.js';
import { actions, decide, getCase, openCase, sampleIntake } from './support/cases.js';
import { caseStartAttempts, cases } from '../db/schema.js';
import { sweepUnstartedCases } from '../services/intake.js';
import { callWorkflow } from '../api/temporal.js';

const dir = mkdtempSync(join(tmpdir(), 'escalate-degradation-'));
const dbFile = join(dir, 'temporal.sqlite');
let server: DevServer;
let h: Harness;

beforeAll(async () => {
  server = await startDevServer({ dbFile, headless: true, logLevel: 'error' });
  // A short wait for the engine's answer: this test is about how soon a write hears that Temporal is down.
  h = await startHarness({ address: server.address, uiPort: 8233, updateWaitMs: 3000 });
});
afterAll(async () => {
  await h?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});


describe('the Temporal server down', () => {
  it('keeps reads answering, answers decisions 503 with a clear code, takes intakes in, and completes the retried writes once it is back', async () => {
    const c = await openCase(h, 'housing.fc1');
    const esc = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'beyond_remit', note: '超出权限' });
    expect(esc.statusCode).toBe(200);

    await h.stopWorker();
    await server.stop();

    // Reads from the read model.
    const read = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('housing.chief1') });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ tier: '2', assignee: { principalId: 'housing.chief1' } });
    expect(actions(read.json())).toEqual(['received', 'assigned', 'escalated']);
    const requester = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=${c.trackingCode}` });
    expect(requester.statusCode).toBe(200);
    const inbox = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('housing.chief1') });
    expect(inbox.json().items.map((x: { id: string }) => x.id)).toContain(c.id);
    const listBefore = (await h.app.inject({ method: 'GET', url: '/v1/cases', headers: h.as('admin') })).json().items.map((x: { id: string }) => x.id);
    expect(listBefore).toContain(c.id);
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual({ database: 'ok', temporal: 'unavailable' });

    // Writes: 503 with a code, in bounded time, nothing of the engine in the answer.
    const started = Date.now();
    const d = await decide(h, c.id, 'housing.chief1', { action: 'resolve', result: '已办结' }, { 'idempotency-key': 'deg-1' });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(d.statusCode).toBe(503);
    expect(d.json().code).toBe('TEMPORAL_UNAVAILABLE');
    expect(d.headers['content-type']).toContain('application/problem+json');
    expect(d.json().detail).not.toMatch(/temporal|grpc|workflow|ECONNREFUSED|127\.0\.0\.1|stack/i);
    const strong = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?consistency=strong`, headers: h.as('admin') });
    expect(strong.statusCode).toBe(503);
    expect(strong.json().code).toBe('TEMPORAL_UNAVAILABLE');
    // An intake is taken in all the same (受理): its row is written first, so the requester gets a
    // case and a tracking code now, and its first assignee comes once the engine is back.
    const body = sampleIntake({ externalId: 'DEG-1', firstContactOfficerId: 'civil.fc1', channel: 'api' });
    const intake = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: body });
    expect(intake.statusCode, intake.body).toBe(202);
    const taken = intake.json();
    expect(intake.headers.location).toBe(`/v1/cases/${taken.id}`);
    expect(taken).toMatchObject({ tier: '1', status: 'in_progress', assignee: null, deadlineAt: null });
    expect(taken.trackingUrl).toContain(`#code=${taken.trackingCode}`);
    const follows = await h.app.inject({ method: 'GET', url: `/v1/cases/${taken.id}?trackingCode=${taken.trackingCode}` });
    expect(follows.statusCode).toBe(200);
    // Until its workflow sets the first assignee it takes no change, and says why (not "closed").
    const early = await h.app.inject({ method: 'POST', url: `/v1/cases/${taken.id}/withdraw?trackingCode=${taken.trackingCode}`, payload: { reason: '已自行解决' } });
    expect([early.statusCode, early.json().code, early.headers['retry-after']]).toEqual([409, 'CASE_OPENING', '5']);
    const hasty = await decide(h, taken.id, 'civil.fc1', { action: 'escalate', reason: 'beyond_remit', note: '超出权限' });
    expect([hasty.statusCode, hasty.json().code]).toEqual([409, 'CASE_OPENING']);
    // Sent again while the engine is still down: the same case, still taken in.
    const resent = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: body });
    expect(resent.statusCode).toBe(202);
    expect(resent.json()).toMatchObject({ id: taken.id, trackingCode: taken.trackingCode, assignee: null });
    // One that names the unit's second first-contact officer, and one an officer takes in at the
    // counter: each keeps its first-contact owner (首问负责人) however its workflow is started later.
    const other = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: sampleIntake({ externalId: 'DEG-2', firstContactOfficerId: 'civil.fc2', channel: 'api' }) });
    expect(other.statusCode).toBe(202);
    const counter = sampleIntake({ channel: 'window' });
    const atCounter = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: { ...h.as('housing.fc2'), 'idempotency-key': 'deg-counter' }, payload: counter });
    expect(atCounter.statusCode).toBe(202);
    // The rows exist (they hold the externalIds' uniqueness) but no workflow step has reached them
    // yet: last_seq = 0 marks them, and the retry and the sweep below complete those same rows.
    const half = (await h.db.select().from(cases).where(eq(cases.externalId, 'DEG-1')));
    expect(half.map((r) => [r.id, r.lastSeq])).toEqual([[taken.id, 0]]);

    // Back up on the same database file and port.
    server = await startDevServer({ dbFile, port: server.port, headless: true, logLevel: 'error' });
    await h.startWorker();
    const retried = await decide(h, c.id, 'housing.chief1', { action: 'resolve', result: '已办结' }, { 'idempotency-key': 'deg-1' });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().status).toBe('resolved');
    const again = await decide(h, c.id, 'housing.chief1', { action: 'resolve', result: '已办结' }, { 'idempotency-key': 'deg-1' });
    expect(again.statusCode).toBe(200);
    expect(actions(await getCase(h, c.id)).filter((a: string) => a === 'resolved')).toHaveLength(1);

    // The same intake again answers that one case, now with its first assignee.
    const intakeAgain = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: body });
    expect(intakeAgain.statusCode, intakeAgain.body).toBe(200);
    const rows = (await h.db.select().from(cases).where(eq(cases.externalId, 'DEG-1')));
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(half[0].id);
    expect(rows[0].lastSeq).toBeGreaterThan(0);
    expect(intakeAgain.json()).toMatchObject({ id: rows[0].id, tier: '1', assignee: { principalId: 'civil.fc1' } });
    expect(actions(await getCase(h, rows[0].id))).toEqual(['received', 'assigned']);
    const counterAgain = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: { ...h.as('housing.fc2'), 'idempotency-key': 'deg-counter' }, payload: counter });
    expect(counterAgain.statusCode, counterAgain.body).toBe(200);
    expect(counterAgain.json()).toMatchObject({ id: atCounter.json().id, assignee: { principalId: 'housing.fc2' } });
    // The engine is back but the sweep has not started the other one yet: a decision on it says it is
    // still opening (the engine itself would say "not found", which read as closed), and a strong read
    // answers from the read model. Halted before its first step, it says so; given up by the sweep, it
    // does not ask for a retry in seconds.
    const otherId = other.json().id;
    const early2 = await decide(h, otherId, 'civil.fc2', { action: 'escalate', reason: 'beyond_remit', note: '超出权限' });
    expect([early2.statusCode, early2.json().code, early2.headers['retry-after']]).toEqual([409, 'CASE_OPENING', '5']);
    const strongEarly = await h.app.inject({ method: 'GET', url: `/v1/cases/${otherId}?consistency=strong`, headers: h.as('admin') });
    expect(strongEarly.statusCode, strongEarly.body).toBe(200);
    expect(strongEarly.json()).toMatchObject({ id: otherId, assignee: null });
    await h.db.insert(caseStartAttempts).values({ caseId: otherId, status: 'start_failed', attempts: 10, firstFailedAt: new Date().toISOString(), lastFailedAt: new Date().toISOString(), errorCode: 'START_FAILED', errorDetail: 'test' });
    const givenUp = await decide(h, otherId, 'civil.fc2', { action: 'escalate', reason: 'beyond_remit', note: '超出权限' });
    expect([givenUp.statusCode, givenUp.json().code, givenUp.headers['retry-after']]).toEqual([409, 'CASE_OPENING', undefined]);
    await h.db.delete(caseStartAttempts).where(eq(caseStartAttempts.caseId, otherId));
    await h.db.update(cases).set({ haltedAt: new Date().toISOString() }).where(eq(cases.id, otherId));
    const halted = await decide(h, otherId, 'civil.fc2', { action: 'escalate', reason: 'beyond_remit', note: '超出权限' });
    expect([halted.statusCode, halted.json().code]).toEqual([409, 'CASE_HALTED']);
    await h.db.update(cases).set({ haltedAt: null }).where(eq(cases.id, otherId));
    // The other one, never sent again, is started by the sweep, with the officer its intake named.
    const swept = await sweepUnstartedCases({ db: h.db, client: h.client, taskQueue: h.taskQueue, call: (fn, wid) => callWorkflow(h.client, fn, 10_000, wid) }, { olderThanMs: 0 });
    expect(swept).toMatchObject({ resumed: [other.json().id], failed: [], deferred: false });
    expect(await getCase(h, other.json().id)).toMatchObject({ tier: '1', assignee: { principalId: 'civil.fc2' } });
    expect(actions(await getCase(h, other.json().id))).toEqual(['received', 'assigned']);
  });
});
