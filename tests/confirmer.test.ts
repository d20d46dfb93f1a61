// The confirmer releases a job's notices once its workflow says it holds the job. Under a steady
// intake it must keep up, and no case may wait for a lull: a requester whose case was opened first
// should not get the text message last. The workflows' answers are stood in for here (the queries
// themselves are tested against Temporal in tests/one-truth.test.ts); what is tested is whom the
// confirmer asks, in which pass, and how many at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/client.js';
import { cases, storeJobs } from '../db/schema.js';
import { loadDemoDirectory } from '../db/demo.js';
import { createStoreCallActivities } from '../activities/store-call.js';
import { initialState, type CaseEvent } from '../domain/engine/case.js';
import type { CaseInput } from '../domain/case.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { createConfirmer } from '../reconcile/confirmer.js';
import { openTestStore } from '../scripts/pg/test-store.js';

const tmp = mkdtempSync(join(tmpdir(), 'confirmer-test-'));
let seq = 0;
const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Workflows that each wrote one job, in this order, a millisecond apart. */
async function waiting(db: Db, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `case-confirm-${String(i).padStart(4, '0')}`);
  const t0 = Date.parse('2026-12-05T09:00:00.000Z');
  await db.insert(storeJobs).values(
    ids.map((workflowId, i) => {
      const at = new Date(t0 + i).toISOString();
      return { workflowId, jobNo: 1, runId: `run-${i}`, eventId: 'started', at, answers: [], firstSeq: 1, lastSeq: 1, createdAt: at };
    }),
  );
  return ids;
}

/**
 * Every workflow holds its first job; each answer takes `ms` (or what `delay` says for it), and those
 * `silent` says never answer. Records who was asked, how many are being asked, and the most at once.
 */
function workflowsAnswering(ms: number, o: { silent?: (id: string) => boolean; delay?: (id: string) => number } = {}) {
  const asked: string[] = [];
  let inFlight = 0;
  let most = 0;
  const client = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflow: {
      getHandle: (workflowId: string) => ({
        query: async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, o.delay?.(workflowId) ?? ms));
          inFlight -= 1;
          asked.push(workflowId);
          if (o.silent?.(workflowId)) throw new Error('query timed out');
          return { jobs: 1, runId: 'run' };
        },
      }),
    },
  } as unknown as Client;
  return { client, asked, most: () => most, inFlight: () => inFlight };
}

const unconfirmed = async (db: Db) =>
  (await db.select({ workflowId: storeJobs.workflowId }).from(storeJobs).where(isNull(storeJobs.confirmedAt)).orderBy(storeJobs.workflowId)).map((r) => r.workflowId);

describe('the confirmer under a steady intake', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestStore(join(tmp, `db${++seq}`, 'cases.sqlite'));
    opened.push(db);
  });

  it('confirms the jobs written first in its first pass, even when more workflows wait than a pass takes', async () => {
    const ids = await waiting(db, 250);
    const w = workflowsAnswering(1);
    const confirmer = createConfirmer({ db, client: w.client });
    const first = await confirmer.runOnce();
    expect(first.confirmed).toBe(200);
    const left = await unconfirmed(db);
    // The first written and the last written are done; fifty in the middle wait one more pass.
    expect(left).not.toContain(ids[0]);
    expect(left).not.toContain(ids[99]);
    expect(left).not.toContain(ids[249]);
    expect(left).toEqual(ids.slice(100, 150));
    expect((await confirmer.runOnce()).confirmed).toBe(50);
    expect(await unconfirmed(db)).toEqual([]);
  });

  it('asks several workflows at once, as many as it is allowed', async () => {
    await waiting(db, 40);
    const eight = workflowsAnswering(15);
    expect((await createConfirmer({ db, client: eight.client }).runOnce()).confirmed).toBe(40);
    expect(eight.most()).toBe(8);
    expect(eight.asked).toHaveLength(40);
  });

  it('lets workflows that do not answer wait their turn without holding up the ones that do', async () => {
    // 400 waiting: the 150 written first and the 150 written last do not answer; the 100 between do.
    const ids = await waiting(db, 400);
    const silent = new Set([...ids.slice(0, 150), ...ids.slice(250)]);
    const w = workflowsAnswering(1, { silent: (id) => silent.has(id) });
    const confirmer = createConfirmer({ db, client: w.client });
    expect((await confirmer.runOnce()).confirmed).toBe(0);
    // The next pass leaves out those backing off, and reaches the ones in the middle.
    expect((await confirmer.runOnce()).confirmed).toBe(100);
    expect(await unconfirmed(db)).toEqual([...silent].sort());
  });

  it('keeps a pass going when one write fails, ends it only when every lane has, and tries that workflow again later', async () => {
    const ids = await waiting(db, 20);
    let failNext = true;
    const flaky = new Proxy(db, {
      get(target, key, receiver) {
        if (key !== 'tx') return Reflect.get(target, key, receiver) as unknown;
        return (fn: (tx: Db) => Promise<unknown>) => {
          if (!failNext) return target.tx(fn);
          failNext = false;
          return Promise.reject(new Error('connection terminated'));
        };
      },
    });
    // The first workflow answers at once, so the failing write is its.
    const w = workflowsAnswering(20, { delay: (id) => (id === ids[0] ? 0 : 20) });
    const warnings: string[] = [];
    const confirmer = createConfirmer({ db: flaky, client: w.client, log: (_level, m) => warnings.push(m) });
    expect((await confirmer.runOnce()).confirmed).toBe(19);
    expect(w.asked).toHaveLength(20);
    expect(w.inFlight()).toBe(0);
    expect(warnings.join('\n')).toContain(`confirm ${ids[0]}: connection terminated`);
    expect(await unconfirmed(db)).toEqual([ids[0]]);
    // It backs off for a second, then is confirmed.
    expect((await confirmer.runOnce()).confirmed).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await confirmer.runOnce()).confirmed).toBe(1);
    expect(await unconfirmed(db)).toEqual([]);
  });

  it('refuses a concurrency that would ask no one', () => {
    expect(() => createConfirmer({ db, client: workflowsAnswering(1).client, concurrency: 0 })).toThrow(/at least 1/);
  });

  it('asks one at a time when told to', async () => {
    await waiting(db, 10);
    const one = workflowsAnswering(5);
    expect((await createConfirmer({ db, client: one.client, concurrency: 1 }).runOnce()).confirmed).toBe(10);
    expect(one.most()).toBe(1);
  });
});

describe('giving up on a job the workflow never took', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestStore(join(tmp, `db${++seq}`, 'cases.sqlite'));
    opened.push(db);
  });

  const step = (seq: number, action: string) => ({ seq, at: '2026-12-05T09:00:00.000Z', tier: '1', actor: 'housing.fc1', action, data: { channel: 'window' } });
  const view = (steps: number) =>
    ({ id: 'C9', workflowId: 'case-C9', title: '测试', status: 'in_progress', tier: '1', phase: 'handling', leadUnitId: 'housing', involvedUnitIds: [], keyProject: false, assignee: null, holders: [], deadlineAt: null, deadlineProvisional: false, reminderAt: null, overdue: false, reopened: 0, reviewRequested: false, timeline: ['received', 'assigned', 'escalated'].slice(0, steps).map((a, i) => step(i + 1, a)) });

  /** A workflow whose `jobs` answers come from `counts` in turn (the last one repeated), and whose state is `state()`. */
  function workflow(counts: number[], state: () => unknown) {
    const asked: string[] = [];
    const client = {
      withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
      workflow: {
        getHandle: () => ({
          query: async (def: { name: string }) => {
            asked.push(def.name);
            if (def.name === 'jobs') return { runId: 'run', jobs: counts.length > 1 ? counts.shift()! : counts[0] };
            return state();
          },
        }),
      },
    } as unknown as Client;
    return { client, asked };
  }

  it('leaves a job alone when the workflow took it while its state was read, though a later job still waits, and confirms it next', async () => {
    // Jobs 2 and 3 were written ten minutes ago by one task attempt that died. When asked, the workflow
    // holds neither; by the time its state is read, its retried task has taken job 2 (found it
    // committed, and marked it taken again) and has not yet come to job 3. Job 3 still waits from ten
    // minutes ago, so a check of the oldest job waiting would say "give up".
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.insert(storeJobs).values([1, 2, 3].map((jobNo) => ({ workflowId: 'case-C9', jobNo, runId: 'run', eventId: `e${jobNo}`, at, answers: [], firstSeq: jobNo, lastSeq: jobNo + 1, createdAt: at, confirmedAt: jobNo === 1 ? at : null })));
    const w = workflow([1, 2], async () => {
      await db.update(storeJobs).set({ createdAt: new Date().toISOString() }).where(eq(storeJobs.jobNo, 2));
      return view(3);
    });
    const confirmer = createConfirmer({ db, client: w.client, abandonAfterMs: 60_000 });
    const first = await confirmer.runOnce();
    expect(first.abandoned).toBe(0);
    expect(w.asked).toEqual(['jobs', 'state']);
    const live = async () => (await db.select().from(storeJobs).where(isNull(storeJobs.supersededAt))).map((j) => j.jobNo).sort();
    expect(await live()).toEqual([1, 2, 3]);
    // The next pass finds job 2 held, and confirms it: its notices go out. Job 3 waits on.
    expect((await confirmer.runOnce()).confirmed).toBe(1);
    const waitingJobs = (await db.select().from(storeJobs).where(isNull(storeJobs.confirmedAt))).map((j) => j.jobNo);
    expect(waitingJobs).toEqual([3]);
  });

  it('leaves a job alone that the workflow took while its state was read and another confirmer confirmed meanwhile', async () => {
    // As above, and a second worker's confirmer, asking after the take, has already confirmed job 2
    // (its notices released): job 3 is the only one still waiting, and it is ten minutes old.
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.insert(storeJobs).values([1, 2, 3].map((jobNo) => ({ workflowId: 'case-C9', jobNo, runId: 'run', eventId: `e${jobNo}`, at, answers: [], firstSeq: jobNo, lastSeq: jobNo + 1, createdAt: at, confirmedAt: jobNo === 1 ? at : null })));
    const w = workflow([1], async () => {
      const now = new Date().toISOString();
      await db.update(storeJobs).set({ createdAt: now, confirmedAt: now }).where(eq(storeJobs.jobNo, 2));
      return view(3);
    });
    expect((await createConfirmer({ db, client: w.client, abandonAfterMs: 60_000 }).runOnce()).abandoned).toBe(0);
    expect((await db.select().from(storeJobs)).filter((j) => j.supersededAt)).toEqual([]);
  });

  it('leaves a job alone when a retried task took it after the workflow was asked, and confirms it next', async () => {
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.insert(storeJobs).values([1, 2].map((jobNo) => ({ workflowId: 'case-C9', jobNo, runId: 'run', eventId: `e${jobNo}`, at, answers: [], firstSeq: jobNo, lastSeq: jobNo + 1, createdAt: at, confirmedAt: jobNo === 1 ? at : null })));
    // The count does not move while the state is read, but the retried task finds job 2 committed and
    // takes it (what the store call does then: it marks the job taken again), and its task completes later.
    const w = workflow([1, 2], async () => {
      await db.update(storeJobs).set({ createdAt: new Date().toISOString() }).where(eq(storeJobs.jobNo, 2));
      return view(3);
    });
    const confirmer = createConfirmer({ db, client: w.client, abandonAfterMs: 60_000 });
    expect((await confirmer.runOnce()).abandoned).toBe(0);
    expect((await db.select().from(storeJobs)).filter((j) => j.supersededAt)).toEqual([]);
    expect((await confirmer.runOnce()).confirmed).toBe(1);
  });

  it('marks a committed job taken again when a retried task finds it, so the confirmer waits for it afresh', async () => {
    await loadDemoDirectory(db, {});
    const caseId = 'C10';
    const workflowId = `case-${caseId}`;
    const now = new Date().toISOString();
    await db.insert(cases).values({ id: caseId, workflowId, trackingCodeHash: 'x', createdBy: 'housing.fc1', title: '测试', description: '测试', channel: 'window', requesterKind: 'person', requesterName: '张三', status: 'in_progress', tier: '1', leadUnitId: 'housing', createdAt: now, updatedAt: now });
    const input: CaseInput = { caseId, title: '测试', requesterKind: 'person', channel: 'window', leadUnitId: 'housing', firstContactOfficerId: 'housing.fc1', involvedUnitIds: [], keyProject: false, createdBy: 'housing.fc1' };
    const started: CaseEvent = { type: 'started', at: now, input, workflowId };
    const store = createStoreCallActivities(db, { policy: DEFAULT_POLICY });
    const job = { key: { workflowId, runId: 'run', jobNo: 1, eventId: 'started' }, input, state: initialState(input, workflowId), event: started };
    expect((await store.caseJob(job)).committed).toBe(false);
    // The task that made it died; ten minutes later its retried attempt finds the job committed.
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.update(storeJobs).set({ createdAt: old }).where(eq(storeJobs.workflowId, workflowId));
    expect((await store.caseJob(job)).committed).toBe(true);
    const w = workflow([0], () => ({ ...view(0), id: caseId, workflowId }));
    expect((await createConfirmer({ db, client: w.client, abandonAfterMs: 60_000 }).runOnce()).abandoned).toBe(0);
    expect((await db.select().from(storeJobs).where(eq(storeJobs.workflowId, workflowId))).map((j) => [j.jobNo, j.supersededAt])).toEqual([[1, null]]);
  });

  it('gives up on a job the workflow still does not hold after its state was read', async () => {
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.insert(storeJobs).values([1, 2].map((jobNo) => ({ workflowId: 'case-C9', jobNo, runId: 'run', eventId: `e${jobNo}`, at, answers: [], firstSeq: jobNo, lastSeq: jobNo + 1, createdAt: at, confirmedAt: jobNo === 1 ? at : null })));
    const w = workflow([1], () => view(2));
    const r = await createConfirmer({ db, client: w.client, abandonAfterMs: 60_000 }).runOnce();
    expect(r.abandoned).toBe(1);
    const superseded = (await db.select().from(storeJobs)).filter((j) => j.supersededAt).map((j) => j.jobNo);
    expect(superseded).toEqual([2]);
  });
});
