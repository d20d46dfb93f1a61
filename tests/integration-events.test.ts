// Integrators' events in the store, without a workflow: which steps make which events and what they
// carry; numbers given at release only, so a superseded job leaves no gap; the feed in the order of
// release; complaint events once; steps the store had lost come back under the ids they had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { openTestStore } from '../scripts/pg/test-store.js';
import { loadDemoDirectory } from '../db/demo.js';
import { cases, integrationEvents } from '../db/schema.js';
import { integrationEventStore, eventScopeOf, releasedEvents } from '../db/integration-events.js';
import { createStoreCopy } from '../activities/store-copy.js';
import { EVENT_TYPES, STEP_EVENTS, eventsOfSteps } from '../domain/integration-events.js';
import { STEP_ACTIONS } from '../domain/steps.js';
import type { CaseView, TimelineStep } from '../domain/case.js';
import { first } from '../db/store.js';

let dir: string;
let db: Db;
const at = '2026-12-01T02:00:00.000Z';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'events-'));
  db = await openTestStore(join(dir, 'cases.sqlite'));
  await loadDemoDirectory(db, {});
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function caseRow(id: string, over: Partial<typeof cases.$inferInsert> = {}) {
  await db.insert(cases)
    .values({
      id,
      workflowId: `case-${id}`,
      trackingCodeHash: 'x',
      externalId: `T-${id}`,
      createdBy: 'int-12345',
      title: '测试',
      description: '测试',
      category: 'utilities',
      channel: 'hotline',
      requesterKind: 'person',
      requesterName: '张三',
      status: 'in_progress',
      tier: '1',
      leadUnitId: 'gas',
      createdAt: at,
      updatedAt: at,
      ...over,
    });
}

const step = (seq: number, action: string, over: Partial<TimelineStep> = {}): TimelineStep => ({ seq, at: new Date(Date.parse(at) + seq * 1000).toISOString(), tier: '1', actor: 'gas.fc1', action, ...over });
const events = async (caseId: string) =>
  (await db.select().from(integrationEvents).where(eq(integrationEvents.caseId, caseId)).orderBy(integrationEvents.id)).map((e) => ({ type: e.type, status: e.status, seq: e.seq, eventId: e.eventId }));

describe('which steps become which events', () => {
  it('maps every named type to a step action that exists, and every type has a name', () => {
    for (const [action, type] of Object.entries(STEP_EVENTS)) {
      expect(STEP_ACTIONS, action).toContain(action);
      expect(EVENT_TYPES).toContain(type);
    }
    const fromSteps = new Set<string>(Object.values(STEP_EVENTS));
    expect(EVENT_TYPES.filter((t) => t.startsWith('case.') && !fromSteps.has(t))).toEqual([]);
  });

  it('leaves out internal steps, and carries the tier, never a person, a phone or a note', () => {
    const timeline = [
      step(1, 'received', { actor: 'int-12345', data: { channel: 'hotline', category: 'utilities' } }),
      step(2, 'assigned', { subjectId: 'gas.fc1', deadlineAt: '2026-12-02T02:00:00.000Z', data: { to: '1', assignee: '廉洁' } }),
      step(3, 'reminded', { subjectId: 'gas.fc1' }),
      step(4, 'escalated', { tier: '2', note: '请科长研判，申请人张三电话13905620000', subjectId: 'gas.chief1', deadlineAt: '2026-12-03T02:00:00.000Z', data: { from: '1', to: '2', assignee: '薛涛', reason: 'unsure' } }),
      step(5, 'rejected', { tier: '2', note: 'REFUSAL_BELOW_TIER_4' }),
      step(6, 'materials_requested', { tier: '2', note: '内部备注', deadlineAt: '2026-12-08T02:00:00.000Z', data: { items: ['营业执照', '用气申请表'] } }),
      step(7, 'materials_supplied', { tier: '2', actor: 'requester', data: { items: ['营业执照（张三，身份证…）'], channel: 'integrator' } }),
      step(8, 'resolved', { tier: '2', actor: 'gas.chief1', data: { result: '已通气', precedentIds: ['P-1'] } }),
      step(9, 'rated', { tier: '2', actor: 'requester', note: '张三很满意', data: { rating: 'satisfied' } }),
    ];
    const out = eventsOfSteps(timeline);
    expect(out.map((e) => [e.type, e.stepSeq])).toEqual([
      ['case.accepted', 1],
      ['case.escalated', 4],
      ['case.materials_requested', 6],
      ['case.materials_supplied', 7],
      ['case.resolved', 8],
      ['case.rated', 9],
    ]);
    expect(out[0].data).toEqual({ tier: '1', channel: 'hotline', deadlineAt: '2026-12-02T02:00:00.000Z' });
    expect(out[1].data).toEqual({ tier: '2', fromTier: '1', reason: 'unsure', deadlineAt: '2026-12-03T02:00:00.000Z' });
    expect(out[2].data).toEqual({ tier: '2', items: ['营业执照', '用气申请表'], dueAt: '2026-12-08T02:00:00.000Z' });
    expect(out[5].data).toEqual({ tier: '2', rating: 'satisfied' });
    const text = JSON.stringify(out);
    for (const never of ['gas.fc1', 'gas.chief1', '廉洁', '薛涛', '张三', '13905620000', '内部备注', 'P-1']) expect(text).not.toContain(never);
  });
});

describe('numbers given when the workflow confirms the job', () => {
  it('never counts a superseded job: the case\'s events stay 1, 2, 3 without a gap', async () => {
    await caseRow('C1');
    const events1 = integrationEventStore(db);
    const copy = createStoreCopy(db, () => new Date(at));
    const wf = 'case-C1';
    await db.tx(() => events1.writeJob({ caseId: 'C1', workflowId: wf, jobNo: 1, steps: [step(1, 'received'), step(2, 'assigned')], at }));
    expect((await events('C1'))).toEqual([{ type: 'case.accepted', status: 'unconfirmed', seq: null, eventId: null }]);
    expect(await events1.releaseJobs(wf, 1, at)).toBe(1);
    // Job 2 is written by a task attempt that dies; the retried task goes another way.
    await events1.writeJob({ caseId: 'C1', workflowId: wf, jobNo: 2, steps: [step(3, 'escalated', { tier: '2' })], at });
    await copy.supersede({ workflowId: wf, caseId: 'C1', eventCase: 'C1', afterSeq: 2, fromJobNo: 2, reason: 'retried', runId: 'r1', caseSteps: true });
    await events1.writeJob({ caseId: 'C1', workflowId: wf, jobNo: 2, steps: [step(3, 'resolved', { data: { result: '已办结' } })], at });
    await events1.writeJob({ caseId: 'C1', workflowId: wf, jobNo: 3, steps: [step(4, 'rated', { data: { rating: 'satisfied' } })], at });
    // Confirming up to job 3 releases jobs 2 and 3 in order; the superseded one stays unnumbered.
    expect(await events1.releaseJobs(wf, 3, at)).toBe(2);
    expect((await events('C1'))).toEqual([
      { type: 'case.accepted', status: 'released', seq: 1, eventId: 'C1.1' },
      { type: 'case.escalated', status: 'superseded', seq: null, eventId: null },
      { type: 'case.resolved', status: 'released', seq: 2, eventId: 'C1.2' },
      { type: 'case.rated', status: 'released', seq: 3, eventId: 'C1.3' },
    ]);
    // Confirming again releases nothing twice.
    expect(await events1.releaseJobs(wf, 3, at)).toBe(0);
  });

  it('places events in the feed in the order they are released, not written', async () => {
    await caseRow('C2');
    await caseRow('C3', { createdBy: 'housing.fc1', externalId: null, leadUnitId: 'housing', category: 'fire_safety' });
    const s = integrationEventStore(db);
    await s.writeJob({ caseId: 'C2', workflowId: 'case-C2', jobNo: 1, steps: [step(1, 'received')], at });
    await s.writeJob({ caseId: 'C3', workflowId: 'case-C3', jobNo: 1, steps: [step(1, 'received')], at });
    await s.releaseJobs('case-C3', 1, at);
    await s.releaseJobs('case-C2', 1, at);
    const all = await releasedEvents(db, { after: 0, types: EVENT_TYPES, scope: await eventScopeOf(db, { id: 'admin', role: 'admin' }), limit: 100 });
    expect(all.map((e) => e.eventId).slice(-2)).toEqual(['C3.1', 'C2.1']);
    expect(all.map((e) => e.feedPos)).toEqual([...all.map((e) => e.feedPos)].sort((a, b) => a - b));
    // The hotline's scope: its own cases only (C3 was opened by an officer).
    const mine = await releasedEvents(db, { after: 0, types: EVENT_TYPES, scope: await eventScopeOf(db, { id: 'int-12345', role: 'integrator' }), limit: 100 });
    expect(mine.map((e) => e.subject)).not.toContain('C3');
    expect(mine.find((e) => e.eventId === 'C2.1')).toMatchObject({ externalId: 'T-C2', data: { caseId: 'C2', category: 'utilities', tier: '1' } });
  });

  it('writes a complaint\'s event once, in its case\'s stream', async () => {
    const s = integrationEventStore(db);
    const c = { id: 'C-20261201-AAAAAA', unitId: 'gas', caseId: 'C2', status: 'open', filedBy: null, at };
    expect(await s.writeComplaint(c, 'complaint.filed', at)).toBe(true);
    expect(await s.writeComplaint(c, 'complaint.filed', at)).toBe(false);
    expect((await events('C2')).map((e) => [e.type, e.seq, e.eventId])).toEqual([
      ['case.accepted', 1, 'C2.1'],
      ['complaint.filed', 2, 'C2.2'],
    ]);
    // About no case, a complaint is its own stream.
    expect(await s.writeComplaint({ ...c, id: 'C-20261201-BBBBBB', caseId: null, filedBy: 'int-12345' }, 'complaint.filed', at)).toBe(true);
    const own = (await first(db.select().from(integrationEvents).where(eq(integrationEvents.complaintId, 'C-20261201-BBBBBB'))))!;
    expect([own.subject, own.seq, own.eventId, own.filedBy]).toEqual(['C-20261201-BBBBBB', 1, 'C-20261201-BBBBBB.1', 'int-12345']);
  });

  it('gives steps a restored store had lost their events back under the same ids', async () => {
    await caseRow('C4');
    const s = integrationEventStore(db);
    const timeline = [step(1, 'received'), step(2, 'assigned'), step(3, 'escalated', { tier: '2', data: { from: '1' } }), step(4, 'resolved', { tier: '2', data: { result: '已办结' } })];
    const copy = createStoreCopy(db, () => new Date(at));
    // The store as it was before the jobs it lost: the first job only.
    await copy.writeSteps('C4', 'C4', timeline.slice(0, 2), true);
    await s.writeJob({ caseId: 'C4', workflowId: 'case-C4', jobNo: 1, steps: timeline.slice(0, 2), at });
    await s.releaseJobs('case-C4', 1, at);
    const view = { id: 'C4', workflowId: 'case-C4', title: '测试', status: 'resolved', tier: '2', phase: 'feedback', leadUnitId: 'gas', involvedUnitIds: [], keyProject: false, assignee: null, holders: [], deadlineAt: null, deadlineProvisional: false, reminderAt: null, overdue: false, reopened: 0, reviewRequested: false, timeline } as unknown as CaseView;
    await db.tx(async () => (await copy.resyncCase(view, { runId: 'r1', jobNo: 3, reason: 'resync', supersede: false })));
    expect((await events('C4'))).toEqual([
      { type: 'case.accepted', status: 'released', seq: 1, eventId: 'C4.1' },
      { type: 'case.escalated', status: 'released', seq: 2, eventId: 'C4.2' },
      { type: 'case.resolved', status: 'released', seq: 3, eventId: 'C4.3' },
    ]);
  });
});
