// Brings a PostgreSQL store up to date with db/migrations-pg (drizzle's journal, drizzle's own
// node-postgres migrator). Every process that opens the store calls it at start: two APIs and two
// workers starting together must migrate once, so the migrator runs under a session-level advisory
// lock on a connection of its own. Whoever waits on the lock finds the journal complete and applies
// nothing. The lock is the session's: a starter that dies mid-migration releases it with its
// connection, and its transaction (drizzle applies the pending migrations in one) rolls back.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

export const PG_MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations-pg');

/** The advisory lock's key: a hash of a name of ours, so no other application's lock collides by chance. */
const LOCK_KEY = `hashtextextended('escalate-before-no: store migrations', 0)`;
/** drizzle's journal of applied migrations (its defaults for the pg migrator). */
const JOURNAL = 'drizzle.__drizzle_migrations';

async function journalRows(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ t: string | null }>(`select to_regclass('${JOURNAL}')::text as t`);
  if (!rows[0]?.t) return 0;
  const count = await client.query<{ n: string }>(`select count(*) as n from ${JOURNAL}`);
  return Number(count.rows[0].n);
}

/** Applies the pending migrations; returns how many this call applied (0 when another starter had). */
export async function migratePostgres(url: string, o: { migrationsFolder?: string } = {}): Promise<{ applied: number }> {
  const client = new pg.Client({ connectionString: url, application_name: 'escalate-migrate' });
  // A connection lost mid-way fails the query being run; the 'error' event must not end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(${LOCK_KEY})`);
    try {
      const before = await journalRows(client);
      await migrate(drizzle(client), { migrationsFolder: o.migrationsFolder ?? PG_MIGRATIONS_FOLDER });
      return { applied: (await journalRows(client)) - before };
    } finally {
      await client.query(`select pg_advisory_unlock(${LOCK_KEY})`);
    }
  } finally {
    await client.end();
  }
}
