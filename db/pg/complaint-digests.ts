// The head's complaint SMS digests (activities/complaints.ts) on PostgreSQL; db/sqlite/complaint-digests.ts
// exports the same names for SQLite.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../store.js';

/** The digest's JSON array of complaint ids holds `id`. */
export function digestHolds(ids: SQLWrapper, id: string): SQL {
  return sql`exists (select 1 from json_array_elements_text(${ids}) as ids(value) where ids.value = ${id})`;
}

/**
 * Serialises the unit's digest decisions to the end of the transaction: under READ COMMITTED two
 * complaints of one unit would both read "no SMS lately" and text the head twice. A transaction-level
 * advisory lock, as there is no row to lock before the first digest exists.
 */
export async function lockUnitDigests(tx: Db, unitId: string): Promise<void> {
  await tx.get(sql`select pg_advisory_xact_lock(hashtext(${`complaint-digest:${unitId}`}))`);
}
