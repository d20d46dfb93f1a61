// Loading the official calendar (PUT /v1/calendar/{year}) through the API, against the real dev server
// and the SQLite store. The 2027 notice here is TEST DATA (tests/support/calendar.ts), not the State
// Council's. Expected dates were worked out by hand on a wall calendar: 2027-01-01 is a Friday,
// 2027-02-05 a Friday, 2027-02-20 a Saturday. Beijing = UTC+8, so 17:30 Beijing = 09:30Z.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { TEST_NOTICE_2027, TEST_NOTICE_2027_ICS, loadCalendarNotice } from './support/calendar.js';
import { until } from './support/cases.js';
import { calendarLoads, complaints, deadlineRetimings, outbox } from '../db/schema.js';
import { complaintStateQuery, complaintWorkflowId, DeadlineProvisionalKey } from '../workflows/definitions.js';
import { missingNextYear } from '../services/working-days.js';
import { createRetimingActivities } from '../activities/retiming.js';
import { stageDue } from '../activities/village.js';
import { parseICalNotice } from '../domain/calendar.js';
import { first } from '../db/store.js';

// The complaint's contact window reaches well into 2027: provisional until the notice is loaded.
const CONTACT_WORKING_DAYS = 60;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { ...FAST_POLICY, complaintContact: { workingDays: CONTACT_WORKING_DAYS } } });
});
afterAll(async () => {
  await h?.close();
});

const getYear = async (year: number, as = 'admin') => {
  const res = await h.app.inject({ method: 'GET', url: `/v1/calendar/${year}`, headers: h.as(as) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const deadline = async (from: string, workingDays: number) => {
  const res = await h.app.inject({ method: 'GET', url: `/v1/calendar/deadline?from=${encodeURIComponent(from)}&workingDays=${workingDays}`, headers: h.as('housing.fc1') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { deadlineAt: string; provisional: boolean; note?: string };
};
const put = (year: number, payload: unknown, as = 'admin') =>
  h.app.inject({ method: 'PUT', url: `/v1/calendar/${year}`, headers: h.as(as, { 'content-type': 'application/json' }), payload: JSON.stringify(payload) });
const complaintRow = async (id: string) => (await first(h.db.select().from(complaints).where(eq(complaints.id, id))))!;

let complaintId: string;
let provisionalDueAt: string;

describe('before the 2027 notice', () => {
  it('2027 is provisional: a deadline into it is counted on the plain Mon–Fri rule', async () => {
    expect(await getYear(2027)).toMatchObject({ year: 2027, source: 'none', provisional: true, documentNo: null, holidays: [], workdays: [], history: [] });
    // Fri 2027-02-05 + 1 working day: Monday the 8th under the plain rule, flagged.
    expect(await deadline('2027-02-05T10:00:00+08:00', 1)).toMatchObject({ deadlineAt: '2027-02-08T09:30:00.000Z', provisional: true });
    // 2026 comes from the package and is firm.
    expect(await getYear(2026)).toMatchObject({ source: 'package', provisional: false });
  });

  it('a complaint filed now gets a provisional contact deadline, searchable in Temporal', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/complaints',
      payload: { windowCode: 'W-housing-01', contact: { name: '测试投诉人', phone: '13905620009' }, content: '测试：窗口说办不了。' },
    });
    expect(res.statusCode, res.body).toBe(201);
    complaintId = res.json().id;
    const row = await until('the contact deadline', async () => {
      const r = (await complaintRow(complaintId));
      return r.contactDueAt ? r : null;
    });
    expect(row.contactDueProvisional).toBe(true);
    provisionalDueAt = row.contactDueAt!;
    expect(provisionalDueAt > '2027-01-01').toBe(true);
    // Set in the workflow task after the deadline was stored: poll for it.
    const handle = h.client.workflow.getHandle(complaintWorkflowId(complaintId));
    expect(await until('DeadlineProvisional on the workflow', async () => (await handle.describe()).typedSearchAttributes.get(DeadlineProvisionalKey))).toBe(true);
  });

  it('from 1 November the missing year is reported, and administrators are reminded once a day', async () => {
    expect((await missingNextYear(h.db, new Date('2026-10-31T12:00:00+08:00')))).toBeNull();
    expect((await missingNextYear(h.db, new Date('2026-11-01T00:30:00+08:00')))).toBe(2027);
    const acts = createRetimingActivities(h.db);
    expect(await acts.remindMissingCalendar({ at: '2026-11-02T09:00:00+08:00' })).toEqual({ missingYear: 2027, notified: 1 });
    expect(await acts.remindMissingCalendar({ at: '2026-11-02T15:00:00+08:00' })).toEqual({ missingYear: 2027, notified: 0 }); // same day
    expect(await acts.remindMissingCalendar({ at: '2026-11-03T09:00:00+08:00' })).toEqual({ missingYear: 2027, notified: 1 });
    const sent = (await h.db.select().from(outbox).where(eq(outbox.template, 'calendar_notice_missing')));
    expect(sent.map((r) => r.recipientId)).toEqual(['admin', 'admin']);
    expect(sent[0].body).toContain('2027年节假日安排尚未载入');
    // Readiness carries the warning (only while the year is actually missing today) and stays ready.
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    const missingNow = (await missingNextYear(h.db, new Date()));
    if (missingNow !== null) expect(ready.json().warnings).toEqual([expect.objectContaining({ code: 'CALENDAR_NEXT_YEAR_MISSING' })]);
    expect(ready.json().checks.database).toBe('ok');
  });
});

describe('bad notices', () => {
  const bad: [string, unknown][] = [
    ['DATE_OUTSIDE_YEAR', { ...TEST_NOTICE_2027, holidays: [{ name: '测试', from: '2028-01-01', to: '2028-01-02' }] }],
    ['RANGE_UNORDERED', { ...TEST_NOTICE_2027, holidays: [{ name: '测试', from: '2027-05-05', to: '2027-05-01' }] }],
    [
      'HOLIDAYS_OVERLAP',
      {
        ...TEST_NOTICE_2027,
        holidays: [...TEST_NOTICE_2027.holidays, { name: '测试重叠 overlap', from: '2027-02-14', to: '2027-02-16' }],
      },
    ],
    ['WORKDAY_NOT_WEEKEND', { ...TEST_NOTICE_2027, workdays: ['2027-03-03'] }], // a Wednesday
    ['WORKDAY_IN_HOLIDAY', { ...TEST_NOTICE_2027, workdays: ['2027-02-13'] }], // Saturday inside the block
  ];

  it.each(bad)('%s answers 422 with that code and changes nothing', async (code, notice) => {
    const before = await getYear(2027);
    const res = await put(2027, notice);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, errors: expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^body\./) })]) });
    expect(await getYear(2027)).toEqual(before);
    expect((await h.db.select().from(calendarLoads))).toHaveLength(0);
  });

  it('only an administrator loads a notice', async () => {
    const res = await put(2027, TEST_NOTICE_2027, 'housing.fc1');
    expect(res.statusCode).toBe(403);
    expect((await getYear(2027)).source).toBe('none');
  });

  it('an unreadable iCalendar file is 422 ICAL_INVALID', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: '/v1/calendar/2027',
      headers: h.as('admin', { 'content-type': 'text/calendar' }),
      payload: TEST_NOTICE_2027_ICS.replace('DTSTART;VALUE=DATE:20270101', 'DTSTART:20270101T090000'),
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('ICAL_INVALID');
    expect((await getYear(2027)).source).toBe('none');
  });
});

describe('loading the 2027 notice', () => {
  it('makes 2027 official: holidays, make-up days, the document and who loaded it', async () => {
    const answer = await loadCalendarNotice(h, 2027);
    expect(answer).toMatchObject({ unchanged: false, source: 'official', provisional: false, documentNo: TEST_NOTICE_2027.documentNo, loadedBy: 'admin' });
    const year = await getYear(2027, 'housing.fc1'); // any principal reads it
    expect(year.holidays).toEqual(TEST_NOTICE_2027.holidays);
    expect(year.workdays).toEqual([{ date: '2027-01-09' }, { date: '2027-02-20', name: '测试春节 Test Spring Festival' }]);
    expect(year.history).toHaveLength(1);
    expect(year.history[0]).toMatchObject({ documentNo: TEST_NOTICE_2027.documentNo, loadedBy: 'admin', format: 'json', replaced: { source: 'none' }, retiming: { status: 'done' } });
  });

  it('a deadline across the holiday block moves past it, a Saturday make-up day counts, provisional turns false', async () => {
    // Fri 2027-02-05 + 1: the block 02-06..02-14 is off, so Monday the 15th.
    expect(await deadline('2027-02-05T10:00:00+08:00', 1)).toMatchObject({ deadlineAt: '2027-02-15T09:30:00.000Z', provisional: false });
    // Fri 2027-02-19 + 1: Saturday the 20th is worked.
    expect(await deadline('2027-02-19T10:00:00+08:00', 1)).toMatchObject({ deadlineAt: '2027-02-20T09:30:00.000Z', provisional: false });
    // Thu 2026-12-31 + 1: New Year 01-01..03 off, so Monday 01-04; late December is known now.
    expect(await deadline('2026-12-31T10:00:00+08:00', 1)).toMatchObject({ deadlineAt: '2027-01-04T09:30:00.000Z', provisional: false });
  });

  it('re-times the running complaint: later by the new holidays, recorded, the unit told, still woken in time', async () => {
    const row = await until('the complaint to be re-timed', async () => {
      const r = (await complaintRow(complaintId));
      return r.contactDueProvisional === false && r;
    });
    // The same window from its original start, under the loaded year: the days off push it later.
    expect(row.contactDueAt! > provisionalDueAt).toBe(true);
    const expected = await deadline(row.filedAt, CONTACT_WORKING_DAYS);
    expect(row.contactDueAt).toBe(expected.deadlineAt);

    const records = (await h.db.select().from(deadlineRetimings).where(eq(deadlineRetimings.subjectId, complaintId)));
    expect(records).toEqual([
      expect.objectContaining({ subjectKind: 'complaint', window: 'complaintContact', oldAt: provisionalDueAt, newAt: row.contactDueAt, provisional: false, documentNo: TEST_NOTICE_2027.documentNo }),
    ]);
    const told = (await h.db.select().from(outbox).where(eq(outbox.template, 'deadline_retimed'))).filter((r) => r.key.includes(complaintId));
    expect(told.map((r) => [r.recipientKind, r.recipientId])).toEqual([['unit', 'housing']]);
    expect(told[0].body).toContain(TEST_NOTICE_2027.documentNo);

    const view = await h.app.inject({ method: 'GET', url: `/v1/complaints/${complaintId}`, headers: h.as('sup-1') });
    expect(view.json()).toMatchObject({ contactDueAt: row.contactDueAt, contactDueProvisional: false });
    const handle = h.client.workflow.getHandle(complaintWorkflowId(complaintId));
    expect(await handle.query(complaintStateQuery)).toMatchObject({ contactDueAt: row.contactDueAt, contactDueProvisional: false, status: 'open' });
    expect((await handle.describe()).typedSearchAttributes.get(DeadlineProvisionalKey)).toBe(false);
    // It still wakes in time: the deadline moved later, so the running timer (at the provisional
    // deadline) is kept, not cancelled; when it fires, the complaint finds its window open and sets the
    // timer again for the rest (the mailbox's one wake-up timer, tests/wake-timer.test.ts).
    const events = (await handle.fetchHistory()).events ?? [];
    const timers = events.filter((e) => e.timerStartedEventAttributes);
    expect(timers.length).toBe(1);
    expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(0);
    const last = timers[timers.length - 1];
    const startedAt = Number(last.eventTime!.seconds) * 1000 + Math.floor((last.eventTime!.nanos ?? 0) / 1e6);
    const fireMs = Number(last.timerStartedEventAttributes!.startToFireTimeout!.seconds) * 1000;
    expect(Math.abs(startedAt + fireMs - Date.parse(provisionalDueAt))).toBeLessThan(2000);
    expect(startedAt + fireMs).toBeLessThan(Date.parse(row.contactDueAt!));
  });

  it('the same year as iCalendar is the same notice (nothing changes)', async () => {
    const before = await getYear(2027);
    const parsed = parseICalNotice(TEST_NOTICE_2027_ICS);
    expect(parsed.documentNo).toBe(TEST_NOTICE_2027.documentNo);
    const answer = await loadCalendarNotice(h, 2027, TEST_NOTICE_2027_ICS);
    expect(answer.unchanged).toBe(true);
    expect(await getYear(2027)).toEqual(before);
  });

  it('a later notice replaces the year as a whole, keeps what it replaced, and never moves a deadline earlier', async () => {
    const dueBefore = (await complaintRow(complaintId)).contactDueAt;
    // The correction drops the New Year block (TEST DATA).
    const corrected = { ...TEST_NOTICE_2027, documentNo: '测试数据 TEST-2027-002 (synthetic correction)', holidays: [TEST_NOTICE_2027.holidays[1]] };
    const answer = await loadCalendarNotice(h, 2027, corrected);
    expect(answer).toMatchObject({ unchanged: false, documentNo: corrected.documentNo, holidays: corrected.holidays });
    expect(answer.history.map((l: { documentNo: string }) => l.documentNo)).toEqual([corrected.documentNo, TEST_NOTICE_2027.documentNo]);
    expect(answer.history[0].replaced).toEqual({ source: 'official', documentNo: TEST_NOTICE_2027.documentNo });
    // New Year's Day is a working day under the correction.
    expect(await deadline('2026-12-31T10:00:00+08:00', 1)).toMatchObject({ deadlineAt: '2027-01-01T09:30:00.000Z', provisional: false });
    // The complaint's recomputed window ends earlier now; the unit keeps the time it was told.
    expect((await deadline((await complaintRow(complaintId)).filedAt, CONTACT_WORKING_DAYS)).deadlineAt < dueBefore!).toBe(true);
    // Wait until the workflow has handled the second calendarChanged signal (a workflow task completed after it).
    const handle = h.client.workflow.getHandle(complaintWorkflowId(complaintId));
    await until('the complaint to handle the second load', async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const signals = events.map((e, i) => (e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged' ? i : -1)).filter((i) => i >= 0);
      return signals.length === 2 && events.slice(signals[1]).some((e) => e.workflowTaskCompletedEventAttributes);
    });
    expect((await complaintRow(complaintId)).contactDueAt).toBe(dueBefore);
    expect(await handle.query(complaintStateQuery)).toMatchObject({ contactDueAt: dueBefore });
    expect((await h.db.select().from(deadlineRetimings).where(eq(deadlineRetimings.subjectId, complaintId)))).toHaveLength(1);
  });
});

describe('village month dates', () => {
  it('a December date resting on 29–31 December is provisional until next year is loaded', () => {
    // December 2026's month-end follow-up is on its last working day, Thu 12-31: the 2027 notice could still move it.
    expect(stageDue('2026-12', 'monthEnd', '2026-12-01T01:00:00Z')).toEqual({ dueAt: '2026-12-31T01:00:00.000Z', provisional: true });
    expect(stageDue('2026-12', 'midCheck', '2026-12-01T01:00:00Z')).toEqual({ dueAt: '2026-12-15T01:00:00.000Z', provisional: false });
    const loaded = { 2027: { documentNo: 'TEST', holidays: { '2026-12-31': '测试 test' }, workdays: {} } };
    // A notice for 2027 that rests 2026-12-31 makes Wednesday the 30th the last working day, firm.
    expect(stageDue('2026-12', 'monthEnd', '2026-12-01T01:00:00Z', {}, {}, loaded)).toEqual({ dueAt: '2026-12-30T01:00:00.000Z', provisional: false });
  });
});

describe('the contract and the page', () => {
  it('documents the calendar routes with their schemas, JSON and iCalendar bodies', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const year = doc.paths['/v1/calendar/{year}'];
    expect(Object.keys(year.put.requestBody.content).sort()).toEqual(['application/json', 'text/calendar']);
    expect(Object.keys(year.put.responses)).toEqual(expect.arrayContaining(['200', '403', '422']));
    expect(Object.keys(year.put.responses['422'].content)).toEqual(['application/problem+json']);
    expect(year.get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/CalendarYear');
    expect(doc.paths['/v1/calendar/deadline'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['from', 'workingDays']));
  });

  it('serves the administrators\' calendar page with its own script and style only', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/calendar?year=2027' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.body).toContain('节假日安排');
    expect(page.body).toContain('调休上班');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(page.body).not.toMatch(/\sstyle=|<style/); // no inline style
    for (const asset of ['/assets/calendar-page.js', '/assets/calendar-page.css']) {
      const res = await h.app.inject({ method: 'GET', url: asset });
      expect(res.statusCode, asset).toBe(200);
    }
  });
});

describe('durable re-timing', () => {
  it('a load whose workflows were not all told (the API stopped mid-way) is finished by the next sweep', async () => {
    const { broadcastCalendarChanges } = await import('../api/calendar-retiming.js');
    // As a crash right after the load leaves it: the year in place, its re-timing still pending.
    const last = (await h.db.select().from(calendarLoads)).at(-1)!;
    await h.db.update(calendarLoads).set({ retiming: 'pending', retimingDoneAt: null, retimingSignalled: 0 }).where(eq(calendarLoads.id, last.id));
    expect((await getYear(2027)).history[0].retiming.status).toBe('pending');
    const told = await broadcastCalendarChanges({ db: h.db, client: h.client, taskQueue: h.taskQueue });
    expect(told).toBeGreaterThanOrEqual(1); // the running complaint at least
    expect((await getYear(2027)).history[0].retiming).toMatchObject({ status: 'done', signalled: told, error: null });
    // Nothing pending: a second sweep tells nobody.
    expect(await broadcastCalendarChanges({ db: h.db, client: h.client, taskQueue: h.taskQueue })).toBe(0);
  });
});
