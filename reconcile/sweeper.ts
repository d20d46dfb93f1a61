// The store catches up with Temporal by itself. Every pass asks visibility which runs of our workflows
// started or closed since the last pass (a reset terminates the old run and starts a new one; an
// operator's terminate closes one), and brings the store's copy of each changed workflow in line with
// its state query: another run supersedes what the store kept of the old one, a run that stopped
// without finishing leaves the inboxes (halted), a store that missed steps gets them. A request for
// a full pass (`npm run store:rebuild`, a restore) goes over every running and recently closed run.
// Workflows that stopped retrying their store call (StoreBehind) are told the store answers again.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Db } from '../db/client.js';
import type { CaseView, PartView } from '../domain/case.js';
import type { ComplaintState } from '../domain/engine/complaint.js';
import type { VillageMonthView } from '../domain/village.js';
import { createStoreCopy, type SupersedeReason } from '../activities/store-copy.js';
import { resyncComplaint } from '../activities/complaints.js';
import { resyncVillageMonth } from '../activities/village.js';
import { complaintStateQuery, directoryJournalId, jobsQuery, journalQuery, partStateQuery, stateQuery, storeRetrySignal, villageMonthQuery } from '../workflows/definitions.js';
import { applyDirectoryJournal } from '../services/directory-admin.js';

/** The workflows whose copy the store keeps, by type name. */
const KINDS = { caseWorkflow: 'case', unitPartWorkflow: 'part', complaintWorkflow: 'complaint', villageMonthWorkflow: 'village_month' } as const;
type Kind = (typeof KINDS)[keyof typeof KINDS];
const TYPES = Object.keys(KINDS).map((t) => `'${t}'`).join(', ');
/** Runs that close without finishing their work: the case is nobody's to act on any more. */
const HALTING = new Set(['TERMINATED', 'FAILED', 'TIMED_OUT', 'CANCELLED']);

export interface SweeperOptions {
  db: Db;
  client: Client;
  /** The task queue this store's workflows run on: other deployments sharing the namespace are not ours to follow. */
  taskQueue: string;
  /** Between passes (default 15 s). A reset or a termination is in the store within one pass. */
  intervalMs?: number;
  /** A pass also looks this far back before the previous one (default 60 s: visibility lags a little). */
  overlapMs?: number;
  clock?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface SweepReport {
  looked: number;
  resynced: number;
  halted: number;
  superseded: number;
  filled: number;
  retried: number;
  /** Full pass only: tokens revoked and principals deactivated again from the directory's journal. */
  revoked?: number;
  deactivated?: number;
  failed: string[];
}

export function createSweeper(o: SweeperOptions) {
  const { db, client, intervalMs = 15_000, overlapMs = 60_000, log = () => {} } = o;
  const clock = o.clock ?? (() => new Date());
  const copy = createStoreCopy(db, clock);
  const q = copy.statements;
  const rebuildRequested = db.statement<{ value: string }>(`select value from store_meta where key = 'rebuild_requested_at'`);
  const clearRebuild = db.statement(`delete from store_meta where key = 'rebuild_requested_at' and value = ?`);
  const haltCase = db.statement(`update cases set halted_at = @at, halted_reason = @reason, assignee_id = null where id = @caseId and halted_at is null`);
  const haltPart = db.statement(`update case_parts set status = 'halted', assignee_id = null where workflow_id = @workflowId and status = 'open'`);
  const haltCopy = db.statement(`update workflow_copies set halted_status = @status, halted_at = @at where workflow_id = @workflowId`);
  let since: Date | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  // Only runs on this store's task queue: a namespace may hold other deployments (another city, the
  // tests' other stores), whose workflows this store never held and whose workers may be gone.
  const list = async (query: string): Promise<WorkflowExecutionInfo[]> => {
    const out: WorkflowExecutionInfo[] = [];
    for await (const w of client.workflow.list({ query: `TaskQueue = '${o.taskQueue.replace(/'/g, "''")}' AND ${query}` })) out.push(w);
    return out;
  };

  /** A run made by a reset carries the first run's id in its start event. */
  async function isReset(w: WorkflowExecutionInfo): Promise<boolean> {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId: w.workflowId, runId: w.runId },
      maximumPageSize: 1,
    });
    const original = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId;
    return !!original && original !== w.runId;
  }

  /** A workflow's copy made to agree with its state query; `supersede` where nothing of the run can be in flight. */
  async function resync(kind: Kind, workflowId: string, runId: string, reason: SupersedeReason, supersede: boolean, r: SweepReport): Promise<void> {
    const h = client.workflow.getHandle(workflowId, runId);
    const jobs = kind === 'case' || kind === 'part' ? (await h.query(jobsQuery)).jobs : 0;
    const apply = async (f: () => Promise<{ superseded: number; filled: number } | void>) => {
      const res = await db.tx(f);
      if (res) {
        r.superseded += res.superseded;
        r.filled += res.filled;
      }
    };
    if (kind === 'case') {
      const v = await h.query(stateQuery);
      await apply(async () => (await copy.resyncCase(v as CaseView, { runId, jobNo: jobs, reason, supersede })));
    } else if (kind === 'part') {
      const v = await h.query(partStateQuery);
      await apply(async () => (await copy.resyncPart(v as PartView, { runId, jobNo: jobs, reason, supersede })));
    } else if (kind === 'complaint') {
      const v = await h.query(complaintStateQuery);
      await apply(async () => (await resyncComplaint(db, v as ComplaintState)));
    } else {
      const v = await h.query(villageMonthQuery);
      await apply(async () => (await resyncVillageMonth(db, v as VillageMonthView, clock)));
    }
    r.resynced += 1;
  }

  /** One run seen in visibility: is the store's copy of its workflow this run, and does it know how it ended? */
  async function follow(w: WorkflowExecutionInfo, r: SweepReport, full: boolean): Promise<void> {
    const kind = KINDS[w.type as keyof typeof KINDS];
    if (!kind) return;
    r.looked += 1;
    const held = await q.copyOf(w.workflowId);
    const status = w.status.name;
    try {
      if (status === 'RUNNING') {
        // A run the store has not seen: a reset (another run of a workflow it follows), or a full pass.
        if (kind === 'complaint' || kind === 'village_month') {
          // Their store writes are activities, done only once a task has completed: only a reset
          // (a run that is not the first of its history) can leave their copy behind or ahead.
          if (full || (await isReset(w))) await resync(kind, w.workflowId, w.runId, 'reset', true, r);
          return;
        }
        if (held && held.runId !== w.runId) await resync(kind, w.workflowId, w.runId, 'reset', true, r);
        else if (full) await resync(kind, w.workflowId, w.runId, 'resync', false, r);
        return;
      }
      if (status === 'COMPLETED' || status === 'CONTINUED_AS_NEW') {
        if (full || (held && held.runId !== w.runId)) await resync(kind, w.workflowId, w.runId, held && held.runId !== w.runId ? 'reset' : 'resync', true, r);
        return;
      }
      if (!HALTING.has(status)) return;
      // Closed without finishing. If a newer run took over (a reset), the pass that sees it starts takes it.
      const latest = await client.workflow.getHandle(w.workflowId).describe();
      if (latest.runId !== w.runId) return;
      if (kind === 'case' || kind === 'part') {
        // Its last completed state is what happened; anything past it was never confirmed.
        await resync(kind, w.workflowId, w.runId, 'resync', true, r).catch((err) => log('warn', `halted ${w.workflowId}: no state to read (${(err as Error).message})`));
        const at = clock().toISOString();
        await db.tx(async () => {
          await haltCopy.run({ workflowId: w.workflowId, status, at });
          if (kind === 'case') await haltCase.run({ caseId: held?.caseId ?? w.workflowId.replace(/^case-/, ''), at, reason: status });
          else await haltPart.run({ workflowId: w.workflowId });
        });
        r.halted += 1;
      }
    } catch (err) {
      r.failed.push(`${w.workflowId}: ${(err as Error).message}`);
    }
  }

  async function reapplyJournal(r: SweepReport): Promise<void> {
    try {
      const entries = await client.workflow.getHandle(directoryJournalId(o.taskQueue)).query(journalQuery);
      const changed = (await applyDirectoryJournal(db, entries));
      r.revoked = changed.tokens;
      r.deactivated = changed.principals;
    } catch (err) {
      // No journal yet: nothing was ever revoked or deactivated through the API.
      if ((err as Error).name !== 'WorkflowNotFoundError') r.failed.push(`${directoryJournalId(o.taskQueue)}: ${(err as Error).message}`);
    }
  }

  /** One pass. `full`: every running and closed run visibility still holds (a restore, a rebuild). */
  async function runOnce(opts: { full?: boolean } = {}): Promise<SweepReport> {
    const started = clock();
    const requested = (await rebuildRequested.get())?.value;
    const full = opts.full || !!requested;
    const r: SweepReport = { looked: 0, resynced: 0, halted: 0, superseded: 0, filled: 0, retried: 0, failed: [] };
    const from = new Date((since?.getTime() ?? started.getTime() - 10 * 60_000) - overlapMs).toISOString();
    const runs = full
      ? await list(`WorkflowType IN (${TYPES})`)
      : [...(await list(`WorkflowType IN (${TYPES}) AND StartTime >= '${from}'`)), ...(await list(`WorkflowType IN (${TYPES}) AND CloseTime >= '${from}'`))];
    // After a restore: what was revoked or deactivated since the backup, from the journal in Temporal,
    // first, so a revoked token is refused again before the cases are rebuilt.
    if (full) await reapplyJournal(r);
    const seen = new Set<string>();
    for (const w of runs) {
      if (seen.has(w.runId)) continue;
      seen.add(w.runId);
      await follow(w, r, full);
    }
    // Workflows that stopped retrying their store call: the store answers (this pass read it), go on.
    for (const w of await list(`StoreBehind = true AND ExecutionStatus = 'Running'`)) {
      await client.workflow.getHandle(w.workflowId).signal(storeRetrySignal).then(
        () => (r.retried += 1),
        (err) => r.failed.push(`${w.workflowId}: ${(err as Error).message}`),
      );
    }
    if (requested && !r.failed.length) await clearRebuild.run(requested);
    since = started;
    if (r.resynced || r.halted || r.revoked || r.deactivated || r.failed.length) log(r.failed.length ? 'warn' : 'info', `store reconciliation: ${JSON.stringify(r)}`);
    return r;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err) => log('error', `store reconciliation: ${(err as Error).message}`))
        .finally(schedule);
    }, intervalMs);
  }

  return {
    runOnce,
    start() {
      stopped = false;
      // The first pass at once: a worker that starts after a restore or an outage catches up now.
      running = runOnce()
        .catch((err) => log('error', `store reconciliation: ${(err as Error).message}`))
        .finally(schedule);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type Sweeper = ReturnType<typeof createSweeper>;
