// Over-escalation (事事提级) is detected, not guessed: escalation rates over the rolling window against
// the tier's ceiling, with at least minCases cases; a unit below the floor is shown. A few cases go
// through the real workflow; the volume behind the rates is seeded into the audit tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { caseSteps, officerEvents } from '../db/schema.js';
import { DEFAULT_SUPERVISION_POLICY } from '../domain/supervision.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;

/** Cases an officer held in the past, `escalated` of them escalated by the officer. */
async function seed(officerId: string, unitId: string, tier: '1' | '2', cases: number, escalated: number, daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  for (let i = 0; i < cases; i++) {
    const caseId = `seed-${officerId}-${daysAgo}-${i}`;
    await h.db.insert(caseSteps).values({ caseId, seq: 2, at, tier, actor: 'system', action: 'assigned', subjectId: officerId });
    if (i < escalated) {
      await h.db.insert(caseSteps).values({ caseId, seq: 3, at, tier, actor: officerId, action: 'escalated', subjectId: 'someone-above' });
      await h.db.insert(officerEvents).values({ caseId, seq: 3, officerId, unitId, tier, kind: 'escalated', at });
    }
  }
}

async function intake(officer: string, title: string): Promise<string> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: h.as(officer),
    payload: { requester: { kind: 'person', name: '市民' }, channel: 'window', title, description: '…' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function decide(officer: string, caseId: string, decision: Record<string, unknown>) {
  const res = await h.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/decisions`, headers: h.as(officer), payload: decision });
  expect(res.statusCode).toBe(200);
}

describe('over-escalation detector', () => {
  it('flags an officer who escalates nearly everything, not one who escalates normally; shows a unit below the floor', async () => {
    // Through the real workflow: housing.fc1 escalates both of its cases, housing.fc2 resolves its one.
    const real1 = await intake('housing.fc1', '不动产登记咨询');
    const real2 = await intake('housing.fc1', '施工许可变更');
    await decide('housing.fc1', real1, { action: 'escalate', reason: 'unsure', note: '拿不准' });
    await decide('housing.fc1', real2, { action: 'escalate', reason: 'beyond_remit', note: '不归我管' });
    const real3 = await intake('housing.fc2', '消防备案查询');
    await decide('housing.fc2', real3, { action: 'resolve', result: '当场答复' });

    // Volume: fc1 escalated 9 of 9 more; fc2 2 of 10 more; fc2's bad quarter long ago is outside the window.
    await seed('housing.fc1', 'housing', '1', 9, 9, 3);
    await seed('housing.fc2', 'housing', '1', 10, 2, 5);
    await seed('housing.fc2', 'housing', '1', 15, 15, DEFAULT_SUPERVISION_POLICY.windowDays + 10);
    // Too few cases to judge, whatever the rate.
    await seed('housing.chief2', 'housing', '2', 5, 5, 2);
    // A unit that never escalates.
    await seed('civil.fc1', 'civil', '1', 25, 0, 4);

    const res = await h.app.inject({ method: 'GET', url: '/v1/over-escalation', headers: h.as('sup-1') });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    const of = (id: string) => d.officers.find((o: { officerId: string }) => o.officerId === id);
    expect(of('housing.fc1')).toMatchObject({ tier: '1', handled: 11, escalated: 11, rate: 1, ceiling: 0.5, evaluated: true, flagged: true });
    expect(of('housing.fc2')).toMatchObject({ tier: '1', handled: 11, escalated: 2, rate: 0.1818, evaluated: true, flagged: false });
    expect(of('housing.chief2')).toMatchObject({ tier: '2', handled: 5, escalated: 5, evaluated: false, flagged: false });
    // chief1 received fc1's two real cases and has not decided them.
    expect(of('housing.chief1')).toMatchObject({ tier: '2', handled: 2, escalated: 0, flagged: false });
    expect(d.officers.filter((o: { flagged: boolean }) => o.flagged).map((o: { officerId: string }) => o.officerId)).toEqual(['housing.fc1']);

    const unit = (id: string) => d.units.find((u: { unitId: string }) => u.unitId === id);
    expect(unit('civil')).toMatchObject({ handled: 25, escalated: 0, rate: 0, floor: 0.05, evaluated: true, belowFloor: true });
    expect(unit('housing')).toMatchObject({ handled: 11 + 11 + 5 + 2, escalated: 11 + 2 + 5, belowFloor: false });

    // The portraits say the same.
    const p1 = (await h.app.inject({ method: 'GET', url: '/v1/officers/housing.fc1/portrait', headers: h.as('sup-1') })).json();
    expect(p1).toMatchObject({ handled: 11, escalated: 11, escalationRate: 1, overEscalation: { evaluated: true, flagged: true } });
    const p2 = (await h.app.inject({ method: 'GET', url: '/v1/officers/housing.fc2/portrait', headers: h.as('sup-1') })).json();
    expect(p2).toMatchObject({ handled: 11, escalated: 2, overEscalation: { flagged: false } });
    const civil = (await h.app.inject({ method: 'GET', url: '/v1/units/civil/portrait', headers: h.as('sup-1') })).json();
    expect(civil.floor).toMatchObject({ belowFloor: true, evaluated: true });

    // A review of one of fc1's real cases proposes over-escalation for fc1, not for chief1 who also held it.
    const review = (await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { caseId: real1 } })).json();
    expect(review.findings.map((f: { kind: string; officer: { id: string } }) => [f.kind, f.officer.id])).toEqual([['over_escalation', 'housing.fc1']]);
    expect(review.findings[0].evidence).toMatchObject({ handled: 11, escalated: 11, ceiling: 0.5 });
    // The same pattern is not proposed twice while one review holds it.
    const byOfficer = (await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-2'), payload: { officerId: 'housing.fc1' } })).json();
    expect(byOfficer.path.escalation).toMatchObject({ handled: 11, escalated: 11, flagged: true });
    expect(byOfficer.findings).toEqual([]);
    const f = review.findings[0];
    await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${f.id}`, headers: h.as('sup-1'), payload: { decision: 'confirm', level: 'reminder' } });
    const acc = (await h.app.inject({ method: 'GET', url: '/v1/accountability?kind=over_escalation', headers: h.as('sup-1') })).json();
    expect(acc.items).toMatchObject([{ officer: { id: 'housing.fc1' }, unit: { id: 'housing' }, level: 'reminder', kind: 'over_escalation' }]);
    // A normal officer's review proposes nothing.
    const normal = (await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { officerId: 'housing.fc2' } })).json();
    expect(normal.findings).toEqual([]);
    expect(normal.path.escalation).toMatchObject({ flagged: false });
  });
});
