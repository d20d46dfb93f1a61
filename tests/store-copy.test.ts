// Moving a city over (npm run store:copy): a SQLite store with the demo directory and an autumn of
// cases, complaints and reviews is copied into PostgreSQL; the copy is verified table by table, and
// the same API then answers the same on both stores: case list, inbox, library search, statistics,
// the month's report. The PostgreSQL cluster is the test's own, in either test run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { openDb, openStore, type Db } from '../db/client.js';
import { loadDemoDirectory } from '../db/demo.js';
import { copyStore, tableDigest } from '../db/copy-store.js';
import { eq, getTableName, is, sql } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/schema.js';
import { caseSteps, caseUnits, deputySections, principals, units } from '../db/schema.js';
import { startCluster, type PgCluster } from '../scripts/pg/cluster.js';
import { buildApp } from '../api/server.js';
import { newKeyFile, parseKeyList } from '../security/keys.js';
import { seedAutumn } from './support/report-data.js';

let dir: string;
let cluster: PgCluster;
let sqlite: Db;
let pg: Db;
let tokens: Record<string, string>;
let connection: Connection;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'escalate-copy-'));
  sqlite = openDb(join(dir, 'cases.sqlite'));
  tokens = (await loadDemoDirectory(sqlite, { dataDir: dir }))!;
  await seedAutumn(sqlite);
  cluster = await startCluster({ unsafeFast: true });
  pg = await openStore({ dataDir: dir, storeUrl: await cluster.createDatabase('city') });
  // Reads only: the client is never used to reach Temporal.
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  const client = new Client({ connection });
  const keyRing = parseKeyList(`copy:${newKeyFile('copy').keys.copy}`);
  for (const db of [sqlite, pg]) {
    apps.push(
      await buildApp({
        db,
        client,
        config: { taskQueue: 'copy', temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
        trackingSecret: 'copy-secret',
        keyRing,
      }),
    );
  }
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await connection?.close();
  await sqlite?.close();
  await pg?.close();
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('store:copy from SQLite to PostgreSQL', () => {
  it('copies every table and verifies each by row count and checksum', async () => {
    const report = await copyStore(sqlite, pg);
    expect(report.tables.filter((t) => !t.same)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tables.find((t) => t.table === 'cases')!.rows).toBeGreaterThan(5);
    expect(report.tables.find((t) => t.table === 'principals')!.rows).toBeGreaterThan(20);
    // Every table the schema module defines is in the report once, with the rows the source holds and
    // the target now holds, each counted here with count(*) rather than by the copy's own reading.
    const schemaTables = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable)).map((t) => getTableName(t));
    expect(schemaTables.length).toBeGreaterThan(50);
    expect(report.tables.map((t) => t.table).sort()).toEqual([...schemaTables].sort());
    const count = async (db: Db, table: string) => Number((await db.get<{ n: number }>(sql`select count(*) as n from ${sql.identifier(table)}`))!.n);
    for (const table of schemaTables) {
      const [source, target] = [await count(sqlite, table), await count(pg, table)];
      expect({ table, rows: report.tables.find((t) => t.table === table)!.rows, target }).toEqual({ table, rows: source, target: source });
    }
    expect(report.rows).toBe(report.tables.reduce((n, t) => n + t.rows, 0));
  });

  it('reads each table page after page by its key, composite keys too, and copies every row once', async () => {
    // Pages of 7 rows: case_steps (case, seq), deputy_sections and case_units have composite keys
    // and more rows than a page, so pages end inside one case's rows.
    const target = await openStore({ dataDir: dir, storeUrl: await cluster.createDatabase('paged') });
    try {
      const report = await copyStore(sqlite, target, undefined, { batch: 7 });
      expect(report.ok).toBe(true);
      for (const t of [caseSteps, deputySections, caseUnits, principals]) {
        const whole = await tableDigest(sqlite, t);
        expect(whole.rows).toBeGreaterThan(7);
        // The same rows in the same order, whether read in one page or in many, on either store.
        expect(await tableDigest(sqlite, t, { batch: 7 })).toEqual(whole);
        expect(await tableDigest(target, t, { batch: 7 })).toEqual(whole);
        expect(await tableDigest(target, t)).toEqual(whole);
      }
    } finally {
      await target.close();
    }
  });

  it('refuses a target that already holds a city', async () => {
    await expect(copyStore(sqlite, pg)).rejects.toThrow(/empty store only/);
  });

  it('notices a row that differs', async () => {
    const [before] = await pg.select().from(units).where(eq(units.id, 'housing'));
    await pg.update(units).set({ name: '被改动的名称' }).where(eq(units.id, 'housing'));
    const [a, b] = [await tableDigest(sqlite, units), await tableDigest(pg, units)];
    expect(a.rows).toBe(b.rows);
    expect(a.sha256).not.toBe(b.sha256);
    await pg.update(units).set({ name: before!.name }).where(eq(units.id, 'housing'));
    expect((await tableDigest(pg, units)).sha256).toBe(a.sha256);
  });

  const reads: [string, string][] = [
    ['admin', '/v1/cases?limit=100'],
    ['housing.fc1', '/v1/inbox'],
    ['admin', '/v1/stats'],
    ['sup-1', '/v1/reports/monthly?month=2026-11'],
    ['sup-1', '/v1/reports/rankings?month=2026-11'],
    ['admin', '/v1/precedents/search?q=' + encodeURIComponent('燃气')],
    ['admin', '/v1/precedents/search?q=' + encodeURIComponent('消防')],
    ['admin', '/v1/complaints'],
  ];
  it.each(reads)('answers %s GET %s the same on both stores', async (who, url) => {
    const [a, b] = await Promise.all(apps.map((app) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } })));
    expect(a!.statusCode, a!.body).toBe(200);
    expect(b!.statusCode, b!.body).toBe(200);
    // The same answer but for when it was made.
    const answer = (body: string) => ({ ...(JSON.parse(body) as object), generatedAt: undefined });
    expect(answer(b!.body)).toEqual(answer(a!.body));
  });

  it('runs as npm run store:copy, and refuses a store that is not empty', async () => {
    const to = await cluster.createDatabase('city2');
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/store-copy.ts', '--from', join(dir, 'cases.sqlite'), '--to', to], { encoding: 'utf8', stdio: 'pipe' });
    const out = JSON.parse(run()) as { ok: boolean; rows: number };
    expect(out.ok).toBe(true);
    expect(out.rows).toBeGreaterThan(100);
    expect(run).toThrow(/empty store only/);
  });
});
