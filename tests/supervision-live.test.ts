// Supervision of a live case on the real server, with short windows: 督办 notices that are answered
// or lapse, extensions granted or refused, a bad rating rectified (or not in time), return visits,
// appeals, and who may do which.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { actions, decide, eventually, getCase, noticesReleased, openCase, rateCase } from './support/cases.js';
import { officerEvents, outbox } from '../db/schema.js';

let h: Harness;
const TIER_S = 8; // each tier's window, seconds
const RECTIFY_S = 8; // the unit's window to report a rectification
beforeAll(async () => {
  h = await startHarness({
    policy: {
      tiers: { '1': { duration: `${TIER_S}s` }, '2': { duration: '1h' }, '3': { duration: '1h' }, '4': { duration: '1h' }, city: { duration: '1h' } },
      materials: { duration: '1h' },
      rating: { duration: '1h' },
      coordination: { duration: '1h' },
      complaintContact: { duration: '1h' },
      reminderAt: 0,
      aftercare: { duration: '1h' },
      extension: { perCase: 1, decidedBy: 'supervisor', window: { duration: '1h' }, maxWorkingDays: 15 },
      rectification: { opensOn: 'after_reopen', within: { duration: `${RECTIFY_S}s` } },
      callback: { replacesUnverifiedRating: true },
      appeal: { window: { duration: '1h' } },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const post = (url: string, who: string, payload: unknown = {}) => h.app.inject({ method: 'POST', url, headers: h.as(who), payload: payload as Record<string, unknown> });
const notes = async (caseId: string, template: string) =>
  (await h.db.select().from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.template, template)))).map((n) => n.recipientId);
const shelvedOf = async (caseId: string) => (await h.db.select().from(officerEvents).where(and(eq(officerEvents.caseId, caseId), eq(officerEvents.kind, 'shelved')))).map((e) => e.officerId);
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

/** A case resolved, rated 非常不满意, reopened, resolved again and rated 非常不满意 again: its rectification opens. */
async function badlyRatedTwice(unit: string) {
  const c = await openCase(h, `${unit}.fc1`, { title: `${unit} 差评整改` });
  expect((await decide(h, c.id, `${unit}.fc1`, { action: 'resolve', result: '已答复。' })).statusCode).toBe(200);
  await rateCase(h, c, 'very_unsatisfied');
  const reopened = await eventually(() => getCase(h, c.id), (x) => x.status !== 'resolved');
  expect((await decide(h, c.id, reopened.assignee.principalId, { action: 'resolve', result: '再次答复。' })).statusCode).toBe(200);
  await rateCase(h, c, 'very_unsatisfied');
  return c;
}

describe('the contract', () => {
  it('documents every supervision route in /openapi.json, its refusals as problems', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/v1/cases/{id}/supervision-notices',
      '/v1/cases/{id}/supervision-notices/{no}/withdraw',
      '/v1/cases/{id}/extensions',
      '/v1/cases/{id}/extensions/{no}/decision',
      '/v1/cases/{id}/rectification/report',
      '/v1/cases/{id}/rectification/close',
      '/v1/cases/{id}/callbacks',
      '/v1/cases/{id}/appeals',
      '/v1/cases/{id}/appeals/{no}/decision',
    ]) {
      expect(doc.paths[path]?.post, path).toBeDefined();
      expect(Object.keys(doc.paths[path].post.responses), path).toEqual(expect.arrayContaining(['200', '403', '404', '409']));
    }
    expect(doc.paths['/v1/rectifications']?.get).toBeDefined();
    expect(doc.paths['/v1/supervision/items']?.get).toBeDefined();
  });
});

describe('督办 notices', () => {
  it('are issued by a supervisor only, tell the holder and the unit head, show on the inbox, and are answered by the holder deciding in time', async () => {
    const c = await openCase(h, 'market.fc1', { title: '督办按时办理' });
    const notice = { level: 'supervision', due: { duration: '1h' }, note: '请尽快办理' };
    // Not a supervisor: 403, and nothing is recorded.
    const byOfficer = await post(`/v1/cases/${c.id}/supervision-notices`, 'market.head', notice);
    expect(byOfficer.statusCode).toBe(403);
    expect(byOfficer.headers['content-type']).toContain('application/problem+json');
    const issued = await post(`/v1/cases/${c.id}/supervision-notices`, 'sup-1', notice);
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().supervisionNotices).toMatchObject([{ no: 1, level: 'supervision', status: 'open', unitId: null }]);
    // One open at a time.
    const again = await post(`/v1/cases/${c.id}/supervision-notices`, 'sup-2', notice);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('NOTICE_ALREADY_OPEN');

    await noticesReleased(h.db, c.id);
    expect((await notes(c.id, 'supervision_notice'))).toEqual(['market.fc1']);
    expect((await notes(c.id, 'supervision_notice_head'))).toEqual(['market.head']);
    const inbox = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('market.fc1') });
    expect(inbox.json().items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ supervision: { no: 1, level: 'supervision', label: '督办', note: '请尽快办理' } });

    expect((await decide(h, c.id, 'market.fc1', { action: 'escalate', reason: 'beyond_remit', note: '需科室研判' })).statusCode).toBe(200);
    const after = await getCase(h, c.id);
    expect(after.supervisionNotices).toMatchObject([{ no: 1, status: 'answered' }]);
    expect(actions(after)).toContain('supervision_answered');
    expect((await shelvedOf(c.id))).toEqual([]);
    const later = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('market.chief1') });
    expect(later.json().items.find((i: { id: string }) => i.id === c.id)?.supervision).toBeUndefined();
  });

  it('lapses with no decision: a shelved event against the holder, the efficiency office told, and a review proposes the finding', async () => {
    const c = await openCase(h, 'civil.fc1', { title: '督办逾期' });
    expect((await post(`/v1/cases/${c.id}/supervision-notices`, 'sup-1', { level: 'listed', due: { duration: '2s' }, note: '挂牌督办' })).statusCode).toBe(200);
    const lapsed = await eventually(() => getCase(h, c.id), (x) => x.supervisionNotices?.[0]?.status === 'lapsed');
    expect(lapsed.tier).toBe('1'); // the case itself goes on
    expect(actions(lapsed)).toContain('supervision_lapsed');
    await eventually(async () => (await shelvedOf(c.id)), (x) => x.length > 0);
    expect((await shelvedOf(c.id))).toEqual(['civil.fc1']);
    await noticesReleased(h.db, c.id);
    expect((await notes(c.id, 'supervision_lapsed')).sort()).toEqual(['civil.head', 'sup-1', 'sup-2']);

    const review = await post('/v1/reviews', 'sup-1', { caseId: c.id });
    expect(review.statusCode, review.body).toBe(201);
    expect(review.json().findings).toContainEqual(expect.objectContaining({ kind: 'shelved', officer: expect.objectContaining({ id: 'civil.fc1' }), status: 'proposed' }));
  });

  it('is withdrawn by a supervisor: it leaves the inbox, and no lapse follows', async () => {
    const c = await openCase(h, 'housing-fund.fc1', { title: '督办撤销' });
    expect((await post(`/v1/cases/${c.id}/supervision-notices`, 'sup-1', { level: 'reminder', due: { duration: '2s' }, note: '提醒' })).statusCode).toBe(200);
    expect((await post(`/v1/cases/${c.id}/supervision-notices/1/withdraw`, 'housing-fund.head', {})).statusCode).toBe(403);
    const w = await post(`/v1/cases/${c.id}/supervision-notices/1/withdraw`, 'sup-2', { note: '已沟通' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().supervisionNotices).toMatchObject([{ no: 1, status: 'withdrawn' }]);
    const twice = await post(`/v1/cases/${c.id}/supervision-notices/1/withdraw`, 'sup-2', {});
    expect(twice.json().code).toBe('NOTICE_NOT_OPEN');
    const unknown = await post(`/v1/cases/${c.id}/supervision-notices/7/withdraw`, 'sup-2', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOTICE_NOT_FOUND');
    await sleep(3);
    expect((await shelvedOf(c.id))).toEqual([]);
    const inbox = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('housing-fund.fc1') });
    expect(inbox.json().items.find((i: { id: string }) => i.id === c.id)?.supervision).toBeUndefined();
  });
});

describe('extensions (延期申请)', () => {
  it('granted: the deadline moves, the old deadline passes without a lapse, the requester sees the new time and why and gets an SMS', async () => {
    const c = await openCase(h, 'planning.fc1', { title: '延期批准' });
    const before = await getCase(h, c.id);
    // Only the holder asks; another unit's officer does not even see the case.
    expect((await post(`/v1/cases/${c.id}/extensions`, 'planning.fc2', { workingDays: 2, reason: '需现场踏勘' })).statusCode).toBe(403);
    expect((await post(`/v1/cases/${c.id}/extensions`, 'market.fc1', { workingDays: 2, reason: '需现场踏勘' })).statusCode).toBe(404);
    const tooLong = await post(`/v1/cases/${c.id}/extensions`, 'planning.fc1', { workingDays: 30, reason: '需现场踏勘' });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().code).toBe('EXTENSION_TOO_LONG');

    const asked = await post(`/v1/cases/${c.id}/extensions`, 'planning.fc1', { workingDays: 2, reason: '需现场踏勘' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().extensions).toMatchObject([{ no: 1, by: 'planning.fc1', workingDays: 2, status: 'pending' }]);
    expect(asked.json().deadlineAt).toBe(before.deadlineAt); // asking moves nothing
    // Nobody decides their own request, and only the efficiency office decides by default.
    expect((await post(`/v1/cases/${c.id}/extensions/1/decision`, 'planning.head', { approve: true })).statusCode).toBe(403);
    const granted = await post(`/v1/cases/${c.id}/extensions/1/decision`, 'sup-1', { approve: true, note: '同意' });
    expect(granted.statusCode, granted.body).toBe(200);
    const moved = granted.json();
    expect(moved.extensions).toMatchObject([{ no: 1, status: 'granted', from: before.deadlineAt }]);
    expect(Date.parse(moved.deadlineAt)).toBeGreaterThan(Date.parse(before.deadlineAt) + 24 * 3600_000);

    // The tracking page: the new promised time and the reason.
    const page = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: { 'x-tracking-code': c.trackingCode } });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().extension).toMatchObject({ from: before.deadlineAt, to: moved.deadlineAt, reason: '需现场踏勘' });
    expect(page.json().deadlineAt).toBe(moved.deadlineAt);
    await noticesReleased(h.db, c.id);
    const sms = (await h.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.template, 'progress_extended'))));
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain('需现场踏勘');

    // The old window passes: the timer was re-timed, no lapse.
    await sleep(Math.max(0, (Date.parse(before.deadlineAt) - Date.now()) / 1000) + 2);
    const still = await getCase(h, c.id);
    expect(still).toMatchObject({ tier: '1', assignee: { principalId: 'planning.fc1' } });
    expect(actions(still)).not.toContain('deadline_lapsed');
    // Counted in the month's report (the unit's extensions granted) and in the holder's portrait.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const report = await h.app.inject({ method: 'GET', url: `/v1/reports/monthly?month=${month}&unitId=planning`, headers: h.as('sup-1') });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().units[0].counts).toMatchObject({ extensions: 1 });
    const portrait = await h.app.inject({ method: 'GET', url: '/v1/officers/planning.fc1/portrait', headers: h.as('sup-1') });
    expect(portrait.json().extensions).toEqual({ asked: 1, granted: 1 });
    expect(portrait.json().record.negative).toContainEqual(expect.objectContaining({ key: 'extensions', value: 1 }));
    // The policy's one extension is used.
    const second = await post(`/v1/cases/${c.id}/extensions`, 'planning.fc1', { workingDays: 1, reason: '再延' });
    expect(second.json().code).toBe('EXTENSION_LIMIT');
  });

  it('refused: the deadline stays, and the window lapses at its old time', async () => {
    const c = await openCase(h, 'planning.fc2', { title: '延期不批' });
    const before = await getCase(h, c.id);
    expect((await post(`/v1/cases/${c.id}/extensions`, 'planning.fc2', { workingDays: 3, reason: '材料多' })).statusCode).toBe(200);
    const refused = await post(`/v1/cases/${c.id}/extensions/1/decision`, 'sup-2', { approve: false, note: '时限内可办结' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ deadlineAt: before.deadlineAt, extensions: [{ no: 1, status: 'refused' }] });
    const again = await post(`/v1/cases/${c.id}/extensions/1/decision`, 'sup-2', { approve: true });
    expect(again.json().code).toBe('EXTENSION_NOT_PENDING');
    const page = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: { 'x-tracking-code': c.trackingCode } });
    expect(page.json().extension).toBeUndefined();
    const lapsed = await eventually(() => getCase(h, c.id), (x) => actions(x).includes('deadline_lapsed'), 30_000);
    expect(lapsed.tier).toBe('2');
  });
});

describe('rectifying a bad rating (差评整改), return visits and appeals', () => {
  it('very unsatisfied after the reopening: a rectification in the ledger and the head\'s inbox; reported, verified by a return visit, closed', async () => {
    const c = await badlyRatedTwice('finance');
    const opened = await eventually(() => getCase(h, c.id), (x) => x.rectification?.status === 'open');
    expect(opened.rectification).toMatchObject({ unitId: 'finance' });
    const inbox = await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('finance.head') });
    expect(inbox.json().items.find((i: { id: string; kind: string }) => i.id === c.id && i.kind === 'rectification')).toBeTruthy();

    // Closing before the unit reported, or a report by someone not its head, is refused.
    expect((await post(`/v1/cases/${c.id}/rectification/close`, 'sup-1', {})).json().code).toBe('RECTIFICATION_NOT_REPORTED');
    expect((await post(`/v1/cases/${c.id}/rectification/report`, 'finance.fc1', { changes: '整改' })).statusCode).toBe(403);
    const reported = await post(`/v1/cases/${c.id}/rectification/report`, 'finance.head', { changes: '已重新核查并上门致歉，修订窗口答复规范。' });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().rectification.status).toBe('reported');
    // A return visit is needed after the report.
    expect((await post(`/v1/cases/${c.id}/rectification/close`, 'sup-1', {})).json().code).toBe('RECTIFICATION_NOT_VERIFIED');
    expect((await post(`/v1/cases/${c.id}/callbacks`, 'finance.head', { method: 'phone', reached: true, satisfaction: 'satisfied' })).statusCode).toBe(403);
    // The hotline integrator records visits on the cases it filed; this one it did not (404, as every case route).
    expect((await post(`/v1/cases/${c.id}/callbacks`, 'int-12345', { method: 'phone', reached: true })).statusCode).toBe(404);
    const visit = await post(`/v1/cases/${c.id}/callbacks`, 'sup-2', { method: 'phone', reached: true, satisfaction: 'basically_satisfied', note: '群众认可整改' });
    expect(visit.statusCode, visit.body).toBe(200);
    const closed = await post(`/v1/cases/${c.id}/rectification/close`, 'sup-1', { note: '回访核实，销号' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().rectification).toMatchObject({ status: 'closed' });

    const ledger = await eventually(
      async () => (await h.app.inject({ method: 'GET', url: '/v1/rectifications?unitId=finance', headers: h.as('sup-2') })).json(),
      (x) => x.items.some((i: { caseId: string; status: string }) => i.caseId === c.id && i.status === 'closed'),
    );
    expect(ledger.items.find((i: { caseId: string }) => i.caseId === c.id)).toMatchObject({ rating: 'very_unsatisfied', lapsed: false, callbackNo: 1, report: { by: 'finance.head' } });
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const ledgerIds = async (q: string) => (await h.app.inject({ method: 'GET', url: `/v1/rectifications?${q}`, headers: h.as('sup-2') })).json().items.map((i: { caseId: string }) => i.caseId);
    expect(await ledgerIds(`status=closed&month=${month}&unitId=finance`)).toContain(c.id);
    expect(await ledgerIds(`status=open&month=${month}&unitId=finance`)).not.toContain(c.id);
    expect(await ledgerIds('lapsed=true&unitId=finance')).not.toContain(c.id);
    // The unit's own officers read their unit's ledger.
    const own = (await h.app.inject({ method: 'GET', url: '/v1/rectifications', headers: h.as('finance.fc1') })).json();
    expect(own.items.map((i: { caseId: string }) => i.caseId)).toContain(c.id);
    // Another unit's officer may not read this unit's ledger.
    expect((await h.app.inject({ method: 'GET', url: '/v1/rectifications?unitId=finance', headers: h.as('market.fc1') })).statusCode).toBe(403);
    // The return visit is on the officers' timeline, never in the requester's view.
    const page = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: { 'x-tracking-code': c.trackingCode } });
    expect(JSON.stringify(page.json())).not.toContain('群众认可整改');
    expect(page.json().timeline.map((s: { action: string }) => s.action)).not.toContain('callback');
  });

  it('not reported in time: shelved against the unit head, in the ledger as lapsed, and the efficiency office told', async () => {
    const c = await badlyRatedTwice('civil');
    await eventually(() => getCase(h, c.id), (x) => Boolean(x.rectification?.lapsedAt) || actions(x).includes('rectification_lapsed'), (RECTIFY_S + 20) * 1000);
    await eventually(async () => (await shelvedOf(c.id)), (x) => x.includes('civil.head'));
    const ledger = await eventually(
      async () => (await h.app.inject({ method: 'GET', url: '/v1/rectifications?lapsed=true', headers: h.as('sup-1') })).json(),
      (x) => x.items.some((i: { caseId: string }) => i.caseId === c.id),
    );
    expect(ledger.items.find((i: { caseId: string }) => i.caseId === c.id)).toMatchObject({ status: 'open', lapsed: true, overdue: true });
    await noticesReleased(h.db, c.id);
    expect((await notes(c.id, 'rectification_lapsed')).sort()).toEqual(['civil.head', 'sup-1', 'sup-2']);
    const review = await post('/v1/reviews', 'sup-1', { caseId: c.id });
    expect(review.json().findings).toContainEqual(expect.objectContaining({ kind: 'shelved', officer: expect.objectContaining({ id: 'civil.head' }), status: 'proposed' }));
    // In the month's report (opened, and late) and the unit's view.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const report = await h.app.inject({ method: 'GET', url: `/v1/reports/monthly?month=${month}&unitId=civil`, headers: h.as('sup-1') });
    expect(report.json().units[0].counts).toMatchObject({ rectifications: 1, rectificationsLapsed: 1 });
    const unit = await h.app.inject({ method: 'GET', url: '/v1/units/civil/portrait', headers: h.as('sup-1') });
    expect(unit.json().rectifications).toEqual({ opened: 1, lapsed: 1, closed: 0 });
  });

  it('an appeal upheld takes the rating out of the counted judgement (the audit keeps both); rejected, the rating stands', async () => {
    const upheldCase = await openCase(h, 'housing-fund.fc1', { title: '申诉成立' });
    expect((await decide(h, upheldCase.id, 'housing-fund.fc1', { action: 'resolve', result: '已办结。' })).statusCode).toBe(200);
    await rateCase(h, upheldCase, 'unsatisfied');
    const reopened = await eventually(() => getCase(h, upheldCase.id), (x) => x.status !== 'resolved');
    expect((await decide(h, upheldCase.id, reopened.assignee.principalId, { action: 'resolve', result: '再次办结。' })).statusCode).toBe(200);
    await rateCase(h, upheldCase, 'unsatisfied');
    const rated = await eventually(() => getCase(h, upheldCase.id), (x) => x.judgement?.rating === 'unsatisfied' && x.rectification?.status === 'open');
    expect(rated.judgement).toMatchObject({ source: 'rating' });

    const answerer = reopened.assignee.principalId as string;
    const portraitOf = async (id: string) => (await h.app.inject({ method: 'GET', url: `/v1/officers/${id}/portrait`, headers: h.as('sup-1') })).json();
    const before = (await portraitOf(answerer)).satisfaction;
    const rectifiedBefore = (await portraitOf(answerer)).rectifications;
    expect(rectifiedBefore).toBeGreaterThan(0);

    const appeal = { reason: 'malicious', explanation: '评价人与本件无关，录音为证。' };
    expect((await post(`/v1/cases/${upheldCase.id}/appeals`, 'market.head', appeal)).statusCode).toBe(404);
    const filed = await post(`/v1/cases/${upheldCase.id}/appeals`, 'housing-fund.head', appeal);
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().appeals).toMatchObject([{ no: 1, status: 'pending' }]);
    expect((await post(`/v1/cases/${upheldCase.id}/appeals`, 'housing-fund.head', appeal)).json().code).toBe('APPEAL_EXISTS');
    // It awaits the efficiency office in the supervision items.
    const awaiting = await eventually(
      async () => (await h.app.inject({ method: 'GET', url: '/v1/supervision/items?kind=appeal', headers: h.as('sup-2') })).json(),
      (x) => x.items.some((i: { caseId: string }) => i.caseId === upheldCase.id),
    );
    expect(awaiting.items.find((i: { caseId: string }) => i.caseId === upheldCase.id)).toMatchObject({ kind: 'appeal', no: 1, status: 'pending', unitId: 'housing-fund', openedBy: 'housing-fund.head' });
    expect((await post(`/v1/cases/${upheldCase.id}/appeals/1/decision`, 'housing-fund.head', { uphold: true, note: '成立' })).statusCode).toBe(403);
    const upheld = await post(`/v1/cases/${upheldCase.id}/appeals/1/decision`, 'sup-1', { uphold: true, note: '经核实，属恶意差评。' });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json().appeals).toMatchObject([{ no: 1, status: 'upheld' }]);
    // The rating leaves the figures (the earlier answer's rating counts now), and the audit keeps it.
    const after = await eventually(() => getCase(h, upheldCase.id), (x) => actions(x).includes('appeal_upheld'));
    expect(after.judgement?.at).not.toBe(rated.judgement.at);
    expect(actions(after).filter((a: string) => a === 'rated')).toHaveLength(2);
    const row = await eventually(
      async () => (await h.db.get<{ rating: string; counted_rating_at: string | null }>(sql`select rating, counted_rating_at from cases where id = ${upheldCase.id}`))!,
      (r) => r.counted_rating_at !== rated.judgement.at,
    );
    expect(row.rating).toBe('unsatisfied');
    // The portrait of whoever gave the struck answer loses that unsatisfied rating; the rectification it opened stays on record.
    const afterPortrait = await portraitOf(answerer);
    expect(afterPortrait.satisfaction).toMatchObject({ rated: before.rated - 1, unsatisfied: before.unsatisfied - 1 });
    expect(afterPortrait.rectifications).toBe(rectifiedBefore);
    expect(after.rectification).toMatchObject({ status: 'voided' });

    const rejectedCase = await openCase(h, 'housing-fund.fc2', { title: '申诉不成立' });
    expect((await decide(h, rejectedCase.id, 'housing-fund.fc2', { action: 'resolve', result: '已办结。' })).statusCode).toBe(200);
    await rateCase(h, rejectedCase, 'very_satisfied');
    // An appeal is against an unsatisfied rating only.
    expect((await post(`/v1/cases/${rejectedCase.id}/appeals`, 'housing-fund.head', appeal)).json().code).toBe('APPEAL_NOT_OPEN');
    const other = await openCase(h, 'housing-fund.fc2', { title: '申诉不成立2' });
    expect((await decide(h, other.id, 'housing-fund.fc2', { action: 'resolve', result: '已办结。' })).statusCode).toBe(200);
    await rateCase(h, other, 'unsatisfied');
    const again = await eventually(() => getCase(h, other.id), (x) => x.status !== 'resolved');
    expect((await decide(h, other.id, again.assignee.principalId, { action: 'resolve', result: '再次办结。' })).statusCode).toBe(200);
    await rateCase(h, other, 'unsatisfied');
    const judged = await eventually(() => getCase(h, other.id), (x) => x.judgement?.rating === 'unsatisfied' && x.reopened === 1);
    expect((await post(`/v1/cases/${other.id}/appeals`, 'housing-fund.head', { reason: 'mistaken', explanation: '误评' })).statusCode).toBe(200);
    const rejected = await post(`/v1/cases/${other.id}/appeals/1/decision`, 'sup-2', { uphold: false, note: '证据不足。' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().appeals).toMatchObject([{ no: 1, status: 'rejected' }]);
    expect(rejected.json().judgement).toEqual(judged.judgement);
  });
});
