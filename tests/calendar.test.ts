// The working-day calendar (services/working-days.ts). Every expected date below was worked out by hand
// from the State Council notices (国办发明电〔2024〕12号 for 2025, 国办发明电〔2025〕7号 for 2026) and a
// wall calendar, not read back from the implementation. Beijing = UTC+8, so 17:30 Beijing = 09:30Z.
// The data is chinese-days 1.5.7 (pinned): the 2027 cases change once a release publishes 2027.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeDeadline, coveredYears, dayKind, loadOverrides, OFFICE_HOURS, type CalendarOverrides } from '../services/working-days.js';
import { openTestStore } from '../scripts/pg/test-store.js';
import { calendarOverrides } from '../db/schema.js';
import { ICalError, parseICalNotice } from '../domain/calendar.js';

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const wd = (workingDays: number) => ({ workingDays });
const wh = (workingHours: number) => ({ workingHours });
const due = (from: string, limit: Parameters<typeof computeDeadline>[1], overrides?: CalendarOverrides) =>
  computeDeadline(from, limit, 0, overrides).deadlineAt;

function expectRest(...dates: string[]) {
  for (const d of dates) expect(dayKind(d), d).toMatchObject({ working: false, known: true });
}
function expectWork(...dates: string[]) {
  for (const d of dates) expect(dayKind(d), d).toMatchObject({ working: true, known: true });
}

describe('coverage', () => {
  it('covers the published years 2004–2026 and not 2027', () => {
    const years = coveredYears();
    expect(years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(years).not.toContain(2027);
  });

  it('office hours are 09:00–12:00 and 13:30–17:30', () => {
    expect(OFFICE_HOURS).toEqual([
      { open: '09:00', close: '12:00' },
      { open: '13:30', close: '17:30' },
    ]);
  });
});

describe('dayKind, 2025 (国办发明电〔2024〕12号)', () => {
  it('New Year, Qingming and Dragon Boat', () => {
    expectRest('2025-01-01', '2025-04-04', '2025-04-05', '2025-04-06', '2025-05-31', '2025-06-01', '2025-06-02');
    expectWork('2025-01-02', '2025-04-03', '2025-04-07', '2025-06-03');
  });

  it('Spring Festival: 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked', () => {
    expectRest('2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04');
    expectWork('2025-01-26', '2025-01-27', '2025-02-05', '2025-02-08');
    expectRest('2025-01-25', '2025-02-09'); // the ordinary weekend around them
    expect(dayKind('2025-01-26').reason).toContain('春节');
    expect(dayKind('2025-01-29').reason).toContain('春节');
  });

  it('Labour Day: 05-01..05 off, Sun 04-27 worked', () => {
    expectRest('2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05', '2025-04-26');
    expectWork('2025-04-27', '2025-04-30', '2025-05-06');
  });

  it('National Day + Mid-Autumn: 10-01..08 off, Sun 09-28 and Sat 10-11 worked', () => {
    expectRest('2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08');
    expectWork('2025-09-28', '2025-09-30', '2025-10-09', '2025-10-10', '2025-10-11');
    expectRest('2025-09-27', '2025-10-12');
  });
});

describe('dayKind, 2026 (国办发明电〔2025〕7号)', () => {
  it('New Year: 01-01..03 off, Sun 01-04 worked', () => {
    expectRest('2026-01-01', '2026-01-02', '2026-01-03');
    expectWork('2026-01-04', '2026-01-05');
  });

  it('Spring Festival: 02-15..23 off, Sat 02-14 and Sat 02-28 worked', () => {
    expectRest('2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23');
    expectWork('2026-02-13', '2026-02-14', '2026-02-24', '2026-02-27', '2026-02-28');
    expectRest('2026-03-01');
  });

  it('Qingming, Labour Day (Sat 05-09 worked), Dragon Boat', () => {
    expectRest('2026-04-04', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-04', '2026-05-05', '2026-06-19');
    expectWork('2026-04-07', '2026-05-06', '2026-05-09', '2026-06-22');
  });

  it('Mid-Autumn 09-25..27 and National Day 10-01..07 off, Sun 09-20 and Sat 10-10 worked', () => {
    expectRest('2026-09-25', '2026-09-26', '2026-09-27');
    expectRest('2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07');
    expectWork('2026-09-20', '2026-09-24', '2026-09-28', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10');
    expectRest('2026-09-19', '2026-10-11');
  });

  it('agrees with the package API for every day of 2025–2026 (under TZ=Asia/Shanghai, where the API is right)', () => {
    process.env.TZ = 'Asia/Shanghai';
    const api = createRequire(import.meta.url)('chinese-days') as { isWorkday(d: Date): boolean };
    for (let d = Date.UTC(2025, 0, 1); d <= Date.UTC(2026, 11, 31); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      const [y, m, day] = date.split('-').map(Number);
      expect(dayKind(date).working, date).toBe(api.isWorkday(new Date(y, m - 1, day)));
    }
  });

  it('rejects malformed dates', () => {
    expect(() => dayKind('2026-02-30')).toThrow();
    expect(() => dayKind('2026/02/03')).toThrow();
  });
});

describe('workingDays', () => {
  it('Fri 2026-09-25 15:00 (Mid-Autumn) + 1 → Mon 09-28 17:30', () => {
    expect(due('2026-09-25T15:00:00+08:00', wd(1))).toBe('2026-09-28T09:30:00.000Z');
  });

  it('across National Day 2026 and onto the make-up Saturday 10-10', () => {
    const from = '2026-09-30T10:00:00+08:00'; // Wed
    expect(due(from, wd(1))).toBe('2026-10-08T09:30:00.000Z');
    expect(due(from, wd(2))).toBe('2026-10-09T09:30:00.000Z');
    expect(due(from, wd(3))).toBe('2026-10-10T09:30:00.000Z'); // Sat, 调休上班
    expect(due(from, wd(4))).toBe('2026-10-12T09:30:00.000Z'); // Mon
  });

  it('the make-up Sunday 2026-09-20 counts', () => {
    expect(due('2026-09-18T16:00:00+08:00', wd(1))).toBe('2026-09-20T09:30:00.000Z');
  });

  it('across Spring Festival 2025 and 2026', () => {
    expect(due('2025-01-24T10:00:00+08:00', wd(2))).toBe('2025-01-27T09:30:00.000Z'); // Sun 01-26 then Mon 01-27
    expect(due('2025-01-27T10:00:00+08:00', wd(1))).toBe('2025-02-05T09:30:00.000Z');
    // Tue 2026-02-10 + 10: 11,12,13, Sat 14, (15..23 off), 24,25,26,27, Sat 28, (Sun 03-01), Mon 03-02
    expect(due('2026-02-10T09:30:00+08:00', wd(10))).toBe('2026-03-02T09:30:00.000Z');
  });

  it('National Day 2025 and Labour Day 2025', () => {
    const from = '2025-09-26T11:00:00+08:00'; // Fri
    expect(due(from, wd(3))).toBe('2025-09-30T09:30:00.000Z'); // Sun 09-28, Mon 29, Tue 30
    expect(due(from, wd(4))).toBe('2025-10-09T09:30:00.000Z');
    expect(due(from, wd(6))).toBe('2025-10-11T09:30:00.000Z'); // Sat make-up
    expect(due('2025-04-25T17:00:00+08:00', wd(1))).toBe('2025-04-27T09:30:00.000Z');
    expect(due('2025-04-30T09:00:00+08:00', wd(1))).toBe('2025-05-06T09:30:00.000Z');
  });

  it('the time of day of `from` does not matter; only its Beijing date', () => {
    expect(due('2026-03-02T00:30:00+08:00', wd(1))).toBe('2026-03-03T09:30:00.000Z');
    expect(due('2026-03-01T23:30:00+08:00', wd(1))).toBe('2026-03-02T09:30:00.000Z'); // Sun
    // 17:00Z Sunday is already Monday 01:00 in Beijing.
    expect(due('2026-03-01T17:00:00Z', wd(1))).toBe('2026-03-03T09:30:00.000Z');
    expect(due('2026-03-01T15:59:59Z', wd(1))).toBe('2026-03-02T09:30:00.000Z');
  });

  it('rounds fractional days up, and says so', () => {
    const d = computeDeadline('2026-03-02T10:00:00+08:00', wd(1.5), 0);
    expect(d.deadlineAt).toBe('2026-03-04T09:30:00.000Z');
    expect(d.provisional).toBe(false);
    expect(d.note).toMatch(/rounded up to 2/);
  });
});

describe('workingHours', () => {
  it('across lunch: 2 h from 11:00 → 14:30', () => {
    expect(due('2026-03-02T11:00:00+08:00', wh(2))).toBe('2026-03-02T06:30:00.000Z');
  });

  it('overnight: 2 h from 17:00 → 10:30 next day', () => {
    expect(due('2026-03-02T17:00:00+08:00', wh(2))).toBe('2026-03-03T02:30:00.000Z');
  });

  it('outside office hours starts at the next opening; a window used up at a close ends there', () => {
    expect(due('2026-03-02T12:15:00+08:00', wh(1))).toBe('2026-03-02T06:30:00.000Z'); // 13:30 + 1h
    expect(due('2026-03-02T07:00:00+08:00', wh(3))).toBe('2026-03-02T04:00:00.000Z'); // 12:00, not 13:30
    expect(due('2026-03-02T09:00:00+08:00', wh(14))).toBe('2026-03-03T09:30:00.000Z'); // two full days
    expect(due('2026-03-06T18:00:00+08:00', wh(1))).toBe('2026-03-09T02:00:00.000Z'); // Fri evening → Mon 10:00
  });

  it('across a holiday and onto a make-up Saturday', () => {
    expect(due('2025-09-30T17:00:00+08:00', wh(2))).toBe('2025-10-09T02:30:00.000Z');
    expect(due('2026-02-13T17:00:00+08:00', wh(1))).toBe('2026-02-14T01:30:00.000Z'); // Sat 02-14 09:30
  });
});

describe('duration', () => {
  it('is plain wall-clock time, never provisional, even in 2027', () => {
    const d = computeDeadline('2027-01-04T10:00:00Z', { duration: '30s' }, 0.75);
    expect(d).toEqual({ deadlineAt: '2027-01-04T10:00:30.000Z', reminderAt: '2027-01-04T10:00:22.500Z', provisional: false });
    expect(due('2026-10-01T00:00:00+08:00', { duration: '3d' })).toBe('2026-10-03T16:00:00.000Z');
  });
});

describe('overrides', () => {
  it('a declared day off pushes the deadline', () => {
    expect(due('2026-03-02T10:00:00+08:00', wd(1))).toBe('2026-03-03T09:30:00.000Z');
    expect(due('2026-03-02T10:00:00+08:00', wd(1), { '2026-03-03': 'rest' })).toBe('2026-03-04T09:30:00.000Z');
  });

  it('a declared working Saturday counts', () => {
    expect(due('2026-03-06T10:00:00+08:00', wd(1), { '2026-03-07': 'work' })).toBe('2026-03-07T09:30:00.000Z');
    expect(due('2026-03-06T17:00:00+08:00', wh(1), { '2026-03-07': 'work' })).toBe('2026-03-07T01:30:00.000Z');
  });

  it('win over the official data both ways', () => {
    const from = '2026-09-30T10:00:00+08:00';
    expect(due(from, wd(3), { '2026-10-10': 'rest' })).toBe('2026-10-12T09:30:00.000Z');
    expect(due(from, wd(1), { '2026-10-02': 'work' })).toBe('2026-10-02T09:30:00.000Z');
    expect(dayKind('2026-10-10', { '2026-10-10': 'rest' })).toMatchObject({ working: false, known: true });
    expect(dayKind('2026-10-10', { '2026-10-10': 'rest' }).reason).toMatch(/override/);
  });

  it('reject malformed entries', () => {
    expect(() => due('2026-03-02T10:00:00+08:00', wd(1), { '2026-3-3': 'rest' })).toThrow();
    expect(() => due('2026-03-02T10:00:00+08:00', wd(1), { '2026-03-03': 'off' as never })).toThrow();
  });
});

describe('years outside the published calendar', () => {
  it('2027 is computed with Mon–Fri and flagged provisional, naming the dates', () => {
    expect(dayKind('2027-03-01')).toMatchObject({ working: true, known: false }); // Mon
    expect(dayKind('2027-03-06')).toMatchObject({ working: false, known: false }); // Sat
    const d = computeDeadline('2027-01-04T10:00:00+08:00', wd(3), 0); // Mon
    expect(d.deadlineAt).toBe('2027-01-07T09:30:00.000Z');
    expect(d.provisional).toBe(true);
    expect(d.note).toContain('2027-01-05..2027-01-07');
    expect(d.note).toMatch(/outside the published/);
  });

  it('a deadline that stays in known days is not provisional; one that runs into 2027 is', () => {
    const from = '2026-12-24T10:00:00+08:00'; // Thu
    expect(computeDeadline(from, wd(2), 0)).toMatchObject({ deadlineAt: '2026-12-28T09:30:00.000Z', provisional: false });
    const d = computeDeadline(from, wd(6), 0); // Fri 25, Mon 28, 29, 30, 31, Fri 2027-01-01
    expect(d).toMatchObject({ deadlineAt: '2027-01-01T09:30:00.000Z', provisional: true });
    expect(d.note).toContain('2026-12-29..2027-01-01');
  });

  it('29–31 December are not known until the next year is published', () => {
    expect(dayKind('2026-12-28').known).toBe(true);
    expect(dayKind('2026-12-29')).toMatchObject({ working: true, known: false });
    expect(dayKind('2025-12-31')).toMatchObject({ working: true, known: true }); // 2026 is published
    expect(dayKind('2018-12-29')).toMatchObject({ working: true, known: true }); // Sat, made a working day by the 2019 notice
    const d = computeDeadline('2026-12-24T10:00:00+08:00', wd(3), 0);
    expect(d).toMatchObject({ deadlineAt: '2026-12-29T09:30:00.000Z', provisional: true });
    expect(d.note).toContain('2026-12-29 is outside');
  });

  it('a date the overrides declare counts as known', () => {
    const from = '2027-01-03T20:00:00+08:00'; // Sun
    expect(computeDeadline(from, wd(1), 0, { '2027-01-04': 'work' })).toEqual({
      deadlineAt: '2027-01-04T09:30:00.000Z',
      reminderAt: null,
      provisional: false,
    });
    const d = computeDeadline(from, wd(1), 0, { '2027-01-04': 'rest' });
    expect(d).toMatchObject({ deadlineAt: '2027-01-05T09:30:00.000Z', provisional: true });
    expect(d.note).toContain('2027-01-05');
    expect(d.note).not.toContain('2027-01-04');
    expect(dayKind('2027-01-04', { '2027-01-04': 'work' }).known).toBe(true);
  });
});

describe('time zone independence', () => {
  it('gives the same answers whatever process.env.TZ is', () => {
    const cases: [string, ReturnType<typeof wd> | ReturnType<typeof wh>, string][] = [
      ['2026-03-01T17:00:00Z', wd(1), '2026-03-03T09:30:00.000Z'], // Mon 01:00 Beijing
      ['2025-01-25T03:00:00Z', wd(1), '2025-01-26T09:30:00.000Z'], // Sat 11:00 Beijing → make-up Sun
      ['2026-03-02T03:00:00Z', wh(2), '2026-03-02T06:30:00.000Z'], // Mon 11:00 Beijing
      ['2026-09-30T09:00:00Z', wh(2), '2026-10-08T02:30:00.000Z'], // Wed 17:00 Beijing → Thu 10-08 10:30
    ];
    for (const [tz, januaryOffset] of [
      ['America/New_York', 300],
      ['Pacific/Kiritimati', -840],
      ['UTC', 0],
      ['Asia/Shanghai', -480],
    ] as const) {
      process.env.TZ = tz;
      expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), `TZ=${tz} took effect`).toBe(januaryOffset);
      for (const [from, limit, expected] of cases) expect(due(from, limit), `${tz} ${from}`).toBe(expected);
      expectWork('2025-01-26', '2026-02-14');
      expectRest('2025-01-25', '2026-02-15');
    }
  });

  it('refuses an instant without an offset (its meaning would depend on the machine)', () => {
    expect(() => due('2026-03-02T10:00:00', wd(1))).toThrow(RangeError);
    expect(() => due('2026-03-02', wd(1))).toThrow(RangeError);
  });
});

describe('reminderAt', () => {
  it('is at the share of the wall-clock span', () => {
    // Mon 17:30 Beijing + 1 working day = Tue 17:30: 24 h, 75 % = 18 h later.
    expect(computeDeadline('2026-03-02T09:30:00Z', wd(1), 0.75)).toEqual({
      deadlineAt: '2026-03-03T09:30:00.000Z',
      reminderAt: '2026-03-03T03:30:00.000Z',
      provisional: false,
    });
    // 11:00 → 14:30 is 3.5 h of wall clock (lunch included): half way is 12:45 Beijing.
    expect(computeDeadline('2026-03-02T11:00:00+08:00', wh(2), 0.5).reminderAt).toBe('2026-03-02T04:45:00.000Z');
    expect(computeDeadline('2026-03-02T11:00:00+08:00', wh(2), 1).reminderAt).toBe('2026-03-02T06:30:00.000Z');
  });

  it('is null when the share is 0, and a share outside 0..1 is refused', () => {
    expect(computeDeadline('2026-03-02T11:00:00+08:00', wh(2), 0).reminderAt).toBeNull();
    expect(() => computeDeadline('2026-03-02T11:00:00+08:00', wh(2), 1.5)).toThrow(RangeError);
    expect(() => computeDeadline('2026-03-02T11:00:00+08:00', wh(2), -0.1)).toThrow(RangeError);
  });
});

describe('loadOverrides', () => {
  it('reads the calendar_overrides table', async () => {
    // A store of its own (a file, so that under test:pg its database is this test's alone).
    const dir = mkdtempSync(join(tmpdir(), 'calendar-overrides-'));
    const db = await openTestStore(join(dir, 'cases.sqlite'));
    await db.insert(calendarOverrides)
      .values([
        { date: '2026-03-03', kind: 'rest', note: 'typhoon', createdBy: 'admin' },
        { date: '2026-03-07', kind: 'work', note: 'make-up day' },
      ]);
    const overrides = (await loadOverrides(db));
    expect(overrides).toEqual({ '2026-03-03': 'rest', '2026-03-07': 'work' });
    expect(due('2026-03-02T10:00:00+08:00', wd(2), overrides)).toBe('2026-03-05T09:30:00.000Z'); // Wed 04, Thu 05
    await db.insert(calendarOverrides).values({ date: '2026-03-10', kind: 'holiday', note: 'bad' });
    await expect(loadOverrides(db)).rejects.toThrow(/work.*rest/);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('officially loaded years (PUT /v1/calendar/{year})', () => {
  // TEST DATA: a synthetic 2027 arrangement, not the State Council's.
  const loaded = {
    2027: {
      documentNo: 'TEST-2027',
      holidays: { '2026-12-31': '测试元旦', '2027-01-01': '测试元旦', '2027-02-08': '测试春节' },
      workdays: { '2027-01-09': '' },
    },
  };

  it('a loaded year is known: its holidays rest, its make-up days work, other days follow Mon–Fri', () => {
    expect(coveredYears(loaded)).toContain(2027);
    expect(dayKind('2027-02-08', {}, loaded)).toMatchObject({ working: false, known: true });
    expect(dayKind('2027-02-08', {}, loaded).reason).toContain('TEST-2027');
    expect(dayKind('2027-01-09', {}, loaded)).toMatchObject({ working: true, known: true }); // Sat
    expect(dayKind('2027-03-01', {}, loaded)).toMatchObject({ working: true, known: true }); // Mon
    expect(dayKind('2027-03-06', {}, loaded)).toMatchObject({ working: false, known: true }); // Sat
  });

  it("next year's notice arranges 29–31 December and makes those days known", () => {
    expect(dayKind('2026-12-31')).toMatchObject({ working: true, known: false });
    expect(dayKind('2026-12-31', {}, loaded)).toMatchObject({ working: false, known: true });
    expect(dayKind('2026-12-30', {}, loaded)).toMatchObject({ working: true, known: true });
  });

  it('overrides still win over a loaded year', () => {
    expect(dayKind('2027-02-08', { '2027-02-08': 'work' }, loaded)).toMatchObject({ working: true, known: true });
  });

  it('a deadline is provisional without the year and firm with it', () => {
    // Wed 2026-12-30 + 2 working days: plain rule Thu 12-31, Fri 01-01; loaded: Mon 01-04, Tue 01-05.
    expect(computeDeadline('2026-12-30T10:00:00+08:00', wd(2), 0)).toMatchObject({ deadlineAt: '2027-01-01T09:30:00.000Z', provisional: true });
    expect(computeDeadline('2026-12-30T10:00:00+08:00', wd(2), 0, {}, loaded)).toEqual({ deadlineAt: '2027-01-05T09:30:00.000Z', reminderAt: null, provisional: false });
  });
});

describe('iCalendar notices', () => {
  it('reads folded lines, exclusive DTEND, one-day events and make-up categories', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'X-DOCUMENT-NO:TEST-ICS',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270206',
      'DTEND;VALUE=DATE:20270215',
      'SUMMARY:测试春节 Test Spring',
      '  Festival',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20270405',
      'SUMMARY:测试清明',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270220',
      'CATEGORIES:HOLIDAY,补班',
      'SUMMARY:测试春节',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseICalNotice(ics)).toEqual({
      documentNo: 'TEST-ICS',
      holidays: [
        { name: '测试春节 Test Spring Festival', from: '2027-02-06', to: '2027-02-14' },
        { name: '测试清明', from: '2027-04-05', to: '2027-04-05' },
      ],
      workdays: [{ date: '2027-02-20', name: '测试春节' }],
    });
  });

  it('refuses what it would have to guess: timed or recurring events, a file that is not iCalendar', () => {
    const wrap = (...lines: string[]) => ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\n');
    expect(() => parseICalNotice(wrap('DTSTART:20270101T000000Z', 'SUMMARY:x'))).toThrow(ICalError);
    expect(() => parseICalNotice(wrap('DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=YEARLY', 'SUMMARY:x'))).toThrow(/Recurring/);
    expect(() => parseICalNotice(wrap('DTSTART;VALUE=DATE:20270231', 'SUMMARY:x'))).toThrow(/not a date/);
    expect(() => parseICalNotice('{"documentNo":"x"}')).toThrow(/Not an iCalendar/);
  });
});
