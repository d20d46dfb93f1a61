// The store's one seam: every process opens the store here and gets the same asynchronous handle on
// either dialect (docs/store.md). `STORE_URL` unset: SQLite at DATA_DIR/cases.sqlite, as it always
// was; `postgres://…`: PostgreSQL through a pool. Shared code writes queries with drizzle's builder
// against the tables of db/schema.ts and awaits them; what differs between the dialects lives in
// db/sqlite/ and db/pg/.
//
// Transactions: `db.tx(async () => …)`. Inside it every query of the same async context runs in the
// transaction, whether it goes through the handle passed in or the store's own handle, so a helper
// called from a transaction can never escape it (AsyncLocalStorage carries the transaction).
// - SQLite: one connection per process. A transaction holds a process-wide lock (BEGIN IMMEDIATE
//   … COMMIT); queries of other contexts wait for it, so nothing foreign joins a transaction that
//   may roll back.
// - PostgreSQL: a pool client per transaction (READ COMMITTED; the code that fences takes row locks),
//   with a lock timeout so a mistake shows as an error, not a hang.
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { drizzle as drizzleProxy, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface StoreSeam {
  readonly storeKind: Dialect;
  /** Runs `fn` in one transaction (joins the one already open in this async context). */
  tx<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Rows of a raw query (db/sqlite, db/pg and portable SQL), as objects keyed by column alias. */
  all<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** The first row of a raw query. */
  get<T = Record<string, unknown>>(query: SQL): Promise<T | undefined>;
  /** Runs a raw statement; how many rows it changed. */
  run(query: SQL): Promise<{ changes: number }>;
  /**
   * A statement in SQL text with `@name` or `?` parameters, prepared once: the hot paths keep their
   * hand-written SQL (db/transition-statements.ts). Parameters are one object (for `@name`) or the
   * values in order (for `?`). The text must be valid on both dialects.
   */
  statement<Row = Record<string, unknown>>(text: string): Statement<Row>;
  /** The underlying SQLite connection, for SQLite-only modules (backup, db/sqlite); absent on PostgreSQL. */
  readonly sqlite?: Database.Database;
  close(): Promise<void>;
}

/** A prepared statement of the seam (see StoreSeam.statement). */
export interface Statement<Row> {
  run(...params: unknown[]): Promise<{ changes: number }>;
  get(...params: unknown[]): Promise<Row | undefined>;
  all(...params: unknown[]): Promise<Row[]>;
}

/**
 * PostgreSQL's text of a statement written with `@name` / `?` parameters, and how to bind them.
 * Unquoted camelCase aliases (`as caseId`) are quoted, since PostgreSQL folds them to lower case.
 */
export function toPgStatement(text: string): { text: string; bind: (params: unknown[]) => unknown[] } {
  const names: string[] = [];
  let positional = 0;
  let out = '';
  // Walk outside string literals only.
  const parts = text.split(/('(?:[^']|'')*')/);
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1) {
      out += parts[i];
      continue;
    }
    out += parts[i]!
      .replace(/@([A-Za-z_]\w*)/g, (_m, name: string) => {
        let k = names.indexOf(name);
        if (k < 0) k = names.push(name) - 1;
        return `$${k + 1}`;
      })
      .replace(/\?/g, () => `$${++positional}`)
      .replace(/\bas ([a-z]+[A-Z]\w*)/g, 'as "$1"');
  }
  if (names.length && positional) throw new Error('a statement mixes @name and ? parameters');
  const bind = (params: unknown[]): unknown[] => {
    if (names.length) {
      const o = (params[0] ?? {}) as Record<string, unknown>;
      return names.map((n) => {
        if (!(n in o)) throw new Error(`missing parameter @${n}`);
        return o[n];
      });
    }
    return params;
  };
  return { text: out, bind };
}

/**
 * The store handle. Typed with SQLite's asynchronous builder so the shared code has one set of types;
 * on PostgreSQL the same calls run through drizzle's pg dialect with the same tables. Shared code
 * never uses `.get()`, `.all()`, `.run()` or `.values()` (SQLite-only executors; lint refuses them).
 */
export type Db = Omit<SqliteRemoteDatabase<typeof schema>, 'transaction' | 'get' | 'all' | 'run' | 'values' | '$client' | 'batch'> & StoreSeam;

/** The first row of a query, or undefined (what SQLite's `.get()` gave, on both dialects). */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/** The number of rows a builder's insert, update or delete changed (without `.returning()`). */
export function changed(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

// ---------------------------------------------------------------------------------------------
// SQLite

interface SqliteTx {
  owner: symbol;
}

/**
 * The transaction lock of one SQLite file in this process, shared by every connection to it: a
 * connection that waits on SQLite's busy timeout blocks the whole thread, so a second connection must
 * never reach SQLite while the first holds a write transaction across an await.
 */
interface FileLock {
  als: AsyncLocalStorage<SqliteTx>;
  holder: symbol | null;
  released: Promise<void>;
}
const fileLocks = new Map<string, FileLock>();
function fileLockOf(sqlite: Database.Database): FileLock {
  const key = sqlite.memory ? Symbol('memory') : sqlite.name;
  if (typeof key === 'symbol') return { als: new AsyncLocalStorage(), holder: null, released: Promise.resolve() };
  let l = fileLocks.get(key);
  if (!l) fileLocks.set(key, (l = { als: new AsyncLocalStorage(), holder: null, released: Promise.resolve() }));
  return l;
}

/** Wraps an open better-sqlite3 connection (pragmas set, schema migrated) as the store. */
export function sqliteStore(sqlite: Database.Database): Db {
  const lock = fileLockOf(sqlite);
  const als = lock.als;
  const sqlDialect = new SQLiteSyncDialect();

  // Statements are prepared once per SQL text: drizzle builds the same text for the same query shape.
  const cache = new Map<string, Database.Statement>();
  const prepare = (text: string): Database.Statement => {
    let s = cache.get(text);
    if (!s) {
      s = sqlite.prepare(text);
      if (cache.size > 2000) cache.clear();
      cache.set(text, s);
    }
    return s;
  };
  const bind = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

  /** Waits while another context holds a transaction. */
  async function turn(): Promise<void> {
    while (lock.holder !== null && als.getStore()?.owner !== lock.holder) await lock.released;
  }
  const free = () => lock.holder === null || als.getStore()?.owner === lock.holder;

  const callback = async (text: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get') => {
    if (!free()) await turn();
    const s = prepare(text);
    const values = bind(params);
    if (method === 'run') {
      if (!s.reader) {
        const r = s.run(...values);
        return { rows: [], changes: r.changes } as { rows: unknown[] };
      }
      return { rows: s.raw(true).all(...values) };
    }
    if (method === 'get') return { rows: s.raw(true).get(...values) as unknown as unknown[] };
    return { rows: s.raw(true).all(...values) };
  };
  const db = drizzleProxy(callback, { schema }) as unknown as Db;

  async function raw<T>(query: SQL, how: 'all' | 'get' | 'run'): Promise<T> {
    if (!free()) await turn();
    const q = sqlDialect.sqlToQuery(query);
    const s = prepare(q.sql);
    const values = bind(q.params);
    if (how === 'run') return { changes: s.reader ? s.raw(false).all(...values).length : s.run(...values).changes } as T;
    // The cached statement may have been left in array mode by the builder's path.
    return (how === 'get' ? s.raw(false).get(...values) : s.raw(false).all(...values)) as T;
  }

  const seam: StoreSeam = {
    storeKind: 'sqlite',
    sqlite,
    statement<Row>(text: string): Statement<Row> {
      const s = sqlite.prepare(text);
      const named = /@\w/.test(text);
      const args = (p: unknown[]) => (named ? [p[0]] : bind(p));
      return {
        async run(...p) {
          if (!free()) await turn();
          return { changes: s.run(...args(p)).changes };
        },
        async get(...p) {
          if (!free()) await turn();
          return s.get(...args(p)) as Row | undefined;
        },
        async all(...p) {
          if (!free()) await turn();
          return s.all(...args(p)) as Row[];
        },
      };
    },
    async tx<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (lock.holder !== null && als.getStore()?.owner === lock.holder) return fn(db);
      while (lock.holder !== null) await turn();
      const owner = Symbol('tx');
      lock.holder = owner;
      let release!: () => void;
      lock.released = new Promise<void>((r) => (release = r));
      try {
        return await als.run({ owner }, async () => {
          // IMMEDIATE: the write lock first, so a transaction that read never finds the file changed
          // under it by another process when it starts writing (SQLITE_BUSY, which busy_timeout cannot wait out).
          sqlite.prepare('BEGIN IMMEDIATE').run();
          try {
            const result = await fn(db);
            sqlite.prepare('COMMIT').run();
            return result;
          } catch (err) {
            if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run();
            throw err;
          }
        });
      } finally {
        lock.holder = null;
        release();
      }
    },
    all: (query) => raw(query, 'all'),
    get: (query) => raw(query, 'get'),
    run: (query) => raw(query, 'run'),
    async close() {
      cache.clear();
      sqlite.close();
    },
  };
  return Object.assign(db, seam);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

// The columns keep SQLite's encodings (db/pg/schema.ts): JSON is decoded by the column itself, and
// counts and sums are plain numbers (well below 2^53 here).
pg.types.setTypeParser(pg.types.builtins.JSON, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.JSONB, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

interface PgTx {
  client: pg.PoolClient;
}

export interface PgStoreOptions {
  /** Pool size (default 10). */
  max?: number;
  /** How long a statement waits for a row lock before it fails (default 10 s). */
  lockTimeoutMs?: number;
}

/** Opens PostgreSQL at `url` as the store (the schema must be migrated: db/pg/migrate.ts). */
export function pgStore(url: string, opts: PgStoreOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // A server out of reach or a pool used up answers STORE_UNAVAILABLE in seconds instead of hanging.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    options: `-c lock_timeout=${opts.lockTimeoutMs ?? 10_000} -c TimeZone=UTC`,
  });
  // An idle client that loses its server is dropped by the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const als = new AsyncLocalStorage<PgTx>();
  const sqlDialect = new PgDialect();
  // Every query of a context that holds a transaction goes to the transaction's client.
  const router = {
    query: (...args: unknown[]) => {
      const c = als.getStore()?.client ?? pool;
      return (c.query as (...a: unknown[]) => unknown)(...args);
    },
  };
  const db = drizzlePg(router as unknown as pg.Pool, { schema }) as unknown as Db;

  async function raw(query: SQL): Promise<pg.QueryResult> {
    const q = sqlDialect.sqlToQuery(query);
    const c = als.getStore()?.client ?? pool;
    return c.query(q.sql, q.params);
  }

  const seam: StoreSeam = {
    storeKind: 'postgres',
    statement<Row>(text: string): Statement<Row> {
      const { text: pgText, bind } = toPgStatement(text);
      const query = async (p: unknown[]) => (als.getStore()?.client ?? pool).query(pgText, bind(p));
      return {
        run: async (...p) => ({ changes: (await query(p)).rowCount ?? 0 }),
        get: async (...p) => (await query(p)).rows[0] as Row | undefined,
        all: async (...p) => (await query(p)).rows as Row[],
      };
    },
    async tx<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (als.getStore()) return fn(db);
      const client = await pool.connect();
      // A checked-out client that loses its server (a restart) emits 'error' on itself, not the pool:
      // unheard, it would end the process. The query in flight fails too, and the transaction with it.
      let broken: Error | undefined;
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      try {
        return await als.run({ client }, async () => {
          await client.query('BEGIN');
          try {
            const result = await fn(db);
            await client.query('COMMIT');
            return result;
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          }
        });
      } finally {
        client.off('error', onError);
        // A broken connection is dropped, not handed to the next transaction.
        client.release(broken);
      }
    },
    all: async <T>(query: SQL) => (await raw(query)).rows as T[],
    get: async <T>(query: SQL) => (await raw(query)).rows[0] as T | undefined,
    run: async (query) => ({ changes: (await raw(query)).rowCount ?? 0 }),
    async close() {
      await pool.end();
    },
  };
  return Object.assign(db, seam);
}

/**
 * Whether an error means the store could not be reached or was busy (a restart of PostgreSQL, a lost
 * connection, a locked SQLite file): nothing was written, and the same request may be sent again.
 */
export function isStoreUnavailable(err: unknown, depth = 0): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  // drizzle wraps the driver's error ("Failed query: …") with the original as its cause.
  if (e?.cause && depth < 4 && isStoreUnavailable(e.cause, depth + 1)) return true;
  const code = typeof e?.code === 'string' ? e.code : '';
  // PostgreSQL: connection exceptions (class 08), the server shutting down or starting (57P01–57P03).
  if (/^08/.test(code) || ['57P01', '57P02', '57P03'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  // node-postgres reports a dropped connection and a full pool by message only.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}
