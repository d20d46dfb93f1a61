// Telling every running workflow that the official calendar changed (calendarChangedSignal), so each
// recomputes its running deadline through the calendar activity.
//
// How it stays durable: the load writes a 'pending' row (calendar_loads.retiming) in the same
// transaction as the year itself. This module lists the running workflows of our task queue that hold
// deadlines (visibility query) and signals each; only once every one was told is the row marked done.
// If the API dies mid-way, the row stays pending and the next start of the API (and its sweep every
// minute) tells them all again. Telling a workflow twice is harmless: recomputing gives the same date
// and records nothing. Several pending loads are sent as one signal naming all their years.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { calendarChangedSignal, type WorkflowName } from '../workflows/definitions.js';
import { finishRetiming, pendingRetimings, retimingFailed } from '../services/calendar.js';

/** The workflow types that hold a deadline and handle calendarChanged. */
export const RETIMED_WORKFLOW_TYPES = ['caseWorkflow', 'unitPartWorkflow', 'consultationWorkflow', 'complaintWorkflow', 'villageMonthWorkflow'] as const satisfies readonly WorkflowName[];

/** Signals sent at once; a visibility page is 1,000 workflows. */
const PARALLEL = 16;

export interface RetimingDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  log?: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void };
}

export function runningDeadlineQuery(taskQueue: string): string {
  const types = RETIMED_WORKFLOW_TYPES.map((t) => `'${t}'`).join(', ');
  return `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue.replace(/'/g, "\\'")}' AND WorkflowType IN (${types})`;
}

async function broadcastOnce(d: RetimingDeps): Promise<number> {
  const pending = (await pendingRetimings(d.db));
  if (pending.length === 0) return 0;
  const ids = pending.map((p) => p.id);
  const years = [...new Set(pending.map((p) => p.year))].sort((a, b) => a - b);
  const documentNo = pending[pending.length - 1].documentNo;
  try {
    let signalled = 0;
    let batch: Promise<void>[] = [];
    for await (const wf of d.client.workflow.list({ query: runningDeadlineQuery(d.taskQueue) })) {
      batch.push(
        d.client.workflow
          .getHandle(wf.workflowId, wf.runId)
          .signal(calendarChangedSignal, { years, documentNo })
          .then(
            () => void signalled++,
            (e) => {
              // Finished since the list was read: nothing left to re-time.
              if (!(e instanceof WorkflowNotFoundError)) throw e;
            },
          ),
      );
      if (batch.length >= PARALLEL) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
    await finishRetiming(d.db, ids, { signalled, now: new Date() });
    d.log?.info?.({ years, signalled }, 'calendar change sent to running workflows');
    return signalled;
  } catch (e) {
    await retimingFailed(d.db, ids, e instanceof Error ? e.message : String(e));
    d.log?.warn({ years, err: e instanceof Error ? e.message : String(e) }, 'could not tell every running workflow of the calendar change yet; will retry');
    return 0;
  }
}

const inFlight = new WeakMap<Db, Promise<number>>();

/**
 * Tells running workflows of every pending load. One pass at a time per store; a call during a pass
 * runs another pass right after it (a load that arrived meanwhile is not missed).
 */
export function broadcastCalendarChanges(d: RetimingDeps): Promise<number> {
  const prev = inFlight.get(d.db) ?? Promise.resolve(0);
  const next = prev.catch(() => 0).then(async () => (await broadcastOnce(d)));
  inFlight.set(d.db, next);
  void next.finally(() => {
    if (inFlight.get(d.db) === next) inFlight.delete(d.db);
  });
  return next;
}

/** Waits for the pass in flight, if any (shutdown, tests). */
export async function calendarBroadcastSettled(db: Db): Promise<void> {
  await inFlight.get(db)?.catch(() => undefined);
}
