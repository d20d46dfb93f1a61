// The case list's text search on SQLite (services/cases.ts); db/pg/case-list.ts exports the same names.
import { like, sql, type Column, type SQL } from 'drizzle-orm';

/** The column contains `q` (LIKE: case-insensitive for ASCII, as the list always matched). */
export function containsText(col: Column, q: string): SQL {
  return like(col, `%${q}%`);
}

/**
 * Newest first for a search that reads every row: unary + keeps SQLite from ordering by the index
 * (cases_newest), since a scan and a sort beat fetching each row out of order; the order is the same.
 */
export function scanOrderDesc(cols: Column[]): SQL[] {
  return cols.map((c) => sql`+${c} desc`);
}
