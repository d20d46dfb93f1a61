// The case list's text search on PostgreSQL (services/cases.ts); db/sqlite/case-list.ts exports the
// same names.
import { desc, ilike, type Column, type SQL } from 'drizzle-orm';

/**
 * The column contains `q`: ILIKE, case-insensitive as SQLite's LIKE is for ASCII, and what the
 * trigram indexes serve (db/migrations-pg/0002_case_search.sql).
 */
export function containsText(col: Column, q: string): SQL {
  return ilike(col, `%${q}%`);
}

/** Newest first for a search that reads every row (PostgreSQL's planner picks scan and sort itself). */
export function scanOrderDesc(cols: Column[]): SQL[] {
  return cols.map((c) => desc(c));
}
