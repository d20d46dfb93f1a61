// Moves a city's store from one database to another (npm run store:copy, docs/operations.md): every
// table of db/schema.ts, parents before children, in batches, then verified table by table by row
// count and a checksum of the rows as the application reads them. Runs with the system stopped: the
// source must not change while it is read.
import { createHash } from 'node:crypto';
import { asc, getTableColumns, getTableName, is, sql, type Column } from 'drizzle-orm';
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

/**
 * A table's primary key (single column or composite): every table of db/schema.ts has one, and the
 * key orders its rows for the copy and the checksum alike.
 */
function keyOf(t: Table): Column[] {
  const c = getTableConfig(t);
  const single = c.columns.filter((x) => x.primary);
  const key = single.length ? single : (c.primaryKeys[0]?.columns ?? []);
  if (!key.length) throw new Error(`${getTableName(t)} has no primary key: store:copy pages through each table by its key`);
  return key;
}

/** Rows per page, unless told (a test reads in small pages to cross page boundaries). */
const BATCH = 500;

export interface PagingOptions {
  /** Rows read per page (default 500). */
  batch?: number;
}

/**
 * A table's rows in key order, a page at a time. Each page starts after the last key read (a row
 * value comparison, which both dialects answer from the key's index), so reading a large table
 * costs one index seek per page, not a rescan of every row before it as OFFSET would.
 */
async function* pagesOf(db: Db, t: Table, batch = BATCH): AsyncGenerator<Record<string, unknown>[]> {
  const key = keyOf(t);
  const props = key.map((c) => propertyOf(t, c));
  const order = key.map((c) => asc(c));
  const columns = sql.join(key, sql`, `);
  let after: unknown[] | undefined;
  for (;;) {
    const q = db.select().from(t);
    const page = (await (after
      ? q.where(sql`(${columns}) > (${sql.join(after.map((v, i) => sql.param(v, key[i])), sql`, `)})`)
      : q
    ).orderBy(...order).limit(batch)) as Record<string, unknown>[];
    if (page.length) yield page;
    if (page.length < batch) return;
    const last = page[page.length - 1]!;
    after = props.map((p) => last[p]);
  }
}

/** The property a column's value has in a row drizzle returns (its key in the table's definition). */
function propertyOf(t: Table, c: Column): string {
  const entry = Object.entries(getTableColumns(t)).find(([, col]) => col === c);
  if (!entry) throw new Error(`${c.name} is not a column of ${getTableName(t)}`);
  return entry[0];
}

/** Row count and SHA-256 of a table's rows in key order, read through the schema (so both dialects agree). */
export async function tableDigest(db: Db, t: Table, o: PagingOptions = {}): Promise<{ rows: number; sha256: string }> {
  const h = createHash('sha256');
  let rows = 0;
  for await (const page of pagesOf(db, t, o.batch)) {
    for (const r of page) h.update(JSON.stringify(r, Object.keys(r).sort())).update('\n');
    rows += page.length;
  }
  return { rows, sha256: h.digest('hex') };
}

export interface CopyReport {
  tables: { table: string; rows: number; sha256: string; same: boolean }[];
  rows: number;
  ok: boolean;
}

/** Copies every table from `from` into the empty store `to`, then compares the two. */
export async function copyStore(from: Db, to: Db, log: (m: string) => void = () => {}, o: PagingOptions = {}): Promise<CopyReport> {
  const tables = tablesInOrder();
  for (const t of [schema.principals, schema.cases]) {
    const [r] = await to.select({ n: sql<number>`count(*)` }).from(t);
    if (Number(r?.n) > 0) throw new Error(`the target store already holds ${getTableName(t)}: store:copy fills an empty store only`);
  }
  await to.tx(async () => {
    for (const t of tables) {
      // A row a migration or a trigger already put there (the calendar's version row) is replaced.
      if (t === schema.calendarVersion) await to.delete(t);
      let n = 0;
      for await (const page of pagesOf(from, t, o.batch)) {
        await to.insert(t).values(page as (typeof t.$inferInsert)[]);
        n += page.length;
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
    const [a, b] = [await tableDigest(from, t, o), await tableDigest(to, t, o)];
    const same = a.rows === b.rows && a.sha256 === b.sha256;
    report.tables.push({ table: getTableName(t), rows: b.rows, sha256: b.sha256, same });
    report.rows += b.rows;
    if (!same) report.ok = false;
  }
  return report;
}
