// Starts `temporal server start-dev` (from the project's own CLI install) with our search attributes,
// and waits until it answers. Used by the start command, the test run and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection, type TLSConfig } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions.js';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from './temporal-cli.mjs';

export interface DevServerOptions {
  port?: number;
  uiPort?: number;
  /** Persist to this SQLite file (cases survive a restart); in memory when absent. */
  dbFile?: string;
  /** SQLite pragmas for that file, `name=value`; default `DEV_SERVER_SQLITE_PRAGMAS`. (`journal_mode` is kept in the file itself.) */
  sqlitePragmas?: string[];
  namespace?: string;
  headless?: boolean;
  logLevel?: string;
  /** The Web UI shows sealed payloads through this codec server (our API's /codec). */
  codecEndpoint?: string;
  /** Where the server's own output goes; default: dropped. */
  onOutput?: (line: string) => void;
  /** Serve the server's Prometheus metrics on this port (the bench reads visibility writes there); otherwise a random one. */
  metricsPort?: number;
  /** More search attributes than ours (the bench registers a proposed checkout's too), by name and type. */
  searchAttributes?: Record<string, string>;
}

export interface DevServer {
  address: string;
  port: number;
  uiPort: number | null;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const taken = new Set<number>();
/**
 * A free port in 20000-32000 (random, checked by binding it): below the range the OS hands out for
 * port 0 (32768 and up), so a port picked now is not given to some other listener before it is used.
 */
export async function lowFreePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
}

/**
 * The persisted dev server (npm start, the bench, the fault suite) writes ahead, as our own store does.
 * The CLI's default is SQLite's rollback journal: each commit writes and syncs a journal, syncs the
 * file and deletes the journal. In WAL mode a commit appends to one file and syncs it. `synchronous`
 * is stated (FULL, as the CLI's SQLite defaults to in either mode) so each commit is synced before it
 * is acknowledged whatever the build. In one run each, 1,000 bare timers at one instant drained at
 * 53.8 a second against 34.5, and the case system's escalations at 45.3 against 33.3
 * (docs/performance.md).
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=full'];

export function devServerArgs(o: Required<Pick<DevServerOptions, 'port' | 'namespace'>> & DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--namespace', o.namespace, '--log-level', o.logLevel ?? 'warn'];
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  for (const p of o.dbFile ? (o.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS) : []) args.push('--sqlite-pragma', p);
  if (o.metricsPort) args.push('--metrics-port', String(o.metricsPort));
  if (o.headless) args.push('--headless');
  else if (o.uiPort) args.push('--ui-port', String(o.uiPort));
  if (!o.headless && o.codecEndpoint) args.push('--ui-codec-endpoint', o.codecEndpoint);
  for (const [name, type] of Object.entries({ ...o.searchAttributes, ...SEARCH_ATTRIBUTES })) args.push('--search-attribute', `${name}=${type}`);
  return args;
}

export async function waitForTemporal(address: string, timeoutMs = 60_000, namespace = 'default', tls?: TLSConfig): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000, tls });
      try {
        await conn.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await conn.close();
      }
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${(last as Error)?.message}`);
}

/**
 * Starts the dev server. A port picked here can be taken by another process before the server binds
 * it (the server also picks ports of its own): when the server exits at once and no port was asked
 * for, it is started again on fresh ports, twice at most.
 */
export async function startDevServer(o: DevServerOptions = {}): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(o);
    } catch (err) {
      if (!(err instanceof ExitedEarly) || o.port !== undefined || attempt >= 3) throw err;
    }
  }
}

class ExitedEarly extends Error {}

async function startDevServerOnce(o: DevServerOptions): Promise<DevServer> {
  const cli: string = ensureTemporalCli({ log: () => {} });
  const port = o.port ?? (await freePort());
  const uiPort = o.headless ? null : (o.uiPort ?? (await freePort()));
  const namespace = o.namespace ?? 'default';
  const child = spawn(cli, devServerArgs({ ...o, port, namespace, uiPort: uiPort ?? undefined }), { stdio: ['ignore', 'pipe', 'pipe'] });
  // The last lines it wrote, to say why it stopped if it stops at once.
  const tail: string[] = [];
  const forward = (buf: Buffer) => {
    for (const line of buf.toString().split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 5) tail.shift();
      o.onOutput?.(line);
    }
  };
  child.stdout!.on('data', forward);
  child.stderr!.on('data', forward);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await Promise.race([
      waitForTemporal(address, 60_000, namespace),
      exited.then(() => {
        throw new ExitedEarly(`temporal server start-dev exited early (code ${child.exitCode})${tail.length ? `: ${tail.join(' | ')}` : ''}`);
      }),
    ]);
  } catch (err) {
    await stop('SIGKILL');
    throw err;
  }
  return { address, port, uiPort, process: child, stop };
}
