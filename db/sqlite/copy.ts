// What store:copy does to a SQLite target after copying the rows (db/copy-store.ts); db/pg/copy.ts
// exports the same names for PostgreSQL.
import type { Db } from '../store.js';

/** Nothing to do: SQLite numbers a new row after the largest id its table has held. */
export async function continueSerials(_tx: Db, _serials: readonly { table: string; column: string }[]): Promise<void> {}
