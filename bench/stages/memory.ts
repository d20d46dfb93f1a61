// Item 5, side by side: the growth of each worker's resident memory per open workflow (baseline, edge,
// current, proposed). A worker's first workflows also pay for what it does once (the JIT's code, the
// bundle's source map parsed at the first stack trace, the heap grown to its working size): hundreds
// of KiB per workflow when a fresh worker opens its first thousand. So each worker first holds `base`
// open workflows, and the figure is the slope from there to `base + open`. The cases are withdrawn
// afterwards, so later stages start again from no open case.
import type { Ctx } from '../lib/context.js';
import { closedLoop, type Handle } from '../lib/drivers.js';
import { rssKiB } from '../lib/stack.js';
import { round } from '../lib/stats.js';

export interface MemoryResult {
  /** Opened first, so that the one-time costs are paid before the measure. */
  base: number;
  /** Opened on top of `base`: the slope's run. */
  open: number;
  variants: Record<string, { freshMiB: number; beforeMiB: number; afterMiB: number; perOpenKiB: number; failed: number }>;
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
  const { open, base } = ctx.s.memory;
  const variants: MemoryResult['variants'] = {};
  for (const v of ctx.variants) {
    const handles: Handle[] = [];
    const openMore = async (count: number) => {
      const from = handles.length;
      const r = await closedLoop(16, { count }, async (i) => {
        handles[from + i] = await v.open(from + i);
      });
      await new Promise((res) => setTimeout(res, 2000));
      return r.failed;
    };
    const fresh = await steadyRss(v.pids.worker);
    let failed = await openMore(base);
    const before = await steadyRss(v.pids.worker);
    const n0 = handles.filter(Boolean).length;
    failed += await openMore(open);
    const after = await steadyRss(v.pids.worker);
    const n = handles.filter(Boolean).length - n0;
    variants[v.name] = { freshMiB: round(fresh / 1024), beforeMiB: round(before / 1024), afterMiB: round(after / 1024), perOpenKiB: round((after - before) / n), failed };
    ctx.log(`memory ${v.name}: worker ${round(fresh / 1024)} MiB fresh, ${round(before / 1024)} with ${n0} open, ${round(after / 1024)} with ${n0 + n} (${variants[v.name].perOpenKiB} KiB each from ${n0} on)`);
    const all = handles.filter(Boolean);
    await closedLoop(16, { count: all.length }, (i) => v.discard(all[i]));
  }
  return { base, open, variants };
}
