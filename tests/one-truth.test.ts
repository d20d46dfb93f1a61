// One truth: the store follows the workflow exactly. A worker process that dies right after a store
// call committed and before its workflow task completed (the test fault FAULT_EXIT_AFTER_STORE_CALL)
// leaves a job in the store that the workflow has not confirmed; the retried task must take what was
// committed (same time, same answers) or supersede it, never disagree with it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// Each test starts a worker process of its own (a few seconds, longer on a busy machine) and waits out a
// dead workflow task: room beyond the suite's default.
const SLOW = 180_000;
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { spawnWorkerProcess, untilPolling } from './support/worker-process.js';
import { decide, eventually, openCase } from './support/cases.js';
import { compareCase } from './support/agreement.js';
import { officerEvents, outbox, principals, storeJobs, supersededSteps } from '../db/schema.js';
import { caseWorkflowId } from '../workflows/definitions.js';
import { faultHooks } from '../config.js';
import { first as firstRow } from '../db/store.js';

let h: Harness;
/** Every worker process a test started and that has not exited yet: a test that times out must not leave one polling. */
const children = new Set<ChildProcess>();
const gone = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;
async function killChildren(): Promise<void> {
  await Promise.all(
    [...children].map(async (p) => {
      if (!gone(p) && p.pid !== undefined) {
        const exit = new Promise((r) => p.once('exit', r));
        p.kill('SIGKILL');
        await exit;
      }
      children.delete(p);
    }),
  );
}

/** A worker process (as production runs it) that exits right after its n-th store call commits. */
async function faultyWorker(exitAfterStoreCall: number): Promise<ChildProcess> {
  const policyFile = join(h.dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ tiers: { '1': { duration: '1h' }, '2': { duration: '1h' }, '3': { duration: '1h' } }, reminderAt: 0 }));
  const p = spawnWorkerProcess(h, { ESCALATION_POLICY: policyFile, FAULT_EXIT_AFTER_STORE_CALL: String(exitAfterStoreCall) });
  children.add(p);
  p.once('exit', () => children.delete(p));
  await untilPolling(h, p);
  return p;
}
const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))));

/** The workflow task of this attempt died: its history shows a task that timed out or failed. */
async function aTaskDied(caseId: string) {
  const events = (await h.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory()).events ?? [];
  return events.some((e) => e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes);
}

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
// Each test starts from no worker at all: one left by a test that timed out would take the next one's tasks.
afterEach(async () => {
  await killChildren();
  await h?.stopWorker();
});
afterAll(async () => {
  await killChildren();
  await h?.close();
});

describe('a worker that dies between a store call and its workflow task', () => {
  it('refuses the fault in production', () => {
    expect(() => faultHooks({ production: true }, { FAULT_EXIT_AFTER_STORE_CALL: '2' })).toThrow(/refused in production/);
    expect(faultHooks({ production: false }, { FAULT_EXIT_AFTER_STORE_CALL: '2' })).toEqual({ exitAfterStoreCall: 2 });
  });

  it('takes the committed job on the retried task: one history, one audit copy, one notice each', async () => {
    // Job 1 opens the case; the worker dies right after job 2 (the escalation) is in the store.
    const p = await faultyWorker(2);
    const c = await openCase(h, 'housing.fc1');
    const first = decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' }, { 'idempotency-key': 'esc-1' });
    expect(await exited(p)).toBe(137);
    await first; // 503: nobody answered it in time
    const phantom = (await firstRow(h.db.select().from(storeJobs).where(and(eq(storeJobs.workflowId, caseWorkflowId(c.id)), eq(storeJobs.jobNo, 2)))))!;
    expect(phantom).toBeDefined();

    await h.startWorker();
    // The officer sends the same decision again (the workbench keeps its Idempotency-Key across a retry).
    const again = await eventually(
      () => decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' }, { 'idempotency-key': 'esc-1' }),
      (r) => r.statusCode === 200,
      60_000,
    );
    expect(again.json().tier).toBe('2');
    expect(await aTaskDied(c.id)).toBe(true);

    const { differences, workflow } = await compareCase(h.db, h.client, c.id);
    expect(differences).toEqual([]);
    // The retried attempt ran the job at the committed time, with the committed answers.
    expect(workflow.timeline.find((s) => s.action === 'escalated')!.at).toBe(phantom.at);
    const jobs = (await h.db.select().from(storeJobs).where(eq(storeJobs.workflowId, caseWorkflowId(c.id))));
    expect(jobs.filter((j) => j.supersededAt)).toEqual([]);
    expect((await h.db.select().from(supersededSteps).where(eq(supersededSteps.caseId, c.id)))).toEqual([]);
    // Each notice once, and it goes out now that the workflow confirmed the job.
    const notices = await eventually(
      async () => (await h.db.select().from(outbox).where(eq(outbox.caseId, c.id))),
      (rows) => rows.length > 0 && rows.every((r) => r.status === 'pending' || r.status === 'sent'),
    );
    expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
    expect(notices.filter((n) => n.template === 'case_assigned').map((n) => n.recipientId).sort()).toEqual(['housing.chief1', 'housing.fc1']);
    expect((await h.db.select().from(officerEvents).where(eq(officerEvents.caseId, c.id)))).toMatchObject([{ officerId: 'housing.fc1', kind: 'escalated' }]);
    await h.stopWorker();
  }, SLOW);

  it('keeps the committed holder when the directory changed between the two attempts', async () => {
    const p = await faultyWorker(2);
    const c = await openCase(h, 'civil.fc1');
    const first = decide(h, c.id, 'civil.fc1', { action: 'escalate', reason: 'legacy', note: '历史遗留' }, { 'idempotency-key': 'esc-2' });
    expect(await exited(p)).toBe(137);
    await first;
    // Between the attempts the chief the first attempt found leaves (no broadcast: only the directory changes).
    const found = (await firstRow(h.db.select().from(storeJobs).where(and(eq(storeJobs.workflowId, caseWorkflowId(c.id)), eq(storeJobs.jobNo, 2)))))!;
    const chief = (found.answers as { assignee?: { principalId: string } }[])[0]!.assignee!.principalId;
    await h.db.update(principals).set({ active: false }).where(eq(principals.id, chief));
    try {
      await h.startWorker();
      await eventually(
        () => decide(h, c.id, 'civil.fc1', { action: 'escalate', reason: 'legacy', note: '历史遗留' }, { 'idempotency-key': 'esc-2' }),
        (r) => r.statusCode === 200,
        60_000,
      );
      const { differences, workflow } = await compareCase(h.db, h.client, c.id);
      expect(differences).toEqual([]);
      // The holder is the one the committed job found, in the workflow and in the store alike.
      expect(workflow.assignee?.principalId).toBe(chief);
    } finally {
      await h.db.update(principals).set({ active: true }).where(eq(principals.id, chief));
      await h.stopWorker();
    }
  }, SLOW);

  it('supersedes the dead attempt when the retried task goes another way, and never sends its notice', async () => {
    const p = await faultyWorker(2);
    const c = await openCase(h, 'market.fc1');
    const first = decide(h, c.id, 'market.fc1', { action: 'escalate', reason: 'unsure', note: '第一次' }, { 'idempotency-key': 'esc-3' });
    expect(await exited(p)).toBe(137);
    await first;
    // While no worker runs, the officer sends another decision by signal: it is in the history before
    // the escalation was ever accepted, so the retried task takes it first.
    const signalled = await decide(h, c.id, 'market.fc1', { action: 'request_materials', items: ['营业执照'], note: '先补正材料' }, { prefer: 'respond-async', 'idempotency-key': 'mat-3' });
    expect(signalled.statusCode).toBe(202);
    await h.startWorker();
    const { differences, workflow } = await eventually(async () => (await compareCase(h.db, h.client, c.id)), (d) => d.differences.length === 0 && d.workflow.timeline.length > 2, 40_000);
    expect(differences).toEqual([]);
    expect(workflow.timeline[2]).toMatchObject({ seq: 3, action: 'materials_requested' });
    // The dead attempt's step is in the audit, superseded, and its notice was never sent.
    const gone = (await h.db.select().from(supersededSteps).where(eq(supersededSteps.caseId, c.id)));
    expect(gone).toMatchObject([{ seq: 3, action: 'escalated', reason: 'retried' }]);
    const setAside = (await h.db.select().from(outbox).where(like(outbox.key, `${c.id}:3:%~superseded~%`)));
    // The new holder's notice and the requester's news of the tier: neither goes out.
    expect(setAside.map((r) => r.recipientId).sort()).toEqual(['market.chief1', `requester:${c.id}`]);
    expect(setAside.every((r) => r.status === 'superseded' && r.sentAt === null)).toBe(true);
    expect((await h.db.select().from(officerEvents).where(eq(officerEvents.caseId, c.id))).filter((e) => e.kind === 'escalated' && e.seq === 3)).toEqual([]);
    await h.stopWorker();
  }, SLOW);
});
