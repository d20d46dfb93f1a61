// A running village month (村干部跑办代访) whose month-end date is provisional, re-timed when the 2027
// notice is loaded. TEST DATA: a notice of our own whose New Year block starts on Thu 2026-12-31
// (a notice may arrange 29–31 December of the year before). December 2026's month-end follow-up is
// 09:00 of the month's last working day: Thu 12-31 on the plain rule, provisional because the 2027
// notice could still move it; under this notice it would be Wed 12-30, which is earlier than what the
// town was told, so the date stays and becomes firm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { loadCalendarNotice } from './support/calendar.js';
import { until } from './support/cases.js';
import { deadlineRetimings, outbox } from '../db/schema.js';
import { DeadlineProvisionalKey } from '../workflows/definitions.js';
import { villageMonthWorkflowId } from '../domain/village.js';

const TOWN = 'shuncheng';
const MONTH = '2026-12';
const NOTICE = {
  documentNo: '测试数据 TEST-2027-VILLAGE (synthetic, not a State Council notice)',
  holidays: [{ name: '测试元旦 Test New Year', from: '2026-12-31', to: '2027-01-02' }],
  workdays: [],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: FAST_POLICY });
});
afterAll(async () => {
  await h?.client.workflow.getHandle(villageMonthWorkflowId(TOWN, MONTH)).terminate('test done').catch(() => undefined);
  await h?.close();
});

const post = async (who: string, path: string, payload: unknown) => {
  const res = await h.app.inject({ method: 'POST', url: path, headers: h.as(who), payload: payload as Record<string, unknown> });
  return { status: res.statusCode, body: res.json() };
};
const month = async () => (await h.app.inject({ method: 'GET', url: `/v1/towns/${TOWN}/months/${MONTH}`, headers: h.as('shuncheng.fc1') })).json();

describe('a running village month', () => {
  it('shows its provisional month-end date, and the load makes it firm without moving it earlier', async () => {
    // Only collection, reception and the close grace are shortened: the two check dates come from the calendar.
    const opened = await post('shuncheng.head', `/v1/towns/${TOWN}/months`, { month: MONTH, timing: { collection: '1h', reception: '1h', closeGrace: '1h' } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const p = await post('shuncheng.fc1', `/v1/towns/${TOWN}/months/${MONTH}/problems`, {
      villageId: 'shuncheng-fenghuang',
      title: '测试：村口路灯不亮',
      description: '测试数据：村口路灯损坏（村干部代群众反映）',
      urgency: 3,
      residents: 50,
    });
    expect(p.status).toBe(201);
    expect((await post('shuncheng.head', `/v1/towns/${TOWN}/months/${MONTH}/close-collection`, {})).status).toBe(200);
    const rec = await post('shuncheng.fc1', `/v1/towns/${TOWN}/months/${MONTH}/reception`, {
      date: '2026-12-01',
      leaders: ['镇长 时雨'],
      paths: [{ problemId: p.body.id, responsibleUnitId: TOWN, deadline: '2026-12-20' }],
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body).toMatchObject({
      phase: 'in_progress',
      midCheck: { dueAt: '2026-12-15T01:00:00.000Z' }, // Tue 12-15 09:00 Beijing
      monthEnd: { dueAt: '2026-12-31T01:00:00.000Z' }, // Thu 12-31 09:00 Beijing, plain rule
      provisionalDates: ['monthEnd'],
    });
    const handle = h.client.workflow.getHandle(villageMonthWorkflowId(TOWN, MONTH));
    expect((await handle.describe()).typedSearchAttributes.get(DeadlineProvisionalKey)).toBe(true);

    await loadCalendarNotice(h, 2027, NOTICE);
    const after = await until('the month to be re-timed', async () => {
      const m = await month();
      return m.provisionalDates?.length === 0 && m;
    });
    expect(after.monthEnd.dueAt).toBe('2026-12-31T01:00:00.000Z'); // not moved to 12-30: the town was told 12-31
    expect(after.midCheck.dueAt).toBe('2026-12-15T01:00:00.000Z');
    expect(after.events.at(-1)).toMatchObject({
      action: 'deadline_retimed',
      actor: 'system',
      data: { stage: 'monthEnd', oldAt: '2026-12-31T01:00:00.000Z', newAt: '2026-12-31T01:00:00.000Z', provisional: false, documentNo: NOTICE.documentNo },
    });
    expect(after.events.filter((e: { action: string }) => e.action === 'deadline_retimed')).toHaveLength(1);
    expect((await handle.describe()).typedSearchAttributes.get(DeadlineProvisionalKey)).toBe(false);
    const records = (await h.db.select().from(deadlineRetimings).where(eq(deadlineRetimings.workflowId, villageMonthWorkflowId(TOWN, MONTH))));
    expect(records).toEqual([expect.objectContaining({ subjectKind: 'village_month', window: 'monthEnd', provisional: false })]);
    // The town's principal head is told the date is firm now.
    const told = (await h.db.select().from(outbox).where(eq(outbox.template, 'deadline_confirmed')));
    expect(told.map((r) => r.recipientId)).toEqual(['shuncheng.head']);
    expect(told[0].body).toContain('2026-12-31 09:00');
  });
});
