// The public doors read as an attacker would: the complaint form cannot be flooded (per address with
// IPv6 counted per /64, per phone, per unit; 429 with Retry-After and nothing stored), a complaint that
// needs an SMS code counts only once verified (no workflow, no shelved mark before), the unit head gets
// one SMS per 30 minutes, complaints queue behind deadlines, the complainant is masked for the unit's
// other officers, a case id cannot be probed, the library masks personal data and keeps cases to those
// who may see them, highlight() is linear, /v1/stats agrees with the old in-memory numbers, and
// notifications that fail for good wait in a dead-letter list until a supervisor sends them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { accountabilityRecords, caseSteps, cases, complaints, complaintSmsDigests, officerEvents, outbox, pendingComplaints, reviewFindings, reviews } from '../db/schema.js';
import { createComplaintActivities, HEAD_SMS_SPAN_MS } from '../activities/complaints.js';
import { createDispatcher, enqueueNotifications, type OutboxMessage } from '../notify/index.js';
import { complaintWorkflowId } from '../workflows/definitions.js';
import { highlight } from '../domain/library.js';
import { maskPersonal } from '../domain/privacy.js';
import { addressBucket } from '../api/public-limits.js';
import { cityStats } from '../services/stats.js';
import { cityStatsInMemory } from './support/stats-reference.js';
import { decide, openCase, until } from './support/cases.js';
import { first } from '../db/store.js';

let h: Harness;
const saved = { ...process.env };
beforeAll(async () => {
  // Small limits, read when the app registers its routes; civil's complaints need an SMS code.
  Object.assign(process.env, {
    COMPLAINT_LIMIT_PER_ADDRESS_PER_MINUTE: '5',
    COMPLAINT_LIMIT_PER_PHONE_PER_DAY: '2',
    COMPLAINT_LIMIT_PER_UNIT_PER_DAY: '3',
    COMPLAINT_VERIFICATION: 'civil',
  });
  h = await startHarness({ policy: { ...FAST_POLICY, complaintContact: { duration: '1s' } } });
});
afterAll(async () => {
  await h?.close();
  process.env = saved;
});

let addr = 0;
/** A fresh IPv4 address per call, so the per-address limit stays out of tests about other limits. */
const fresh = () => `198.51.100.${++addr}`;
const file = (payload: object, remoteAddress = fresh(), headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/v1/complaints', payload, remoteAddress, headers });
const complaint = (over: Record<string, unknown> = {}, phone = '13905621000') => ({
  windowCode: 'W-housing-01',
  contact: { name: '王女士', phone },
  content: '窗口说办不了。',
  ...over,
});
const counts = async () => ({
  complaints: (await first(h.db.select({ n: sql<number>`count(*)` }).from(complaints)))!.n,
  pending: (await first(h.db.select({ n: sql<number>`count(*)` }).from(pendingComplaints)))!.n,
  outbox: (await first(h.db.select({ n: sql<number>`count(*)` }).from(outbox)))!.n,
});

describe('the complaint form under a flood', () => {
  it('counts an IPv6 /64 as one address: 429 with Retry-After, nothing stored', async () => {
    expect(addressBucket('2001:db8:1:2::1')).toBe(addressBucket('2001:db8:1:2:ffff:ffff:ffff:fffe'));
    expect(addressBucket('2001:db8:1:2::1')).not.toBe(addressBucket('2001:db8:1:3::1'));
    expect(addressBucket('::ffff:203.0.113.9')).toBe(addressBucket('203.0.113.9'));
    const before = (await counts());
    // Five requests from one /64 (invalid bodies count too: the limit comes before validation).
    for (let i = 1; i <= 5; i++) {
      const r = await file({ windowCode: 'W-housing-01' }, `2001:db8:1:2::${i.toString(16)}`);
      expect(r.statusCode).toBe(400);
    }
    const limited = await file(complaint({}, '13905621001'), '2001:db8:1:2:abcd:ef01:2345:6789');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await counts())).toEqual(before);
    // The next /64 is another subscriber.
    const other = await file(complaint({}, '13905621001'), '2001:db8:1:3::1');
    expect(other.statusCode).toBe(201);
  });

  it('limits one phone per day, however it is written: 429 COMPLAINT_LIMIT_PHONE, nothing stored', async () => {
    const phone = '13905622000';
    const firstFiled = await file(complaint({}, phone));
    const second = await file(complaint({ content: '第二次' }, '+86 139-0562-2000'));
    expect([firstFiled.statusCode, second.statusCode]).toEqual([201, 201]);
    // The accepted ones' workflows tell their units; once their windows are set, what they wrote is in.
    for (const id of [firstFiled.json().id, second.json().id]) await until('the contact window', async () => (await first(h.db.select().from(complaints).where(eq(complaints.id, id))))?.contactDueAt);
    const before = (await counts());
    for (const written of [phone, '+8613905622000', '139 0562 2000']) {
      const r = await file(complaint({ content: '第三次' }, written));
      expect(r.statusCode).toBe(429);
      expect(r.json().code).toBe('COMPLAINT_LIMIT_PHONE');
      // Until the next midnight in Beijing.
      const retry = Number(r.headers['retry-after']);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(86_400);
    }
    expect((await counts())).toEqual(before);
    expect((await h.db.select().from(complaints).where(eq(complaints.content, '第三次')))).toHaveLength(0);
  });

  it('limits the form per unit per day, not a 12345 integrator filing for citizens', async () => {
    for (let i = 0; i < 3; i++) {
      const filed = await file(complaint({ windowCode: 'W-market-01' }, `1390562300${i}`));
      expect(filed.statusCode).toBe(201);
      // Its workflow tells the unit meanwhile: once its window is set, what it wrote is in.
      await until('the contact window', async () => (await first(h.db.select().from(complaints).where(eq(complaints.id, filed.json().id))))?.contactDueAt);
    }
    const before = (await counts());
    const r = await file(complaint({ windowCode: 'W-market-01' }, '13905623009'));
    expect([r.statusCode, r.json().code]).toEqual([429, 'COMPLAINT_LIMIT_UNIT']);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect((await counts())).toEqual(before);
    // Another unit is not affected, and neither is the hotline platform.
    expect((await file(complaint({ windowCode: 'W-gas-01' }, '13905623009'))).statusCode).toBe(201);
    expect((await file(complaint({ windowCode: 'W-market-01' }, '13905623008'), fresh(), h.as('int-12345'))).statusCode).toBe(201);
  });

  it('throttles tracking-code guesses per /64 too, counted in SQLite', async () => {
    let last = 0;
    for (let i = 1; i <= 61; i++) {
      last = (await h.app.inject({ method: 'GET', url: `/v1/cases/H-19700101-NOPE99?trackingCode=GUESS${i}`, remoteAddress: `2001:db8:9:9::${i.toString(16)}` })).statusCode;
    }
    expect(last).toBe(429);
    const rows = (await h.db.all<{ bucket: string; count: number }>(sql`select bucket, count from rate_counters where bucket like 'route:%2001:db8:9:9::/64'`));
    expect(rows).toHaveLength(1);
    expect(rows[0].count).toBe(61);
    // Another /64 is not affected.
    expect((await h.app.inject({ method: 'GET', url: '/v1/cases/H-19700101-NOPE99?trackingCode=GUESS', remoteAddress: '2001:db8:9:a::1' })).statusCode).toBe(404);
  });

  it('keeps its counters in SQLite, with no phone in clear', async () => {
    const rows = (await h.db.all<{ bucket: string; count: number }>(sql`select bucket, count from rate_counters where bucket = 'complaints:unit:market'`));
    expect(rows).toEqual([{ bucket: 'complaints:unit:market', count: 3 }]);
    // No phone is kept in clear in a bucket name.
    expect(JSON.stringify((await h.db.all(sql`select bucket from rate_counters`)))).not.toContain('13905622000');
  });
});

describe('SMS verification', () => {
  it('a complaint that needs a code counts only once verified: no workflow, no shelved mark before', async () => {
    const landline = await file(complaint({ windowCode: 'W-civil-01' }, '0562-2881234'));
    expect([landline.statusCode, landline.json().code]).toEqual([422, 'MOBILE_REQUIRED']);

    const before = (await counts());
    // Only this form's messages: other workflows of the slice (deadlines, the calendar alarm) write to the outbox meanwhile.
    const codesSent = async () => (await h.db.select().from(outbox).where(like(outbox.key, 'complaint-verify:%'))).length;
    const codesBefore = (await codesSent());
    const res = await file(complaint({ windowCode: 'W-civil-01', content: '要求的材料一次比一次多。' }, '13905624000'), fresh(), { 'idempotency-key': 'verify-1' });
    expect(res.statusCode).toBe(202);
    const pending = res.json();
    expect(pending).toMatchObject({ verification: 'required' });
    expect((await counts())).toMatchObject({ complaints: before.complaints, pending: before.pending + 1 });
    // The code went out by SMS on the complaint queue; nothing else did.
    const sms = (await first(h.db.select().from(outbox).where(eq(outbox.key, `complaint-verify:${pending.id}`))))!;
    expect(sms).toMatchObject({ template: 'complaint_verification_code', recipientKind: 'requester' });
    const code = (sms.vars as Record<string, string>).code;
    expect(code).toMatch(/^\d{6}$/);
    expect((await h.db.select().from(outbox).where(like(outbox.key, `complaint:${pending.id}:%`)))).toHaveLength(0);
    // A retry with the same key sends no second code.
    const retry = await file(complaint({ windowCode: 'W-civil-01', content: '要求的材料一次比一次多。' }, '13905624000'), fresh(), { 'idempotency-key': 'verify-1' });
    expect([retry.statusCode, retry.json().id]).toEqual([202, pending.id]);
    expect((await codesSent())).toBe(codesBefore + 1);

    // An unverified complaint, left alone, starts nothing and marks no one as shelved.
    const ignored = (await file(complaint({ windowCode: 'W-civil-01', content: '无人验证' }, '13905624001'))).json();
    await expect(h.client.workflow.getHandle(complaintWorkflowId(ignored.id)).describe()).rejects.toThrow();

    const wrong = await h.app.inject({ method: 'POST', url: `/v1/complaints/${pending.id}/verify`, payload: { code: code === '000000' ? '111111' : '000000' }, remoteAddress: fresh() });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'VERIFICATION_CODE_WRONG']);
    expect((await first(h.db.select().from(complaints).where(eq(complaints.id, pending.id))))).toBeUndefined();

    const ok = await h.app.inject({ method: 'POST', url: `/v1/complaints/${pending.id}/verify`, payload: { code }, remoteAddress: fresh() });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ id: pending.id, status: 'open', unit: { id: 'civil' } });
    expect((await first(h.db.select().from(pendingComplaints).where(eq(pendingComplaints.id, pending.id))))).toBeUndefined();
    const again = await h.app.inject({ method: 'POST', url: `/v1/complaints/${pending.id}/verify`, payload: { code }, remoteAddress: fresh() });
    expect([again.statusCode, again.json().id]).toEqual([200, pending.id]);

    // The verified one runs its course: its contact window (1 s here) lapses and marks civil's head.
    await until('the verified complaint to lapse', async () => (await first(h.db.select().from(complaints).where(eq(complaints.id, pending.id))))?.contactLapsedAt);
    expect((await h.db.select().from(officerEvents).where(eq(officerEvents.caseId, `complaint:${pending.id}`)))).toMatchObject([{ officerId: 'civil.head', kind: 'shelved' }]);
    // The unverified one, by then well past any contact window, left no trace.
    expect((await h.db.select().from(officerEvents).where(eq(officerEvents.caseId, `complaint:${ignored.id}`)))).toHaveLength(0);
    expect((await first(h.db.select().from(complaints).where(eq(complaints.id, ignored.id))))).toBeUndefined();
    await expect(h.client.workflow.getHandle(complaintWorkflowId(ignored.id)).describe()).rejects.toThrow();

    // Wrong codes up to the limit drop the pending complaint.
    const itsCode = ((await first(h.db.select().from(outbox).where(eq(outbox.key, `complaint-verify:${ignored.id}`))))!.vars as Record<string, string>).code;
    const bad = itsCode === '999999' ? '888888' : '999999';
    const tryCode = () => h.app.inject({ method: 'POST', url: `/v1/complaints/${ignored.id}/verify`, payload: { code: bad }, remoteAddress: fresh() });
    for (let i = 0; i < 4; i++) expect((await tryCode()).json().code).toBe('VERIFICATION_CODE_WRONG');
    const last = await tryCode();
    expect([last.statusCode, last.json().code]).toEqual([422, 'VERIFICATION_FAILED']);
    expect((await first(h.db.select().from(pendingComplaints).where(eq(pendingComplaints.id, ignored.id))))).toBeUndefined();
    const gone = await h.app.inject({ method: 'POST', url: `/v1/complaints/${ignored.id}/verify`, payload: { code: itsCode }, remoteAddress: fresh() });
    expect([gone.statusCode, gone.json().code]).toEqual([404, 'VERIFICATION_NOT_FOUND']);
    expect((await first(h.db.select().from(complaints).where(eq(complaints.id, ignored.id))))).toBeUndefined();

    // Wrong codes sent all at once count one each: ten at a time cannot guess past the five allowed.
    const raced = (await file(complaint({ windowCode: 'W-civil-01', content: '同时试十个验证码' }, '13905624002'))).json();
    const racedCode = ((await first(h.db.select().from(outbox).where(eq(outbox.key, `complaint-verify:${raced.id}`))))!.vars as Record<string, string>).code;
    const notIt = racedCode === '999999' ? '888888' : '999999';
    const tries = await Promise.all(
      Array.from({ length: 10 }, () => h.app.inject({ method: 'POST', url: `/v1/complaints/${raced.id}/verify`, payload: { code: notIt }, remoteAddress: fresh() })),
    );
    expect(tries.filter((t) => t.json().code === 'VERIFICATION_CODE_WRONG')).toHaveLength(4);
    expect(tries.filter((t) => t.json().code === 'VERIFICATION_FAILED').length).toBeGreaterThanOrEqual(1);
    const late = await h.app.inject({ method: 'POST', url: `/v1/complaints/${raced.id}/verify`, payload: { code: racedCode }, remoteAddress: fresh() });
    expect([late.statusCode, late.json().code]).toEqual([404, 'VERIFICATION_NOT_FOUND']);
  });
});

describe('the unit head SMS', () => {
  it('goes at once after a quiet spell, then at most once per 30 minutes as a digest', async () => {
    // Five complaints about planning at t0, +5, +10, +31 and +65 minutes, told to the head by the activity.
    const t0 = Date.parse('2026-03-02T01:00:00.000Z');
    const ids: string[] = [];
    for (const [i, min] of [0, 5, 10, 31, 65].entries()) {
      const id = `C-20260302-DIGST${i}`;
      ids.push(id);
      await h.db.insert(complaints).values({ id, workflowId: complaintWorkflowId(id), unitId: 'planning', contactName: '某', contactPhone: '13905625000', content: `第${i}件`, status: 'open', filedAt: new Date(t0 + min * 60_000).toISOString() });
      const acts = createComplaintActivities(h.db, () => new Date(t0 + min * 60_000));
      await acts.notifyComplaintFiled({ complaintId: id, group: 'head_sms' });
      // Told twice (a retried activity): nothing more.
      expect(await acts.notifyComplaintFiled({ complaintId: id, group: 'head_sms' })).toBe(0);
    }
    const sms = (await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipientId, 'planning.head'), like(outbox.template, 'complaint_sms%')))
      .orderBy(outbox.nextAttemptAt));
    expect(sms.map((s) => [s.template, s.nextAttemptAt])).toEqual([
      ['complaint_sms_head', new Date(t0).toISOString()],
      ['complaint_sms_digest_head', new Date(t0 + HEAD_SMS_SPAN_MS).toISOString()],
      ['complaint_sms_digest_head', new Date(t0 + 2 * HEAD_SMS_SPAN_MS).toISOString()],
      ['complaint_sms_digest_head', new Date(t0 + 3 * HEAD_SMS_SPAN_MS).toISOString()],
    ]);
    for (let i = 1; i < sms.length; i++) expect(Date.parse(sms[i].nextAttemptAt) - Date.parse(sms[i - 1].nextAttemptAt)).toBeGreaterThanOrEqual(HEAD_SMS_SPAN_MS);
    // The first digest gathers the two complaints of its half hour, each complaint in exactly one SMS.
    expect(sms[1].body).toContain('2件');
    expect(sms[1].body).toContain(ids[1]);
    expect(sms[1].body).toContain(ids[2]);
    const digests = (await h.db.select().from(complaintSmsDigests).where(eq(complaintSmsDigests.unitId, 'planning')));
    expect(digests.flatMap((d) => d.complaintIds).sort()).toEqual([...ids].sort());
  });

  it('sends complaints behind deadline notices, and can run a queue on its own', async () => {
    const at = new Date('2026-03-03T00:00:00.000Z');
    await h.db.delete(outbox).where(sql`status = 'pending'`);
    await enqueueNotifications(h.db, [{ key: 'q:complaint', recipientId: 'housing', recipientKind: 'unit', template: 'complaint_filed', vars: { unitName: '住建', complaintId: 'C-1', content: 'x' } }], at);
    await enqueueNotifications(h.db, [{ key: 'q:deadline', recipientId: 'housing.fc1', recipientKind: 'officer', template: 'case_reminder', vars: { caseId: 'H-1', title: 't', deadline: 'd' } }], at);
    const got: OutboxMessage[] = [];
    const channel = { name: 'capture', deliver: async (m: OutboxMessage) => void got.push(m) };
    await createDispatcher({ db: h.db, channel, batchSize: 1 }).runOnce(at);
    expect(got.map((m) => m.key)).toEqual(['q:deadline']); // older complaint, yet behind the deadline
    const casesOnly = createDispatcher({ db: h.db, channel, queues: ['cases'] });
    expect(await casesOnly.runOnce(at)).toEqual({ sent: 0, failed: 0, retried: 0 });
    await createDispatcher({ db: h.db, channel, queues: ['complaints'] }).runOnce(at);
    expect(got.map((m) => m.key)).toEqual(['q:deadline', 'q:complaint']);
  });
});

describe('the complainant is seen by few', () => {
  it('masks name, phone and text for officers other than the head and the contact officer; findings are the supervisors\'', async () => {
    const filed = (await file(complaint({ windowCode: 'W-housing-fund-01', contact: { name: '张桂兰', phone: '13905626000' }, content: '我是张桂兰，电话13905626000，窗口工作人员态度恶劣。' }))).json();
    const view = async (who: string) => (await h.app.inject({ method: 'GET', url: `/v1/complaints/${filed.id}`, headers: h.as(who) })).json();
    const masked = await view('housing-fund.fc2');
    expect(masked).toMatchObject({ masked: true, contact: { name: '张**', phone: '139****6000' } });
    expect(JSON.stringify(masked)).not.toContain('13905626000');
    expect(JSON.stringify(masked)).not.toContain('张桂兰');
    const listed = (await h.app.inject({ method: 'GET', url: '/v1/complaints', headers: h.as('housing-fund.fc2') })).json();
    expect(JSON.stringify(listed)).not.toContain('13905626000');
    for (const who of ['housing-fund.head', 'sup-1']) expect(await view(who)).toMatchObject({ masked: false, contact: { name: '张桂兰', phone: '13905626000' } });

    // Only the head designates; an officer cannot take the complaint (and its data) for themselves.
    const self = await h.app.inject({ method: 'POST', url: `/v1/complaints/${filed.id}/contact-officer`, headers: h.as('housing-fund.fc2'), payload: { officerId: 'housing-fund.fc2' } });
    expect([self.statusCode, self.json().code]).toEqual([403, 'NOT_UNIT_HEAD']);
    const notOfficer = await h.app.inject({ method: 'POST', url: `/v1/complaints/${filed.id}/contact-officer`, headers: h.as('housing-fund.head'), payload: { officerId: 'housing.fc1' } });
    expect([notOfficer.statusCode, notOfficer.json().code]).toEqual([422, 'NOT_UNIT_OFFICER']);
    const noCall = await h.app.inject({ method: 'POST', url: `/v1/complaints/${filed.id}/contact`, headers: h.as('housing-fund.fc2'), payload: { note: '已联系' } });
    expect([noCall.statusCode, noCall.json().code]).toEqual([403, 'NOT_CONTACT_OFFICER']);
    expect((await view('sup-1')).status).toBe('open');

    const d = await h.app.inject({ method: 'POST', url: `/v1/complaints/${filed.id}/contact-officer`, headers: h.as('housing-fund.head'), payload: { officerId: 'housing-fund.fc1' } });
    expect(d.statusCode).toBe(200);
    expect(await view('housing-fund.fc1')).toMatchObject({ masked: false, contactOfficerId: 'housing-fund.fc1', contact: { phone: '13905626000' } });
    expect(await view('housing-fund.fc2')).toMatchObject({ masked: true });
    const called = await h.app.inject({ method: 'POST', url: `/v1/complaints/${filed.id}/contact`, headers: h.as('housing-fund.fc1'), payload: { note: '已电话联系并致歉。' } });
    expect(called.statusCode).toBe(200);

    const closed = await h.app.inject({ method: 'POST', url: `/v1/complaints/${filed.id}/close`, headers: h.as('sup-1'), payload: { upheld: true, findings: '窗口人员态度问题属实。', officerIds: ['housing-fund.fc2'] } });
    expect(closed.json()).toMatchObject({ findings: '窗口人员态度问题属实。', officerIds: ['housing-fund.fc2'] });
    for (const who of ['housing-fund.head', 'housing-fund.fc1', 'housing-fund.fc2']) expect(await view(who)).toMatchObject({ upheld: true, findings: null, officerIds: [] });
  });
});

describe('no oracles', () => {
  it('answers an unknown and an existing case alike without credentials, and changes nothing', async () => {
    const c = await openCase(h, 'yian.fc1');
    const row = async () => (await first(h.db.select().from(cases).where(eq(cases.id, c.id))));
    const before = (await row());
    const real = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}` });
    const fake = await h.app.inject({ method: 'GET', url: '/v1/cases/H-19700101-NOPE99' });
    expect(real.statusCode).toBe(401);
    expect([fake.statusCode, fake.body, fake.headers['content-type']]).toEqual([real.statusCode, real.body, real.headers['content-type']]);
    // Every route that reads a case answers alike: its trace on the process diagram too.
    const realTrace = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/trace` });
    const fakeTrace = await h.app.inject({ method: 'GET', url: '/v1/cases/H-19700101-NOPE99/trace' });
    expect(realTrace.statusCode).toBe(401);
    expect(fakeTrace.body).toBe(realTrace.body);
    const realCode = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=WRONG` });
    const fakeCode = await h.app.inject({ method: 'GET', url: '/v1/cases/H-19700101-NOPE99?trackingCode=WRONG' });
    expect(realCode.statusCode).toBe(404);
    expect(fakeCode.body).toBe(realCode.body);
    // The requester still reads their case with the code.
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=${c.trackingCode}` })).statusCode).toBe(200);
    expect((await row())).toEqual(before);

    // A complaint names a case only with its code, and answers alike for a wrong code and no case.
    const before2 = (await counts());
    const wrongCode = await file(complaint({ windowCode: undefined, caseId: c.id, trackingCode: 'WRONG' }, '13905627000'));
    const noCase = await file(complaint({ windowCode: undefined, caseId: 'H-19700101-NOPE99', trackingCode: 'WRONG' }, '13905627000'));
    expect([wrongCode.statusCode, wrongCode.json().code]).toEqual([422, 'CASE_NOT_VERIFIED']);
    expect(noCase.body).toBe(wrongCode.body);
    expect((await counts())).toEqual(before2);
    const right = await file(complaint({ windowCode: undefined, caseId: c.id, trackingCode: c.trackingCode }, '13905627000'));
    expect(right.json()).toMatchObject({ caseId: c.id, unit: { id: 'yian' } });
  });
});

describe('the library', () => {
  it('masks personal data before a resolved case is searchable, and shows a unit\'s cases only to who may see them', async () => {
    expect(maskPersonal('张桂兰，身份证340702198001011234，住长江西路12号5栋2单元301室，电话13905620001、0562-2881234。', '张桂兰')).toBe(
      '某某，身份证[身份证号]，[地址]，电话139****0001、[电话]。',
    );
    const c = await openCase(h, 'agriculture.fc1', {
      requester: { kind: 'person', name: '刘秀英', phone: '13905628000' },
      title: '刘秀英申请补办土地承包经营权证',
      description: '刘秀英（身份证340702196502031234）反映，其家住义安路88号3栋1单元502室，承包地证书遗失，联系电话13905628000，座机0562-5551234。刘女士多次来访。',
      category: 'land',
    });
    const resolved = await decide(h, c.id, 'agriculture.fc1', { action: 'resolve', result: '已为刘秀英补办土地承包经营权证，送至义安路88号。' });
    expect(resolved.statusCode).toBe(200);
    const search = (q: string, who: string) => h.app.inject({ method: 'GET', url: `/v1/precedents/search?scope=cases&q=${encodeURIComponent(q)}`, headers: h.as(who) });

    const hit = (await search('承包经营权证', 'agriculture.fc2')).json().items.find((x: { id: string }) => x.id === c.id);
    expect(hit).toBeDefined();
    const shown = JSON.stringify(hit);
    for (const secret of ['刘秀英', '340702196502031234', '13905628000', '5551234', '义安路88号', '502室', '刘女士']) expect(shown, secret).not.toContain(secret);
    // Not searchable by what was masked.
    for (const q of ['刘秀英', '340702196502031234', '13905628000', '义安路88号']) expect((await search(q, 'sup-1')).json().items.map((x: { id: string }) => x.id), q).not.toContain(c.id);
    // The case itself keeps its words for those who may read it.
    expect((await first(h.db.select().from(cases).where(eq(cases.id, c.id))))!.description).toContain('刘秀英');

    // Visibility: the unit's own officers, the city and the efficiency office; not another unit's officers.
    for (const who of ['agriculture.fc2', 'sup-1', 'city-mayor']) expect((await search('承包经营权证', who)).json().items.map((x: { id: string }) => x.id), who).toContain(c.id);
    for (const who of ['housing.fc1', 'housing.head', 'int-12345']) {
      const r = await search('承包经营权证', who);
      expect(r.statusCode, who).toBe(200);
      expect(r.json().items.map((x: { id: string }) => x.id), who).not.toContain(c.id);
    }

    // Promoted to a precedent (read by everyone), what is taken from the case is masked alike.
    const promoted = await h.app.inject({ method: 'POST', url: '/v1/precedents', headers: h.as('sup-1'), payload: { source: { kind: 'local_case', caseId: c.id } } });
    expect(promoted.statusCode).toBe(201);
    expect(promoted.json().title).toBe('某某申请补办土地承包经营权证');
    for (const secret of ['刘秀英', '340702196502031234', '13905628000', '义安路88号']) expect(JSON.stringify(promoted.json()), secret).not.toContain(secret);
  });

  it('highlights a crafted document of matches everywhere without hanging (linear work, not quadratic)', async () => {
    // A megabyte of overlapping matches: linear work answers within a second or so; quadratic work
    // would not finish within the test's timeout. No time is asserted: speed is the bench's business.
    const crafted = 'a'.repeat(1_048_576);
    const terms = ['aaa', 'aaaa', 'aaaaa', 'aa'];
    const out = highlight(crafted, terms);
    expect(out).toBe(`<mark>${'a'.repeat(90)}</mark>…`);
    // Same answers as before on plain text.
    expect(highlight('消防验收：先行消防验收，同步补办', ['消防'])).toBe('<mark>消防</mark>验收：先行<mark>消防</mark>验收，同步补办');

    // Through the API: a precedent of 10 kB of matches, searched.
    const p = await h.app.inject({
      method: 'POST',
      url: '/v1/precedents',
      headers: h.as('sup-1'),
      payload: { source: { kind: 'elsewhere', place: '某市', documentedIn: '某市文件' }, title: '构造文档', kind: 'other', problem: '验收'.repeat(2500), solution: '验收验收', unitIds: ['housing'] },
    });
    expect(p.statusCode, p.body).toBe(201);
    const r = await h.app.inject({ method: 'GET', url: `/v1/precedents/search?scope=precedents&q=${encodeURIComponent('验收验收 验收')}`, headers: h.as('housing.fc1') });
    expect(r.statusCode, r.body).toBe(200);
    const found = (r.json().items as { id: string; snippet: string }[]).find((x) => x.id === p.json().id);
    // The snippet is one window of the document, all of it matched: one mark around 90 characters.
    expect(found?.snippet).toBe(`<mark>${'验收'.repeat(45)}</mark>…`);
  });
});

describe('/v1/stats', () => {
  it('gives the same numbers from SQL aggregates as the old whole-table count', async () => {
    await h.stopWorker(); // nothing moves while both counts run
    // A few thousand rows of every shape the statistics read, written straight to the store.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const now = new Date('2026-03-04T03:00:00.000Z');
    const statuses = ['in_progress', 'awaiting_materials', 'coordinating', 'at_city', 'resolved', 'refused', 'withdrawn'] as const;
    const unitIds = ['housing', 'civil', 'planning', 'gas', 'market'];
    await h.db.tx(async (tx) => {
      for (let i = 0; i < 1500; i++) {
        const id = `S-${i}`;
        const status = pick(statuses);
        const at = new Date(now.getTime() - Math.floor(rnd() * 100 * 86_400_000)).toISOString();
        const deadlineAt = rnd() < 0.8 ? new Date(now.getTime() + (rnd() - 0.5) * 10 * 86_400_000).toISOString() : null;
        const closedTier = status === 'resolved' || status === 'refused' ? pick(['1', '2', '3', '4', 'city', null]) : null;
        const rating = rnd() < 0.4 ? pick(['very_satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied', 'very_unsatisfied', 'bogus']) : null;
        await tx.insert(cases).values({
          id, workflowId: `case-${id}`, trackingCodeHash: 'x', createdBy: 'int-12345', title: 't', description: 'd', channel: 'api',
          requesterKind: 'enterprise', requesterName: 'r', status, tier: pick(['1', '2', '3', '4', 'city']), leadUnitId: pick(unitIds),
          deadlineAt, closedTier, rating,
          // The judgement the figures count: with no return visit or appeal, the rating itself (domain/satisfaction.ts).
          countedRating: rating, countedRatingAt: rating ? at : null,
          lastSeq: rnd() < 0.95 ? 3 : 0, createdAt: at, updatedAt: at,
        });
        const steps = Math.floor(rnd() * 5);
        for (let s = 1; s <= steps; s++) {
          await tx.insert(caseSteps).values({ caseId: id, seq: s, at, tier: '1', actor: pick(['system', 'requester', 'housing.fc1', 'civil.fc1']), action: pick(['received', 'assigned', 'deadline_lapsed', 'escalated', 'resolved', 'reminded']) });
        }
      }
      for (let i = 0; i < 600; i++) {
        // Some exactly on a week boundary (Sunday 16:00 UTC = Monday 00:00 Beijing) or just before it.
        const edge = rnd() < 0.1 ? Date.parse('2026-02-22T16:00:00.000Z') - (rnd() < 0.5 ? 1 : 0) : now.getTime() - Math.floor(rnd() * 120 * 86_400_000);
        const id = `C-STATS-${i}`;
        await tx.insert(complaints).values({ id, workflowId: `complaint-${id}`, unitId: pick(unitIds), contactName: 'x', contactPhone: '13900000000', content: 'x', status: pick(['open', 'contacted', 'closed']), filedAt: new Date(edge).toISOString(), contactLapsedAt: rnd() < 0.3 ? now.toISOString() : null });
      }
      await tx.insert(reviews).values({ id: 'R-STATS', openedBy: 'sup-1', openedAt: now.toISOString() });
      for (let i = 0; i < 40; i++) {
        const kind = pick(['not_escalated', 'shelved', 'over_escalation']);
        await tx.insert(reviewFindings).values({ id: `F-STATS-${i}`, reviewId: 'R-STATS', kind, officerId: 'housing.fc1', subjectRef: `S-${i}`, seq: i, proposedBy: 'system', summary: 's', status: 'confirmed' });
        await tx.insert(accountabilityRecords).values({ id: `A-STATS-${i}`, findingId: `F-STATS-${i}`, reviewId: 'R-STATS', kind, level: pick(['reminder', 'notice', 'accountability']), officerId: 'housing.fc1', summary: 's', recordedBy: 'sup-1', recordedAt: now.toISOString() });
      }
    });
    const tOld = performance.now();
    const old = (await cityStatsInMemory(h.db, now));
    const oldMs = performance.now() - tOld;
    const tNew = performance.now();
    const fresh = (await cityStats(h.db, now));
    const newMs = performance.now() - tNew;
    expect(fresh).toEqual(old);
    expect(fresh.totals.cases).toBeGreaterThan(1400);
    expect(fresh.complaints.perWeek.reduce((n, w) => n + w.count, 0)).toBeGreaterThan(0);
    console.log(`stats: aggregates ${newMs.toFixed(1)} ms, whole tables ${oldMs.toFixed(1)} ms (ratio ${(newMs / oldMs).toFixed(2)})`);
    // And through the API, for the city.
    const api = await h.app.inject({ method: 'GET', url: '/v1/stats', headers: h.as('city-mayor') });
    expect(api.statusCode).toBe(200);
    expect(api.json().totals).toEqual((await cityStatsInMemory(h.db, new Date())).totals);
  });
});

describe('dead letters', () => {
  it('keeps notifications that failed for good where supervisors see them, and sends them again on request', async () => {
    const at = new Date('2026-03-05T00:00:00.000Z');
    await h.db.delete(outbox).where(sql`status in ('pending', 'sending')`);
    await enqueueNotifications(h.db, [{ key: 'dead:1', recipientId: 'housing.fc1', recipientKind: 'officer', template: 'case_reminder', vars: { caseId: 'H-9', title: '电话13905629000', deadline: 'd' } }], at);
    const down = createDispatcher({ db: h.db, channel: { name: 'down', deliver: async () => { throw new Error('gateway 503'); } }, maxAttempts: 2, baseDelayMs: 1000, jitter: 0 });
    await down.runOnce(at);
    expect(await down.runOnce(new Date(at.getTime() + 60_000))).toMatchObject({ failed: 1 });
    const row = (await first(h.db.select().from(outbox).where(eq(outbox.key, 'dead:1'))))!;
    expect(row.status).toBe('failed');

    const list = await h.app.inject({ method: 'GET', url: '/v1/notifications/failed', headers: h.as('sup-1') });
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((x: { key: string }) => x.key === 'dead:1');
    expect(item).toMatchObject({ id: row.id, status: 'failed', attempts: 2, lastError: 'gateway 503', queue: 'cases' });
    expect(item.body).toContain('139****9000');
    for (const who of ['housing.fc1', 'housing.head']) {
      expect((await h.app.inject({ method: 'GET', url: '/v1/notifications/failed', headers: h.as(who) })).statusCode).toBe(403);
      expect((await h.app.inject({ method: 'POST', url: `/v1/notifications/${row.id}/retry`, headers: h.as(who) })).statusCode).toBe(403);
    }
    expect((await first(h.db.select().from(outbox).where(eq(outbox.id, row.id))))).toEqual(row);

    const retried = await h.app.inject({ method: 'POST', url: `/v1/notifications/${row.id}/retry`, headers: h.as('sup-1') });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: row.id, status: 'pending', attempts: 0 });
    const twice = await h.app.inject({ method: 'POST', url: `/v1/notifications/${row.id}/retry`, headers: h.as('sup-1') });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'NOT_FAILED']);
    expect((await h.app.inject({ method: 'POST', url: '/v1/notifications/999999999/retry', headers: h.as('sup-1') })).json().code).toBe('NOTIFICATION_NOT_FOUND');

    const got: string[] = [];
    await createDispatcher({ db: h.db, channel: { name: 'up', deliver: async (m) => void got.push(m.key) } }).runOnce();
    expect(got).toContain('dead:1');
    expect((await first(h.db.select().from(outbox).where(eq(outbox.id, row.id))))!.status).toBe('sent');
    expect((await h.app.inject({ method: 'GET', url: '/v1/notifications/failed', headers: h.as('sup-1') })).json().items.map((x: { key: string }) => x.key)).not.toContain('dead:1');
  });
});

describe('the contract', () => {
  it('documents the new doors in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, method, status] of [
      ['/v1/complaints', 'post', '202'],
      ['/v1/complaints', 'post', '429'],
      ['/v1/complaints/{id}/verify', 'post', '201'],
      ['/v1/complaints/{id}/contact-officer', 'post', '200'],
      ['/v1/notifications/failed', 'get', '200'],
      ['/v1/notifications/{id}/retry', 'post', '200'],
    ]) {
      expect(doc.paths[path]?.[method]?.responses?.[status], `${method} ${path} ${status}`).toBeDefined();
    }
  });
});
