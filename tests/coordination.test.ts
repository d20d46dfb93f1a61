// Several departments (涉及两个及以上部门): the first-contact unit leads, each other unit works out its
// own part as a child workflow, and when coordination fails the city leaders consult and direct.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { startSkippingHarness, type SkippingHarness } from './support/time-skipping.js';
import { actions, asRequester, decide, eventually, getCase, openCase } from './support/cases.js';
import { caseParts, officerEvents } from '../db/schema.js';
import { ensureSaturdayConsultationSchedule, SATURDAY_SCHEDULE_ID } from '../schedules/saturday-consultation.js';
import { first } from '../db/store.js';

let h: Harness;
// The parts' own windows lapsing is the workflows' timers: on the time-skipping server.
let fast: SkippingHarness;
beforeAll(async () => {
  [h, fast] = await Promise.all([
    startHarness(),
    startSkippingHarness({ policy: { coordination: { duration: '1h' }, reminderAt: 0 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([h?.close(), fast?.close()]);
});

const part = async (x: Harness, caseId: string, unitId: string) => (await first(x.db.select().from(caseParts).where(and(eq(caseParts.caseId, caseId), eq(caseParts.unitId, unitId)))));
const opinion = (x: Harness, caseId: string, unitId: string, officer: string, body: Record<string, unknown>) =>
  x.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/parts/${unitId}/opinion`, headers: x.as(officer), payload: body });
const escalatePart = (x: Harness, caseId: string, unitId: string, officer: string) =>
  x.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/parts/${unitId}/decisions`, headers: x.as(officer), payload: { action: 'escalate', reason: 'beyond_remit', note: '本科室无权答复' } });

async function coordinate(x: Harness, officer: string, unitIds: string[], over: Record<string, unknown> = {}) {
  const c = await openCase(x, officer, over);
  const r = await decide(x, c.id, officer, { action: 'coordinate', unitIds, question: '请各单位提出办理意见' });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.json()).toMatchObject({ status: 'coordinating' });
  // Wait until every part has opened at its unit.
  await eventually(() => Promise.all(unitIds.map(async (u) => (await part(x, c.id, u)))), (rows) => rows.every((p) => p?.status === 'open'));
  return c;
}

describe('coordination led by the first-contact unit', () => {
  it('starts one part per unit at its first-contact officer; both can do; the lead resolves with their plans', async () => {
    const c = await coordinate(h, 'housing.fc1', ['planning', 'gas']);
    // Each part opens in its own workflow: it reaches the unit's inbox a moment after the lead's answer.
    const inbox = await eventually(() => h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('planning.fc1') }).then((r) => r.json()), (x) => x.items.length > 0);
    expect(inbox.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: c.id, kind: 'part', unitId: 'planning' })]));
    const shown = await eventually(() => getCase(h, c.id, 'housing.fc1'), (x) => x.coordination.parts.every((p: { holder?: unknown }) => p.holder));
    expect(shown.coordination.parts.map((p: { unitId: string; holder: { principalId: string } }) => [p.unitId, p.holder.principalId])).toEqual([
      ['planning', 'planning.fc1'],
      ['gas', 'gas.fc1'],
    ]);
    // The lead may not resolve before the units answer.
    expect((await decide(h, c.id, 'housing.fc1', { action: 'resolve', result: 'x' })).statusCode).toBe(422);

    expect((await opinion(h, c.id, 'planning', 'planning.fc1', { stance: 'can_do', plan: '参照外地经验联合审查', dueAt: '2026-12-31T00:00:00+08:00' })).statusCode).toBe(200);
    expect((await opinion(h, c.id, 'gas', 'gas.fc1', { stance: 'can_do', plan: '开通绿色通道' })).statusCode).toBe(200);
    const back = await eventually(() => getCase(h, c.id, 'housing.fc1'), (x) => x.coordination?.back === true);
    expect(back).toMatchObject({ status: 'coordinating', assignee: { principalId: 'housing.fc1' } });
    expect(back.coordination.parts.map((p: { answer: { stance: string } }) => p.answer.stance)).toEqual(['can_do', 'can_do']);
    expect(Date.parse(back.deadlineAt)).toBeGreaterThan(Date.now());
    const done = await decide(h, c.id, 'housing.fc1', { action: 'resolve', result: '规划联合审查、燃气绿色通道，按计划办结' });
    expect(done.json()).toMatchObject({ status: 'resolved' });
  });

  it('refuses a "cannot" below the unit\'s principal head, and takes it from the head after escalation inside the unit (the 2004 minutes)', async () => {
    const c = await coordinate(h, 'civil.fc1', ['tongguan', 'yian']);
    const early = await opinion(h, c.id, 'tongguan', 'tongguan.fc1', { stance: 'cannot', legalBasis: '《档案法》第二十一条', explanation: '无档案' });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('REFUSAL_BELOW_TIER_4');
    // Up inside the unit: fc1 → chief1 → deputy → head.
    for (const who of ['tongguan.fc1', 'tongguan.chief1', 'tongguan.deputy']) expect((await escalatePart(h, c.id, 'tongguan', who)).statusCode).toBe(200);
    expect((await part(h, c.id, 'tongguan'))).toMatchObject({ tier: '4', assigneeId: 'tongguan.head' });
    const noBasis = await opinion(h, c.id, 'tongguan', 'tongguan.head', { stance: 'cannot', explanation: '无档案' });
    expect(noBasis.json().code).toBe('MISSING_LEGAL_BASIS');
    expect((await opinion(h, c.id, 'tongguan', 'tongguan.head', { stance: 'cannot', legalBasis: '《档案法》第二十一条', explanation: '本区档案馆无2004年相关资料' })).statusCode).toBe(200);
    expect((await opinion(h, c.id, 'yian', 'yian.fc1', { stance: 'can_do', plan: '我区存有2004年区划调整会议纪要，可出具证明' })).statusCode).toBe(200);
    await eventually(() => getCase(h, c.id, 'civil.fc1'), (x) => x.coordination?.back === true);
    const done = await decide(h, c.id, 'civil.fc1', { action: 'resolve', result: '依义安区2004年会议纪要出具证明' });
    expect(done.json()).toMatchObject({ status: 'resolved', tier: '1' });
    expect(actions(done.json())).not.toContain('consulted_city');
  });

  it('sends the case to the city by itself when a part lapses at the top of its unit', async () => {
    const c = await coordinate(fast, 'agriculture.fc1', ['gas']);
    await fast.skip('250m'); // four windows of an hour, one per tier of the unit
    const atCity = await eventually(() => getCase(fast, c.id, 'agriculture.fc1'), (x) => x.tier === 'city', 20_000);
    expect(atCity).toMatchObject({ status: 'at_city', assignee: { principalId: 'city-vice-zhao' }, consultation: { reason: 'part_lapsed' } });
    expect(actions(atCity)).toEqual(expect.arrayContaining(['part_lapsed', 'consultation_requested', 'consulted_city']));
    const shelved = (await fast.db.select().from(officerEvents).where(and(eq(officerEvents.caseId, `${c.id}#gas`), eq(officerEvents.kind, 'shelved'))).orderBy(asc(officerEvents.seq)));
    expect(shelved.map((e) => e.officerId)).toEqual(['gas.fc1', 'gas.chief1', 'gas.deputy', 'gas.head']);
  });

  it('ends a failed coordination in consultation and city directives that the units report done', async () => {
    const c = await coordinate(h, 'agriculture.fc2', ['gas', 'devzone']);
    await opinion(h, c.id, 'gas', 'gas.fc1', { stance: 'can_do', plan: '需管线路由审批后施工' });
    for (const who of ['devzone.fc1', 'devzone.chief1', 'devzone.deputy']) await escalatePart(h, c.id, 'devzone', who);
    await opinion(h, c.id, 'devzone', 'devzone.head', { stance: 'cannot', legalBasis: '《城乡规划法》第四十条', explanation: '路由未经规划许可' });
    await eventually(() => getCase(h, c.id, 'agriculture.fc2'), (x) => x.coordination?.back === true);
    const consult = await decide(h, c.id, 'agriculture.fc2', { action: 'consult_city', note: '协调无果：路由审批与工期冲突' });
    expect(consult.json()).toMatchObject({ tier: 'city', status: 'at_city', assignee: { principalId: 'city-vice-zhao' }, consultation: { reason: 'consult_city', unitIds: ['gas', 'devzone'] } });
    const due = new Date(Date.now() + 3_600_000).toISOString();
    await decide(h, c.id, 'city-vice-zhao', { action: 'direct', directives: [{ unitId: 'gas', task: '现场会后立即施工', dueAt: due }, { unitId: 'devzone', task: '容缺审批路由', dueAt: due }] });
    const headInbox = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('devzone.head') });
    expect(headInbox.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ id: c.id, kind: 'directive', task: '容缺审批路由' })]));
    await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/directives/gas/done`, headers: h.as('gas.fc1'), payload: {} });
    const done = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/directives/devzone/done`, headers: h.as('devzone.fc1'), payload: {} });
    expect(done.json()).toMatchObject({ status: 'resolved', outcome: { tier: 'city' } });
    const consultation = h.client.workflow.getHandle(done.json().consultation.workflowId);
    const result = await consultation.result();
    expect(result).toMatchObject({ caseId: c.id, session: 'immediate', outcome: { kind: 'resolved', by: 'system' } });
  });

  it('takes refer_to_city from tier 4 through the same consultation', async () => {
    const c = await openCase(h, 'finance.fc1');
    for (const who of ['finance.fc1', 'finance.chief1', 'finance.deputy']) await decide(h, c.id, who, { action: 'escalate', reason: 'unsure', note: '拿不准' });
    const ref = await decide(h, c.id, 'finance.head', { action: 'refer_to_city', suggestions: '建议市政府统筹资金' });
    expect(ref.json()).toMatchObject({ tier: 'city', assignee: { principalId: 'city-mayor' }, consultation: { reason: 'refer_to_city', cityLeaderId: 'city-mayor' } });
    const desc = await h.client.workflow.getHandle(ref.json().consultation.workflowId).describe();
    expect(desc.status.name).toBe('RUNNING');
    const no = await decide(h, c.id, 'city-mayor', { action: 'refuse', legalBasis: '《中华人民共和国预算法》第十三条', explanation: '未列入预算的支出不得安排' });
    expect(no.json().status).toBe('refused');
    expect(await h.client.workflow.getHandle(ref.json().consultation.workflowId).result()).toMatchObject({ outcome: { kind: 'refused', by: 'city-mayor' } });
  });

  it('keeps a key project waiting for the Saturday session until the schedule convenes it', async () => {
    await ensureSaturdayConsultationSchedule({ client: h.client, taskQueue: h.taskQueue });
    await ensureSaturdayConsultationSchedule({ client: h.client, taskQueue: h.taskQueue }); // idempotent
    const c = await openCase(h, 'devzone.fc1', { keyProject: true });
    for (const who of ['devzone.fc1', 'devzone.chief1', 'devzone.deputy']) await decide(h, c.id, who, { action: 'escalate', reason: 'cross_department', note: '重点项目' });
    const ref = await decide(h, c.id, 'devzone.head', { action: 'refer_to_city', suggestions: '提请星期六会商' });
    expect(ref.json()).toMatchObject({ tier: 'city', phase: 'awaiting_session', deadlineAt: null, consultation: { session: 'saturday' } });
    const early = await decide(h, c.id, 'city-mayor', { action: 'resolve', result: 'x' });
    expect(early.json().code).toBe('ACTION_NOT_ALLOWED_IN_STATUS');
    // Visibility must see the waiting consultation before the session looks for it.
    await eventually(async () => {
      const found = [];
      for await (const w of h.client.workflow.list({ query: `WorkflowId = '${ref.json().consultation.workflowId}' AND CaseStatus = 'awaiting_session'` })) found.push(w);
      return found.length;
    }, (n) => n === 1);
    await h.client.schedule.getHandle(SATURDAY_SCHEDULE_ID).trigger();
    const convened = await eventually(() => getCase(h, c.id, 'devzone.fc1'), (x) => actions(x).includes('consultation_convened'), 30_000);
    expect(convened).toMatchObject({ phase: 'handling', assignee: { principalId: 'city-mayor' } });
    expect(Date.parse(convened.deadlineAt)).toBeGreaterThan(Date.now());
  });

  it('cancels every part when the requester withdraws, and a withdrawn part cannot answer', async () => {
    const c = await coordinate(h, 'market.fc1', ['finance', 'planning']);
    const w1 = await h.app.inject({ method: 'DELETE', url: `/v1/cases/${c.id}/parts/finance`, headers: h.as('market.fc1') });
    expect(w1.statusCode, w1.body).toBe(200);
    const late = await opinion(h, c.id, 'finance', 'finance.fc1', { stance: 'can_do', plan: 'x' });
    expect([409, 422]).toContain(late.statusCode);
    const w = await asRequester(h, c, 'withdraw', {});
    expect(w.json().status, w.body).toBe('withdrawn');
    for (const unit of ['finance', 'planning']) {
      const p = await eventually(async () => (await part(h, c.id, unit)), (x) => x?.status === 'withdrawn');
      expect(p!.status).toBe('withdrawn');
      const d = await eventually(() => h.client.workflow.getHandle(p!.workflowId).describe(), (x) => x.status.name !== 'RUNNING');
      expect(d.status.name).toBe('COMPLETED');
    }
  });

  it('goes on after the worker restarts while parts are open', async () => {
    const c = await coordinate(h, 'jiaoqu.fc1', ['gas']);
    await h.stopWorker();
    await h.startWorker();
    expect((await opinion(h, c.id, 'gas', 'gas.fc1', { stance: 'can_do', plan: '下周接通' })).statusCode).toBe(200);
    await eventually(() => getCase(h, c.id, 'jiaoqu.fc1'), (x) => x.coordination?.back === true);
  });
});
