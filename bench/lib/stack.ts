// The processes a benchmark run starts: the Temporal dev server, the case worker and the API as child
// processes (so each one's memory and CPU profile are its own), and the baseline worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';
import { loadDemoDirectory } from '../../db/demo.js';
import { freePort } from '../../scripts/dev-server.js';
import { newKeyFile } from '../../security/keys.js';
import { interceptorsPath, workflowsPath } from '../../worker.js';
import { FAILURE_CONVERTER_PATH } from '../../security/payload-codec.js';
import { Api, waitForHttp } from './http.js';
import { openBenchStore, storeEnv } from './store.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchWorkflowsPath = join(root, 'bench', 'workflows', 'index.ts');

const quietLogger = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} };

/**
 * Bundles workflow code to a file, as production does (WORKFLOW_BUNDLE). `checkout` is the tree the
 * workflows come from (default this one): its own interceptors and failure converter go in with
 * them, so a proposed checkout's bundle holds its own code only. (Taking those two from this tree
 * once put second copies of the SDK's workflow and common packages and of zod in every proposed
 * bundle, 247 modules against 156, and the proposed worker spent 12–19% more CPU than the same code
 * as current.)
 */
export async function bundleTo(file: string, path: string, webpackConfigHook?: BundleOptions['webpackConfigHook'], preloadModules?: string[], checkout = root): Promise<string> {
  const bare = path === benchWorkflowsPath;
  // The case workflows carry the failure converter their workers use (sealed failure messages)…
  const ownFile = (here: string, there: string) => (checkout === root ? here : existsSync(there) ? there : undefined);
  const failureConverterPath = bare ? undefined : ownFile(FAILURE_CONVERTER_PATH, join(checkout, 'security', 'failure-converter.cjs'));
  // …and the interceptors that check each message's binding (workflows/interceptors.ts). A checkout
  // from before either existed bundles without it, as its own worker did.
  const interceptors = bare ? undefined : ownFile(interceptorsPath, join(checkout, 'workflows', 'interceptors.ts'));
  const workflowInterceptorModules = interceptors ? [interceptors] : undefined;
  const { code } = await bundleWorkflowCode({ workflowsPath: path, logger: quietLogger as never, webpackConfigHook, preloadModules, failureConverterPath, workflowInterceptorModules });
  const twice = duplicatePackages(code);
  if (twice.length) throw new Error(`bundle ${file} holds copies from two node_modules trees of ${twice.join('; ')}: a bundle must take all its code from one checkout`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return file;
}
/** The ids of a bundle's modules, from the header webpack writes before each one (three stars, then its id in quotes). */
function moduleIds(code: string): string[] {
  return [...code.matchAll(/\/\*\*\*\/ "([^"]+)"/g)].map((m) => m[1]);
}

/** A bundle's size and its number of modules, for the run's record. */
export function bundleFacts(file: string): { modules: number; bytes: number } {
  const code = readFileSync(file, 'utf8');
  return { modules: moduleIds(code).length, bytes: Buffer.byteLength(code) };
}

/** Packages the bundle holds copies of from more than one node_modules tree, with where each comes from. */
export function duplicatePackages(code: string): string[] {
  const copies = new Map<string, Set<string>>();
  for (const id of moduleIds(code)) {
    const m = /^(.*?)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id);
    if (!m) continue;
    if (!copies.has(m[2])) copies.set(m[2], new Set());
    copies.get(m[2])!.add(m[1]);
  }
  return [...copies].filter(([, from]) => from.size > 1).map(([pkg, from]) => `${pkg} (${[...from].join(', ')})`);
}
/**
 * Replaces a bundle's inline source map with an empty one. The worker needs one to load a bundle, and
 * maps every frame of the stack it captures for each promise in the sandbox through it; with an
 * empty map, workflow stack traces name bundle lines instead of source files.
 */
export function withEmptySourceMap(file: string): void {
  const code = readFileSync(file, 'utf8');
  const at = code.lastIndexOf('//# sourceMappingURL=');
  const empty = Buffer.from(JSON.stringify({ version: 3, sources: [], names: [], mappings: '' })).toString('base64');
  writeFileSync(file, `${code.slice(0, at)}//# sourceMappingURL=data:application/json;charset=utf-8;base64,${empty}\n`);
}
export const productionWorkflowsPath = workflowsPath;

export interface Proc {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** Resident memory now, KiB (VmRSS from /proc). */
  rssKiB(): number;
  stop(): Promise<void>;
}

export function rssKiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Environment every process of the run gets (the production server's client certificate). */
const runEnv: Record<string, string> = {};
export function setRunEnv(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== 'TEMPORAL_ADDRESS') runEnv[k] = v;
}

/**
 * `node --import tsx <script>` with its own env; output goes to a log file. Resolves once a line of
 * its output matches `ready` (or at once without one).
 */
export async function spawnNode(
  name: string,
  script: string,
  env: Record<string, string>,
  o: { logDir: string; nodeArgs?: string[]; ready?: RegExp; timeoutMs?: number; cwd?: string },
): Promise<Proc> {
  const logFile = join(o.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', script], {
    cwd: o.cwd ?? root,
    env: { ...process.env, ...runEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let seen = '';
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    if (!o.ready) return resolveReady();
    const timer = setTimeout(() => rejectReady(new Error(`${name} not ready in ${o.timeoutMs ?? 60_000} ms; see ${logFile}`)), o.timeoutMs ?? 60_000);
    const watch = (buf: Buffer) => {
      if (seen.length < 10_000) seen += buf.toString();
      if (o.ready!.test(seen)) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    void exited.then(() => {
      clearTimeout(timer);
      rejectReady(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logFile}`));
    });
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const proc: Proc = {
    name,
    pid: child.pid!,
    child,
    logFile,
    rssKiB: () => rssKiB(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await ready;
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return proc;
}

/** A fresh data folder with the demo directory; returns its tokens. */
export async function prepareData(dataDir: string): Promise<Record<string, string>> {
  mkdirSync(dataDir, { recursive: true });
  const db = await openBenchStore(dataDir);
  const tokens = await loadDemoDirectory(db, { dataDir });
  await db.close();
  if (!tokens) throw new Error(`${dataDir} already had a directory`);
  return tokens;
}

/** One slice of the system: its own data folder, task queue, case worker and API. */
export interface CaseStack {
  name: string;
  dataDir: string;
  taskQueue: string;
  worker: Proc;
  api: Proc;
  http: Api;
  tokens: Record<string, string>;
  /** The environment both processes got (to start another worker like this one). */
  env: Record<string, string>;
  /** Where each process serves its Prometheus metrics. */
  metrics: { worker: string; api: string };
  stop(): Promise<void>;
}

export async function startCaseStack(o: {
  name: string;
  dir: string;
  address: string;
  bundle: string;
  policy?: unknown;
  /** e.g. --cpu-prof flags, per process. */
  workerArgs?: string[];
  apiArgs?: string[];
  /** Reuse a data folder prepared earlier (tokens given). */
  data?: { dataDir: string; tokens: Record<string, string> };
  /** Run another checkout's worker and API (its own code throughout), e.g. a proposed change. */
  checkout?: string;
  /** More environment for both processes (e.g. MAX_CACHED_WORKFLOWS). */
  env?: Record<string, string>;
}): Promise<CaseStack> {
  const dataDir = o.data?.dataDir ?? join(o.dir, `${o.name}-data`);
  const tokens = o.data?.tokens ?? (await prepareData(dataDir));
  const taskQueue = `bench-${o.name}`;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    TASK_QUEUE: taskQueue,
    TEMPORAL_ADDRESS: o.address,
    WORKFLOW_BUNDLE: o.bundle,
    // Every simulated requester calls from 127.0.0.1: the per-address limit would throttle the bench, not a citizen.
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000000',
    RATE_LIMIT_TOKEN_PER_MINUTE: '1000000000',
    // The bench drives intake through a few officers far faster than any window could.
    INTAKE_PER_MINUTE: '1000000000',
    INTAKE_PER_MINUTE_INTEGRATOR: '1000000000',
    // The run's store: on PostgreSQL, this data folder's database (bench/lib/store.ts).
    ...(await storeEnv(dataDir)),
    ...(o.env ?? {}),
  };
  if (o.policy) {
    const file = join(o.dir, `${o.name}-policy.json`);
    writeFileSync(file, JSON.stringify(o.policy));
    env.ESCALATION_POLICY = file;
  }
  const [port, workerMetrics, apiMetrics] = [await freePort(), await freePort(), await freePort()];
  const cwd = o.checkout ? resolve(o.checkout) : undefined;
  const [worker, api] = await Promise.all([
    spawnNode(`${o.name}-worker`, 'worker.ts', { ...env, METRICS_PORT: String(workerMetrics) }, { logDir: o.dir, nodeArgs: o.workerArgs, ready: /worker: task queue/, cwd }),
    spawnNode(`${o.name}-api`, 'api/main.ts', { ...env, API_PORT: String(port), API_HOST: '127.0.0.1', METRICS_PORT: String(apiMetrics) }, { logDir: o.dir, nodeArgs: o.apiArgs, ready: /api: http/, cwd }),
  ]);
  await waitForHttp(port);
  const http = new Api(port, tokens);
  return {
    name: o.name,
    dataDir,
    taskQueue,
    worker,
    api,
    http,
    tokens,
    env: { ...env, METRICS_PORT: String(workerMetrics) },
    metrics: { worker: `http://127.0.0.1:${workerMetrics}/metrics`, api: `http://127.0.0.1:${apiMetrics}/metrics` },
    async stop() {
      http.close();
      await Promise.all([api.stop(), worker.stop()]);
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line (11 and 12 after the command).
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** CPU ms per thread of a process (name from /proc/<pid>/task/<tid>/comm), to tell the JS thread from V8's GC helpers. */
export function threadCpuMs(pid: number): Map<number, { comm: string; ms: number }> {
  const out = new Map<number, { comm: string; ms: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), { comm: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(), ms: ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * The "bare + edge" yardstick: the edge workflow (bench/workflows/edge.ts) on a worker of its own with
 * the same payload codec as ours, behind a minimal fastify API (bench/edge/api.ts) that knows the same
 * demo tokens. Shaped like a CaseStack so the same drivers use it.
 */
export async function startEdgeStack(o: { name: string; dir: string; address: string; bundle: string; tokens: Record<string, string>; env?: Record<string, string> }): Promise<CaseStack> {
  const taskQueue = `bench-${o.name}`;
  const key = newKeyFile('bench');
  const tokensFile = join(o.dir, `${o.name}-tokens.json`);
  writeFileSync(tokensFile, JSON.stringify(o.tokens));
  const env: Record<string, string> = { TEMPORAL_ADDRESS: o.address, TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE: o.bundle, PAYLOAD_KEYS: `bench:${key.keys.bench}`, ...(o.env ?? {}) };
  const [port, workerMetrics] = [await freePort(), await freePort()];
  const [worker, api] = await Promise.all([
    spawnNode(`${o.name}-worker`, 'bench/baseline-worker.ts', { ...env, METRICS_PORT: String(workerMetrics) }, { logDir: o.dir, ready: /baseline worker/ }),
    spawnNode(`${o.name}-api`, 'bench/edge/api.ts', { ...env, API_PORT: String(port), TOKENS_FILE: tokensFile }, { logDir: o.dir, ready: /edge api/ }),
  ]);
  await waitForHttp(port);
  const http = new Api(port, o.tokens);
  return {
    name: o.name,
    dataDir: o.dir,
    taskQueue,
    worker,
    api,
    http,
    tokens: o.tokens,
    env: { ...env, METRICS_PORT: String(workerMetrics) },
    metrics: { worker: `http://127.0.0.1:${workerMetrics}/metrics`, api: '' },
    async stop() {
      http.close();
      await Promise.all([api.stop(), worker.stop()]);
    },
  };
}
