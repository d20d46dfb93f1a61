// Portraits (画像), the unit view and the city's statistics match, number for number, the cases this
// test drives through the real workflow: resolved at tier 1; escalated, resolved, reopened by an
// unsatisfied requester and resolved again; refused at tier 4 with reasons; withdrawn; left to lapse
// (搁置); referred to the city and directed to another unit, whose directive then runs late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { complaints, officerEvents } from '../db/schema.js';
import { asRequester, until } from './support/cases.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { ...FAST_POLICY, tiers: { ...FAST_POLICY.tiers, '1': { duration: '5s' } } } });
});
afterAll(async () => {
  await h?.close();
});


interface Opened {
  id: string;
  trackingCode: string;
}

async function intake(title: string): Promise<Opened> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: h.as('housing.fc1'),
    payload: { requester: { kind: 'person', name: '市民' }, channel: 'window', title, description: '…' },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}
async function decide(officer: string, c: Opened, decision: Record<string, unknown>) {
  const res = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/decisions`, headers: h.as(officer), payload: decision });
  expect(res.statusCode, res.body).toBe(200);
}
async function rate(c: Opened, rating: string) {
  const res = await asRequester(h, c, 'rating', { rating });
  expect(res.statusCode, res.body).toBe(200);
}
const escalate = { action: 'escalate', reason: 'beyond_remit', note: '超出职权' };
const get = async (url: string, who = 'sup-1') => {
  const res = await h.app.inject({ method: 'GET', url, headers: h.as(who) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** Median hours each officer held a case, from the holders the cases themselves report. */
async function medianHoursFromCases(ids: string[], officerId: string): Promise<number | null> {
  const spans: number[] = [];
  for (const id of ids) {
    const c = await get(`/v1/cases/${id}`);
    for (const x of c.holders as { principalId: string; from: string; until?: string }[]) {
      if (x.principalId === officerId && x.until) spans.push(Date.parse(x.until) - Date.parse(x.from));
    }
  }
  if (!spans.length) return null;
  spans.sort((a, b) => a - b);
  const m = spans.length >> 1;
  return (spans.length % 2 ? spans[m] : (spans[m - 1] + spans[m]) / 2) / 3_600_000;
}

describe('portraits and statistics', () => {
  it('match the cases the test created, number for number', async () => {
    const c5 = await intake('搁置：无人处理'); // left alone: its 5 s window lapses

    const c1 = await intake('当场办结');
    await decide('housing.fc1', c1, { action: 'resolve', result: '当场办结' });
    await rate(c1, 'satisfied');

    const c2 = await intake('办结后不满意重启');
    await decide('housing.fc1', c2, escalate);
    await decide('housing.chief1', c2, { action: 'resolve', result: '科室办结' });
    await rate(c2, 'unsatisfied'); // reopens one tier above: the deputy
    await decide('housing.deputy', c2, { action: 'resolve', result: '分管领导协调办结' });
    await rate(c2, 'unsatisfied'); // left for review

    const c3 = await intake('逐级提级后说"不"');
    await decide('housing.fc1', c3, escalate);
    await decide('housing.chief1', c3, escalate);
    await decide('housing.deputy', c3, escalate);
    await decide('housing.head', c3, { action: 'refuse', legalBasis: '《住房公积金管理条例》第二十四条', explanation: '不符合提取条件，已当面说明并告知其他渠道。' });
    await rate(c3, 'satisfied');

    const c4 = await intake('群众撤回');
    expect((await asRequester(h, c4, 'withdraw', { reason: '已自行解决' })).statusCode).toBe(200);

    const c6 = await intake('提请市级研究并交办');
    await decide('housing.fc1', c6, escalate);
    await decide('housing.chief1', c6, escalate);
    await decide('housing.deputy', c6, escalate);
    await decide('housing.head', c6, { action: 'refer_to_city', suggestions: '建议规划部门会同办理' });
    const dueAt = new Date(Date.now() + 2000).toISOString();
    await decide('city-vice-wang', c6, { action: 'direct', directives: [{ unitId: 'planning', task: '出具规划意见', dueAt }] });

    // A complaint about c2, upheld against the section chief.
    const complaint = (await h.app.inject({ method: 'POST', url: '/v1/complaints', payload: { unitId: 'housing', caseId: c2.id, trackingCode: c2.trackingCode, contact: { name: '市民', phone: '13905629999' }, content: '办结了但问题没解决' } })).json();
    await until('the complaint workflow', async () => (await first(h.db.select().from(complaints).where(eq(complaints.id, complaint.id))))?.contactDueAt);
    const closed = await h.app.inject({ method: 'POST', url: `/v1/complaints/${complaint.id}/close`, headers: h.as('sup-1'), payload: { upheld: true, findings: '答复不实', officerIds: ['housing.chief1'] } });
    expect(closed.statusCode).toBe(200);

    // c5 lapses and goes up by itself; c6's directive to planning runs late.
    await until('c5 to lapse', async () => (await get(`/v1/cases/${c5.id}`)).tier === '2');
    await until('the late directive', async () => (await first(h.db.select().from(officerEvents).where(eq(officerEvents.officerId, 'planning.head')))));

    // The review of c5 confirms the lapse as a reminder.
    const review = (await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { caseId: c5.id } })).json();
    expect(review.findings).toMatchObject([{ kind: 'shelved', officer: { id: 'housing.fc1' } }]);
    await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${review.findings[0].id}`, headers: h.as('sup-1'), payload: { decision: 'confirm', level: 'reminder' } });

    // ---- the city ----
    const s = await get('/v1/stats', 'city-mayor');
    expect(s.totals).toEqual({ cases: 6, open: 2 });
    expect(s.byStatus).toEqual({ in_progress: 1, awaiting_materials: 0, coordinating: 0, at_city: 1, resolved: 2, refused: 1, withdrawn: 1 });
    expect(s.byClosingTier).toEqual([
      { tier: '1', resolved: 1, refused: 0 },
      { tier: '2', resolved: 0, refused: 0 },
      { tier: '3', resolved: 1, refused: 0 },
      { tier: '4', resolved: 0, refused: 1 },
      { tier: 'city', resolved: 0, refused: 0 },
    ]);
    expect(s.byUnit).toEqual([{ unitId: 'housing', name: '市住房和城乡建设局', total: 6, open: 2, resolved: 2, refused: 1, withdrawn: 1, overdue: 1 }]);
    expect(s.overdueNow).toBe(1);
    // Response: c1, c2, c3, c6 answered in time; c5 lapsed; c4 was withdrawn before anyone acted.
    expect(s.rates.response).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
    expect(s.rates.resolution).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    // The last rating of each case: c1 and c3 satisfied, c2 unsatisfied.
    expect(s.rates.satisfaction).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    expect(s.complaints).toMatchObject({ total: 1, open: 0, contacted: 0, closed: 1, contactLapsed: 0 });
    expect(s.complaints.perWeek).toHaveLength(12);
    expect(s.complaints.perWeek.at(-1).count).toBe(1);
    expect(s.complaints.perWeek.reduce((n: number, w: { count: number }) => n + w.count, 0)).toBe(1);
    expect(s.accountability).toEqual({ total: 1, byKind: { not_escalated: 0, shelved: 1, over_escalation: 0 }, byLevel: { reminder: 1, notice: 0, accountability: 0 } });
    expect((await h.app.inject({ method: 'GET', url: '/v1/stats', headers: h.as('housing.head') })).statusCode).toBe(403);

    // ---- the officers ----
    const all = [c1, c2, c3, c4, c5, c6].map((c) => c.id);
    const fc1 = await get('/v1/officers/housing.fc1/portrait');
    expect(fc1).toMatchObject({
      handled: 6,
      resolvedAtOwnTier: 1,
      refused: 0,
      escalated: 3,
      escalationRate: 0.5,
      shelved: 1,
      complaints: { received: 1, upheld: 0 },
      accountability: { total: 1, byKind: { shelved: 1 }, byLevel: { reminder: 1 } },
      satisfaction: { rated: 1, satisfied: 1, unsatisfied: 0, rate: 1 },
      overEscalation: { evaluated: false, flagged: false },
    });
    expect(fc1.medianHoursHeld).toBeCloseTo((await medianHoursFromCases(all, 'housing.fc1'))!, 4);
    expect(fc1.record.negative).toContainEqual({ key: 'shelved', label: '搁置', labelEn: 'windows lapsed (shelved)', value: 1 });
    expect(fc1.record.positive).toContainEqual({ key: 'resolvedAtOwnTier', label: '本级办结', labelEn: 'resolved at own tier', value: 1 });

    const chief1 = await get('/v1/officers/housing.chief1/portrait');
    expect(chief1).toMatchObject({
      handled: 4,
      resolvedAtOwnTier: 1,
      escalated: 2,
      escalationRate: 0.5,
      shelved: 0,
      complaints: { received: 1, upheld: 1 },
      accountability: { total: 0 },
      satisfaction: { rated: 1, satisfied: 0, unsatisfied: 1, rate: 0 },
    });
    expect(chief1.medianHoursHeld).toBeCloseTo((await medianHoursFromCases(all, 'housing.chief1'))!, 4);

    const deputy = await get('/v1/officers/housing.deputy/portrait');
    expect(deputy).toMatchObject({ handled: 3, resolvedAtOwnTier: 1, escalated: 2, escalationRate: 0.6667, satisfaction: { rated: 1, satisfied: 0 }, complaints: { received: 1, upheld: 0 } });
    expect(deputy.medianHoursHeld).toBeCloseTo((await medianHoursFromCases(all, 'housing.deputy'))!, 4);

    const head = await get('/v1/officers/housing.head/portrait');
    expect(head).toMatchObject({ handled: 2, resolvedAtOwnTier: 0, refused: 1, escalated: 1, escalationRate: 0.5, shelved: 0, satisfaction: { rated: 1, satisfied: 1, rate: 1 } });
    const planningHead = await get('/v1/officers/planning.head/portrait');
    expect(planningHead).toMatchObject({ handled: 0, shelved: 1, escalationRate: null });

    // ---- the unit ----
    const unit = await get('/v1/units/housing/portrait');
    expect(unit).toMatchObject({
      cases: { led: 6, overdueNow: 1, byStatus: s.byStatus },
      handled: 15,
      resolvedAtOwnTier: 3,
      escalated: 8,
      escalationRate: 0.5333,
      shelved: 1,
      complaints: { filed: 1, contactLapsed: 0, upheld: 1 },
      accountability: { total: 1 },
      satisfaction: { rated: 4, satisfied: 2, unsatisfied: 2, rate: 0.5 },
      floor: { evaluated: false, belowFloor: false },
    });
    expect(unit.officers.find((o: { id: string }) => o.id === 'housing.fc1')).toMatchObject({ handled: 6, shelved: 1, accountability: 1 });
    // Unit heads see their own unit, not another's.
    expect((await h.app.inject({ method: 'GET', url: '/v1/units/housing/portrait', headers: h.as('housing.head') })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/v1/units/housing/portrait', headers: h.as('civil.head') })).statusCode).toBe(403);
  });
});
