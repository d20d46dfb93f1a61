// The codec server's one question to the directory: is the holder of a codec session still an
// active administrator (a session outlives neither a deactivation nor a change of role).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { principals } from '../db/schema.js';

export function activeAdminId(db: Db, principalId: string): string | null {
  const p = db.select().from(principals).where(and(eq(principals.id, principalId), eq(principals.active, true))).get();
  return p?.role === 'admin' ? p.id : null;
}
