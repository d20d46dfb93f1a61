// The case engine: one pure transition function, (state, event) → { state, effects }.
//
// The workflow (workflows/case.ts) is a thin shell: it turns updates, signals, timers and children's
// outcomes into events, and carries the effects out (directory and calendar look-ups, children,
// the projection). Look-ups answer with follow-up events (`assigned`, `windowOpened`, …), so the
// whole of a decision — "escalate, find the next holder, open their window, tell them" — is decided
// here, testable without a server. The order of effects is the order of the workflow's commands:
// histories recorded before this engine existed replay against it.
import { isUnsatisfied, REQUESTER_CHANNEL_LABELS, type Decision, type DecisionEnvelope, type Materials, type Rating, type Withdraw } from '../messages.js';
import {
  MAX_REOPENS,
  TIER_RULES,
  checkDecision,
  isClosed,
  nextTier,
  reopenTier,
  statusAtTier,
  type CaseStatus,
  type RuleViolation,
  type Tier,
} from '../tiers.js';
import type {
  Assignee,
  CaseInput,
  CaseView,
  Consultation,
  NotificationRequest,
  OfficerEventRequest,
  PartAnswer,
  Phase,
  TimelineStep,
} from '../case-state.js';
import type { StepAction } from '../steps.js';

/** What the calendar answers for a window (activities/calendar.ts). */
export interface DeadlineAnswer {
  deadlineAt: string;
  reminderAt: string | null;
  provisional: boolean;
  note?: string;
}

export type WindowKind = { kind: 'tier'; tier: Tier } | { kind: 'materials' } | { kind: 'rating' } | { kind: 'coordination' };

/** The engine's own bookkeeping beside what the case shows. */
export interface CaseState extends CaseView {
  engine: {
    /** The holder was reminded in this window. */
    reminded: boolean;
    /** Request ids of async decisions already taken: a repeat changes nothing and records nothing. */
    requestIds: string[];
    /** Coordination rounds started (a part's workflow id and keys carry its round). */
    rounds: number;
    /** Consultations started. */
    consultations: number;
    /** When a waiting phase (units' parts, the Saturday session) gives up waiting. */
    backstopAt: string | null;
    /** Where and when the running window started, to recompute it when the calendar changes. */
    window: { kind: WindowKind; from: string; told: string } | null;
    /** A decision that came by signal: its step is marked so when the job is recorded. */
    via?: { requestId?: string };
    /** A city direction waiting for its reminder instants. */
    directing?: { by: string; note?: string };
    /** Waiting phases carry a backstop timer (cases started, or going on, after that change shipped). */
    backstops?: boolean;
    /** The first tier a chain of vacancies found empty: asked again first when the window runs out. */
    vacantFrom?: Tier;
  };
}

// ---- events: what happened ----
export type CaseEvent =
  | { type: 'started'; at: string; input: CaseInput; workflowId: string }
  | { type: 'decided'; at: string; env: DecisionEnvelope; via: 'update' | 'signal'; flags?: { cityConsultationChild?: boolean; directiveReminders?: boolean } }
  | { type: 'signalRejected'; at: string; env: Partial<DecisionEnvelope>; error: RuleViolation }
  | { type: 'materialsSupplied'; at: string; body: Materials }
  | { type: 'withdrawn'; at: string; body: Withdraw }
  | { type: 'rated'; at: string; body: Rating }
  | { type: 'directiveDone'; at: string; unitId: string; actorId: string; note?: string }
  | { type: 'partWithdrawn'; at: string; unitId: string; actorId: string }
  | { type: 'partAnswered'; at: string; answer: PartAnswer }
  | { type: 'childFailed'; at: string; kind: 'part' | 'consultation'; workflowId: string; reason: string }
  | { type: 'consultationConvened'; at: string; session: string; convenedAt: string }
  | { type: 'timer'; at: string }
  /** `keepWait`: a holder who leaves while the case waits (materials, parts, a session, directives, a rating) hands over the wait itself. */
  | { type: 'directoryChanged'; at: string; principalIds: string[]; flags?: { keepWait?: boolean } }
  | { type: 'calendarChanged'; at: string; years: number[] }
  // Follow-ups: the answers of look-ups the engine asked for.
  | { type: 'assigned'; at: string; tier: Tier; assignee: Assignee; deadline: DeadlineAnswer; then: AssignThen }
  | { type: 'vacant'; at: string; tier: Tier; then: AssignThen }
  | { type: 'windowOpened'; at: string; deadline: DeadlineAnswer; then: WindowThen }
  | { type: 'cityLeaderFound'; at: string; leader: Assignee | null; then: ConsultThen }
  | { type: 'remindersSet'; at: string; reminders: (string | null)[] };

/** What to record once a holder is found. */
export interface AssignThen {
  action: Extract<StepAction, 'assigned' | 'escalated' | 'reopened' | 'referred_to_city' | 'consulted_city' | 'consultation_convened' | 'vacancy' | 'handed_over'>;
  actor: string;
  note?: string;
  from: Tier;
  data?: Record<string, unknown>;
  /** What else the step means for supervision. */
  officerEvent?: { by: string; unitId: string | null; tier: Tier; kind: OfficerEventRequest['kind'] };
  /** The unit head hears of a lapse that moved the case. */
  lapsedHolder?: string;
  /** Officer id named at intake (tier 1 only). */
  officerId?: string;
  /** The holder who left: their designated stand-in comes first. */
  replacing?: string;
  previous?: Assignee | null;
  /** A handover during a wait: the new holder takes the case as it waits, on the same deadline. */
  resume?: { phase: Phase; status: CaseStatus };
}

export type WindowThen =
  | { kind: 'feedback'; outcome: 'resolved' | 'refused'; by: string; decision: Decision }
  | { kind: 'materials'; by: string; items: string[]; note?: string }
  | { kind: 'materialsSupplied'; body: Materials }
  | { kind: 'materialsLapsed' }
  | { kind: 'coordinationBack' }
  | { kind: 'cityLapsed'; holder: Assignee }
  | { kind: 'retime'; years: number[] }
  | { kind: 'unassigned' };

export interface ConsultThen {
  reason: Consultation['reason'];
  by: string;
  holder: Assignee | null;
  note?: string;
}

// ---- effects: what the shell must do, in order ----
export type CaseEffect =
  | { type: 'assign'; tier: Tier; officerId?: string; previous: Assignee | null; replacing?: string; then: AssignThen }
  | { type: 'openWindow'; window: WindowKind; from: string; then: WindowThen }
  | { type: 'findCityLeader'; then: ConsultThen }
  | { type: 'directiveReminders'; from: string; dues: string[] }
  | { type: 'startPart'; unitId: string; workflowId: string; question: string }
  | { type: 'cancelPart'; workflowId: string }
  | { type: 'startConsultation'; workflowId: string; reason: Consultation['reason']; cityLeaderId: string; unitIds: string[]; note?: string }
  | { type: 'cancelConsultation' }
  | { type: 'signalConsultationOutcome'; workflowId: string; outcome: { kind: 'resolved' | 'refused'; by: string; at: string; summary: string } }
  | { type: 'upsertUnits' }
  | { type: 'notify'; notification: NotificationRequest }
  | { type: 'officerEvent'; event: OfficerEventRequest }
  | { type: 'record' };

/** The effects the directory or the calendar answer, with the follow-up event each answer becomes. */
export type CaseLookup = Extract<CaseEffect, { type: 'assign' | 'openWindow' | 'findCityLeader' | 'directiveReminders' }>;
export type CaseLookupAnswer = DistributiveOmit<Extract<CaseEvent, { type: 'assigned' | 'vacant' | 'windowOpened' | 'cityLeaderFound' | 'remindersSet' }>, 'at'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export const isCaseLookup = (fx: CaseEffect): fx is CaseLookup => fx.type === 'assign' || fx.type === 'openWindow' || fx.type === 'findCityLeader' || fx.type === 'directiveReminders';

export interface Transition {
  state: CaseState;
  effects: CaseEffect[];
  /** The event was refused (the update fails with it); the state is unchanged. */
  error?: { code: string; message: string };
}

/** How long a waiting phase waits beyond its expected end before it stops waiting (in windows). */
export const BACKSTOP_WINDOWS = 6;
/** At most this many async decisions are remembered per case (a repeat beyond is still ignored by the API). */
export const MAX_REQUEST_IDS = 200;
/** A key project waits for the weekly session; past a week and a day something went wrong. */
export const SESSION_BACKSTOP_MS = 8 * 24 * 3_600_000;

export function initialState(input: CaseInput, workflowId: string): CaseState {
  return {
    id: input.caseId,
    workflowId,
    title: input.title,
    status: 'in_progress',
    tier: '1',
    phase: 'handling',
    leadUnitId: input.leadUnitId,
    involvedUnitIds: input.involvedUnitIds,
    keyProject: input.keyProject,
    assignee: null,
    holders: [],
    deadlineAt: null,
    deadlineProvisional: false,
    reminderAt: null,
    overdue: false,
    reopened: 0,
    reviewRequested: false,
    timeline: [],
    version: 0,
    engine: { reminded: false, requestIds: [], rounds: 0, consultations: 0, backstopAt: null, window: null },
  };
}

/** The rule context of a decision on this case. */
export function violationOf(s: CaseView, env: DecisionEnvelope): RuleViolation | null {
  const v = checkDecision(
    {
      status: s.status,
      tier: s.tier,
      assigneeId: s.assignee?.principalId ?? null,
      version: s.version ?? s.timeline.length,
      formerHolderIds: s.holders.map((h) => h.principalId).filter((id) => id !== s.assignee?.principalId),
      directivesOut: s.phase === 'directives',
      coordinationBack: s.coordination?.back === true && !s.coordination.closed,
    },
    env.actorId,
    env.decision,
    env.expectedVersion,
  );
  if (v) return v;
  if (s.phase === 'awaiting_session') return { code: 'ACTION_NOT_ALLOWED_IN_STATUS', message: 'The consultation waits for the Saturday session (星期六会商).' };
  return null;
}

/** What a requester or a unit may do now, or why not (the same check in validator and engine). */
export function requesterViolation(s: CaseView, e: CaseEvent): { code: string; message: string } | null {
  const no = (code: string, message: string) => ({ code, message });
  switch (e.type) {
    case 'materialsSupplied':
      return s.phase !== 'materials' ? no('NOT_AWAITING_MATERIALS', 'No materials are awaited on this case.') : null;
    case 'withdrawn':
      return isClosed(s.status) || s.phase === 'done' ? no('CASE_CLOSED', `The case is ${s.status}.`) : null;
    case 'rated':
      return s.phase !== 'feedback' ? no('RATING_NOT_OPEN', 'A rating is taken once the case has given feedback.') : null;
    case 'partWithdrawn':
      if (s.assignee?.principalId !== e.actorId) return no('NOT_ASSIGNEE', "Only the lead unit's current assignee withdraws a part.");
      if (!s.coordination?.parts.some((x) => x.unitId === e.unitId && x.status === 'open')) return no('NO_SUCH_PART', 'That unit has no open part on this case.');
      return null;
    case 'directiveDone': {
      const d = s.directives?.find((x) => x.unitId === e.unitId);
      if (s.phase !== 'directives' || !d) return no('NO_DIRECTIVE', 'This unit has no open city directive on the case.');
      if (d.doneAt) return no('DIRECTIVE_ALREADY_DONE', 'This directive was already reported done.');
      return null;
    }
    default:
      return null;
  }
}

/** When the workflow must wake by itself next (epoch ms), or null when it only waits for messages. */
export function nextWake(s: CaseState): number | null {
  if (s.phase === 'done') return null;
  if (s.phase === 'coordinating' || s.phase === 'awaiting_session') return s.engine.backstopAt ? Date.parse(s.engine.backstopAt) : null;
  if (s.phase === 'directives') {
    const open = s.directives!.filter((x) => !x.doneAt && !x.lapsed);
    const due = open.map((x) => Date.parse(x.reminderAt && !x.reminded ? x.reminderAt : x.dueAt));
    return due.length ? Math.min(...due) : null;
  }
  if (s.reminderAt && !s.engine.reminded) return Date.parse(s.reminderAt);
  return s.deadlineAt ? Date.parse(s.deadlineAt) : null;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
/** A requester action's channel for its step's data; nothing for actions recorded before channels were. */
const channelOf = (b: { channel?: Materials['channel'] }) => (b.channel ? { channel: b.channel } : {});

/** The transition function. Never throws for anything a person, the directory or a child does. */
export function transition(state: CaseState, event: CaseEvent): Transition {
  const s = clone(state);
  const fx: CaseEffect[] = [];
  const at = event.at;

  // ---- recording ----
  const step = (action: StepAction, actor: string, fields: Partial<TimelineStep> = {}): TimelineStep => {
    const st: TimelineStep = { seq: s.timeline.length + 1, at, tier: s.tier, actor, action, ...fields };
    s.timeline.push(st);
    s.version = s.timeline.length;
    return st;
  };
  const notify = (st: TimelineStep, n: Omit<NotificationRequest, 'key'>) => {
    const who = 'principalId' in n.to ? n.to.principalId : 'unitHeadOf' in n.to ? `head:${n.to.unitHeadOf}` : 'requester';
    fx.push({ type: 'notify', notification: { ...n, key: `${s.id}:${st.seq}:${who}` } });
  };
  const officerEvent = (e: OfficerEventRequest) => fx.push({ type: 'officerEvent', event: e });
  /** The end of a job: the shell copies the new steps out. A signalled decision's last step says so. */
  const record = () => {
    if (s.engine.via) {
      const last = s.timeline[s.timeline.length - 1];
      last.data = { ...last.data, via: 'signal', requestId: s.engine.via.requestId };
      delete s.engine.via;
    }
    fx.push({ type: 'record' });
  };
  const assignedNotice = (st: TimelineStep, a: Assignee) =>
    notify(st, {
      to: { principalId: a.principalId },
      recipientKind: 'officer',
      template: 'case_assigned',
      vars: { caseId: s.id, title: s.title, tier: TIER_RULES[s.tier].label, deadline: s.deadlineAt ?? '' },
    });
  const setWindow = (kind: WindowKind, from: string, d: DeadlineAnswer, withReminder = true) => {
    s.engine.reminded = false;
    s.deadlineAt = d.deadlineAt;
    s.reminderAt = withReminder ? d.reminderAt : null;
    s.deadlineProvisional = d.provisional;
    s.deadlineNote = d.note;
    s.overdue = false;
    s.engine.window = { kind, from, told: d.deadlineAt };
  };
  const clearWindow = () => {
    s.deadlineAt = null;
    s.reminderAt = null;
    s.engine.window = null;
  };
  /** Hands the case to a tier: the directory finds the holder, then their window opens. */
  const assign = (tier: Tier, then: AssignThen) => {
    s.tier = tier;
    // Answers back from coordinated units stay with the case as it climbs: the lead may still use them.
    s.status = tier !== 'city' && s.coordination?.back && !s.coordination.closed ? 'coordinating' : statusAtTier(tier);
    s.phase = 'handling';
    fx.push({ type: 'assign', tier, officerId: then.officerId, previous: then.previous ?? null, replacing: then.replacing, then });
  };
  const endHolding = () => {
    const last = s.holders[s.holders.length - 1];
    if (last && !last.until) last.until = at;
  };
  const cancelChildren = () => {
    for (const part of s.coordination?.parts ?? []) {
      if (part.status === 'open') {
        fx.push({ type: 'cancelPart', workflowId: part.workflowId });
        part.status = 'withdrawn';
      }
    }
    if (s.consultation && !s.consultation.outcomeSent && s.consultation.running !== false) {
      fx.push({ type: 'cancelConsultation' });
      s.consultation.running = false;
    }
  };
  const backstop = (windowFrom: string, windowEnd: string) => {
    const span = Math.max(Date.parse(windowEnd) - Date.parse(windowFrom), 1000);
    s.engine.backstopAt = new Date(Date.parse(at) + span * BACKSTOP_WINDOWS).toISOString();
  };

  function close(kind: 'resolved' | 'refused', by: string, d: Decision) {
    const result = d.action === 'resolve' ? d.result : undefined;
    const legalBasis = d.action === 'refuse' ? d.legalBasis : undefined;
    const explanation = d.action === 'refuse' ? d.explanation : undefined;
    s.status = kind;
    s.outcome = { kind, tier: s.tier, at, by, result, legalBasis, explanation, precedentIds: d.precedentIds };
    if (s.coordination) s.coordination.closed = true;
    if (s.consultation && !s.consultation.outcomeSent) {
      // The consultation's own record ends with the city leader's decision.
      s.consultation.outcomeSent = true;
      if (s.consultation.running !== false) {
        fx.push({ type: 'signalConsultationOutcome', workflowId: s.consultation.workflowId, outcome: { kind, by, at, summary: (result ?? explanation ?? '').slice(0, 200) } });
      }
    }
    endHolding();
    s.assignee = null;
    s.phase = 'feedback';
    s.rating = undefined;
    fx.push({ type: 'openWindow', window: { kind: 'rating' }, from: at, then: { kind: 'feedback', outcome: kind, by, decision: d } });
  }

  function startConsultation(then: ConsultThen) {
    if (s.coordination) s.coordination.closed = true;
    fx.push({ type: 'findCityLeader', then });
  }

  /** Once no part is open: the city if a unit lapsed at its top, else back to the lead's holder. */
  function afterPartsChange() {
    const c = s.coordination!;
    if (c.parts.some((x) => x.status === 'open')) return record();
    c.back = true;
    s.engine.backstopAt = null;
    if (c.parts.some((x) => x.status === 'lapsed')) {
      return startConsultation({ reason: 'part_lapsed', by: 'system', holder: s.assignee, note: 'a unit let its part lapse at the top of the unit (协调无果)' });
    }
    s.phase = 'handling';
    s.status = 'coordinating';
    if (!s.assignee) {
      // Nobody holds the lead's side (a vacancy): find the holder of the tier again.
      assign(s.tier, { action: 'vacancy', actor: 'system', from: s.tier, note: 'coordination back, no holder (缺位递补)' });
      return;
    }
    fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'coordinationBack' } });
  }

  function partWorkflowIdFor(unitId: string): string {
    // Unique per round and per repeat inside a round: an earlier part may still be ending.
    const earlier = s.coordination!.parts.filter((x) => x.unitId === unitId).length;
    const base = `case-${s.id}-part-${unitId}`;
    const round = s.engine.rounds > 1 ? `-r${s.engine.rounds}` : '';
    return base + round + (earlier ? `-${earlier + 1}` : '');
  }

  function decide(e: Extract<CaseEvent, { type: 'decided' }>) {
    const d = e.env.decision;
    const by = e.env.actorId;
    const holder = s.assignee;
    if (e.via === 'signal') {
      s.engine.via = { requestId: e.env.requestId };
      if (e.env.requestId) s.engine.requestIds = [...s.engine.requestIds, e.env.requestId].slice(-MAX_REQUEST_IDS);
    }
    switch (d.action) {
      case 'resolve':
        return close('resolved', by, d);
      case 'refuse':
        return close('refused', by, d);
      case 'escalate': {
        const fromTier = s.tier;
        return assign(nextTier(s.tier)!, {
          action: 'escalated',
          actor: by,
          note: d.note,
          from: fromTier,
          previous: holder,
          data: { reason: d.reason, precedentIds: d.precedentIds },
          officerEvent: { by, unitId: holder?.unitId ?? null, tier: fromTier, kind: 'escalated' },
        });
      }
      case 'refer_to_city':
        if (e.flags?.cityConsultationChild !== false) return startConsultation({ reason: 'refer_to_city', by, holder, note: d.suggestions });
        return assign('city', { action: 'referred_to_city', actor: by, note: d.suggestions, from: s.tier, previous: holder, officerEvent: { by, unitId: holder?.unitId ?? null, tier: '4', kind: 'referred' } });
      case 'consult_city':
        return startConsultation({ reason: 'consult_city', by, holder, note: d.note });
      case 'coordinate': {
        const fresh = [...new Set(d.unitIds)].filter((u) => u !== s.leadUnitId && !s.coordination?.parts.some((x) => x.unitId === u && x.status === 'open'));
        if (!fresh.length) return { error: { code: 'NO_NEW_UNITS', message: 'Every unit named is the lead or already has an open part.' } };
        if (!s.coordination || s.coordination.closed) {
          s.coordination = { question: d.question, startedAt: at, back: false, parts: [] };
          s.engine.rounds += 1;
        }
        s.coordination.back = false;
        for (const u of fresh) {
          const workflowId = partWorkflowIdFor(u);
          fx.push({ type: 'startPart', unitId: u, workflowId, question: d.question });
          s.coordination.parts.push({ unitId: u, workflowId, status: 'open' });
        }
        s.status = 'coordinating';
        s.phase = 'coordinating';
        // The lead waits for the units; each part runs on its own clock. The backstop stops the wait
        // if a part never answers (it ended abnormally without telling).
        if (s.engine.backstops && s.deadlineAt && s.engine.window) backstop(s.engine.window.from, s.deadlineAt);
        else s.engine.backstopAt = null;
        clearWindow();
        s.overdue = false;
        s.involvedUnitIds = [...new Set([...s.involvedUnitIds, ...fresh])];
        fx.push({ type: 'upsertUnits' });
        step('coordinated', by, { note: d.question, data: { unitIds: fresh } });
        return record();
      }
      case 'request_materials':
        s.status = 'awaiting_materials';
        s.phase = 'materials';
        fx.push({ type: 'openWindow', window: { kind: 'materials' }, from: at, then: { kind: 'materials', by, items: d.items, note: d.note } });
        return;
      case 'direct': {
        s.phase = 'directives';
        s.directives = d.directives.map((x) => ({ ...x }));
        if (e.flags?.directiveReminders) {
          s.engine.directing = { by, note: d.note };
          fx.push({ type: 'directiveReminders', from: at, dues: s.directives.map((x) => x.dueAt) });
        } else finishDirect(by, d.note);
        return;
      }
    }
  }

  function finishDirect(by: string, note?: string) {
    const ds = s.directives!;
    s.involvedUnitIds = [...new Set([...s.involvedUnitIds, ...ds.map((x) => x.unitId)])];
    s.deadlineAt = ds.map((x) => x.dueAt).sort()[0];
    s.reminderAt = null;
    s.engine.window = null;
    const st = step('directed', by, { note, data: { directives: ds.map(({ unitId, task, dueAt }) => ({ unitId, task, dueAt })) } });
    for (const x of ds) notify(st, { to: { unitHeadOf: x.unitId }, recipientKind: 'officer', template: 'directive_assigned', vars: { caseId: s.id, task: x.task, dueAt: x.dueAt } });
    fx.push({ type: 'upsertUnits' });
    record();
  }

  function onTimer() {
    const now = Date.parse(at);
    if (s.phase === 'coordinating' || s.phase === 'awaiting_session') {
      if (!s.engine.backstopAt || Date.parse(s.engine.backstopAt) > now) return;
      s.engine.backstopAt = null;
      if (s.phase === 'coordinating') {
        // No answer by the backstop: each silent part is treated as lapsed at the top of its unit.
        for (const part of s.coordination?.parts ?? []) {
          if (part.status !== 'open') continue;
          fx.push({ type: 'cancelPart', workflowId: part.workflowId });
          part.status = 'lapsed';
          part.answer = { unitId: part.unitId, stance: 'lapsed', by: 'system', tier: '4', at };
          step('part_lapsed', 'system', { note: 'no answer by the backstop', data: { unitId: part.unitId, workflowId: part.workflowId } });
        }
        return afterPartsChange();
      }
      // The Saturday session never came: the leader takes the case without it.
      step('consultation_convened', 'system', { note: 'no session convened in time: the city leader takes the case (backstop)' });
      return assign('city', { action: 'consultation_convened', actor: 'system', from: s.tier, note: '会商 (backstop)', previous: null });
    }
    if (s.phase === 'directives') {
      for (const d of s.directives!) {
        if (!d.doneAt && !d.lapsed && !d.reminded && d.reminderAt && Date.parse(d.reminderAt) <= now && Date.parse(d.dueAt) > now) {
          d.reminded = true;
          const st = step('reminded', 'system', { note: `directive to ${d.unitId} due ${d.dueAt}`, deadlineAt: d.dueAt, data: { unitId: d.unitId, phase: 'directives' } });
          notify(st, { to: { unitHeadOf: d.unitId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: d.dueAt } });
        }
        if (!d.doneAt && !d.lapsed && Date.parse(d.dueAt) <= now) {
          d.lapsed = true;
          s.overdue = true;
          const st = step('deadline_lapsed', 'system', { note: `directive to ${d.unitId} overdue`, deadlineAt: d.dueAt, data: { unitId: d.unitId } });
          officerEvent({ officer: { unitHeadOf: d.unitId }, unitId: d.unitId, tier: 'city', kind: 'shelved', seq: st.seq });
          notify(st, { to: { unitHeadOf: d.unitId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: d.dueAt } });
        }
      }
      return record();
    }
    if (s.reminderAt && !s.engine.reminded && Date.parse(s.reminderAt) <= now && s.phase !== 'feedback') {
      s.engine.reminded = true;
      const st = step('reminded', 'system', {
        subjectId: s.phase === 'materials' ? undefined : s.assignee?.principalId,
        deadlineAt: s.deadlineAt ?? undefined,
        ...(s.phase === 'materials' ? { data: { phase: 'materials' } } : {}),
      });
      if (s.phase === 'materials') {
        notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
      } else if (s.assignee) {
        notify(st, { to: { principalId: s.assignee.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: s.deadlineAt ?? '' } });
      }
      return record();
    }
    if (!s.deadlineAt || Date.parse(s.deadlineAt) > now) return;
    if (s.phase === 'feedback') {
      step('closed', 'system', { note: 'rating window ended' });
      s.phase = 'done';
      clearWindow();
      return record();
    }
    if (s.phase === 'materials') {
      // The requester did not supply in time: reminded, and the case returns to its holder.
      const st = step('materials_lapsed', 'system', { deadlineAt: s.deadlineAt });
      notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
      s.status = statusAtTier(s.tier);
      s.phase = 'handling';
      fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'materialsLapsed' } });
      return;
    }
    const holder = s.assignee;
    if (!holder) {
      // Nobody could be found when the case was assigned: ask the directory again, from the first
      // tier that was found empty.
      return assign(s.engine.vacantFrom ?? s.tier, { action: 'vacancy', actor: 'system', from: s.tier, note: 'no holder: the directory is asked again (缺位递补)' });
    }
    // A tier's window lapsed with no decision: shelved (搁置) against the holder, and up it goes.
    s.overdue = true;
    const lapsed = step('deadline_lapsed', 'system', { subjectId: holder.principalId, deadlineAt: s.deadlineAt });
    officerEvent({ officer: { principalId: holder.principalId }, unitId: holder.unitId, tier: s.tier, kind: 'shelved', seq: lapsed.seq });
    const to = nextTier(s.tier);
    if (to) {
      return assign(to, { action: 'escalated', actor: 'system', note: 'deadline lapsed (超时自动提级)', from: s.tier, previous: holder, data: { reason: 'deadline_lapsed' }, lapsedHolder: holder.name });
    }
    // The city has no tier above: a fresh window, and the lapse stays on record.
    fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'cityLapsed', holder } });
  }

  function onAssigned(e: Extract<CaseEvent, { type: 'assigned' }>) {
    const t = e.then;
    const a = e.assignee;
    delete s.engine.vacantFrom;
    endHolding();
    s.assignee = a;
    s.holders.push({ tier: e.tier, principalId: a.principalId, name: a.name, from: at });
    if (t.resume) {
      s.phase = t.resume.phase;
      s.status = t.resume.status;
    } else setWindow({ kind: 'tier', tier: e.tier }, at, e.deadline);
    const st = step(t.action, t.actor, {
      note: t.note,
      subjectId: a.principalId,
      deadlineAt: s.deadlineAt ?? undefined,
      data: { from: t.from, to: e.tier, assignee: a.name, provisional: s.deadlineProvisional || undefined, ...t.data, ...(a.standInFor ? { standInFor: a.standInFor } : {}) },
    });
    assignedNotice(st, a);
    if (t.lapsedHolder !== undefined) {
      notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'deadline_lapsed_unit_head', vars: { caseId: s.id, title: s.title, officerName: t.lapsedHolder, newAssigneeName: a.name } });
    }
    if (t.officerEvent) officerEvent({ officer: { principalId: t.officerEvent.by }, unitId: t.officerEvent.unitId, tier: t.officerEvent.tier, kind: t.officerEvent.kind, seq: st.seq });
    record();
  }

  function onVacant(e: Extract<CaseEvent, { type: 'vacant' }>) {
    s.engine.vacantFrom ??= e.tier;
    // 缺位递补: nobody active holds this tier and no stand-in is named; the tier above takes it.
    const st = step('vacancy', 'system', { tier: e.tier, note: `no active ${TIER_RULES[e.tier].labelEn} (${TIER_RULES[e.tier].label}) in ${s.leadUnitId}`, data: { vacantTier: e.tier } });
    notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'vacancy', vars: { caseId: s.id, title: s.title, tier: TIER_RULES[e.tier].label } });
    notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'vacancy', vars: { caseId: s.id, title: s.title, tier: TIER_RULES[e.tier].label } });
    const up = nextTier(e.tier);
    if (up) return assign(up, { ...e.then, from: e.then.from, note: [e.then.note, `vacancy at tier ${e.tier} (缺位递补)`].filter(Boolean).join('; ') });
    // Not even the city has a holder: the case waits with nobody assigned, and the window's timer asks
    // the directory again when it runs out.
    endHolding();
    s.assignee = null;
    fx.push({ type: 'openWindow', window: { kind: 'tier', tier: e.tier }, from: at, then: { kind: 'unassigned' } });
  }

  function onWindow(e: Extract<CaseEvent, { type: 'windowOpened' }>) {
    const t = e.then;
    switch (t.kind) {
      case 'feedback': {
        setWindow({ kind: 'rating' }, at, e.deadline, false);
        const d = t.decision;
        const result = d.action === 'resolve' ? d.result : undefined;
        const legalBasis = d.action === 'refuse' ? d.legalBasis : undefined;
        const explanation = d.action === 'refuse' ? d.explanation : undefined;
        const st = step(t.outcome, t.by, { note: d.note, data: { result, legalBasis, explanation, precedentIds: d.precedentIds }, deadlineAt: s.deadlineAt ?? undefined });
        notify(
          st,
          t.outcome === 'resolved'
            ? { to: { requester: true }, recipientKind: 'requester', template: 'feedback_resolved', vars: { caseId: s.id, result: result ?? '', citation: '' } }
            : { to: { requester: true }, recipientKind: 'requester', template: 'feedback_refused', vars: { caseId: s.id, legalBasis: legalBasis ?? '', explanation: explanation ?? '' } },
        );
        return record();
      }
      case 'materials': {
        setWindow({ kind: 'materials' }, at, e.deadline);
        s.materials = { items: t.items, requestedAt: at, dueAt: s.deadlineAt! };
        const st = step('materials_requested', t.by, { note: t.note, deadlineAt: s.deadlineAt!, data: { items: t.items } });
        notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_requested', vars: { caseId: s.id, items: t.items.join('、') } });
        return record();
      }
      case 'materialsSupplied':
        setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
        step('materials_supplied', 'requester', { note: t.body.note, subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt!, data: { items: t.body.items, ...channelOf(t.body) } });
        return record();
      case 'materialsLapsed':
        setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
        step('returned_to_holder', 'system', { subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt! });
        return record();
      case 'coordinationBack': {
        setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
        const c = s.coordination!;
        const st = step('coordination_back', 'system', { subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt ?? undefined, data: { answers: c.parts.map((x) => ({ unitId: x.unitId, status: x.status, stance: x.answer?.stance })) } });
        if (s.assignee) assignedNotice(st, s.assignee);
        return record();
      }
      case 'cityLapsed': {
        setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
        s.overdue = true;
        // The overdue reminder of the lapse (no tier above to take it): drawn on the tier's overdue end.
        const st = step('reminded', 'system', { subjectId: t.holder.principalId, deadlineAt: s.deadlineAt!, data: { phase: 'overdue' } });
        notify(st, { to: { principalId: t.holder.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: s.deadlineAt! } });
        return record();
      }
      case 'unassigned':
        // Nobody to remind: the window only says when to ask the directory again.
        setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline, Boolean(s.assignee));
        return record();
      case 'retime': {
        // A deadline never moves earlier than what the holder was told.
        const w = s.engine.window;
        if (!w || !s.deadlineAt) return;
        const told = w.told;
        const next = Date.parse(e.deadline.deadlineAt) > Date.parse(told) ? e.deadline.deadlineAt : told;
        const changed = next !== s.deadlineAt || e.deadline.provisional !== s.deadlineProvisional;
        if (!changed) return;
        const old = s.deadlineAt;
        s.deadlineAt = next;
        s.deadlineProvisional = e.deadline.provisional;
        s.deadlineNote = e.deadline.note;
        if (!s.engine.reminded && e.deadline.reminderAt && w.kind.kind !== 'rating') s.reminderAt = Date.parse(e.deadline.reminderAt) > Date.parse(told) ? e.deadline.reminderAt : s.reminderAt;
        w.told = next;
        const st = step('deadline_retimed', 'system', { subjectId: s.assignee?.principalId, deadlineAt: next, data: { from: old, to: next, years: t.years, provisional: e.deadline.provisional, phase: s.phase === 'materials' ? 'materials' : undefined } });
        if (s.assignee) notify(st, { to: { principalId: s.assignee.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: next } });
        else if (s.phase === 'materials') notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
        return record();
      }
    }
  }

  function onCityLeader(e: Extract<CaseEvent, { type: 'cityLeaderFound' }>) {
    const t = e.then;
    if (!e.leader) {
      // No city leader oversees the unit: the case stays with the holder it has, and the efficiency
      // office hears of the gap.
      const st = step('vacancy', 'system', { tier: 'city', note: `no city leader oversees ${s.leadUnitId}`, data: { vacantTier: 'city', reason: t.reason } });
      notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'vacancy', vars: { caseId: s.id, title: s.title, tier: TIER_RULES.city.label } });
      if (s.coordination) s.coordination.closed = false;
      if (s.phase === 'coordinating' || !s.assignee) {
        s.phase = 'handling';
        s.status = statusAtTier(s.tier);
        if (!s.assignee) return assign(s.tier, { action: 'vacancy', actor: 'system', from: s.tier, note: 'no city leader (缺位递补)' });
        fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'unassigned' } });
        return;
      }
      return record();
    }
    const leader = e.leader;
    s.engine.consultations += 1;
    const workflowId = `case-${s.id}-consultation-${s.engine.consultations}`;
    const unitIds = s.coordination?.parts.filter((x) => x.status !== 'withdrawn').map((x) => x.unitId) ?? [];
    s.consultation = { workflowId, cityLeaderId: leader.principalId, reason: t.reason, session: s.keyProject ? 'saturday' : 'immediate', unitIds };
    fx.push({ type: 'startConsultation', workflowId, reason: t.reason, cityLeaderId: leader.principalId, unitIds, note: t.note });
    step('consultation_requested', t.by, { note: t.note, data: { reason: t.reason, workflowId, cityLeaderId: leader.principalId, session: s.consultation.session, unitIds } });
    const officerEv = t.reason === 'refer_to_city' ? ({ by: t.by, unitId: t.holder?.unitId ?? null, tier: '4' as Tier, kind: 'referred' as const }) : undefined;
    if (!s.keyProject) {
      return assign('city', { action: t.reason === 'refer_to_city' ? 'referred_to_city' : 'consulted_city', actor: t.by, note: t.note, from: s.tier, previous: t.holder, officerEvent: officerEv });
    }
    // Key projects wait for the weekly Saturday session; the city leader's window opens when it convenes.
    s.tier = 'city';
    s.status = 'at_city';
    s.phase = 'awaiting_session';
    s.assignee = leader;
    clearWindow();
    const st = step('awaiting_session', 'system', { subjectId: leader.principalId, note: '重点项目"星期六会商"' });
    if (officerEv) officerEvent({ officer: { principalId: officerEv.by }, unitId: officerEv.unitId, tier: officerEv.tier, kind: officerEv.kind, seq: st.seq });
    // If the session never convenes, the leader takes the case after a week and a day.
    s.engine.backstopAt = s.engine.backstops ? new Date(Date.parse(at) + SESSION_BACKSTOP_MS).toISOString() : null;
    return record();
  }

  // ---- dispatch ----
  let answer: { error?: RuleViolation | { code: string; message: string } } | void = undefined;
  switch (event.type) {
    case 'started':
      step('received', event.input.createdBy, { data: { channel: event.input.channel, category: event.input.category } });
      assign('1', { action: 'assigned', actor: 'system', from: '1', officerId: event.input.firstContactOfficerId, previous: null });
      break;
    case 'decided':
      if (event.via === 'signal' && event.env.requestId && s.engine.requestIds.includes(event.env.requestId)) break; // a repeat: nothing
      answer = decide(event);
      break;
    case 'signalRejected':
      // A fire-and-forget decision that broke a rule: on the record, nothing else changes.
      if (event.env.requestId && s.engine.requestIds.includes(event.env.requestId)) break;
      if (event.env.requestId) s.engine.requestIds = [...s.engine.requestIds, event.env.requestId].slice(-MAX_REQUEST_IDS);
      step('rejected', 'system', {
        note: event.error.message,
        subjectId: event.env.actorId,
        data: { code: event.error.code, attempted: event.env.decision?.action, by: event.env.actorId, requestId: event.env.requestId },
      });
      record();
      break;
    case 'materialsSupplied':
      s.materials = { ...s.materials!, suppliedAt: at, supplied: event.body.items };
      s.status = statusAtTier(s.tier);
      s.phase = 'handling';
      fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'materialsSupplied', body: event.body } });
      break;
    case 'withdrawn':
      cancelChildren(); // parts and consultation end with the case
      endHolding();
      s.status = 'withdrawn';
      s.outcome = { kind: 'withdrawn', tier: s.tier, at, by: 'requester' };
      s.assignee = null;
      clearWindow();
      s.engine.backstopAt = null;
      s.phase = 'done';
      {
        const st = step('withdrawn', 'requester', { note: event.body.reason, ...(event.body.channel ? { data: channelOf(event.body) } : {}) });
        // The unit head hears of every withdrawal: the intake officer also holds the tracking code.
        const via = event.body.channel ? REQUESTER_CHANNEL_LABELS[event.body.channel].label : '未注明';
        notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'case_withdrawn', vars: { caseId: s.id, title: s.title, channel: via } });
      }
      record();
      break;
    case 'rated':
      s.rating = { ...event.body, at };
      step('rated', 'requester', { note: event.body.comment, data: { rating: event.body.rating, ...channelOf(event.body) } });
      if (isUnsatisfied(event.body.rating) && s.reopened < MAX_REOPENS && s.outcome) {
        // Reopened one tier above the tier that closed it (the city stays the city).
        s.reopened += 1;
        const closedAt = s.outcome.tier;
        s.outcome = undefined;
        assign(reopenTier(closedAt), { action: 'reopened', actor: 'system', from: s.tier, note: 'requester unsatisfied (不满意)', previous: null });
      } else {
        if (isUnsatisfied(event.body.rating)) {
          s.reviewRequested = true;
          step('review_requested', 'system', { note: 'second unsatisfied rating: left for review (倒查复盘)' });
        }
        s.phase = 'done';
        s.deadlineAt = null;
        s.engine.window = null;
        record();
      }
      break;
    case 'directiveDone': {
      const d = s.directives!.find((x) => x.unitId === event.unitId)!;
      d.doneAt = at;
      d.doneBy = event.actorId;
      d.note = event.note;
      step('directive_done', event.actorId, { note: event.note, data: { unitId: event.unitId } });
      const open = s.directives!.filter((x) => !x.doneAt);
      if (open.length === 0) {
        close('resolved', 'system', {
          action: 'resolve',
          result: s.directives!.map((x) => `${x.unitId}: ${x.task}${x.note ? ` (${x.note})` : ''}`).join('; '),
        });
      } else {
        s.deadlineAt = open.map((x) => x.dueAt).sort()[0];
        s.overdue = open.some((x) => x.lapsed);
        record();
      }
      break;
    }
    case 'partWithdrawn': {
      const part = s.coordination!.parts.find((x) => x.unitId === event.unitId && x.status === 'open')!;
      fx.push({ type: 'cancelPart', workflowId: part.workflowId });
      part.status = 'withdrawn';
      step('part_withdrawn', event.actorId, { data: { unitId: event.unitId } });
      afterPartsChange();
      break;
    }
    case 'partAnswered': {
      const part = s.coordination?.parts.find((x) => x.unitId === event.answer.unitId && x.status === 'open' && (!event.answer.workflowId || x.workflowId === event.answer.workflowId));
      if (!part) break; // withdrawn meanwhile, or an earlier round: its late answer changes nothing
      part.status = event.answer.stance === 'lapsed' ? 'lapsed' : 'answered';
      part.answer = event.answer;
      step(event.answer.stance === 'lapsed' ? 'part_lapsed' : 'part_answered', event.answer.stance === 'lapsed' ? 'system' : event.answer.by, {
        subjectId: event.answer.by,
        data: { ...event.answer },
      });
      afterPartsChange();
      break;
    }
    case 'childFailed':
      if (event.kind === 'part') {
        // A part that failed or was terminated counts as lapsed at the top of its unit: the case goes on.
        const part = s.coordination?.parts.find((x) => x.workflowId === event.workflowId && x.status === 'open');
        if (!part) break;
        part.status = 'lapsed';
        part.answer = { unitId: part.unitId, stance: 'lapsed', by: 'system', tier: '4', at };
        step('part_failed', 'system', { note: event.reason, data: { unitId: part.unitId, workflowId: part.workflowId } });
        afterPartsChange();
      } else {
        if (!s.consultation || s.consultation.workflowId !== event.workflowId || s.consultation.outcomeSent) break;
        s.consultation.running = false;
        step('consultation_failed', 'system', { note: event.reason, data: { workflowId: event.workflowId } });
        if (s.phase === 'awaiting_session') {
          // The session will never convene this consultation: the leader takes the case now.
          s.engine.backstopAt = null;
          assign('city', { action: 'consultation_convened', actor: 'system', from: s.tier, note: '会商 (consultation ended abnormally)', previous: null });
        } else record();
      }
      break;
    case 'consultationConvened':
      if (!s.consultation) break;
      s.consultation.convenedAt = event.convenedAt;
      if (s.phase !== 'awaiting_session') break; // an immediate session: the leader already holds the case
      s.engine.backstopAt = null;
      assign('city', { action: 'consultation_convened', actor: 'system', from: s.tier, note: `会商 (${event.session})`, previous: null });
      break;
    case 'timer':
      onTimer();
      break;
    case 'directoryChanged':
      if (!s.assignee || !event.principalIds.includes(s.assignee.principalId) || s.phase === 'done') break;
      // The holder left: the tier is assigned again (their stand-in, or the tier above). A case that
      // waits keeps waiting, with its deadline, for the new holder.
      assign(s.tier, {
        action: 'handed_over',
        actor: 'system',
        from: s.tier,
        previous: s.assignee,
        replacing: s.assignee.principalId,
        note: `${s.assignee.name} is no longer active (工作交接)`,
        data: { formerHolder: s.assignee.principalId },
        ...(event.flags?.keepWait && s.phase !== 'handling' ? { resume: { phase: s.phase, status: s.status } } : {}),
      });
      break;
    case 'calendarChanged': {
      const w = s.engine.window;
      if (!w || !s.deadlineAt || s.phase === 'done') break;
      const year = Number(s.deadlineAt.slice(0, 4));
      if (!s.deadlineProvisional && !event.years.includes(year)) break;
      fx.push({ type: 'openWindow', window: w.kind, from: w.from, then: { kind: 'retime', years: event.years } });
      break;
    }
    case 'assigned':
      onAssigned(event);
      break;
    case 'vacant':
      onVacant(event);
      break;
    case 'windowOpened':
      onWindow(event);
      break;
    case 'cityLeaderFound':
      onCityLeader(event);
      break;
    case 'remindersSet': {
      s.directives!.forEach((x, i) => (x.reminderAt = event.reminders[i] ?? undefined));
      const directing = s.engine.directing ?? { by: 'system' };
      delete s.engine.directing;
      finishDirect(directing.by, directing.note);
      break;
    }
  }
  if (answer && answer.error) return { state, effects: [], error: answer.error };
  return { state: s, effects: fx };
}

/** What Temporal UI shows as the case's current details, in words, with a link to the case page. */
export function describeCase(s: CaseView, pageUrl?: string): string {
  const link = pageUrl ? `\n\n[Open the case page](${pageUrl})` : '';
  if (s.phase === 'done' || !s.assignee) {
    return `**${s.title}**: ${s.status}${s.outcome ? ` at tier ${s.outcome.tier}` : ''}${s.phase === 'feedback' ? ", awaiting the requester's rating" : ''}${link}`;
  }
  const rule = TIER_RULES[s.tier];
  const waiting = s.phase === 'materials' ? "waiting for the requester's materials" : s.phase === 'directives' ? 'city directives out to units' : `held by ${s.assignee.name} (${s.assignee.principalId})`;
  return `**${s.title}**: tier ${s.tier} ${rule.label} (${rule.labelEn}), ${waiting}, until ${s.deadlineAt}${s.overdue ? ' — OVERDUE' : ''}${link}`;
}
