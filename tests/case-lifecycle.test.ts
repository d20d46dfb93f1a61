// Whole paths through a case: referral to the city and its directives, feedback and the one
// reopening an unsatisfied requester gets, withdrawal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { actions, asRequester, decide, eventually, getCase, openCase } from './support/cases.js';
import { outbox } from '../db/schema.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function toTier4(officerUnit: string) {
  const c = await openCase(h, `${officerUnit}.fc1`);
  for (const who of ['fc1', 'chief1', 'deputy']) {
    const r = await decide(h, c.id, `${officerUnit}.${who}`, { action: 'escalate', reason: 'cross_department', note: '需要更高层级研判' });
    expect(r.statusCode, r.body).toBe(200);
  }
  return c;
}

const rate = (c: { id: string; trackingCode: string }, rating: string, comment?: string) => asRequester(h, c, 'rating', { rating, ...(comment ? { comment } : {}) });

describe('referral to the city and its directives (the 20-day gas pipeline)', () => {
  it('goes to the city leader who oversees the unit, whose directives resolve the case when every unit reports done', async () => {
    const c = await toTier4('agriculture');
    const ref = await decide(h, c.id, 'agriculture.head', { action: 'refer_to_city', suggestions: '建议市领导现场协调，燃气公司开通绿色通道' });
    expect(ref.json()).toMatchObject({ tier: 'city', status: 'at_city', assignee: { principalId: 'city-vice-zhao' } });

    const due = new Date(Date.now() + 3_600_000).toISOString();
    const dir = await decide(h, c.id, 'city-vice-zhao', {
      action: 'direct',
      directives: [
        { unitId: 'gas', task: '开通绿色通道，20日内完成接气', dueAt: due },
        { unitId: 'devzone', task: '协调管线路由审批', dueAt: due },
      ],
    });
    expect(dir.statusCode, dir.body).toBe(200);
    expect(dir.json().directives).toHaveLength(2);
    // The directed units' heads are told, and they now see the case.
    const n = (await h.db.select().from(outbox).where(eq(outbox.caseId, c.id)));
    expect(n.filter((x) => x.template === 'directive_assigned').map((x) => x.recipientId).sort()).toEqual(['devzone.head', 'gas.head']);
    const gasSees = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('gas.fc1') });
    expect(gasSees.statusCode).toBe(200);

    // No further decision while directives are out.
    const early = await decide(h, c.id, 'city-vice-zhao', { action: 'resolve', result: '办结' });
    expect(early.statusCode).toBe(422);

    const wrongUnit = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/directives/gas/done`, headers: h.as('devzone.fc1'), payload: {} });
    expect(wrongUnit.statusCode).toBe(403);
    const one = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/directives/gas/done`, headers: h.as('gas.fc1'), payload: { note: '已通气' } });
    expect(one.json()).toMatchObject({ status: 'at_city' });
    const again = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/directives/gas/done`, headers: h.as('gas.fc1'), payload: {} });
    expect(again.json().code).toBe('DIRECTIVE_ALREADY_DONE');
    const two = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/directives/devzone/done`, headers: h.as('devzone.chief1'), payload: {} });
    expect(two.json()).toMatchObject({ status: 'resolved', outcome: { kind: 'resolved', tier: 'city' } });

    // The answer reaches the requester once: after the receipt and the tiers of the day it is folded
    // into the next morning's message (at most three a day, notify/requester.ts).
    // (A job's messages are routed once its workflow confirmed it.)
    const told = await eventually(
      async () => (await h.db.select().from(outbox).where(eq(outbox.caseId, c.id))),
      (rows) => rows.every((x) => x.status !== 'unconfirmed'),
    );
    const feedback = told.filter((x) => x.recipientKind === 'requester' && x.body.includes(`您的诉求${c.id}已办结`));
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toMatchObject({ recipientId: `requester:${c.id}`, template: 'requester_digest' });
  });
});

describe('feedback and rating (好差评)', () => {
  it('reopens an unsatisfied case once, one tier above the one that closed it; a second "unsatisfied" goes to review and to rectification', async () => {
    const c = await openCase(h, 'housing-fund.fc1');
    await decide(h, c.id, 'housing-fund.fc1', { action: 'resolve', result: '已办理提取' });
    const earlyRate = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/rating?trackingCode=wrong-code00`, payload: { rating: 'satisfied' } });
    expect(earlyRate.statusCode).toBe(404);

    const first = await rate(c, 'unsatisfied', '没有解决我的问题');
    expect(first.json()).toMatchObject({ status: 'in_progress', tier: '2', reopened: 1 });
    // Who holds it now is the officers' business: their view says, the requester's never does.
    expect(await getCase(h, c.id)).toMatchObject({ assignee: { principalId: 'housing-fund.chief1' } });
    expect(actions(first.json()).slice(-3)).toEqual(['resolved', 'rated', 'reopened']);

    const notYet = await rate(c, 'satisfied');
    expect(notYet.json().code).toBe('RATING_NOT_OPEN');

    await decide(h, c.id, 'housing-fund.chief1', { action: 'resolve', result: '重新核算后办理' });
    const second = await rate(c, 'unsatisfied', '仍不满意');
    expect(second.json()).toMatchObject({ status: 'resolved', reviewRequested: true, phase: 'done' });
    expect(actions(second.json()).at(-1)).toBe('review_requested');
    // The bad rating after the one reopening opens a rectification (差评整改, issue 30) for the unit: the
    // workflow stays open for it rather than ending.
    const rectifying = await eventually(() => getCase(h, c.id), (x) => x.rectification?.status === 'open');
    expect(rectifying.rectification).toMatchObject({ unitId: 'housing-fund' });
    expect((await h.client.workflow.getHandle(c.workflowId).describe()).status.name).toBe('RUNNING');
  });

  it('ends the case on a satisfied rating', async () => {
    const c = await openCase(h, 'housing-fund.fc2');
    await decide(h, c.id, 'housing-fund.fc2', { action: 'resolve', result: '当场办结' });
    const r = await rate(c, 'satisfied');
    expect(r.json()).toMatchObject({ status: 'resolved', rating: { rating: 'satisfied' }, phase: 'done' });
  });
});

describe('withdrawal', () => {
  it('lets the requester withdraw with the tracking code, and then nothing more is decided', async () => {
    const c = await openCase(h, 'tongguan.fc1');
    const officerTry = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/withdraw`, headers: h.as('tongguan.fc1'), payload: {} });
    expect(officerTry.statusCode).toBe(401);
    const w = await asRequester(h, c, 'withdraw', { reason: '已自行解决' });
    expect(w.json()).toMatchObject({ status: 'withdrawn' });
    expect(await getCase(h, c.id)).toMatchObject({ status: 'withdrawn', assignee: null });
    const after = await decide(h, c.id, 'tongguan.fc1', { action: 'resolve', result: 'x' });
    expect(after.statusCode).toBe(422);
    expect(after.json().code).toBe('CASE_CLOSED');
    const inbox = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('tongguan.fc1') });
    expect(inbox.json().items.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });
});

describe('city directives on the clock', () => {
  it('reminds a directed unit before its due date and records the lapse after it', async () => {
    const c = await toTier4('market');
    await decide(h, c.id, 'market.head', { action: 'refer_to_city', suggestions: '请市长协调' });
    const due = new Date(Date.now() + 3000).toISOString();
    const r = await decide(h, c.id, 'city-mayor', { action: 'direct', directives: [{ unitId: 'finance', task: '安排专项资金', dueAt: due }] });
    expect(r.statusCode, r.body).toBe(200);
    const late = await eventually(() => getCase(h, c.id), (x) => actions(x).includes('deadline_lapsed'), 15_000);
    const tl = late.timeline as { action: string; data?: { unitId?: string } }[];
    expect(tl.slice(-2).map((x) => [x.action, x.data?.unitId])).toEqual([['reminded', 'finance'], ['deadline_lapsed', 'finance']]);
    expect(late).toMatchObject({ overdue: true, status: 'at_city' });
    const n = (await h.db.select().from(outbox).where(eq(outbox.caseId, c.id))).filter((x) => x.template === 'case_reminder');
    expect(n.map((x) => x.recipientId)).toEqual(['finance.head', 'finance.head']);
  });
});
