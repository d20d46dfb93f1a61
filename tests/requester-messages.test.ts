// Progress messages to a requester who gave a mobile number, over the real API, worker and Temporal:
// the receipt with the tracking link, the tier change, the materials request and the answer, in the
// outbox with the right words and never an officer's name; at most three a case a day, the rest
// folded into the next morning's message; none without a mobile; 回TD退订 or the tracking page stops
// them; each message sent is on the case's timeline as a notice; the tracking code never in a log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { decide, eventually, getCase, openCase } from './support/cases.js';
import { outbox, principals, requesterMessages } from '../db/schema.js';
import { createDispatcher, createLogChannel, enqueueNotifications, type OutboxMessage } from '../notify/index.js';
import { beijingDay } from '../notify/requester.js';
import { OPT_OUT_SUFFIX, SMS_SIGNATURE } from '../domain/notices.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const PHONE = '13905627788';
/**
 * What the requester of a case is sent, once the workflow has confirmed the jobs that wrote it: a job's
 * messages wait unrouted until then, and the cap and the digest apply on release (reconcile/confirmer.ts).
 */
const toRequester = async (caseId: string) => {
  await eventually(async () => (await h.db.select().from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.status, 'unconfirmed')))), (rows) => rows.length === 0);
  return (await h.db.select().from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.recipientId, `requester:${caseId}`))).orderBy(outbox.id));
};
const officerNames = async () => (await h.db.select({ name: principals.name }).from(principals)).map((p) => p.name).filter((n) => n.length >= 2);

/** Delivers what is due at `now` through a channel that keeps what it was given. */
async function dispatch(now: Date) {
  const sent: OutboxMessage[] = [];
  const d = createDispatcher({ db: h.db, channel: { name: 'sms-test', deliver: async (m) => void sent.push(m) }, batchSize: 200 });
  await d.runOnce(now);
  return sent;
}

describe('progress messages to the requester', () => {
  it('receipt, escalation, materials and answer: the right words, no officer, three a day and the fourth the next morning', async () => {
    const c = await openCase(h, 'housing-fund.fc1', { title: '公积金提取', requester: { kind: 'person', name: '陈女士', phone: `+86 ${PHONE}` } });
    expect((await decide(h, c.id, 'housing-fund.fc1', { action: 'escalate', reason: 'beyond_remit', note: '需科室研判' })).statusCode).toBe(200);
    expect((await decide(h, c.id, 'housing-fund.chief1', { action: 'request_materials', items: ['购房合同', '银行流水'] })).statusCode).toBe(200);
    const supplied = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/materials`, headers: { 'x-tracking-code': c.trackingCode }, payload: { items: ['购房合同', '银行流水'] } });
    expect(supplied.statusCode, supplied.body).toBe(200);
    expect((await decide(h, c.id, 'housing-fund.chief1', { action: 'resolve', result: '准予提取，3个工作日内到账。' })).statusCode).toBe(200);

    const rows = await toRequester(c.id);
    const today = beijingDay(new Date());
    const sentToday = rows.filter((r) => beijingDay(Date.parse(r.nextAttemptAt)) === today);
    expect(sentToday.map((r) => r.template)).toEqual(['receipt', 'progress_tier', 'materials_requested']);
    expect(sentToday[0].body).toBe(`${SMS_SIGNATURE}您的诉求${c.id}已受理，办理进度请查看：http://localhost:3000/t/${c.id}#code=${c.trackingCode} ${OPT_OUT_SUFFIX}`);
    expect(sentToday[1].body).toContain('现由第2级（科室负责人）办理');
    expect(sentToday[2].body).toContain('购房合同、银行流水');
    // The answer is the fourth of the day: it waits for tomorrow 08:00 Beijing time, folded into one message.
    expect(rows).toHaveLength(4);
    const digest = rows[3];
    expect(digest).toMatchObject({ template: 'requester_digest', key: `requester-digest:${c.id}:${beijingDay(Date.now() + 86_400_000)}`, status: 'pending' });
    expect(new Date(Date.parse(digest.nextAttemptAt) + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('08:00');
    expect(digest.body).toContain('准予提取，3个工作日内到账');
    expect(digest.body).toContain('有1条新进展');
    // The gateway gets the number to send to, whatever form the requester gave it in.
    for (const r of rows) expect((r.vars as Record<string, string>).phone).toBe(PHONE);
    // Never an officer's name, never an officer's id.
    const bodies = rows.map((r) => r.body).join('\n');
    for (const name of (await officerNames())) expect(bodies).not.toContain(name);
    expect(bodies).not.toMatch(/housing-fund\.(fc|chief)/);

    // Today's three go out now; the digest does not (its morning has not come)...
    const now = await dispatch(new Date());
    expect(now.filter((m) => m.caseId === c.id && m.recipientKind === 'requester').map((m) => m.template)).toEqual(['receipt', 'progress_tier', 'materials_requested']);
    // ...and each message sent is on the case's timeline as a notice, the code masked.
    const seen = await getCase(h, c.id, 'housing-fund.chief1');
    expect(seen.notices.map((n: { template: string }) => n.template)).toEqual(['receipt', 'progress_tier', 'materials_requested']);
    expect(seen.notices[0].text).toContain('#code=[redacted]');
    expect(JSON.stringify(seen.notices)).not.toContain(c.trackingCode);
    expect(seen.textMessages).toEqual({ mobile: true, stopped: false });
    // Tomorrow morning the folded message goes.
    const morning = await dispatch(new Date(Date.parse(digest.nextAttemptAt) + 1000));
    expect(morning.filter((m) => m.caseId === c.id && m.recipientKind === 'requester').map((m) => m.template)).toEqual(['requester_digest']);
  });

  it('folds everything beyond the third into one message, in order, and a retried job writes nothing twice', async () => {
    const c = await openCase(h, 'civil.fc1', { requester: { kind: 'person', name: '周女士', phone: PHONE } });
    for (const officer of ['civil.fc1', 'civil.chief1', 'civil.deputy']) {
      expect((await decide(h, c.id, officer, { action: 'escalate', reason: 'unsure', note: '提级' })).statusCode).toBe(200);
    }
    const rows = await toRequester(c.id);
    expect(rows.map((r) => r.template)).toEqual(['receipt', 'progress_tier', 'progress_tier', 'requester_digest']);
    expect(rows[3].body).toContain('第4级（单位主要负责人）');
    expect((await decide(h, c.id, 'civil.head', { action: 'resolve', result: '已办结' })).statusCode).toBe(200);
    const after = await toRequester(c.id);
    expect(after).toHaveLength(4); // the answer joined the waiting digest
    expect(after[3].body).toMatch(/有2条新进展：.*第4级.*；.*已办结/);
    // The same messages written again (a job retried after its store call): nothing new, nothing folded twice.
    const folded = (await h.db.select().from(requesterMessages).where(eq(requesterMessages.carrierKey, after[3].key)));
    expect(folded).toHaveLength(2);
    const again = folded.map((m) => ({ key: m.key, caseId: c.id, recipientId: `requester:${c.id}`, recipientKind: 'requester' as const, template: 'progress_tier' as const, vars: { caseId: c.id, tier: '第4级（单位主要负责人）' } }));
    expect((await enqueueNotifications(h.db, again, new Date()))).toBe(0);
    expect(await toRequester(c.id)).toEqual(after);
  });

  it('sends nothing to a requester without a mobile number (none given, or a landline)', async () => {
    for (const requester of [{ kind: 'enterprise', name: '铜陵某公司' }, { kind: 'person', name: '吴先生', phone: '0562-2881234' }]) {
      const c = await openCase(h, 'civil.fc1', { requester });
      expect((await decide(h, c.id, 'civil.fc1', { action: 'escalate', reason: 'unsure', note: '提级' })).statusCode).toBe(200);
      expect((await decide(h, c.id, 'civil.chief1', { action: 'resolve', result: '已办结' })).statusCode).toBe(200);
      expect(await toRequester(c.id)).toEqual([]);
      expect((await getCase(h, c.id)).textMessages).toEqual({ mobile: false, stopped: false });
    }
  });

  it('回TD退订: a TD texted back stops every case of that number; the tracking page stops one; neither stops the others', async () => {
    const other = '13905620099';
    const a = await openCase(h, 'civil.fc1', { requester: { kind: 'person', name: '甲', phone: '139 0562 0011' } });
    const b = await openCase(h, 'civil.fc1', { requester: { kind: 'person', name: '甲', phone: '13905620011' } });
    const c = await openCase(h, 'civil.fc1', { requester: { kind: 'person', name: '乙', phone: other } });
    // Only the SMS gateway (an integrator) reports replies.
    expect((await h.app.inject({ method: 'POST', url: '/v1/sms/replies', payload: { from: '13905620011', text: 'TD' } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/v1/sms/replies', headers: h.as('civil.fc1'), payload: { from: '13905620011', text: 'TD' } })).statusCode).toBe(403);
    const chat = await h.app.inject({ method: 'POST', url: '/v1/sms/replies', headers: h.as('int-12345'), payload: { from: '+8613905620011', text: '谢谢' } });
    expect(chat.json()).toEqual({ understood: false, stoppedCases: 0 });
    const td = await h.app.inject({ method: 'POST', url: '/v1/sms/replies', headers: h.as('int-12345'), payload: { from: '+8613905620011', text: ' td ' } });
    expect(td.json()).toEqual({ understood: true, stoppedCases: 2 });
    const page = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/text-messages/stop`, headers: { 'x-tracking-code': 'wrong' } });
    expect(page.statusCode).toBe(404);
    const stop = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/text-messages/stop`, headers: { 'x-tracking-code': c.trackingCode } });
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json()).toMatchObject({ mobile: true, stopped: true });
    for (const x of [a, b, c]) {
      const before = (await toRequester(x.id)).length;
      expect((await decide(h, x.id, 'civil.fc1', { action: 'escalate', reason: 'unsure', note: '提级' })).statusCode).toBe(200);
      expect(await toRequester(x.id)).toHaveLength(before); // the receipt (sent before) and nothing after
    }
    const d = await openCase(h, 'civil.fc1', { requester: { kind: 'person', name: '丙', phone: '13905620022' } });
    expect((await decide(h, d.id, 'civil.fc1', { action: 'escalate', reason: 'unsure', note: '提级' })).statusCode).toBe(200);
    expect((await toRequester(d.id)).map((r) => r.template)).toEqual(['receipt', 'progress_tier']);
  });

  it('never logs the tracking code of a receipt', async () => {
    const c = await openCase(h, 'civil.fc1', { requester: { kind: 'person', name: '丁', phone: '13905620033' } });
    const [receipt] = await toRequester(c.id);
    const lines: string[] = [];
    await createLogChannel((l) => lines.push(l)).deliver({ ...receipt, template: 'receipt', recipientKind: 'requester', vars: receipt.vars as Record<string, string> });
    expect(lines[0]).toContain(`/t/${c.id}#code=[redacted]`);
    expect(lines[0]).not.toContain(c.trackingCode);
    expect(lines[0]).not.toContain('13905620033');
  });
});
