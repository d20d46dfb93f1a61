// Item 5, side by side: the same number of open workflows on each worker (baseline, current,
// proposed), and the growth of each worker's resident memory per open one. The cases are withdrawn
// afterwards, so later stages start again from no open case.
import type { Ctx } from '../lib/context.js';
import { closedLoop, type Handle } from '../lib/drivers.js';
import { rssKiB } from '../lib/stack.js';
import { round } from '../lib/stats.js';

export interface MemoryResult {
  open: number;
  variants: Record<string, { beforeMiB: number; afterMiB: number; perOpenKiB: number; failed: number }>;
}

/** Median of a few samples a second apart: one sample can land mid-GC. */
export async function steadyRss(pid: number, samples = 3): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < samples; i++) {
    xs.push(rssKiB(pid));
    await new Promise((r) => setTimeout(r, 1000));
  }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export async function memory(ctx: Ctx): Promise<MemoryResult> {
  const open = ctx.s.memory.open;
  const variants: MemoryResult['variants'] = {};
  for (const v of ctx.variants) {
    const before = await steadyRss(v.pids.worker);
    const handles: Handle[] = [];
    const r = await closedLoop(16, { count: open }, async (i) => {
      handles[i] = await v.open(i);
    });
    await new Promise((res) => setTimeout(res, 2000));
    const after = await steadyRss(v.pids.worker);
    const n = handles.filter(Boolean).length;
    variants[v.name] = { beforeMiB: round(before / 1024), afterMiB: round(after / 1024), perOpenKiB: round((after - before) / n), failed: r.failed };
    ctx.log(`memory ${v.name}: worker ${round(before / 1024)} → ${round(after / 1024)} MiB with ${n} open (${variants[v.name].perOpenKiB} KiB each)`);
    await closedLoop(16, { count: n }, (i) => v.discard(handles.filter(Boolean)[i]));
  }
  return { open, variants };
}
