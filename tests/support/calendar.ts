// Loading an official calendar in a test: a synthetic 2027 notice (TEST DATA: our own dates, not the
// State Council's notice) and a helper that loads a notice through the API as the admin and waits
// until every running workflow of the harness's task queue has been told.
import { expect } from 'vitest';
import type { Harness } from './harness.js';
import { until } from './cases.js';

/** TEST DATA, not the real 2027 arrangement: a New Year block, a Spring Festival block and two make-up days. */
export const TEST_NOTICE_2027 = {
  documentNo: '测试数据 TEST-2027-001 (synthetic, not a State Council notice)',
  holidays: [
    { name: '测试元旦 Test New Year', from: '2027-01-01', to: '2027-01-03' }, // Fri–Sun
    { name: '测试春节 Test Spring Festival', from: '2027-02-06', to: '2027-02-14' }, // Sat–Sun
  ],
  workdays: [
    { date: '2027-02-20', name: '测试春节 Test Spring Festival' }, // Sat
    '2027-01-09', // Sat, no name given
  ],
};

/** The same notice as an iCalendar file: holidays as all-day events (DTEND exclusive), make-up days with CATEGORIES:WORKDAY. */
export const TEST_NOTICE_2027_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//escalate tests//calendar//ZH',
  `X-DOCUMENT-NO:${TEST_NOTICE_2027.documentNo}`,
  'BEGIN:VEVENT',
  'UID:test-2027-newyear',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270104',
  'SUMMARY:测试元旦 Test New Year',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:test-2027-spring',
  'DTSTART;VALUE=DATE:20270206',
  'DTEND;VALUE=DATE:20270215',
  'SUMMARY:测试春节 Test Spring Festival',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER:-P1D',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:test-2027-makeup-1',
  'DTSTART;VALUE=DATE:20270220',
  'SUMMARY:测试春节 Test Spring Festival',
  'CATEGORIES:WORKDAY',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:test-2027-makeup-2',
  'DTSTART;VALUE=DATE:20270109',
  'X-WORKDAY:TRUE',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/**
 * PUTs a notice as the admin (JSON, or iCalendar when `body` is a string) and, when it changed the
 * year, waits until the re-timing broadcast is done. Returns the answer.
 */
export async function loadCalendarNotice(h: Harness, year: number, body: unknown = TEST_NOTICE_2027): Promise<Record<string, any>> {
  const ical = typeof body === 'string';
  const res = await h.app.inject({
    method: 'PUT',
    url: `/v1/calendar/${year}`,
    headers: h.as('admin', { 'content-type': ical ? 'text/calendar; charset=utf-8' : 'application/json' }),
    payload: ical ? body : JSON.stringify(body),
  });
  expect(res.statusCode, res.body).toBe(200);
  const answer = res.json();
  if (!answer.unchanged) {
    await until('the running workflows to be told of the calendar', async () => {
      const y = (await h.app.inject({ method: 'GET', url: `/v1/calendar/${year}`, headers: h.as('admin') })).json();
      return y.history[0]?.retiming.status === 'done' && y;
    });
  }
  return answer;
}
