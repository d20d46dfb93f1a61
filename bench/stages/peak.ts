// The 17:30 peak: every working-day window closes at 17:30 Beijing, so the windows opened on one day
// all end at one instant. The bench cannot wait for 17:30, and intake cannot open 1,000 windows within
// a second, so it opens them with a plain duration sized to the intake, then freezes the Temporal
// server (SIGSTOP) just before the first of them ends and lets it go (SIGCONT) just after the last:
// from the worker's side every window ended at that instant, and the server fires every timer at
// once. The worker stays up with its cache, as on a working day. Lateness is how long after that
// instant each case had escalated in the read model; Core's metrics say how many lapses missed the cache.
// The floor is measured the same way right after: as many bare timers ending at one instant, the
// server frozen across it, their worker up and warm. It says what this machine's Temporal can do at
// all, so the case system's lateness is read against it, as every other figure is.
import type { Ctx } from '../lib/context.js';
import { caseLifecycle, closedLoop, intakeCounts, intake, untilAssigned, type OpenCase } from '../lib/drivers.js';
import { cacheDelta, coreCache, tryScrape, type CoreCache } from '../lib/prom.js';
import { spawnNode, startCaseStack } from '../lib/stack.js';
import { assignedDeadlines, lapsedSteps, openBenchStore } from '../lib/store.js';
import { round, summarize, type Summary } from '../lib/stats.js';
import type { DeadlinesResult } from './deadlines.js';
import { baselineDeadlineWorkflow } from '../workflows/baseline.js';

/** The floor at the same instant: bare timers, one state change each (the workflow closes). */
export interface PeakFloor {
  workflows: number;
  frozenSeconds: number;
  /** The instant to the last workflow closed (server clock). */
  drainSeconds: number;
  timersPerSecond: number;
  /** Closed, seconds after the instant. */
  lateAfterInstant: Summary;
  missing: number;
}

/** As the deadlines stage counts them: cases, intake, the windows' span, the drain. */
export interface PeakResult extends Pick<DeadlinesResult, 'cases' | 'opened' | 'failedIntakes' | 'pendingIntakes' | 'windowSeconds' | 'intakeSeconds' | 'deadlineSpanSeconds' | 'drainSeconds' | 'escalationsPerSecond'> {
  frozenSeconds: number;
  /** Escalated before the freeze (their window ended before it began): not counted in the lateness. */
  escalatedBeforeFreeze: number;
  /** Escalated in the read model, seconds after the instant every window had ended. */
  lateAfterInstant: Summary;
  /** The workflow's own lapse step, seconds after that instant. */
  workflowActed: Summary;
  core: CoreCache;
  missing: number;
  /** The same instant on bare Temporal, measured right after. */
  floor?: PeakFloor | { error: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Freeze the Temporal server from `from` to `to` (epoch ms); resolves with the instant it is let go. */
async function freezeAcross(ctx: Ctx, from: number, to: number): Promise<{ frozenAt: number; instant: number }> {
  const server = ctx.server.process;
  await sleep(from - Date.now());
  process.kill(server.pid!, 'SIGSTOP');
  const frozenAt = Date.now();
  try {
    await sleep(to - Date.now());
  } finally {
    process.kill(server.pid!, 'SIGCONT');
  }
  return { frozenAt, instant: Date.now() };
}

/**
 * `n` bare workflows whose timers end at one instant, on a worker of their own that started them
 * (so it caches them, as the case worker does its cases), the server frozen across that instant as
 * for the cases. Visibility says when the last has closed; one count a second keeps the polling
 * out of the way of the drain it measures.
 */
export async function peakFloor(ctx: Ctx, n: number): Promise<PeakFloor> {
  const taskQueue = `bench-peak-floor-${Date.now()}`;
  const env = { TEMPORAL_ADDRESS: ctx.server.address, TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE: ctx.bundles.baseline };
  const worker = await spawnNode('peak-floor-worker', 'bench/baseline-worker.ts', env, { logDir: ctx.dir, ready: /baseline worker/ });
  try {
    // Starts take a few ms each here: the instant comes well after the last has set its timer.
    const dueAt = Date.now() + Math.max(15_000, n * 30);
    const ids = Array.from({ length: n }, (_, i) => `${taskQueue}-${i}`);
    await closedLoop(16, { count: n }, async (i) => {
      await ctx.client.workflow.start(baselineDeadlineWorkflow, { workflowId: ids[i], taskQueue, args: [new Date(dueAt).toISOString()] });
    });
    const { frozenAt, instant } = await freezeAcross(ctx, dueAt - 1500, dueAt + 500);
    const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;
    const until = instant + 10 * 60_000;
    while ((await ctx.client.workflow.count(query)).count > 0 && Date.now() < until) await sleep(1000);
    const closed: number[] = [];
    for await (const w of ctx.client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'` })) {
      if (w.closeTime) closed.push(w.closeTime.getTime());
    }
    const drain = closed.length ? (Math.max(...closed) - instant) / 1000 : 0;
    return {
      workflows: n,
      frozenSeconds: round((instant - frozenAt) / 1000),
      drainSeconds: round(drain),
      timersPerSecond: round(closed.length / (drain || 1), 1),
      lateAfterInstant: summarize(closed.map((t) => t - instant)),
      missing: n - closed.length,
    };
  } finally {
    await worker.stop();
  }
}

export async function peak(ctx: Ctx): Promise<PeakResult> {
  const n = ctx.s.peak.cases;
  const main = ctx.variants.find((v) => v.name === 'current')!;
  // How fast intake is now, to size the window so that intake ends before the first window does.
  const probe: OpenCase[] = [];
  const t0 = Date.now();
  await closedLoop(16, { count: Math.min(32, n) }, async (i) => {
    probe.push((await main.open(i)) as OpenCase);
  });
  const perCase = (Date.now() - t0) / probe.length;
  await closedLoop(16, { count: probe.length }, (i) => main.discard(probe[i]));
  const windowSeconds = Math.ceil((perCase * n * 1.6 + 15_000) / 1000);
  const policy = { tiers: { '1': { duration: `${windowSeconds}s` }, '2': { duration: '1h' }, '3': { duration: '1h' }, '4': { duration: '1h' }, city: { duration: '1h' } }, reminderAt: 0 };
  const stack = await startCaseStack({ name: 'peak', dir: ctx.dir, address: ctx.server.address, bundle: ctx.bundles.current, policy });
  let stopped = false;
  try {
    await closedLoop(4, { count: 4 }, (i) => caseLifecycle(stack.http, ctx.units[i % ctx.units.length])); // the new worker warm
    const opened: OpenCase[] = [];
    const tIntake = Date.now();
    const pending0 = intakeCounts.pending;
    const res = await closedLoop(16, { count: n }, async (i) => {
      opened.push(await intake(stack.http, ctx.units[i % ctx.units.length]));
    });
    // A case taken in with 202 gets its deadline from its workflow, later: wait for it before reading deadlines.
    await closedLoop(16, { count: opened.length }, (i) => untilAssigned(stack.http, opened[i]));
    const intakeSeconds = (Date.now() - tIntake) / 1000;
    // Read through the seam: the SQLite file, or the stack's database on PostgreSQL.
    const db = await openBenchStore(stack.dataDir);
    const ids = opened.map((c) => c.id);
    const deadlines = await assignedDeadlines(db, ids);
    const lapsed = () => lapsedSteps(db, ids);
    const first = Math.min(...deadlines);
    const last = Math.max(...deadlines);
    await sleep(first - 1500 - Date.now());
    const before = (await lapsed()).length;
    const cache0 = coreCache(await tryScrape(stack.metrics.worker));
    ctx.log(`peak: ${opened.length} windows (${round(intakeSeconds)} s of intake); server frozen for ${round((last + 500 - Date.now()) / 1000)} s while they end`);
    const { frozenAt, instant } = await freezeAcross(ctx, Date.now(), last + 500);
    const until = instant + 10 * 60_000;
    let rows = await lapsed();
    while (rows.filter((r) => r.tier !== '1').length < opened.length && Date.now() < until) {
      await sleep(250);
      rows = await lapsed();
    }
    await db.close();
    const cache1 = coreCache(await tryScrape(stack.metrics.worker));
    const done = rows.filter((r) => r.tier !== '1' && Date.parse(r.visible) >= frozenAt);
    const late = done.map((r) => Date.parse(r.visible) - instant);
    const acted = done.map((r) => Date.parse(r.at) - instant);
    const drain = (Math.max(...done.map((r) => Date.parse(r.visible))) - instant) / 1000;
    await stack.stop();
    stopped = true;
    let floor: PeakFloor | { error: string };
    try {
      floor = await peakFloor(ctx, n);
      ctx.log(`peak: the floor's ${floor.workflows} bare timers closed p99 ${round(floor.lateAfterInstant.p99 / 1000)} s after the instant`);
    } catch (err) {
      floor = { error: String((err as Error).message ?? err) };
    }
    return {
      cases: n,
      opened: opened.length,
      failedIntakes: res.failed,
      pendingIntakes: intakeCounts.pending - pending0,
      windowSeconds,
      intakeSeconds: round(intakeSeconds),
      deadlineSpanSeconds: round((last - first) / 1000),
      frozenSeconds: round((instant - frozenAt) / 1000),
      escalatedBeforeFreeze: before,
      drainSeconds: round(drain),
      escalationsPerSecond: round(done.length / (drain || 1), 1),
      lateAfterInstant: summarize(late),
      workflowActed: summarize(acted),
      core: cacheDelta(cache0, cache1),
      missing: opened.length - before - done.length,
      floor,
    };
  } finally {
    if (!stopped) await stack.stop();
  }
}
