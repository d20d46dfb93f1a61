// What store:copy does to a PostgreSQL target after copying the rows (db/copy-store.ts);
// db/sqlite/copy.ts exports the same names for SQLite.
import { sql } from 'drizzle-orm';
import type { Db } from '../store.js';

/** Ids were copied as they were: each serial column's sequence goes on from the largest. */
export async function continueSerials(tx: Db, serials: readonly { table: string; column: string }[]): Promise<void> {
  for (const { table, column } of serials) {
    await tx.run(sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.identifier(column)}) from ${sql.identifier(table)}), 0) + 1, false)`);
  }
}
