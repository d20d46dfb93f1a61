// Runs the case engine without a server: a shell in miniature that answers the engine's look-ups from
// an in-memory directory and a plain clock, as the workflow does from SQLite and the calendar. Used by
// the pure engine tests and their property-based sequences.
import { initialState, nextWake, requesterViolation, transition, violationOf, type CaseEffect, type CaseEvent, type CaseState } from '../../domain/engine/case.js';
import type { Assignee, CaseInput, PartAnswer } from '../../domain/case.js';
import fc from 'fast-check';
import { RATINGS, type Decision } from '../../domain/messages.js';
import { TIER_RULES, type Action, type Tier } from '../../domain/tiers.js';
import { DEFAULT_CASE_RULES, type CaseRules } from '../../domain/policy.js';

export const HOUR = 3_600_000;

/** The supervision events, as a test sends them (the time is the sim's). */
export type SupervisionEvent = DistributiveOmit<Extract<CaseEvent, { type: 'noticeIssued' | 'noticeWithdrawn' | 'extensionRequested' | 'extensionDecided' | 'rectificationReported' | 'rectificationClosed' | 'callbackRecorded' | 'appealFiled' | 'appealDecided' }>, 'at'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** Who acts, as a token says: the efficiency office, an officer of the lead unit `u`, the hotline. */
export const SUPERVISOR = { id: 'eff.sup', role: 'supervisor', unitId: 'efficiency' } as const;
export const HOTLINE = { id: 'int-12345', role: 'integrator', unitId: null } as const;
export const officerOf = (id: string, role: 'first_contact' | 'section_chief' | 'deputy_head' | 'principal_head', unitId = 'u') => ({ id, role, unitId });

/** Who sits at each tier of the lead unit (null: vacant), and the city leader. */
export type Seats = Record<Tier, string | null>;

export const DEFAULT_SEATS: Seats = { '1': 'u.fc', '2': 'u.chief', '3': 'u.deputy', '4': 'u.head', city: 'city.leader' };

/** A well-formed decision of each kind, as a holder would send it (`basis: false`: a refusal without its legal basis). */
export function decisionFor(sim: CaseSim, action: Action, basis = true): Decision {
  switch (action) {
    case 'resolve':
      return { action, result: 'r' };
    case 'request_materials':
      return { action, items: ['证明'] };
    case 'escalate':
      return { action, reason: 'unsure', note: 'n' };
    case 'coordinate':
      return { action, unitIds: ['a', 'b'], question: 'q' };
    case 'consult_city':
      return { action, note: 'n' };
    case 'refuse':
      return basis ? { action, legalBasis: '《x法》第一条', explanation: 'e' } : { action, explanation: 'e' };
    case 'refer_to_city':
      return { action, suggestions: 's' };
    case 'direct':
      return { action, directives: [{ unitId: 'a', task: 't', dueAt: new Date(sim.clock + 2 * HOUR).toISOString() }] };
  }
}

export interface SimLog {
  effects: CaseEffect[];
  started: string[];
  cancelled: string[];
}

export class CaseSim {
  state: CaseState;
  clock: number;
  seats: Seats;
  log: SimLog = { effects: [], started: [], cancelled: [] };
  /** Window length per kind (ms). */
  windowMs = HOUR;
  /** The supervision rules the policy answers when the case starts. */
  rules: CaseRules;

  constructor(opts: { seats?: Seats; input?: Partial<CaseInput>; start?: number; rules?: Partial<CaseRules> } = {}) {
    this.rules = { ...DEFAULT_CASE_RULES, ...opts.rules };
    this.seats = { ...DEFAULT_SEATS, ...opts.seats };
    this.clock = opts.start ?? Date.parse('2026-12-01T01:00:00Z');
    const input: CaseInput = { caseId: 'SIM', title: 't', requesterKind: 'person', channel: 'window', leadUnitId: 'u', involvedUnitIds: [], keyProject: false, createdBy: 'u.fc', ...opts.input };
    this.state = initialState(input, 'case-SIM');
    this.apply({ type: 'started', at: '', input, workflowId: 'case-SIM' } as CaseEvent);
  }

  get at(): string {
    return new Date(this.clock).toISOString();
  }

  private seat(tier: Tier): Assignee | null {
    const id = this.seats[tier];
    return id ? { principalId: id, name: id, role: TIER_RULES[tier].role as Assignee['role'], unitId: tier === 'city' ? null : 'u', sectionId: null } : null;
  }

  private deadline(from: number) {
    return { deadlineAt: new Date(from + this.windowMs).toISOString(), reminderAt: new Date(from + this.windowMs * 0.75).toISOString(), provisional: false };
  }

  /** Runs an event and every follow-up, as the workflow shell does. Answers the error, if refused. */
  apply(e: CaseEvent): { error?: { code: string; message: string } } {
    const t = transition(this.state, { ...e, at: this.at } as CaseEvent);
    if (t.error) return { error: t.error };
    this.state = t.state;
    for (const fx of t.effects) this.carry(fx);
    return {};
  }

  private carry(fx: CaseEffect) {
    this.log.effects.push(fx);
    switch (fx.type) {
      case 'assign': {
        const a = this.seat(fx.tier);
        if (!a) return void this.apply({ type: 'vacant', at: this.at, tier: fx.tier, then: fx.then });
        return void this.apply({ type: 'assigned', at: this.at, tier: fx.tier, assignee: a, deadline: this.deadline(this.clock), then: fx.then });
      }
      case 'openWindow':
        return void this.apply({ type: 'windowOpened', at: this.at, deadline: this.deadline(fx.then.kind === 'retime' ? Date.parse(fx.from) : this.clock), then: fx.then });
      case 'findCityLeader':
        return void this.apply({ type: 'cityLeaderFound', at: this.at, leader: this.seat('city'), then: fx.then });
      case 'directiveReminders':
        return void this.apply({ type: 'remindersSet', at: this.at, reminders: fx.dues.map((d) => new Date((this.clock + Date.parse(d)) / 2).toISOString()) });
      case 'loadRules':
        return void this.apply({ type: 'rulesSet', at: this.at, rules: this.rules });
      // Every limit is one window long here, as the calendar would count it.
      case 'dueIn':
        return void this.apply({ type: 'dueSet', at: this.at, dueAt: new Date(Date.parse(fx.from) + this.windowMs).toISOString(), then: fx.then });
      case 'extend': {
        const to = Date.parse(fx.from) + this.windowMs;
        const from = Date.parse(fx.windowFrom);
        return void this.apply({ type: 'extended', at: this.at, deadline: { deadlineAt: new Date(to).toISOString(), reminderAt: new Date(from + (to - from) * 0.75).toISOString(), provisional: false }, then: fx.then });
      }
      case 'startPart':
      case 'startConsultation':
        this.log.started.push(fx.workflowId);
        return;
      case 'cancelPart':
        this.log.cancelled.push(fx.workflowId);
        return;
      default:
        return;
    }
  }

  // ---- what people and time do ----
  decide(decision: Decision, actorId = this.state.assignee?.principalId ?? 'nobody', via: 'update' | 'signal' = 'update', requestId?: string) {
    const env = { actorId, decision, requestId };
    const v = violationOf(this.state, env);
    if (v) {
      if (via === 'signal') this.apply({ type: 'signalRejected', at: this.at, env, error: v });
      return { error: v };
    }
    const r = this.apply({ type: 'decided', at: this.at, env, via });
    if (r.error && via === 'signal') this.apply({ type: 'signalRejected', at: this.at, env, error: r.error as never });
    return r;
  }

  requester(e: CaseEvent) {
    const v = requesterViolation(this.state, e);
    if (v) return { error: v };
    return this.apply(e);
  }

  /** A supervision message (督办, extension, rectification, return visit, appeal), checked as the workflow's validator does. */
  supervise(e: SupervisionEvent) {
    return this.requester({ ...e, at: this.at } as CaseEvent);
  }

  /** Lets time run to the next wake-up and fires it; false when nothing is due. */
  tick(): boolean {
    const w = nextWake(this.state);
    if (w === null) return false;
    this.clock = Math.max(this.clock, w);
    this.apply({ type: 'timer', at: this.at });
    return true;
  }

  openParts() {
    return this.state.coordination?.parts.filter((p) => p.status === 'open') ?? [];
  }

  answerPart(unitId: string, stance: PartAnswer['stance']) {
    const part = this.openParts().find((p) => p.unitId === unitId);
    return this.apply({ type: 'partAnswered', at: this.at, answer: { unitId, workflowId: part?.workflowId, stance, by: `${unitId}.officer`, tier: '1', at: this.at, ...(stance === 'can_do' ? { plan: 'p' } : {}) } });
  }
}

// ---- Supervision commands for the generated sequences (engine property tests and the conformance run) ----

export type SupervisionCmd =
  | { k: 'notice'; part: boolean }
  | { k: 'withdrawNotice' }
  | { k: 'askExtension' }
  | { k: 'decideExtension'; approve: boolean }
  | { k: 'reportRectification' }
  | { k: 'closeRectification' }
  | { k: 'callback'; reached: boolean; satisfaction: (typeof RATINGS)[number] }
  | { k: 'appeal' }
  | { k: 'decideAppeal'; uphold: boolean };

/** The supervision commands with their weights, for fc.oneof. */
export const SUPERVISION_CMDS: { weight: number; arbitrary: fc.Arbitrary<SupervisionCmd> }[] = [
  { weight: 2, arbitrary: fc.record({ k: fc.constant('notice' as const), part: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'withdrawNotice' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'askExtension' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('decideExtension' as const), approve: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'reportRectification' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'closeRectification' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('callback' as const), reached: fc.boolean(), satisfaction: fc.constantFrom(...RATINGS) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'appeal' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('decideAppeal' as const), uphold: fc.boolean() }) },
];

/** A supervision command as the sim's event (who acts is whoever may: the rules refuse the rest); null for another command. */
const SUPERVISION_KINDS = new Set(['notice', 'withdrawNotice', 'askExtension', 'decideExtension', 'reportRectification', 'closeRectification', 'callback', 'appeal', 'decideAppeal']);
export const isSupervisionCmd = (c: { k: string }): c is SupervisionCmd => SUPERVISION_KINDS.has(c.k);

export function superviseCmd(sim: CaseSim, cmd: { k: string }): ReturnType<CaseSim['supervise']> | null {
  if (!isSupervisionCmd(cmd)) return null;
  const c = cmd;
  const s = sim.state;
  const head = officerOf('u.head', 'principal_head') as never;
  switch (c.k) {
    case 'notice': {
      const part = c.part ? sim.openParts()[0] : undefined;
      return sim.supervise({ type: 'noticeIssued', m: { actor: SUPERVISOR as never, ...(part ? { partHolderId: `${part.unitId}.fc` } : {}), body: { level: 'supervision', due: { workingHours: 4 }, note: '请加快办理', ...(part ? { unitId: part.unitId } : {}) } } });
    }
    case 'withdrawNotice': {
      const n = s.supervisionNotices?.find((x) => x.status === 'open');
      return sim.supervise({ type: 'noticeWithdrawn', m: { actor: SUPERVISOR as never, no: n?.no ?? 1, body: {} } });
    }
    case 'askExtension':
      return sim.supervise({ type: 'extensionRequested', m: { actor: { id: s.assignee?.principalId ?? 'nobody', role: s.assignee?.role ?? 'first_contact', unitId: s.assignee?.unitId ?? 'u' } as never, body: { workingDays: 2, reason: '需要外单位出具证明' } } });
    case 'decideExtension':
      return sim.supervise({ type: 'extensionDecided', m: { actor: SUPERVISOR as never, no: s.extensions?.length ?? 1, body: { approve: c.approve } } });
    case 'reportRectification':
      return sim.supervise({ type: 'rectificationReported', m: { actor: head, body: { changes: '窗口增设引导员' } } });
    case 'closeRectification':
      return sim.supervise({ type: 'rectificationClosed', m: { actor: SUPERVISOR as never, body: {} } });
    case 'callback':
      return sim.supervise({ type: 'callbackRecorded', m: { actor: HOTLINE as never, body: { method: 'phone', reached: c.reached, ...(c.reached ? { satisfaction: c.satisfaction } : {}) } } });
    case 'appeal':
      return sim.supervise({ type: 'appealFiled', m: { actor: head, body: { reason: 'malicious', explanation: '评价人并非申请人' } } });
    case 'decideAppeal':
      return sim.supervise({ type: 'appealDecided', m: { actor: SUPERVISOR as never, no: s.appeals?.length ?? 1, body: { uphold: c.uphold, note: '核实' } } });
    default:
      return null;
  }
}
