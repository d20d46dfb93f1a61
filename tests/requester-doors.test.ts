// The requester's doors (issue 32, items 5 and 6). The intake officer (or integrator) is handed the
// tracking code, so the code alone must not let them act as the requester: a principal's token on a
// requester route is refused; where a mobile phone is on file, withdrawing and rating need a one-time
// code sent there (hashed, short-lived, used once, limited); a withdrawal tells the unit head; the
// timeline says through which channel each requester action came. And the requester's view says where
// the case stands by tier, never who: one strict schema, checked here key by key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { appOver, startHarness, type Harness } from './support/harness.js';
import { asRequester, decide, eventually, getCase, lastSmsCode, openCase, sampleIntake, smsCodeFor } from './support/cases.js';
import { caseSteps, outbox, requesterCodes } from '../db/schema.js';
import { requesterCodeConfig } from '../services/requester-codes.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const PHONE = '13905625678';
const MASKED = '139****5678';
type Opened = Awaited<ReturnType<typeof openCase>>;
let addr = 0;
/** A fresh address per request, so the per-address limits of the tracking-code routes stay out of these tests. */
const fresh = () => `10.77.${Math.floor(++addr / 250)}.${(addr % 250) + 1}`;
const post = (c: Opened, action: string, payload: object, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/${action}`, headers: { 'x-tracking-code': c.trackingCode, ...headers }, payload, remoteAddress: fresh() });
const askCode = (c: Opened, purpose: string, app = h.app) =>
  app.inject({ method: 'POST', url: `/v1/cases/${c.id}/requester-code`, headers: { 'x-tracking-code': c.trackingCode }, payload: { purpose }, remoteAddress: fresh() });
const stepOf = async (caseId: string, action: string) => (await first(h.db.select().from(caseSteps).where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.action, action)))));

async function resolved(officer: string, over: Record<string, unknown> = {}) {
  const c = await openCase(h, officer, over);
  const r = await decide(h, c.id, officer, { action: 'resolve', result: '已办结：燃气管道已接通。' });
  expect(r.statusCode, r.body).toBe(200);
  return c;
}

describe('item 5: a principal\'s token on a requester route', () => {
  it('is refused with REQUESTER_ONLY even with the tracking code, whoever holds it, and nothing changes', async () => {
    const c = await openCase(h, 'housing.fc1');
    for (const who of ['housing.fc1', 'housing.head', 'city-vice-wang', 'sup-1', 'admin']) {
      for (const [action, payload] of [['withdraw', {}], ['rating', { rating: 'satisfied' }], ['materials', { items: ['营业执照'] }], ['requester-code', { purpose: 'withdraw' }]] as const) {
        const r = await post(c, action, payload, h.as(who));
        expect([r.statusCode, r.json().code], `${who} ${action}`).toEqual([403, 'REQUESTER_ONLY']);
        expect(r.headers['content-type']).toContain('application/problem+json');
      }
    }
    // Nor can a caller claim a channel: the API sets it from how the request came.
    const claimed = await post(c, 'materials', { items: ['营业执照'], channel: 'integrator' });
    expect([claimed.statusCode, claimed.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await getCase(h, c.id)).toMatchObject({ status: 'in_progress', tier: '1' });
    expect((await h.db.select().from(requesterCodes).where(eq(requesterCodes.caseId, c.id)))).toHaveLength(0);
  });

  it('of an integrator relays the requester only for a case it filed, and the step says so', async () => {
    const filed = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: sampleIntake({ firstContactUnitId: 'gas', channel: 'api' }) });
    expect(filed.statusCode, filed.body).toBe(201);
    const c = filed.json() as Opened;
    // Another integrator, with the code, is told the case is not there.
    const issued = await h.app.inject({ method: 'POST', url: '/v1/principals', headers: h.as('admin'), payload: { id: 'int-other', name: '另一个平台', role: 'integrator' } });
    expect(issued.statusCode, issued.body).toBe(201);
    const token = (await h.app.inject({ method: 'POST', url: '/v1/tokens', headers: h.as('admin'), payload: { principalId: 'int-other' } })).json().token as string;
    const other = await post(c, 'withdraw', {}, { authorization: `Bearer ${token}` });
    expect([other.statusCode, other.json().code]).toEqual([404, 'CASE_NOT_FOUND']);
    // The filing integrator relays the withdrawal, with the code the requester read out to the hotline.
    const code = await smsCodeFor(h, c, 'withdraw', fresh());
    const relayed = await post(c, 'withdraw', { reason: '来电撤回' }, { ...h.as('int-12345'), 'x-sms-code': code! });
    expect(relayed.statusCode, relayed.body).toBe(200);
    expect((await stepOf(c.id, 'withdrawn'))!.data).toEqual({ channel: 'integrator' });
    // An integrator's token on an officer's case is no way in either.
    const officers = await openCase(h, 'gas.fc1');
    expect((await post(officers, 'materials', { items: ['x'] }, h.as('int-12345'))).statusCode).toBe(404);
  });
});

describe('item 5: the one-time SMS code for withdrawing and rating', () => {
  it('is needed where a mobile phone is on file: without it 428, wrong 422, the right one withdraws; the unit head is told', async () => {
    const c = await openCase(h, 'housing.fc2');
    const bare = await post(c, 'withdraw', { reason: '已自行解决' });
    expect([bare.statusCode, bare.json().code]).toEqual([428, 'SMS_CODE_REQUIRED']);
    expect(bare.headers['content-type']).toContain('application/problem+json');

    const asked = await askCode(c, 'withdraw');
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ purpose: 'withdraw', sentTo: MASKED });
    const code = (await lastSmsCode(h, c.id));
    expect(code).toMatch(/^\d{6}$/);
    // The SMS goes to the phone on file; the store keeps only the code's hash.
    const sms = (await first(h.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), like(outbox.key, 'requester-code:%')))))!;
    expect(sms).toMatchObject({ template: 'requester_action_code', recipientKind: 'requester' });
    expect((sms.vars as Record<string, string>).phone).toBe(PHONE);
    expect(sms.body).toContain('撤回');
    const stored = (await h.db.select().from(requesterCodes).where(eq(requesterCodes.caseId, c.id)));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(stored[0].codeHash).toMatch(/^[0-9a-f]{64}$/);

    // A code asked for rating does not open the withdrawal.
    const wrong = await post(c, 'withdraw', {}, { 'x-sms-code': code === '000000' ? '000001' : '000000' });
    expect([wrong.statusCode, wrong.json().code, wrong.json().attemptsLeft]).toEqual([422, 'SMS_CODE_WRONG', 4]);
    expect((await getCase(h, c.id)).status).toBe('in_progress');

    const ok = await post(c, 'withdraw', { reason: '已自行解决' }, { 'x-sms-code': code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'withdrawn', requester: { phone: MASKED, smsCodeRequired: true } });
    // The step records the channel; the lead unit's head hears of it.
    const step = (await stepOf(c.id, 'withdrawn'))!;
    expect(step).toMatchObject({ actor: 'requester', note: '已自行解决', data: { channel: 'tracking_page' } });
    const notice = (await first(h.db.select().from(outbox).where(eq(outbox.key, `${c.id}:${step.seq}:head:housing`))));
    expect(notice).toMatchObject({ template: 'case_withdrawn', recipientId: 'housing.head', recipientKind: 'officer' });
    expect(notice!.body).toContain('查询码');
  });

  it('works once, for its purpose only; a retry of the same request passes, an expired code does not', async () => {
    const c = await resolved('civil.fc1');
    const withdrawCode = await smsCodeFor(h, c, 'withdraw', fresh());
    const notForRating = await post(c, 'rating', { rating: 'satisfied' }, { 'x-sms-code': withdrawCode! });
    expect([notForRating.statusCode, notForRating.json().code]).toEqual([428, 'SMS_CODE_REQUIRED']);

    const code = await smsCodeFor(h, c, 'rating', fresh());
    const key = { 'idempotency-key': 'rate-once-1', 'x-sms-code': code! };
    const first = await post(c, 'rating', { rating: 'satisfied', comment: '很快' }, key);
    expect(first.statusCode, first.body).toBe(200);
    // Verified: the requester proved the phone on file, so a return visit does not replace it (issue 30).
    expect((await stepOf(c.id, 'rated'))!.data).toEqual({ rating: 'satisfied', channel: 'tracking_page', verified: true });
    // The same request again (a lost answer) passes; another request with the used code does not.
    const retry = await post(c, 'rating', { rating: 'satisfied', comment: '很快' }, key);
    expect(retry.statusCode, retry.body).toBe(200);
    const reuse = await post(c, 'rating', { rating: 'satisfied' }, { 'x-sms-code': code! });
    expect([reuse.statusCode, reuse.json().code]).toEqual([428, 'SMS_CODE_REQUIRED']);
    // Once used, the outbox keeps no usable code.
    expect(JSON.stringify((await h.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.status, 'sent'), like(outbox.key, 'requester-code:%')))))).not.toContain(code!);

    // A code past its life.
    const quick = await appOver(h, { requesterCodes: { ...requesterCodeConfig(), ttlMs: 50 } });
    try {
      const d = await resolved('civil.fc2');
      expect((await askCode(d, 'rating', quick)).statusCode).toBe(202);
      const stale = (await lastSmsCode(h, d.id));
      await new Promise((r) => setTimeout(r, 120));
      const late = await quick.inject({ method: 'POST', url: `/v1/cases/${d.id}/rating`, headers: { 'x-tracking-code': d.trackingCode, 'x-sms-code': stale }, payload: { rating: 'satisfied' }, remoteAddress: fresh() });
      expect([late.statusCode, late.json().code]).toEqual([428, 'SMS_CODE_REQUIRED']);
      expect((await getCase(h, d.id)).rating).toBeUndefined();
    } finally {
      await quick.close();
    }
  });

  it('drops a code after the wrong tries allowed', async () => {
    const c = await openCase(h, 'market.fc1');
    const code = await smsCodeFor(h, c, 'withdraw', fresh());
    const bad = code === '123456' ? '654321' : '123456';
    for (let left = 4; left >= 1; left--) {
      const r = await post(c, 'withdraw', {}, { 'x-sms-code': bad });
      expect([r.statusCode, r.json().attemptsLeft]).toEqual([422, left]);
    }
    const last = await post(c, 'withdraw', {}, { 'x-sms-code': bad });
    expect([last.statusCode, last.json().code, last.json().attemptsLeft]).toEqual([422, 'SMS_CODE_WRONG', 0]);
    const dropped = await post(c, 'withdraw', {}, { 'x-sms-code': code! });
    expect([dropped.statusCode, dropped.json().code]).toEqual([428, 'SMS_CODE_REQUIRED']);
    expect((await getCase(h, c.id)).status).toBe('in_progress');
  });

  it('is limited: a new code while one waits after a minute, a few per case a day, and the SMS budget per number block', async () => {
    const c = await openCase(h, 'finance.fc1');
    const ask = () => h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/requester-code`, headers: { 'x-tracking-code': c.trackingCode, 'idempotency-key': 'code-1' }, payload: { purpose: 'withdraw' }, remoteAddress: fresh() });
    const firstAsk = await ask();
    expect(firstAsk.statusCode).toBe(202);
    // A retry of the same request (its answer was lost) answers the same, and sends no second SMS.
    const again = await ask();
    expect([again.statusCode, again.json().expiresAt]).toEqual([202, firstAsk.json().expiresAt]);
    expect((await h.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), like(outbox.key, 'requester-code:%'))))).toHaveLength(1);
    const soon = await askCode(c, 'withdraw');
    expect([soon.statusCode, soon.json().code]).toEqual([429, 'SMS_CODE_TOO_SOON']);
    expect(Number(soon.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(soon.headers['retry-after'])).toBeLessThanOrEqual(60);

    const few = await appOver(h, { requesterCodes: { ...requesterCodeConfig(), resendMs: 1, perCasePerDay: 2 } });
    try {
      const d = await openCase(h, 'finance.fc2');
      expect((await askCode(d, 'withdraw', few)).statusCode).toBe(202);
      await new Promise((r) => setTimeout(r, 5));
      expect((await askCode(d, 'rating', few)).statusCode).toBe(202);
      await new Promise((r) => setTimeout(r, 5));
      const third = await askCode(d, 'withdraw', few);
      expect([third.statusCode, third.json().code]).toEqual([429, 'SMS_CODE_LIMIT']);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await few.close();
    }

    const budget = await appOver(h, { smsBudget: { perHour: 1000, perDay: 1000, perPrefixPerDay: 1 } });
    try {
      const a = await openCase(h, 'gas.fc2', { requester: { kind: 'person', name: '甲', phone: '13700001111' } });
      const b = await openCase(h, 'gas.fc2', { requester: { kind: 'person', name: '乙', phone: '137 0000 2222' } });
      expect((await askCode(a, 'withdraw', budget)).statusCode).toBe(202);
      const sent = (await first(h.db.select({ n: sql<number>`count(*)` }).from(outbox).where(like(outbox.key, 'requester-code:%'))))!.n;
      const blocked = await askCode(b, 'withdraw', budget);
      expect([blocked.statusCode, blocked.json().code]).toEqual([429, 'SMS_PREFIX_LIMIT']);
      expect((await first(h.db.select({ n: sql<number>`count(*)` }).from(outbox).where(like(outbox.key, 'requester-code:%'))))!.n).toBe(sent);
    } finally {
      await budget.close();
    }
  });

  it('is not asked where no mobile phone is on file: the tracking code alone acts', async () => {
    for (const requester of [{ kind: 'person', name: '张先生' }, { kind: 'person', name: '李女士', phone: '0562-2881234' }]) {
      const c = await openCase(h, 'agriculture.fc1', { requester });
      const asked = await askCode(c, 'withdraw');
      expect([asked.statusCode, asked.json().code]).toEqual([409, 'NO_PHONE_ON_FILE']);
      const w = await post(c, 'withdraw', {});
      expect(w.statusCode, w.body).toBe(200);
      expect(w.json().requester.smsCodeRequired).toBe(false);
    }
  });

  it('records the channel of supplied materials too', async () => {
    const c = await openCase(h, 'planning.fc1');
    expect((await decide(h, c.id, 'planning.fc1', { action: 'request_materials', items: ['规划图'] })).statusCode).toBe(200);
    const m = await asRequester(h, c, 'materials', { items: ['规划图'] }, { remoteAddress: fresh() });
    expect(m.statusCode, m.body).toBe(200);
    expect((await stepOf(c.id, 'materials_supplied'))!.data).toMatchObject({ items: ['规划图'], channel: 'tracking_page' });
  });
});

/** Every key path of a JSON value; array items as `[]`. */
function keyPaths(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => keyPaths(x, `${at}[]`));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) => {
      const p = at ? `${at}.${k}` : k;
      return [p, ...keyPaths(x, p)];
    });
  }
  return [];
}

/** Everything the requester's view may hold, and nothing else. */
const REQUESTER_VIEW_KEYS = [
  'id',
  'title',
  'status',
  'tier',
  'phase',
  'deadlineAt',
  'deadlineProvisional',
  'requester',
  'requester.phone',
  'requester.smsCodeRequired',
  'materials',
  'materials.items',
  'materials.requestedAt',
  'materials.dueAt',
  'materials.suppliedAt',
  'materials.supplied',
  'materials.attachments',
  'materials.attachments[].id',
  'materials.attachments[].sha256',
  'materials.attachments[].size',
  'materials.attachments[].item',
  'outcome',
  'outcome.kind',
  'outcome.tier',
  'outcome.at',
  'outcome.result',
  'outcome.legalBasis',
  'outcome.explanation',
  'rating',
  'rating.rating',
  'rating.comment',
  'rating.at',
  'reopened',
  'reviewRequested',
  'createdAt',
  'timeline',
  'timeline[].seq',
  'timeline[].at',
  'timeline[].tier',
  'timeline[].action',
  'timeline[].label',
  'timeline[].labelEn',
  'notices',
  'notices[].at',
  'notices[].kind',
  'notices[].template',
  'notices[].text',
  'textMessages',
  'textMessages.mobile',
  'textMessages.stopped',
  'textMessages.stoppedAt',
];
/** Keys only a case that sent messages, or whose requester stopped them, has. */
const ONLY_WHEN_TOLD = [
  'notices[].at',
  'notices[].kind',
  'notices[].template',
  'notices[].text',
  'textMessages.stoppedAt',
  // Only materials sent with files have these.
  'materials.attachments',
  'materials.attachments[].id',
  'materials.attachments[].sha256',
  'materials.attachments[].size',
  'materials.attachments[].item',
];

describe('item 6: the requester\'s view', () => {
  it('carries tiers and the words meant for the requester, key by key, and nothing of who', async () => {
    const c = await openCase(h, 'housing-fund.fc1', { requester: { kind: 'person', name: '隐私甲', phone: PHONE } });
    expect((await decide(h, c.id, 'housing-fund.fc1', { action: 'request_materials', items: ['购房合同'], note: '内部：此人上次材料不全' })).statusCode).toBe(200);
    expect((await asRequester(h, c, 'materials', { items: ['购房合同'], note: '已交窗口' }, { remoteAddress: fresh() })).statusCode).toBe(200);
    expect((await decide(h, c.id, 'housing-fund.fc1', { action: 'escalate', reason: 'unsure', note: '内部研判：科长定' })).statusCode).toBe(200);
    const chief = (await getCase(h, c.id)).assignee.principalId as string;
    expect((await decide(h, c.id, chief, { action: 'resolve', result: '已办理提取，3个工作日内到账。' })).statusCode).toBe(200);
    const rated = await asRequester(h, c, 'rating', { rating: 'satisfied', comment: '满意' }, { remoteAddress: fresh() });
    expect(rated.statusCode, rated.body).toBe(200);

    const read = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: { 'x-tracking-code': c.trackingCode } });
    expect(read.statusCode, read.body).toBe(200);
    const view = read.json();
    const keys = [...new Set(keyPaths(view))];
    // Every key is one the view may hold: anything else (holders, assignee, actor, note, links, ...) fails here.
    expect(keys.filter((k) => !REQUESTER_VIEW_KEYS.includes(k))).toEqual([]);
    // And this case, which went through materials, an escalation, an answer and a rating, shows them
    // all (but the reasons for a "no").
    expect(keys.sort()).toEqual(REQUESTER_VIEW_KEYS.filter((k) => k !== 'outcome.legalBasis' && k !== 'outcome.explanation' && !ONLY_WHEN_TOLD.includes(k)).sort());
    // The same holds for the answer to a requester action.
    expect([...new Set(keyPaths(rated.json()))].filter((k) => !REQUESTER_VIEW_KEYS.includes(k))).toEqual([]);

    // Nobody's name or id, no internal note, no internal step.
    const full = await getCase(h, c.id);
    const text = read.body;
    for (const holder of full.holders as { principalId: string; name: string }[]) {
      expect(text).not.toContain(holder.principalId);
      expect(text).not.toContain(holder.name);
    }
    expect(text).not.toContain('内部');
    expect(text).not.toContain('隐私甲');
    expect(text).not.toContain(PHONE);
    expect(view.requester).toEqual({ phone: MASKED, smsCodeRequired: true });
    expect(view.timeline.map((s: { action: string }) => s.action)).toEqual(['received', 'assigned', 'materials_requested', 'materials_supplied', 'escalated', 'resolved', 'rated']);
    expect(view.timeline[4]).toMatchObject({ tier: '2', label: '提级', labelEn: 'escalated' });
    expect(view.outcome).toMatchObject({ kind: 'resolved', tier: '2', result: '已办理提取，3个工作日内到账。' });
  });

  it('hides the reminders and rejected attempts an officer\'s view shows', async () => {
    const c = await openCase(h, 'civil.fc2');
    // A rejected asynchronous decision (a refusal below tier 4) lands on the timeline as rejected.
    const r = await decide(h, c.id, 'civil.fc2', { action: 'refuse', legalBasis: 'x', explanation: 'y' }, { prefer: 'respond-async' });
    expect(r.statusCode).toBe(202);
    await eventually(() => getCase(h, c.id), (x) => x.timeline.some((s: { action: string }) => s.action === 'rejected'));
    const view = (await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: { 'x-tracking-code': c.trackingCode } })).json();
    expect(view.timeline.map((s: { action: string }) => s.action)).toEqual(['received', 'assigned']);
  });
});

describe('item 6: the phone in decision answers', () => {
  it('is masked for a city leader, as the privacy rule says, and shown to the unit\'s officer', async () => {
    const c = await openCase(h, 'market.fc2');
    let holder = 'market.fc2';
    for (let i = 0; i < 3; i++) {
      const r = await decide(h, c.id, holder, { action: 'escalate', reason: 'cross_department', note: '需要更高层级研判' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().requester.phone).toBe(PHONE); // an officer of the case reads it in full
      holder = r.json().assignee.principalId;
    }
    const ref = await decide(h, c.id, holder, { action: 'refer_to_city', suggestions: '请市领导协调' });
    expect(ref.statusCode, ref.body).toBe(200);
    const leader = ref.json().assignee.principalId as string;
    const done = await decide(h, c.id, leader, { action: 'resolve', result: '市里协调办结' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().requester.phone).toBe(MASKED);
    expect(done.body).not.toContain(PHONE);
  });
});
