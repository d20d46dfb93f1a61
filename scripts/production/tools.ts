// What the production run needs on this machine, installed by us and cached under .tools/:
//   - our Temporal server (deploy/temporal/server: go.temporal.io/server at the version its go.mod
//     pins, with the authorizer and claim mapper that give each client certificate its role), built
//     from the Go module proxy after its tests pass, cached by a hash of its sources;
//   - Temporal's schema tool and its PostgreSQL schema files, at the same version;
//   - Temporal UI's server at the version docker-compose.yml pins (temporalio/ui:X), built from its
//     Go module (it embeds the UI), with the config template its image runs;
//   - PostgreSQL from Debian (apt-get install postgresql) when no initdb is found.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Our Temporal server's Go module. */
export const SERVER_MODULE_DIR = join(root, 'deploy', 'temporal', 'server');

export interface ProductionTools {
  version: string;
  /** Our server binary (deploy/temporal/server). */
  server: string;
  sqlTool: string;
  schemaDir: string;
  pgBin: string;
  ui: { version: string; server: string; root: string };
}

/** The Temporal server version our server's go.mod pins (go.temporal.io/server vX.Y.Z). */
export function pinnedServerVersion(): string {
  const mod = readFileSync(join(SERVER_MODULE_DIR, 'go.mod'), 'utf8');
  const m = /^\s*(?:require\s+)?go\.temporal\.io\/server v([0-9]+\.[0-9]+\.[0-9]+)\s*$/m.exec(mod);
  if (!m) throw new Error('deploy/temporal/server/go.mod requires no go.temporal.io/server vX.Y.Z');
  return m[1]!;
}

/** The Temporal UI version docker-compose.yml pins (temporalio/ui:X.Y.Z). */
export function pinnedUiVersion(): string {
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const m = /image:\s*temporalio\/ui:([0-9]+\.[0-9]+\.[0-9]+)\s*$/m.exec(compose);
  if (!m) throw new Error('docker-compose.yml pins no temporalio/ui:X.Y.Z image');
  return m[1]!;
}

/** A hash of what our server is built from: its Go sources, go.mod and go.sum. */
export function serverSourceHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(SERVER_MODULE_DIR).filter((f) => /\.go$|^go\.(mod|sum)$/.test(f)).sort()) {
    h.update(`${f}\0`).update(readFileSync(join(SERVER_MODULE_DIR, f))).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

const goEnv = (extra: NodeJS.ProcessEnv = {}) => ({ ...process.env, GOFLAGS: '-mod=mod', ...extra });
function go(args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv; what: string }) {
  const r = spawnSync('go', args, { cwd: o.cwd, stdio: ['ignore', 'inherit', 'inherit'], env: o.env ?? goEnv() });
  if (r.status !== 0) throw new Error(`${o.what} failed (exit ${r.status ?? r.error?.message})`);
}
const moduleDir = (mod: string) => JSON.parse(execFileSync('go', ['mod', 'download', '-json', mod], { encoding: 'utf8', env: goEnv() })).Dir as string;

function ensureTemporalServer(log: (m: string) => void): Pick<ProductionTools, 'version' | 'server' | 'sqlTool' | 'schemaDir'> {
  const version = pinnedServerVersion();
  const dir = join(root, '.tools', 'temporal-server', `v${version}`);
  const sqlTool = join(dir, 'sql');
  const schemaDir = join(dir, 'schema', 'postgresql', 'v12');
  const module = 'go.temporal.io/server';
  mkdirSync(dir, { recursive: true });
  if (!existsSync(sqlTool) || !existsSync(join(schemaDir, 'temporal', 'versioned'))) {
    log(`building Temporal's schema tool v${version} from the Go module proxy (a few minutes, once)`);
    go(['install', `${module}/cmd/tools/sql@v${version}`], { env: goEnv({ GOBIN: dir }), what: `go install of the schema tool v${version}` });
    rmSync(join(dir, 'schema'), { recursive: true, force: true });
    cpSync(join(moduleDir(`${module}@v${version}`), 'schema', 'postgresql', 'v12'), schemaDir, { recursive: true });
  }
  // Our server, keyed by its sources: a change to the roles builds it again.
  const server = join(dir, `ours-${serverSourceHash()}`, 'temporal-server');
  if (!existsSync(server)) {
    log(`testing and building our Temporal server (deploy/temporal/server, go.temporal.io/server v${version}; several minutes on a fresh machine)`);
    go(['test', './...'], { cwd: SERVER_MODULE_DIR, what: 'go test of deploy/temporal/server' });
    mkdirSync(dirname(server), { recursive: true });
    go(['build', '-trimpath', '-o', `${server}.part`, '.'], { cwd: SERVER_MODULE_DIR, env: goEnv({ CGO_ENABLED: '0' }), what: 'go build of deploy/temporal/server' });
    renameSync(`${server}.part`, server);
    // Builds of older sources are of no further use.
    for (const d of readdirSync(dir).filter((d) => d.startsWith('ours-') && join(dir, d) !== dirname(server))) rmSync(join(dir, d), { recursive: true, force: true });
  }
  return { version, server, sqlTool, schemaDir };
}

function ensureTemporalUi(log: (m: string) => void): ProductionTools['ui'] {
  const version = pinnedUiVersion();
  const dir = join(root, '.tools', 'temporal-ui', `v${version}`);
  const server = join(dir, 'ui-server');
  const template = join(dir, 'config', 'docker.yaml');
  if (!existsSync(server) || !existsSync(template)) {
    log(`building Temporal UI's server v${version} from the Go module proxy (it embeds the UI; about a minute, once)`);
    mkdirSync(dir, { recursive: true });
    const module = 'github.com/temporalio/ui-server/v2';
    go(['install', `${module}/cmd/server@v${version}`], { env: goEnv({ GOBIN: dir }), what: `go install of Temporal UI v${version}` });
    renameSync(join(dir, 'server'), server);
    // The config template the temporalio/ui image runs (its env variables are compose's), listening
    // on loopback only here.
    mkdirSync(dirname(template), { recursive: true });
    copyFileSync(join(moduleDir(`${module}@v${version}`), 'config', 'docker.yaml'), template);
    writeFileSync(template, `${readFileSync(template, 'utf8').trimEnd()}\nhost: 127.0.0.1\n`);
  }
  return { version, server, root: dir };
}

function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0]!, 'bin') : null;
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
  return { ...ensureTemporalServer(log), ui: ensureTemporalUi(log), pgBin: ensurePostgres(log) };
}
