// A unit's part of a coordinated case as a pure transition function. Same shape as the case engine
// (domain/engine/case.ts): look-ups answer with follow-up events, and the rules are the case's own
// (checkPartDecision reads the one tier table).
import { TIER_RULES, checkPartDecision, isTopOfUnit, nextTier, type RuleViolation, type Tier } from '../tiers.js';
import type { PartDecisionEnvelope } from '../messages.js';
import type { Assignee, NotificationRequest, OfficerEvent, PartAnswer, PartInput, PartView, TimelineStep } from '../case.js';
import type { StepAction } from '../steps.js';
import type { DeadlineAnswer } from './case.js';
import type { Engine } from './driver.js';

export interface PartState extends PartView {
  engine: {
    /** Holders before the current one: a late decision of theirs is stale, not a stranger's. */
    formerHolderIds: string[];
    /** What the holder was told of the running window, to re-time it without moving it earlier. */
    window: { from: string; told: string } | null;
    /** The leader key of notifications and officer events: one per part workflow. */
    key: string;
  };
}

export type PartEvent =
  | { type: 'started'; at: string }
  | { type: 'decided'; at: string; env: PartDecisionEnvelope }
  | { type: 'timer'; at: string }
  | { type: 'withdrawn'; at: string }
  | { type: 'directoryChanged'; at: string; principalIds: string[] }
  | { type: 'calendarChanged'; at: string; years: number[] }
  | { type: 'assigned'; at: string; tier: Tier; assignee: Assignee; deadline: DeadlineAnswer; then: PartAssignThen }
  | { type: 'vacant'; at: string; tier: Tier; then: PartAssignThen }
  | { type: 'retimed'; at: string; deadline: DeadlineAnswer; years: number[] };

export interface PartAssignThen {
  action: Extract<StepAction, 'assigned' | 'escalated' | 'vacancy' | 'handed_over'>;
  actor: string;
  note?: string;
  data?: Record<string, unknown>;
  previous: Assignee | null;
  replacing?: string;
  /** What the step that follows means for supervision (an escalation by an officer of the unit). */
  officerEvent?: OfficerEvent;
}

export type PartEffect =
  | { type: 'assign'; tier: Tier; previous: Assignee | null; replacing?: string; then: PartAssignThen }
  | { type: 'recompute'; from: string; years: number[] }
  | { type: 'notify'; notification: NotificationRequest }
  | { type: 'record' }
  /** Tell the lead's case (after recording). */
  | { type: 'answer'; answer: PartAnswer };

/** The effects the directory or the calendar answer, with the follow-up event each answer becomes. */
export type PartLookup = Extract<PartEffect, { type: 'assign' | 'recompute' }>;
export type PartLookupAnswer = DistributiveOmit<Extract<PartEvent, { type: 'assigned' | 'vacant' | 'retimed' }>, 'at'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export const isPartLookup = (fx: PartEffect): fx is PartLookup => fx.type === 'assign' || fx.type === 'recompute';
/** The effects the store writes: the part's new steps, with what they tell and mean for supervision. */
export const isPartWrite = (fx: PartEffect): boolean => fx.type === 'record';

export interface PartTransition {
  state: PartState;
  effects: PartEffect[];
  error?: RuleViolation;
}

export function initialPartState(input: PartInput, workflowId: string): PartState {
  const first = `case-${input.caseId}-part-${input.unitId}`;
  return {
    caseId: input.caseId,
    unitId: input.unitId,
    workflowId,
    question: input.question,
    status: 'open',
    tier: '1',
    assignee: null,
    deadlineAt: null,
    timeline: [],
    engine: { formerHolderIds: [], window: null, key: workflowId === first ? `${input.caseId}#${input.unitId}` : workflowId },
  };
}

export function partViolation(p: PartState, env: PartDecisionEnvelope): RuleViolation | null {
  return checkPartDecision(
    { open: p.status === 'open', tier: p.tier, assigneeId: p.assignee?.principalId ?? null, formerHolderIds: p.engine.formerHolderIds },
    env.actorId,
    env.decision,
  );
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function partTransition(state: PartState, event: PartEvent, input: Pick<PartInput, 'title' | 'leadUnitId'>): PartTransition {
  const p = clone(state);
  const fx: PartEffect[] = [];
  const at = event.at;
  const step = (action: StepAction, actor: string, fields: Partial<TimelineStep> = {}) => {
    const st: TimelineStep = { seq: p.timeline.length + 1, at, tier: p.tier, actor, action, ...fields };
    p.timeline.push(st);
    return st;
  };
  const notify = (st: TimelineStep, n: Omit<NotificationRequest, 'key'>, who: string) =>
    fx.push({ type: 'notify', notification: { ...n, key: `${p.engine.key}:${st.seq}:${who}` } });
  const assign = (tier: Tier, then: PartAssignThen) => {
    p.tier = tier;
    fx.push({ type: 'assign', tier, previous: then.previous, replacing: then.replacing, then });
  };
  const answer = (a: Omit<PartAnswer, 'workflowId'>) => {
    const full: PartAnswer = { ...a, workflowId: p.workflowId };
    p.answer = full;
    p.status = a.stance === 'lapsed' ? 'lapsed' : 'answered';
    p.deadlineAt = null;
    p.engine.window = null;
    fx.push({ type: 'record' }, { type: 'answer', answer: full });
  };

  switch (event.type) {
    case 'started':
      step('part_opened', 'system', { note: p.question, data: { leadUnitId: input.leadUnitId } });
      assign('1', { action: 'assigned', actor: 'system', previous: null });
      break;
    case 'decided': {
      const v = partViolation(p, event.env);
      if (v) return { state, effects: [], error: v };
      const d = event.env.decision;
      if (d.action === 'escalate') {
        const officerEvent: OfficerEvent = { officer: { principalId: event.env.actorId }, unitId: p.unitId, tier: p.tier, kind: 'escalated' };
        assign(nextTier(p.tier)!, { action: 'escalated', actor: event.env.actorId, note: d.note, data: { reason: d.reason }, previous: p.assignee, officerEvent });
      } else {
        const o = d.opinion;
        step(o.stance === 'can_do' ? 'answered_can_do' : 'answered_cannot', event.env.actorId, { data: { ...o } });
        answer({ unitId: p.unitId, stance: o.stance, by: event.env.actorId, tier: p.tier, at, ...(o.stance === 'can_do' ? { plan: o.plan, dueAt: o.dueAt } : { legalBasis: o.legalBasis, explanation: o.explanation }) });
      }
      break;
    }
    case 'timer': {
      if (p.status !== 'open' || !p.deadlineAt || Date.parse(p.deadlineAt) > Date.parse(at)) break;
      const holder = p.assignee;
      if (!holder) {
        // Nobody held this tier: at the top the unit cannot answer, below it the tier above takes it.
        if (isTopOfUnit(p.tier)) answer({ unitId: p.unitId, stance: 'lapsed', by: 'system', tier: p.tier, at });
        else assign(nextTier(p.tier)!, { action: 'vacancy', actor: 'system', previous: null, note: 'no holder (缺位递补)' });
        break;
      }
      // The window lapsed: shelved against the holder, and up inside the unit.
      const lapsed = step('deadline_lapsed', 'system', { subjectId: holder.principalId, deadlineAt: p.deadlineAt });
      lapsed.officerEvents = [{ officer: { principalId: holder.principalId }, unitId: p.unitId, tier: p.tier, kind: 'shelved' }];
      if (!isTopOfUnit(p.tier)) assign(nextTier(p.tier)!, { action: 'escalated', actor: 'system', note: 'deadline lapsed (超时自动提级)', data: { reason: 'deadline_lapsed' }, previous: holder });
      // Past its window at the top of its unit: the case goes to the city by itself.
      else answer({ unitId: p.unitId, stance: 'lapsed', by: holder.principalId, tier: p.tier, at });
      break;
    }
    case 'withdrawn':
      p.status = 'withdrawn';
      p.deadlineAt = null;
      p.engine.window = null;
      step('part_withdrawn', 'system');
      fx.push({ type: 'record' });
      break;
    case 'directoryChanged':
      if (p.status !== 'open' || !p.assignee || !event.principalIds.includes(p.assignee.principalId)) break;
      assign(p.tier, { action: 'handed_over', actor: 'system', previous: p.assignee, replacing: p.assignee.principalId, note: `${p.assignee.name} is no longer active (工作交接)`, data: { formerHolder: p.assignee.principalId } });
      break;
    case 'calendarChanged': {
      const w = p.engine.window;
      if (p.status !== 'open' || !w || !p.deadlineAt) break;
      fx.push({ type: 'recompute', from: w.from, years: event.years });
      break;
    }
    case 'retimed': {
      const w = p.engine.window;
      if (!w || !p.deadlineAt) break;
      const next = Date.parse(event.deadline.deadlineAt) > Date.parse(w.told) ? event.deadline.deadlineAt : w.told;
      if (next === p.deadlineAt) break;
      const old = p.deadlineAt;
      p.deadlineAt = next;
      w.told = next;
      const st = step('deadline_retimed', 'system', { subjectId: p.assignee?.principalId, deadlineAt: next, data: { from: old, to: next, years: event.years } });
      if (p.assignee) notify(st, { to: { principalId: p.assignee.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: p.caseId, title: `【协调】${input.title}`, deadline: next } }, p.assignee.principalId);
      fx.push({ type: 'record' });
      break;
    }
    case 'assigned': {
      const a = event.assignee;
      if (p.assignee && p.assignee.principalId !== a.principalId) p.engine.formerHolderIds.push(p.assignee.principalId);
      p.tier = event.tier;
      p.assignee = a;
      p.deadlineAt = event.deadline.deadlineAt;
      p.engine.window = { from: at, told: event.deadline.deadlineAt };
      const t = event.then;
      const st = step(t.action, t.actor, { note: t.note, subjectId: a.principalId, deadlineAt: p.deadlineAt, ...(t.data || a.standInFor ? { data: { ...t.data, ...(a.standInFor ? { standInFor: a.standInFor } : {}) } } : {}), ...(t.officerEvent ? { officerEvents: [t.officerEvent] } : {}) });
      notify(st, { to: { principalId: a.principalId }, recipientKind: 'officer', template: 'case_assigned', vars: { caseId: p.caseId, title: `【协调】${input.title}`, tier: TIER_RULES[event.tier].label, deadline: p.deadlineAt } }, a.principalId);
      fx.push({ type: 'record' });
      break;
    }
    case 'vacant': {
      // An escalation that found the tier empty counts on the vacancy step, the next one recorded.
      const { officerEvent, ...then } = event.then;
      const st = step('vacancy', 'system', { tier: event.tier, note: `no active ${TIER_RULES[event.tier].labelEn} (${TIER_RULES[event.tier].label}) in ${p.unitId}`, data: { vacantTier: event.tier }, ...(officerEvent ? { officerEvents: [officerEvent] } : {}) });
      notify(st, { to: { unitHeadOf: p.unitId }, recipientKind: 'officer', template: 'vacancy', vars: { caseId: p.caseId, title: `【协调】${input.title}`, tier: TIER_RULES[event.tier].label } }, `head:${p.unitId}`);
      notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'vacancy', vars: { caseId: p.caseId, title: `【协调】${input.title}`, tier: TIER_RULES[event.tier].label } }, 'supervisors');
      if (isTopOfUnit(event.tier)) {
        // Nobody at the top of the unit: the unit cannot answer, and the case goes on without it.
        if (p.assignee) p.engine.formerHolderIds.push(p.assignee.principalId);
        p.assignee = null;
        answer({ unitId: p.unitId, stance: 'lapsed', by: 'system', tier: event.tier, at });
      } else assign(nextTier(event.tier)!, { ...then, note: [then.note, `vacancy at tier ${event.tier} (缺位递补)`].filter(Boolean).join('; ') });
      break;
    }
  }
  return { state: p, effects: fx };
}

/** The part engine as the driver runs it (domain/engine/driver.ts): the part's input rides in the event's closure. */
export function partEngine(input: Pick<PartInput, 'title' | 'leadUnitId'>): Engine<PartState, PartEvent, PartEffect> {
  return { transition: (s, e) => partTransition(s, e, input), isLookup: isPartLookup };
}
