// The case engine as the API shows it: versions (ETag / If-Match) that make a stale decision a 409
// changing nothing; async decisions deduplicated before they reach the case's history and capped per
// case; Temporal's own failures answered in the contract's codes; city directions to known units,
// one per unit; an intake sweep that goes on past a row that cannot start; and a case id drawn twice
// in one day drawn again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { startHarness, type Harness } from './support/harness.js';
import { decide, eventually, getCase, openCase, sampleIntake } from './support/cases.js';
import { asyncDecisions, caseStartAttempts, caseUnits, cases } from '../db/schema.js';
import { buildApp } from '../api/server.js';
import { ERROR_CATALOGUE } from '../api/errors.js';
import { callWorkflow, toProblem } from '../api/temporal.js';
import { hashTrackingCode, sweepUnstartedCases } from '../services/intake.js';
import { trackingCodeFor } from '../api/case-view.js';
import { caseWorkflowId } from '../workflows/definitions.js';
import { first } from '../db/store.js';
import { AppError } from '../domain/errors.js';
import { newId } from '../services/ids.js';

// Ids are drawn as always; a test can make the next draw repeat an id already taken.
vi.mock('../services/ids.js', async (original) => {
  const real = await original<typeof import('../services/ids.js')>();
  return { ...real, newId: vi.fn(real.newId) };
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Workflow task events (scheduled 5, started 6, completed 7, timed out 8, failed 9): the SDK's own bookkeeping. */
const WORKFLOW_TASK_EVENTS = new Set([5, 6, 7, 8, 9]);
/**
 * The history's events but the workflow tasks': what a request can add (a signal, an Update, an
 * activity). A loaded machine adds workflow tasks of its own (a long task's heartbeat), which say
 * nothing about whether a request reached the workflow.
 */
const historyLength = async (workflowId: string) =>
  (await h.client.workflow.getHandle(workflowId).fetchHistory()).events!.filter((e) => !WORKFLOW_TASK_EVENTS.has(Number(e.eventType))).length;
/**
 * The history's length once the workflow has settled: a step reaches the read model while the
 * workflow task that ran its store call is still running, and that task's marker is written to
 * history only when it completes. So wait until no workflow task is pending or running; two equal
 * reads a moment apart were not enough on a loaded machine, where the task can outlast the gap.
 */
async function settledHistoryLength(workflowId: string): Promise<number> {
  const handle = h.client.workflow.getHandle(workflowId);
  await eventually(async () => !(await handle.describe()).raw.pendingWorkflowTask, (idle) => idle, 10_000);
  return historyLength(workflowId);
}

/** The case as a client reads it, with its ETag. */
async function read(id: string, query = '') {
  const r = await h.app.inject({ method: 'GET', url: `/v1/cases/${id}${query}`, headers: h.as('admin') });
  expect(r.statusCode, r.body).toBe(200);
  return { etag: String(r.headers.etag), body: r.json() };
}

/** Nothing of Temporal in an answer: no SDK or server type names, no gRPC words. */
function expectNoInternals(body: string) {
  expect(body).not.toMatch(/temporal|grpc|AcceptedUpdate|completedworkflow|WorkflowExecution|ServiceError|stack/i);
}

async function toCity(unit: string) {
  const c = await openCase(h, `${unit}.fc1`);
  for (const who of ['fc1', 'chief1', 'deputy']) {
    const r = await decide(h, c.id, `${unit}.${who}`, { action: 'escalate', reason: 'cross_department', note: '需要更高层级研判' });
    expect(r.statusCode, r.body).toBe(200);
  }
  const ref = await decide(h, c.id, `${unit}.head`, { action: 'refer_to_city', suggestions: '请市领导协调' });
  expect(ref.statusCode, ref.body).toBe(200);
  return { ...c, leader: ref.json().assignee.principalId as string };
}

describe('case versions: ETag and If-Match', () => {
  it('answers the case version as ETag, from the read model and from the workflow alike', async () => {
    const c = await openCase(h, 'housing.fc1');
    const a = await read(c.id);
    expect(a.etag).toMatch(/^"v\d+"$/);
    expect(a.etag).toBe(`"v${a.body.version}"`);
    expect(a.body.version).toBeGreaterThan(0);
    const strong = await read(c.id, '?consistency=strong');
    expect(strong.etag).toBe(a.etag);
    // A decision answers the new version, and the next read agrees.
    const r = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' }, { 'if-match': a.etag });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers.etag).toBe(`"v${r.json().version}"`);
    expect(r.json().version).toBeGreaterThan(a.body.version);
    expect((await read(c.id)).etag).toBe(r.headers.etag);
  });

  it('answers 409 STALE_DECISION to a decision made on an older version, and changes nothing', async () => {
    const c = await openCase(h, 'housing.fc2');
    const seen = await read(c.id);
    // The chief's view is now out of date: the first-contact owner escalated meanwhile... to the chief.
    expect((await decide(h, c.id, 'housing.fc2', { action: 'escalate', reason: 'unsure', note: '请科长研判' })).statusCode).toBe(200);
    const before = await read(c.id);
    const stale = await decide(h, c.id, before.body.assignee.principalId, { action: 'resolve', result: '已办理' }, { 'if-match': seen.etag });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(stale.json()).toMatchObject({ code: 'STALE_DECISION', status: 409, currentVersion: before.body.version });
    expect(stale.headers.etag).toBe(before.etag);
    const after = await read(c.id);
    expect(after.body.timeline).toHaveLength(before.body.timeline.length);
    expect(after.body).toMatchObject({ status: 'in_progress', tier: before.body.tier, version: before.body.version });
    // The same decision on the current version goes through.
    const fresh = await decide(h, c.id, before.body.assignee.principalId, { action: 'resolve', result: '已办理' }, { 'if-match': before.etag });
    expect(fresh.statusCode, fresh.body).toBe(200);
  });

  it('answers a retry of an applied decision (same Idempotency-Key and If-Match) as the first time, not as stale', async () => {
    const c = await openCase(h, 'housing.fc1');
    const seen = await read(c.id);
    const headers = { 'if-match': seen.etag, 'idempotency-key': 'retry-after-timeout-1' };
    const body = { action: 'escalate', reason: 'unsure', note: '请科长研判' };
    const first = await decide(h, c.id, 'housing.fc1', body, headers);
    expect(first.statusCode, first.body).toBe(200);
    const again = await decide(h, c.id, 'housing.fc1', body, headers);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ tier: first.json().tier, version: first.json().version });
    expect((await read(c.id)).body.timeline).toHaveLength(first.json().timeline.length);
    // Asynchronously the same: a repeat is answered as it was; a new request on the old version is stale.
    const asyncHeaders = { prefer: 'respond-async', 'if-match': first.headers.etag as string, 'idempotency-key': 'async-versioned-1' };
    const chief = first.json().assignee.principalId;
    const a1 = await decide(h, c.id, chief, { action: 'escalate', reason: 'unsure', note: '请分管领导审核' }, asyncHeaders);
    expect(a1.statusCode, a1.body).toBe(202);
    await eventually(() => getCase(h, c.id), (x) => x.tier === '3');
    const a2 = await decide(h, c.id, chief, { action: 'escalate', reason: 'unsure', note: '请分管领导审核' }, asyncHeaders);
    expect(a2.statusCode, a2.body).toBe(202);
    const a3 = await decide(h, c.id, chief, { action: 'resolve', result: '已办理' }, { ...asyncHeaders, 'idempotency-key': 'async-versioned-2' });
    expect([a3.statusCode, a3.json().code]).toEqual([409, 'STALE_DECISION']);
    expect((await h.db.select().from(asyncDecisions).where(eq(asyncDecisions.caseId, c.id))).map((r) => r.requestId)).toEqual(['async-versioned-1']);
  });

  it('refuses an If-Match that is not an ETag of this API, and changes nothing', async () => {
    const c = await openCase(h, 'housing.fc1');
    const before = await read(c.id);
    const r = await decide(h, c.id, 'housing.fc1', { action: 'resolve', result: '已办理' }, { 'if-match': 'yesterday' });
    expect([r.statusCode, r.json().code]).toEqual([400, 'BAD_IF_MATCH']);
    expect((await read(c.id)).body.timeline).toHaveLength(before.body.timeline.length);
  });

  // Needs the workflow's own check of expectedVersion (the read model may lag the workflow, so the
  // API's early check cannot be the only one).
  it('lets the workflow refuse a stale version the read model has not seen yet', async () => {
    const c = await openCase(h, 'civil.fc1');
    const seen = await read(c.id);
    expect((await decide(h, c.id, 'civil.fc1', { action: 'escalate', reason: 'legacy', note: '档案不全' })).statusCode).toBe(200);
    const before = await read(c.id, '?consistency=strong');
    // The read model lags (its projection has not caught up): put it back to what the officer saw.
    await h.db.update(cases).set({ lastSeq: seen.body.version, view: { ...((await first(h.db.select().from(cases).where(eq(cases.id, c.id))))!.view as object), version: seen.body.version } }).where(eq(cases.id, c.id));
    const stale = await decide(h, c.id, before.body.assignee.principalId, { action: 'resolve', result: '已办理' }, { 'if-match': seen.etag });
    expect([stale.statusCode, stale.json().code], stale.body).toEqual([409, 'STALE_DECISION']);
    const after = await read(c.id, '?consistency=strong');
    expect(after.body.timeline).toHaveLength(before.body.timeline.length);
    expect(after.body.status).toBe('in_progress');
  });

  // Needs the workflow's side: a former holder is told the case moved on (409), not that they never held it.
  it('answers 409 STALE_DECISION to the case\'s former holder', async () => {
    const c = await openCase(h, 'civil.fc2');
    expect((await decide(h, c.id, 'civil.fc2', { action: 'escalate', reason: 'unsure', note: '请科长研判' })).statusCode).toBe(200);
    const before = await read(c.id);
    const late = await decide(h, c.id, 'civil.fc2', { action: 'resolve', result: '已办理' });
    expect([late.statusCode, late.json().code], late.body).toEqual([409, 'STALE_DECISION']);
    expect((await read(c.id)).body.timeline).toHaveLength(before.body.timeline.length);
  });
});

describe('asynchronous decisions (Prefer: respond-async)', () => {
  it('sends a repeated request once: 40 identical decisions add no history events after the first, even across an API restart', async () => {
    const c = await openCase(h, 'market.fc1');
    const body = { action: 'escalate', reason: 'unsure', note: '请科长研判' };
    const headers = { prefer: 'respond-async', 'idempotency-key': 'async-repeat-1' };
    const first = await decide(h, c.id, 'market.fc1', body, headers);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toEqual({ accepted: true, caseId: c.id, requestId: 'async-repeat-1' });
    await eventually(() => getCase(h, c.id), (x) => x.tier === '2');
    // Let the workflow settle (its projection activity) before counting.
    const events = await settledHistoryLength(c.workflowId);
    const timeline = (await getCase(h, c.id)).timeline.length;

    for (let i = 0; i < 39; i++) {
      const r = await decide(h, c.id, 'market.fc1', body, headers);
      expect(r.statusCode).toBe(202);
      expect(r.json()).toEqual(first.json());
    }
    // An API restarted on the same store remembers what it sent.
    const restarted = await buildApp({ ...h.app.deps });
    try {
      const r = await restarted.inject({ method: 'POST', url: `/v1/cases/${c.id}/decisions`, headers: h.as('market.fc1', headers), payload: body });
      expect([r.statusCode, r.json().requestId]).toEqual([202, 'async-repeat-1']);
    } finally {
      await restarted.close();
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(await historyLength(c.workflowId)).toBe(events);
    expect((await getCase(h, c.id)).timeline).toHaveLength(timeline);
    expect((await h.db.select().from(asyncDecisions).where(eq(asyncDecisions.caseId, c.id)))).toHaveLength(1);
  });

  it('refuses an Idempotency-Key reused for another decision, and sends nothing', async () => {
    const c = await openCase(h, 'market.fc2');
    const headers = { prefer: 'respond-async', 'idempotency-key': 'async-reuse-1' };
    expect((await decide(h, c.id, 'market.fc2', { action: 'escalate', reason: 'unsure', note: '请科长研判' }, headers)).statusCode).toBe(202);
    await eventually(() => getCase(h, c.id), (x) => x.tier === '2');
    const events = await settledHistoryLength(c.workflowId);
    const other = await decide(h, c.id, 'market.fc2', { action: 'resolve', result: '已办理' }, headers);
    expect([other.statusCode, other.json().code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await historyLength(c.workflowId)).toBe(events);
  });

  it('caps the async decisions one case takes: past the cap 429 ASYNC_DECISION_LIMIT with Retry-After, and nothing is sent', async () => {
    const capped: FastifyInstance = await buildApp({ ...h.app.deps, asyncDecisionLimit: { perCase: 3, windowMs: 3_600_000 } });
    try {
      const c = await openCase(h, 'planning.fc1');
      const send = (key: string) =>
        capped.inject({
          method: 'POST',
          url: `/v1/cases/${c.id}/decisions`,
          headers: h.as('planning.fc1', { prefer: 'respond-async', 'idempotency-key': key }),
          payload: { action: 'refuse', legalBasis: '《行政许可法》第十二条', explanation: '不予办理' },
        });
      for (const key of ['cap-1', 'cap-2', 'cap-3']) expect((await send(key)).statusCode).toBe(202);
      // Each is recorded as rejected (a refusal at tier 1): wait until all three are in.
      await eventually(() => getCase(h, c.id), (x) => x.timeline.filter((s: { action: string }) => s.action === 'rejected').length === 3);
      const events = await settledHistoryLength(c.workflowId);
      const over = await send('cap-4');
      expect(over.statusCode, over.body).toBe(429);
      expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(over.json()).toMatchObject({ code: 'ASYNC_DECISION_LIMIT', limit: 3 });
      const retryAfter = Number(over.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      // A repeat of a request already taken is still answered (it sends nothing either).
      expect((await send('cap-2')).statusCode).toBe(202);
      await new Promise((r) => setTimeout(r, 500));
      expect(await historyLength(c.workflowId)).toBe(events);
      // Synchronous decisions stay open: they write nothing to history when refused.
      const sync = await decide(h, c.id, 'planning.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' });
      expect(sync.statusCode, sync.body).toBe(200);
    } finally {
      await capped.close();
    }
  });
});

describe('case ids', () => {
  it('draws the id again when the one drawn is already a case of the day, and leaves that case alone', async () => {
    const earlier = await openCase(h, 'housing.fc1', { title: '先受理的案件' });
    const draws = vi.mocked(newId).mock.results.length;
    vi.mocked(newId).mockReturnValueOnce(earlier.id);
    const res = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('housing.fc1'), payload: sampleIntake({ title: '同日第二件' }) });
    expect(res.statusCode, res.body).toBe(201);
    // The intake drew the taken id first, then the one it kept.
    expect(vi.mocked(newId).mock.results.slice(draws).map((r) => r.value)).toEqual([earlier.id, res.json().id]);
    expect(res.json().id).not.toBe(earlier.id);
    expect((await getCase(h, res.json().id)).title).toBe('同日第二件');
    expect((await getCase(h, earlier.id)).title).toBe('先受理的案件');
  });
});

describe('city directions', () => {
  it('answers 422 UNKNOWN_UNIT to a directive for a unit that does not exist, and 422 DUPLICATE_UNIT to two for one unit; neither changes the case', async () => {
    const c = await toCity('agriculture');
    const before = await read(c.id);
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const unknown = await decide(h, c.id, c.leader, { action: 'direct', directives: [{ unitId: 'gas', task: '开通绿色通道', dueAt: due }, { unitId: 'moon-base', task: '配合', dueAt: due }] });
    expect(unknown.statusCode, unknown.body).toBe(422);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_UNIT', unitId: 'moon-base' });

    const twice = await decide(h, c.id, c.leader, { action: 'direct', directives: [{ unitId: 'gas', task: '开通绿色通道', dueAt: due }, { unitId: 'gas', task: '20日内接气', dueAt: due }] });
    expect(twice.statusCode, twice.body).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'DUPLICATE_UNIT', errors: [expect.objectContaining({ path: expect.stringMatching(/^body\.directives/) })] });

    const after = await read(c.id);
    expect(after.body.timeline).toHaveLength(before.body.timeline.length);
    expect(after.body).toMatchObject({ status: 'at_city', version: before.body.version });
    expect(after.body.directives ?? []).toHaveLength(0);
    // A malformed direction is still a 400 with its fields.
    const malformed = await decide(h, c.id, c.leader, { action: 'direct', directives: [{ unitId: 'gas', task: '' }] });
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    // And a good one goes through.
    const ok = await decide(h, c.id, c.leader, { action: 'direct', directives: [{ unitId: 'gas', task: '开通绿色通道', dueAt: due }] });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('Temporal stays inside', () => {
  it('answers a decision on a case whose workflow was terminated with a contract code, never a Temporal type', async () => {
    const c = await openCase(h, 'tongguan.fc1');
    await h.client.workflow.getHandle(c.workflowId).terminate('test: the engine stopped this case');
    const r = await decide(h, c.id, 'tongguan.fc1', { action: 'resolve', result: '已办理' });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json().code).toBe('CASE_HALTED');
    expectNoInternals(r.body);
    const sig = await decide(h, c.id, 'tongguan.fc1', { action: 'resolve', result: '已办理' }, { prefer: 'respond-async', 'idempotency-key': 'halted-1' });
    expect([sig.statusCode, sig.json().code]).toEqual([409, 'CASE_HALTED']);
    expectNoInternals(sig.body);
    // Not sent, so not claimed: the key stays free for a retry once the case is repaired.
    expect((await h.db.select().from(asyncDecisions).where(eq(asyncDecisions.caseId, c.id)))).toHaveLength(0);
  });

  it('answers an update cut off by its workflow closing (AcceptedUpdateCompletedWorkflow) in the contract\'s words', async () => {
    const c = await openCase(h, 'tongguan.fc2');
    const cut = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ message: 'Workflow Update failed because the Workflow completed before the Update completed.', type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true }));
    // Without knowing the workflow: the case has closed.
    const p = toProblem(cut);
    expect([p.status, p.code]).toEqual([422, 'CASE_CLOSED']);
    expect(Object.keys(ERROR_CATALOGUE)).toContain(p.code);
    // Knowing it, its status decides: a running case is asked again, a terminated one is halted.
    await expect(callWorkflow(h.client, () => Promise.reject(cut), 2000, c.workflowId)).rejects.toMatchObject({ status: 503, code: 'ENGINE_ERROR' });
    await h.client.workflow.getHandle(c.workflowId).terminate('test');
    await expect(callWorkflow(h.client, () => Promise.reject(cut), 2000, c.workflowId)).rejects.toMatchObject({ status: 409, code: 'CASE_HALTED' });
    // A rule code of ours passes through with its status.
    const rule = toProblem(new WorkflowUpdateFailedError('x', ApplicationFailure.create({ message: 'no', type: 'REFUSAL_BELOW_TIER_4', nonRetryable: true })));
    expect([rule.status, rule.code]).toEqual([422, 'REFUSAL_BELOW_TIER_4']);
    // The store call gave up for now (nothing changed): 503, trying again later helps.
    const store = toProblem(new WorkflowUpdateFailedError('x', ApplicationFailure.create({ message: 'later', type: 'STORE_UNAVAILABLE', nonRetryable: true })));
    expect([store.status, store.code]).toEqual([503, 'STORE_UNAVAILABLE']);
  });

  it('sends again an update the server aborted with its workflow task, and answers what the retry gives', async () => {
    // What the server answers when the task carrying an Update failed (e.g. UnhandledCommand: the task
    // that closes the case met a part's completion that came in meanwhile). Nothing of it was applied.
    const aborted = () =>
      Object.assign(new Error('Workflow Update failed'), {
        name: 'ServiceError',
        cause: Object.assign(new Error('9 FAILED_PRECONDITION: Unable to perform workflow execution update due to unexpected workflow task failure.'), {
          code: 9,
          details: 'Unable to perform workflow execution update due to unexpected workflow task failure.',
          metadata: {},
        }),
      });
    let calls = 0;
    const v = await callWorkflow(h.client, async () => {
      calls++;
      if (calls < 3) throw aborted();
      return 'withdrawn';
    }, 2000);
    expect([v, calls]).toEqual(['withdrawn', 3]);
    // It gives up after a few attempts, as the engine error it is.
    calls = 0;
    await expect(callWorkflow(h.client, () => { calls++; return Promise.reject(aborted()); }, 2000)).rejects.toMatchObject({ status: 503, code: 'ENGINE_ERROR' });
    expect(calls).toBe(4);
    // Any other failure is not sent again.
    calls = 0;
    await expect(callWorkflow(h.client, () => { calls++; return Promise.reject(new Error('boom')); }, 2000)).rejects.toMatchObject({ code: 'ENGINE_ERROR' });
    expect(calls).toBe(1);
  });
});

describe('the intake recovery sweep', () => {
  const deps = () => ({
    db: h.db,
    client: h.client,
    taskQueue: h.taskQueue,
    trackingCodeFor: (x: string) => trackingCodeFor('test-tracking-secret', x),
    call: <T>(fn: () => Promise<T>, workflowId?: string) => callWorkflow(h.client, fn, 3000, workflowId),
  });
  async function crashedRow(id: string, agoMs: number, workflowId = caseWorkflowId(id)) {
    const createdAt = new Date(Date.now() - agoMs).toISOString();
    await h.db.insert(cases).values({
      id,
      workflowId,
      trackingCodeHash: hashTrackingCode(trackingCodeFor('test-tracking-secret', id)),
      createdBy: 'housing.fc2',
      title: '半写入的受理',
      description: '受理后进程崩溃',
      channel: 'window',
      requesterKind: 'person',
      requesterName: '李女士',
      status: 'in_progress',
      tier: '1',
      leadUnitId: 'housing',
      createdAt,
      updatedAt: createdAt,
    });
    await h.db.insert(caseUnits).values({ caseId: id, unitId: 'housing', role: 'lead' });
  }

  it('goes on past a row that fails, and gives the row up after its deadline for a supervisor to see', async () => {
    // The older row cannot start (Temporal refuses its workflow id); the younger one can.
    await crashedRow('20261130-BROKEN', 300_000, `case-${'x'.repeat(1200)}`);
    await crashedRow('20261130-FINE01', 120_000);
    const firstSweep = await sweepUnstartedCases(deps(), { maxAttempts: 5 });
    expect(firstSweep.resumed).toEqual(['20261130-FINE01']);
    expect(firstSweep.failed).toMatchObject([{ caseId: '20261130-BROKEN', attempts: 1, gaveUp: false }]);
    expect((await getCase(h, '20261130-FINE01')).assignee).toMatchObject({ principalId: 'housing.fc2' });

    // Still retrying: listed under `retrying`, not yet given up.
    const retrying = await h.app.inject({ method: 'GET', url: '/v1/intake/failed?status=retrying', headers: h.as('sup-1') });
    expect(retrying.json().items.map((x: { caseId: string }) => x.caseId)).toEqual(['20261130-BROKEN']);

    // Past 30 minutes from its first failure the row is given up.
    const later = new Date(Date.now() + 31 * 60_000);
    const second = await sweepUnstartedCases(deps(), { maxAttempts: 5, now: later });
    expect(second.failed).toMatchObject([{ caseId: '20261130-BROKEN', attempts: 2, gaveUp: true }]);
    expect((await first(h.db.select().from(caseStartAttempts).where(eq(caseStartAttempts.caseId, '20261130-BROKEN'))))!.status).toBe('start_failed');
    // ...and no longer retried by itself.
    expect(await sweepUnstartedCases(deps(), { now: later })).toMatchObject({ resumed: [], failed: [] });

    const officer = await h.app.inject({ method: 'GET', url: '/v1/intake/failed', headers: h.as('housing.head') });
    expect(officer.statusCode).toBe(403);
    const list = await h.app.inject({ method: 'GET', url: '/v1/intake/failed', headers: h.as('sup-1') });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toMatchObject([{ caseId: '20261130-BROKEN', status: 'start_failed', attempts: 2, leadUnitId: 'housing', errorCode: expect.stringMatching(/^[A-Z_]+$/) }]);
    expectNoInternals(list.body);

    // A supervisor hands it back to the sweep, which tries it again.
    const retry = await h.app.inject({ method: 'POST', url: '/v1/intake/failed/20261130-BROKEN/retry', headers: h.as('sup-1') });
    expect(retry.statusCode).toBe(202);
    expect((await sweepUnstartedCases(deps(), { maxAttempts: 1 })).failed).toMatchObject([{ caseId: '20261130-BROKEN', attempts: 1, gaveUp: true }]);
  });

  /** Takes a row that never opened out of the store, so the sweeps of later tests do not meet it. */
  async function forget(ids: string[]) {
    for (const id of ids) {
      const row = await first(h.db.select().from(cases).where(eq(cases.id, id)));
      if (!row || row.lastSeq > 0) continue;
      await h.db.delete(caseStartAttempts).where(eq(caseStartAttempts.caseId, id));
      await h.db.delete(caseUnits).where(eq(caseUnits.caseId, id));
      await h.db.delete(cases).where(eq(cases.id, id));
    }
  }

  it('opens a backlog longer than one page in one sweep, each row tried once', async () => {
    // After an outage the cases answered 202 pile up; one sweep reads page after page (100 rows each).
    const ids = Array.from({ length: 130 }, (_, i) => `20261130-PG${String(i).padStart(4, '0')}`);
    try {
      for (const [i, id] of ids.entries()) await crashedRow(id, 600_000 - i * 1000);
      // One row that cannot start (Temporal refuses its workflow id) is tried once, not once per page.
      await crashedRow('20261130-PGBAD1', 700_000, `case-${'y'.repeat(1200)}`);
      const r = await sweepUnstartedCases(deps(), { pagingMs: 600_000 });
      expect(r.deferred).toBe(false);
      expect(r.resumed).toEqual(ids);
      expect(r.failed.map((f) => [f.caseId, f.attempts])).toEqual([['20261130-PGBAD1', 1]]);
      expect((await getCase(h, ids[129])).assignee).toMatchObject({ principalId: 'housing.fc2' });
    } finally {
      await forget([...ids, '20261130-PGBAD1']);
    }
  }, 120_000);

  it('reads no page past the first once its paging time is over; the rest wait for the next sweep', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `20261130-PT${String(i).padStart(4, '0')}`);
    try {
      for (const [i, id] of ids.entries()) await crashedRow(id, 600_000 - i * 1000);
      expect((await sweepUnstartedCases(deps(), { pagingMs: 0 })).resumed).toEqual(ids.slice(0, 100));
      expect((await sweepUnstartedCases(deps(), { pagingMs: 0 })).resumed).toEqual(ids.slice(100));
    } finally {
      await forget(ids);
    }
  }, 120_000);

  it('counts no wait that ran out: after a long outage, the row\'s first failure of its own does not give it up', async () => {
    const id = '20261130-OUTAGE';
    const failing = (code: string) => ({ ...deps(), call: async (): Promise<never> => { throw new AppError(code, `stand-in: ${code}`); } });
    const t0 = Date.now();
    try {
      await crashedRow(id, 120_000);
      // Forty minutes of an engine that does not answer in time: listed as retrying, no attempt counted.
      for (const minutes of [0, 20, 40]) {
        const r = await sweepUnstartedCases(failing('WORKER_UNAVAILABLE'), { now: new Date(t0 + minutes * 60_000) });
        expect(r.failed).toMatchObject([{ caseId: id, code: 'WORKER_UNAVAILABLE', attempts: 0, gaveUp: false }]);
      }
      // Then one error of the row's own: its first attempt, not the end of a clock that began with the outage.
      const own = await sweepUnstartedCases(failing('ENGINE_ERROR'), { now: new Date(t0 + 41 * 60_000) });
      expect(own.failed).toMatchObject([{ caseId: id, code: 'ENGINE_ERROR', attempts: 1, gaveUp: false }]);
      const listed = await h.app.inject({ method: 'GET', url: '/v1/intake/failed?status=retrying', headers: h.as('sup-1') });
      expect(listed.json().items).toMatchObject([{ caseId: id, status: 'retrying', attempts: 1, errorCode: 'ENGINE_ERROR' }]);
      // The engine back, the next sweep opens it.
      expect((await sweepUnstartedCases(deps(), { now: new Date(t0 + 42 * 60_000) })).resumed).toEqual([id]);
    } finally {
      await forget([id]);
    }
  });

  it('waits out a missing worker without giving rows up or holding every row to its own deadline', async () => {
    for (const [id, ago] of [['20261130-NOWRK1', 240_000], ['20261130-NOWRK2', 230_000], ['20261130-NOWRK3', 220_000]] as const) await crashedRow(id, ago);
    await h.stopWorker();
    let r;
    try {
      // Even a sweep told to give a row up at its first failure gives none up for a wait that ran out:
      // its intake was answered 202, and nothing else would start it.
      r = await sweepUnstartedCases({ ...deps(), call: <T>(fn: () => Promise<T>, workflowId?: string) => callWorkflow(h.client, fn, 1500, workflowId) }, { maxAttempts: 1 });
    } finally {
      await h.startWorker();
    }
    // Two rows without an answer end the sweep: the third is left for the next one, and no row is given up.
    expect(r.deferred).toBe(true);
    expect(r.failed.map((f) => [f.caseId, f.code, f.gaveUp])).toEqual([
      ['20261130-NOWRK1', 'WORKER_UNAVAILABLE', false],
      ['20261130-NOWRK2', 'WORKER_UNAVAILABLE', false],
    ]);
    // With the worker back, the next sweep starts them all, the untried row first.
    const next = await sweepUnstartedCases(deps());
    expect(next).toMatchObject({ resumed: ['20261130-NOWRK3', '20261130-NOWRK1', '20261130-NOWRK2'], failed: [], deferred: false });
    expect((await h.db.select().from(caseStartAttempts)).map((a) => a.caseId)).not.toContain('20261130-NOWRK1');
  });
});
