// A PostgreSQL cluster of our own on this machine: Debian's PostgreSQL 15 (installed with apt-get when
// missing), a data folder we create, loopback only, a password of its own. Used by `npm run test:pg`
// (the store's tests) and by the production run (Temporal's persistence).
//
// initdb refuses root: as root, the cluster belongs to Debian's `postgres` user. The locale is
// C.UTF-8: under plain C, pg_trgm counts every Han character as a non-word character and indexes
// nothing, and lower() leaves non-ASCII letters alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { lowFreePort } from '../dev-server.js';

/** The major version the project runs and tests on (Debian bookworm's `postgresql`). */
export const PG_MAJOR = 15;
const PG_BASE = '/usr/lib/postgresql';

/** The bin folder of PostgreSQL 15 if installed, else of the newest installed version above it; null when none. */
export function findPgBin(): string | null {
  if (!existsSync(PG_BASE)) return null;
  const versions = readdirSync(PG_BASE)
    .filter((v) => Number(v) >= PG_MAJOR && existsSync(join(PG_BASE, v, 'bin', 'initdb')))
    .sort((a, b) => (Number(a) === PG_MAJOR ? -1 : Number(b) === PG_MAJOR ? 1 : Number(b) - Number(a)));
  return versions.length ? join(PG_BASE, versions[0]!, 'bin') : null;
}

/** PostgreSQL's bin folder, installing Debian's package first when there is none (needs root). */
export function ensurePostgres(log: (m: string) => void): string {
  const found = findPgBin();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error(`PostgreSQL ${PG_MAJOR} is not installed; run as root (apt-get install postgresql-${PG_MAJOR}) or install it first`);
  log(`installing PostgreSQL ${PG_MAJOR} from Debian (apt-get install postgresql-${PG_MAJOR}; pg_trgm comes with it)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', `postgresql-${PG_MAJOR}`]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
  }
  const bin = findPgBin();
  if (!bin) throw new Error(`apt-get installed postgresql-${PG_MAJOR} but no initdb was found under ${PG_BASE}`);
  return bin;
}

export interface ClusterOptions {
  /** The folder the cluster lives in (created; its data, socket and log go inside). Default: a new folder under the OS's temp dir. */
  dir?: string;
  /** The superuser's name. */
  user?: string;
  /** Throw-away data (tests): no fsync, no full-page writes. Never for data that must survive a crash. */
  unsafeFast?: boolean;
  maxConnections?: number;
  /** Remove the folder when the cluster stops (default: only for a folder made here). */
  removeOnStop?: boolean;
  log?: (m: string) => void;
}

export interface PgCluster {
  dir: string;
  dataDir: string;
  logFile: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** A connection URL for a database of this cluster. */
  url(database?: string): string;
  /** Creates a database (from a template database when given); returns its URL. */
  createDatabase(name: string, o?: { template?: string }): Promise<string>;
  /** Restarts the server (the fault drill's "PostgreSQL restarted"); clients see their connections end. */
  restart(): void;
  /** Stops the server (fast shutdown) and removes the folder if asked; safe to call more than once, also from an exit handler. */
  stop(): void;
}

/** The marker that tells a folder holds a cluster started by this module, and by which process. */
const OWNER_FILE = 'escalate-cluster.json';
const TEMP_PREFIX = 'escalate-pg-';

function run(cmd: string, args: string[], o: { uid?: number; gid?: number; what: string }) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', uid: o.uid, gid: o.gid });
  if (r.status !== 0) throw new Error(`${o.what} failed (exit ${r.status}): ${(r.stderr || r.stdout || r.error?.message || '').trim().split('\n').slice(-5).join(' | ')}`);
  return r.stdout;
}

function postgresIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Clusters that an earlier run left in the temp dir when its process was killed outright (no exit
 * handler runs on SIGKILL): stopped and removed. Only folders carrying our marker whose owning process
 * is gone are touched.
 */
export function sweepStaleClusters(bin: string, log: (m: string) => void = () => {}): void {
  const base = tmpdir();
  for (const name of readdirSync(base).filter((n) => n.startsWith(TEMP_PREFIX))) {
    const dir = join(base, name);
    let owner: { pid: number } | null = null;
    try {
      owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (!owner || alive(owner.pid)) continue;
    log(`removing the PostgreSQL cluster a killed run left in ${dir}`);
    spawnSync(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], { ...postgresIds(), stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** initdb, then start on a free loopback port (another port if that one was taken meanwhile). */
export async function startCluster(o: ClusterOptions = {}): Promise<PgCluster> {
  const log = o.log ?? (() => {});
  const bin = ensurePostgres(log);
  const madeHere = !o.dir;
  if (madeHere) sweepStaleClusters(bin, log);
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid }));
  const user = o.user ?? 'escalate';
  const password = randomBytes(18).toString('base64url');
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const pwFile = join(dir, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  const ids = postgresIds();
  if (ids.uid !== undefined) {
    // The postgres user must reach the folder, own it and read the password file.
    chmodSync(dir, 0o755);
    chownSync(dir, ids.uid, ids.gid!);
    chownSync(pwFile, ids.uid, ids.gid!);
  }
  run(join(bin, 'initdb'), ['-D', dataDir, '-U', user, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'], { ...ids, what: 'initdb' });
  rmSync(pwFile);
  const settings = [
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=${o.maxConnections ?? 200}`,
    ...(o.unsafeFast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ];
  const pgCtl = (args: string[], what: string) => run(join(bin, 'pg_ctl'), ['-D', dataDir, ...args], { ...ids, what });
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await lowFreePort();
    try {
      pgCtl(['-l', logFile, '-w', '-t', '60', '-o', `-p ${port} ${settings.join(' ')}`, 'start'], 'pg_ctl start');
      break;
    } catch (e) {
      // The port may have been taken between the check and the bind: try another, twice at most.
      if (attempt >= 3 || !/could not bind|Address already in use/.test(readFileSync(logFile, 'utf8'))) throw e;
    }
  }
  log(`PostgreSQL (${bin}) on 127.0.0.1:${port}, data in ${dataDir}`);
  const host = '127.0.0.1';
  const url = (database = 'postgres') => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  const cluster: PgCluster = {
    dir,
    dataDir,
    logFile,
    host,
    port,
    user,
    password,
    url,
    async createDatabase(name, c = {}) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`create database ${client.escapeIdentifier(name)}${c.template ? ` template ${client.escapeIdentifier(c.template)}` : ''}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    restart() {
      pgCtl(['-l', logFile, '-w', '-t', '60', '-m', 'fast', '-o', `-p ${port} ${settings.join(' ')}`, 'restart'], 'pg_ctl restart');
    },
    stop() {
      if (stopped) return;
      stopped = true;
      const fast = spawnSync(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], { ...ids, stdio: 'ignore' });
      // A server that does not stop in time is stopped at once: its folder is about to go.
      if (fast.status !== 0) spawnSync(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], { ...ids, stdio: 'ignore' });
      if (o.removeOnStop ?? madeHere) rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
