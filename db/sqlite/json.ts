// JSON fields in SQL on SQLite; db/pg/json.ts exports the same names for PostgreSQL (db/dialect.ts
// picks one). JSON columns are JSON text on SQLite.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/** The text of top-level field `key` of a JSON column or expression (null when absent). */
export function jsonText(json: SQLWrapper, key: string): SQL {
  if (!/^\w+$/.test(key)) throw new Error(`not a JSON field name: ${key}`);
  return sql`json_extract(${json}, ${sql.raw(`'$.${key}'`)})`;
}
