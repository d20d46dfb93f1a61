// The production bootstrap: `npm run bootstrap:admin` on an empty store creates the first admin and
// prints its token once; the store holds only the hash; the token works; a second run creates nobody.
// The script runs on the store under test: SQLite under DATA_DIR, or (test:pg) PostgreSQL at STORE_URL.
import { newKeyFile, parseKeyList } from '../security/keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { eq } from 'drizzle-orm';
import { dbFile, type Db } from '../db/client.js';
import { openTestStore, testDatabaseFor, testStoreIsPostgres } from '../scripts/pg/test-store.js';
import { directoryAudit, principals, tokens } from '../db/schema.js';
import { hashToken } from '../db/tokens.js';
import { buildApp } from '../api/server.js';
import { first as firstRow } from '../db/store.js';
import { pgStoreText } from './support/store-text.js';

const run = promisify(execFile);
const bootstrap = async (dataDir: string, ...args: string[]) => {
  // The script opens the store this test reads: the file under DATA_DIR, or its PostgreSQL database.
  const storeUrl = testStoreIsPostgres() ? await testDatabaseFor(dbFile(dataDir)) : '';
  return run(process.execPath, ['--import', 'tsx', 'scripts/bootstrap-admin.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, STORE_URL: storeUrl, NODE_ENV: 'production' } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
};


let dataDir: string;
let connection: Connection;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'escalate-bootstrap-'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(async () => {
  await connection?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('bootstrap:admin', () => {
  it('prints the first admin\'s token once, keeps only its hash, and the token works', async () => {
    const first = await bootstrap(dataDir);
    expect(first.code, first.stderr).toBe(0);
    const token = first.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.stderr).toMatch(/shown once/);

    const db: Db = await openTestStore(dbFile(dataDir));
    expect(db.storeKind).toBe(testStoreIsPostgres() ? 'postgres' : 'sqlite');
    try {
      // The store: one admin, no demo directory (production), the token as a hash only, with an expiry.
      expect((await db.select().from(principals)).map((p) => [p.id, p.role, p.active])).toEqual([['admin', 'admin', true]]);
      const rows = (await db.select().from(tokens));
      expect(rows).toHaveLength(1);
      expect(rows[0].hash).toBe(hashToken(token));
      expect(Date.parse(rows[0].expiresAt!) - Date.parse(rows[0].createdAt)).toBe(12 * 3_600_000);
      // Nothing the store keeps holds the token: SQLite's files (the WAL folded in first), or every
      // table of the PostgreSQL database (which does find the hash, so it reads the right store).
      if (db.storeKind === 'sqlite') db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      else {
        const text = await pgStoreText(db);
        expect(text.includes(token), 'plaintext token in the store').toBe(false);
        expect(text.includes(hashToken(token))).toBe(true);
      }
      for (const f of readdirSync(dataDir)) expect(readFileSync(join(dataDir, f)).includes(token), f).toBe(false);
      expect((await db.select().from(directoryAudit)).map((a) => [a.actorId, a.action, a.subjectId])).toEqual([['bootstrap', 'principal_created', 'admin']]);

      // The token opens the admin API.
      const app = await buildApp({
        db,
        client: new Client({ connection }),
        config: { taskQueue: 'bootstrap-test', temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: true },
        trackingSecret: 'test-tracking-secret',
        keyRing: parseKeyList(`boot:${newKeyFile('boot').keys.boot}`),
      });
      try {
        const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
        expect(me.statusCode).toBe(200);
        expect(me.json()).toMatchObject({ id: 'admin', role: 'admin' });
        const unit = await app.inject({
          method: 'POST', url: '/v1/units', headers: { authorization: `Bearer ${token}` },
          payload: { id: 'housing', name: '市住房和城乡建设局', nameEn: 'Housing Bureau', kind: 'department' },
        });
        expect(unit.statusCode, unit.body).toBe(201);
      } finally {
        await app.close();
      }

      // A second run creates no second admin and prints no token.
      const second = await bootstrap(dataDir, '--id', 'admin2');
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toMatch(/an admin exists already \(admin\)/);
      expect((await db.select().from(principals).where(eq(principals.role, 'admin')))).toHaveLength(1);
      expect((await db.select().from(tokens))).toHaveLength(1);

      // --reissue: a new token for the existing admin (lost or expired); the old one stays valid until it expires or is revoked.
      const reissued = await bootstrap(dataDir, '--reissue');
      expect(reissued.code, reissued.stderr).toBe(0);
      const again = reissued.stdout.trim();
      expect(again).not.toBe(token);
      expect((await firstRow(db.select().from(tokens).where(eq(tokens.hash, hashToken(again)))))?.principalId).toBe('admin');
    } finally {
      await db.close();
    }
  });
});
