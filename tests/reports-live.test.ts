// The month's report over cases driven through the real workflows (the store as the worker writes it):
// resolved at once; escalated, resolved, reopened by an unsatisfied requester and resolved again;
// escalated to the head and refused; withdrawn; left to lapse (搁置) and reviewed into an
// accountability record; a complaint upheld. The endpoint agrees with the reference recomputed from
// the audit copy and with the numbers these cases must give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import XLSX from 'xlsx';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { asRequester, decide as decideCase, openCase, rateCase, until } from './support/cases.js';
import { complaints } from '../db/schema.js';
import { monthOf } from '../domain/reports.js';
import { comparable, emptyReference, referenceMonth } from './support/reports-reference.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { ...FAST_POLICY, tiers: { ...FAST_POLICY.tiers, '1': { duration: '5s' } } } });
});
afterAll(async () => {
  await h?.close();
});

type Opened = Awaited<ReturnType<typeof openCase>>;
const intake = (title: string, category?: string) =>
  openCase(h, 'housing.fc1', { requester: { kind: 'person', name: '市民甲', phone: '13905620001' }, title, description: '…', category });
async function decide(officer: string, c: Opened, decision: Record<string, unknown>) {
  const res = await decideCase(h, c.id, officer, decision);
  expect(res.statusCode, res.body).toBe(200);
}
const rate = (c: Opened, rating: string) => rateCase(h, c, rating);
const escalate = (reason: string) => ({ action: 'escalate', reason, note: '超出职权' });
const get = async (url: string, who = 'sup-1') => {
  const res = await h.app.inject({ method: 'GET', url, headers: h.as(who) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the month over real cases', () => {
  it('agrees with the reference and with what the cases must give', async () => {
    const startedIn = monthOf(new Date());
    const c5 = await intake('无人处理的燃气报装'); // left alone: its 5 s window lapses

    const c1 = await intake('燃气管道接入', 'utilities');
    await decide('housing.fc1', c1, { action: 'resolve', result: '当场办结' });
    await rate(c1, 'satisfied');

    const c2 = await intake('办结后不满意重启', 'fire_safety');
    await decide('housing.fc1', c2, escalate('cross_department'));
    await decide('housing.chief1', c2, { action: 'resolve', result: '科室办结' });
    await rate(c2, 'unsatisfied'); // reopens one tier above: the deputy
    await decide('housing.deputy', c2, { action: 'resolve', result: '分管领导协调办结' });
    await rate(c2, 'basically_satisfied');

    const c3 = await intake('逐级提级后说"不"', 'fire_safety');
    await decide('housing.fc1', c3, escalate('unsure'));
    await decide('housing.chief1', c3, escalate('beyond_remit'));
    await decide('housing.deputy', c3, escalate('legacy'));
    await decide('housing.head', c3, { action: 'refuse', legalBasis: '《住房公积金管理条例》第二十四条', explanation: '不符合提取条件，已当面说明。' });

    const c4 = await intake('群众撤回');
    expect((await asRequester(h, c4, 'withdraw', { reason: '已自行解决' })).statusCode).toBe(200);

    const filed = (await h.app.inject({ method: 'POST', url: '/v1/complaints', payload: { unitId: 'housing', caseId: c2.id, trackingCode: c2.trackingCode, contact: { name: '市民甲', phone: '13905620001' }, content: '办结了但问题没解决' } })).json();
    await until('the complaint workflow', async () => (await first(h.db.select().from(complaints).where(eq(complaints.id, filed.id))))?.contactDueAt);
    expect((await h.app.inject({ method: 'POST', url: `/v1/complaints/${filed.id}/close`, headers: h.as('sup-1'), payload: { upheld: true, findings: '答复不实', officerIds: ['housing.chief1'] } })).statusCode).toBe(200);

    await until('c5 to lapse', async () => (await get(`/v1/cases/${c5.id}`)).tier === '2');
    const review = (await h.app.inject({ method: 'POST', url: '/v1/reviews', headers: h.as('sup-1'), payload: { caseId: c5.id } })).json();
    expect(review.findings).toMatchObject([{ kind: 'shelved', officer: { id: 'housing.fc1' } }]);
    await h.app.inject({ method: 'POST', url: `/v1/reviews/${review.id}/findings/${review.findings[0].id}`, headers: h.as('sup-1'), payload: { decision: 'confirm', level: 'notice' } });

    const month = monthOf(new Date());
    for (const m of new Set([startedIn, month])) {
      const r = await get(`/v1/reports/monthly?month=${m}`);
      const ref = (await referenceMonth(h.db, m));
      for (const u of r.units) expect(comparable(u), `${m} ${u.unitId}`).toEqual(ref.units.get(u.unitId) ?? emptyReference());
      expect(comparable(r.city)).toEqual(ref.city);
    }
    // A run that crossed midnight at a month's end splits its cases between two months: the reference
    // above still holds; the numbers below are one month's.
    if (startedIn !== month) return;
    const housing = (await get(`/v1/reports/monthly?month=${month}&unitId=housing`)).units[0];
    expect(housing.counts).toMatchObject({ received: 5, resolved: 2, refused: 1, withdrawn: 1, lapses: 1, shelved: 1, complaintsFiled: 1, complaintsUpheld: 1, findings: 1, accountability: 1 });
    expect(housing.rates.response).toEqual({ numerator: 3, denominator: 4, rate: 0.75 }); // c5 lapsed; c4 was withdrawn before anyone acted
    expect(housing.rates.resolution).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 });
    expect(housing.rates.onTime).toEqual({ numerator: 3, denominator: 3, rate: 1 });
    // c2 counts once, by its last rating; c3's refusal was never rated.
    expect(housing.rates.satisfaction).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    const cats = await get(`/v1/reports/categories?month=${month}`);
    expect(cats.byCategory.map((c: { key: string; cases: number }) => [c.key, c.cases])).toEqual([['fire_safety', 2], ['utilities', 1]]);
    expect(cats.byEscalationReason.map((c: { key: string }) => c.key).sort()).toEqual(['beyond_remit', 'cross_department', 'legacy', 'unsure']);
    expect(cats.titleTerms.find((t: { key: string }) => t.key === '燃气')).toMatchObject({ cases: 2 });
    const records = await get(`/v1/reports/records?month=${month}`);
    expect(records.shelved).toMatchObject([{ caseId: c5.id, part: false, officer: { id: 'housing.fc1' }, unit: { id: 'housing' } }]);
    expect(records.accountability).toMatchObject([{ level: 'notice', officer: { id: 'housing.fc1' }, caseId: c5.id }]);

    // The case ledger of the month: the five cases, phones masked for the efficiency office.
    const res = await h.app.inject({ method: 'GET', url: `/v1/exports/cases.xlsx?month=${month}`, headers: h.as('sup-1') });
    expect(res.statusCode).toBe(200);
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(res.rawPayload, { type: 'buffer' }).Sheets['办件台账'], { header: 1, raw: false, defval: '' }).slice(1);
    expect(rows.map((r) => r[0]).sort()).toEqual([c1, c2, c3, c4, c5].map((c) => c.id).sort());
    expect(new Set(rows.map((r) => r[6]))).toEqual(new Set(['139****0001']));
    expect(rows.find((r) => r[0] === c3.id)!.slice(8, 10)).toEqual(['说"不"并说明理由', '单位主要负责人']);
  });
});
