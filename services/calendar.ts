// The official calendar in the store: what a year looks like (loaded, from the package, or unknown),
// loading a notice as a whole with the history of what it replaced, the re-timing to-do each load
// leaves behind, and a deadline explained day by day. Used by the API; the deadline arithmetic is the
// workflows' own (services/working-days.ts, behind the computeDeadline activity), never re-implemented.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { calendarHolidays, calendarLoads, calendarWorkdays, calendarYears } from '../db/schema.js';
import { checkNotice, normalizeNotice, type CalendarNotice, type CalendarNoticeSchema } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';
import type { Limit } from '../domain/policy.js';
import type { z } from 'zod';
import { coveredYears, dayKind, deadlineFromStore, loadCalendarData, loadOfficialYears, missingNextYear, packageYear } from './working-days.js';
import { first } from '../db/store.js';

export type YearSource = 'official' | 'package' | 'none';

export interface YearCalendar {
  year: number;
  source: YearSource;
  /** True when deadlines in this year are counted on the plain Mon–Fri rule (no notice known). */
  provisional: boolean;
  documentNo: string | null;
  loadedBy: string | null;
  loadedAt: string | null;
  holidays: { name: string; from: string; to: string }[];
  workdays: { date: string; name?: string }[];
}

/** Consecutive dates with the same name as ranges (the package stores one row per day). */
function toRanges(days: Record<string, string>): { name: string; from: string; to: string }[] {
  const out: { name: string; from: string; to: string }[] = [];
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  for (const date of Object.keys(days).sort()) {
    const last = out[out.length - 1];
    if (last && last.name === days[date] && next(last.to) === date) last.to = date;
    else out.push({ name: days[date], from: date, to: date });
  }
  return out;
}

export async function yearCalendar(db: Db, year: number): Promise<YearCalendar> {
  const row = (await first(db.select().from(calendarYears).where(eq(calendarYears.year, year))));
  if (row) {
    return {
      year,
      source: 'official',
      provisional: false,
      documentNo: row.documentNo,
      loadedBy: row.loadedBy,
      loadedAt: row.loadedAt,
      holidays: (await db
        .select()
        .from(calendarHolidays)
        .where(eq(calendarHolidays.year, year))
        .orderBy(calendarHolidays.fromDate))
        .map((h) => ({ name: h.name, from: h.fromDate, to: h.toDate })),
      workdays: (await db
        .select()
        .from(calendarWorkdays)
        .where(eq(calendarWorkdays.year, year))
        .orderBy(calendarWorkdays.date))
        .map((w) => ({ date: w.date, ...(w.name ? { name: w.name } : {}) })),
    };
  }
  const pkg = packageYear(year);
  if (pkg) {
    return {
      year,
      source: 'package',
      provisional: false,
      documentNo: null,
      loadedBy: null,
      loadedAt: null,
      holidays: toRanges(pkg.holidays),
      workdays: Object.keys(pkg.workdays)
        .sort()
        .map((date) => ({ date, name: pkg.workdays[date] })),
    };
  }
  return { year, source: 'none', provisional: true, documentNo: null, loadedBy: null, loadedAt: null, holidays: [], workdays: [] };
}

function sameNotice(a: Pick<YearCalendar, 'documentNo' | 'holidays' | 'workdays'>, b: CalendarNotice): boolean {
  return a.documentNo === b.documentNo && JSON.stringify(a.holidays) === JSON.stringify(b.holidays) && JSON.stringify(a.workdays) === JSON.stringify(b.workdays);
}

export interface LoadResult {
  loadId: number;
  /** The same notice was already in place: nothing was written, nothing re-timed. */
  unchanged: boolean;
}

/**
 * Puts a checked notice in place of the year, as a whole, in one transaction with its history row
 * (what it replaced) and the re-timing to-do. The same notice again changes nothing.
 */
export async function loadNotice(db: Db, o: { year: number; notice: CalendarNotice; format: 'json' | 'ical'; loadedBy: string; now: Date }): Promise<LoadResult> {
  return (await db.tx(async (tx) => {
      // One connection, synchronous: reading through db inside the transaction reads its state.
      const before = (await yearCalendar(db, o.year));
      if (before.source === 'official' && sameNotice(before, o.notice)) {
        const last = (await first(tx.select({ id: calendarLoads.id }).from(calendarLoads).where(eq(calendarLoads.year, o.year)).orderBy(desc(calendarLoads.id))));
        return { loadId: last?.id ?? 0, unchanged: true };
      }
      const at = o.now.toISOString();
      const { id } = (await first(tx
        .insert(calendarLoads)
        .values({
          year: o.year,
          documentNo: o.notice.documentNo,
          loadedBy: o.loadedBy,
          loadedAt: at,
          format: o.format,
          notice: o.notice,
          replaced: { source: before.source, documentNo: before.documentNo, loadedBy: before.loadedBy, loadedAt: before.loadedAt, holidays: before.holidays, workdays: before.workdays },
          retiming: 'pending',
        })
        .returning({ id: calendarLoads.id })))!;
      await tx.delete(calendarHolidays).where(eq(calendarHolidays.year, o.year));
      await tx.delete(calendarWorkdays).where(eq(calendarWorkdays.year, o.year));
      for (const h of o.notice.holidays) await tx.insert(calendarHolidays).values({ year: o.year, name: h.name, fromDate: h.from, toDate: h.to });
      for (const w of o.notice.workdays) await tx.insert(calendarWorkdays).values({ year: o.year, date: w.date, name: w.name ?? null });
      const row = { documentNo: o.notice.documentNo, loadedBy: o.loadedBy, loadedAt: at, format: o.format, loadId: id };
      await tx.insert(calendarYears).values({ year: o.year, ...row }).onConflictDoUpdate({ target: calendarYears.year, set: row });
      return { loadId: id, unchanged: false };
    }));
}

export interface LoadHistoryEntry {
  id: number;
  documentNo: string;
  loadedBy: string;
  loadedAt: string;
  format: 'json' | 'ical';
  replaced: { source: YearSource; documentNo: string | null };
  retiming: { status: 'pending' | 'done'; signalled: number; doneAt: string | null; error: string | null };
}

/** Every load of the year, newest first. */
export async function loadHistory(db: Db, year: number): Promise<LoadHistoryEntry[]> {
  return (await db
    .select()
    .from(calendarLoads)
    .where(eq(calendarLoads.year, year))
    .orderBy(desc(calendarLoads.id)))
    .map((r) => {
      const replaced = r.replaced as { source: YearSource; documentNo: string | null };
      return {
        id: r.id,
        documentNo: r.documentNo,
        loadedBy: r.loadedBy,
        loadedAt: r.loadedAt,
        format: r.format as 'json' | 'ical',
        replaced: { source: replaced.source, documentNo: replaced.documentNo ?? null },
        retiming: { status: r.retiming as 'pending' | 'done', signalled: r.retimingSignalled, doneAt: r.retimingDoneAt, error: r.retimingError },
      };
    });
}

/** Loads whose running workflows have not all been told yet, oldest first. */
export async function pendingRetimings(db: Db): Promise<{ id: number; year: number; documentNo: string }[]> {
  return (await db
    .select({ id: calendarLoads.id, year: calendarLoads.year, documentNo: calendarLoads.documentNo })
    .from(calendarLoads)
    .where(eq(calendarLoads.retiming, 'pending'))
    .orderBy(calendarLoads.id));
}

export async function finishRetiming(db: Db, ids: number[], o: { signalled: number; now: Date }): Promise<void> {
  for (const id of ids) {
    await db.update(calendarLoads)
      .set({ retiming: 'done', retimingSignalled: o.signalled, retimingDoneAt: o.now.toISOString(), retimingError: null })
      .where(and(eq(calendarLoads.id, id), eq(calendarLoads.retiming, 'pending')));
  }
}

export async function retimingFailed(db: Db, ids: number[], error: string): Promise<void> {
  for (const id of ids) await db.update(calendarLoads).set({ retimingError: error }).where(eq(calendarLoads.id, id));
}

/** The years deadlines can rely on: loaded or in the package. */
export async function knownYears(db: Db): Promise<number[]> {
  return coveredYears((await loadOfficialYears(db)));
}

/** A year as the API shows it: its source, holidays, make-up days and the history of its loads. */
export async function calendarYear(db: Db, year: number) {
  return { ...(await yearCalendar(db, year)), history: (await loadHistory(db, year)) };
}

/**
 * Loads a year's notice after checking it (the first issue's code answers, every issue listed);
 * `unchanged` when the same notice was already loaded.
 */
export async function loadYear(db: Db, o: { year: number; input: z.output<typeof CalendarNoticeSchema>; format: 'json' | 'ical'; loadedBy: string; now: Date }): Promise<LoadResult> {
  const issues = checkNotice(o.year, o.input);
  if (issues.length > 0) {
    throw new AppError(issues[0].code, `The notice cannot be loaded for ${o.year}: ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, {
      errors: issues.map((i) => ({ path: `body.${i.path}`, message: i.message, code: i.code })),
    });
  }
  return (await loadNotice(db, { year: o.year, notice: normalizeNotice(o.input), format: o.format, loadedBy: o.loadedBy, now: o.now }));
}

/** A deadline as the workflows compute it, with each day from the start to it and why it counts or not. */
export async function explainDeadline(db: Db, from: string, limit: Limit) {
  let d;
  try {
    d = (await deadlineFromStore(db, from, limit, 0));
  } catch (e) {
    if (e instanceof RangeError) throw new AppError('INVALID_DEADLINE_REQUEST', e.message, { errors: [{ path: 'querystring.from', message: e.message }] });
    throw e;
  }
  const { overrides, loaded } = (await loadCalendarData(db));
  const days: { date: string; working: boolean; known: boolean; reason: string }[] = [];
  const bj = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const first = bj(Date.parse(from));
  const last = bj(Date.parse(d.deadlineAt));
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`) && days.length < 400; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.push({ date, ...dayKind(date, overrides, loaded) });
  }
  return { from, deadlineAt: d.deadlineAt, provisional: d.provisional, ...(d.note ? { note: d.note } : {}), days };
}

/** What needs an administrator without making the service unready: next year's notice not loaded. */
export async function calendarWarnings(db: Db, now: Date): Promise<{ code: string; message: string }[]> {
  const year = (await missingNextYear(db, now));
  if (year === null) return [];
  return [
    {
      code: 'CALENDAR_NEXT_YEAR_MISSING',
      message: `The ${year} holiday notice is not loaded: deadlines reaching into ${year} are provisional. Load it with PUT /v1/calendar/${year}.`,
    },
  ];
}
