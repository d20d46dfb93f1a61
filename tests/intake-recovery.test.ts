// Nothing taken in is lost: an intake retried after a failure is one case, and a case whose row was
// written but whose workflow never started (a crash between the two) is started by the sweep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { getCase, until } from './support/cases.js';
import { caseUnits, cases, complaints, outbox, workflowStarts } from '../db/schema.js';
import { hashTrackingCode, insertComplaintRow, resumeUnstartedCases, sweepUnstarted } from '../services/intake.js';
import { trackingCodeFor } from '../api/case-view.js';
import { caseWorkflowId, complaintWorkflowId } from '../workflows/definitions.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('intake that survives failures', () => {
  it('answers a retried intake with the same Idempotency-Key with the same case', async () => {
    const payload = { requester: { kind: 'person', name: '吴先生' }, channel: 'window', title: '残疾人补贴申请', description: '窗口办理' };
    const headers = h.as('civil.fc2', { 'idempotency-key': 'window-7-0001' });
    const a = await h.app.inject({ method: 'POST', url: '/v1/cases', headers, payload });
    const b = await h.app.inject({ method: 'POST', url: '/v1/cases', headers, payload });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json().id).toBe(a.json().id);
    const c = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('civil.fc2', { 'idempotency-key': 'window-7-0002' }), payload });
    expect(c.json().id).not.toBe(a.json().id);
  });

  it('starts the workflow of a case whose row was written before a crash', async () => {
    const id = '20261127-CRASH1';
    const createdAt = new Date(Date.now() - 120_000).toISOString();
    await h.db.insert(cases).values({
      id,
      workflowId: caseWorkflowId(id),
      trackingCodeHash: hashTrackingCode(trackingCodeFor('test-tracking-secret', id)),
      createdBy: 'housing.fc2',
      title: '燃气报装卡在消防审查',
      description: '一半写入的受理',
      channel: 'window',
      requesterKind: 'enterprise',
      requesterName: '某公司',
      status: 'in_progress',
      tier: '1',
      leadUnitId: 'housing',
      createdAt,
      updatedAt: createdAt,
    });
    await h.db.insert(caseUnits).values([{ caseId: id, unitId: 'housing', role: 'lead' }, { caseId: id, unitId: 'gas', role: 'involved' }]);

    const deps = { db: h.db, client: h.client, taskQueue: h.taskQueue, trackingCodeFor: (x: string) => trackingCodeFor('test-tracking-secret', x) };
    expect(await resumeUnstartedCases(deps)).toEqual([id]);
    const c = await getCase(h, id);
    expect(c).toMatchObject({ status: 'in_progress', tier: '1', assignee: { principalId: 'housing.fc2' }, involvedUnitIds: ['gas'] });
    expect((await first(h.db.select().from(cases).where(eq(cases.id, id))))!.lastSeq).toBeGreaterThan(0);
    // A second sweep finds nothing to do, and a young row is left to its own request.
    expect(await resumeUnstartedCases(deps)).toEqual([]);
  });

  it('starts the workflow of a complaint whose row was written before a crash, so the unit still hears of it', async () => {
    const id = 'C-20261127-CRASH1';
    const filedAt = new Date(Date.now() - 120_000).toISOString();
    // What filing writes before it starts the workflow: the row and its pending start, then the API died.
    await h.db.tx(async (tx) => {
      await insertComplaintRow(tx, {
        id,
        workflowId: complaintWorkflowId(id),
        unitId: 'housing',
        windowCode: 'W-housing-01',
        contactName: '钱女士',
        contactPhone: '13905620077',
        content: '窗口说"办不了"，没有说明原因。',
        status: 'open',
        filedAt,
      });
    });
    // A complaint filed just now is left to its own request.
    const young = 'C-20261127-YOUNG1';
    await h.db.tx(async (tx) => {
      await insertComplaintRow(tx, { id: young, workflowId: complaintWorkflowId(young), unitId: 'housing', contactName: '孙先生', contactPhone: '13905620078', content: '刚提交', status: 'open', filedAt: new Date().toISOString() });
    });
    const notices = async () => (await h.db.select().from(outbox).where(like(outbox.key, `complaint:${id}:%`)));
    expect((await notices())).toHaveLength(0);

    const deps = { db: h.db, client: h.client, taskQueue: h.taskQueue };
    const r = await sweepUnstarted(deps);
    expect(r.resumed).toContain(id);
    expect(r.resumed).not.toContain(young);
    expect(r.failed).toEqual([]);
    // The workflow runs: the unit is told and the contact deadline is set, as for a complaint filed whole.
    await until('the contact deadline', async () => (await first(h.db.select().from(complaints).where(eq(complaints.id, id))))?.contactDueAt);
    expect((await notices()).some((n) => n.recipientId === 'housing' && n.template === 'complaint_filed')).toBe(true);
    expect((await first(h.db.select().from(workflowStarts).where(eq(workflowStarts.subjectId, id))))).toBeUndefined();
    // Started once: a second sweep finds nothing of it to do.
    expect((await sweepUnstarted(deps)).resumed).not.toContain(id);
  });

  it('gives up a complaint whose workflow keeps failing to start, shows it to a supervisor, and retries it when handed back', async () => {
    const id = 'C-20261127-BROKEN';
    const filedAt = new Date(Date.now() - 120_000).toISOString();
    // Temporal refuses this workflow id (too long): the start fails every time.
    await h.db.tx(async (tx) => {
      await insertComplaintRow(tx, { id, workflowId: `complaint-${'x'.repeat(1200)}`, unitId: 'housing', contactName: '周女士', contactPhone: '13905620079', content: '启动失败的投诉', status: 'open', filedAt });
    });
    const deps = { db: h.db, client: h.client, taskQueue: h.taskQueue };
    const first = await sweepUnstarted(deps, { maxAttempts: 1 });
    expect(first.resumed).not.toContain(id);
    expect(first.failed).toMatchObject([{ kind: 'complaint', complaintId: id, attempts: 1, gaveUp: true }]);
    // Given up: not retried by itself...
    expect((await sweepUnstarted(deps)).failed).toEqual([]);
    // ...and listed for a supervisor, without internals.
    const list = await h.app.inject({ method: 'GET', url: '/v1/intake/failed', headers: h.as('sup-1') });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().complaints).toMatchObject([{ complaintId: id, status: 'start_failed', attempts: 1, unitId: 'housing', errorCode: expect.stringMatching(/^[A-Z_]+$/) }]);
    expect(list.body).not.toMatch(/xxxxxxxxxx|grpc|temporal/i);
    // Handed back, the sweep tries it again.
    const retry = await h.app.inject({ method: 'POST', url: `/v1/intake/failed/${id}/retry`, headers: h.as('sup-1') });
    expect(retry.statusCode).toBe(202);
    expect((await sweepUnstarted(deps, { maxAttempts: 5 })).failed).toMatchObject([{ complaintId: id, attempts: 1, gaveUp: false }]);
  });
});
