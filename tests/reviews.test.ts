// Retrospective review (倒查复盘) against the real dev server: a first-contact officer tries to say
// "no" (a refusal below tier 4, sent fire-and-forget, so rejected onto the timeline) and then lets
// the window lapse; the review lays out the path, proposes both findings, and the supervisor's
// confirmations become accountability records, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { accountabilityRecords, reviewFindings } from '../db/schema.js';
import { until } from './support/cases.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  // Tier 1 lapses within the test; everything else waits.
  h = await startHarness({ policy: { ...FAST_POLICY, tiers: { ...FAST_POLICY.tiers, '1': { duration: '3s' } } } });
});
afterAll(async () => {
  await h?.close();
});


type Step = { seq: number; action: string; actor: string; subjectId?: string; data?: Record<string, unknown> };

describe('retrospective review', () => {
  it('finds a lapse and a rejected refusal attempt and records them as accountability', async () => {
    const c = (await h.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: h.as('housing.fc1'),
      payload: { requester: { kind: 'enterprise', name: '铜陵某养老服务有限公司' }, channel: 'window', title: '商业用房改建养老机构消防验收', description: '无改变用途审批，消防验收无法通过。' },
    })).json();
    expect(c.assignee.principalId).toBe('housing.fc1');

    // A "no" at tier 1, fire and forget: the case does not take it, the timeline keeps it.
    const no = await h.app.inject({
      method: 'POST',
      url: `/v1/cases/${c.id}/decisions`,
      headers: h.as('housing.fc1', { prefer: 'respond-async', 'idempotency-key': 'no-1' }),
      payload: { action: 'refuse', legalBasis: '《建设工程消防设计审查验收管理暂行规定》第二十七条', explanation: '无改变用途审批，不能验收。' },
    });
    expect(no.statusCode).toBe(202);
    // Then nothing: the tier-1 window lapses and the case goes up by itself.
    const timeline = await until('the lapse and the escalation', async () => {
      const t = (await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('sup-1') })).json().timeline as Step[];
      return t.some((s) => s.action === 'escalated') ? t : null;
    });
    expect(timeline.map((s) => s.action)).toEqual(expect.arrayContaining(['rejected', 'deadline_lapsed', 'escalated']));
    expect(timeline.find((s) => s.action === 'rejected')!.data).toMatchObject({ code: 'REFUSAL_BELOW_TIER_4', by: 'housing.fc1' });

    const done = await h.app.inject({
      method: 'POST',
      url: `/v1/cases/${c.id}/decisions`,
      headers: h.as('housing.chief1'),
      payload: { action: 'resolve', result: '参照外地做法，先行开展消防检查，会同规划部门联审。' },
    });
    expect(done.statusCode).toBe(200);

    // Only supervisors review.
    expect((await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('housing.head'), payload: { caseId: c.id } })).statusCode).toBe(403);
    const res = await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { caseId: c.id } });
    expect(res.statusCode).toBe(201);
    const review = res.json();
    expect(review.status).toBe('open');
    expect(review.path.holders.map((x: { officerId: string; via: string }) => [x.officerId, x.via])).toEqual([
      ['housing.fc1', 'assigned'],
      ['housing.chief1', 'escalated'],
    ]);
    expect(review.path.holders[0].heldMs).toBeGreaterThanOrEqual(3000);
    expect(review.path.holders[1].until).not.toBeNull();
    expect(review.path.lapses).toMatchObject([{ officerId: 'housing.fc1', tier: '1' }]);
    expect(review.path.rejected).toMatchObject([{ by: 'housing.fc1', code: 'REFUSAL_BELOW_TIER_4', attempted: 'refuse', tier: '1' }]);
    expect(review.path.decisions).toMatchObject([{ by: 'housing.chief1', action: 'resolved', tier: '2', result: expect.stringContaining('消防检查') }]);
    const findings = review.findings as { id: string; kind: string; officer: { id: string }; unitId: string; status: string }[];
    expect(findings.map((f) => [f.kind, f.officer.id, f.unitId, f.status]).sort()).toEqual([
      ['not_escalated', 'housing.fc1', 'housing', 'proposed'],
      ['shelved', 'housing.fc1', 'housing', 'proposed'],
    ]);
    const notEscalated = findings.find((f) => f.kind === 'not_escalated')!;
    const shelved = findings.find((f) => f.kind === 'shelved')!;

    // Bad input changes nothing: a confirmation needs its level; a rejection its reason.
    const noLevel = await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${shelved.id}`, headers: h.as('sup-1'), payload: { decision: 'confirm' } });
    expect([noLevel.statusCode, noLevel.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await first(h.db.select().from(reviewFindings).where(eq(reviewFindings.id, shelved.id))))!.status).toBe('proposed');

    const conf1 = await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${notEscalated.id}`, headers: h.as('sup-1'), payload: { decision: 'confirm', level: 'notice', note: '首问环节说"不"，通报。' } });
    expect(conf1.statusCode).toBe(200);
    expect(conf1.json().status).toBe('open');
    const conf2 = await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${shelved.id}`, headers: h.as('sup-2'), payload: { decision: 'confirm', level: 'reminder' } });
    expect(conf2.json().status).toBe('concluded');
    expect(conf2.json().findings.every((f: { accountabilityRecordId: string | null }) => f.accountabilityRecordId)).toBe(true);

    // The same decision again changes nothing; a different one is refused.
    const same = await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${shelved.id}`, headers: h.as('sup-2'), payload: { decision: 'confirm', level: 'reminder' } });
    expect(same.statusCode).toBe(200);
    const other = await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${shelved.id}`, headers: h.as('sup-1'), payload: { decision: 'reject', note: '不属实' } });
    expect([other.statusCode, other.json().code]).toEqual([409, 'FINDING_ALREADY_DECIDED']);

    const acc = (await h.app.inject({ method: 'GET', url: '/v1/accountability', headers: h.as('sup-1') })).json();
    expect(acc.items.map((r: { kind: string; level: string; officer: { id: string }; unit: { id: string }; caseId: string }) => [r.kind, r.level, r.officer.id, r.unit.id, r.caseId]).sort()).toEqual([
      ['not_escalated', 'notice', 'housing.fc1', 'housing', c.id],
      ['shelved', 'reminder', 'housing.fc1', 'housing', c.id],
    ]);
    expect(acc.totals.byOfficer).toEqual([{ officerId: 'housing.fc1', name: '李娜', unitId: 'housing', total: 2, byKind: { not_escalated: 1, shelved: 1, over_escalation: 0 } }]);
    expect(acc.totals.byUnit).toMatchObject([{ unitId: 'housing', total: 2 }]);
    expect((await h.app.inject({ method: 'GET', url: '/v1/accountability?kind=shelved', headers: h.as('sup-1') })).json().totals.total).toBe(1);
    expect((await h.app.inject({ method: 'GET', url: '/v1/accountability', headers: h.as('housing.fc1') })).statusCode).toBe(403);

    // A second review of the same case finds nothing new: one lapse, one record.
    const again = await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-2'), payload: { caseId: c.id } });
    expect(again.statusCode).toBe(201);
    expect(again.json().findings).toEqual([]);
    expect(again.json().status).toBe('concluded');
    expect((await h.db.select().from(accountabilityRecords))).toHaveLength(2);

    // The officer sees both on their own portrait.
    const portrait = (await h.app.inject({ method: 'GET', url: '/v1/officers/housing.fc1/portrait', headers: h.as('housing.fc1') })).json();
    expect(portrait.accountability).toEqual({ total: 2, byKind: { not_escalated: 1, shelved: 1, over_escalation: 0 }, byLevel: { reminder: 1, notice: 1, accountability: 0 } });
    expect(portrait.shelved).toBe(1);
    expect((await h.app.inject({ method: 'GET', url: '/v1/officers/housing.fc1/portrait', headers: h.as('housing.fc2') })).statusCode).toBe(403);
  });

  it('lets a supervisor add a finding the record cannot show, and reject one', async () => {
    const c = (await h.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: h.as('civil.fc1'),
      payload: { requester: { kind: 'person', name: '周女士' }, channel: 'visit', title: '2004年村庄区划归属证明', description: '…' },
    })).json();
    await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/decisions`, headers: h.as('civil.fc1'), payload: { action: 'resolve', result: '档案中查到，出具证明。' } });
    const review = (await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { caseId: c.id, note: '群众反映首次来访被口头拒绝' } })).json();
    expect(review.findings).toEqual([]);
    const added = await h.app.inject({
      method: 'POST',
      url: `/v1/reviews/${review.id}/findings`,
      headers: h.as('sup-1'),
      payload: { kind: 'not_escalated', officerId: 'civil.fc2', summary: '首次来访时口头说"不"，未登记、未提级。' },
    });
    expect(added.statusCode).toBe(201);
    const f = added.json().findings[0];
    expect(f).toMatchObject({ kind: 'not_escalated', officer: { id: 'civil.fc2' }, proposedBy: 'sup-1', status: 'proposed' });
    const rejected = await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${f.id}`, headers: h.as('sup-2'), payload: { decision: 'reject', note: '经核实，当日系群众材料不全，已一次性告知。' } });
    expect(rejected.json().findings[0]).toMatchObject({ status: 'rejected', decidedBy: 'sup-2', accountabilityRecordId: null });
    expect((await h.app.inject({ method: 'GET', url: '/v1/accountability?officerId=civil.fc2', headers: h.as('sup-1') })).json().items).toEqual([]);
    const unknown = await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { caseId: 'nope' } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([422, 'UNKNOWN_CASE']);
    const both = await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { caseId: c.id, complaintId: 'x' } });
    expect(both.statusCode).toBe(400);
  });
});
