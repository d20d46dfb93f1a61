// `npm run bench` (full) and `npm run bench:quick`: starts its own Temporal dev server (SQLite file in a
// temp folder, as `npm start`'s dev server persists to data/temporal.sqlite), the case worker and the
// API as child processes, the baseline worker, and measures items 1–6 of the benchmark issue. Results:
// bench/results/latest.{json,md} and <mode>.{json,md}.
//
//   node --import tsx bench/run.ts [--quick] [--only overhead,latency,openloop,memory,evicted,deadlines,peak,store,reads,profile,growth]
//                                  [--growth 1000,10000] [--peak 1000] [--evicted <cases>,<cache>] [--memory <base>,<open>]
//                                  [--growth-variant proposed] [--proposed <checkout>]
//                                  [--proposed-env K=V,K=V] [--proposed-without-source-map] [--name <results file>] [--keep]
//                                  [--store sqlite|postgres] [--reads <cases>[,<busiest officer's open>]]
//                                  [--server-sqlite-pragma journal_mode=delete] (default: npm start's, journal_mode=wal)
//
// `--store postgres` puts the case store on PostgreSQL 15: a durable cluster of the run's own (fsync
// on), a database per data folder, STORE_URL in every process the run spawns (bench/lib/store.ts).
// Its results are kept apart: <mode>-postgres.{json,md} beside <mode>.{json,md}.
//
// Variants, side by side in one run: the floor (`baseline`: bare Temporal, no HTTP, no codec), `edge`
// (bare + a minimal HTTP edge with the same codec and payloads), `current`, and `proposed` (another
// checkout's worker, API and workflows, and/or extra environment such as NODE_OPTIONS).
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEV_SERVER_SQLITE_PRAGMAS, freePort, startDevServer, type DevServer } from '../scripts/dev-server.js';
import { Cleanups, startProductionTemporal } from '../scripts/production/temporal.js';
import { ensureProductionTools } from '../scripts/production/tools.js';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from '../scripts/temporal-cli.mjs';
import { SETTINGS, type Ctx, type Mode } from './lib/context.js';
import { baselineVariant, caseVariant, unitsOf, type Variant } from './lib/drivers.js';
import { renderMarkdown } from './lib/report.js';
import { targetsOf } from './lib/targets.js';
import { benchWorkflowsPath, bundleFacts, bundleTo, withEmptySourceMap, productionWorkflowsPath, root, spawnNode, setRunEnv, startCaseStack, startEdgeStack } from './lib/stack.js';
import { deadlines } from './stages/deadlines.js';
import { defaultCacheSize, growth, memoryPoint } from './stages/growth.js';
import { memory } from './stages/memory.js';
import { profiles } from './stages/profile.js';
import { reads } from './stages/reads.js';
import { store } from './stages/store.js';
import { latency, overhead } from './stages/throughput.js';
import { openloop } from './stages/openloop.js';
import { evicted } from './stages/evicted.js';
import { peak } from './stages/peak.js';
import { failedRequestsOf } from './lib/failures.js';
import { stopStore, useStore, type StoreKind } from './lib/store.js';
import pg from 'pg';

/** A tree's commit, with "+changes" when its working tree differs from it (null outside git). */
function commitOf(dir: string): string | null {
  try {
    const head = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return null;
  }
}

const STAGES = ['overhead', 'latency', 'openloop', 'memory', 'evicted', 'deadlines', 'peak', 'store', 'reads', 'profile', 'growth'] as const;
type Stage = (typeof STAGES)[number];

function args() {
  const a = process.argv.slice(2);
  const value = (name: string) => {
    const i = a.indexOf(name);
    return i >= 0 ? a[i + 1] : undefined;
  };
  const mode: Mode = a.includes('--quick') ? 'quick' : 'full';
  const only = value('--only')?.split(',') as Stage[] | undefined;
  for (const s of only ?? []) if (!STAGES.includes(s)) throw new Error(`unknown stage ${s}; stages: ${STAGES.join(', ')}`);
  const s = structuredClone(SETTINGS[mode]);
  const g = value('--growth');
  if (g) s.growth.levels = g.split(',').map(Number);
  const pk = value('--peak');
  if (pk) s.peak.cases = Number(pk);
  const mem = value('--memory')?.split(',').map(Number);
  if (mem) s.memory = { base: mem[0], open: mem[1] ?? s.memory.open };
  const rd = value('--reads')?.split(',').map(Number);
  if (rd) s.reads = { ...s.reads, cases: rd[0], hotOfficerOpen: rd[1] ?? Math.min(s.reads.hotOfficerOpen, Math.round(rd[0] / 10)) };
  const ev = value('--evicted')?.split(',').map(Number);
  if (ev) s.evicted = { ...s.evicted, cases: ev[0], cache: ev[1] ?? s.evicted.cache };
  if (a.includes('--profile') && !s.profileMs) s.profileMs = 10_000;
  const growthVariant = value('--growth-variant') === 'proposed' ? ('proposed' as const) : ('current' as const);
  const server = value('--server') ?? 'dev';
  if (server !== 'dev' && server !== 'production') throw new Error('--server is dev (default) or production');
  const store = (value('--store') ?? 'sqlite') as StoreKind;
  if (store !== 'sqlite' && store !== 'postgres') throw new Error('--store is sqlite (default) or postgres');
  const proposedEnv = Object.fromEntries((value('--proposed-env') ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  // The proposed bundle with an empty source map: what mapping each promise's stack costs the sandbox.
  const proposedWithoutSourceMap = a.includes('--proposed-without-source-map');
  // Extra environment (or the bundle's source map) alone tries a setting on this checkout's code.
  const proposed = value('--proposed') ?? (Object.keys(proposedEnv).length || proposedWithoutSourceMap ? root : undefined);
  // The dev server's SQLite pragmas, as npm start's by default: what its persistence costs every variant.
  // `--server-sqlite-pragma journal_mode=delete` measures the CLI's own rollback journal.
  const pragmaArg = value('--server-sqlite-pragma');
  const serverPragmas = pragmaArg === undefined ? DEV_SERVER_SQLITE_PRAGMAS : pragmaArg.split(',').filter(Boolean);
  if (pragmaArg !== undefined && server !== 'dev') throw new Error('--server-sqlite-pragma applies to the dev server only');
  return { mode, s, only, keep: a.includes('--keep'), proposed, proposedEnv, proposedWithoutSourceMap, growthVariant, server, store, serverPragmas, name: value('--name') };
}

function machine(cli: string) {
  const pkg = (name: string) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  let cliVersion = 'unknown';
  try {
    cliVersion = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `linux ${release()}`,
    node: process.version,
    temporalSdk: pkg('@temporalio/worker'),
    temporalCli: cliVersion,
    fastify: pkg('fastify'),
    betterSqlite3: pkg('better-sqlite3'),
    drizzle: pkg('drizzle-orm'),
    pg: pkg('pg'),
  };
}

async function main() {
  const { mode, s, only, keep, proposed, proposedEnv, proposedWithoutSourceMap, growthVariant, server: serverKind, store: storeKindArg, serverPragmas, name } = args();
  // The production server (PostgreSQL, mutual TLS) has no dev-server store to compare: no store stage.
  if (serverKind === 'production') s.storeMs = 0;
  // Each store's results are their own file (quick.json, quick-postgres.json): side by side, not mixed.
  const resultName = name ?? [mode, ...(serverKind === 'production' ? ['production'] : []), ...(storeKindArg === 'postgres' ? ['postgres'] : [])].join('-');
  const runs = (st: Stage) => (only ? only.includes(st) : st !== 'profile' || s.profileMs > 0) && (st !== 'store' || s.storeMs > 0 || !!only);
  if (only?.includes('store') && !s.storeMs) s.storeMs = 10_000;
  const t0 = Date.now();
  const log = (msg: string) => console.log(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(5)}s] ${msg}`);
  const dir = mkdtempSync(join(tmpdir(), 'escalate-bench-'));
  const outDir = join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const cli: string = ensureTemporalCli({ log: () => {} });
  const fresh = {
    mode,
    command: `node --import tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    // Settings from the environment that every process of the run inherits and that change what is measured.
    env: Object.fromEntries(['UPDATE_WAIT_MS', 'PREPARE_DECISIONS'].filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]])),
    argv: process.argv.slice(2),
    startedAt: new Date(t0).toISOString(),
    status: 'running',
    machine: { ...machine(cli), loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100) },
  };
  // `--only` re-measures some stages into the mode's last results, keeping the others (and says so).
  const previous = join(outDir, `${resultName}.json`);
  const results: Record<string, unknown> =
    only && existsSync(previous)
      ? { ...JSON.parse(readFileSync(previous, 'utf8')), status: 'running' }
      : fresh;
  if (results !== fresh) results.reruns = [...((results.reruns as unknown[]) ?? []), { stages: only, startedAt: fresh.startedAt, argv: fresh.argv, loadAverageAtStart: fresh.machine.loadAverageAtStart }];
  const save = () => {
    if (results === fresh) results.elapsedSeconds = Math.round((Date.now() - t0) / 1000);
    results.failedRequests = failedRequestsOf(results);
    results.targets = targetsOf(results);
    const json = JSON.stringify(results, null, 2) + '\n';
    const md = renderMarkdown(results);
    // A production-server run (or one named with --name) has its own file; `latest` stays the dev server's.
    for (const name of serverKind === 'production' || resultName !== mode ? [resultName] : ['latest', mode]) {
      writeFileSync(join(outDir, `${name}.json`), json);
      writeFileSync(join(outDir, `${name}.md`), md);
    }
  };
  log(`mode ${mode}; scratch folder ${dir}`);

  const cleanups = new Cleanups();
  // The case store: on PostgreSQL a durable cluster of this run's, stopped at the end (and on exit).
  let caseStore = 'SQLite, one file per data folder (DATA_DIR/cases.sqlite; WAL, synchronous = FULL), opened by each process';
  if (storeKindArg === 'postgres') {
    process.once('exit', stopStore);
    const cluster = (await useStore('postgres', log))!;
    const c = new pg.Client({ connectionString: cluster.url() });
    await c.connect();
    const version = (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v;
    const durable = (await c.query<{ f: string; s: string }>("select current_setting('fsync') as f, current_setting('synchronous_commit') as s")).rows[0];
    await c.end();
    caseStore = `PostgreSQL ${version} (a cluster of the run's own on this machine, loopback TCP, fsync ${durable?.f}, synchronous_commit ${durable?.s}; pg ${(results.machine as { pg?: string } | undefined)?.pg ?? ''}), a database per data folder, STORE_URL in every process; pool of 10 per process`;
    log(`case store: ${caseStore}`);
  }
  let adminTls: TLSConfig | undefined;
  let server: DevServer;
  let serverMetrics = '';
  if (serverKind === 'production') {
    // The topology of `npm run test:production`: PostgreSQL, the Temporal server with mutual TLS.
    const temporal = await startProductionTemporal({ tools: ensureProductionTools(log), dir, log, cleanups });
    // One certificate for every process of the bench (its worker, API, baseline worker and driver use
    // their own task queues and start workflows): the administrator's, which our server allows all.
    setRunEnv(temporal.clientEnv('admin'));
    adminTls = temporal.adminTls;
    server = { address: temporal.address, port: Number(temporal.address.split(':')[1]), uiPort: null, process: temporal.server.child, stop: () => cleanups.run() };
    log(`production server ${server.address} (PostgreSQL, mutual TLS)`);
  } else {
    const metricsPort = await freePort();
    // A proposed checkout may still write search attributes this one no longer has (an older `main`
    // to compare with): the server knows both sets, or its upserts would fail the workflow task.
    // (The dev server only: `--server production` registers ours alone, in setup-namespace.sh.)
    const proposedAttributes = proposed ? ((await import(pathToFileURL(join(resolve(proposed), 'workflows', 'definitions.ts')).href)) as { SEARCH_ATTRIBUTES?: Record<string, string> }).SEARCH_ATTRIBUTES : undefined;
    server = await startDevServer({ dbFile: join(dir, 'temporal.sqlite'), sqlitePragmas: serverPragmas, headless: true, logLevel: 'error', metricsPort, searchAttributes: proposedAttributes });
    serverMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    log(`dev server ${server.address} (SQLite file ${join(dir, 'temporal.sqlite')})`);
  }
  // A change being tried lives in another checkout (`--proposed <dir>`, e.g. a git worktree): its
  // workflows are bundled as the "proposed" variant and measured beside the current ones.
  const [current, baseline] = [await bundleTo(join(dir, 'bundle-current.js'), productionWorkflowsPath, undefined, [join(root, 'workflows', 'preload.ts')]), await bundleTo(join(dir, 'bundle-baseline.js'), benchWorkflowsPath)];
  const proposedBundle = proposed ? await bundleTo(join(dir, 'bundle-proposed.js'), join(resolve(proposed), 'workflows', 'index.ts'), undefined, [join(resolve(proposed), 'workflows', 'preload.ts')], resolve(proposed)) : null;
  if (proposedBundle && proposedWithoutSourceMap) withEmptySourceMap(proposedBundle);
  const facts = (f: string) => {
    const b = bundleFacts(f);
    return `${b.modules} modules, ${(b.bytes / 1e6).toFixed(2)} MB`;
  };
  log(`bundles built: current ${facts(current)}${proposedBundle ? `; proposed from ${proposed}${proposedWithoutSourceMap ? ', its source map emptied' : ''}, ${facts(proposedBundle)}` : ''}`);

  const baselineQueue = 'bench-baseline';
  const baselineMetrics = await freePort();
  const [currentStack, proposedStack, baselineWorker] = await Promise.all([
    (await startCaseStack({ name: 'current', dir, address: server.address, bundle: current })),
    proposedBundle ? (await startCaseStack({ name: 'proposed', dir, address: server.address, bundle: proposedBundle, checkout: proposed, env: proposedEnv })) : Promise.resolve(null),
    spawnNode('baseline-worker', 'bench/baseline-worker.ts', { TEMPORAL_ADDRESS: server.address, TASK_QUEUE: baselineQueue, WORKFLOW_BUNDLE: baseline, METRICS_PORT: String(baselineMetrics) }, { logDir: dir, ready: /baseline worker/ }),
  ]);
  // The edge knows the demo directory's tokens, as the case system's API does.
  const edgeStack = await startEdgeStack({ name: 'edge', dir, address: server.address, bundle: baseline, tokens: currentStack.tokens });
  const connection = await Connection.connect({ address: server.address, tls: adminTls });
  const client = new Client({ connection });
  const units = unitsOf(currentStack.tokens);
  const variants: Variant[] = [
    baselineVariant(client, baselineQueue, { worker: baselineWorker.pid }, `http://127.0.0.1:${baselineMetrics}/metrics`),
    caseVariant('edge', edgeStack.http, units, { worker: edgeStack.worker.pid, api: edgeStack.api.pid }, edgeStack.metrics.worker),
    caseVariant('current', currentStack.http, units, { worker: currentStack.worker.pid, api: currentStack.api.pid }, currentStack.metrics.worker),
  ];
  if (proposedStack) variants.push(caseVariant('proposed', proposedStack.http, units, { worker: proposedStack.worker.pid, api: proposedStack.api.pid }, proposedStack.metrics.worker));
  const ctx: Ctx = {
    mode,
    s,
    dir,
    server,
    serverMetrics,
    client,
    bundles: { current, proposed: proposedBundle, baseline },
    stacks: { current: currentStack, proposed: proposedStack, edge: edgeStack },
    proposedCheckout: proposed ? resolve(proposed) : null,
    baselineWorker,
    baselineQueue,
    variants,
    units,
    log,
  };
  const coldZero = await memoryPoint(ctx, 0);
  if (results !== fresh && results.settings) results.settings = { ...(results.settings as object), rerunWith: { ...s }, caseStore };
  else results.settings = {
    ...s,
    caseStore,
    server: serverKind === 'production'
      ? 'the Temporal server of npm run test:production (PostgreSQL 15 persistence and visibility, 4 history shards, mutual TLS), same machine'
      : 'dev server',
    devServer: serverKind === 'production' ? 'none (the production server)' : `temporal server start-dev --db-filename <scratch>/temporal.sqlite${serverPragmas.map((p) => ` --sqlite-pragma ${p}`).join('')} --headless (SQLite file, as npm start persists to data/temporal.sqlite); one server for every process of the run`,
    caseWorker: 'node --import tsx worker.ts (child process) with WORKFLOW_BUNDLE prebuilt from workflows/index.ts; SDK defaults (maxCachedWorkflows ' + defaultCacheSize() + ', 40 workflow task slots)',
    api: 'node --import tsx api/main.ts (child process), LOG_LEVEL info (as in production), measured over HTTP keep-alive from the bench process',
    baseline: 'the floor: bench/workflows/baseline.ts on its own worker process and task queue, driven with the Temporal client from the bench process: update-with-start + 5 Updates, no validator, no activity, no codec',
    edge: 'bare + edge: bench/edge/api.ts (fastify, bearer tokens from an in-memory map, JSON.stringify answers) in front of bench/workflows/edge.ts on its own worker (bench/baseline-worker.ts), both with the same AES-GCM payload codec as ours; the same request bodies over HTTP; a synchronous validator checks the holder',
    policy: 'default (working days on the official calendar) for the main stacks; item 3 uses tier 1 = a plain duration sized to the intake, reminders off',
    rateLimits: 'RATE_LIMIT_PUBLIC_PER_MINUTE and RATE_LIMIT_TOKEN_PER_MINUTE raised: every simulated requester calls from 127.0.0.1',
    proposed: proposed ?? null,
    // Which code ran: the bench's own tree and the proposed checkout, each with its commit.
    commits: { current: commitOf(root), ...(proposed ? { proposed: commitOf(resolve(proposed)) } : {}) },
    proposedEnv: Object.keys(proposedEnv).length ? proposedEnv : undefined,
    proposedWithoutSourceMap: proposedWithoutSourceMap || undefined,
  };
  save();

  const failures: Stage[] = [];
  const stage = async (st: Stage) => {
    if (st === 'overhead') results.overhead = await overhead(ctx);
    if (st === 'latency') results.latency = await latency(ctx);
    if (st === 'openloop') results.openloop = await openloop(ctx);
    if (st === 'evicted') results.evicted = await evicted(ctx);
    if (st === 'peak') results.peak = await peak(ctx);
    if (st === 'memory') results.memory = await memory(ctx);
    if (st === 'deadlines') results.deadlines = await deadlines(ctx);
    if (st === 'store') results.store = await store(ctx);
    if (st === 'reads') results.reads = await reads(ctx);
    if (st === 'profile') results.profile = await profiles(ctx);
    if (st === 'growth') {
      // `--growth-variant proposed` piles the cases up in the proposed bundle instead (kept apart).
      const key = growthVariant === 'proposed' ? 'growthProposed' : 'growth';
      const zero = growthVariant === 'proposed' ? await memoryPoint(ctx, 0, 'proposed') : coldZero;
      results[key] = await growth(
        ctx,
        zero,
        (partial) => {
          results[key] = partial;
          save();
        },
        growthVariant,
      );
    }
  };
  const stop = async () => {
    await Promise.all([currentStack.stop(), proposedStack?.stop(), edgeStack.stop(), baselineWorker.stop()]);
    await connection.close();
    await server.stop();
    stopStore();
  };
  try {
    for (const st of STAGES) {
      if (!runs(st)) continue;
      const ts = Date.now();
      log(`stage ${st}`);
      try {
        await stage(st);
      } catch (err) {
        // One stage failing (e.g. a file mid-edit when it starts a process) leaves the others to run.
        results[st] = { error: String((err as Error).stack ?? err).slice(0, 2000) };
        failures.push(st);
        log(`stage ${st} failed: ${(err as Error).message}`);
      }
      ((results.stageSeconds ??= {}) as Record<string, number>)[st] = Math.round((Date.now() - ts) / 1000);
      save();
    }
    results.status = failures.length ? `done; failed stages: ${failures.join(', ')}` : 'done';
  } catch (err) {
    results.status = `failed: ${(err as Error).stack ?? err}`;
    process.exitCode = 1;
  } finally {
    if (results === fresh) (results.machine as Record<string, unknown>).loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    save();
    await stop();
    if (!keep && !process.exitCode && !failures.length) rmSync(dir, { recursive: true, force: true });
    else log(`logs and profiles kept in ${dir}`);
  }
  log(`done: ${join(outDir, `${resultName}.md`)}`);
  console.log('\n' + readFileSync(join(outDir, `${resultName}.md`), 'utf8'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
