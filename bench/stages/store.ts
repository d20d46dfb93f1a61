// Where the dev server's own store is the ceiling: the same baseline and case system against a second
// dev server that keeps its SQLite database in memory (no file, no fsync), side by side with the
// file-backed one the rest of the run uses. First, the case store's own cost: the store call measured
// alone (bench/lib/store-call.ts) on the run's store, and, when that is PostgreSQL, on a SQLite file in
// the same rounds.
import { join } from 'node:path';
import { openStore } from '../../db/client.js';
import { storeCallCost, withDirectory, type StoreCallFigures } from '../lib/store-call.js';
import { openBenchStore, storeKind } from '../lib/store.js';
import { startDevServer } from '../../scripts/dev-server.js';
import type { Ctx } from '../lib/context.js';
import { baselineVariant, caseVariant, type Variant } from '../lib/drivers.js';
import { spawnNode, startCaseStack } from '../lib/stack.js';
import { figures, lifecycleRound, newAcc, rotate, type RunFigures } from './throughput.js';
import { Client, Connection } from '@temporalio/client';

export interface StoreResult {
  /** The case store the run's stacks use (`--store`). */
  caseStore: 'sqlite' | 'postgres';
  /** One store call (a job: look-ups, steps, read model, outbox, one transaction), by store. */
  storeCall?: Record<string, StoreCallFigures> | { error: string };
  concurrency: number;
  /** `<variant>@file` and `<variant>@memory`. */
  runs: Record<string, RunFigures>;
}

export async function store(ctx: Ctx): Promise<StoreResult> {
  let storeCall: StoreResult['storeCall'];
  try {
    storeCall = await storeCalls(ctx);
  } catch (err) {
    storeCall = { error: String((err as Error).stack ?? err).slice(0, 2000) };
    ctx.log(`store: the store call measure failed: ${(err as Error).message}`);
  }
  const mem = await startDevServer({ headless: true, logLevel: 'error' });
  const memBaseline = await spawnNode('store-baseline-worker', 'bench/baseline-worker.ts', { TEMPORAL_ADDRESS: mem.address, TASK_QUEUE: ctx.baselineQueue, WORKFLOW_BUNDLE: ctx.bundles.baseline }, { logDir: ctx.dir, ready: /baseline worker/ });
  const memStack = await startCaseStack({ name: 'store-mem', dir: ctx.dir, address: mem.address, bundle: ctx.bundles.current });
  const connection = await Connection.connect({ address: mem.address });
  const memClient = new Client({ connection });
  const memCtx = { ...ctx, server: mem };
  const runs: { key: string; v: Variant; c: Ctx }[] = [
    { key: 'baseline@file', v: ctx.variants.find((v) => v.name === 'baseline')!, c: ctx },
    { key: 'baseline@memory', v: baselineVariant(memClient, ctx.baselineQueue, { worker: memBaseline.pid }), c: memCtx },
    { key: 'current@file', v: ctx.variants.find((v) => v.name === 'current')!, c: ctx },
    { key: 'current@memory', v: caseVariant('current', memStack.http, ctx.units, { worker: memStack.worker.pid, api: memStack.api.pid }), c: memCtx },
  ];
  const concurrency = 8;
  for (const r of runs) await r.v.lifecycle(0); // warm
  const accs = Object.fromEntries(runs.map((r) => [r.key, newAcc()]));
  for (let round = 0; round < 2; round++) {
    for (const r of rotate(runs, round)) await lifecycleRound(r.c, r.v, concurrency, ctx.s.storeMs / 2, accs[r.key]);
  }
  await memStack.stop();
  await memBaseline.stop();
  await connection.close();
  await mem.stop();
  ctx.log(`store: ${Object.entries(accs).map(([k, a]) => `${k} ${(a.done / (a.ms / 1000)).toFixed(2)}/s`).join(', ')}`);
  return { caseStore: storeKind(), storeCall, concurrency, runs: Object.fromEntries(Object.entries(accs).map(([k, a]) => [k, figures(a)])) };
}

async function storeCalls(ctx: Ctx): Promise<Record<string, StoreCallFigures>> {
  const stores = [{ name: storeKind(), db: await withDirectory(await openBenchStore(join(ctx.dir, 'store-call-data'))) }];
  // On PostgreSQL, SQLite beside it in the same rounds: the comparison the store's move asks for.
  if (storeKind() === 'postgres') stores.push({ name: 'sqlite', db: await withDirectory(await openStore({ dataDir: join(ctx.dir, 'store-call-sqlite') })) });
  try {
    const cases = Math.max(100, Math.round(ctx.s.storeMs / 50));
    const out = await storeCallCost(stores, cases);
    ctx.log(`store call: ${Object.entries(out).map(([k, f]) => `${k} p50 ${f.msPerJob.p50} ms, CPU ${f.cpuMsPerJob.total} ms per call`).join('; ')}`);
    return out;
  } finally {
    for (const s of stores) await s.db.close();
  }
}
