// The head's complaint SMS digests (activities/complaints.ts) on SQLite; db/pg/complaint-digests.ts
// exports the same names for PostgreSQL.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../store.js';

/** The digest's JSON array of complaint ids holds `id`. */
export function digestHolds(ids: SQLWrapper, id: string): SQL {
  return sql`exists (select 1 from json_each(${ids}) where value = ${id})`;
}

/** Nothing to take: a SQLite transaction holds the file's write lock from its start (BEGIN IMMEDIATE). */
export async function lockUnitDigests(_tx: Db, _unitId: string): Promise<void> {}
