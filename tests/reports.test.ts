// The efficiency office's month over a store filled at chosen instants (tests/support/report-data.ts):
// months cut at midnight Beijing time, a reopened case counted once, a month with no cases, a unit
// created during the month; every figure against the reference that recomputes it from the audit copy
// (tests/support/reports-reference.ts); the ranking, its policy and its change from last month; the
// month's classes and its topic linked to a library rule; and each Excel ledger read back with a
// second library (SheetJS) against the JSON lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { startHarness, type Harness } from './support/harness.js';
import { bj, seedAutumn, seedCase } from './support/report-data.js';
import { comparable, emptyReference, referenceMonth } from './support/reports-reference.js';
import { FIGURES, COUNT_KEYS, RATE_KEYS, monthOf } from '../domain/reports.js';

let h: Harness;


async function get(who: string, url: string) {
  const res = await h.app.inject({ method: 'GET', url, headers: h.as(who) });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
}
async function status(who: string, url: string, method: 'GET' | 'PUT' = 'GET', payload?: unknown) {
  const res = await h.app.inject({ method, url, headers: h.as(who), payload: payload as never });
  return { status: res.statusCode, body: res.json() };
}
async function workbook(who: string, url: string) {
  const res = await h.app.inject({ method: 'GET', url, headers: h.as(who) });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="[\w.-]+\.xlsx"; filename\*=UTF-8''/);
  return XLSX.read(res.rawPayload, { type: 'buffer' });
}
/** A sheet as rows of the texts Excel shows (dates as formatted), header first. */
const rowsOf = (wb: XLSX.WorkBook, sheet: string) => XLSX.utils.sheet_to_json<string[]>(wb.Sheets[sheet], { header: 1, raw: false, defval: '' });
/** Every item of a cursor-paged list. */
async function all<T>(who: string, url: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await get(who, `${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
/** The month's bounds, worked out here: 00:00 Beijing on the 1st. */
const inMonth = (iso: string, month: string) => {
  const [y, m] = month.split('-').map(Number);
  const t = Date.parse(iso);
  return t >= Date.UTC(y, m - 1, 1) - 8 * 3_600_000 && t < Date.UTC(y, m, 1) - 8 * 3_600_000;
};

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  await seedAutumn(h.db);
});
afterAll(async () => {
  await h?.close();
});

const MONTHS = ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];

describe('the month, per unit', () => {
  it('agrees with the reference recomputed from the audit copy, unit by unit and for the city, in every month', async () => {
    for (const month of MONTHS) {
      const r = await get('sup-1', `/v1/reports/monthly?month=${month}`);
      const ref = (await referenceMonth(h.db, month));
      expect(r.units.map((u: { unitId: string }) => u.unitId), month).toEqual(ref.listed);
      for (const u of r.units) expect(comparable(u), `${month} ${u.unitId}`).toEqual(ref.units.get(u.unitId) ?? emptyReference());
      expect(comparable(r.city), `${month} city`).toEqual(ref.city);
      // The city's row is the units' numerators and denominators summed, never an average of rates.
      for (const k of RATE_KEYS) {
        const num = r.units.reduce((s: number, u: { rates: Record<string, { numerator: number }> }) => s + u.rates[k].numerator, 0);
        const den = r.units.reduce((s: number, u: { rates: Record<string, { denominator: number }> }) => s + u.rates[k].denominator, 0);
        expect(r.city.rates[k], `${month} ${k}`).toEqual({ numerator: num, denominator: den, rate: den ? Math.round((num / den) * 10_000) / 10_000 : null });
      }
    }
  });

  it('cuts months at midnight Beijing time, counts a reopened case once, and says what each figure counts', async () => {
    const fig = async (month: string, unit: string) => (await get('sup-1', `/v1/reports/monthly?month=${month}&unitId=${unit}`)).units[0];
    const oct = await fig('2026-10', 'housing');
    // H1 (23:50 on 31 October), H3, H4, H5; not H6 (the last millisecond of September), not H2 (00:00 on 1 November).
    expect(oct.counts).toMatchObject({ received: 4, resolved: 2, refused: 1, withdrawn: 1, lapses: 1, shelved: 1, complaintsFiled: 1, complaintsUpheld: 0, findings: 2, accountability: 0 });
    expect(oct.rates.response).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 }); // H5 was withdrawn before anyone acted
    expect(oct.rates.resolution).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 }); // H1 and H6 resolved, H4 refused; H3 reopened
    expect(oct.rates.onTime).toEqual({ numerator: 2, denominator: 3, rate: 0.6667 }); // H4's first window lapsed
    expect(oct.rates.satisfaction).toEqual({ numerator: 0, denominator: 0, rate: null }); // H3's October rating is not its last
    // No case of the seed had an extension, a 督办 or a rectification: counted, and none.
    expect(oct.counts).toMatchObject({ extensions: 0, supervisionNotices: 0, rectifications: 0, rectificationsLapsed: 0 });
    const nov = await fig('2026-11', 'housing');
    expect(nov.counts).toMatchObject({ received: 1, resolved: 2, refused: 0, withdrawn: 0, complaintsFiled: 1, complaintsUpheld: 1, findings: 0, accountability: 1 });
    // H1 rated ten minutes into November; H3 rated again after its second resolution: each counted once.
    expect(nov.rates.satisfaction).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(nov.rates.resolution).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect((await fig('2026-09', 'housing')).counts.received).toBe(1); // H6
    expect((await fig('2026-10', 'civil')).counts.received).toBe(1); // C1, at 00:00 on 1 October
    expect((await fig('2026-11', 'planning')).counts).toMatchObject({ received: 1, resolved: 0, lapses: 1, shelved: 1, findings: 2, accountability: 2 });
    expect((await fig('2026-12', 'planning')).counts.resolved).toBe(1); // P2, at 00:00 on 1 December
    const r = await get('city-mayor', '/v1/reports/monthly?month=2026-10');
    expect(r).toMatchObject({ month: '2026-10', from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z', timeZone: 'Asia/Shanghai', complete: true });
    expect(r.figures.find((f: { key: string }) => f.key === 'extensions')).toMatchObject({ available: true, label: '延期' });
    expect(r.figures.find((f: { key: string }) => f.key === 'rectifications')).toMatchObject({ available: true, label: '差评整改' });
    expect(r.figures.find((f: { key: string }) => f.key === 'response')).toMatchObject({ available: true, label: '响应率', labelEn: 'response rate' });
  });

  it('shows a month with no cases as zeros and no rates, every unit listed', async () => {
    const r = await get('sup-1', '/v1/reports/monthly?month=2026-08');
    expect(r.units.length).toBeGreaterThan(10);
    for (const u of [...r.units, r.city]) {
      for (const k of RATE_KEYS) expect(u.rates[k]).toEqual({ numerator: 0, denominator: 0, rate: null });
      expect(u.counts.received).toBe(0);
      expect(u.counts.lapses).toBe(0);
    }
    const ranking = await get('sup-1', '/v1/reports/rankings?month=2026-08');
    expect(ranking.units.every((u: { rank: number | null; reason: string }) => u.rank === null && u.reason === 'too_few_cases')).toBe(true);
    expect(await get('sup-1', '/v1/reports/categories?month=2026-08')).toMatchObject({ cases: 0, byCategory: [], byEscalationReason: [], titleTerms: [], topic: null });
    expect(await get('sup-1', '/v1/reports/records?month=2026-08')).toMatchObject({ shelved: [], accountability: [] });
  });

  it('lists a unit created during the month from that month on, unranked the month before', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/v1/units', headers: h.as('admin'), payload: { id: 'newzone', name: '铜陵新区管委会', nameEn: 'New Zone Committee', kind: 'district' } });
    expect(created.statusCode, created.body).toBe(201);
    const t = new Date(Date.now() - 1000).toISOString();
    await seedCase(h.db, { id: 'N1', unitId: 'newzone', createdAt: t, steps: [{ at: t, action: 'received', actor: 'int-12345', data: {} }, { at: t, action: 'resolved', actor: 'system' }] });
    const thisMonth = monthOf(new Date());
    const [y, m] = thisMonth.split('-').map(Number);
    const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const now = await get('sup-1', `/v1/reports/monthly?month=${thisMonth}`);
    const row = now.units.find((u: { unitId: string }) => u.unitId === 'newzone');
    expect(row).toMatchObject({ name: '铜陵新区管委会', counts: { received: 1, resolved: 1 } });
    expect(Date.parse(row.createdAt)).toBeGreaterThan(Date.parse(now.from));
    expect(now.complete).toBe(false);
    expect(comparable(row)).toEqual((await referenceMonth(h.db, thisMonth)).units.get('newzone'));
    const before = await get('sup-1', `/v1/reports/monthly?month=${lastMonth}`);
    expect(before.units.map((u: { unitId: string }) => u.unitId)).not.toContain('newzone');
    expect((await referenceMonth(h.db, lastMonth)).listed).not.toContain('newzone');
    expect((await get('admin', `/v1/reports/rankings?month=${thisMonth}`)).units.find((u: { unitId: string }) => u.unitId === 'newzone')).toMatchObject({ previousRank: null, change: null });
  });

  it('refuses what is not a month, a month not begun, and readers outside the office', async () => {
    expect((await status('sup-1', '/v1/reports/monthly?month=2026-13')).status).toBe(400);
    expect((await status('sup-1', '/v1/reports/monthly')).status).toBe(400);
    const [y, m] = monthOf(new Date()).split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    expect(await status('sup-1', `/v1/reports/monthly?month=${next}`)).toMatchObject({ status: 422, body: { code: 'MONTH_NOT_STARTED' } });
    expect(await status('sup-1', '/v1/reports/monthly?month=2026-10&unitId=nowhere')).toMatchObject({ status: 404, body: { code: 'UNIT_NOT_FOUND' } });
    // A unit's head reads their own row (and the city's), not another unit's, and not the ranking.
    const own = await get('housing.head', '/v1/reports/monthly?month=2026-10');
    expect(own.units.map((u: { unitId: string }) => u.unitId)).toEqual(['housing']);
    expect(own.city.counts.received).toBe(6);
    expect(await status('housing.deputy', '/v1/reports/monthly?month=2026-10&unitId=civil')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_UNIT' } });
    expect(await status('housing.head', '/v1/reports/rankings?month=2026-10')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
    expect(await status('housing.fc1', '/v1/reports/monthly?month=2026-10')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
    expect((await status('int-12345', '/v1/reports/categories?month=2026-10')).status).toBe(403);
  });
});

describe('the ranking', () => {
  it('ranks by the policy administrators set, with the change from last month and the figures behind each rank', async () => {
    const before = await get('sup-1', '/v1/reports/rankings?month=2026-11');
    expect(before).toMatchObject({ policySource: 'default', policy: { minCases: 5 } });
    expect(before.units.every((u: { ranked: boolean }) => !u.ranked)).toBe(true); // nobody had 5 cases
    expect(await status('sup-1', '/v1/reports/ranking-policy', 'PUT', { minCases: 1 })).toMatchObject({ status: 403 });
    expect(await status('admin', '/v1/reports/ranking-policy', 'PUT', { weights: { response: 0, onTime: 0, resolution: 0, satisfaction: 0 } })).toMatchObject({ status: 422, body: { code: 'RANKING_POLICY_INVALID' } });
    const set = await status('admin', '/v1/reports/ranking-policy', 'PUT', { minCases: 1 });
    expect(set).toMatchObject({ status: 200, body: { source: 'set', setBy: 'admin', policy: { minCases: 1, weights: { response: 0.1, onTime: 0.2, resolution: 0.35, satisfaction: 0.35 } } } });
    expect(await get('city-mayor', '/v1/reports/ranking-policy')).toMatchObject({ source: 'set', policy: { minCases: 1 } });

    const oct = await get('sup-1', '/v1/reports/rankings?month=2026-10');
    const nov = await get('sup-1', '/v1/reports/rankings?month=2026-11');
    const pick = (r: { units: { unitId: string }[] }, id: string) => r.units.find((u) => u.unitId === id) as Record<string, unknown>;
    // October: civil and planning all 100% (a tie shares the rank), housing two thirds across the board.
    expect(pick(oct, 'civil')).toMatchObject({ rank: 1, score: 100 });
    expect(pick(oct, 'planning')).toMatchObject({ rank: 1, score: 100 });
    expect(pick(oct, 'housing')).toMatchObject({ rank: 3, score: 66.67, base: 66.67, deductions: 0 });
    // November: housing 100 less 1 (an upheld complaint) and 2 (an accountability record); planning
    // has only its response rate (100) less two records.
    expect(pick(nov, 'civil')).toMatchObject({ rank: 1, score: 100, previousRank: 1, change: 0 });
    expect(pick(nov, 'housing')).toMatchObject({ rank: 2, score: 97, base: 100, deductions: 3, previousRank: 3, change: 1, counts: { received: 1, complaintsUpheld: 1, accountability: 1 } });
    expect(pick(nov, 'planning')).toMatchObject({ rank: 3, score: 96, base: 100, deductions: 4, previousRank: 1, change: -2 });
    expect(pick(nov, 'finance')).toMatchObject({ rank: null, ranked: false, reason: 'too_few_cases', score: null });
    // The figures behind each rank are the month's own.
    const monthly = await get('sup-1', '/v1/reports/monthly?month=2026-11');
    for (const u of nov.units) {
      const m = monthly.units.find((x: { unitId: string }) => x.unitId === u.unitId);
      expect(u.rates).toEqual({ response: m.rates.response, onTime: m.rates.onTime, resolution: m.rates.resolution, satisfaction: m.rates.satisfaction });
    }
    // Ranked first, in rank order; the rest after.
    const ranks = nov.units.map((u: { rank: number | null }) => u.rank);
    expect(ranks.slice(0, 3)).toEqual([1, 2, 3]);
    expect(ranks.slice(3).every((r: number | null) => r === null)).toBe(true);
  });
});

describe('每月一题', () => {
  it('counts the month by category, escalation reason and title terms, with the units involved, names masked out', async () => {
    const c = await get('sup-1', '/v1/reports/categories?month=2026-11');
    expect(c).toMatchObject({ cases: 4, uncategorised: 3 });
    expect(c.byCategory).toEqual([{ key: 'utilities', label: 'utilities', cases: 1, units: [{ unitId: 'housing', name: '市住房和城乡建设局', cases: 1 }] }]);
    expect(c.byEscalationReason).toEqual([{ key: 'legacy', label: '历史遗留问题', cases: 1, units: [{ unitId: 'civil', name: '市民政局', cases: 1 }] }]);
    expect(c.titleTerms[0]).toEqual({
      key: '燃气',
      label: '燃气',
      cases: 3,
      units: [
        { unitId: 'civil', name: '市民政局', cases: 2 },
        { unitId: 'housing', name: '市住房和城乡建设局', cases: 1 },
        { unitId: 'planning', name: '市自然资源和规划局', cases: 1 },
      ],
    });
    expect(c.titleTerms.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['气管', '管道']));
    const terms = c.titleTerms.map((t: { key: string }) => t.key).join();
    expect(terms).not.toMatch(/张|某/);
    // October's reasons: every escalation an officer chose (a lapse's own escalation is no reason).
    const oct = await get('sup-1', '/v1/reports/categories?month=2026-10');
    expect(oct.byEscalationReason.map((r: { key: string; cases: number }) => [r.key, r.cases])).toEqual([['cross_department', 2], ['beyond_remit', 1], ['no_precedent', 1], ['unsure', 1]]);
  });

  it('records the topic picked and links it to the rule the library forms from it', async () => {
    expect(await status('sup-1', '/v1/reports/topics/2026-11', 'PUT', { kind: 'category', key: 'nothing-like-it' })).toMatchObject({ status: 422, body: { code: 'TOPIC_NOT_IN_MONTH' } });
    expect((await status('city-mayor', '/v1/reports/topics/2026-11', 'PUT', { kind: 'title_term', key: '燃气' })).status).toBe(403);
    const picked = await status('sup-1', '/v1/reports/topics/2026-11', 'PUT', { kind: 'title_term', key: '燃气', note: '燃气报装与收费集中反映' });
    expect(picked).toMatchObject({ status: 201, body: { month: '2026-11', kind: 'title_term', key: '燃气', label: '燃气', cases: 3, pickedBy: 'sup-1', rule: null } });
    expect(await status('sup-1', '/v1/reports/topics/2026-11', 'PUT', { kind: 'title_term', key: '燃气', ruleId: 'R-none' })).toMatchObject({ status: 422, body: { code: 'UNKNOWN_RULE' } });
    const rule = await h.app.inject({
      method: 'POST',
      url: '/v1/rules',
      headers: h.as('sup-1'),
      payload: { title: '燃气报装联合办理规则', content: '燃气报装由燃气公司牵头，住建、规划同步会签。', issuingUnitId: 'housing', issuedOn: '2026-12-01', documentNo: '铜建〔2026〕9号', caseIds: ['H2', 'C2'] },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const linked = await status('sup-1', '/v1/reports/topics/2026-11', 'PUT', { kind: 'title_term', key: '燃气', ruleId: rule.json().id });
    expect(linked).toMatchObject({ status: 200, body: { pickedBy: 'sup-1', note: '燃气报装与收费集中反映', rule: { id: rule.json().id, title: '燃气报装联合办理规则', documentNo: '铜建〔2026〕9号', linkedBy: 'sup-1' } } });
    expect((await get('city-mayor', '/v1/reports/categories?month=2026-11')).topic).toEqual(linked.body);
    expect((await get('admin', '/v1/reports/topics')).items).toEqual([linked.body]);
  });
});

describe('what the bulletin names', () => {
  it('lists each lapse with its case (title masked) and each accountability record, as the figures count them', async () => {
    const r = await get('sup-1', '/v1/reports/records?month=2026-11');
    expect(r.shelved).toEqual([{ caseId: 'C3', part: true, title: '某某反映燃气费用', unit: { id: 'planning', name: '市自然资源和规划局' }, officer: { id: 'planning.fc1', name: '卫东' }, tier: '1', at: bj('2026-11-12 17:30') }]);
    expect(r.accountability.map((a: { id: string; levelLabel: string; unit: { id: string } }) => [a.id, a.levelLabel, a.unit.id])).toEqual([['A-F1', '通报 public notice', 'housing'], ['A-F4', '提醒 reminder', 'planning'], ['A-F5', '问责 accountability', 'planning']]);
    const m = await get('sup-1', '/v1/reports/monthly?month=2026-11');
    expect(r.shelved.length).toBe(m.city.counts.lapses);
    expect(r.accountability.length).toBe(m.city.counts.accountability);
  });
});

describe('the Excel ledgers', () => {
  const CASE_HEADERS = ['办件编号', '标题', '类别', '受理渠道', '申请人类型', '申请人', '联系电话', '牵头单位', '状态', '当前层级', '承办人', '受理时间（北京时间）', '办理时限（北京时间）', '是否超期', '办结时间（北京时间）', '办结层级', '评价'];

  it('the case ledger: Chinese headers, Beijing times, the rows of the list, phones masked for the efficiency office', async () => {
    const wb = await workbook('sup-1', '/v1/exports/cases.xlsx?month=2026-10');
    expect(wb.SheetNames).toEqual(['办件台账']);
    const [header, ...rows] = rowsOf(wb, '办件台账');
    expect(header).toEqual(CASE_HEADERS);
    const listed = (await all<{ id: string; createdAt: string }>('sup-1', '/v1/cases')).filter((c) => inMonth(c.createdAt, '2026-10'));
    expect(rows.map((r) => r[0]).sort()).toEqual(listed.map((c) => c.id).sort());
    const h1 = rows.find((r) => r[0] === 'H1')!;
    expect(h1[11]).toBe('2026-10-31 23:50:00'); // Beijing time, not 15:50 UTC
    expect(h1[14]).toBe('2026-10-31 23:55:00');
    expect(h1[8]).toBe('已办结');
    expect(h1[16]).toBe('满意');
    expect(rows.every((r) => /^\d{3}\*{4}\d{4}$/.test(r[6]))).toBe(true);
    // An officer of the unit: their unit's cases, phones in clear, as the case view shows them.
    const own = await workbook('housing.fc1', '/v1/exports/cases.xlsx?month=2026-10');
    const ownRows = rowsOf(own, '办件台账').slice(1);
    const ownList = (await all<{ id: string; createdAt: string }>('housing.fc1', '/v1/cases')).filter((c) => inMonth(c.createdAt, '2026-10'));
    expect(ownRows.map((r) => r[0]).sort()).toEqual(ownList.map((c) => c.id).sort());
    expect(ownRows.every((r) => r[6] === '13905621234')).toBe(true);
    expect(await status('housing.fc1', '/v1/exports/cases.xlsx?month=2026-10&unitId=civil')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_UNIT' } });
  });

  it('the complaints ledger: masked for the unit as its list is, in clear for the efficiency office', async () => {
    const sup = rowsOf(await workbook('sup-1', '/v1/exports/complaints.xlsx?month=2026-11'), '投诉台账');
    expect(sup[0]).toEqual(['投诉编号', '被投诉单位', '窗口', '关联办件', '投诉人', '联系电话', '投诉内容', '状态', '投诉时间（北京时间）', '联系时限（北京时间）', '联系时间（北京时间）', '超时未联系', '办结时间（北京时间）', '是否属实', '调查结论']);
    const list = (await all<{ id: string; filedAt: string }>('sup-1', '/v1/complaints')).filter((c) => inMonth(c.filedAt, '2026-11'));
    expect(sup.slice(1).map((r) => r[0]).sort()).toEqual(list.map((c) => c.id).sort());
    const k3 = sup.find((r) => r[0] === 'K3')!;
    expect([k3[4], k3[5], k3[8]]).toEqual(['王小明', '13905629999', '2026-11-30 23:59:59']);
    const unit = rowsOf(await workbook('housing.fc1', '/v1/exports/complaints.xlsx?month=2026-11'), '投诉台账').slice(1);
    const unitList = (await all<{ id: string; filedAt: string; contact: { phone: string } }>('housing.fc1', '/v1/complaints')).filter((c) => inMonth(c.filedAt, '2026-11'));
    expect(unit.map((r) => r[0])).toEqual(unitList.map((c) => c.id).reverse());
    expect(unit.map((r) => [r[4], r[5]])).toEqual(unitList.map(() => ['王**', '139****9999']));
    expect(unitList.every((c) => c.contact.phone === '139****9999')).toBe(true);
    expect(await status('city-mayor', '/v1/exports/complaints.xlsx?month=2026-11')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
  });

  it('reviews and accountability, the village months and the monthly report: sheets, headers and rows as the JSON', async () => {
    const acc = await workbook('sup-1', '/v1/exports/accountability.xlsx?month=2026-11');
    expect(acc.SheetNames).toEqual(['复盘', '问责']);
    const reviews = (await get('sup-1', '/v1/reviews?limit=200')).items as { id: string; openedAt: string }[];
    expect(rowsOf(acc, '复盘').slice(1).map((r) => r[0])).toEqual(reviews.filter((r) => inMonth(r.openedAt, '2026-11')).map((r) => r.id));
    const records = (await all<{ id: string; recordedAt: string }>('sup-1', '/v1/accountability')).filter((r) => inMonth(r.recordedAt, '2026-11'));
    const accRows = rowsOf(acc, '问责');
    expect(accRows[0]).toEqual(['记录编号', '问题类别', '处理等级', '人员', '单位', '关联办件', '关联投诉', '事由', '记录人', '记录时间（北京时间）']);
    expect(accRows.slice(1).map((r) => r[0]).sort()).toEqual(records.map((r) => r.id).sort());
    expect(await status('city-mayor', '/v1/exports/accountability.xlsx?month=2026-11')).toMatchObject({ status: 403 });

    const village = await workbook('shuncheng.fc1', '/v1/exports/village-months.xlsx?month=2026-11');
    expect(village.SheetNames).toEqual(['月度', '问题']);
    const months = (await get('shuncheng.fc1', '/v1/towns/shuncheng/months')).items.filter((m: { month: string }) => m.month === '2026-11');
    expect(rowsOf(village, '月度').slice(1).map((r) => r[1])).toEqual(months.map((m: { month: string }) => m.month));
    const month = await get('shuncheng.fc1', '/v1/towns/shuncheng/months/2026-11');
    const problems = rowsOf(village, '问题').slice(1);
    expect(problems.map((r) => r[2])).toEqual(month.problems.map((p: { title: string }) => p.title));
    expect(problems.map((r) => r[9])).toEqual(['已解决', '结转下月', '办理中']);
    expect(await status('housing.fc1', '/v1/exports/village-months.xlsx?month=2026-11')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_UNIT' } });
    expect(await status('shuncheng.fc1', '/v1/exports/village-months.xlsx?month=2026-11&townId=other')).toMatchObject({ status: 403 });

    const report = await workbook('city-mayor', '/v1/exports/monthly-report.xlsx?month=2026-11');
    expect(report.SheetNames).toEqual(['月度报表', '排名', '每月一题']);
    const json = await get('city-mayor', '/v1/reports/monthly?month=2026-11');
    const [header, ...rows] = XLSX.utils.sheet_to_json<(string | number)[]>(report.Sheets['月度报表'], { header: 1, raw: true, defval: null });
    expect(header).toEqual(['单位', ...RATE_KEYS.flatMap((k) => [FIGURES[k].label, `${FIGURES[k].label}分子`, `${FIGURES[k].label}分母`]), ...COUNT_KEYS.map((k) => FIGURES[k].label)]);
    expect(rows.length).toBe(json.units.length + 1);
    const figures = (f: { rates: Record<string, { rate: number | null; numerator: number; denominator: number }>; counts: Record<string, number | null> }) => [
      ...RATE_KEYS.flatMap((k) => [f.rates[k].rate, f.rates[k].numerator, f.rates[k].denominator]),
      ...COUNT_KEYS.map((k) => f.counts[k] ?? '—'),
    ];
    expect(rows).toEqual([...json.units.map((u: { name: string } & Parameters<typeof figures>[0]) => [u.name, ...figures(u)]), ['全市合计', ...figures(json.city)]]);
    const ranked = await get('city-mayor', '/v1/reports/rankings?month=2026-11');
    expect(rowsOf(report, '排名').slice(1).map((r) => r[1])).toEqual(ranked.units.map((u: { name: string }) => u.name));
    const cats = await get('city-mayor', '/v1/reports/categories?month=2026-11');
    expect(rowsOf(report, '每月一题').length - 1).toBe(cats.byCategory.length + cats.byEscalationReason.length + cats.titleTerms.length);
    // A unit's head: their row and the city's, no ranking.
    const head = await workbook('civil.head', '/v1/exports/monthly-report.xlsx?month=2026-11');
    expect(head.SheetNames).toEqual(['月度报表']);
    expect(rowsOf(head, '月度报表').slice(1).map((r) => r[0])).toEqual(['市民政局', '全市合计']);
  });

  it('records every export: who, which ledger, which filters, how many rows, masked or not', async () => {
    await workbook('housing.fc1', '/v1/exports/cases.xlsx?month=2026-11');
    const log = (await get('sup-1', '/v1/exports/audit?limit=500')).items as { principalId: string; role: string; ledger: string; params: Record<string, string>; rows: number | null; masked: boolean; finishedAt: string | null }[];
    expect(log[0]).toMatchObject({ principalId: 'housing.fc1', role: 'first_contact', ledger: 'cases', params: { month: '2026-11', unitId: 'housing' }, rows: 1, masked: false });
    expect(log[0].finishedAt).not.toBeNull();
    expect(log.find((e) => e.principalId === 'sup-1' && e.ledger === 'cases')).toMatchObject({ params: { month: '2026-10' }, masked: true, rows: 6 });
    expect(log.find((e) => e.principalId === 'housing.fc1' && e.ledger === 'complaints')).toMatchObject({ masked: true });
    expect(log.find((e) => e.principalId === 'sup-1' && e.ledger === 'complaints')).toMatchObject({ masked: false, rows: 2 });
    expect(log.filter((e) => e.ledger === 'monthly_report').map((e) => e.principalId).sort()).toEqual(['city-mayor', 'civil.head']);
    // Refused exports are not exports.
    expect(log.some((e) => e.principalId === 'city-mayor' && e.ledger === 'complaints')).toBe(false);
    expect((await status('city-mayor', '/v1/exports/audit')).status).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const p of ['/v1/reports/monthly', '/v1/reports/rankings', '/v1/reports/categories', '/v1/reports/records', '/v1/reports/topics', '/v1/reports/topics/{month}', '/v1/reports/ranking-policy', '/v1/exports/cases.xlsx', '/v1/exports/complaints.xlsx', '/v1/exports/accountability.xlsx', '/v1/exports/village-months.xlsx', '/v1/exports/monthly-report.xlsx', '/v1/exports/audit']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(Object.keys(doc.paths['/v1/exports/cases.xlsx'].get.responses['200'].content)).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });
});
