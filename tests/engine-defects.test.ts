// The paths nobody walked, against a real Temporal server: a vacancy in the directory, a part that is
// terminated, two messages at once on a part, a second coordination round. Each failed on the engine
// before it became a pure state machine; none may end a workflow FAILED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { actions, asRequester, decide, eventually, getCase, openCase } from './support/cases.js';
import { caseParts, principals } from '../db/schema.js';
import { directoryChangedSignal } from '../workflows/definitions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const setActive = async (id: string, active: boolean, standInId: string | null = null) => (await h.db.update(principals).set({ active, standInId }).where(eq(principals.id, id)));
const running = async (workflowId: string) => (await h.client.workflow.getHandle(workflowId).describe()).status.name;
const opinion = (caseId: string, unitId: string, officer: string, body: Record<string, unknown>) =>
  h.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/parts/${unitId}/opinion`, headers: h.as(officer), payload: body });
const escalatePart = (caseId: string, unitId: string, officer: string) =>
  h.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/parts/${unitId}/decisions`, headers: h.as(officer), payload: { action: 'escalate', reason: 'beyond_remit', note: 'n' } });
const partRows = async (caseId: string, unitId: string) => (await h.db.select().from(caseParts).where(and(eq(caseParts.caseId, caseId), eq(caseParts.unitId, unitId))));

describe('a vacancy in the directory (缺位递补)', () => {
  it('escalating into a tier whose only holder was deactivated goes up a tier, records the vacancy, and the case goes on', async () => {
    await setActive('market.deputy', false);
    try {
      const c = await openCase(h, 'market.fc1');
      expect((await decide(h, c.id, 'market.fc1', { action: 'escalate', reason: 'unsure', note: 'n' })).statusCode).toBe(200);
      const r = await decide(h, c.id, 'market.chief1', { action: 'escalate', reason: 'unsure', note: 'n' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ tier: '4', assignee: { principalId: 'market.head' } });
      expect(actions(r.json()).slice(-2)).toEqual(['vacancy', 'escalated']);
      expect(await running(c.workflowId)).toBe('RUNNING');
      // The read model follows (it froze at tier 2 before).
      await eventually(() => getCase(h, c.id, 'admin'), (x) => x.tier === '4');
    } finally {
      await setActive('market.deputy', true);
    }
  });

  it('a stand-in takes the post of an inactive officer, and deactivating a holder hands the open case over', async () => {
    const c = await openCase(h, 'finance.fc1');
    await decide(h, c.id, 'finance.fc1', { action: 'escalate', reason: 'unsure', note: 'n' });
    const holder = (await getCase(h, c.id, 'admin')).assignee.principalId as string;
    await setActive(holder, false, 'finance.chief2');
    try {
      await h.client.workflow.getHandle(c.workflowId).signal(directoryChangedSignal, { principalIds: [holder] });
      const moved = await eventually(() => getCase(h, c.id, 'admin'), (x) => x.assignee?.principalId === 'finance.chief2');
      expect(actions(moved)).toContain('handed_over');
      // A deactivated officer cannot act at all any more.
      expect((await decide(h, c.id, holder, { action: 'resolve', result: 'r' })).statusCode).toBe(401);
      expect((await decide(h, c.id, 'finance.chief2', { action: 'resolve', result: '已办结' })).json().status).toBe('resolved');
    } finally {
      await setActive(holder, true);
    }
  });
});

describe('a holder who leaves while the case waits (工作交接)', () => {
  it("hands over the wait: the stand-in holds the case still awaiting the requester's materials, which then reach them", async () => {
    const c = await openCase(h, 'finance.fc1');
    const asked = await decide(h, c.id, 'finance.fc1', { action: 'request_materials', items: ['营业执照副本'] });
    expect(asked.json()).toMatchObject({ status: 'awaiting_materials' });
    const deadlineAt = asked.json().deadlineAt;
    await setActive('finance.fc1', false, 'finance.fc2');
    try {
      await h.client.workflow.getHandle(c.workflowId).signal(directoryChangedSignal, { principalIds: ['finance.fc1'] });
      const moved = await eventually(() => getCase(h, c.id, 'admin'), (x) => x.assignee?.principalId === 'finance.fc2');
      expect(actions(moved)).toContain('handed_over');
      expect(moved).toMatchObject({ status: 'awaiting_materials', deadlineAt });
      const supplied = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/materials?trackingCode=${c.trackingCode}`, payload: { items: ['营业执照副本'] } });
      expect(supplied.statusCode, supplied.body).toBe(200);
      expect(supplied.json()).toMatchObject({ status: 'in_progress' });
      // The requester's answer never says who; the officers' view shows the stand-in holds it.
      expect(await getCase(h, c.id)).toMatchObject({ status: 'in_progress', assignee: { principalId: 'finance.fc2' } });
      expect(await running(c.workflowId)).toBe('RUNNING');
    } finally {
      await setActive('finance.fc1', true);
    }
  });
});

describe('stale decisions', () => {
  it("a former holder's late decision is stale (409), a stranger's is not theirs to make (403), and neither changes the case", async () => {
    const c = await openCase(h, 'market.fc1');
    await decide(h, c.id, 'market.fc1', { action: 'escalate', reason: 'unsure', note: 'n' });
    const before = (await getCase(h, c.id, 'admin')).timeline.length;
    const late = await decide(h, c.id, 'market.fc1', { action: 'resolve', result: 'r' });
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().code).toBe('STALE_DECISION');
    const stranger = await decide(h, c.id, 'market.fc2', { action: 'resolve', result: 'r' });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().code).toBe('NOT_ASSIGNEE');
    expect((await getCase(h, c.id, 'admin')).timeline.length).toBe(before);
  });
});

describe('children that fail or collide', () => {
  it('a terminated part counts as lapsed at the top of its unit: the case goes on to the city', async () => {
    const c = await openCase(h, 'housing.fc1');
    expect((await decide(h, c.id, 'housing.fc1', { action: 'coordinate', unitIds: ['gas'], question: 'q' })).statusCode).toBe(200);
    const part = await eventually(async () => (await partRows(c.id, 'gas'))[0], (p) => p?.status === 'open');
    await h.client.workflow.getHandle(part.workflowId).terminate('operator error');
    const v = await eventually(() => getCase(h, c.id, 'admin'), (x) => x.tier === 'city');
    expect(actions(v)).toEqual(expect.arrayContaining(['part_failed', 'consultation_requested', 'consulted_city']));
    expect(await running(c.workflowId)).toBe('RUNNING');
  });

  it('two messages at once on a part: one is applied, the other answered at once, none lost', async () => {
    const c = await openCase(h, 'civil.fc1');
    await decide(h, c.id, 'civil.fc1', { action: 'coordinate', unitIds: ['yian'], question: 'q' });
    await eventually(async () => (await partRows(c.id, 'yian'))[0], (p) => p?.status === 'open');
    const t0 = Date.now();
    const [a, b] = await Promise.all([opinion(c.id, 'yian', 'yian.fc1', { stance: 'can_do', plan: 'p' }), escalatePart(c.id, 'yian', 'yian.fc1')]);
    expect(Date.now() - t0).toBeLessThan(8000);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes[0]).toBe(200);
    expect(codes[1]).not.toBe(503);
    expect(codes[1]).not.toBe(200);
  });

  it('a second coordination round asks a unit again under its own part, and both are kept', async () => {
    const c = await openCase(h, 'agriculture.fc1');
    await decide(h, c.id, 'agriculture.fc1', { action: 'coordinate', unitIds: ['gas'], question: 'q1' });
    await eventually(async () => (await partRows(c.id, 'gas'))[0], (p) => p?.status === 'open');
    expect((await opinion(c.id, 'gas', 'gas.fc1', { stance: 'can_do', plan: 'p1' })).statusCode).toBe(200);
    await eventually(() => getCase(h, c.id, 'admin'), (x) => x.coordination?.back === true);
    await decide(h, c.id, 'agriculture.fc1', { action: 'resolve', result: 'r1' });
    const rate = await asRequester(h, c, 'rating', { rating: 'unsatisfied' });
    expect(rate.statusCode, rate.body).toBe(200);
    const reopened = await getCase(h, c.id, 'admin');
    const r = await decide(h, c.id, reopened.assignee.principalId, { action: 'coordinate', unitIds: ['gas'], question: 'q2' });
    expect(r.statusCode, r.body).toBe(200);
    const rows = await eventually(async () => (await partRows(c.id, 'gas')), (x) => x.length === 2 && x.some((p) => p.status === 'open'));
    expect(new Set(rows.map((p) => p.workflowId)).size).toBe(2);
    expect((await opinion(c.id, 'gas', 'gas.fc1', { stance: 'can_do', plan: 'p2' })).statusCode).toBe(200);
    await eventually(() => getCase(h, c.id, 'admin'), (x) => x.coordination?.back === true);
  });
});
