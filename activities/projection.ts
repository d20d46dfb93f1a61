// Copies each step of a case out of Temporal: the audit trail (case_steps), the read model behind
// inboxes and reports (cases, case_units), officer events for supervision, and the notification
// outbox. Idempotent: a retried call finds its rows by key and writes nothing twice.
import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseParts } from '../db/schema.js';
import { transitionStatements } from '../db/transition-statements.js';
import type { CaseView, PartView, TimelineStep } from '../workflows/case-state.js';
import { enqueueNotifications, enqueueNotificationsInTransaction, type NotificationItem } from '../notify/outbox.js';
import { describeCitation, recordCitations } from '../db/library.js';
import { createDirectoryActivities } from './directory.js';
import { createDeadlineActivities } from './deadlines.js';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.js';
import { isVacancy } from '../domain/case-state.js';
import { elementForPartStep, elementForStep } from '../domain/steps.js';
import { isCaseLookup, transition, type CaseEvent, type CaseLookup, type CaseLookupAnswer as CaseAnswer, type CaseState } from '../domain/engine/case.js';
import { isPartLookup, partTransition, type PartEvent, type PartLookupAnswer as PartAnswer, type PartState } from '../domain/engine/part.js';
import type { PartInput } from '../domain/case-state.js';

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

export type { NotificationRequest, OfficerEventRequest } from '../domain/case-state.js';
import type { NotificationRequest, OfficerEventRequest } from '../domain/case-state.js';

export interface RecordStepsRequest {
  caseView: CaseView;
  steps: TimelineStep[];
  notifications: NotificationRequest[];
  officerEvents: OfficerEventRequest[];
}

/**
 * One job of the case workflow (an event and everything it leads to), carried out in the store: the
 * same pure engine the workflow runs, with the directory and the calendar answering its look-ups,
 * and the new steps, read model, officer events and notifications written in one SQLite transaction.
 * The workflow then runs the job itself with these answers, which is why the answers are all it gets
 * back: a transition costs one workflow task and one local activity.
 */
export interface TransitionStoreRequest {
  /** The state the job starts from. */
  state: CaseState;
  /** The job's event, with its time: every follow-up of the job carries the same time. */
  event: CaseEvent;
  /** Steps the store already holds. */
  flushedSeq: number;
}
export interface TransitionStoreResult {
  answers: CaseAnswer[];
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
  answers: PartAnswer[];
  storedSeq: number;
}

export function createProjectionActivities(db: Db, opts: { clock?: () => Date; policy?: Policy } = {}) {
  const clock = opts.clock ?? (() => new Date());
  const directory = createDirectoryActivities(db);
  const calendar = createDeadlineActivities(db, opts.policy ?? DEFAULT_POLICY);
  // The statements of every transition, compiled once for this connection.
  const q = transitionStatements(db);
  const headOf = (unitId: string) => q.headOf(unitId) ?? `unit:${unitId}`;
  const supervisors = () => q.supervisors();
  /** One outbox row per recipient: "the efficiency office" is each of its active supervisors. */
  const expand = (caseId: string, n: NotificationRequest): { key: string; recipientId: string }[] =>
    'supervisors' in n.to ? supervisors().map((id) => ({ key: `${n.key}:${id}`, recipientId: id })) : [{ key: n.key, recipientId: recipientOf(caseId, n.to) }];

  /** The steps, read model, case units and officer events, in the caller's transaction. */
  function writeSteps(req: RecordStepsRequest): void {
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
  function notificationItems(req: RecordStepsRequest): NotificationItem[] {
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

  function recordStepsNow(req: RecordStepsRequest): void {
    db.transaction(() => writeSteps(req));
    if (req.notifications.length) enqueueNotifications(db, notificationItems(req), clock());
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

  /** The answer to one of the case engine's look-ups (the same calls the workflow used to make one by one). */
  function answerCase(st: CaseState, fx: CaseLookup, at: string): CaseAnswer {
    switch (fx.type) {
      case 'assign': {
        const a = directory.resolveAssigneeNow({ unitId: st.leadUnitId, tier: fx.tier, officerId: fx.tier === '1' ? fx.officerId : undefined, previous: fx.previous, replacing: fx.replacing });
        if (isVacancy(a)) return { type: 'vacant', tier: fx.tier, then: fx.then };
        return { type: 'assigned', tier: fx.tier, assignee: a, deadline: calendar.computeDeadlineNow({ window: { kind: 'tier', tier: fx.tier }, from: at }), then: fx.then };
      }
      case 'openWindow':
        return { type: 'windowOpened', deadline: calendar.computeDeadlineNow({ window: fx.window, from: fx.then.kind === 'retime' ? fx.from : at }), then: fx.then };
      case 'findCityLeader': {
        const leader = directory.resolveAssigneeNow({ unitId: st.leadUnitId, tier: 'city', previous: null });
        return { type: 'cityLeaderFound', leader: isVacancy(leader) ? null : leader, then: fx.then };
      }
      case 'directiveReminders':
        return { type: 'remindersSet', reminders: fx.dues.map((until) => calendar.reminderBetweenNow({ from: fx.from, until })) };
    }
  }

  /** Runs an event through the case engine as the workflow does, answering look-ups depth first. */
  function runCase(st: CaseState, e: CaseEvent, out: { answers: CaseAnswer[]; notes: NotificationRequest[]; events: OfficerEventRequest[] }): CaseState {
    const t = transition(st, e);
    if (t.error) return st;
    let next = t.state;
    for (const fx of t.effects) {
      if (isCaseLookup(fx)) {
        const a = answerCase(next, fx, e.at);
        out.answers.push(a);
        next = runCase(next, { ...a, at: e.at } as CaseEvent, out);
      } else if (fx.type === 'notify') out.notes.push(fx.notification);
      else if (fx.type === 'officerEvent') out.events.push(fx.event);
    }
    return next;
  }

  // One SQLite transaction per job, without savepoints inside it: the engine's look-ups, the steps,
  // the read model and the outbox land together or not at all.
  const transitionStoreTx = db.$client.transaction((req: TransitionStoreRequest): TransitionStoreResult => {
    const out = { answers: [] as CaseAnswer[], notes: [] as NotificationRequest[], events: [] as OfficerEventRequest[] };
    const end = runCase(req.state, req.event, out);
    const steps = end.timeline.slice(req.flushedSeq);
    for (const x of steps) x.elementId ??= elementForStep(x) ?? undefined;
    const { engine: _engine, ...view } = end;
    const rec: RecordStepsRequest = { caseView: { ...view, timeline: [] }, steps, notifications: out.notes, officerEvents: out.events };
    writeSteps(rec);
    if (rec.notifications.length) enqueueNotificationsInTransaction(db, notificationItems(rec), clock());
    return { answers: out.answers, storedSeq: end.timeline.length };
  });
  function transitionStoreNow(req: TransitionStoreRequest): TransitionStoreResult {
    // IMMEDIATE: the write lock first, so a job that read the directory never finds the store
    // changed under it when it starts writing (SQLITE_BUSY, which busy_timeout cannot wait out).
    return transitionStoreTx.immediate(req);
  }

  function runPart(st: PartState, e: PartEvent, input: PartInput, out: { answers: PartAnswer[]; notes: NotificationRequest[]; events: OfficerEventRequest[] }): PartState {
    const t = partTransition(st, e, input);
    if (t.error) return st;
    let next = t.state;
    for (const fx of t.effects) {
      if (isPartLookup(fx)) {
        let a: PartAnswer;
        if (fx.type === 'recompute') a = { type: 'retimed', deadline: calendar.computeDeadlineNow({ window: { kind: 'coordination' }, from: fx.from }), years: fx.years };
        else {
          const who = directory.resolveAssigneeNow({ unitId: next.unitId, tier: fx.tier, previous: fx.previous, replacing: fx.replacing });
          a = isVacancy(who)
            ? { type: 'vacant', tier: fx.tier, then: fx.then }
            : { type: 'assigned', tier: fx.tier, assignee: who, deadline: calendar.computeDeadlineNow({ window: { kind: 'coordination' }, from: e.at }), then: fx.then };
        }
        out.answers.push(a);
        next = runPart(next, { ...a, at: e.at } as PartEvent, input, out);
      } else if (fx.type === 'notify') out.notes.push(fx.notification);
      else if (fx.type === 'officerEvent') out.events.push(fx.event);
    }
    return next;
  }

  function partTransitionStoreNow(req: PartTransitionStoreRequest): PartTransitionStoreResult {
    return db.transaction(() => {
      const out = { answers: [] as PartAnswer[], notes: [] as NotificationRequest[], events: [] as OfficerEventRequest[] };
      const end = runPart(req.state, req.event, req.input, out);
      const steps = end.timeline.slice(req.flushedSeq);
      for (const x of steps) x.elementId ??= elementForPartStep(x) ?? undefined;
      const { engine: _engine, ...part } = end;
      recordPartNow({ part, steps, notifications: out.notes, officerEvents: out.events });
      return { answers: out.answers, storedSeq: end.timeline.length };
    });
  }

  return {
    /** A case job's look-ups and projection in one call (see TransitionStoreRequest). */
    async transitionStore(req: TransitionStoreRequest): Promise<TransitionStoreResult> {
      return transitionStoreNow(req);
    },
    /** A part job's look-ups and projection in one call. */
    async partTransitionStore(req: PartTransitionStoreRequest): Promise<PartTransitionStoreResult> {
      return partTransitionStoreNow(req);
    },
    async recordSteps(req: RecordStepsRequest): Promise<void> {
      recordStepsNow(req);
    },
    async recordPart(req: Parameters<typeof recordPartNow>[0]): Promise<void> {
      recordPartNow(req);
    },
  };
}
