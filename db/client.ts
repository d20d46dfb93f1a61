// Opens the SQLite store (WAL, busy timeout) and brings its schema up to date with the generated
// migrations in db/migrations. Every process (worker, API, tests) opens it through here.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';
import { maskPersonal } from '../domain/privacy.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // Worker and API write the same file; wait for a lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  // FULL: a committed job survives a power loss, not only a crash (the store is the only copy of the
  // requesters' identities and the directory; measured in docs/operations.md).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // The library's index triggers mask resolved cases with it (db/migrations/0012_library_masking.sql).
  sqlite.function('mask_personal', { deterministic: true }, (text: unknown, name: unknown) =>
    maskPersonal(text == null ? null : String(text), name == null ? null : String(name)),
  );
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

export function dbFile(dataDir: string): string {
  return join(dataDir, 'cases.sqlite');
}
