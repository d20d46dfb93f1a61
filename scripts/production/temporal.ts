// The production Temporal on this machine: a throw-away CA and certificates (deploy/tls/make-certs.sh),
// a PostgreSQL cluster on a private port, the schemas created with Temporal's schema tool, our Temporal
// server (deploy/temporal/server: roles from the client certificates) on
// deploy/temporal/config/production.yaml (PostgreSQL persistence and visibility, mutual TLS), the
// namespace set up by deploy/temporal/setup-namespace.sh, and Temporal UI's server as compose runs it.
// Used by `npm run test:production` and by `npm run bench -- --server production`.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, createWriteStream, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import { root, type ProductionTools } from './tools.js';
import { freePort, lowFreePort } from '../dev-server.js';
import { newKeyFile } from '../../security/keys.js';

// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from '../temporal-cli.mjs';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a run started, stopped in reverse order whatever happens. */
export class Cleanups {
  private list: { name: string; fn: () => Promise<void> | void }[] = [];
  private running: Promise<void> | null = null;
  add(name: string, fn: () => Promise<void> | void) {
    this.list.push({ name, fn });
  }
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const c of this.list.reverse()) {
        try {
          await c.fn();
        } catch (e) {
          console.error(`cleanup of ${c.name}: ${(e as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

export class Fatal extends Error {}
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (e instanceof Fatal) throw e;
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(250);
  }
}

// ---- processes ----
export interface Proc {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startProcess(cleanups: Cleanups, name: string, command: string, args: string[], env: NodeJS.ProcessEnv, dir: string, opts: { uid?: number; gid?: number } = {}): Proc {
  const logFile = join(dir, 'logs', `${name}.log`);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const out = createWriteStream(logFile);
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const proc = { name, child, logFile, stop };
  cleanups.add(name, () => stop());
  return proc;
}

export function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)).join('\n');
  } catch {
    return '(no log)';
  }
}

export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number; what?: string } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env, uid: opts.uid, gid: opts.gid });
  if (r.status !== 0) throw new Error(`${opts.what ?? cmd} failed (exit ${r.status}): ${(r.stderr || r.stdout || r.error?.message || '').trim().split('\n').slice(-5).join(' | ')}`);
  return r.stdout;
}

interface ProductionPostgres {
  port: number;
  user: string;
  password: string;
  /** pg_ctl restart -m fast: every client sees its connections end (the fault drill). */
  restart(): void;
}

async function startPostgres(cleanups: Cleanups, tools: ProductionTools, dir: string): Promise<ProductionPostgres> {
  const pgDir = join(dir, 'postgres');
  mkdirSync(pgDir, { recursive: true });
  const user = 'temporal';
  const password = newKeyFile('pw').keys.pw.replace(/[^A-Za-z0-9]/g, '');
  const pwFile = join(pgDir, 'pwfile');
  writeFileSync(pwFile, password + '\n');
  // initdb refuses to run as root: as root, the cluster belongs to Debian's `postgres` user.
  let ids: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    ids = { uid, gid };
    chmodSync(dir, 0o755);
    chownSync(pgDir, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  const data = join(pgDir, 'data');
  // C.UTF-8, not C: the case store's search needs pg_trgm to see Han characters (db/migrations-pg).
  run(join(tools.pgBin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'], { ...ids, what: 'initdb' });
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${pgDir} -c max_connections=200`;
  run(join(tools.pgBin, 'pg_ctl'), ['-D', data, '-l', join(pgDir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start'], { ...ids, what: 'pg_ctl start' });
  cleanups.add('postgres', () => {
    spawnSync(join(tools.pgBin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], { ...ids, stdio: 'ignore' });
  });
  const restart = () => run(join(tools.pgBin, 'pg_ctl'), ['-D', data, '-l', join(pgDir, 'postgres.log'), '-w', '-t', '60', '-m', 'fast', '-o', options, 'restart'], { ...ids, what: 'pg_ctl restart' });
  return { port, user, password, restart };
}

/**
 * The case store's database beside Temporal's, made by the script compose runs
 * (deploy/postgres/create-store-db.sh): its own role and password, LC_CTYPE C.UTF-8. Its URL is STORE_URL.
 */
function createStoreDatabase(tools: ProductionTools, pg: ProductionPostgres): string {
  const password = newKeyFile('pw').keys.pw.replace(/[^A-Za-z0-9]/g, '');
  run('sh', [join(root, 'deploy', 'postgres', 'create-store-db.sh')], {
    what: 'create-store-db.sh',
    env: { PATH: `${tools.pgBin}:${process.env.PATH}`, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: pg.user, PGPASSWORD: pg.password, STORE_DB_PASSWORD: password },
  });
  return `postgres://escalate:${password}@127.0.0.1:${pg.port}/escalate`;
}

function createSchemas(tools: ProductionTools, pg: { port: number; user: string; password: string }) {
  const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(pg.port), '-u', pg.user, '--pw', pg.password];
  for (const [db, schema] of [['temporal', 'temporal'], ['temporal_visibility', 'visibility']]) {
    run(tools.sqlTool, [...base, '--db', db, 'create-database'], { what: `create database ${db}` });
    run(tools.sqlTool, [...base, '--db', db, 'setup-schema', '-v', '0.0'], { what: `setup-schema ${db}` });
    run(tools.sqlTool, [...base, '--db', db, 'update-schema', '-d', join(tools.schemaDir, schema, 'versioned')], { what: `update-schema ${db}` });
  }
}

/** A client's files in deploy/tls/make-certs.sh's layout: its own folder holds the CA certificate, its certificate and key. */
export const certFiles = (tlsDir: string, client: string) => ({
  ca: join(tlsDir, client, 'ca.pem'),
  cert: join(tlsDir, client, `${client}.pem`),
  key: join(tlsDir, client, `${client}-key.pem`),
});

export function tlsFor(tlsDir: string, client: string): TLSConfig {
  const f = certFiles(tlsDir, client);
  return {
    serverNameOverride: 'temporal',
    serverRootCACertificate: readFileSync(f.ca),
    clientCertPair: { crt: readFileSync(f.cert), key: readFileSync(f.key) },
  };
}

/** The `temporal` CLI's flags for the server under one client's certificate. */
export function cliTls(tlsDir: string, client: string): string[] {
  const f = certFiles(tlsDir, client);
  return ['--tls-ca-path', f.ca, '--tls-cert-path', f.cert, '--tls-key-path', f.key, '--tls-server-name', 'temporal'];
}

/** The client certificates make-certs.sh issues; each one's common name is its role on our server. */
export type ClientCert = 'worker' | 'api' | 'ui' | 'admin';

export interface ProductionTemporal {
  address: string;
  /** The folder with ca.pem and the <client>.pem / <client>-key.pem pairs. */
  tls: string;
  adminTls: TLSConfig;
  cli: string;
  server: Proc;
  /** Environment that points our processes at it with a client certificate. */
  clientEnv(client: ClientCert): NodeJS.ProcessEnv;
  /** The case store on the same PostgreSQL server (STORE_URL), and a restart of that server. */
  store: { url: string; restartPostgres(): void };
}

export async function startProductionTemporal(o: { tools: ProductionTools; dir: string; log: (m: string) => void; cleanups: Cleanups; taskQueues?: string[] }): Promise<ProductionTemporal> {
  const { tools, dir, log, cleanups } = o;
  // Certificates: a throw-away CA, the frontend's certificate and one per client, each in its own
  // folder; here they all belong to whoever runs the script (in compose, to each container's user).
  const tls = join(dir, 'tls');
  const owner = `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;
  run('sh', [join(root, 'deploy', 'tls', 'make-certs.sh'), tls], { what: 'make-certs.sh', env: { ...process.env, TLS_OWNER: owner } });
  log('certificates made (deploy/tls/make-certs.sh, one folder per service)');

  const pg = await startPostgres(cleanups, tools, dir);
  log(`PostgreSQL on 127.0.0.1:${pg.port}`);
  createSchemas(tools, pg);
  log('Temporal schemas created with the schema tool (temporal, temporal_visibility)');
  const storeUrl = createStoreDatabase(tools, pg);
  log('the case store\'s database created (escalate, its own role, LC_CTYPE C.UTF-8)');

  // The Temporal server, configured by deploy/temporal/config/production.yaml itself.
  // Temporal stores membership ports in a SMALLINT column: below 32768, so not the OS's ephemeral ones.
  const ports = {
    FRONTEND_GRPC_PORT: await lowFreePort(),
    FRONTEND_HTTP_PORT: await lowFreePort(),
    HISTORY_GRPC_PORT: await lowFreePort(),
    MATCHING_GRPC_PORT: await lowFreePort(),
    WORKER_GRPC_PORT: await lowFreePort(),
    FRONTEND_MEMBERSHIP_PORT: await lowFreePort(),
    HISTORY_MEMBERSHIP_PORT: await lowFreePort(),
    MATCHING_MEMBERSHIP_PORT: await lowFreePort(),
    WORKER_MEMBERSHIP_PORT: await lowFreePort(),
    METRICS_PORT: await lowFreePort(),
    PPROF_PORT: await lowFreePort(),
  };
  const temporalAddress = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  const serverEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(pg.port),
    POSTGRES_USER: pg.user,
    POSTGRES_PWD: pg.password,
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_TLS_DIR: join(tls, 'temporal'),
    // What the worker, API and UI certificates may touch (deploy/temporal/server/authz.go).
    AUTHZ_NAMESPACES: 'default',
    AUTHZ_TASK_QUEUES: (o.taskQueues ?? ['cases']).join(','),
    NUM_HISTORY_SHARDS: '4',
    LOG_LEVEL: 'warn',
    DYNAMIC_CONFIG_FILE_PATH: join(root, 'deploy', 'temporal', 'dynamicconfig', 'production-sql.yaml'),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
  const server = startProcess(cleanups, 'temporal', tools.server, ['--root', join(root, 'deploy', 'temporal'), '--config', 'config', '--env', 'production', 'start'], serverEnv, dir);
  const adminTls = tlsFor(tls, 'admin');
  await until('the Temporal frontend (mutual TLS)', async () => {
    if (server.child.exitCode !== null) throw new Fatal(`temporal exited (${server.child.exitCode}):\n${tail(server.logFile)}`);
    const conn = await Connection.connect({ address: temporalAddress, tls: adminTls, connectTimeout: 2000 });
    try {
      await conn.workflowService.getSystemInfo({});
      return true;
    } finally {
      await conn.close();
    }
  }, 120_000);
  log(`our Temporal server (go.temporal.io/server ${tools.version}, certificate roles) on ${temporalAddress} (PostgreSQL persistence and visibility, mutual TLS)`);

  // The namespace and our search attributes, by the same script as compose's temporal-namespace job.
  const cli: string = ensureTemporalCli({ log });
  run('sh', [join(root, 'deploy', 'temporal', 'setup-namespace.sh')], {
    what: 'setup-namespace.sh',
    env: {
      ...process.env,
      TEMPORAL_CLI: cli,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      NAMESPACE_RETENTION: '24h',
      TLS_CA: certFiles(tls, 'admin').ca,
      TLS_CERT: certFiles(tls, 'admin').cert,
      TLS_KEY: certFiles(tls, 'admin').key,
      TLS_SERVER_NAME: 'temporal',
    },
  });
  log('namespace "default" and our search attributes registered (deploy/temporal/setup-namespace.sh)');
  const clientEnv = (client: ClientCert): NodeJS.ProcessEnv => ({
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TLS_CA: certFiles(tls, client).ca,
    TEMPORAL_TLS_CERT: certFiles(tls, client).cert,
    TEMPORAL_TLS_KEY: certFiles(tls, client).key,
    TEMPORAL_TLS_SERVER_NAME: 'temporal',
  });
  return { address: temporalAddress, tls, adminTls, cli, server, clientEnv, store: { url: storeUrl, restartPostgres: () => pg.restart() } };
}

/**
 * Temporal UI's server as compose runs it: the image's config template (tools.ts) over the same
 * environment as compose's temporal-ui service, read-only, with the UI's own certificate, showing
 * payloads through our codec server with the browser's credentials. Answers its address.
 */
export async function startProductionUi(o: { tools: ProductionTools; dir: string; cleanups: Cleanups; temporal: ProductionTemporal; codecEndpoint: string; port: number }): Promise<string> {
  const f = certFiles(o.temporal.tls, 'ui');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TEMPORAL_ADDRESS: o.temporal.address,
    TEMPORAL_UI_PORT: String(o.port),
    TEMPORAL_DEFAULT_NAMESPACE: 'default',
    TEMPORAL_DISABLE_WRITE_ACTIONS: 'true',
    TEMPORAL_TLS_CA: f.ca,
    TEMPORAL_TLS_CERT: f.cert,
    TEMPORAL_TLS_KEY: f.key,
    TEMPORAL_TLS_SERVER_NAME: 'temporal',
    TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true',
    TEMPORAL_CODEC_ENDPOINT: o.codecEndpoint,
    TEMPORAL_CODEC_INCLUDE_CREDENTIALS: 'true',
    TEMPORAL_CSRF_COOKIE_INSECURE: 'false',
  };
  const proc = startProcess(o.cleanups, 'temporal-ui', o.tools.ui.server, ['--root', o.tools.ui.root, '--config', 'config', '--env', 'docker', 'start'], env, o.dir);
  const url = `http://127.0.0.1:${o.port}`;
  await until('Temporal UI', async () => {
    if (proc.child.exitCode !== null) throw new Fatal(`temporal-ui exited (${proc.child.exitCode}):\n${tail(proc.logFile)}`);
    return (await fetch(`${url}/api/v1/settings`)).ok;
  }, 60_000);
  return url;
}
