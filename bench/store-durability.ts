// What `synchronous = FULL` costs the store call, against NORMAL, side by side in one run: the same
// case jobs (a case's start, then an escalation) through the store call itself, on a file store, in
// alternating rounds. Prints ms per job for each and the ratio.  node --import tsx bench/store-durability.ts [jobs]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/client.js';
import { loadDemoDirectory } from '../db/demo.js';
import { cases } from '../db/schema.js';
import { createStoreCallActivities } from '../activities/store-call.js';
import { caseEngine, initialState, type CaseEvent } from '../domain/engine/case.js';
import type { CaseInput } from '../domain/case.js';
import { runJob } from '../domain/engine/driver.js';
import { DEFAULT_POLICY } from '../domain/policy.js';

const N = Number(process.argv[2] ?? 400);
const dir = mkdtempSync(join(tmpdir(), 'store-durability-'));
const db = openDb(join(dir, 'cases.sqlite'));
await loadDemoDirectory(db, {});
const store = createStoreCallActivities(db, { policy: DEFAULT_POLICY });
let n = 0;

/** One case's two jobs through the store call; the ms they took. */
async function oneCase(): Promise<number> {
  const id = `BENCH-${++n}`;
  const workflowId = `case-${id}`;
  const at = new Date().toISOString();
  await db.insert(cases).values({ id, workflowId, trackingCodeHash: 'x', createdBy: 'housing.fc1', title: 't', description: 'd', channel: 'window', requesterKind: 'person', requesterName: 'n', status: 'in_progress', tier: '1', leadUnitId: 'housing', createdAt: at, updatedAt: at });
  const input: CaseInput = { caseId: id, title: 't', requesterKind: 'person', channel: 'window', leadUnitId: 'housing', firstContactOfficerId: 'housing.fc1', involvedUnitIds: [], keyProject: false, createdBy: 'housing.fc1' };
  const t0 = performance.now();
  let state = initialState(input, workflowId);
  const started: CaseEvent = { type: 'started', at, input, workflowId };
  const r1 = await store.caseJob({ key: { workflowId, runId: 'r', jobNo: 1, eventId: 'started' }, input, state, event: started });
  state = (await runJob(caseEngine, state, started, (await (() => { const q = [...r1.answers]; return () => q.shift()!; })()))).state;
  const esc: CaseEvent = { type: 'decided', at: new Date().toISOString(), via: 'update', env: { actorId: 'housing.fc1', decision: { action: 'escalate', reason: 'unsure', note: 'n' } } };
  await store.caseJob({ key: { workflowId, runId: 'r', jobNo: 2, eventId: 'u' }, input, state, event: esc });
  return performance.now() - t0;
}

const times: Record<'NORMAL' | 'FULL', number[]> = { NORMAL: [], FULL: [] };
for (let i = 0; i < 10; i++) await oneCase(); // warm
for (let round = 0; round < 8; round++) {
  for (const mode of round % 2 ? (['FULL', 'NORMAL'] as const) : (['NORMAL', 'FULL'] as const)) {
    db.sqlite!.pragma(`synchronous = ${mode}`);
    for (let i = 0; i < N / 8; i++) times[mode].push((await oneCase()) / 2);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)];
const f = (x: number) => x.toFixed(3);
console.log(`store call per job, ${N} cases × 2 jobs each mode, WAL, one file:`);
for (const m of ['NORMAL', 'FULL'] as const) console.log(`  synchronous=${m}: median ${f(median(times[m]))} ms, p99 ${f(p99(times[m]))} ms`);
console.log(`  FULL / NORMAL (median): ${(median(times.FULL) / median(times.NORMAL)).toFixed(2)}`);
await db.close();
rmSync(dir, { recursive: true, force: true });
