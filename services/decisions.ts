// What a decision needs from the store besides the case itself: which units it names that do not
// exist (one query for all of them).
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { units } from '../db/schema.js';

/** The unit ids among `ids` that name no unit, in the order given. */
export async function unknownUnits(db: Db, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const known = new Set((await db.select({ id: units.id }).from(units).where(inArray(units.id, [...new Set(ids)]))).map((r) => r.id));
  return ids.filter((u) => !known.has(u));
}
