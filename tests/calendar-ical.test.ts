// A year loaded from an iCalendar file is recorded as such in its history (the administrators' page
// shows where each load came from).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { TEST_NOTICE_2027, TEST_NOTICE_2027_ICS, loadCalendarNotice } from './support/calendar.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(async () => {
  await h?.close();
});

it('records an iCalendar load as ical and a JSON load as json', async () => {
  const fromIcs = await loadCalendarNotice(h, 2027, TEST_NOTICE_2027_ICS);
  expect(fromIcs).toMatchObject({ unchanged: false, source: 'official', documentNo: TEST_NOTICE_2027.documentNo });
  expect(fromIcs.history[0]).toMatchObject({ format: 'ical', loadedBy: 'admin' });

  const corrected = { ...TEST_NOTICE_2027, documentNo: '测试数据 TEST-2027-003 (synthetic correction)' };
  const fromJson = await loadCalendarNotice(h, 2027, corrected);
  expect(fromJson.history.map((l: { format: string }) => l.format)).toEqual(['json', 'ical']);
});
