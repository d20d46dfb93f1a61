// JSON fields in SQL on PostgreSQL; db/sqlite/json.ts exports the same names for SQLite (db/dialect.ts
// picks one). JSON columns are `json` here; `->>` gives a field as text.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/** The text of top-level field `key` of a JSON column or expression (null when absent). */
export function jsonText(json: SQLWrapper, key: string): SQL {
  if (!/^\w+$/.test(key)) throw new Error(`not a JSON field name: ${key}`);
  return sql`((${json})::jsonb ->> ${sql.raw(`'${key}'`)})`;
}
