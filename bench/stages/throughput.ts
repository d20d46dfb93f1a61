// Items 1 and 2: whole lifecycles per second against the baseline at several concurrency levels, and
// decision latency with N officers deciding at once. Variants take turns in short rounds (the order
// rotating each round) so drift in the machine's load falls on all of them alike.
import { anatomyOf, type Anatomy } from '../lib/anatomy.js';
import { cpuMeter, type Ctx } from '../lib/context.js';
import { closedLoop, newTimings, type Handle, type Timings, type Variant } from '../lib/drivers.js';
import { ratio, round, summarize, type Summary } from '../lib/stats.js';
import { tryScrape, visibilityWrites } from '../lib/prom.js';

export interface RunFigures {
  lifecycles: number;
  failed: number;
  seconds: number;
  perSecond: number;
  /** CPU ms per lifecycle: the shared server, the variant's own processes, the load generator. */
  cpuMsPerLifecycle: Record<string, number>;
  /** Writes to the server's visibility store per lifecycle (its own metrics: starts, upserts, closes). */
  visibilityWritesPerLifecycle: number;
  intake: Summary;
  decision: Summary;
  rating: Summary;
  errors: string[];
}

export interface Acc {
  done: number;
  failed: number;
  ms: number;
  cpu: Record<string, number>;
  visibilityWrites: number;
  t: Timings;
  errors: string[];
}
export const newAcc = (): Acc => ({ done: 0, failed: 0, ms: 0, cpu: {}, visibilityWrites: 0, t: newTimings(), errors: [] });

export function rotate<T>(xs: T[], by: number): T[] {
  const k = by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

/** One timed round of lifecycles for one variant, added to its accumulator. */
export async function lifecycleRound(ctx: Ctx, v: Variant, concurrency: number, ms: number, acc: Acc): Promise<void> {
  const meter = cpuMeter({ server: ctx.server.process.pid!, ...v.pids });
  const vis0 = visibilityWrites(await tryScrape(ctx.serverMetrics));
  const r = await closedLoop(concurrency, { stopAfterMs: ms }, (i) => v.lifecycle(i, acc.t));
  const cpu = meter();
  // Visibility tasks run after the history write: a moment for the last ones to land.
  await new Promise((res) => setTimeout(res, 1000));
  acc.visibilityWrites += visibilityWrites(await tryScrape(ctx.serverMetrics)) - vis0;
  acc.done += r.done;
  acc.failed += r.failed;
  acc.ms += r.elapsedMs;
  for (const [k, x] of Object.entries(cpu)) acc.cpu[k] = (acc.cpu[k] ?? 0) + x;
  acc.errors.push(...r.errors.slice(0, 3 - acc.errors.length));
}

export function figures(acc: Acc): RunFigures {
  const per = (x: number) => round(x / (acc.done || 1), 0);
  const cpu = Object.fromEntries(Object.entries(acc.cpu).map(([k, x]) => [k, per(x)]));
  cpu.total = Object.values(cpu).reduce((a, b) => a + b, 0);
  return {
    lifecycles: acc.done,
    failed: acc.failed,
    seconds: round(acc.ms / 1000),
    perSecond: round(acc.done / (acc.ms / 1000), 2),
    cpuMsPerLifecycle: cpu,
    visibilityWritesPerLifecycle: round(acc.visibilityWrites / (acc.done || 1), 2),
    intake: summarize(acc.t.intake),
    decision: summarize(acc.t.decision),
    rating: summarize(acc.t.rating),
    errors: acc.errors,
  };
}

export interface OverheadLevel {
  concurrency: number;
  variants: Record<string, RunFigures>;
  /** Throughput ratios, and the same from CPU spent per lifecycle (what the machine would give with the cores to itself). */
  ratios: Record<string, { throughput: number; cpu: number }>;
}

export function ratiosOf(v: Record<string, RunFigures>): OverheadLevel['ratios'] {
  const out: OverheadLevel['ratios'] = {};
  const pair = (a: string, b: string) => {
    if (!v[a] || !v[b]) return;
    out[`${a}/${b}`] = { throughput: ratio(v[a].perSecond, v[b].perSecond), cpu: ratio(v[b].cpuMsPerLifecycle.total, v[a].cpuMsPerLifecycle.total) };
  };
  pair('current', 'baseline');
  pair('current', 'edge');
  pair('edge', 'baseline');
  pair('proposed', 'baseline');
  pair('proposed', 'edge');
  pair('proposed', 'current');
  return out;
}

export async function overhead(ctx: Ctx): Promise<OverheadLevel[]> {
  const { levels, roundMs, rounds } = ctx.s.overhead;
  // Warm-up: JIT, connections, the workers' first bundles and caches.
  for (const v of ctx.variants) await closedLoop(4, { count: 8 }, (i) => v.lifecycle(i));
  const out: OverheadLevel[] = [];
  for (const c of levels) {
    const accs: Record<string, Acc> = Object.fromEntries(ctx.variants.map((v) => [v.name, newAcc()]));
    for (let r = 0; r < rounds; r++) {
      for (const v of rotate(ctx.variants, r)) {
        await lifecycleRound(ctx, v, c, roundMs, accs[v.name]);
        ctx.log(`overhead c=${c} round ${r + 1}/${rounds} ${v.name}: ${accs[v.name].done} lifecycles so far`);
      }
    }
    const variants = Object.fromEntries(Object.entries(accs).map(([k, a]) => [k, figures(a)]));
    out.push({ concurrency: c, variants, ratios: ratiosOf(variants) });
    ctx.log(`overhead c=${c}: ${Object.entries(variants).map(([k, f]) => `${k} ${f.perSecond}/s`).join(', ')}`);
  }
  return out;
}

export interface LatencyLevel {
  officers: number;
  /** Decision latency (request to answer); for the baseline, its Update's. */
  variants: Record<string, Summary & { failed: number; errors: string[] }>;
  p50Ratios: Record<string, number>;
}

export interface LatencyResult {
  levels: LatencyLevel[];
  /** Where an Update's time goes, from the histories of sampled lifecycles (at 10 officers). */
  anatomy: Record<string, Anatomy | null>;
}

export async function latency(ctx: Ctx): Promise<LatencyResult> {
  const { officers, decisions, perOfficer, rounds } = ctx.s.latency;
  const levels: LatencyLevel[] = [];
  const samples: Record<string, string[]> = {};
  for (const n of officers) {
    const lat: Record<string, number[]> = {};
    const fails: Record<string, { failed: number; errors: string[] }> = {};
    const cases = Math.max(1, Math.ceil(Math.min(decisions, perOfficer * n) / rounds / 4));
    for (let r = 0; r < rounds; r++) {
      for (const v of rotate(ctx.variants, r)) {
        // Cases to decide on, opened beforehand (not timed).
        const handles: Handle[] = [];
        await closedLoop(Math.min(n, 16), { count: cases }, async (i) => {
          handles[i] = await v.open(i);
        });
        const ready = handles.filter(Boolean);
        const t = newTimings();
        const res = await closedLoop(n, { count: ready.length }, (i) => v.decide(ready[i], t));
        (lat[v.name] ??= []).push(...t.decision);
        const f = (fails[v.name] ??= { failed: 0, errors: [] });
        f.failed += res.failed + (cases - ready.length);
        f.errors.push(...res.errors.slice(0, 3));
        // Closed again, so the memory stage starts from no open case.
        await closedLoop(Math.min(n, 16), { count: ready.length }, (i) => v.close(ready[i]));
        if (n === (officers.find((x) => x >= 10) ?? officers[0])) (samples[v.name] ??= []).push(...ready.slice(0, 10).map((h) => v.workflowId(h)));
        ctx.log(`latency ${n} officers round ${r + 1}/${rounds} ${v.name}: ${t.decision.length} decisions, p50 ${summarize(t.decision).p50} ms`);
      }
    }
    const variants = Object.fromEntries(Object.entries(lat).map(([k, xs]) => [k, { ...summarize(xs), ...fails[k] }]));
    const p50Ratios: Record<string, number> = {};
    if (variants.current && variants.baseline) p50Ratios['current/baseline'] = ratio(variants.current.p50, variants.baseline.p50);
    if (variants.current && variants.edge) p50Ratios['current/edge'] = ratio(variants.current.p50, variants.edge.p50);
    if (variants.proposed && variants.baseline) p50Ratios['proposed/baseline'] = ratio(variants.proposed.p50, variants.baseline.p50);
    if (variants.proposed && variants.current) p50Ratios['proposed/current'] = ratio(variants.proposed.p50, variants.current.p50);
    levels.push({ officers: n, variants, p50Ratios });
  }
  const anatomy: Record<string, Anatomy | null> = {};
  for (const [name, ids] of Object.entries(samples)) anatomy[name] = await anatomyOf(ctx.client, ids.slice(0, 20));
  return { levels, anatomy };
}
