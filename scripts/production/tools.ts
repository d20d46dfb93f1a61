// What the production run needs on this machine, installed by us and cached under .tools/:
//   - the Temporal server and its schema tool, built from the Go module proxy at the version
//     docker-compose.yml pins (temporalio/server:X), so the run and compose use the same server;
//   - its PostgreSQL schema files, copied out of the module;
//   - PostgreSQL from Debian (apt-get install postgresql) when no initdb is found.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ProductionTools {
  version: string;
  server: string;
  sqlTool: string;
  schemaDir: string;
  pgBin: string;
}

/** The Temporal server version docker-compose.yml pins: one number for both. */
export function pinnedServerVersion(): string {
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const m = /image:\s*temporalio\/server:([0-9]+\.[0-9]+\.[0-9]+)\s*$/m.exec(compose);
  if (!m) throw new Error('docker-compose.yml pins no temporalio/server:X.Y.Z image');
  return m[1];
}

function ensureTemporalServer(log: (m: string) => void): Omit<ProductionTools, 'pgBin'> {
  const version = pinnedServerVersion();
  const dir = join(root, '.tools', 'temporal-server', `v${version}`);
  const server = join(dir, 'server');
  const sqlTool = join(dir, 'sql');
  const schemaDir = join(dir, 'schema', 'postgresql', 'v12');
  if (existsSync(server) && existsSync(sqlTool) && existsSync(join(schemaDir, 'temporal', 'versioned'))) {
    return { version, server, sqlTool, schemaDir };
  }
  mkdirSync(dir, { recursive: true });
  log(`building the Temporal server v${version} and its schema tool from the Go module proxy (a few minutes, once)`);
  const module = 'go.temporal.io/server';
  const r = spawnSync('go', ['install', `${module}/cmd/server@v${version}`, `${module}/cmd/tools/sql@v${version}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' },
  });
  if (r.status !== 0) throw new Error(`go install of the Temporal server v${version} failed (exit ${r.status ?? r.error?.message})`);
  const modDir = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${module}@v${version}`], { encoding: 'utf8' })).Dir as string;
  rmSync(join(dir, 'schema'), { recursive: true, force: true });
  cpSync(join(modDir, 'schema', 'postgresql', 'v12'), schemaDir, { recursive: true });
  return { version, server, sqlTool, schemaDir };
}

function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : null;
}

function ensurePostgres(log: (m: string) => void): string {
  const found = findPgBin();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('PostgreSQL is not installed; run as root (apt-get install postgresql) or install it first');
  log('installing PostgreSQL from Debian (apt-get install postgresql)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'postgresql']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
  }
  const bin = findPgBin();
  if (!bin) throw new Error('apt-get installed postgresql but no initdb was found under /usr/lib/postgresql');
  return bin;
}

export function ensureProductionTools(log: (m: string) => void): ProductionTools {
  return { ...ensureTemporalServer(log), pgBin: ensurePostgres(log) };
}
