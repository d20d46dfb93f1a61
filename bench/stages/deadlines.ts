// Item 3: many open cases whose tier-1 windows are all due at once, as working-day deadlines are in
// production (every window opened on one working day closes at 17:30 Beijing of the next). Intake
// cannot open 1,000 windows within a minute on this machine, so the run opens them with a short plain
// duration, holds the worker back until every one is due, then lets it go: the measure is how long
// after each deadline (or after the release, for those that fell due while it was held) the case had
// escalated in the read model. The worker let go is a new process with an empty cache, so each lapse
// first replays its case's short history, as after a restart at 17:30: the worse case.
import type { Ctx } from '../lib/context.js';
import { closedLoop, intakeCounts, intake, untilAssigned, type OpenCase } from '../lib/drivers.js';
import { spawnNode, startCaseStack } from '../lib/stack.js';
import { assignedDeadlines, lapsedSteps as lapsedOf, openBenchStore } from '../lib/store.js';
import { round, summarize, type Summary } from '../lib/stats.js';
import { baselineDeadlineWorkflow } from '../workflows/baseline.js';

/** The same drain on bare Temporal: timers due together on a held worker, one state change each. */
export interface BaselineDrain {
  workflows: number;
  heldSeconds: number;
  /** Release to the last workflow closed (server clock). */
  drainSeconds: number;
  timersPerSecond: number;
  /** Closed minus max(due, release), ms. */
  delayAfterRelease: Summary;
  missing: number;
}

export interface DeadlinesResult {
  cases: number;
  opened: number;
  failedIntakes: number;
  /** Intakes answered 202 (taken in, first assignee set later): not failures, reported beside them. */
  pendingIntakes: number;
  windowSeconds: number;
  intakeSeconds: number;
  /** First to last deadline. */
  deadlineSpanSeconds: number;
  /** Escalated while the worker was still up (their deadline came before the hold). */
  escalatedBeforeHold: number;
  heldSeconds: number;
  /** Release to the last escalation visible in the read model. */
  drainSeconds: number;
  escalationsPerSecond: number;
  /** Escalated (read model) minus max(deadline, release), ms. */
  delayAfterRelease: Summary;
  /** The workflow's own lapse step time minus max(deadline, release), ms: when the workflow acted. */
  workflowActedAfterRelease: Summary;
  /** Escalated minus deadline, ms (includes the hold). */
  delayAfterDeadline: Summary;
  missing: number;
  /** The same number of timers drained on bare Temporal, measured right after. */
  baseline?: BaselineDrain | { error: string };
  /** escalationsPerSecond ÷ baseline.timersPerSecond. */
  drainRatio?: number | null;
}

/**
 * `n` bare workflows whose timers fall due together while their worker is held back, then a new
 * worker (empty cache, as for the cases): how fast Temporal itself drains them.
 */
export async function baselineDrain(ctx: Ctx, n: number): Promise<BaselineDrain> {
  const taskQueue = 'bench-deadlines-baseline';
  const env = { TEMPORAL_ADDRESS: ctx.server.address, TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE: ctx.bundles.baseline };
  const first = await spawnNode('deadlines-baseline-worker', 'bench/baseline-worker.ts', env, { logDir: ctx.dir, ready: /baseline worker/ });
  // Due once every workflow has started its timer (starts are a few ms each here).
  const dueAt = new Date(Date.now() + Math.max(10_000, n * 20)).toISOString();
  const ids = Array.from({ length: n }, (_, i) => `deadline-baseline-${Date.now()}-${i}`);
  await closedLoop(16, { count: n }, async (i) => {
    await ctx.client.workflow.start(baselineDeadlineWorkflow, { workflowId: ids[i], taskQueue, args: [dueAt] });
  });
  await new Promise((r) => setTimeout(r, 2000)); // the first tasks (each starts its timer) run
  await first.stop();
  const heldAt = Date.now();
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(dueAt) - Date.now()) + 2000));
  const worker = await spawnNode('deadlines-baseline-worker-2', 'bench/baseline-worker.ts', env, { logDir: ctx.dir, ready: /baseline worker/ });
  const release = Date.now();
  const closed = new Map<string, number>();
  const until = release + 10 * 60_000;
  while (closed.size < n && Date.now() < until) {
    const open = ids.filter((id) => !closed.has(id));
    await closedLoop(16, { count: open.length }, async (i) => {
      const d = await ctx.client.workflow.getHandle(open[i]).describe();
      if (d.closeTime) closed.set(open[i], d.closeTime.getTime());
    });
    if (closed.size < n) await new Promise((r) => setTimeout(r, 500));
  }
  await worker.stop();
  const times = [...closed.values()];
  const drain = (Math.max(...times) - release) / 1000;
  const due = Date.parse(dueAt);
  return {
    workflows: n,
    heldSeconds: round((release - heldAt) / 1000),
    drainSeconds: round(drain),
    timersPerSecond: round(times.length / (drain || 1), 1),
    delayAfterRelease: summarize(times.map((t) => t - Math.max(due, release))),
    missing: n - times.length,
  };
}

export async function deadlines(ctx: Ctx): Promise<DeadlinesResult> {
  const n = ctx.s.deadlines.cases;
  const units = ctx.units;
  // How fast intake is now (on the main stack, cases withdrawn again), to size the window so that
  // intake ends before the first deadline.
  const main = ctx.variants.find((v) => v.name === 'current')!;
  const probeN = Math.min(32, n);
  const t0 = Date.now();
  const probed: OpenCase[] = [];
  await closedLoop(16, { count: probeN }, async (i) => {
    probed.push((await main.open(i)) as OpenCase);
  });
  const perCase = (Date.now() - t0) / probeN;
  await closedLoop(16, { count: probed.length }, (i) => main.discard(probed[i]));
  const windowSeconds = Math.ceil((perCase * n * 1.3 + 8_000) / 1000);
  const policy = { tiers: { '1': { duration: `${windowSeconds}s` }, '2': { duration: '1h' }, '3': { duration: '1h' }, '4': { duration: '1h' }, city: { duration: '1h' } }, reminderAt: 0 };
  ctx.log(`deadlines: ${n} cases, tier-1 window ${windowSeconds}s (intake ≈ ${Math.round(perCase)} ms per case here)`);
  const stack = await startCaseStack({ name: 'deadlines', dir: ctx.dir, address: ctx.server.address, bundle: ctx.bundles.current, policy });
  const opened: OpenCase[] = [];
  const tIntake = Date.now();
  const pending0 = intakeCounts.pending;
  const res = await closedLoop(16, { count: n }, async (i) => {
    opened.push(await intake(stack.http, units[i % units.length]));
  });
  // A case taken in with 202 gets its deadline from its workflow, later: wait for it before reading deadlines.
  await closedLoop(16, { count: opened.length }, (i) => untilAssigned(stack.http, opened[i]));
  const intakeSeconds = (Date.now() - tIntake) / 1000;
  // Hold the worker back: stop it, let every deadline pass, start a new one with the same settings.
  await stack.worker.stop();
  const heldAt = Date.now();
  // Read through the seam: the SQLite file, or the stack's database on PostgreSQL.
  const db = await openBenchStore(stack.dataDir);
  const ids = opened.map((c) => c.id);
  const tier1Deadlines = await assignedDeadlines(db, ids);
  const lapsedSteps = () => lapsedOf(db, ids);
  const before = (await lapsedSteps()).length;
  const lastDeadline = Math.max(...tier1Deadlines);
  const wait = Math.max(0, lastDeadline - Date.now()) + 2000;
  ctx.log(`deadlines: ${opened.length} opened in ${round(intakeSeconds)}s; ${before} escalated already; worker held for ${Math.round((wait + Date.now() - heldAt) / 1000)}s`);
  await new Promise((r) => setTimeout(r, wait));
  const worker = await spawnNode('deadlines-worker-2', 'worker.ts', stack.env, { logDir: ctx.dir, ready: /worker: task queue/ });
  const release = Date.now();
  // Wait until every case has its lapse step and the escalation in the read model.
  const until = release + 15 * 60_000;
  let rows = await lapsedSteps();
  while (rows.filter((r) => r.tier !== '1').length < opened.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    rows = await lapsedSteps();
  }
  await db.close();
  await worker.stop();
  await stack.api.stop();
  stack.http.close();
  const done = rows.filter((r) => r.tier !== '1');
  const afterRelease = done.map((r) => Date.parse(r.visible) - Math.max(Date.parse(r.deadline), release));
  const acted = done.map((r) => Date.parse(r.at) - Math.max(Date.parse(r.deadline), release));
  const afterDeadline = done.map((r) => Date.parse(r.visible) - Date.parse(r.deadline));
  const lastVisible = Math.max(...done.map((r) => Date.parse(r.visible)));
  const deadlinesMs = done.map((r) => Date.parse(r.deadline));
  const drain = (lastVisible - release) / 1000;
  let baseline: BaselineDrain | { error: string };
  try {
    baseline = await baselineDrain(ctx, n);
    ctx.log(`deadlines: baseline drained ${baseline.workflows} timers in ${baseline.drainSeconds}s`);
  } catch (err) {
    baseline = { error: String((err as Error).message ?? err) };
  }
  const escalationsPerSecond = round((done.length - before) / (drain || 1), 1);
  return {
    cases: n,
    opened: opened.length,
    failedIntakes: res.failed,
    pendingIntakes: intakeCounts.pending - pending0,
    windowSeconds,
    intakeSeconds: round(intakeSeconds),
    deadlineSpanSeconds: round((Math.max(...deadlinesMs) - Math.min(...deadlinesMs)) / 1000),
    escalatedBeforeHold: before,
    heldSeconds: round((release - heldAt) / 1000),
    drainSeconds: round(drain),
    escalationsPerSecond,
    delayAfterRelease: summarize(afterRelease),
    workflowActedAfterRelease: summarize(acted),
    delayAfterDeadline: summarize(afterDeadline),
    missing: opened.length - done.length,
    baseline,
    drainRatio: 'timersPerSecond' in baseline && baseline.timersPerSecond ? round(escalationsPerSecond / baseline.timersPerSecond, 2) : null,
  };
}
