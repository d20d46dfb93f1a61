// The working-day calendar: turns a policy `Limit` into a deadline, following China's official
// calendar (State Council holiday arrangements, with their make-up working days 调休上班) plus the
// city's own amendments (the calendar_overrides table). Used by the deadline activities and the calendar
// service; never by workflow code (they ask the computeDeadline activity).
//
// Semantics
// - Time zone: every date is a Beijing date (Asia/Shanghai, UTC+8, no DST) whatever process.env.TZ
//   says. Instants in, instants out (ISO 8601; output is UTC `toISOString()`). Inputs must carry an
//   explicit offset ('Z' or '+08:00'); a bare local time would depend on the machine, so it is refused.
// - Office hours: OFFICE_HOURS, 09:00–12:00 and 13:30–17:30 Beijing time (7 hours a working day).
// - Source of the official calendar: a year an administrator loaded from the State Council's notice
//   (calendar_years and its holidays/workdays tables; PUT /v1/calendar/{year}) replaces that year
//   as a whole; any other year comes from the `chinese-days` package's published JSON
//   (chinese-days/dist/chinese-days.json). Its JS API is NOT used: it builds its table with the
//   machine's local time, so under a TZ west of UTC every holiday moves a day (e.g. with
//   TZ=America/New_York it reports Sat 2025-01-25 as the Spring Festival make-up day instead of Sun
//   2025-01-26).
// - A day is working if: an override says so ('work' / 'rest', overrides always win); else the
//   official data lists it as a make-up working day (working) or a holiday (rest); else Mon–Fri.
// - Known vs provisional: a day is known when an override declares it, or when its year has a
//   published arrangement (coveredYears(): loaded or in the package). Days outside it are computed with the plain Mon–Fri rule,
//   never guessed otherwise, and any deadline that depended on one is `provisional: true` with a
//   `note` naming those dates. Stricter than "the year is covered": from 29 December on, a year whose
//   successor is not published yet is not known either, because the next year's notice can still
//   move those days (the 2007 notice made 2006-12-30/31 working days; the 2008 one made Sat
//   2007-12-29 a working day and 12-30/31 holidays; 2012: Sat 2011-12-31 working; 2019: the same
//   as 2008 for 2018-12-29..31). Once the next year is published, they are known as usual.
// - {workingDays: N}: counting starts on the next working day after the Beijing date of `from`
//   (the day of `from` never counts, whatever the time); the deadline is 17:30 Beijing (close of
//   office) of the Nth working day. A fractional N is ROUNDED UP to whole days (never less time
//   than the policy gives), and the `note` says so.
// - {workingHours: N}: N hours of office time counted from `from` (or from the next opening when
//   `from` is outside office hours or on a rest day). A window that is used up exactly at a closing
//   time ends at that closing time (12:00 or 17:30), not at the next opening.
// - {duration}: plain wall-clock milliseconds (durationMs), no calendar, never provisional.
// - reminderAt: the instant at `reminderShare` (0..1) of the wall-clock span from `from` to the
//   deadline (rounded to the millisecond); null when reminderShare is 0.
// - Pure and deterministic: no clock, no TZ, no I/O (except loadOverrides, which reads the table).
import { createRequire } from 'node:module';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { calendarHolidays, calendarOverrides, calendarWorkdays, calendarYears } from '../db/schema.js';
import { durationMs, type Limit } from '../domain/policy.js';
import { first } from '../db/store.js';

export type DayOverride = 'work' | 'rest';
/** One officially loaded year: day → holiday name, make-up day → the holiday it makes up for ('' when not said). */
export interface LoadedYear {
  documentNo: string;
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
/** Years loaded from the State Council's notice, by year. */
export type LoadedYears = Record<number, LoadedYear>;
/** Key: 'YYYY-MM-DD' (Asia/Shanghai date). */
export type CalendarOverrides = Record<string, DayOverride>;
export interface Deadline {
  /** ISO 8601 UTC (toISOString()). */
  deadlineAt: string;
  reminderAt: string | null;
  /** True when the deadline depends on days outside the published official calendar. */
  provisional: boolean;
  note?: string;
}

export const TIME_ZONE = 'Asia/Shanghai';
/** Beijing time is UTC+8 all year (no DST since 1991). */
export const BEIJING_UTC_OFFSET_MS = 8 * 3_600_000;
/** Office hours, Beijing time: morning and afternoon sessions. */
export const OFFICE_HOURS: readonly { readonly open: string; readonly close: string }[] = [
  { open: '09:00', close: '12:00' },
  { open: '13:30', close: '17:30' },
];
/** The close of office: a `{workingDays}` deadline falls at this Beijing time. */
export const OFFICE_CLOSE = '17:30';
/** From this day of December on, a date also needs the next year's arrangement to be known. */
const LATE_DECEMBER_FROM = 29;
/** A limit that needs more calendar days than this is a bug (or overrides that declare every day off). */
const MAX_SCAN_DAYS = 4000;

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// ---- Official data ----

interface OfficialData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const official = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as OfficialData;

/** Every year with a published arrangement has holidays in the data (at least New Year's Day). */
const COVERED: ReadonlySet<number> = new Set(Object.keys(official.holidays).map((d) => Number(d.slice(0, 4))));
const COVERED_SORTED = [...COVERED].sort((a, b) => a - b);

/** Years for which the official arrangement is known: in the package's data, or loaded. */
export function coveredYears(loaded: LoadedYears = {}): number[] {
  return [...new Set([...COVERED_SORTED, ...Object.keys(loaded).map(Number)])].sort((a, b) => a - b);
}

/** The years the `chinese-days` package itself carries. */
export function packageYears(): number[] {
  return [...COVERED_SORTED];
}

function isCovered(year: number, loaded: LoadedYears): boolean {
  return COVERED.has(year) || loaded[year] !== undefined;
}

function coverageText(loaded: LoadedYears): string {
  const years = coveredYears(loaded);
  if (years.length === 0) return 'no year is covered';
  const extra = Object.keys(loaded).map(Number).filter((y) => !COVERED.has(y));
  return `covered years ${COVERED_SORTED[0]}–${COVERED_SORTED[COVERED_SORTED.length - 1]}${extra.length ? ` and loaded ${extra.sort((a, b) => a - b).join(', ')}` : ''}`;
}

/** The package's data of one year: holidays and make-up days with their festival's label. */
export function packageYear(year: number): { holidays: Record<string, string>; workdays: Record<string, string> } | null {
  if (!COVERED.has(year)) return null;
  const pick = (src: Record<string, string>) =>
    Object.fromEntries(Object.entries(src).filter(([d]) => d.startsWith(`${year}-`)).map(([d, v]) => [d, festival(v)]));
  return { holidays: pick(official.holidays), workdays: pick(official.workdays) };
}

/** 'Spring Festival,春节,4' → '春节 Spring Festival'. */
function festival(entry: string): string {
  const [en, zh] = entry.split(',');
  return zh ? `${zh} ${en}` : en;
}

// ---- Beijing day numbers (days since 1970-01-01 in Beijing) ----

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function dayOfDate(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms / DAY_MS;
  }
  throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
}
function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
function dayOfInstant(ms: number): number {
  return Math.floor((ms + BEIJING_UTC_OFFSET_MS) / DAY_MS);
}
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
/** The instant of a Beijing wall-clock time (minutes after midnight) on a Beijing day. */
function instantAt(day: number, minutes: number): number {
  return day * DAY_MS + minutes * 60_000 - BEIJING_UTC_OFFSET_MS;
}
function parseInstant(iso: string): number {
  const ms = INSTANT_RE.test(iso) ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`not an ISO 8601 instant with an offset: ${iso}`);
  return ms;
}

const SESSIONS = OFFICE_HOURS.map((s) => ({ open: minutesOf(s.open), close: minutesOf(s.close) }));
const CLOSE_MINUTES = minutesOf(OFFICE_CLOSE);

// ---- Days ----

interface DayInfo {
  working: boolean;
  known: boolean;
  reason: string;
}

function kindOfDay(day: number, overrides: CalendarOverrides, loaded: LoadedYears): DayInfo {
  const date = dateOfDay(day);
  const weekday = new Date(day * DAY_MS).getUTCDay();
  const weekdayName = WEEKDAYS[weekday];
  const override = overrides[date];
  if (override === 'work' || override === 'rest') {
    return {
      working: override === 'work',
      known: true,
      reason: `override (calendar_overrides): declared a ${override === 'work' ? 'working' : 'rest'} day (${weekdayName})`,
    };
  }
  const year = Number(date.slice(0, 4));
  const lateDecember = Number(date.slice(5, 7)) === 12 && Number(date.slice(8)) >= LATE_DECEMBER_FROM;
  // The next year's notice may arrange 29–31 December; it is the newer word on those days.
  const next = lateDecember ? loaded[year + 1] : undefined;
  if (next && date in next.workdays) {
    const n = next.workdays[date];
    return { working: true, known: true, reason: `make-up working day 调休上班${n ? ` for ${n}` : ''} (${weekdayName}; ${next.documentNo})` };
  }
  if (next?.holidays[date]) return { working: false, known: true, reason: `public holiday: ${next.holidays[date]} (${weekdayName}; ${next.documentNo})` };
  const own = loaded[year];
  if (own) {
    // A loaded notice replaces the package's data of its year as a whole.
    if (date in own.workdays) {
      const n = own.workdays[date];
      return { working: true, known: true, reason: `make-up working day 调休上班${n ? ` for ${n}` : ''} (${weekdayName}; ${own.documentNo})` };
    }
    if (own.holidays[date]) return { working: false, known: true, reason: `public holiday: ${own.holidays[date]} (${weekdayName}; ${own.documentNo})` };
  } else {
    const makeUp = official.workdays[date];
    if (makeUp) return { working: true, known: true, reason: `make-up working day 调休上班 for ${festival(makeUp)} (${weekdayName})` };
    const holiday = official.holidays[date];
    if (holiday) return { working: false, known: true, reason: `public holiday: ${festival(holiday)} (${weekdayName})` };
  }

  const working = weekday >= 1 && weekday <= 5;
  const plain = working ? `weekday (${weekdayName})` : `weekend (${weekdayName})`;
  if (!isCovered(year, loaded)) {
    return { working, known: false, reason: `${year} is not in the published calendar (${coverageText(loaded)}): plain rule, ${plain}` };
  }
  if (lateDecember && !isCovered(year + 1, loaded)) {
    return {
      working,
      known: false,
      reason: `the ${year + 1} arrangement, not published yet, may still move late-December days: plain rule, ${plain}`,
    };
  }
  return { working, known: true, reason: plain };
}

/** Whether a Beijing date ('YYYY-MM-DD') is a working day, whether that is known, and why. */
export function dayKind(date: string, overrides: CalendarOverrides = {}, loaded: LoadedYears = {}): { working: boolean; known: boolean; reason: string } {
  return kindOfDay(dayOfDate(date), overrides, loaded);
}

function checkOverrides(overrides: CalendarOverrides): void {
  for (const [date, kind] of Object.entries(overrides)) {
    dayOfDate(date);
    if (kind !== 'work' && kind !== 'rest') throw new RangeError(`calendar override ${date}: kind must be 'work' or 'rest', not ${String(kind)}`);
  }
}

/** '2027-01-01..2027-01-05, 2027-01-08' from sorted day numbers. */
function ranges(days: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    out.push(i === j ? dateOfDay(days[i]) : `${dateOfDay(days[i])}..${dateOfDay(days[j])}`);
    i = j + 1;
  }
  return out.join(', ');
}

// ---- Deadlines ----

/**
 * The deadline of `limit` counted from `fromIso`, and the reminder at `reminderShare` of the way.
 * Throws RangeError on malformed input (instant without offset, non-positive limit, share outside 0..1).
 */
export function computeDeadline(fromIso: string, limit: Limit, reminderShare: number, overrides: CalendarOverrides = {}, loaded: LoadedYears = {}): Deadline {
  const from = parseInstant(fromIso);
  if (!(reminderShare >= 0 && reminderShare <= 1)) throw new RangeError(`reminderShare must be within 0..1, not ${reminderShare}`);
  checkOverrides(overrides);

  const unknownDays: number[] = [];
  const notes: string[] = [];
  const seen = new Map<number, DayInfo>();
  const isWorking = (day: number): boolean => {
    let info = seen.get(day);
    if (!info) {
      info = kindOfDay(day, overrides, loaded);
      seen.set(day, info);
      if (!info.known) unknownDays.push(day);
    }
    return info.working;
  };

  let deadline: number;
  if ('duration' in limit) {
    deadline = from + durationMs(limit.duration);
  } else if ('workingDays' in limit) {
    const n = limit.workingDays;
    if (!(Number.isFinite(n) && n > 0)) throw new RangeError(`workingDays must be positive, not ${n}`);
    const whole = Math.ceil(n);
    if (whole !== n) notes.push(`${n} working days rounded up to ${whole}.`);
    const start = dayOfInstant(from);
    let day = start;
    for (let counted = 0; counted < whole; ) {
      day++;
      if (day - start > MAX_SCAN_DAYS) throw new RangeError(`no ${whole} working days within ${MAX_SCAN_DAYS} days of ${fromIso}`);
      if (isWorking(day)) counted++;
    }
    deadline = instantAt(day, CLOSE_MINUTES);
  } else if ('workingHours' in limit) {
    const n = limit.workingHours;
    if (!(Number.isFinite(n) && n > 0)) throw new RangeError(`workingHours must be positive, not ${n}`);
    let remaining = Math.round(n * 3_600_000);
    const start = dayOfInstant(from);
    let day = start;
    let t = from;
    let found: number | undefined;
    while (found === undefined) {
      if (day - start > MAX_SCAN_DAYS) throw new RangeError(`no ${n} working hours within ${MAX_SCAN_DAYS} days of ${fromIso}`);
      // A day whose office hours are already over when we reach it is not consulted at all.
      if (t < instantAt(day, SESSIONS[SESSIONS.length - 1].close) && isWorking(day)) {
        for (const s of SESSIONS) {
          const open = instantAt(day, s.open);
          const close = instantAt(day, s.close);
          if (t >= close) continue;
          const begin = Math.max(t, open);
          if (remaining <= close - begin) {
            found = begin + remaining;
            break;
          }
          remaining -= close - begin;
          t = close;
        }
      }
      day++;
      t = Math.max(t, instantAt(day, 0));
    }
    deadline = found;
  } else {
    throw new RangeError(`unknown limit: ${JSON.stringify(limit)}`);
  }

  const provisional = unknownDays.length > 0;
  if (provisional) {
    unknownDays.sort((a, b) => a - b);
    notes.unshift(
      `Provisional: ${ranges(unknownDays)} ${unknownDays.length === 1 ? 'is' : 'are'} outside the published official calendar ` +
        `(${coverageText(loaded)}${unknownDays.some((d) => isCovered(Number(dateOfDay(d).slice(0, 4)), loaded)) ? `; 29–31 December wait for the next year's notice` : ''}); ` +
        `counted with the plain rule (Mon–Fri working, Sat/Sun rest).`,
    );
  }
  const result: Deadline = {
    deadlineAt: new Date(deadline).toISOString(),
    reminderAt: reminderShare === 0 ? null : new Date(from + Math.round(reminderShare * (deadline - from))).toISOString(),
    provisional,
  };
  if (notes.length > 0) result.note = notes.join(' ');
  return result;
}

// ---- Overrides table ----

/** Reads calendar_overrides. A malformed row throws: silently skipping it would move deadlines. */
export async function loadOverrides(db: Db): Promise<CalendarOverrides> {
  const rows = (await db.select({ date: calendarOverrides.date, kind: calendarOverrides.kind }).from(calendarOverrides));
  const out: CalendarOverrides = {};
  for (const { date, kind } of rows) {
    dayOfDate(date);
    if (kind !== 'work' && kind !== 'rest') throw new RangeError(`calendar_overrides ${date}: kind must be 'work' or 'rest', not ${kind}`);
    out[date] = kind;
  }
  return out;
}

// ---- Officially loaded years ----

/** Every year an administrator loaded (calendar_years with its holidays and make-up days). */
export async function loadOfficialYears(db: Db): Promise<LoadedYears> {
  const out: LoadedYears = {};
  for (const y of (await db.select().from(calendarYears))) out[y.year] = { documentNo: y.documentNo, holidays: {}, workdays: {} };
  for (const h of (await db.select().from(calendarHolidays))) {
    const y = out[h.year];
    if (!y) continue;
    for (let d = dayOfDate(h.fromDate); d <= dayOfDate(h.toDate); d++) y.holidays[dateOfDay(d)] = h.name;
  }
  for (const w of (await db.select().from(calendarWorkdays))) {
    const y = out[w.year];
    if (y) y.workdays[w.date] = w.name ?? '';
  }
  return out;
}

/** What every deadline in the system is computed with: the overrides and the loaded years of the store. */
export interface CalendarData {
  overrides: CalendarOverrides;
  loaded: LoadedYears;
}
export async function loadCalendarData(db: Db): Promise<CalendarData> {
  return { overrides: (await loadOverrides(db)), loaded: (await loadOfficialYears(db)) };
}

/**
 * The deadline of `limit` from `fromIso` under the store's calendar: the one function behind the
 * workflows' computeDeadline activity and GET /v1/calendar/deadline.
 */
export async function deadlineFromStore(db: Db, fromIso: string, limit: Limit, reminderShare: number): Promise<Deadline> {
  const { overrides, loaded } = (await loadCalendarData(db));
  return computeDeadline(fromIso, limit, reminderShare, overrides, loaded);
}

/** The Beijing year of an instant. */
export function beijingYear(ms: number): number {
  return new Date(ms + BEIJING_UTC_OFFSET_MS).getUTCFullYear();
}

/**
 * From 1 November (Beijing), next year's notice is due: the year after the current one, when neither
 * loaded nor in the package, is reported missing (null otherwise).
 */
export async function missingNextYear(db: Db, now: Date): Promise<number | null> {
  const local = new Date(now.getTime() + BEIJING_UTC_OFFSET_MS);
  if (local.getUTCMonth() < 10) return null;
  const next = local.getUTCFullYear() + 1;
  if (COVERED.has(next)) return null;
  return (await first(db.select({ year: calendarYears.year }).from(calendarYears).where(eq(calendarYears.year, next)))) ? null : next;
}
