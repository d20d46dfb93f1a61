// Opens the SQLite store (WAL, busy timeout) and brings its schema up to date with the generated
// migrations in db/migrations. Every process (worker, API, tests) opens it through here. Migrations
// run under the write lock, so an API and a worker starting together after an upgrade migrate once:
// drizzle's own migrator reads which migrations are applied before it locks, and the second process
// then fails on a table the first just made.
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskPersonal } from '../domain/privacy.js';
import { pgStore, sqliteStore, type Db } from './store.js';
import { migratePostgres } from './pg/migrate.js';

export type { Db } from './store.js';
export { changed, first } from './store.js';

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** drizzle's journal of applied migrations, kept as drizzle keeps it (drizzle-kit reads it too). */
const JOURNAL = '__drizzle_migrations';

/** Applies the pending migrations in one IMMEDIATE transaction: the write lock first, then the journal read. */
function migrate(sqlite: Database.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  // Another process may be migrating a large store: wait for it rather than fail.
  sqlite.pragma('busy_timeout = 120000');
  sqlite.prepare('BEGIN IMMEDIATE').run();
  try {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "${JOURNAL}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
    const last = sqlite.prepare(`SELECT created_at FROM "${JOURNAL}" ORDER BY created_at DESC LIMIT 1`).pluck().get() as number | string | undefined;
    const record = sqlite.prepare(`INSERT INTO "${JOURNAL}" ("hash", "created_at") VALUES (?, ?)`);
    for (const m of migrations) {
      if (last !== undefined && Number(last) >= m.folderMillis) continue;
      for (const statement of m.sql) if (statement.trim()) sqlite.exec(statement);
      record.run(m.hash, m.folderMillis);
    }
    sqlite.prepare('COMMIT').run();
  } catch (err) {
    if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run();
    throw err;
  } finally {
    sqlite.pragma('busy_timeout = 5000');
  }
}

/**
 * Switches the file to WAL (once; the mode stays with the file). The switch needs the file to itself,
 * and SQLite does not wait through the busy timeout for it (that could deadlock), so several
 * processes opening a new store together try again after a short pause.
 */
function walMode(sqlite: Database.Database): void {
  for (let attempt = 0; ; attempt++) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 200) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // Worker and API write the same file; wait for a lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  walMode(sqlite);
  // FULL: a committed job survives a power loss, not only a crash (the store is the only copy of the
  // requesters' identities and the directory; measured in docs/operations.md).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // The library's index triggers mask resolved cases with it (db/migrations/0012_library_masking.sql).
  sqlite.function('mask_personal', { deterministic: true }, (text: unknown, name: unknown) =>
    maskPersonal(text == null ? null : String(text), name == null ? null : String(name)),
  );
  migrate(sqlite);
  return sqliteStore(sqlite);
}

export function dbFile(dataDir: string): string {
  return join(dataDir, 'cases.sqlite');
}

/** Where the store is: a PostgreSQL URL, or the SQLite file under the data folder. */
export interface StoreLocation {
  dataDir: string;
  /** STORE_URL (or DATABASE_URL): postgres://… ; unset for SQLite. */
  storeUrl?: string;
}

/** The store of this deployment, migrated: PostgreSQL when a URL is configured, else SQLite. */
export async function openStore(where: StoreLocation): Promise<Db> {
  if (where.storeUrl) {
    await migratePostgres(where.storeUrl);
    return pgStore(where.storeUrl);
  }
  return openDb(dbFile(where.dataDir));
}
