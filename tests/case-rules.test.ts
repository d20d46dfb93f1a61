// The rules of the tiers as an officer meets them: what each tier may do, the exact codes of what it
// may not, and that a refused "no" leaves the case and its history untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { actions, decide, eventually, getCase, openCase } from './support/cases.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function historyLength(workflowId: string) {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}

/** The history's length once its workflow task has completed (intake answers as soon as the read model has the case). */
async function settledLength(workflowId: string) {
  let last = -1;
  return eventually(async () => {
    await new Promise((r) => setTimeout(r, 200));
    const n = await historyLength(workflowId);
    const same = n === last;
    last = n;
    return same ? n : null;
  }, (n) => n !== null, 10_000);
}

async function climbTo(tier: 2 | 3 | 4) {
  const c = await openCase(h, 'housing.fc1');
  const chain = ['housing.fc1', 'housing.chief1', 'housing.deputy'];
  for (let i = 0; i < tier - 1; i++) {
    const r = await decide(h, c.id, chain[i], { action: 'escalate', reason: 'beyond_remit', note: `tier ${i + 1} cannot decide` });
    expect(r.statusCode, r.body).toBe(200);
  }
  return c;
}

describe('tier 1: the first-contact owner may not say no', () => {
  it('refuses a refusal with REFUSAL_BELOW_TIER_4 and writes nothing to the case or its history', async () => {
    const c = await openCase(h, 'housing.fc1');
    const before = await getCase(h, c.id);
    const events = await settledLength(c.workflowId);
    const r = await decide(h, c.id, 'housing.fc1', { action: 'refuse', legalBasis: '《消防法》第十五条', explanation: '不符合条件' });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ status: 422, code: 'REFUSAL_BELOW_TIER_4' });
    expect(await historyLength(c.workflowId)).toBe(events);
    const after = await getCase(h, c.id);
    expect(after.timeline).toEqual(before.timeline);
    expect(after).toMatchObject({ status: 'in_progress', tier: '1' });
  });

  it.each([
    ['refer_to_city', { suggestions: '建议市里研究' }],
    ['direct', { directives: [{ unitId: 'gas', task: '开通绿色通道', dueAt: '2030-01-01T00:00:00+08:00' }] }],
  ])('rejects %s at tier 1 with ACTION_NOT_ALLOWED_AT_TIER', async (action, fields) => {
    const c = await openCase(h, 'housing.fc1');
    const r = await decide(h, c.id, 'housing.fc1', { action, ...fields });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('ACTION_NOT_ALLOWED_AT_TIER');
  });

  it('answers 403 NOT_ASSIGNEE to an officer who does not hold the case', async () => {
    const c = await openCase(h, 'housing.fc1');
    const r = await decide(h, c.id, 'housing.chief1', { action: 'resolve', result: '已办理' });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('NOT_ASSIGNEE');
  });

  it('answers 400 with the offending fields for a malformed decision, and changes nothing', async () => {
    const c = await openCase(h, 'housing.fc1');
    const r = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'bored' });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.reason', 'body.note']));
    expect((await getCase(h, c.id)).tier).toBe('1');
  });
});

describe('escalation tier by tier', () => {
  it('climbs to the section chief of the officer\'s section, the deputy in charge and the principal head', async () => {
    const c = await openCase(h, 'housing.fc2');
    let r = await decide(h, c.id, 'housing.fc2', { action: 'escalate', reason: 'unsure', note: '拿不准', expectedTier: '1' });
    expect(r.json()).toMatchObject({ tier: '2', status: 'in_progress', assignee: { principalId: 'housing.chief2', role: 'section_chief' } });
    r = await decide(h, c.id, 'housing.chief2', { action: 'escalate', reason: 'no_precedent', note: '本地无先例' });
    expect(r.json()).toMatchObject({ tier: '3', assignee: { principalId: 'housing.deputy', role: 'deputy_head' } });
    r = await decide(h, c.id, 'housing.deputy', { action: 'escalate', reason: 'cross_department', note: '涉及多部门' });
    const body = r.json();
    expect(body).toMatchObject({ tier: '4', assignee: { principalId: 'housing.head', role: 'principal_head' } });
    expect(body.holders.map((x: { principalId: string }) => x.principalId)).toEqual(['housing.fc2', 'housing.chief2', 'housing.deputy', 'housing.head']);
    const esc = body.timeline.filter((s: { action: string }) => s.action === 'escalated');
    expect(esc.map((s: { actor: string }) => s.actor)).toEqual(['housing.fc2', 'housing.chief2', 'housing.deputy']);
    expect(esc[1].data.reason).toBe('no_precedent');
  });

  it('answers 409 STALE_DECISION to a decision made for a tier the case has left', async () => {
    const c = await climbTo(2);
    const r = await decide(h, c.id, 'housing.chief1', { action: 'resolve', result: '办结', expectedTier: '1' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('STALE_DECISION');
  });

  it('lets tiers 2 and 3 resolve but not refuse', async () => {
    const c = await climbTo(3);
    const no = await decide(h, c.id, 'housing.deputy', { action: 'refuse', legalBasis: '《城乡规划法》第四十条', explanation: '不可' });
    expect(no.json().code).toBe('REFUSAL_BELOW_TIER_4');
    const yes = await decide(h, c.id, 'housing.deputy', { action: 'resolve', result: '容缺受理，先行验收' });
    expect(yes.statusCode).toBe(200);
    expect(yes.json()).toMatchObject({ status: 'resolved', outcome: { kind: 'resolved', tier: '3' } });
  });
});

describe('tier 4: the principal head', () => {
  it('may not escalate: it resolves, refuses with reasons, or refers to the city', async () => {
    const c = await climbTo(4);
    const r = await decide(h, c.id, 'housing.head', { action: 'escalate', reason: 'unsure', note: '再往上' });
    expect(r.json().code).toBe('ACTION_NOT_ALLOWED_AT_TIER');
  });

  it('needs a legal basis and an explanation to say no (MISSING_LEGAL_BASIS)', async () => {
    const c = await climbTo(4);
    for (const body of [{ explanation: '不行' }, { legalBasis: '《消防法》第十五条' }, { legalBasis: '法', explanation: '不行' }]) {
      const r = await decide(h, c.id, 'housing.head', { action: 'refuse', ...body });
      expect(r.statusCode).toBe(422);
      expect(r.json().code).toBe('MISSING_LEGAL_BASIS');
    }
    const ok = await decide(h, c.id, 'housing.head', { action: 'refuse', legalBasis: '《中华人民共和国消防法》第十五条', explanation: '该建筑未通过消防安全检查，依法不得投入使用；整改后可重新申请。' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'refused', outcome: { kind: 'refused', tier: '4', legalBasis: '《中华人民共和国消防法》第十五条' } });
    const closed = await decide(h, c.id, 'housing.head', { action: 'resolve', result: 'x' });
    expect(closed.statusCode).toBe(422);
    expect(closed.json().code).toBe('CASE_CLOSED');
  });
});

describe('fire-and-forget decisions (signals)', () => {
  it('accepts a valid decision with 202 and applies it', async () => {
    const c = await openCase(h, 'civil.fc1');
    const r = await decide(h, c.id, 'civil.fc1', { action: 'escalate', reason: 'legacy', note: '档案不全' }, { prefer: 'respond-async', 'idempotency-key': 'sig-1' });
    expect(r.statusCode).toBe(202);
    const after = await eventually(() => getCase(h, c.id), (x) => x.tier === '2');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'escalated', data: { via: 'signal' } });
  });

  it('records a rule-breaking signal on the timeline as rejected, and changes nothing else', async () => {
    const c = await openCase(h, 'civil.fc1');
    const r = await decide(h, c.id, 'civil.fc1', { action: 'refuse', legalBasis: '《行政许可法》第十二条', explanation: '不予办理' }, { prefer: 'respond-async' });
    expect(r.statusCode).toBe(202);
    const after = await eventually(() => getCase(h, c.id), (x) => actions(x).includes('rejected'));
    expect(after.timeline.at(-1)).toMatchObject({ action: 'rejected', actor: 'system', subjectId: 'civil.fc1', data: { code: 'REFUSAL_BELOW_TIER_4', attempted: 'refuse' } });
    expect(after).toMatchObject({ status: 'in_progress', tier: '1', assignee: { principalId: 'civil.fc1' } });
  });
});

describe('idempotency', () => {
  it('returns the same case for the same externalId from the same integrator, and starts one workflow', async () => {
    const body = { requester: { kind: 'person', name: '张先生' }, channel: 'api', title: '公积金提取', description: '12345转办', externalId: 'HL-2026-0001', firstContactUnitId: 'housing-fund' };
    const first = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: body });
    const again = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: body });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().trackingCode).toBe(first.json().trackingCode);
    const runs = [];
    for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${first.json().workflowId}'` })) runs.push(wf);
    expect(runs.length).toBeLessThanOrEqual(1);
    const desc = await h.client.workflow.getHandle(first.json().workflowId).describe();
    expect(desc.status.name).toBe('RUNNING');
  });

  it('applies a decision retried with the same Idempotency-Key once', async () => {
    const c = await openCase(h, 'market.fc1');
    const payload = { action: 'escalate', reason: 'beyond_remit', note: '超出权限' };
    const a = await decide(h, c.id, 'market.fc1', payload, { 'idempotency-key': 'k-1' });
    const b = await decide(h, c.id, 'market.fc1', payload, { 'idempotency-key': 'k-1' });
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const now = await getCase(h, c.id);
    expect(now.tier).toBe('2');
    expect(actions(now).filter((x: string) => x === 'escalated')).toHaveLength(1);
  });
});

describe('access', () => {
  it('hides a case from an officer of an uninvolved unit and from a wrong tracking code', async () => {
    const c = await openCase(h, 'finance.fc1');
    const other = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('market.fc1') });
    expect(other.statusCode).toBe(404);
    const wrong = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=AAAAAAAAAAAA` });
    expect(wrong.statusCode).toBe(404);
    const mine = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=${c.trackingCode}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().requester.phone).toBe('139****5678');
  });

  it('lists what awaits an officer in the inbox, soonest deadline first', async () => {
    const a = await openCase(h, 'agriculture.fc1');
    const b = await openCase(h, 'agriculture.fc1');
    const r = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('agriculture.fc1') });
    expect(r.statusCode).toBe(200);
    const ids = r.json().items.map((x: { id: string }) => x.id);
    expect(ids).toEqual([a.id, b.id]);
    const deadlines = r.json().items.map((x: { deadlineAt: string }) => x.deadlineAt);
    expect([...deadlines].sort()).toEqual(deadlines);
    const chief = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('agriculture.chief1') });
    expect(chief.json().items).toHaveLength(0);
  });
});

describe('the case list', () => {
  it('filters by status, tier and unit, and pages with a cursor without repeating a case', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await openCase(h, 'shuncheng.fc1', { title: `镇级诉求 ${i}` })).id);
    await decide(h, made[0], 'shuncheng.fc1', { action: 'escalate', reason: 'unsure', note: '提级' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/cases?unitId=shuncheng&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await h.app.inject({ method: 'GET', url, headers: h.as('sup-1') });
      expect(r.statusCode).toBe(200);
      const page: { items: { id: string }[]; nextCursor: string | null } = r.json();
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...seen].sort()).toEqual([...made].sort());
    const atTier2 = await h.app.inject({ method: 'GET', url: '/v1/cases?unitId=shuncheng&tier=2', headers: h.as('sup-1') });
    expect(atTier2.json().items.map((x: { id: string }) => x.id)).toEqual([made[0]]);
    const byText = await h.app.inject({ method: 'GET', url: `/v1/cases?q=${encodeURIComponent('镇级诉求 3')}`, headers: h.as('shuncheng.chief1') });
    expect(byText.json().items.map((x: { id: string }) => x.id)).toEqual([made[3]]);
    // Officers list only their own unit's cases.
    const other = await h.app.inject({ method: 'GET', url: '/v1/cases?unitId=shuncheng', headers: h.as('market.fc1') });
    expect(other.statusCode).toBe(403);
    const bad = await h.app.inject({ method: 'GET', url: '/v1/cases?cursor=bm9wZQ', headers: h.as('sup-1') });
    expect(bad.json().code).toBe('BAD_CURSOR');
  });
});
