// Items 5 and 6: open cases pile up in the system (intake through the API, left at tier 1 under the
// default working-day policy); at each level, the worker's resident memory, then lifecycles per second
// (case system and baseline, side by side) and decisions on old cases, which the worker may have
// evicted from its cache and must replay.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { Ctx } from '../lib/context.js';
import { closedLoop, intakeCounts, decide, ESCALATE, intake, newTimings, type OpenCase } from '../lib/drivers.js';
import { rssKiB, threadCpuMs } from '../lib/stack.js';
import { confirmationWaits, openBenchStore, storeMiB } from '../lib/store.js';
import { ratio, round, summarize, type Summary } from '../lib/stats.js';
import { steadyRss } from './memory.js';
import { figures, lifecycleRound, newAcc, rotate, type RunFigures } from './throughput.js';
import { cacheDelta, coreCache, tryScrape, type CoreCache } from '../lib/prom.js';

export interface MemoryPoint {
  open: number;
  workerRssMiB: number;
  apiRssMiB: number;
  serverRssMiB: number;
  temporalDbMiB: number;
  readModelMiB: number;
}

export interface GrowthLevel {
  open: number;
  failedIntakes: number;
  /** Intakes answered 202 (taken in, first assignee set later): not failures, reported beside them. */
  pendingIntakes: number;
  /** The first few failures, as the API answered them. */
  errors: string[];
  fillSeconds: number;
  memory: MemoryPoint;
  /** (worker RSS here − with no open case) / open cases, and / cached cases. */
  perOpenCaseKiB: number;
  perCachedCaseKiB: number;
  lifecycles: Record<string, RunFigures>;
  throughputRatio: number;
  /**
   * The case worker's CPU by thread during the lifecycle rounds (ms, busiest first). tid = pid is the
   * main JS thread (tid shown relative to the pid: 0); the four "node" threads started right after it are V8's platform workers, where
   * concurrent garbage collection runs; the busiest other "node" thread is the workflow thread.
   */
  workerThreads: { tid: number; comm: string; ms: number }[];
  /** Decisions on new cases: those of the lifecycle rounds at this level (current or proposed). */
  newCaseDecision: Summary;
  /** An escalation on a case opened long before (maybe evicted from the worker's cache). */
  oldCaseDecision: Summary & { failed: number };
  /** Core's counters over the old-case decisions: misses say how many were evicted. */
  oldCaseCore: CoreCache;
  /**
   * The store jobs written since the last level (the intakes of this one, then its lifecycles): how
   * long each waited for its workflow's confirmation, which its notices wait for too, and how many
   * still waited just before the old-case decisions.
   */
  confirmation: { waits: Summary; unconfirmed: number };
}

export interface GrowthResult {
  /** Which system the cases piled up in: the code as it is, or the proposed bundle. */
  variant: 'current' | 'proposed';
  /** Set when the case worker died while cases piled up (e.g. out of memory): its exit and last output. */
  workerDied?: { atOpen: number; exit: string; logTail: string };
  /** The SDK's default maxCachedWorkflows for this heap (reuseV8Context): (heap MiB − 200) × 600 / 1024. */
  cacheSize: number;
  zero: { cold: MemoryPoint; warm: MemoryPoint };
  /** Worker RSS as cases were opened. */
  series: { open: number; workerRssMiB: number }[];
  levels: GrowthLevel[];
}

const mib = (kib: number) => round(kib / 1024, 1);
const fileMiB = (f: string) => {
  let bytes = 0;
  for (const x of [f, `${f}-wal`]) {
    try {
      bytes += statSync(x).size;
    } catch {
      // no WAL
    }
  }
  return round(bytes / 2 ** 20, 1);
};

export function defaultCacheSize(): number {
  const heapMiB = getHeapStatistics().heap_size_limit / 2 ** 20;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}

export async function memoryPoint(ctx: Ctx, open: number, which: 'current' | 'proposed' = 'current'): Promise<MemoryPoint> {
  const st = ctx.stacks[which]!;
  return {
    open,
    workerRssMiB: mib(await steadyRss(st.worker.pid)),
    apiRssMiB: mib(rssKiB(st.api.pid)),
    serverRssMiB: mib(rssKiB(ctx.server.process.pid!)),
    temporalDbMiB: fileMiB(join(ctx.dir, 'temporal.sqlite')),
    readModelMiB: await storeMiB(st.dataDir),
  };
}

/** `onLevel` gets the result so far after each level (a long run saves as it goes). */
export async function growth(ctx: Ctx, coldZero: MemoryPoint, onLevel: (partial: GrowthResult) => void = () => {}, variant: 'current' | 'proposed' = 'current'): Promise<GrowthResult> {
  const { levels, roundMs, concurrency, oldDecisions } = ctx.s.growth;
  const cacheSize = defaultCacheSize();
  const st = ctx.stacks[variant];
  if (!st) throw new Error(`no ${variant} stack in this run`);
  const warm = await memoryPoint(ctx, 0, variant);
  ctx.log(`memory: worker ${warm.workerRssMiB} MiB with no open case (warm; ${coldZero.workerRssMiB} MiB right after start); cache holds ${cacheSize} workflows`);
  const opened: OpenCase[] = [];
  const series: GrowthResult['series'] = [{ open: 0, workerRssMiB: warm.workerRssMiB }];
  const out: GrowthLevel[] = [];
  let oldCursor = 0;
  const vs = ctx.variants.filter((v) => v.name === 'baseline' || v.name === 'edge' || v.name === variant);
  for (const level of levels) {
    const need = level - opened.length;
    const every = Math.max(50, Math.round(level / 20));
    const t0 = Date.now();
    const since = new Date(t0).toISOString();
    const dead = () => st.worker.child.exitCode !== null || st.worker.child.signalCode !== null;
    const pending0 = intakeCounts.pending;
    const res = await closedLoop(16, { count: need, abort: dead }, async (i) => {
      opened.push(await intake(st.http, ctx.units[i % ctx.units.length]));
      if (opened.length % every === 0) {
        series.push({ open: opened.length, workerRssMiB: mib(rssKiB(st.worker.pid)) });
        if (opened.length % (every * 4) === 0) ctx.log(`growth: ${opened.length} open cases, worker ${series[series.length - 1].workerRssMiB} MiB`);
      }
    });
    const fillSeconds = round((Date.now() - t0) / 1000);
    if (dead()) {
      const log = readFileSync(st.worker.logFile, 'utf8');
      const workerDied = { atOpen: opened.length, exit: String(st.worker.child.exitCode ?? st.worker.child.signalCode), logTail: log.slice(-3000) };
      ctx.log(`growth: the case worker died with ${opened.length} open cases (${workerDied.exit}); see ${st.worker.logFile}`);
      return { variant, cacheSize, zero: { cold: coldZero, warm }, series, levels: out, workerDied };
    }
    await new Promise((r) => setTimeout(r, 3000));
    const memory = await memoryPoint(ctx, opened.length, variant);
    series.push({ open: opened.length, workerRssMiB: memory.workerRssMiB });
    const delta = (memory.workerRssMiB - warm.workerRssMiB) * 1024;
    // Side by side at this level: lifecycles of the case system and of the baseline.
    const accs = Object.fromEntries(vs.map((v) => [v.name, newAcc()]));
    const threadsBefore = threadCpuMs(st.worker.pid);
    for (let r = 0; r < 2; r++) for (const v of rotate(vs, r)) await lifecycleRound(ctx, v, concurrency, roundMs / 2, accs[v.name]);
    const workerThreads = [...threadCpuMs(st.worker.pid)]
      .map(([tid, t]) => ({ tid: tid - st.worker.pid, comm: t.comm, ms: Math.round(t.ms - (threadsBefore.get(tid)?.ms ?? 0)) }))
      .filter((t) => t.ms > 0)
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    const lifecycles = Object.fromEntries(Object.entries(accs).map(([k, a]) => [k, figures(a)]));
    // Old cases: the earliest opened that no decision has touched yet, escalated once each (they stay open).
    const store = await openBenchStore(st.dataDir);
    const waits = await confirmationWaits(store, since).finally(() => store.close());
    const confirmation = { waits: summarize(waits.waits), unconfirmed: waits.unconfirmed };
    const old = opened.slice(oldCursor, oldCursor + oldDecisions);
    oldCursor += old.length;
    const t = newTimings();
    const core0 = coreCache(await tryScrape(st.metrics.worker));
    const oldRes = await closedLoop(10, { count: old.length }, (i) => decide(st.http, old[i], ESCALATE, t));
    const oldCaseCore = cacheDelta(core0, coreCache(await tryScrape(st.metrics.worker)));
    out.push({
      open: opened.length,
      failedIntakes: res.failed,
      pendingIntakes: intakeCounts.pending - pending0,
      errors: res.errors.slice(0, 3),
      fillSeconds,
      memory,
      perOpenCaseKiB: round(delta / opened.length, 1),
      perCachedCaseKiB: round(delta / Math.min(opened.length, cacheSize), 1),
      lifecycles,
      workerThreads,
      throughputRatio: ratio(lifecycles[variant].perSecond, lifecycles.baseline.perSecond),
      newCaseDecision: lifecycles[variant].decision,
      oldCaseDecision: { ...summarize(t.decision), failed: oldRes.failed },
      oldCaseCore,
      confirmation,
    });
    onLevel({ variant, cacheSize, zero: { cold: coldZero, warm }, series, levels: out });
    ctx.log(
      `growth ${opened.length} open: worker ${memory.workerRssMiB} MiB, temporal db ${memory.temporalDbMiB} MiB; ${variant} ${lifecycles[variant].perSecond}/s vs edge ${lifecycles.edge?.perSecond}/s vs floor ${lifecycles.baseline.perSecond}/s; old-case decision p50 ${summarize(t.decision).p50} / p99 ${summarize(t.decision).p99} ms (${oldCaseCore.misses} cache misses); jobs confirmed p50 ${confirmation.waits.p50} / p99 ${confirmation.waits.p99} ms after they were written, ${confirmation.unconfirmed} still waiting`,
    );
  }
  return { variant, cacheSize, zero: { cold: coldZero, warm }, series, levels: out };
}
