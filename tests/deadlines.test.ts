// Deadlines that act by themselves: reminders, lapses that escalate and leave a `shelved` record,
// the requester's materials stopping the clock, and the rating window. The windows are the
// workflow's own timers, so the test moves the time-skipping server's clock past them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { startSkippingHarness, type SkippingHarness } from './support/time-skipping.js';
import { actions, decide, eventually, getCase, openCase } from './support/cases.js';
import { officerEvents, outbox } from '../db/schema.js';

let h: SkippingHarness;
const W = 2; // hours of each tier window
beforeAll(async () => {
  h = await startSkippingHarness({
    policy: {
      tiers: { '1': { duration: `${W}h` }, '2': { duration: `${W}h` }, '3': { duration: `${W}h` }, '4': { duration: `${W}h` }, city: { duration: '7d' } },
      materials: { duration: '3h' },
      rating: { duration: '2h' },
      reminderAt: 0.5,
      // Archived as soon as the rating window ends (the aftercare is tests/supervision-live.test.ts's).
      aftercare: { duration: '0s' },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

// In the order written: PostgreSQL returns rows in no particular order without one (an update moves a row).
const notes = async (caseId: string) => (await h.db.select().from(outbox).where(eq(outbox.caseId, caseId)).orderBy(asc(outbox.id)));

describe('a case left on the shelf', () => {
  it('reminds the holder, then escalates by itself tier by tier up to the city leader, recording each lapse', async () => {
    const c = await openCase(h, 'planning.fc1');
    await h.skip(`${4 * W * 60 + 10}m`); // four windows, each started by the lapse before it
    const atCity = await eventually(() => getCase(h, c.id), (x) => x.tier === 'city', 30_000);
    expect(atCity).toMatchObject({ status: 'at_city', assignee: { principalId: 'city-vice-wang', role: 'city_leader' } });

    const tl = atCity.timeline as { action: string; actor: string; subjectId?: string; data?: { reason?: string } }[];
    const lapses = tl.filter((s) => s.action === 'deadline_lapsed');
    expect(lapses.map((s) => s.subjectId)).toEqual(['planning.fc1', 'planning.chief1', 'planning.deputy', 'planning.head']);
    expect(lapses.every((s) => s.actor === 'system')).toBe(true);
    // Every lapse is followed by the escalation it caused.
    for (const l of lapses) {
      const next = tl[tl.indexOf(l) + 1];
      expect(next).toMatchObject({ action: 'escalated', actor: 'system', data: { reason: 'deadline_lapsed' } });
    }
    const reminded = tl.filter((s) => s.action === 'reminded').map((s) => s.subjectId);
    expect(reminded).toEqual(['planning.fc1', 'planning.chief1', 'planning.deputy', 'planning.head']);

    const shelved = (await h.db.select().from(officerEvents).where(and(eq(officerEvents.caseId, c.id), eq(officerEvents.kind, 'shelved'))).orderBy(asc(officerEvents.seq)));
    expect(shelved.map((e) => e.officerId)).toEqual(['planning.fc1', 'planning.chief1', 'planning.deputy', 'planning.head']);

    // The new holder and the unit head are told of each lapse, once.
    const n = (await notes(c.id));
    expect(n.filter((x) => x.template === 'deadline_lapsed_unit_head' && x.recipientId === 'planning.head')).toHaveLength(4);
    expect(n.filter((x) => x.template === 'case_assigned').map((x) => x.recipientId)).toEqual([
      'planning.fc1', 'planning.chief1', 'planning.deputy', 'planning.head', 'city-vice-wang',
    ]);
    expect(new Set(n.map((x) => x.key)).size).toBe(n.length);
  });
});

describe('materials stop the clock', () => {
  it('keeps the tier while the requester works, and resumes with a fresh window for the same holder', async () => {
    const c = await openCase(h, 'market.fc1');
    const r = await decide(h, c.id, 'market.fc1', { action: 'request_materials', items: ['营业执照副本', '法人身份证复印件'] });
    expect(r.json()).toMatchObject({ status: 'awaiting_materials', tier: '1', materials: { items: ['营业执照副本', '法人身份证复印件'] } });
    // Longer than the tier's own window (shorter than the requester's): no lapse while the requester holds the pen.
    await h.skip(`${W * 60 + 30}m`);
    const waiting = await getCase(h, c.id);
    expect(waiting).toMatchObject({ status: 'awaiting_materials', tier: '1' });
    expect(actions(waiting)).not.toContain('deadline_lapsed');

    const supplied = await h.app.inject({
      method: 'POST',
      url: `/v1/cases/${c.id}/materials?trackingCode=${c.trackingCode}`,
      payload: { items: ['营业执照副本', '法人身份证复印件'] },
    });
    expect(supplied.statusCode, supplied.body).toBe(200);
    const body = supplied.json();
    expect(body).toMatchObject({ status: 'in_progress', tier: '1' });
    expect(Date.parse(body.deadlineAt)).toBeGreaterThan(Date.now());
    // The requester's answer never says who holds it; the officers' view does.
    expect(await getCase(h, c.id)).toMatchObject({ assignee: { principalId: 'market.fc1' } });
    expect((await notes(c.id)).some((x) => x.template === 'materials_requested' && x.recipientKind === 'requester')).toBe(true);

    const twice = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/materials?trackingCode=${c.trackingCode}`, payload: { items: ['x'] } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('NOT_AWAITING_MATERIALS');
  });

  it('when the requester lets the window lapse: reminded, and the case returns to its holder, who still may not refuse', async () => {
    const c = await openCase(h, 'finance.fc1');
    await decide(h, c.id, 'finance.fc1', { action: 'request_materials', items: ['预算批复文件'] });
    await h.skip('190m');
    const back = await eventually(() => getCase(h, c.id), (x) => actions(x).includes('returned_to_holder'), 15_000);
    expect(back).toMatchObject({ status: 'in_progress', tier: '1', assignee: { principalId: 'finance.fc1' } });
    expect(actions(back)).toContain('materials_lapsed');
    expect((await notes(c.id)).some((x) => x.template === 'materials_reminder' && x.recipientKind === 'requester')).toBe(true);
    const no = await decide(h, c.id, 'finance.fc1', { action: 'refuse', legalBasis: '《预算法》第十三条', explanation: '材料不全' });
    expect(no.json().code).toBe('REFUSAL_BELOW_TIER_4');
  });
});

describe('the rating window', () => {
  it('closes the case when the requester does not rate in time', async () => {
    const c = await openCase(h, 'civil.fc2');
    await decide(h, c.id, 'civil.fc2', { action: 'resolve', result: '已出具证明' });
    await h.skip('130m');
    const closed = await eventually(() => getCase(h, c.id), (x) => actions(x).includes('closed'), 15_000);
    expect(closed).toMatchObject({ status: 'resolved', phase: 'done' });
    const desc = await eventually(() => h.client.workflow.getHandle(c.workflowId).describe(), (d) => d.status.name === 'COMPLETED');
    expect(desc.status.name).toBe('COMPLETED');
  });
});
