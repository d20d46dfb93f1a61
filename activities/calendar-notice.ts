// The officially loaded years in the store: what a year looks like (loaded, from the package, or
// unknown), loading a notice as a whole with the history of what it replaced, and the re-timing
// to-do each load leaves behind. Used by the API; the arithmetic reads the same tables
// (activities/calendar.ts loadOfficialYears).
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { calendarHolidays, calendarLoads, calendarWorkdays, calendarYears } from '../db/schema.js';
import type { CalendarNotice } from '../domain/calendar.js';
import { coveredYears, loadOfficialYears, packageYear } from './calendar.js';

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

export function yearCalendar(db: Db, year: number): YearCalendar {
  const row = db.select().from(calendarYears).where(eq(calendarYears.year, year)).get();
  if (row) {
    return {
      year,
      source: 'official',
      provisional: false,
      documentNo: row.documentNo,
      loadedBy: row.loadedBy,
      loadedAt: row.loadedAt,
      holidays: db
        .select()
        .from(calendarHolidays)
        .where(eq(calendarHolidays.year, year))
        .orderBy(calendarHolidays.fromDate)
        .all()
        .map((h) => ({ name: h.name, from: h.fromDate, to: h.toDate })),
      workdays: db
        .select()
        .from(calendarWorkdays)
        .where(eq(calendarWorkdays.year, year))
        .orderBy(calendarWorkdays.date)
        .all()
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
export function loadNotice(db: Db, o: { year: number; notice: CalendarNotice; format: 'json' | 'ical'; loadedBy: string; now: Date }): LoadResult {
  return db.transaction(
    (tx) => {
      const before = yearCalendar(tx as unknown as Db, o.year);
      if (before.source === 'official' && sameNotice(before, o.notice)) {
        const last = tx.select({ id: calendarLoads.id }).from(calendarLoads).where(eq(calendarLoads.year, o.year)).orderBy(desc(calendarLoads.id)).get();
        return { loadId: last?.id ?? 0, unchanged: true };
      }
      const at = o.now.toISOString();
      const { id } = tx
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
        .returning({ id: calendarLoads.id })
        .get();
      tx.delete(calendarHolidays).where(eq(calendarHolidays.year, o.year)).run();
      tx.delete(calendarWorkdays).where(eq(calendarWorkdays.year, o.year)).run();
      for (const h of o.notice.holidays) tx.insert(calendarHolidays).values({ year: o.year, name: h.name, fromDate: h.from, toDate: h.to }).run();
      for (const w of o.notice.workdays) tx.insert(calendarWorkdays).values({ year: o.year, date: w.date, name: w.name ?? null }).run();
      const row = { documentNo: o.notice.documentNo, loadedBy: o.loadedBy, loadedAt: at, format: o.format, loadId: id };
      tx.insert(calendarYears).values({ year: o.year, ...row }).onConflictDoUpdate({ target: calendarYears.year, set: row }).run();
      return { loadId: id, unchanged: false };
    },
    { behavior: 'immediate' },
  );
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
export function loadHistory(db: Db, year: number): LoadHistoryEntry[] {
  return db
    .select()
    .from(calendarLoads)
    .where(eq(calendarLoads.year, year))
    .orderBy(desc(calendarLoads.id))
    .all()
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
export function pendingRetimings(db: Db): { id: number; year: number; documentNo: string }[] {
  return db
    .select({ id: calendarLoads.id, year: calendarLoads.year, documentNo: calendarLoads.documentNo })
    .from(calendarLoads)
    .where(eq(calendarLoads.retiming, 'pending'))
    .orderBy(calendarLoads.id)
    .all();
}

export function finishRetiming(db: Db, ids: number[], o: { signalled: number; now: Date }): void {
  for (const id of ids) {
    db.update(calendarLoads)
      .set({ retiming: 'done', retimingSignalled: o.signalled, retimingDoneAt: o.now.toISOString(), retimingError: null })
      .where(and(eq(calendarLoads.id, id), eq(calendarLoads.retiming, 'pending')))
      .run();
  }
}

export function retimingFailed(db: Db, ids: number[], error: string): void {
  for (const id of ids) db.update(calendarLoads).set({ retimingError: error }).where(eq(calendarLoads.id, id)).run();
}

/** The years deadlines can rely on: loaded or in the package. */
export function knownYears(db: Db): number[] {
  return coveredYears(loadOfficialYears(db));
}
