// Decisions on cases their worker no longer holds in memory: in production a decision comes days
// after the last one, and the worker has long evicted the case. Each variant gets workers of its own
// that cache only a few workflows (MAX_CACHED_WORKFLOWS); more cases than that are opened, so the
// oldest are pushed out of the cache by the newer ones (as in production, not by a restart). Then one
// escalation each: first on a few of the newest (still cached), then on the evicted ones. Temporal
// Core's own metrics count the cache misses, which prove the eviction.
import type { Ctx } from '../lib/context.js';
import { cpuMeter } from '../lib/context.js';
import { baselineVariant, caseVariant, closedLoop, newTimings, type Handle, type Variant } from '../lib/drivers.js';
import { cacheDelta, coreCache, tryScrape, type CoreCache } from '../lib/prom.js';
import { freePort } from '../../scripts/dev-server.js';
import { spawnNode, startCaseStack, startEdgeStack, type CaseStack, type Proc } from '../lib/stack.js';
import { ratio, round, summarize, type Summary } from '../lib/stats.js';

export interface EvictedFigures {
  opened: number;
  /** Decisions on cases still in the cache. */
  cached: Summary;
  /** Decisions on evicted cases. */
  evicted: Summary;
  /** Core's counters over the evicted decisions. */
  core: CoreCache;
  cpuMsPerEvictedDecision: Record<string, number>;
  failed: number;
  errors: string[];
}

export interface EvictedResult {
  cases: number;
  cache: number;
  concurrency: number;
  variants: Record<string, EvictedFigures>;
  p50Ratios: Record<string, number>;
}

interface Dedicated {
  v: Variant;
  stop(): Promise<void>;
}

async function dedicated(ctx: Ctx, name: Variant['name'], cache: number): Promise<Dedicated | null> {
  const env = { MAX_CACHED_WORKFLOWS: String(cache) };
  if (name === 'baseline') {
    const queue = 'bench-evicted-baseline';
    const port = await freePort();
    const w: Proc = await spawnNode('evicted-baseline-worker', 'bench/baseline-worker.ts', { TEMPORAL_ADDRESS: ctx.server.address, TASK_QUEUE: queue, WORKFLOW_BUNDLE: ctx.bundles.baseline, METRICS_PORT: String(port), ...env }, { logDir: ctx.dir, ready: /baseline worker/ });
    return { v: baselineVariant(ctx.client, queue, { worker: w.pid }, `http://127.0.0.1:${port}/metrics`), stop: () => w.stop() };
  }
  let st: CaseStack;
  if (name === 'edge') st = await startEdgeStack({ name: 'evicted-edge', dir: ctx.dir, address: ctx.server.address, bundle: ctx.bundles.baseline, tokens: ctx.stacks.current.tokens, env });
  else if (name === 'current') st = await startCaseStack({ name: 'evicted-current', dir: ctx.dir, address: ctx.server.address, bundle: ctx.bundles.current, env });
  else if (ctx.bundles.proposed && ctx.stacks.proposed) st = await startCaseStack({ name: 'evicted-proposed', dir: ctx.dir, address: ctx.server.address, bundle: ctx.bundles.proposed, checkout: ctx.proposedCheckout ?? undefined, env: { ...ctx.stacks.proposed.env, ...env } });
  else return null;
  return { v: caseVariant(name, st.http, ctx.units, { worker: st.worker.pid, api: st.api.pid }, st.metrics.worker), stop: () => st.stop() };
}

export async function evicted(ctx: Ctx): Promise<EvictedResult> {
  const { cases, cache, concurrency } = ctx.s.evicted;
  const variants: Record<string, EvictedFigures> = {};
  for (const name of ctx.variants.map((x) => x.name)) {
    const d = await dedicated(ctx, name, cache);
    if (!d) continue;
    try {
      const v = d.v;
      await closedLoop(4, { count: 4 }, (i) => v.lifecycle(i)); // warm: JIT, connections
      const handles: Handle[] = [];
      const opened = await closedLoop(8, { count: cases }, async (i) => {
        handles[i] = await v.open(i);
      });
      const all = handles.filter(Boolean);
      // The newest few are still cached; the oldest `all.length - cache` were pushed out.
      const hot = all.slice(-Math.max(1, Math.floor(cache / 2)));
      const cold = all.slice(0, Math.max(0, all.length - cache));
      const tHot = newTimings();
      const rHot = await closedLoop(concurrency, { count: hot.length }, (i) => v.decideOne(hot[i], 'escalate', tHot));
      await new Promise((r) => setTimeout(r, 500));
      const before = coreCache(await tryScrape(v.workerMetrics));
      const meter = cpuMeter({ server: ctx.server.process.pid!, ...v.pids });
      const tCold = newTimings();
      const rCold = await closedLoop(concurrency, { count: cold.length }, (i) => v.decideOne(cold[i], 'escalate', tCold));
      const cpu = meter();
      const after = coreCache(await tryScrape(v.workerMetrics));
      const n = tCold.decision.length || 1;
      const cpuMs = Object.fromEntries(Object.entries(cpu).map(([k, x]) => [k, round(x / n, 1)]));
      cpuMs.total = round(Object.values(cpuMs).reduce((a, b) => a + b, 0), 1);
      variants[name] = {
        opened: all.length,
        cached: summarize(tHot.decision),
        evicted: summarize(tCold.decision),
        core: cacheDelta(before, after),
        cpuMsPerEvictedDecision: cpuMs,
        failed: opened.failed + rHot.failed + rCold.failed,
        errors: [...opened.errors, ...rHot.errors, ...rCold.errors].slice(0, 3),
      };
      ctx.log(`evicted ${name}: cached p50 ${variants[name].cached.p50} ms; evicted p50 ${variants[name].evicted.p50} / p99 ${variants[name].evicted.p99} ms, ${variants[name].core.misses} cache misses for ${cold.length} decisions`);
      await closedLoop(8, { count: all.length }, (i) => v.discard(all[i]).catch(() => undefined));
    } finally {
      await d.stop();
    }
  }
  const p50Ratios: Record<string, number> = {};
  for (const [a, b] of [['current', 'baseline'], ['current', 'edge'], ['edge', 'baseline'], ['proposed', 'current']]) {
    if (variants[a] && variants[b]) p50Ratios[`${a}/${b}`] = ratio(variants[a].evicted.p50, variants[b].evicted.p50);
  }
  return { cases, cache, concurrency, variants, p50Ratios };
}
