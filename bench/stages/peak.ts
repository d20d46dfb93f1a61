// The 17:30 peak: every working-day window closes at 17:30 Beijing, so the windows opened on one day
// all end at one instant. The bench cannot wait for 17:30, and intake cannot open 1,000 windows within
// a second, so it opens them with a plain duration sized to the intake, then freezes the Temporal
// server (SIGSTOP) just before the first of them ends and lets it go (SIGCONT) just after the last:
// from the worker's side every window ended at that instant, and the server fires every timer at
// once. The worker stays up with its cache, as on a working day. Lateness is how long after that
// instant each case had escalated in the read model; Core's metrics say how many lapses missed the cache.
import type { Ctx } from '../lib/context.js';
import { caseLifecycle, closedLoop, intake, type OpenCase } from '../lib/drivers.js';
import { cacheDelta, coreCache, tryScrape, type CoreCache } from '../lib/prom.js';
import { startCaseStack } from '../lib/stack.js';
import { assignedDeadlines, lapsedSteps, openBenchStore } from '../lib/store.js';
import { round, summarize, type Summary } from '../lib/stats.js';
import type { DeadlinesResult } from './deadlines.js';

/** As the deadlines stage counts them: cases, intake, the windows' span, the drain. */
export interface PeakResult extends Pick<DeadlinesResult, 'cases' | 'opened' | 'failedIntakes' | 'windowSeconds' | 'intakeSeconds' | 'deadlineSpanSeconds' | 'drainSeconds' | 'escalationsPerSecond'> {
  frozenSeconds: number;
  /** Escalated before the freeze (their window ended before it began): not counted in the lateness. */
  escalatedBeforeFreeze: number;
  /** Escalated in the read model, seconds after the instant every window had ended. */
  lateAfterInstant: Summary;
  /** The workflow's own lapse step, seconds after that instant. */
  workflowActed: Summary;
  core: CoreCache;
  missing: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

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
  const server = ctx.server.process;
  let frozen = false;
  try {
    await closedLoop(4, { count: 4 }, (i) => caseLifecycle(stack.http, ctx.units[i % ctx.units.length])); // the new worker warm
    const opened: OpenCase[] = [];
    const tIntake = Date.now();
    const res = await closedLoop(16, { count: n }, async (i) => {
      opened.push(await intake(stack.http, ctx.units[i % ctx.units.length]));
    });
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
    process.kill(server.pid!, 'SIGSTOP');
    frozen = true;
    const frozenAt = Date.now();
    ctx.log(`peak: ${opened.length} windows (${round(intakeSeconds)} s of intake); server frozen for ${round((last + 500 - frozenAt) / 1000)} s while they end`);
    await sleep(last + 500 - Date.now());
    process.kill(server.pid!, 'SIGCONT');
    frozen = false;
    const instant = Date.now();
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
    return {
      cases: n,
      opened: opened.length,
      failedIntakes: res.failed,
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
    };
  } finally {
    if (frozen) process.kill(server.pid!, 'SIGCONT');
    await stack.stop();
  }
}
