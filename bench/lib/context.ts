// What every stage of a run shares: the settings of the mode, the server, the systems under test, and
// a CPU meter over their processes.
import type { Client } from '@temporalio/client';
import type { DevServer } from '../../scripts/dev-server.js';
import type { Variant } from './drivers.js';
import type { CaseStack, Proc } from './stack.js';
import { cpuMs } from './stack.js';
import { clusterCpuMs, cpuDelta, storeKind } from './store.js';

export type Mode = 'quick' | 'full';

export interface Settings {
  /** Item 1: closed-loop concurrency levels, time per round and variant, rounds per level. */
  overhead: { levels: number[]; roundMs: number; rounds: number };
  /** Item 2: officers deciding at once, decisions per variant and level (at most perOfficer × officers), rounds. */
  latency: { officers: number[]; decisions: number; perOfficer: number; rounds: number };
  /** Item 5 side by side: open workflows per worker. */
  /** Item 5: `base` open workflows first (the worker's one-time costs), then the slope over `open` more. */
  memory: { base: number; open: number };
  /** Item 3: open cases whose windows lapse together. */
  deadlines: { cases: number };
  /** Item 4: cases bulk-loaded into the read model; requests per query. */
  reads: { cases: number; hotOfficerOpen: number; requests: number };
  /** Items 5 and 6: open cases in the system at each measuring point. */
  growth: { levels: number[]; roundMs: number; concurrency: number; oldDecisions: number };
  /** Profiled load (ms); 0 = no profile. */
  profileMs: number;
  /** The dev server's SQLite file against an in-memory one (ms per round; 0 = skipped). */
  storeMs: number;
  /** Open loop: decisions arriving at `rate` a second (Poisson) for `seconds`, officers thinking in between. */
  openloop: { rate: number; seconds: number };
  /** Decisions on cases their worker evicted: `cases` opened on workers that cache only `cache` workflows. */
  evicted: { cases: number; cache: number; concurrency: number };
  /** The 17:30 peak: `cases` windows ending at one instant. */
  peak: { cases: number };
}

export const SETTINGS: Record<Mode, Settings> = {
  quick: {
    overhead: { levels: [2, 8], roundMs: 6_000, rounds: 2 },
    latency: { officers: [1, 10], decisions: 60, perOfficer: 12, rounds: 1 },
    memory: { base: 50, open: 100 },
    deadlines: { cases: 60 },
    reads: { cases: 3_000, hotOfficerOpen: 300, requests: 50 },
    growth: { levels: [150], roundMs: 4_000, concurrency: 8, oldDecisions: 20 },
    profileMs: 0,
    storeMs: 0,
    openloop: { rate: 2, seconds: 20 },
    evicted: { cases: 40, cache: 10, concurrency: 4 },
    peak: { cases: 60 },
  },
  full: {
    overhead: { levels: [1, 4, 16, 32], roundMs: 20_000, rounds: 2 },
    latency: { officers: [1, 10, 50], decisions: 600, perOfficer: 40, rounds: 2 },
    memory: { base: 500, open: 1_000 },
    deadlines: { cases: 1_000 },
    reads: { cases: 100_000, hotOfficerOpen: 2_000, requests: 500 },
    growth: { levels: [1_000, 10_000, 50_000, 100_000], roundMs: 15_000, concurrency: 8, oldDecisions: 200 },
    profileMs: 30_000,
    storeMs: 15_000,
    openloop: { rate: 4, seconds: 60 },
    evicted: { cases: 400, cache: 50, concurrency: 4 },
    peak: { cases: 1_000 },
  },
};

export interface Ctx {
  mode: Mode;
  s: Settings;
  dir: string;
  server: DevServer;
  client: Client;
  bundles: { current: string; proposed: string | null; baseline: string };
  stacks: { current: CaseStack; proposed: CaseStack | null; edge: CaseStack };
  /** The proposed checkout (its own worker and API run for the proposed variant). */
  proposedCheckout: string | null;
  /** The Temporal server's Prometheus metrics. */
  serverMetrics: string;
  baselineWorker: Proc;
  baselineQueue: string;
  variants: Variant[];
  units: string[];
  log(msg: string): void;
}

/**
 * CPU time spent by each process between start() and stop(), plus this process's own; on a run with
 * the case store on PostgreSQL, also the cluster's ("store"), which no stack's process counts.
 */
export function cpuMeter(pids: Record<string, number>) {
  const read = () => {
    const own = process.cpuUsage();
    const out: Record<string, number> = { client: (own.user + own.system) / 1000 };
    for (const [k, pid] of Object.entries(pids)) {
      try {
        out[k] = cpuMs(pid);
      } catch {
        out[k] = NaN; // exited
      }
    }
    return out;
  };
  const pg0 = storeKind() === 'postgres' ? clusterCpuMs() : null;
  const start = read();
  return () => {
    const end = read();
    const out = Object.fromEntries(Object.keys(start).map((k) => [k, end[k] - start[k]]));
    if (pg0) out.store = cpuDelta(pg0, clusterCpuMs());
    return out;
  };
}
