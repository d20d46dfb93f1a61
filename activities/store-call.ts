// The store call: one local activity per job of a case or a unit part (workflows/one-call.ts). The
// job runs here through the same engine and driver as in the workflow (domain/engine/driver.ts), its
// look-ups answered by the directory and the calendar (lookups.ts), and what it recorded is written in
// one transaction: the audit copy of each step (case_steps), the read model behind inboxes and
// reports (cases, case_units, case_parts), officer events for supervision, and the outbox. The answers
// go back to the workflow, which runs the job with them and writes nothing more.
import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseParts } from '../db/schema.js';
import { transitionStatements } from '../db/transition-statements.js';
import type { CaseView, NotificationRequest, OfficerEventRequest, PartInput, PartView, TimelineStep } from '../domain/case.js';
import { runJob } from '../domain/engine/driver.js';
import { caseEngine, type CaseEvent, type CaseLookup, type CaseLookupAnswer, type CaseState } from '../domain/engine/case.js';
import { partEngine, type PartEvent, type PartLookupAnswer, type PartState } from '../domain/engine/part.js';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.js';
import { elementForPartStep, elementForStep } from '../domain/steps.js';
import { enqueueNotifications, enqueueNotificationsInTransaction, type NotificationItem } from '../notify/outbox.js';
import { describeCitation, recordCitations } from '../db/library.js';
import { createLookupAnswerer } from './lookups.js';

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

/** What one job of a case recorded, as the store writes it. */
export interface RecordedSteps {
  caseView: CaseView;
  steps: TimelineStep[];
  notifications: NotificationRequest[];
  officerEvents: OfficerEventRequest[];
}

/** One job of the case workflow: the state it starts from and its event, with the event's time. */
export interface TransitionStoreRequest {
  state: CaseState;
  event: CaseEvent;
  /** Steps the store already holds. */
  flushedSeq: number;
}
export interface TransitionStoreResult {
  answers: CaseLookupAnswer[];
  /** The last step now in the store. */
  storedSeq: number;
}
export interface PartTransitionStoreRequest {
  state: PartState;
  event: PartEvent;
  input: PartInput;
  flushedSeq: number;
}
export interface PartTransitionStoreResult {
  answers: PartLookupAnswer[];
  storedSeq: number;
}

/** What a job asked to tell and what it means for supervision, from the driver's effects in order. */
function toldIn(effects: { effect: { type: string; notification?: NotificationRequest; event?: OfficerEventRequest } }[]): { notifications: NotificationRequest[]; officerEvents: OfficerEventRequest[] } {
  const notifications: NotificationRequest[] = [];
  const officerEvents: OfficerEventRequest[] = [];
  for (const { effect } of effects) {
    if (effect.type === 'notify' && effect.notification) notifications.push(effect.notification);
    else if (effect.type === 'officerEvent' && effect.event) officerEvents.push(effect.event);
  }
  return { notifications, officerEvents };
}

/** The writes of a case's and a part's steps, in the caller's transaction (also the bench's bulk loader). */
export function createStepWriter(db: Db, clock: () => Date = () => new Date()) {
  // The statements of every job, compiled once for this connection.
  const q = transitionStatements(db);
  const headOf = (unitId: string) => q.headOf(unitId) ?? `unit:${unitId}`;
  const supervisors = () => q.supervisors();
  /** One outbox row per recipient: "the efficiency office" is each of its active supervisors. */
  const expand = (caseId: string, n: NotificationRequest): { key: string; recipientId: string }[] =>
    'supervisors' in n.to ? supervisors().map((id) => ({ key: `${n.key}:${id}`, recipientId: id })) : [{ key: n.key, recipientId: recipientOf(caseId, n.to) }];

  /** The steps, read model, case units and officer events, in the caller's transaction. */
  function writeSteps(req: RecordedSteps): void {
    const v = req.caseView;
    const lastSeq = req.steps.length ? req.steps[req.steps.length - 1].seq : 0;
    const at = clock().toISOString();
    for (const st of req.steps) {
      q.insertStep({
        caseId: v.id,
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
      });
      // Decisions that cite precedents (escalate, resolve) count as uses in the case library.
      const cited = st.data?.precedentIds;
      if (Array.isArray(cited) && cited.length) recordCitations(db, { caseId: v.id, seq: st.seq, action: st.action, precedentIds: cited, at: st.at });
    }
    // The read model only moves forward: a late retry of an older step never overwrites a newer one.
    const closed = ['resolved', 'refused', 'withdrawn'].includes(v.status);
    q.updateCase({
      id: v.id,
      status: v.status,
      tier: v.tier,
      assigneeId: v.assignee?.principalId ?? null,
      assigneeName: v.assignee?.name ?? null,
      assigneeRole: v.assignee?.role ?? null,
      deadlineAt: v.phase === 'feedback' || v.phase === 'done' ? null : v.deadlineAt,
      deadlineProvisional: v.deadlineProvisional,
      closedTier: v.outcome?.tier ?? null,
      closedAt: closed ? (v.outcome?.at ?? at) : null,
      rating: v.rating?.rating ?? null,
      lastSeq,
      view: v,
      updatedAt: at,
    });
    for (const u of [v.leadUnitId, ...v.involvedUnitIds]) q.insertCaseUnit(v.id, u, u === v.leadUnitId ? 'lead' : 'involved');
    for (const e of req.officerEvents) {
      const officerId = 'principalId' in e.officer ? e.officer.principalId : headOf(e.officer.unitHeadOf);
      const step = req.steps.find((s) => s.seq === e.seq);
      q.insertOfficerEvent({ caseId: v.id, seq: e.seq, officerId, unitId: e.unitId ?? null, tier: e.tier ?? null, kind: e.kind, at: step?.at ?? at });
    }
  }

  /** The outbox rows of a case's notifications (the requester hears which precedents the solution followed). */
  function notificationItems(req: RecordedSteps): NotificationItem[] {
    const v = req.caseView;
    return req.notifications.flatMap((n) => expand(v.id, n).map((r) => ({ n, r }))).map(({ n, r }) => ({
      key: r.key,
      caseId: v.id,
      recipientId: r.recipientId,
      recipientKind: n.recipientKind,
      template: n.template,
      // The requester hears which precedents the solution followed (参照外地经验), which only the library knows.
      vars: forPeople(n.template === 'feedback_resolved' ? { ...n.vars, citation: describeCitation(db, precedentIdsOf(req.steps)) } : n.vars),
    }));
  }

  function recipientOf(caseId: string, to: NotificationRequest['to']): string {
    return 'principalId' in to ? to.principalId : 'unitHeadOf' in to ? headOf(to.unitHeadOf) : `requester:${caseId}`;
  }

  /** A unit's part: its row (the inbox of whoever holds it), its officer events, its notifications. */
  function recordPartNow(req: { part: PartView; steps: TimelineStep[]; notifications: NotificationRequest[]; officerEvents: OfficerEventRequest[] }): void {
    const p = req.part;
    const lastSeq = p.timeline.length;
    const at = clock().toISOString();
    // Part events share the case's officer_events under a part-scoped case key, so seqs never collide.
    // A later round's part has its own key (its workflow id), so its seqs never collide with the first.
    const eventCase = p.workflowId === `case-${p.caseId}-part-${p.unitId}` ? `${p.caseId}#${p.unitId}` : `${p.caseId}#${p.workflowId}`;
    db.transaction((tx) => {
      const row = {
        caseId: p.caseId,
        unitId: p.unitId,
        workflowId: p.workflowId,
        status: p.status,
        tier: p.tier,
        assigneeId: p.status === 'open' ? (p.assignee?.principalId ?? null) : null,
        assigneeName: p.assignee?.name ?? null,
        deadlineAt: p.deadlineAt,
        stance: p.answer?.stance ?? null,
        lastSeq,
        view: p,
        updatedAt: at,
      };
      tx.insert(caseParts).values(row).onConflictDoUpdate({ target: [caseParts.workflowId], set: row, setWhere: lt(caseParts.lastSeq, lastSeq) }).run();
      q.insertCaseUnit(p.caseId, p.unitId, 'involved');
      for (const e of req.officerEvents) {
        const officerId = 'principalId' in e.officer ? e.officer.principalId : headOf(e.officer.unitHeadOf);
        const step = req.steps.find((x) => x.seq === e.seq);
        q.insertOfficerEvent({ caseId: eventCase, seq: e.seq, officerId, unitId: e.unitId ?? null, tier: e.tier ?? null, kind: e.kind, at: step?.at ?? at });
      }
    });
    if (req.notifications.length) {
      enqueueNotifications(
        db,
        req.notifications.flatMap((n) => expand(p.caseId, n).map((r) => ({ key: r.key, caseId: p.caseId, recipientId: r.recipientId, recipientKind: n.recipientKind, template: n.template, vars: forPeople(n.vars) }))),
        clock(),
      );
    }
  }

  return { writeSteps, notificationItems, recordPartNow };
}

export function createStoreCallActivities(db: Db, opts: { clock?: () => Date; policy?: Policy } = {}) {
  const clock = opts.clock ?? (() => new Date());
  const answerer = createLookupAnswerer(db, opts.policy ?? DEFAULT_POLICY);
  const writer = createStepWriter(db, clock);

  // One SQLite transaction per job, without savepoints inside it: the engine's look-ups, the steps,
  // the read model and the outbox land together or not at all.
  const transitionStoreTx = db.$client.transaction((req: TransitionStoreRequest): TransitionStoreResult => {
    const job = runJob(caseEngine, req.state, req.event, (st, fx) => answerer.answerCase(st, fx as CaseLookup, req.event.at));
    const end = job.state;
    const steps = end.timeline.slice(req.flushedSeq);
    for (const x of steps) x.elementId ??= elementForStep(x) ?? undefined;
    const { engine: _engine, ...view } = end;
    const rec: RecordedSteps = { caseView: { ...view, timeline: [] }, steps, ...toldIn(job.effects) };
    writer.writeSteps(rec);
    if (rec.notifications.length) enqueueNotificationsInTransaction(db, writer.notificationItems(rec), clock());
    return { answers: job.answers as CaseLookupAnswer[], storedSeq: end.timeline.length };
  });

  return {
    /** A case job's look-ups and its writes in one call (see TransitionStoreRequest). */
    async transitionStore(req: TransitionStoreRequest): Promise<TransitionStoreResult> {
      // IMMEDIATE: the write lock first, so a job that read the directory never finds the store
      // changed under it when it starts writing (SQLITE_BUSY, which busy_timeout cannot wait out).
      return transitionStoreTx.immediate(req);
    },
    /** A part job's look-ups and its writes in one call. */
    async partTransitionStore(req: PartTransitionStoreRequest): Promise<PartTransitionStoreResult> {
      return db.transaction(() => {
        const job = runJob(partEngine(req.input), req.state, req.event, (st, fx) => answerer.answerPart(st, fx, req.event.at));
        const end = job.state;
        const steps = end.timeline.slice(req.flushedSeq);
        for (const x of steps) x.elementId ??= elementForPartStep(x) ?? undefined;
        const { engine: _engine, ...part } = end;
        writer.recordPartNow({ part, steps, ...toldIn(job.effects) });
        return { answers: job.answers as PartLookupAnswer[], storedSeq: end.timeline.length };
      });
    },
  };
}
