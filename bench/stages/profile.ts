// The profiler on the slowest step: a fresh worker and API started under `node --cpu-prof`, the
// lifecycle load for a while, then the top frames of each thread, counting only the samples taken
// while the load ran.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../lib/context.js';
import { caseLifecycle, closedLoop } from '../lib/drivers.js';
import { summarizeProfile, type ProfileSummary } from '../lib/profile.js';
import { startCaseStack } from '../lib/stack.js';

export interface ProfileResult {
  variant: string;
  lifecycles: number;
  seconds: number;
  concurrency: number;
  processes: { process: 'worker' | 'api'; threads: ProfileSummary[] }[];
}

/** Profiles the current code and, when there is one, the proposed bundle. */
export async function profiles(ctx: Ctx): Promise<ProfileResult[]> {
  const out = [await profile(ctx, 'current', ctx.bundles.current)];
  if (ctx.bundles.proposed) out.push(await profile(ctx, 'proposed', ctx.bundles.proposed));
  return out;
}

export async function profile(ctx: Ctx, variant: string, bundle: string): Promise<ProfileResult> {
  const dirs = { worker: join(ctx.dir, `profile-${variant}-worker`), api: join(ctx.dir, `profile-${variant}-api`) };
  const flags = (d: string) => ['--cpu-prof', `--cpu-prof-dir=${d}`];
  const st = await startCaseStack({ name: `profile-${variant}`, dir: ctx.dir, address: ctx.server.address, bundle, workerArgs: flags(dirs.worker), apiArgs: flags(dirs.api) });
  const units = ctx.units;
  await closedLoop(4, { count: 12 }, (i) => caseLifecycle(st.http, units[i % units.length]));
  const concurrency = 8;
  const start = Date.now();
  const r = await closedLoop(concurrency, { stopAfterMs: ctx.s.profileMs }, (i) => caseLifecycle(st.http, units[i % units.length]));
  const end = Date.now();
  const exited: Record<string, number> = {};
  st.http.close();
  await Promise.all([st.api.stop().then(() => (exited.api = Date.now())), st.worker.stop().then(() => (exited.worker = Date.now()))]);
  const processes: ProfileResult['processes'] = [];
  for (const p of ['worker', 'api'] as const) {
    const window = { fromEndMs: exited[p] - start, toEndMs: exited[p] - end };
    const threads = readdirSync(dirs[p])
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => summarizeProfile(join(dirs[p], f), 12, window))
      .filter((s) => s.thread !== 'module loader thread')
      .sort((a, b) => b.busyMs - a.busyMs);
    processes.push({ process: p, threads });
  }
  ctx.log(`profile ${variant}: ${r.done} lifecycles in ${Math.round((end - start) / 1000)}s under the profiler`);
  return { variant, lifecycles: r.done, seconds: Math.round((end - start) / 1000), concurrency, processes };
}
