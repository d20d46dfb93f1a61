// Statements prepared once per database handle (`db.statement`). Building a drizzle query and
// preparing its SQL on every call costs more CPU than running it on the hot paths (the inbox, a
// transition's statements, integrators' events, a request's case row); a module declares its
// statements here and gets the same prepared ones back each time. The one cache of prepared
// statements per store: use it, not a WeakMap of one's own.
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { Db } from './client.js';

/** A lazily built, per-handle cache of what `build` returns (the handle may close; the cache goes with it). */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let s = cache.get(db);
    if (s === undefined) {
      s = build(db);
      cache.set(db, s);
    }
    return s;
  };
}

/**
 * A table's whole row for a hand-written statement: the select list (every column, aliased
 * `table_column` so a join keeps two tables apart) and the row as drizzle's builder would return it,
 * each column decoded by the column itself (JSON, booleans), so a statement and a builder query of
 * the same row answer the same object on both dialects.
 */
export function tableRow<T extends Table>(table: T): { columns: string; decode(raw: Record<string, unknown>): T['$inferSelect'] } {
  const name = getTableName(table);
  const cols = Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, column, alias: `${name}_${column.name}` }));
  return {
    columns: cols.map((c) => `"${name}"."${c.column.name}" as "${c.alias}"`).join(', '),
    decode(raw) {
      const row: Record<string, unknown> = {};
      for (const c of cols) {
        // A missing alias is a misspelt query (or a name PostgreSQL cut at 63 bytes), not a null.
        if (!(c.alias in raw)) throw new Error(`${name}: the row has no column ${c.alias}`);
        const v = raw[c.alias];
        row[c.key] = v === null || v === undefined ? null : c.column.mapFromDriverValue(v);
      }
      return row as T['$inferSelect'];
    },
  };
}
