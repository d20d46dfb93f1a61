// Moves a city's store from one database to another (npm run store:copy, docs/operations.md): every
// table of db/schema.ts, parents before children, in batches, then verified table by table by row
// count and a checksum of the rows as the application reads them. Runs with the system stopped: the
// source must not change while it is read.
import { createHash } from 'node:crypto';
import { asc, getTableName, is, sql, type Column } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema.js';
import type { Db } from './store.js';
import { reindexResolvedCases } from './library.js';
import { dialectOf } from './dialect.js';

type Table = SQLiteTable;

/** The tables of the schema, each after the tables it references. */
export function tablesInOrder(): Table[] {
  const tables = (Object.values(schema) as unknown[]).filter((t): t is Table => is(t, SQLiteTable));
  const byName = new Map<string, Table>(tables.map((t) => [getTableName(t), t]));
  const done = new Set<string>();
  const out: Table[] = [];
  const visit = (t: Table, path: Set<string>) => {
    const name = getTableName(t);
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const fk of getTableConfig(t).foreignKeys) {
      const parent = getTableName(fk.reference().foreignTable);
      const p = byName.get(parent);
      if (p && parent !== name) visit(p, path);
    }
    done.add(name);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  // The calendar's change count last: copying the calendar counts it up on the way (its triggers).
  return [...out.filter((t) => t !== schema.calendarVersion), schema.calendarVersion];
}

/** The columns that order a table's rows for the checksum: its primary key, else every column. */
function orderOf(t: Table): Column[] {
  const c = getTableConfig(t);
  const single = c.columns.filter((x) => x.primary);
  if (single.length) return single;
  if (c.primaryKeys[0]) return c.primaryKeys[0].columns;
  return c.columns;
}

const BATCH = 500;

/** Row count and SHA-256 of a table's rows, read through the schema (so both dialects agree). */
export async function tableDigest(db: Db, t: Table): Promise<{ rows: number; sha256: string }> {
  const h = createHash('sha256');
  let rows = 0;
  const order = orderOf(t).map((c) => asc(c));
  for (let offset = 0; ; offset += BATCH) {
    const page = await db.select().from(t).orderBy(...order).limit(BATCH).offset(offset);
    for (const r of page) h.update(JSON.stringify(r, Object.keys(r).sort())).update('\n');
    rows += page.length;
    if (page.length < BATCH) break;
  }
  return { rows, sha256: h.digest('hex') };
}

export interface CopyReport {
  tables: { table: string; rows: number; sha256: string; same: boolean }[];
  rows: number;
  ok: boolean;
}

/** Copies every table from `from` into the empty store `to`, then compares the two. */
export async function copyStore(from: Db, to: Db, log: (m: string) => void = () => {}): Promise<CopyReport> {
  const tables = tablesInOrder();
  for (const t of [schema.principals, schema.cases]) {
    const [r] = await to.select({ n: sql<number>`count(*)` }).from(t);
    if (Number(r?.n) > 0) throw new Error(`the target store already holds ${getTableName(t)}: store:copy fills an empty store only`);
  }
  await to.tx(async () => {
    for (const t of tables) {
      let n = 0;
      const order = orderOf(t).map((c) => asc(c));
      for (let offset = 0; ; offset += BATCH) {
        const page = await from.select().from(t).orderBy(...order).limit(BATCH).offset(offset);
        // A row a migration or a trigger already put there (the calendar's version row) is replaced.
        if (offset === 0 && t === schema.calendarVersion) await to.delete(t);
        if (page.length) await to.insert(t).values(page);
        n += page.length;
        if (page.length < BATCH) break;
      }
      if (n) log(`${getTableName(t)}: ${n} rows`);
    }
    // Ids were copied as they were: new ones must go on from the largest.
    await dialectOf(to).copy.continueSerials(
      to,
      tables.flatMap((t) =>
        getTableConfig(t)
          .columns.filter((c) => c.primary && c.columnType === 'SQLiteInteger' && (c as unknown as { autoIncrement?: boolean }).autoIncrement)
          .map((c) => ({ table: getTableName(t), column: c.name })),
      ),
    );
  });
  // The library's entries of resolved cases are masked by the store, not by a trigger, on PostgreSQL.
  const reindexed = await reindexResolvedCases(to);
  if (reindexed) log(`library: ${reindexed} resolved cases indexed`);
  const report: CopyReport = { tables: [], rows: 0, ok: true };
  for (const t of tables) {
    const [a, b] = [await tableDigest(from, t), await tableDigest(to, t)];
    const same = a.rows === b.rows && a.sha256 === b.sha256;
    report.tables.push({ table: getTableName(t), rows: b.rows, sha256: b.sha256, same });
    report.rows += b.rows;
    if (!same) report.ok = false;
  }
  return report;
}
