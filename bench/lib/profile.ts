// Reads a V8 CPU profile (node --cpu-prof) and tells where the time went: top frames by self time,
// our own functions by inclusive time, and self time grouped by where the code comes from.
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Frame {
  frame: string;
  ms: number;
  share: number;
}
export interface ProfileSummary {
  file: string;
  thread: 'main thread' | 'workflow thread' | 'module loader thread';
  /** Profiled wall time and the part of it the process was busy (not idle). */
  wallMs: number;
  busyMs: number;
  selfTop: Frame[];
  ownInclusive: Frame[];
  byOrigin: Frame[];
}

/** Where a frame's code comes from, by its script URL. */
export function originOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)' || functionName === '(program)') return functionName;
    return 'native / V8 builtins';
  }
  if (url.startsWith('node:')) return 'node core';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (/workflow-bundle|\.js$/.test(url) && !url.includes('/work')) return 'workflow bundle (sandbox)';
  const own = /\/(domain|workflows|activities|api|db|notify|schedules|bench)\//.exec(url);
  if (own) return `ours: ${own[1]}/`;
  return url.replace(/^file:\/\//, '');
}

function label(f: CallFrame): string {
  // Our TypeScript runs through tsx: line numbers there are the transpiled file's, so only the file is named.
  const ours = originOf(f.url, f.functionName).startsWith('ours');
  const url = f.url.replace(/^file:\/\//, '');
  const path = url.includes('/node_modules/') ? url.replace(/^.*?\/node_modules\//, '') : url.replace(/^.*?\/(domain|workflows|activities|api|db|notify|schedules|bench)\//, '$1/');
  const where = f.url ? (ours ? path : `${path}:${f.lineNumber + 1}`) : '';
  return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/**
 * `window` keeps only the samples taken between `fromEndMs` and `toEndMs` before the profile ended
 * (the process's exit), so start-up and shut-down stay out of a load's figures.
 */
export function summarizeProfile(file: string, top = 15, window?: { fromEndMs: number; toEndMs: number }): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const origin = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let wall = 0;
  let idle = 0;
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    at += p.timeDeltas[i] ?? 0;
    if (window) {
      const beforeEnd = (p.endTime - at) / 1000;
      if (beforeEnd > window.fromEndMs || beforeEnd < window.toEndMs) continue;
    }
    wall += ms;
    const node = byId.get(p.samples[i]);
    if (!node) continue;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const key = label(f);
    self.set(key, (self.get(key) ?? 0) + ms);
    const o = originOf(f.url, f.functionName);
    origin.set(o, (origin.get(o) ?? 0) + ms);
    // Inclusive time of our own functions: each one counted once per sample, however deep.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id)!.callFrame;
      if (!originOf(cf.url, cf.functionName).startsWith('ours')) continue;
      const k = label(cf);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  const busy = wall - idle;
  const rank = (m: Map<string, number>, n: number): Frame[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([frame, ms]) => ({ frame, ms: Math.round(ms), share: Math.round((ms / (busy || 1)) * 1000) / 10 }));
  return { file, thread: threadOf(p), wallMs: Math.round(wall), busyMs: Math.round(busy), selfTop: rank(self, top), ownInclusive: rank(inclusive, top), byOrigin: rank(origin, 12) };
}

/** Which thread of a process a profile is: Node writes one file per thread. */
function threadOf(p: CpuProfile): ProfileSummary['thread'] {
  const has = (f: (c: CallFrame) => boolean) => p.nodes.some((n) => f(n.callFrame));
  // The main thread runs the Worker class (worker) or fastify (API); the workflow thread the sandbox.
  // (Both load parts of the SDK, so the test is what only the main thread executes.)
  if (has((c) => c.url.includes('@temporalio/worker/lib/worker.js') || c.url.includes('/fastify/'))) return 'main thread';
  if (has((c) => c.url.includes('/workflow/vm-shared') || c.functionName === 'runInContext')) return 'workflow thread';
  return 'module loader thread';
}

if (process.argv[1]?.endsWith('profile.ts') && process.argv[2]) {
  console.log(JSON.stringify(summarizeProfile(process.argv[2]), null, 2));
}
