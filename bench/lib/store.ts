// Where a run keeps the case store: SQLite files under each data folder (the default), or PostgreSQL
// (`--store postgres`): a cluster of the run's own, durable (fsync on, as production runs it), with a
// database per data folder, so each stack has its store as it has its folder. Every process the
// bench spawns for a data folder gets its STORE_URL; the bench opens the same store through the seam.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import pg from 'pg';
import { dbFile, openStore, type Db } from '../../db/client.js';
import { cases, caseSteps, storeJobs } from '../../db/schema.js';
import { startCluster, type PgCluster } from '../../scripts/pg/cluster.js';
import { round } from './stats.js';

export type StoreKind = 'sqlite' | 'postgres';

let kind: StoreKind = 'sqlite';
let cluster: PgCluster | null = null;
const urls = new Map<string, Promise<string>>();

// Fixed secrets: an API on PostgreSQL refuses to start without them (no shared data folder to keep
// them in); a bench store holds only bench data.
const API_SECRETS = {
  TRACKING_SECRET: 'bench-tracking-secret-0123456789abcdef0123456789abcdef',
  CODEC_SESSION_KEY: 'bench-codec-session-key-0123456789abcdef0123456789abcd',
};

/** Chooses the run's store; on PostgreSQL starts the cluster (stop it with stopStore). */
export async function useStore(k: StoreKind, log: (m: string) => void): Promise<PgCluster | null> {
  kind = k;
  if (k === 'postgres') cluster = await startCluster({ unsafeFast: false, log });
  return cluster;
}

export function storeKind(): StoreKind {
  return kind;
}

export function storeCluster(): PgCluster | null {
  return cluster;
}

/** The PostgreSQL URL of a data folder's store (its database made on first use); undefined on SQLite. */
export function storeUrlOf(dataDir: string): Promise<string> | undefined {
  if (!cluster) return undefined;
  let url = urls.get(dataDir);
  if (!url) {
    const name = `bench_${basename(dataDir).toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${urls.size + 1}`;
    url = cluster.createDatabase(name);
    urls.set(dataDir, url);
  }
  return url;
}

/** The environment a process working on this data folder needs for its store (nothing on SQLite). */
export async function storeEnv(dataDir: string): Promise<Record<string, string>> {
  const url = await storeUrlOf(dataDir);
  return url ? { STORE_URL: url, ...API_SECRETS } : {};
}

/** The data folder's store, opened (and migrated) in this process through the seam. */
export async function openBenchStore(dataDir: string): Promise<Db> {
  return openStore({ dataDir, storeUrl: await storeUrlOf(dataDir) });
}

/** The store's size on disk: the SQLite file and its WAL, or the database's pg_database_size. */
export async function storeMiB(dataDir: string, db?: Db): Promise<number> {
  const url = await storeUrlOf(dataDir);
  if (!url) {
    let bytes = 0;
    for (const f of [dbFile(dataDir), `${dbFile(dataDir)}-wal`]) {
      try {
        bytes += statSync(f).size;
      } catch {
        // no WAL
      }
    }
    return round(bytes / 2 ** 20, 1);
  }
  if (db) {
    const r = await db.get<{ bytes: string | number }>(sql`select pg_database_size(current_database()) as bytes`);
    return round(Number(r?.bytes ?? 0) / 2 ** 20, 1);
  }
  // A plain client: opening the store would run its migrations again.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
    return round(Number(r.rows[0]?.bytes ?? 0) / 2 ** 20, 1);
  } finally {
    await client.end();
  }
}

/** CPU ms (user + system) of a process so far (as stack.ts reads it; kept here to import nothing from there). */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/**
 * CPU ms so far of the PostgreSQL backends serving this store's database (from pg_stat_activity), by
 * pid; empty on SQLite, where the store's work is in the calling process. The cluster's shared
 * processes (WAL writer, checkpointer) and the other databases' backends are left out.
 */
export async function backendCpuMs(db: Db): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (db.storeKind !== 'postgres') return out;
  const rows = await db.all<{ pid: number }>(sql`select pid from pg_stat_activity where datname = current_database()`);
  for (const { pid } of rows) {
    try {
      out.set(Number(pid), procCpuMs(Number(pid)));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/**
 * CPU ms so far of every process of the cluster (the postmaster and its children: backends of every
 * database, WAL writer, checkpointer), by pid; empty on SQLite.
 */
export function clusterCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  if (!cluster) return out;
  const master = Number(readFileSync(`${cluster.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // The field after the command is the state, then the parent pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number(p) === master || ppid === master) out.set(Number(p), procCpuMs(Number(p)));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/**
 * CPU ms between two readings (of clusterCpuMs or backendCpuMs): a process new since the first counts
 * from 0; one that ended in between takes its time with it (a pool closes a connection only after it
 * idled, so little is lost).
 */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, x] of after) ms += x - (before.get(pid) ?? 0);
  return ms;
}

/** Stops the run's cluster (if any); safe to call twice. */
export function stopStore(): void {
  cluster?.stop();
}

/** The tier-1 deadlines of these cases (their `assigned` steps), ms since the epoch. */
export async function assignedDeadlines(db: Db, ids: string[]): Promise<number[]> {
  const rows = await db.select({ d: caseSteps.deadlineAt }).from(caseSteps).where(and(eq(caseSteps.action, 'assigned'), inArray(caseSteps.caseId, ids)));
  return rows.map((r) => Date.parse(r.d!));
}

/** The lapse steps of these cases, with when the read model showed the case and at which tier. */
export async function lapsedSteps(db: Db, ids: string[]): Promise<{ id: string; deadline: string; at: string; visible: string; tier: string }[]> {
  const rows = await db
    .select({ id: caseSteps.caseId, deadline: caseSteps.deadlineAt, at: caseSteps.at, visible: cases.updatedAt, tier: cases.tier })
    .from(caseSteps)
    .innerJoin(cases, eq(cases.id, caseSteps.caseId))
    .where(and(eq(caseSteps.action, 'deadline_lapsed'), inArray(caseSteps.caseId, ids)));
  return rows.map((r) => ({ ...r, deadline: r.deadline ?? '' }));
}

/**
 * How long the jobs written since `since` waited for their workflow's confirmation (the notices wait
 * as long: notify/outbox.ts), in ms, and how many still wait. Read when the waits are to be quoted,
 * after the writes being measured.
 */
export async function confirmationWaits(db: Db, since: string): Promise<{ waits: number[]; unconfirmed: number }> {
  const rows = await db
    .select({ created: storeJobs.createdAt, confirmed: storeJobs.confirmedAt })
    .from(storeJobs)
    .where(and(gte(storeJobs.createdAt, since), isNull(storeJobs.supersededAt)));
  const waits = rows.filter((r) => r.confirmed).map((r) => Date.parse(r.confirmed!) - Date.parse(r.created));
  return { waits, unconfirmed: rows.length - waits.length };
}
