// Officers who think between decisions: decisions arrive at a stated rate (Poisson arrivals, the same
// schedule for every variant), whether or not earlier ones have been answered. What an officer waits
// at a load the system carries, rather than at saturation (the closed loops of stage 1).
import type { Ctx } from '../lib/context.js';
import { cpuMeter } from '../lib/context.js';
import { closedLoop, newTimings, type Handle, type Variant } from '../lib/drivers.js';
import { ratio, round, summarize, type Summary } from '../lib/stats.js';
import { rotate } from './throughput.js';

export interface OpenLoopFigures extends Summary {
  arrivals: number;
  failed: number;
  /** Arrivals sent more than 50 ms after their time (the driver fell behind: the figure would flatter). */
  sentLate: number;
  cpuMsPerDecision: Record<string, number>;
  errors: string[];
}

export interface OpenLoopResult {
  /** Decisions per second offered. */
  rate: number;
  seconds: number;
  variants: Record<string, OpenLoopFigures>;
  p50Ratios: Record<string, number>;
  p99Ratios: Record<string, number>;
}

/** Arrival times (ms from the start) of a Poisson process, from a fixed seed. */
export function arrivals(ratePerSecond: number, seconds: number, seed = 20261205): number[] {
  let x = seed >>> 0;
  const rnd = () => {
    // xorshift32: a fixed schedule, the same for every variant and run
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 2 ** 32;
  };
  const out: number[] = [];
  for (let t = 0; ; ) {
    t += (-Math.log(rnd()) / ratePerSecond) * 1000;
    if (t >= seconds * 1000) return out;
    out.push(t);
  }
}

async function run(ctx: Ctx, v: Variant, schedule: number[]): Promise<OpenLoopFigures> {
  // Each case takes four decisions (three escalations, a resolve); enough cases that an arrival never waits for one.
  const need = Math.ceil(schedule.length / 4) + 16;
  const handles: Handle[] = [];
  await closedLoop(8, { count: need }, async (i) => {
    handles[i] = await v.open(i);
  });
  const ready = handles.filter(Boolean).map((h) => ({ h, done: 0 }));
  const idle = [...ready];
  const t = newTimings();
  let failed = 0;
  let sentLate = 0;
  const errors: string[] = [];
  const inflight: Promise<void>[] = [];
  const meter = cpuMeter({ server: ctx.server.process.pid!, ...v.pids });
  const t0 = performance.now();
  for (const at of schedule) {
    const wait = t0 + at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (performance.now() - (t0 + at) > 50) sentLate++;
    const c = idle.shift();
    if (!c) {
      failed++;
      if (errors.length < 3) errors.push('no case free to decide on');
      continue;
    }
    inflight.push(
      v.decideOne(c.h, c.done < 3 ? 'escalate' : 'resolve', t).then(
        () => {
          c.done++;
          if (c.done < 4) idle.push(c);
        },
        (err: Error) => {
          failed++;
          if (errors.length < 3) errors.push(err.message);
        },
      ),
    );
  }
  await Promise.all(inflight);
  const cpu = meter();
  const n = t.decision.length || 1;
  const cpuMsPerDecision = Object.fromEntries(Object.entries(cpu).map(([k, x]) => [k, round(x / n, 1)]));
  cpuMsPerDecision.total = round(Object.values(cpuMsPerDecision).reduce((a, b) => a + b, 0), 1);
  // Closed again so later stages start from no open case: rated when resolved, withdrawn otherwise.
  await closedLoop(8, { count: ready.length }, (i) => (ready[i].done >= 4 ? v.close(ready[i].h) : v.discard(ready[i].h)));
  return { ...summarize(t.decision), arrivals: schedule.length, failed, sentLate, cpuMsPerDecision, errors };
}

export async function openloop(ctx: Ctx): Promise<OpenLoopResult> {
  const { rate, seconds } = ctx.s.openloop;
  const schedule = arrivals(rate, seconds);
  const variants: Record<string, OpenLoopFigures> = {};
  for (const v of rotate(ctx.variants, 1)) {
    variants[v.name] = await run(ctx, v, schedule);
    ctx.log(`openloop ${rate}/s ${v.name}: p50 ${variants[v.name].p50} ms, p99 ${variants[v.name].p99} ms, ${variants[v.name].failed} failed`);
  }
  const pairs = [['current', 'baseline'], ['current', 'edge'], ['edge', 'baseline'], ['proposed', 'current'], ['proposed', 'edge']];
  const p50Ratios: Record<string, number> = {};
  const p99Ratios: Record<string, number> = {};
  for (const [a, b] of pairs) {
    if (!variants[a] || !variants[b]) continue;
    p50Ratios[`${a}/${b}`] = ratio(variants[a].p50, variants[b].p50);
    p99Ratios[`${a}/${b}`] = ratio(variants[a].p99, variants[b].p99);
  }
  return { rate, seconds, variants, p50Ratios, p99Ratios };
}
