// The "效能铜都" complaint channel against the real dev server and the SQLite store: a complaint from
// a window reaches the unit, the data resources bureau, the efficiency office and (by SMS) the unit's
// principal head once each, even when a worker dies mid-way; a missed contact window is recorded
// as shelved and reported (the workflow's own timer: on the time-skipping server); the unit records
// the contact; a supervisor closes it with findings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { and, eq, like } from 'drizzle-orm';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { startSkippingHarness, type SkippingHarness } from './support/time-skipping.js';
import { complaints, officerEvents, outbox } from '../db/schema.js';
import { createActivities } from '../activities/index.js';
import type { ComplaintNoticeGroup } from '../activities/complaints.js';
import { createDispatcher, type OutboxMessage } from '../notify/index.js';
import { complaintsForCase } from '../services/complaints.js';
import { until } from './support/cases.js';
import { first } from '../db/store.js';

let h: Harness;
// A contact window of four hours that the test skips past.
let s: SkippingHarness;
beforeAll(async () => {
  [h, s] = await Promise.all([startHarness(), startSkippingHarness({ policy: { ...FAST_POLICY, complaintContact: { duration: '4h' } } })]);
});
afterAll(async () => {
  await Promise.all([h?.close(), s?.close()]);
});

const outboxOf = async (id: string, x: Harness = h) => (await x.db.select().from(outbox).where(like(outbox.key, `complaint:${id}:%`)));
const complaintRow = async (id: string, x: Harness = h) => (await first(x.db.select().from(complaints).where(eq(complaints.id, id))));
const body = (content: string) => ({ windowCode: 'W-housing-01', contact: { name: '张女士', phone: '13905620001' }, content });

describe('complaints', () => {
  it('reaches the unit, the data bureau, the efficiency office and the head by SMS once each, through a worker that died mid-way', async () => {
    // Filing needs no worker: it is durable once acknowledged.
    await h.stopWorker();
    const key = `k-${randomUUID()}`;
    const payload = body('住房公积金提取窗口工作人员说"办不了"，也不说明原因。');
    const res = await h.app.inject({ method: 'POST', url: '/v1/complaints', headers: { 'idempotency-key': key }, payload });
    expect(res.statusCode).toBe(201);
    const filed = res.json();
    expect(filed).toMatchObject({ status: 'open', unit: { id: 'housing' }, windowCode: 'W-housing-01', caseId: null });
    expect(filed.id).toMatch(/^C-\d{8}-[0-9A-Z]{6}$/);

    // The same key files nothing new; the same key with another text is refused.
    const again = await h.app.inject({ method: 'POST', url: '/v1/complaints', headers: { 'idempotency-key': key }, payload });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(filed.id);
    const reused = await h.app.inject({ method: 'POST', url: '/v1/complaints', headers: { 'idempotency-key': key }, payload: body('另一件事') });
    // 422 as for a reused key on a decision: one status per code (and the IETF Idempotency-Key draft's).
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await h.db.select().from(complaints)).filter((c) => c.contactName === '张女士')).toHaveLength(1);
    expect((await outboxOf(filed.id))).toHaveLength(0);

    // A worker that writes the data bureau's notice and then dies before reporting it, every time.
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const acts = createActivities({ db: h.db, policy: h.policy });
    let crashes = 0;
    const broken = await Worker.create({
      connection,
      taskQueue: h.taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      dataConverter: h.dataConverter,
      activities: {
        ...acts,
        async notifyComplaintFiled(req: { complaintId: string; group: ComplaintNoticeGroup }) {
          const n = await acts.notifyComplaintFiled(req);
          if (req.group === 'data_bureau') {
            crashes++;
            throw new Error('worker lost after writing');
          }
          return n;
        },
      },
    });
    const running = broken.run();
    await until('the broken worker to crash once', () => crashes >= 1);
    broken.shutdown();
    await running;
    await connection.close();
    const mid = (await outboxOf(filed.id));
    expect(mid.map((r) => r.recipientId).sort()).toEqual(['data-bureau', 'housing']);

    // A healthy worker takes over where the other stopped.
    await h.startWorker();
    // The failed activity is retried on its back-off (up to 30 s between attempts after a few failures).
    await until('the contact deadline', async () => (await complaintRow(filed.id))?.contactDueAt, 60_000);
    const rows = (await outboxOf(filed.id)).filter((r) => r.template !== 'complaint_contact_lapsed');
    const got = rows.map((r) => `${r.recipientKind}:${r.recipientId}:${r.template}`).sort();
    expect(got).toEqual([
      'officer:housing.head:complaint_sms_head',
      'supervisor:sup-1:complaint_filed',
      'supervisor:sup-2:complaint_filed',
      'unit:data-bureau:complaint_filed',
      'unit:housing:complaint_filed',
    ]);
    expect(rows.find((r) => r.template === 'complaint_sms_head')!.body).toContain(filed.id);
    expect(rows.find((r) => r.recipientId === 'housing')!.body).toContain('办不了');

    // Delivered once each: a second dispatcher pass finds nothing more to send.
    const delivered: OutboxMessage[] = [];
    const dispatcher = createDispatcher({ db: h.db, channel: { name: 'capture', deliver: async (m) => void delivered.push(m) }, batchSize: 100 });
    await dispatcher.runOnce();
    expect(await dispatcher.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    const mine = delivered.filter((m) => m.key.startsWith(`complaint:${filed.id}:`) && m.template !== 'complaint_contact_lapsed');
    expect(mine.map((m) => m.recipientId).sort()).toEqual(['data-bureau', 'housing', 'housing.head', 'sup-1', 'sup-2']);
  }, 120_000);

  it('records a missed contact window as shelved against the unit head and tells the efficiency office', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/v1/complaints', payload: body('窗口午休后迟迟不开。') })).json();
    const b = (await s.app.inject({ method: 'POST', url: '/v1/complaints', payload: { ...body('要求的材料一次比一次多。'), windowCode: undefined, unitId: 'civil' } })).json();
    expect(b.unit.id).toBe('civil');

    // housing contacts its complainant at once (the head designates who calls); civil does not.
    expect((await s.app.inject({ method: 'POST', url: `/v1/complaints/${a.id}/contact-officer`, headers: s.as('housing.head'), payload: { officerId: 'housing.fc1' } })).statusCode).toBe(200);
    const contacted = await s.app.inject({ method: 'POST', url: `/v1/complaints/${a.id}/contact`, headers: s.as('housing.fc1'), payload: { note: '已电话联系，当场约定下午办理。' } });
    expect(contacted.statusCode).toBe(200);
    expect(contacted.json()).toMatchObject({ status: 'contacted', contactedBy: 'housing.fc1', contactLapsedAt: null });
    const twice = await s.app.inject({ method: 'POST', url: `/v1/complaints/${a.id}/contact`, headers: s.as('housing.head'), payload: { note: '再次联系' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('ALREADY_CONTACTED');

    await s.skip('250m');
    await until('civil\'s contact window to lapse', async () => (await complaintRow(b.id, s))?.contactLapsedAt);
    const lapsed = (await outboxOf(b.id, s)).filter((r) => r.template === 'complaint_contact_lapsed');
    expect(lapsed.map((r) => r.recipientId).sort()).toEqual(['sup-1', 'sup-2']);
    expect((await s.db.select().from(officerEvents).where(eq(officerEvents.caseId, `complaint:${b.id}`)))).toMatchObject([
      { officerId: 'civil.head', unitId: 'civil', kind: 'shelved' },
    ]);
    // The complaint contacted in time has no lapse, then or later.
    await s.skip('1d');
    expect((await complaintRow(a.id, s))!.contactLapsedAt).toBeNull();
    expect((await outboxOf(a.id, s)).filter((r) => r.template === 'complaint_contact_lapsed')).toHaveLength(0);

    const list = await s.app.inject({ method: 'GET', url: '/v1/complaints?contactLapsed=true', headers: s.as('sup-1') });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(b.id);
    expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(a.id);
    // Officers see their own unit's complaints only, and another unit's not at all.
    const civilList = await s.app.inject({ method: 'GET', url: '/v1/complaints', headers: s.as('civil.chief1') });
    expect(civilList.json().items.map((c: { unit: { id: string } }) => c.unit.id)).toEqual(['civil']);
    expect((await s.app.inject({ method: 'GET', url: `/v1/complaints/${b.id}`, headers: s.as('housing.fc1') })).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'POST', url: `/v1/complaints/${b.id}/contact`, headers: s.as('housing.fc1'), payload: { note: 'x' } })).statusCode).toBe(404);

    // A late contact is still recorded; the lapse stays on the record.
    expect((await s.app.inject({ method: 'POST', url: `/v1/complaints/${b.id}/contact-officer`, headers: s.as('civil.head'), payload: { officerId: 'civil.fc1' } })).statusCode).toBe(200);
    const late = await s.app.inject({ method: 'POST', url: `/v1/complaints/${b.id}/contact`, headers: s.as('civil.fc1'), payload: { note: '超时后联系，已致歉并受理。' } });
    expect(late.json()).toMatchObject({ status: 'contacted', contactedBy: 'civil.fc1' });
    expect(late.json().contactLapsedAt).not.toBeNull();

    // Only a supervisor closes, with findings.
    expect((await s.app.inject({ method: 'POST', url: `/v1/complaints/${b.id}/close`, headers: s.as('civil.head'), payload: { upheld: true, findings: 'x' } })).statusCode).toBe(403);
    const closed = await s.app.inject({
      method: 'POST',
      url: `/v1/complaints/${b.id}/close`,
      headers: s.as('sup-1'),
      payload: { upheld: true, findings: '反映属实：材料要求超出清单，未在时限内联系。', officerIds: ['civil.fc1'] },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', upheld: true, closedBy: 'sup-1', officerIds: ['civil.fc1'] });
    const reclose = await s.app.inject({ method: 'POST', url: `/v1/complaints/${b.id}/close`, headers: s.as('sup-2'), payload: { upheld: false, findings: 'y' } });
    expect(reclose.statusCode).toBe(409);
    expect(reclose.json().code).toBe('COMPLAINT_CLOSED');

    // The review of the complaint proposes the shelved finding against the head; confirmed, it is on record.
    const review = await s.app.inject({ method: 'POST', url: '/v1/reviews', headers: s.as('sup-1'), payload: { complaintId: b.id } });
    expect(review.statusCode).toBe(201);
    const r = review.json();
    expect(r.path.complaint).toMatchObject({ id: b.id, unitId: 'civil' });
    expect(r.findings).toMatchObject([{ kind: 'shelved', officer: { id: 'civil.head' }, unitId: 'civil', status: 'proposed', subject: `complaint:${b.id}` }]);
    const confirmed = await s.app.inject({ method: 'POST', url: `/v1/reviews/${r.id}/findings/${r.findings[0].id}`, headers: s.as('sup-1'), payload: { decision: 'confirm', level: 'notice' } });
    expect(confirmed.json().status).toBe('concluded');
    const acc = (await s.app.inject({ method: 'GET', url: '/v1/accountability?unitId=civil', headers: s.as('sup-1') })).json();
    expect(acc.items).toMatchObject([{ kind: 'shelved', level: 'notice', officer: { id: 'civil.head' }, complaintId: b.id, caseId: null }]);
  });

  it('links a complaint about a case to the case, and refuses what does not add up without writing anything', async () => {
    const c = (await h.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: h.as('housing.fc1'),
      payload: { requester: { kind: 'person', name: '李先生' }, channel: 'window', title: '公积金贷款资料', description: '…' },
    })).json();
    const res = await h.app.inject({ method: 'POST', url: '/v1/complaints', payload: { caseId: c.id, trackingCode: c.trackingCode, contact: { name: '李先生', phone: '13905620002' }, content: '推来推去' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ unit: { id: 'housing' }, caseId: c.id });
    expect((await complaintsForCase(h.db, c.id))).toMatchObject([{ id: res.json().id, unitId: 'housing', status: 'open', contactLapsed: false }]);
    // What a case shows carries no complainant's data.
    expect(JSON.stringify((await complaintsForCase(h.db, c.id)))).not.toContain('13905620002');
    const byCase = await h.app.inject({ method: 'GET', url: `/v1/complaints?caseId=${c.id}`, headers: h.as('sup-2') });
    expect(byCase.json().items).toHaveLength(1);

    const before = (await h.db.select().from(complaints)).length;
    const bad = [
      { payload: { windowCode: 'W-civil-01', caseId: c.id, trackingCode: c.trackingCode, contact: { name: 'x', phone: '13905620003' }, content: 'y' }, status: 422, code: 'CASE_UNIT_MISMATCH' },
      // A case is named with its tracking code; without it, with a wrong one, or for no such case, the same answer.
      { payload: { windowCode: 'W-housing-01', caseId: c.id, contact: { name: 'x', phone: '13905620003' }, content: 'y' }, status: 422, code: 'CASE_NOT_VERIFIED' },
      { payload: { caseId: c.id, trackingCode: 'WRONG-CODE', contact: { name: 'x', phone: '13905620003' }, content: 'y' }, status: 422, code: 'CASE_NOT_VERIFIED' },
      { payload: { caseId: 'H-19700101-NOPE99', trackingCode: 'WRONG-CODE', contact: { name: 'x', phone: '13905620003' }, content: 'y' }, status: 422, code: 'CASE_NOT_VERIFIED' },
      { payload: { windowCode: 'W-housing-01', contact: { name: 'x', phone: '-----' }, content: 'y' }, status: 400, code: 'VALIDATION_FAILED' },
      { payload: { windowCode: 'W-housing-01', contact: { name: 'x', phone: '12345' }, content: 'y' }, status: 400, code: 'VALIDATION_FAILED' },
      { payload: { windowCode: 'W-nowhere-01', contact: { name: 'x', phone: '13905620003' }, content: 'y' }, status: 422, code: 'UNKNOWN_WINDOW' },
      { payload: { windowCode: 'W-housing-01', unitId: 'civil', contact: { name: 'x', phone: '13905620003' }, content: 'y' }, status: 422, code: 'WINDOW_UNIT_MISMATCH' },
      { payload: { contact: { name: 'x', phone: '13905620003' }, content: 'y' }, status: 422, code: 'UNIT_REQUIRED' },
      { payload: { windowCode: 'W-housing-01', contact: { name: 'x', phone: 'call me' }, content: 'y' }, status: 400, code: 'VALIDATION_FAILED' },
    ];
    for (const b of bad) {
      const r = await h.app.inject({ method: 'POST', url: '/v1/complaints', payload: b.payload });
      expect([r.statusCode, r.json().code]).toEqual([b.status, b.code]);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await h.db.select().from(complaints))).toHaveLength(before);
    expect((await h.db.select().from(complaints).where(and(eq(complaints.contactName, 'x'))))).toHaveLength(0);
  });

  it('answers a window code with its unit, as JSON for clients and as the form for a phone', async () => {
    const json = await h.app.inject({ method: 'GET', url: '/v1/windows/W-civil-01', headers: { accept: 'application/json' } });
    expect(json.json()).toMatchObject({ code: 'W-civil-01', unit: { id: 'civil', name: '市民政局' }, complaintPage: 'http://localhost:3000/w/W-civil-01' });
    const html = await h.app.inject({ method: 'GET', url: '/v1/windows/W-civil-01', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('市民政局');
    expect(html.body).toContain('我要投诉');
    const missing = await h.app.inject({ method: 'GET', url: '/v1/windows/W-none' });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'WINDOW_NOT_FOUND']);
  });

  it('documents the supervision API in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, method] of [
      ['/v1/windows/{code}', 'get'],
      ['/v1/complaints', 'post'],
      ['/v1/complaints', 'get'],
      ['/v1/complaints/{id}/contact', 'post'],
      ['/v1/complaints/{id}/close', 'post'],
      ['/v1/reviews', 'post'],
      ['/v1/reviews/{id}', 'get'],
      ['/v1/reviews/{id}/findings/{findingId}', 'post'],
      ['/v1/accountability', 'get'],
      ['/v1/officers/{id}/portrait', 'get'],
      ['/v1/units/{id}/portrait', 'get'],
      ['/v1/over-escalation', 'get'],
      ['/v1/stats', 'get'],
    ]) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
      expect(Object.keys(doc.paths[path][method].responses).filter((k) => k === '200' || k === '201').length, `${method} ${path}`).toBeGreaterThan(0);
    }
    expect(doc.paths['/v1/complaints'].post.requestBody.content['application/json'].schema).toBeDefined();
    // The HTML pages are not API.
    expect(doc.paths['/w/{code}']).toBeUndefined();
    expect(doc.paths['/stats']).toBeUndefined();
  });

  it('limits anonymous filing per address, not a 12345 integrator filing for citizens', async () => {
    // Invalid bodies count too (the limit comes before validation), and write nothing.
    let limited: { statusCode: number; json(): { code: string } } | null = null;
    for (let i = 0; i < 25 && !limited; i++) {
      const r = await h.app.inject({ method: 'POST', url: '/v1/complaints', payload: { windowCode: 'W-housing-01' } });
      if (r.statusCode === 429) limited = r;
      else expect(r.statusCode).toBe(400);
    }
    expect(limited?.json().code).toBe('RATE_LIMITED');
    const byIntegrator = await h.app.inject({ method: 'POST', url: '/v1/complaints', headers: h.as('int-12345'), payload: body('热线转来：窗口拒绝受理。') });
    expect(byIntegrator.statusCode).toBe(201);
    expect((await complaintRow(byIntegrator.json().id))!.filedBy).toBe('int-12345');
  });
});
