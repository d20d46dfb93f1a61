// The store call itself (activities/store-call.ts, `caseJob`), in the bench's own process, without
// Temporal: a case's first job (its start) and a decision (an escalation), as the worker runs them,
// timed and with the CPU they cost. On PostgreSQL the CPU is the calling process's plus that of the
// backends serving the store's database; on SQLite all of it is the calling process's. Several
// stores are measured in alternating rounds, so drift in the machine's load falls on each alike.
import { createStoreCallActivities } from '../../activities/store-call.js';
import type { Db } from '../../db/client.js';
import { loadDemoDirectory } from '../../db/demo.js';
import { cases } from '../../db/schema.js';
import type { CaseInput } from '../../domain/case.js';
import { runJob } from '../../domain/engine/driver.js';
import { caseEngine, initialState, type CaseEvent } from '../../domain/engine/case.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';
import { round, summarize, type Summary } from './stats.js';
import { backendCpuMs, cpuDelta } from './store.js';

export interface StoreCallFigures {
  store: 'sqlite' | 'postgres';
  /** Store calls measured (two per case: its start, an escalation). */
  jobs: number;
  /** Wall time of one store call, ms (a transaction with a durable commit: fsync on both stores). */
  msPerJob: Summary;
  /** CPU ms per store call: the calling process ("caller"), the PostgreSQL backends ("backend"), and their sum. */
  cpuMsPerJob: { caller: number; backend: number; total: number };
}

interface Acc {
  ms: number[];
  callerMs: number;
  backendMs: number;
}

/** Store calls on each of `stores` (already holding the demo directory), `casesPerStore` cases each. */
export async function storeCallCost(stores: { name: string; db: Db }[], casesPerStore: number, rounds = 4): Promise<Record<string, StoreCallFigures>> {
  const calls = stores.map((s) => ({ ...s, store: createStoreCallActivities(s.db, { policy: DEFAULT_POLICY }), n: 0 }));
  const accs = new Map(calls.map((c) => [c.name, { ms: [], callerMs: 0, backendMs: 0 } as Acc]));
  const perRound = Math.max(1, Math.ceil(casesPerStore / rounds));

  /** Case rows for a round, written before it (intake's insert is not the store call). */
  const newCases = async (c: (typeof calls)[number], count: number) => {
    const out: CaseInput[] = [];
    for (let i = 0; i < count; i++) {
      const id = `BENCH-${c.name}-${++c.n}`;
      const at = new Date().toISOString();
      await c.db.insert(cases).values({ id, workflowId: `case-${id}`, trackingCodeHash: `h-${id}`, createdBy: 'housing.fc1', title: 't', description: 'd', channel: 'window', requesterKind: 'person', requesterName: 'n', status: 'in_progress', tier: '1', leadUnitId: 'housing', createdAt: at, updatedAt: at });
      out.push({ caseId: id, title: 't', requesterKind: 'person', channel: 'window', leadUnitId: 'housing', firstContactOfficerId: 'housing.fc1', involvedUnitIds: [], keyProject: false, createdBy: 'housing.fc1' });
    }
    return out;
  };

  /** One case's two store calls; adds their times and CPU to `acc` (when given). */
  const oneCase = async (c: (typeof calls)[number], input: CaseInput, acc?: Acc) => {
    const workflowId = `case-${input.caseId}`;
    const started: CaseEvent = { type: 'started', at: new Date().toISOString(), input, workflowId };
    let state = initialState(input, workflowId);
    const timed = async <T>(f: () => Promise<T>): Promise<T> => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await f();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      if (acc) {
        acc.ms.push(ms);
        acc.callerMs += (cpu.user + cpu.system) / 1000;
      }
      return r;
    };
    const r1 = await timed(() => c.store.caseJob({ key: { workflowId, runId: 'r', jobNo: 1, eventId: 'started' }, input, state, event: started }));
    // The workflow's side of the first job: the engine with the store's answers, as driver.ts runs it.
    const answers = [...r1.answers];
    state = (await runJob(caseEngine, state, started, () => answers.shift()! as never)).state;
    const escalate: CaseEvent = { type: 'decided', at: new Date().toISOString(), via: 'update', env: { actorId: 'housing.fc1', decision: { action: 'escalate', reason: 'unsure', note: 'n' } } };
    await timed(() => c.store.caseJob({ key: { workflowId, runId: 'r', jobNo: 2, eventId: 'u' }, input, state, event: escalate }));
  };

  // Warm: JIT, prepared statements, the pool's connections.
  for (const c of calls) for (const input of await newCases(c, 10)) await oneCase(c, input);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...calls].reverse() : calls;
    for (const c of order) {
      const inputs = await newCases(c, perRound);
      const acc = accs.get(c.name)!;
      const b0 = await backendCpuMs(c.db);
      for (const input of inputs) await oneCase(c, input, acc);
      acc.backendMs += cpuDelta(b0, await backendCpuMs(c.db));
    }
  }
  return Object.fromEntries(
    calls.map((c) => {
      const a = accs.get(c.name)!;
      const jobs = a.ms.length;
      const caller = round(a.callerMs / jobs, 2);
      const backend = round(a.backendMs / jobs, 2);
      return [c.name, { store: c.db.storeKind, jobs, msPerJob: summarize(a.ms), cpuMsPerJob: { caller, backend, total: round(caller + backend, 2) } }];
    }),
  );
}

/** Opens nothing: gives a store its demo directory if it has none yet (the store call looks officers up). */
export async function withDirectory(db: Db): Promise<Db> {
  await loadDemoDirectory(db, {});
  return db;
}
