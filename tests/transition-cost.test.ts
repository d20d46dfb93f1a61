// What a transition costs Temporal: one workflow task and at most one local activity (the directory,
// the calendar and the projection in one call), never a regular activity. Checked on the history of
// cases and parts, and on what that one call wrote: the new holder, the deadline, the steps, the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { actions, asRequester, decide, eventually, getCase, openCase } from './support/cases.js';
import { caseParts, caseSteps, cases, outbox } from '../db/schema.js';
import { CaseUpdateResultSchema } from '../domain/messages.js';
import { decideUpdate } from '../workflows/definitions.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Event = { eventType?: unknown };
const events = async (workflowId: string): Promise<string[]> =>
  ((await h.client.workflow.getHandle(workflowId).fetchHistory()).events as Event[]).map((e) => String(e.eventType));

/** The history once the workflow has settled (no new event for a while). */
async function settled(workflowId: string): Promise<string[]> {
  let last = await events(workflowId);
  await eventually(async () => {
    await new Promise((r) => setTimeout(r, 300));
    const now = await events(workflowId);
    const same = now.length === last.length;
    last = now;
    return same;
  }, (x) => x, 15_000);
  return last;
}

// The history's event types are numbers of the EventType enum in the proto JSON the client returns.
const count = (evs: string[], type: string) => evs.filter((e) => e === type || e === TYPES[type]).length;
const TYPES: Record<string, string> = {
  EVENT_TYPE_WORKFLOW_TASK_COMPLETED: '7',
  EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: '10',
  EVENT_TYPE_MARKER_RECORDED: '25',
};

/** The events a step of the case added to its history. */
async function costOf(workflowId: string, act: () => Promise<void>) {
  const before = await settled(workflowId);
  await act();
  const after = await settled(workflowId);
  const added = after.slice(before.length);
  return {
    workflowTasks: count(added, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED'),
    activities: count(added, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED'),
    markers: count(added, 'EVENT_TYPE_MARKER_RECORDED'),
    events: added.length,
  };
}

const part = async (caseId: string, unitId: string) => (await first(h.db.select().from(caseParts).where(and(eq(caseParts.caseId, caseId), eq(caseParts.unitId, unitId)))));

describe('one workflow task and at most one local activity per transition', () => {
  it('escalates with one call that finds the next holder, opens their window and writes the step', async () => {
    const c = await openCase(h, 'housing.fc1');
    let answer: Record<string, unknown> = {};
    const cost = await costOf(c.workflowId, async () => {
      const r = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' });
      expect(r.statusCode, r.body).toBe(200);
      answer = r.json();
    });
    expect(cost).toMatchObject({ workflowTasks: 1, activities: 0, markers: 1 });
    // The bare five (task scheduled, started, completed; update accepted, completed) and the one marker.
    // No search attributes: an escalation changes none of them (the tier and the holder are in the
    // current details). The chief's window ends after the first-contact owner's, so the running
    // wake-up timer is kept (tests/wake-timer.test.ts).
    expect(cost.events).toBeLessThanOrEqual(6);
    // What the one call wrote: the chief holds the case with a deadline, the step is in the audit copy,
    // and the chief is told.
    const row = (await first(h.db.select().from(cases).where(eq(cases.id, c.id))))!;
    expect(row.tier).toBe('2');
    expect(row.assigneeId).toBe((answer.assignee as { principalId: string }).principalId);
    expect(row.deadlineAt).toBeTruthy();
    const steps = (await h.db.select().from(caseSteps).where(eq(caseSteps.caseId, c.id))).map((s) => s.action);
    expect(steps).toContain('escalated');
    const told = (await h.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.recipientId, row.assigneeId!))));
    expect(told.map((n) => n.template)).toContain('case_assigned');
  });

  it('has no regular activity in a whole lifecycle: opened, escalated, resolved, rated', async () => {
    const c = await openCase(h, 'housing.fc1');
    expect((await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' })).statusCode).toBe(200);
    const chief = (await getCase(h, c.id)).assignee.principalId as string;
    expect((await decide(h, c.id, chief, { action: 'resolve', result: '已协调燃气公司接通' })).statusCode).toBe(200);
    const rate = await asRequester(h, c, 'rating', { rating: 'satisfied' });
    expect(rate.statusCode, rate.body).toBe(200);
    const evs = await settled(c.workflowId);
    expect(count(evs, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe(0);
    // Release 1.0 carries no patch: not one patch marker in a whole history.
    const markers = ((await h.client.workflow.getHandle(c.workflowId).fetchHistory()).events ?? []).map((e) => e.markerRecordedEventAttributes?.markerName).filter(Boolean);
    expect(markers.filter((m) => m === 'core_patch')).toHaveLength(0);
    const done = await getCase(h, c.id);
    expect(done.status).toBe('resolved');
    expect(actions(done)).toEqual(expect.arrayContaining(['received', 'assigned', 'escalated', 'resolved', 'rated']));
    // Search attributes are written when one changes, not with every job: the start set them, and of the
    // four jobs only the resolution changed one (CaseStatus), so the whole life upserted once; Temporal
    // UI lists the case as resolved.
    const upserts = ((await h.client.workflow.getHandle(c.workflowId).fetchHistory()).events ?? []).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes);
    expect(upserts).toHaveLength(1);
    const listed = await eventually(async () => {
      const found: string[] = [];
      for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${c.workflowId}' AND CaseStatus = 'resolved'` })) found.push(wf.workflowId);
      return found;
    }, (f) => f.length === 1);
    expect(listed).toEqual([c.workflowId]);
  });

  it('withdraws during coordination in one call: the case and every part end withdrawn in the store', async () => {
    const c = await openCase(h, 'market.fc1');
    const r = await decide(h, c.id, 'market.fc1', { action: 'coordinate', unitIds: ['finance', 'planning'], question: '请各单位提出办理意见' });
    expect(r.statusCode, r.body).toBe(200);
    await eventually(() => Promise.all(['finance', 'planning'].map(async (u) => (await part(c.id, u)))), (rows) => rows.every((p) => p?.status === 'open'));
    const cost = await costOf(c.workflowId, async () => {
      const w = await asRequester(h, c, 'withdraw', {});
      expect(w.statusCode, w.body).toBe(200);
      expect(w.json().status).toBe('withdrawn');
    });
    expect(cost.activities).toBe(0);
    expect(cost.markers).toBeLessThanOrEqual(1);
    const row = (await first(h.db.select().from(cases).where(eq(cases.id, c.id))))!;
    expect(row.status).toBe('withdrawn');
    expect((await h.db.select().from(caseSteps).where(eq(caseSteps.caseId, c.id))).map((s) => s.action)).toContain('withdrawn');
    for (const unit of ['finance', 'planning']) {
      const p = await eventually(async () => (await part(c.id, unit)), (x) => x?.status === 'withdrawn');
      const d = await eventually(() => h.client.workflow.getHandle(p!.workflowId).describe(), (x) => x.status.name !== 'RUNNING');
      expect(d.status.name).toBe('COMPLETED');
      // A part's transitions cost one local activity too: no regular activity in its history.
      expect(count(await events(p!.workflowId), 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe(0);
    }
    const final = await h.client.workflow.getHandle(c.workflowId).describe();
    expect(final.status.name).toBe('COMPLETED');
  });
});

describe('updates answer compactly; the API still answers the whole case', () => {
  it('answers an update with the summary and the new steps only, and the REST answer with the whole timeline', async () => {
    const c = await openCase(h, 'housing.fc1');
    const first = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' });
    expect(first.statusCode, first.body).toBe(200);
    const chief = first.json().assignee.principalId as string;
    // Straight to the workflow: the answer carries no timeline, only what this update added.
    const r = await h.client.workflow.getHandle(c.workflowId).executeUpdate(decideUpdate, { args: [{ actorId: chief, decision: { action: 'escalate', reason: 'unsure', note: '请分管领导研判' } }] });
    const parsed = CaseUpdateResultSchema.safeParse(r);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(r.summary.timeline).toEqual([]);
    expect(r.summary.tier).toBe('3');
    expect(r.steps.map((s) => s.action)).toEqual(['escalated']);
    expect(r.steps[0].seq).toBe(r.summary.version);
    // The REST answer is the whole case, as GET gives it.
    const deputy = r.summary.assignee!.principalId;
    const rest = await decide(h, c.id, deputy, { action: 'resolve', result: '已协调解决' });
    expect(rest.statusCode, rest.body).toBe(200);
    const got = await getCase(h, c.id);
    expect(rest.json().timeline).toEqual(got.timeline);
    expect(actions(rest.json())).toEqual(['received', 'assigned', 'escalated', 'escalated', 'resolved']);
    expect(rest.headers.etag).toBe(`"v${got.version}"`);
  });
});
