// The store a test (or a slice of the system) opens: SQLite at the given file, as always; under
// `npm run test:pg` a PostgreSQL database of its own, made from the migrated template the test run's
// global setup prepared (tests/global-setup.ts). The database is named after the file, so two
// connections to "one file" (an API and a worker of one slice) meet in one database.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../db/client.js';
import { pgStore } from '../../db/store.js';

/** Set by the test run's global setup when the store under test is PostgreSQL. */
export const TEST_PG_ADMIN_URL = 'TEST_STORE_PG_ADMIN_URL';
export const TEST_PG_TEMPLATE = 'TEST_STORE_PG_TEMPLATE';

/** Whether this test run's store is PostgreSQL. */
export function testStoreIsPostgres(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env[TEST_PG_ADMIN_URL];
}

/** The URL of the PostgreSQL database standing for `file`, created from the template on first use. */
export async function testDatabaseFor(file: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const admin = env[TEST_PG_ADMIN_URL]!;
  const template = env[TEST_PG_TEMPLATE]!;
  const name = `t_${createHash('sha256').update(file).digest('hex').slice(0, 24)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const known = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!known.rowCount) {
      // Two files can ask at once; the template may be busy copying for another: try again.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(`create database ${client.escapeIdentifier(name)} template ${client.escapeIdentifier(template)}`);
          break;
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === '42P04') break; // made meanwhile by the other connection
          if (code !== '55006' || attempt > 50) throw e; // 55006: the template is in use
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Opens the store standing for `file`: SQLite there, or its PostgreSQL database under test:pg. */
export async function openTestStore(file: string): Promise<Db> {
  if (!testStoreIsPostgres()) return openDb(file);
  return pgStore(await testDatabaseFor(file));
}
