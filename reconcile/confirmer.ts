// Jobs wait for the workflow. A job's store call commits before the workflow task that ran it has
// completed; if that task attempt dies, the job may never happen (a retried task can go another way,
// or simply do nothing more). So the store treats each job as unconfirmed until the workflow itself
// says it holds it: its `jobs` query answers from committed history.
// - Confirmed jobs release their notices: 'unconfirmed' outbox rows become 'pending' for the
//   dispatcher (notify/dispatcher.ts). A notice of an attempt that never completed is never sent.
//   Their integrators' events are numbered in their case's stream and placed in the change feed then
//   (db/integration-events.ts), in the same transaction.
// - A job the workflow still does not hold well after any task could have been running (the store
//   call gives up within a minute) was written by a dead attempt: it is superseded, and the store's
//   copy is made equal to the workflow's state again.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import type { CaseView, PartView } from '../domain/case.js';
import { createStoreCopy } from '../activities/store-copy.js';
import { integrationEventStore } from '../db/integration-events.js';
import { jobsQuery, partStateQuery, stateQuery } from '../workflows/definitions.js';
import { releaseJobNotices } from '../notify/outbox.js';

export interface ConfirmerOptions {
  db: Db;
  client: Client;
  /** How often it looks for unconfirmed jobs (default 300 ms). */
  pollMs?: number;
  /**
   * How many workflows it asks at once (default 8). A query is mostly a wait for the worker; asked
   * one after another, a busy worker's answers (tens of ms each) fall behind a steady intake, and
   * the notices behind them wait minutes. The writes that follow the answers still go one at a time.
   */
  concurrency?: number;
  /** How long a query may take before the workflow is asked again later (default 3 s). */
  queryTimeoutMs?: number;
  /** A job still unconfirmed this long after it was written is a dead attempt's (default 2 min). */
  abandonAfterMs?: number;
  clock?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface ConfirmReport {
  confirmed: number;
  released: number;
  /** Integrators' events numbered and placed in the change feed. */
  events: number;
  abandoned: number;
}

/** A workflow with unconfirmed jobs: the first of them, when it was written, and what kind of copy the store keeps. */
interface Waiting {
  workflowId: string;
  firstJob: number;
  firstAt: string;
  kind: string | null;
}

export function createConfirmer(o: ConfirmerOptions) {
  const { db, client, pollMs = 300, concurrency = 8, queryTimeoutMs = 3_000, abandonAfterMs = 120_000, log = () => {} } = o;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`the confirmer's concurrency must be a whole number of at least 1, not ${concurrency}`);
  const clock = o.clock ?? (() => new Date());
  const copy = createStoreCopy(db, clock);
  const events = integrationEventStore(db);
  // Each pass takes the workflows waiting longest and those written last, a hundred of each, leaving
  // out those backing off. The newest alone starved the oldest for as long as intake kept up (their
  // notices waited until it stopped); the oldest alone would let workflows that never answer hold up
  // everyone after them. Each end is read five times deeper than it is taken, so that a few hundred
  // workflows backing off at once cannot fill it. (c.kind is one per workflow: grouped by it too, as
  // PostgreSQL wants every selected column grouped or aggregated.)
  const PER_END = 100;
  const waitingBy = (order: string) =>
    db.statement<Waiting>(
      `select j.workflow_id as workflowId, min(j.job_no) as firstJob, min(j.created_at) as firstAt, c.kind as kind
       from store_jobs j left join workflow_copies c on c.workflow_id = j.workflow_id
       where j.confirmed_at is null and j.superseded_at is null group by j.workflow_id, c.kind order by ${order} limit ${PER_END * 5}`,
    );
  const oldest = waitingBy('min(j.id) asc');
  const newest = waitingBy('max(j.id) desc');
  const confirm = db.statement(
    `update store_jobs set confirmed_at = @at where workflow_id = @workflowId and job_no <= @jobs and confirmed_at is null and superseded_at is null`,
  );
  /** A workflow that did not confirm is asked again later, less often each time (its task may be retrying). */
  const backoff = new Map<string, { next: number; wait: number }>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const ask = <T>(fn: () => Promise<T>) => client.withDeadline(Date.now() + queryTimeoutMs, fn);
  // The lanes wait for answers side by side but write one at a time: on PostgreSQL each write holds
  // a pooled connection and queues on the change feed's counter row, and the store calls need the pool.
  let writing: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(fn: () => Promise<T>): Promise<T> => {
    const turn = writing.then(fn);
    writing = turn.catch(() => undefined);
    return turn;
  };
  const backOff = (workflowId: string, first: number, cap: number) => {
    const wait = Math.min((backoff.get(workflowId)?.wait ?? first) * 2, cap);
    backoff.set(workflowId, { next: Date.now() + wait, wait });
  };
  const backingOff = (workflowId: string) => (backoff.get(workflowId)?.next ?? 0) > Date.now();

  async function follow(w: Waiting, r: ConfirmReport): Promise<void> {
    if (backingOff(w.workflowId)) return;
    const handle = client.workflow.getHandle(w.workflowId);
    let jobs: number;
    let runId: string;
    try {
      ({ jobs, runId } = await ask(() => handle.query(jobsQuery)));
    } catch (err) {
      log('warn', `confirm ${w.workflowId}: ${(err as Error).message}`);
      return backOff(w.workflowId, 500, 60_000);
    }
    const at = clock().toISOString();
    if (jobs >= w.firstJob) {
      // Each count is added once its write is done: `r.x += await …` would read r.x first, and lose
      // what another lane added meanwhile.
      const done = await oneAtATime(() =>
        db.tx(async () => ({
          confirmed: (await confirm.run({ workflowId: w.workflowId, jobs, at })).changes,
          released: await releaseJobNotices(db, w.workflowId, jobs, clock()),
          events: await events.releaseJobs(w.workflowId, jobs, at),
        })),
      );
      r.confirmed += done.confirmed;
      r.released += done.released;
      r.events += done.events;
      backoff.delete(w.workflowId);
      return;
    }
    if (Date.parse(w.firstAt) > Date.now() - abandonAfterMs) return backOff(w.workflowId, 250, 10_000);
    // Long past any attempt that could still complete: the workflow never took these jobs.
    try {
      // The state is read by a second query, and a retried task may take a job (finding it committed)
      // before or after it: the store call marks a job it takes as taken again, so the store is asked
      // once more, holding the copy's row, and gives up only if no job past the count was written or
      // taken within the wait. Resyncing to the count would otherwise supersede a job the workflow
      // holds, and its notices would never go out (tests/confirmer.test.ts).
      const stillAbandoned = async () => {
        await copy.statements.lockCopy(w.workflowId);
        const since = await copy.statements.waitingSince(w.workflowId, jobs);
        return since !== null && Date.parse(since) <= Date.now() - abandonAfterMs;
      };
      let gaveUp = false;
      if (w.kind === 'part') {
        const v = (await ask(() => handle.query(partStateQuery))) as PartView;
        gaveUp = await oneAtATime(() => db.tx(async () => (await stillAbandoned()) && !!(await copy.resyncPart(v, { runId, jobNo: jobs, reason: 'retried', supersede: true }))));
      } else {
        const v = (await ask(() => handle.query(stateQuery))) as CaseView;
        gaveUp = await oneAtATime(() => db.tx(async () => (await stillAbandoned()) && !!(await copy.resyncCase(v, { runId, jobNo: jobs, reason: 'retried', supersede: true }))));
      }
      if (!gaveUp) return;
      r.abandoned += 1;
      backoff.delete(w.workflowId);
    } catch (err) {
      log('warn', `abandon ${w.workflowId}: ${(err as Error).message}`);
      backOff(w.workflowId, 500, 60_000); // a workflow that does not answer is not asked three times a pass
    }
  }

  async function runOnce(): Promise<ConfirmReport> {
    const r: ConfirmReport = { confirmed: 0, released: 0, events: 0, abandoned: 0 };
    const seen = new Set<string>();
    const take = (ws: Waiting[]) => ws.filter((w) => !backingOff(w.workflowId) && !seen.has(w.workflowId)).slice(0, PER_END).filter((w) => !!seen.add(w.workflowId));
    const batch = [...take(await oldest.all()), ...take(await newest.all())];
    let next = 0;
    // A failure stays in its workflow's turn (it backs off), so the pass ends only when every lane has.
    const lane = async () => {
      while (next < batch.length) {
        const w = batch[next++];
        await follow(w, r).catch((err: unknown) => {
          log('warn', `confirm ${w.workflowId}: ${(err as Error).message}`);
          backOff(w.workflowId, 500, 60_000);
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
    if (r.abandoned) log('info', `confirmer: ${JSON.stringify(r)}`);
    return r;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err) => log('error', `confirmer: ${(err as Error).message}`))
        .finally(schedule);
    }, pollMs);
  }

  return {
    runOnce,
    start: () => {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type Confirmer = ReturnType<typeof createConfirmer>;
