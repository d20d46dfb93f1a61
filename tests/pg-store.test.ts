// The PostgreSQL store's own guarantees, in either test run (a cluster of the test's own under
// `npm test`, the run's under `npm run test:pg`):
// - one schema: db/pg/schema.ts is what scripts/generate-pg-schema.ts makes of db/schema.ts, and
//   db/migrations-pg holds every change of it (drizzle-kit finds nothing to generate);
// - four processes opening one new database at once all start, and every migration is applied once
//   (the advisory lock of db/pg/migrate.ts);
// - a transaction holds on a second pool: what one process writes in it, another never half-sees;
// - a store out of reach answers 503 STORE_UNAVAILABLE, so clients retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { pgStore } from '../db/store.js';
import { migratePostgres } from '../db/pg/migrate.js';
import { startCluster, type PgCluster } from '../scripts/pg/cluster.js';
import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../api/server.js';
import { newKeyFile, parseKeyList } from '../security/keys.js';
import { TEST_PG_ADMIN_URL, testStoreIsPostgres } from '../scripts/pg/test-store.js';

const root = join(import.meta.dirname, '..');
let cluster: PgCluster | null = null;
let adminUrl: string;
let made = 0;

/** A new, empty database of the cluster (not migrated). */
async function newDatabase(): Promise<string> {
  const name = `pgstore_${process.pid}_${made++}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  } finally {
    await c.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

beforeAll(async () => {
  if (testStoreIsPostgres()) adminUrl = process.env[TEST_PG_ADMIN_URL]!;
  else {
    cluster = await startCluster({ unsafeFast: true });
    adminUrl = cluster.url('postgres');
  }
});
afterAll(() => cluster?.stop());

describe('one schema, two dialects', () => {
  it('db/pg/schema.ts is generated from db/schema.ts, unchanged since', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-pg-schema.ts', '--check'], { cwd: root, stdio: 'pipe' });
  });

  it('db/migrations-pg holds every change of the PostgreSQL schema', () => {
    // drizzle-kit takes the folders relative to where it runs: a scratch copy inside the project.
    const dir = mkdtempSync(join(root, '.pg-drift-'));
    const rel = relative(root, dir);
    try {
      cpSync(join(root, 'db', 'migrations-pg'), join(dir, 'migrations'), { recursive: true });
      const before = readdirSync(join(dir, 'migrations')).length;
      const config = join(dir, 'drizzle.config.mjs');
      writeFileSync(config, `export default ${JSON.stringify({ dialect: 'postgresql', schema: './db/pg/schema.ts', out: `./${rel}/migrations` })};`);
      const out = execFileSync(join(root, 'node_modules', '.bin', 'drizzle-kit'), ['generate', '--config', config], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
      expect(readdirSync(join(dir, 'migrations')).length, out).toBe(before);
      expect(out).toMatch(/No schema changes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migrating at start', () => {
  const journal = JSON.parse(readFileSync(join(root, 'db', 'migrations-pg', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const opener = `import { migratePostgres } from ${JSON.stringify(join(root, 'db', 'pg', 'migrate.ts'))};
const at = Number(process.argv[2]);
while (Date.now() < at) await new Promise((r) => setTimeout(r, 1));
await migratePostgres(process.argv[1]);`;
  const openInProcess = (url: string, at: number) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', opener, url, String(at)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.on('exit', (code) => resolve({ code, stderr }));
    });

  it('four processes opening one new database at once all start, and every migration is applied once', async () => {
    for (let round = 0; round < 2; round++) {
      const url = await newDatabase();
      const at = Date.now() + 6_000;
      const results = await Promise.all([0, 1, 2, 3].map(() => openInProcess(url, at)));
      for (const r of results) expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const { rows } = await c.query<{ hash: string }>('select hash from drizzle.__drizzle_migrations');
        expect(rows).toHaveLength(journal.entries.length);
        expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
      } finally {
        await c.end();
      }
      expect((await migratePostgres(url)).applied).toBe(0);
    }
  }, 120_000);
});

describe('transactions across processes', () => {
  it('a second pool sees a transaction\'s writes all at once, and none of one that rolled back', async () => {
    const url = await newDatabase();
    await migratePostgres(url);
    const a = pgStore(url);
    const b = pgStore(url);
    try {
      const count = async () => Number((await b.get<{ n: number }>(sql`select count(*) as n from store_meta where key like 'tx-%'`))!.n);
      let seenInside = -1;
      await a.tx(async (tx) => {
        await tx.run(sql`insert into store_meta (key, value) values ('tx-1', 'a')`);
        await tx.run(sql`insert into store_meta (key, value) values ('tx-2', 'b')`);
        seenInside = await count();
      });
      expect(seenInside).toBe(0);
      expect(await count()).toBe(2);
      await expect(
        a.tx(async (tx) => {
          await tx.run(sql`insert into store_meta (key, value) values ('tx-3', 'c')`);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow(/changed my mind/);
      expect(await count()).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('a store out of reach', () => {
  it('answers 503 STORE_UNAVAILABLE with Retry-After, not 500, while PostgreSQL cannot be reached', async () => {
    const db = pgStore('postgres://escalate:none@127.0.0.1:1/escalate');
    const app = await buildApp({
      db,
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      config: { taskQueue: 'q', temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
      trackingSecret: 's',
      keyRing: parseKeyList(`k:${newKeyFile('k').keys.k}`),
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: 'Bearer some-token' } });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json().code).toBe('STORE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('2');
    } finally {
      await app.close();
      await db.close();
    }
  });
});
