// The store's copy of a case and its parts, written from what the workflow holds: the audit copy of
// each step (case_steps) with what it means for supervision (officer_events), the read model behind
// inboxes and reports (cases, case_units, case_parts), and the outbox. Also what makes the copy agree
// with the workflow again: steps the workflow no longer has are superseded (kept for the audit in
// superseded_steps), steps the store missed are filled in from the workflow's timeline. Used by the
// store call (store-call.ts), the reconciliation (reconcile/) and `npm run store:rebuild`.
import type { Db } from '../db/client.js';
import { transitionStatements } from '../db/transition-statements.js';
import { phaseHasDeadline, type CaseInput, type CaseView, type NotificationRequest, type PartView, type TimelineStep } from '../domain/case.js';
import { caseJudgement } from '../domain/satisfaction.js';
import { supervisionItemsOf } from '../domain/supervision-items.js';
import { enqueueNotificationsInTransaction, type NotificationItem } from '../notify/outbox.js';
import { describeCitation, indexResolvedCase, recordCitations } from '../db/library.js';
import { integrationEventStore } from '../db/integration-events.js';

/** People read deadlines in Beijing time (UTC+8, no DST): "2026-11-30 17:30". */
const BEIJING = 8 * 3_600_000;
function forPeople(vars: Record<string, string>): Record<string, string> {
  const out = { ...vars };
  for (const k of ['deadline', 'dueAt']) {
    const t = Date.parse(out[k] ?? '');
    if (out[k] && !Number.isNaN(t)) out[k] = new Date(t + BEIJING).toISOString().slice(0, 16).replace('T', ' ');
  }
  return out;
}

const precedentIdsOf = (steps: TimelineStep[]): string[] => {
  const ids = steps.find((s) => s.action === 'resolved')?.data?.precedentIds;
  return Array.isArray(ids) ? (ids as string[]) : [];
};

/** Why steps left the current record: a task attempt that never completed, another run, a rebuild. */
export type SupersedeReason = 'retried' | 'reset' | 'resync';

/** A part's officer events and notices share the case's tables under a key of its own (seqs never collide). */
export function partKey(p: Pick<PartView, 'caseId' | 'unitId' | 'workflowId'>): string {
  return p.workflowId === `case-${p.caseId}-part-${p.unitId}` ? `${p.caseId}#${p.unitId}` : `${p.caseId}#${p.workflowId}`;
}

/** The job a write belongs to: its notices wait as 'unconfirmed' until the workflow confirms it (reconcile/confirmer.ts). */
export interface WritingJob {
  workflowId: string;
  jobNo: number;
}

export function createStoreCopy(db: Db, clock: () => Date = () => new Date()) {
  // The statements of every job, compiled once for this connection.
  const q = transitionStatements(db);
  const events = integrationEventStore(db);
  const headOf = async (unitId: string) => (await q.headOf(unitId)) ?? `unit:${unitId}`;
  const recipientOf = async (caseId: string, to: NotificationRequest['to']): Promise<string> =>
    'principalId' in to ? to.principalId : 'unitHeadOf' in to ? (await headOf(to.unitHeadOf)) : 'requester' in to ? `requester:${caseId}` : '';
  /** One outbox row per recipient: "the efficiency office" is each of its active supervisors. */
  const expand = async (caseId: string, n: NotificationRequest): Promise<{ key: string; recipientId: string }[]> =>
    'supervisors' in n.to ? (await q.supervisors()).map((id) => ({ key: `${n.key}:${id}`, recipientId: id })) : [{ key: n.key, recipientId: (await recipientOf(caseId, n.to)) }];

  /** Steps of a case (or of a part, under its key): the audit copy and their officer events. */
  async function writeSteps(caseId: string, eventCase: string, steps: TimelineStep[], withStepRows: boolean): Promise<void> {
    for (const st of steps) {
      if (withStepRows) {
        await q.insertStep({
          caseId,
          seq: st.seq,
          at: st.at,
          tier: st.tier,
          actor: st.actor,
          action: st.action,
          note: st.note ?? null,
          subjectId: st.subjectId ?? null,
          deadlineAt: st.deadlineAt ?? null,
          data: st.data ?? null,
          elementId: st.elementId ?? null,
          officerEvents: st.officerEvents ?? null,
        });
        // Decisions that cite precedents (escalate, resolve) count as uses in the case library.
        const cited = st.data?.precedentIds;
        if (Array.isArray(cited) && cited.length) await recordCitations(db, { caseId, seq: st.seq, action: st.action, precedentIds: cited, at: st.at });
      }
      for (const e of st.officerEvents ?? []) {
        const officerId = 'principalId' in e.officer ? e.officer.principalId : (await headOf(e.officer.unitHeadOf));
        await q.insertOfficerEvent({ caseId: eventCase, seq: st.seq, officerId, unitId: e.unitId ?? null, tier: e.tier ?? null, kind: e.kind, at: st.at });
      }
    }
  }

  /** The read model row, the units and the supervision items of a case, as the view says. */
  async function writeCaseView(v: CaseView): Promise<void> {
    const at = clock().toISOString();
    const closed = ['resolved', 'refused', 'withdrawn'].includes(v.status);
    // The judgement the satisfaction figures count, by the one rule (domain/satisfaction.ts).
    const judged = caseJudgement(v.timeline);
    await q.updateCase({
      id: v.id,
      status: v.status,
      tier: v.tier,
      assigneeId: v.assignee?.principalId ?? null,
      assigneeName: v.assignee?.name ?? null,
      assigneeRole: v.assignee?.role ?? null,
      deadlineAt: phaseHasDeadline(v.phase) ? v.deadlineAt : null,
      deadlineProvisional: v.deadlineProvisional,
      closedTier: v.outcome?.tier ?? null,
      closedAt: closed ? (v.outcome?.at ?? at) : null,
      rating: v.rating?.rating ?? null,
      countedRating: judged?.rating ?? null,
      countedRatingAt: judged?.at ?? null,
      countedRatingSource: judged?.source ?? null,
      lastSeq: v.timeline.length,
      view: { ...v, timeline: [] },
      updatedAt: at,
    });
    for (const u of [v.leadUnitId, ...v.involvedUnitIds]) await q.insertCaseUnit(v.id, u, u === v.leadUnitId ? 'lead' : 'involved');
    await q.replaceSupervisionItems(v.id, supervisionItemsOf(v));
    // A resolved case enters the library masked (on SQLite a trigger does it; PostgreSQL cannot call maskPersonal).
    if (v.status === 'resolved') await indexResolvedCase(db, v.id);
  }

  /** A unit's part: its row (the inbox of whoever holds it) and its unit on the case. */
  async function writePart(p: PartView): Promise<void> {
    await q.upsertPart({
      caseId: p.caseId,
      unitId: p.unitId,
      workflowId: p.workflowId,
      status: p.status,
      tier: p.tier,
      assigneeId: p.status === 'open' ? (p.assignee?.principalId ?? null) : null,
      assigneeName: p.assignee?.name ?? null,
      deadlineAt: p.deadlineAt,
      stance: p.answer?.stance ?? null,
      lastSeq: p.timeline.length,
      view: p,
      updatedAt: clock().toISOString(),
    });
    await q.insertCaseUnit(p.caseId, p.unitId, 'involved');
  }

  /** The outbox rows of a job's notices (the requester hears which precedents the solution followed). */
  async function enqueue(caseId: string, notifications: NotificationRequest[], steps: TimelineStep[], job: WritingJob | null): Promise<void> {
    if (!notifications.length) return;
    const items: NotificationItem[] = [];
    for (const n of notifications) {
      // The requester hears which precedents the solution followed (参照外地经验), which only the library knows.
      const vars = forPeople(n.template === 'feedback_resolved' ? { ...n.vars, citation: await describeCitation(db, precedentIdsOf(steps)) } : n.vars);
      for (const r of await expand(caseId, n)) {
        items.push({ key: r.key, caseId, recipientId: r.recipientId, recipientKind: n.recipientKind, template: n.template, vars });
      }
    }
    await enqueueNotificationsInTransaction(db, items, clock(), job ?? undefined);
  }

  /**
   * Everything the store holds of a workflow past what the workflow holds: steps after `afterSeq`, jobs
   * from `fromJobNo`, their officer events and notices. Kept for the audit, never counted or sent.
   */
  async function supersede(o: { workflowId: string; caseId: string; eventCase: string; afterSeq: number; fromJobNo: number; reason: SupersedeReason; runId: string; caseSteps: boolean }): Promise<void> {
    const at = clock().toISOString();
    await q.supersedeJobs({ workflowId: o.workflowId, fromJobNo: o.fromJobNo, at, reason: o.reason });
    if (o.caseSteps) {
      await q.supersedeSteps({ caseId: o.caseId, eventCase: o.eventCase, afterSeq: o.afterSeq, at, reason: o.reason, runId: o.runId });
      await q.supersedeRequesterMessages({ caseId: o.caseId, afterSeq: o.afterSeq, at });
    }
    await q.supersedeOfficerEvents({ eventCase: o.eventCase, afterSeq: o.afterSeq, at });
    await q.supersedeOutbox({ workflowId: o.workflowId, fromJobNo: o.fromJobNo, at });
    await events.supersedeJobs(o.workflowId, o.fromJobNo, at);
  }

  /**
   * Makes the store's copy of a case agree with the workflow's view (its state query, or the state a
   * job starts from). Steps the store missed are written from the view's timeline, without notices
   * (whether they went out before is unknown, and a restore must not send anything twice). Steps the
   * store holds beyond or against the view are superseded only with `supersede` (another run, a closed
   * workflow, a job that goes another way): in the same running run they may belong to a job still in
   * flight, which the workflow will confirm or supersede itself.
   */
  /**
   * A case whose row the store does not have (restored from a backup older than the case): a row from
   * what the workflow knows (its input when the store call has it, else its `received` step). The
   * requester's name and phone never enter Temporal, so they are lost with the backup; the row says so,
   * and its tracking-code hash matches no code (the requester's link stops working; docs/operations.md).
   */
  async function ensureCaseRow(v: CaseView, input?: CaseInput): Promise<void> {
    if ((await q.caseRowExists(v.id))) return;
    const received = v.timeline.find((s) => s.action === 'received');
    const data = (received?.data ?? {}) as { channel?: string; category?: string };
    const at = received?.at ?? clock().toISOString();
    await q.insertRestoredCase({
      id: v.id,
      workflowId: v.workflowId,
      createdBy: input?.createdBy ?? received?.actor ?? 'unknown',
      title: v.title,
      category: input?.category ?? data.category ?? null,
      channel: input?.channel ?? data.channel ?? 'unknown',
      requesterKind: input?.requesterKind ?? 'person',
      keyProject: v.keyProject,
      status: v.status,
      tier: v.tier,
      leadUnitId: v.leadUnitId,
      createdAt: at,
      updatedAt: clock().toISOString(),
    });
  }

  async function resyncCase(v: CaseView, o: { runId: string; jobNo: number; reason: SupersedeReason; supersede: boolean; input?: CaseInput }): Promise<Resynced> {
    await q.lockCopy(v.workflowId);
    await ensureCaseRow(v, o.input);
    const stored = await q.stepsOf(v.id);
    const same = samePrefix(stored, v.timeline);
    let superseded = 0;
    if (same < stored.length) {
      if (!o.supersede) return { superseded: 0, filled: 0, ahead: true };
      superseded = stored.length - same;
      await supersede({ workflowId: v.workflowId, caseId: v.id, eventCase: v.id, afterSeq: same, fromJobNo: o.jobNo + 1, reason: o.reason, runId: o.runId, caseSteps: true });
    } else if (o.supersede) await supersede({ workflowId: v.workflowId, caseId: v.id, eventCase: v.id, afterSeq: v.timeline.length, fromJobNo: o.jobNo + 1, reason: o.reason, runId: o.runId, caseSteps: true });
    const missing = v.timeline.slice(same);
    await writeSteps(v.id, v.id, missing, true);
    await events.writeConfirmed(v.id, missing, clock().toISOString());
    await writeCaseView(v);
    const units = new Set([v.leadUnitId, ...v.involvedUnitIds]);
    for (const u of (await q.caseUnitsOf(v.id))) if (!units.has(u)) await q.dropCaseUnit(v.id, u);
    await q.saveCopy({ workflowId: v.workflowId, kind: 'case', caseId: v.id, runId: o.runId, jobNo: o.jobNo, lastSeq: v.timeline.length, updatedAt: clock().toISOString() });
    return { superseded, filled: missing.length, ahead: false };
  }

  /** The same for a unit's part: its steps live in its row's view, its officer events under its key. */
  async function resyncPart(p: PartView, o: { runId: string; jobNo: number; reason: SupersedeReason; supersede: boolean }): Promise<Resynced> {
    await q.lockCopy(p.workflowId);
    const key = partKey(p);
    const stored = (await q.partTimelineOf(p.workflowId));
    const same = samePrefix(stored, p.timeline);
    let superseded = 0;
    if (same < stored.length) {
      if (!o.supersede) return { superseded: 0, filled: 0, ahead: true };
      superseded = stored.length - same;
    }
    if (o.supersede) await supersede({ workflowId: p.workflowId, caseId: p.caseId, eventCase: key, afterSeq: same, fromJobNo: o.jobNo + 1, reason: o.reason, runId: o.runId, caseSteps: false });
    const missing = p.timeline.slice(same);
    await writeSteps(p.caseId, key, missing, false);
    await writePart(p);
    await q.saveCopy({ workflowId: p.workflowId, kind: 'part', caseId: p.caseId, runId: o.runId, jobNo: o.jobNo, lastSeq: p.timeline.length, updatedAt: clock().toISOString() });
    return { superseded, filled: missing.length, ahead: false };
  }

  return { writeSteps, writeCaseView, writePart, enqueue, supersede, resyncCase, resyncPart, statements: q };
}

export interface Resynced {
  /** Steps the store held that the workflow does not (now in superseded_steps). */
  superseded: number;
  /** Steps of the workflow the store did not hold (now written). */
  filled: number;
  /** The store holds steps past the view and was not asked to supersede them (a job in flight). */
  ahead: boolean;
}

type StepLike = Pick<TimelineStep, 'seq' | 'at' | 'actor' | 'action'> & { subjectId?: string | null };

/** How many steps, from the first, are the same in both: what a person reads in the audit (time, who, what, the holder it concerns). */
function samePrefix(stored: StepLike[], timeline: TimelineStep[]): number {
  let n = 0;
  for (; n < stored.length && n < timeline.length; n++) {
    const a = stored[n];
    const b = timeline[n];
    if (a.seq !== b.seq || a.at !== b.at || a.actor !== b.actor || a.action !== b.action || (a.subjectId ?? null) !== (b.subjectId ?? null)) break;
  }
  return n;
}

export type StoreCopy = ReturnType<typeof createStoreCopy>;
