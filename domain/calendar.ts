// The State Council's holiday notice (国务院办公厅关于某年部分节假日安排的通知) as an administrator loads
// it: its shape, the checks a year must pass before it replaces what deadlines are counted with, and
// the iCalendar form government calendars are often shared in. Pure: no clock, no I/O.
import { z } from 'zod';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
export const CalendarDate = z.string().refine(isRealDate, 'a date YYYY-MM-DD');

export const HolidaySchema = z.strictObject({
  name: z.string().trim().min(1).max(60).describe('The holiday, e.g. 春节 Spring Festival'),
  from: CalendarDate.describe('First day off'),
  to: CalendarDate.describe('Last day off (inclusive)'),
});
export const WorkdaySchema = z.union([
  CalendarDate,
  z.strictObject({ date: CalendarDate, name: z.string().trim().max(60).optional().describe('The holiday it makes up for') }),
]);

export const CalendarNoticeSchema = z
  .strictObject({
    documentNo: z.string().trim().min(1).max(120).describe('The notice\'s document number, e.g. 国办发明电〔2026〕N号'),
    holidays: z.array(HolidaySchema).min(1).max(60),
    workdays: z.array(WorkdaySchema).max(60).default([]).describe('Make-up working days (调休上班): weekend days that are worked'),
  })
  .meta({ id: 'CalendarNotice' });
export type CalendarNoticeInput = z.input<typeof CalendarNoticeSchema>;

/** A notice in its one stored form: holidays by first day, make-up days by date, names kept. */
export interface CalendarNotice {
  documentNo: string;
  holidays: { name: string; from: string; to: string }[];
  workdays: { date: string; name?: string }[];
}

export function normalizeNotice(input: z.output<typeof CalendarNoticeSchema>): CalendarNotice {
  return {
    documentNo: input.documentNo,
    holidays: [...input.holidays].sort((a, b) => a.from.localeCompare(b.from)).map((h) => ({ name: h.name, from: h.from, to: h.to })),
    workdays: input.workdays
      .map((w) => (typeof w === 'string' ? { date: w } : { date: w.date, ...(w.name ? { name: w.name } : {}) }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  };
}

export interface NoticeIssue {
  /** Upper snake case, the answer's `code` when it is the first issue. */
  code: 'DATE_OUTSIDE_YEAR' | 'RANGE_UNORDERED' | 'HOLIDAYS_OVERLAP' | 'WORKDAY_NOT_WEEKEND' | 'WORKDAY_IN_HOLIDAY' | 'WORKDAY_DUPLICATE';
  path: string;
  message: string;
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/**
 * What is wrong with a notice for `year` (empty when it can be loaded): every date inside the year
 * (or on 29–31 December before it),
 * each range ordered, no two holidays sharing a day, a make-up day a Saturday or Sunday outside every
 * holiday and named once. Paths refer to the notice as sent (holidays[i], workdays[i]).
 */
export function checkNotice(year: number, input: z.output<typeof CalendarNoticeSchema>): NoticeIssue[] {
  const issues: NoticeIssue[] = [];
  // A notice may also arrange 29–31 December of the year before (the 2019 notice made Sat 2018-12-29
  // a working day and 12-30/31 holidays), so those three days count as its own.
  const inYear = (d: string) => d.startsWith(`${year}-`) || (d >= `${year - 1}-12-29` && d <= `${year - 1}-12-31`);
  input.holidays.forEach((h, i) => {
    for (const k of ['from', 'to'] as const) {
      if (!inYear(h[k])) issues.push({ code: 'DATE_OUTSIDE_YEAR', path: `holidays.${i}.${k}`, message: `${h[k]} is not in ${year} (nor 29–31 December before it).` });
    }
    if (h.from > h.to) issues.push({ code: 'RANGE_UNORDERED', path: `holidays.${i}`, message: `${h.name}: the first day ${h.from} is after the last day ${h.to}.` });
  });
  const ordered = input.holidays.map((h, i) => ({ ...h, i })).filter((h) => h.from <= h.to).sort((a, b) => a.from.localeCompare(b.from));
  for (let k = 1; k < ordered.length; k++) {
    const a = ordered[k - 1];
    const b = ordered[k];
    if (b.from <= a.to) issues.push({ code: 'HOLIDAYS_OVERLAP', path: `holidays.${b.i}`, message: `${b.name} (${b.from}..${b.to}) overlaps ${a.name} (${a.from}..${a.to}).` });
  }
  const seen = new Set<string>();
  input.workdays.forEach((w, i) => {
    const date = typeof w === 'string' ? w : w.date;
    const path = `workdays.${i}`;
    if (!inYear(date)) issues.push({ code: 'DATE_OUTSIDE_YEAR', path, message: `${date} is not in ${year} (nor 29–31 December before it).` });
    const wd = weekday(date);
    if (wd !== 0 && wd !== 6) issues.push({ code: 'WORKDAY_NOT_WEEKEND', path, message: `${date} is a weekday: a make-up working day (调休上班) is a Saturday or Sunday.` });
    const inside = input.holidays.find((h) => h.from <= date && date <= h.to);
    if (inside) issues.push({ code: 'WORKDAY_IN_HOLIDAY', path, message: `${date} is inside ${inside.name} (${inside.from}..${inside.to}).` });
    if (seen.has(date)) issues.push({ code: 'WORKDAY_DUPLICATE', path, message: `${date} is named twice.` });
    seen.add(date);
  });
  return issues;
}

// ---- iCalendar (RFC 5545) ----
//
// What we read: every VEVENT with an all-day DTSTART (VALUE=DATE or an 8-digit date) and, optionally,
// DTEND (exclusive, as RFC 5545 defines it for all-day events; absent means one day) and SUMMARY. An
// event is a make-up working day (调休上班) when its CATEGORIES include WORKDAY (or 调休上班 / 补班 /
// 上班), or when it carries `X-WORKDAY:TRUE`; every other event is a holiday named by its SUMMARY. A
// make-up event spanning several days makes each of them a working day. The document number comes from
// the calendar's `X-DOCUMENT-NO` property (or the `documentNo` query parameter). Anything else
// (VTIMEZONE, VALARM, RRULE-less metadata) is ignored; an RRULE, a timed event or a malformed date is
// refused, since guessing would move deadlines.

export class ICalError extends Error {
  constructor(
    message: string,
    public path: string,
  ) {
    super(message);
  }
}

const WORKDAY_CATEGORIES = new Set(['WORKDAY', '调休上班', '补班', '上班']);
/**
 * The longest event read, in days: a holiday (the longest, Spring Festival, is 8 or 9 days) or a run
 * of make-up days. Checked before a range is expanded into days, so a crafted range (DTEND in the
 * year 9999) is refused at once instead of becoming millions of days.
 */
export const ICAL_MAX_EVENT_DAYS = 31;
/** The most events a notice is read with: a year's notice has a few dozen at most. */
export const ICAL_MAX_EVENTS = 200;

function unfold(text: string): string[] {
  return text.replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(/\n[ \t]/g, '').split('\n').filter((l) => l.trim() !== '');
}
function unescapeText(v: string): string {
  return v.replace(/\\n/gi, ' ').replace(/\\([,;\\])/g, '$1').trim();
}
function parseLine(line: string): { name: string; params: Record<string, string>; value: string } {
  const colon = line.indexOf(':');
  if (colon < 0) return { name: line.toUpperCase(), params: {}, value: '' };
  const [head, ...paramParts] = line.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: head.toUpperCase(), params, value: line.slice(colon + 1) };
}
function icalDate(value: string, params: Record<string, string>, path: string): string {
  const v = value.trim();
  if (!/^\d{8}$/.test(v) || (params.VALUE && params.VALUE.toUpperCase() !== 'DATE')) {
    throw new ICalError(`${v || '(empty)'} is not an all-day date (YYYYMMDD); holidays are whole days.`, path);
  }
  const d = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  if (!isRealDate(d)) throw new ICalError(`${v} is not a date.`, path);
  return d;
}
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
function daysFrom(from: string, toInclusive: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${toInclusive}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** An iCalendar file as a notice (in the JSON shape, to be checked like one). */
export function parseICalNotice(text: string, documentNo?: string): CalendarNoticeInput {
  const lines = unfold(text);
  if (!lines.some((l) => l.toUpperCase().startsWith('BEGIN:VCALENDAR'))) throw new ICalError('Not an iCalendar file (no BEGIN:VCALENDAR).', 'body');
  const holidays: { name: string; from: string; to: string }[] = [];
  const workdays: { date: string; name?: string }[] = [];
  let docNo = documentNo;
  let event: { props: ReturnType<typeof parseLine>[] } | null = null;
  let depth = 0; // nested components (VALARM) inside an event are skipped
  let n = 0;
  for (const raw of lines) {
    const line = parseLine(raw);
    if (line.name === 'BEGIN') {
      if (line.value.toUpperCase() === 'VEVENT' && !event) {
        event = { props: [] };
        n++;
        if (n > ICAL_MAX_EVENTS) throw new ICalError(`More than ${ICAL_MAX_EVENTS} events: a year's notice has a few dozen.`, `VEVENT[${n}]`);
      } else if (event) depth++;
      continue;
    }
    if (line.name === 'END') {
      if (event && depth > 0) depth--;
      else if (event && line.value.toUpperCase() === 'VEVENT') {
        const path = `VEVENT[${n}]`;
        const get = (name: string) => event!.props.find((p) => p.name === name);
        if (get('RRULE') || get('RDATE')) throw new ICalError('Recurring events are not read: list each day or range.', path);
        const start = get('DTSTART');
        if (!start) throw new ICalError('DTSTART is missing.', path);
        const from = icalDate(start.value, start.params, `${path}.DTSTART`);
        const end = get('DTEND');
        const to = end ? dayBefore(icalDate(end.value, end.params, `${path}.DTEND`)) : from;
        const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
        if (span > ICAL_MAX_EVENT_DAYS) throw new ICalError(`The event spans ${span} days; a holiday or a run of make-up days is at most ${ICAL_MAX_EVENT_DAYS}.`, `${path}.DTEND`);
        const summary = unescapeText(get('SUMMARY')?.value ?? '');
        const categories = event.props
          .filter((p) => p.name === 'CATEGORIES')
          .flatMap((p) => p.value.split(','))
          .map((c) => unescapeText(c).toUpperCase());
        const isWorkday = categories.some((c) => WORKDAY_CATEGORIES.has(c)) || (get('X-WORKDAY')?.value ?? '').trim().toUpperCase() === 'TRUE';
        if (isWorkday) {
          for (const d of to < from ? [from] : daysFrom(from, to)) workdays.push({ date: d, ...(summary ? { name: summary } : {}) });
        } else {
          holidays.push({ name: summary || '(unnamed)', from, to: to < from ? from : to });
        }
        event = null;
      }
      continue;
    }
    if (event && depth === 0) event.props.push(line);
    else if (!event && line.name === 'X-DOCUMENT-NO' && !docNo) docNo = unescapeText(line.value);
  }
  return { documentNo: docNo ?? '', holidays, workdays };
}
