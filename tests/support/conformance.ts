// Conformance of the drawing and the workflow: one sequence of events run through the case engine's
// transition functions (engine-sim) and, side by side, through bpmn-engine on the generated model.
// Both sides name the elements they pass: the engine by the element of each timeline step (what the
// workflow records) and the state it ends in; bpmn-engine by the elements its token enters and the
// timers that fire. The two sequences must be equal.
import fc from 'fast-check';
import { CaseSim, DEFAULT_SEATS, SUPERVISION_CMDS, decisionFor, superviseCmd, type Seats, type SupervisionCmd } from './engine-sim.js';
import { BpmnRun } from './bpmn-sim.js';
import { hasOpenItems, type CaseState } from '../../domain/engine/case.js';
import { ACTIONS, TIERS, TIER_RULES, mayRefuse, type Action, type Tier } from '../../domain/tiers.js';
import { RATINGS, type Decision } from '../../domain/messages.js';
import { elementForStep } from '../../domain/steps.js';
import type { ProcessModels } from '../../domain/process.js';
import { ELEMENT } from '../../domain/elements.js';
import type { TimelineStep } from '../../domain/case.js';


export type Cmd =
  /** A decision among those the holder's tier allows (`pick` chooses one), or any action at all. */
  | { k: 'decide'; pick: number; any: Action | null }
  | { k: 'tick' }
  /** A unit answers at a tier of its own (a "cannot" only where the rules allow it). */
  | { k: 'answer'; stance: 'can_do' | 'cannot' | 'lapsed'; tier: Exclude<Tier, 'city'> }
  | { k: 'withdrawPart' }
  | { k: 'childFail'; consultation: boolean }
  | { k: 'seat'; tier: Exclude<Tier, 'city'>; vacant: boolean }
  | { k: 'leave' }
  | { k: 'materials' }
  | { k: 'withdraw' }
  | { k: 'rate'; rating: (typeof RATINGS)[number]; verified?: boolean }
  | { k: 'directiveDone' }
  | SupervisionCmd;

export interface Scenario {
  keyProject: boolean;
  /** Tiers of the lead unit nobody holds when the case arrives (缺位). */
  vacant: Exclude<Tier, 'city'>[];
  cmds: Cmd[];
}

const unitTiers = TIERS.filter((t): t is Exclude<Tier, 'city'> => t !== 'city');
export const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('decide' as const), pick: fc.nat(7), any: fc.option(fc.constantFrom(...ACTIONS), { freq: 6 }) }) },
  { weight: 4, arbitrary: fc.constant({ k: 'tick' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('answer' as const), stance: fc.constantFrom('can_do' as const, 'cannot' as const, 'lapsed' as const), tier: fc.constantFrom(...unitTiers) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'withdrawPart' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('childFail' as const), consultation: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('seat' as const), tier: fc.constantFrom(...unitTiers), vacant: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'leave' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'materials' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'withdraw' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('rate' as const), rating: fc.constantFrom(...RATINGS), verified: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ k: 'directiveDone' as const }) },
  ...SUPERVISION_CMDS,
);

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  keyProject: fc.boolean(),
  vacant: fc.subarray(unitTiers, { maxLength: 2 }),
  cmds: fc.array(cmdArb, { minLength: 1, maxLength: 40 }),
});

/** The action a decision command stands for in this state. */
export function actionOf(s: CaseState, c: Extract<Cmd, { k: 'decide' }>): Action {
  if (c.any) return c.any;
  const allowed: Action[] = [...TIER_RULES[s.tier].actions];
  if (s.coordination?.back && !s.coordination.closed && allowed.includes('coordinate')) allowed.push('consult_city');
  return allowed[c.pick % allowed.length];
}

/**
 * What the generator does not send, because the model has no path for it (each is reported in
 * docs/conformance.md): adding units while units are still working, and a holder leaving while the
 * case waits for something other than their decision.
 */
export function outsideTheModel(s: CaseState, c: Cmd): string | null {
  if (c.k === 'decide' && actionOf(s, c) === 'coordinate' && s.phase === 'coordinating') return 'units added while the coordination runs';
  if (c.k === 'leave' && (s.phase !== 'handling' || s.tier === 'city')) return `a holder leaves while the case is ${s.phase} at tier ${s.tier}`;
  if (c.k === 'decide' && s.phase === 'materials') return `a decision while the requester's materials are awaited (${actionOf(s, c)})`;
  return null;
}

/** The element a case stands at, by its state: where it waits, or the end it reached. */
export function positionOf(s: CaseState): string {
  switch (s.phase) {
    case 'handling':
      return ELEMENT.task(s.tier);
    case 'materials':
      return ELEMENT.materials(s.tier);
    case 'coordinating':
      return ELEMENT.coordination;
    case 'awaiting_session':
      return ELEMENT.consultCity;
    case 'directives':
      return ELEMENT.directives;
    case 'feedback':
      return ELEMENT.rating;
    case 'aftercare':
      return ELEMENT.aftercare;
    case 'done':
      if (s.status === 'withdrawn') return ELEMENT.withdrawEnd;
      if (s.reviewRequested) return ELEMENT.reviewEnd;
      return s.rating ? ELEMENT.closed : ELEMENT.noRating;
    default:
      return `?${s.phase}`;
  }
}

/** The elements both sides name: those a step or a case's state can name. Joins, gateways and side ends are the engine's own way between them. */
export function visibleElements(models: ProcessModels): Set<string> {
  const roles = new Set([
    'start', 'tierTask', 'deadlineTimer', 'reminderTimer', 'materialsTask', 'materialsTimer', 'materialsReminderTimer', 'coordination', 'coordinationTimer', 'consultCity', 'directives', 'directivesTimer',
    'resolved', 'refused', 'rating', 'ratingTimer', 'review', 'reviewEnd', 'closed', 'noRating', 'withdrawStart', 'withdrawEnd', 'aftercare',
    // Supervision's sub-processes: what their steps name.
    'noticeStart', 'noticeAnswered', 'noticeWithdrawn', 'noticeDue', 'extensionStart', 'extensionGranted', 'extensionRefused', 'extensionOvertaken', 'extensionDue',
    'rectificationStart', 'rectificationReported', 'rectificationDue', 'rectificationClosed', 'rectificationVoided', 'callbackStart', 'appealStart', 'appealUpheld', 'appealRejected', 'appealDue',
  ]);
  return new Set(models.case.nodes.filter((n) => roles.has(n.role)).map((n) => n.id));
}

/**
 * Which token's track an element is on: the case's own, or one of supervision's event sub-processes,
 * which run beside it (two tracks have no order between them; each has its own).
 */
export function trackOf(models: ProcessModels, id: string): string {
  const n = models.case.nodes.find((x) => x.id === id);
  return n?.parent && n.parent !== ELEMENT.withdraw ? n.parent : 'case';
}

/** The timeline's supervision steps, as the model's events on their sub-processes. */
const SUB_EVENTS: Record<string, (b: BpmnRun, st: TimelineStep, sim: CaseSim) => void> = {
  supervision_issued: (b, st, sim) => {
    b.set({ noticeDue: sim.state.supervisionNotices?.find((n) => n.no === st.data?.no)?.dueAt });
    b.startSub(ELEMENT.notice, ELEMENT.noticeStart);
  },
  supervision_answered: (b) => b.message(ELEMENT.noticeAnswered),
  supervision_withdrawn: (b) => b.message(ELEMENT.noticeWithdrawn),
  supervision_lapsed: (b) => void b.fireTimer(ELEMENT.noticeDue),
  extension_requested: (b) => b.startSub(ELEMENT.extension, ELEMENT.extensionStart),
  extension_granted: (b) => b.message(ELEMENT.extensionGranted),
  extension_refused: (b) => b.message(ELEMENT.extensionRefused),
  extension_overtaken: (b) => b.message(ELEMENT.extensionOvertaken),
  extension_lapsed: (b) => void b.fireTimer(ELEMENT.extensionDue),
  rectification_opened: (b) => b.startSub(ELEMENT.rectification, ELEMENT.rectificationStart),
  rectification_reported: (b) => b.signalTask(ELEMENT.rectificationReport),
  rectification_closed: (b) => b.signalTask(ELEMENT.rectificationVerify),
  rectification_lapsed: (b) => void b.fireTimer(ELEMENT.rectificationDue),
  rectification_voided: (b, st) => b.message(st.data?.reported ? ELEMENT.rectificationVoidedVerify : ELEMENT.rectificationVoidedReport),
  callback: (b) => b.startSub(ELEMENT.callback, ELEMENT.callbackStart),
  appeal_filed: (b) => b.startSub(ELEMENT.appeal, ELEMENT.appealStart),
  appeal_upheld: (b) => b.message(ELEMENT.appealUpheld),
  appeal_rejected: (b) => b.message(ELEMENT.appealRejected),
  appeal_lapsed: (b) => void b.fireTimer(ELEMENT.appealDue),
};

/**
 * Where the case engine's record differs from the model and the engine is to change: each is met,
 * named in the report, and removed with the engine's fix. None today (the last, the reminder a lapse
 * at the city records, is marked by the engine now and drawn on the city's overdue end).
 */
export const KNOWN_DIFFERENCES: Record<string, string> = {};

const push = (path: string[], id: string | null | undefined) => {
  if (id && path[path.length - 1] !== id) path.push(id);
};

export interface RunResult {
  /** The engine's side: the element of each step, then where the case stands, after every event. */
  engine: string[];
  /** bpmn-engine's side: the elements its token entered or fired, then where it waits. */
  bpmn: string[];
  engineEnd: string;
  bpmnEnd: string | null;
  errors: string[];
  covered: Set<string>;
  /** Events not sent because the model has no path for them. */
  skipped: string[];
  /** Known differences of the engine's record from the model, met on the way (KNOWN_DIFFERENCES). */
  known: string[];
}

/** Runs one scenario through both. */
export async function runBoth(sc: Scenario, xml: string, models: ProcessModels): Promise<RunResult> {
  const visible = visibleElements(models);
  const inModel = new Set(models.case.nodes.map((n) => n.id));
  const known = new Set<string>();
  const errors: string[] = [];
  const seats: Seats = { ...DEFAULT_SEATS };
  for (const t of sc.vacant) seats[t] = null;
  // Far from today: bpmn-engine measures a due date against the real clock, and the test fires each timer itself.
  const sim = new CaseSim({ seats, input: { keyProject: sc.keyProject }, start: Date.parse('2100-01-04T01:00:00Z') });
  const bpmn = new BpmnRun(xml, models, { keyProject: sc.keyProject, reopened: 0, partsLapsed: false, tier: '1' });
  await bpmn.start();
  // Each side's path, per token track (the case's own, and each supervision sub-process's).
  const engine: Record<string, string[]> = {};
  const seen: Record<string, string[]> = {};
  const on = (paths: Record<string, string[]>, track: string) => (paths[track] ??= []);
  const skipped: string[] = [];
  let reopened = 0;

  /** The tier whose task the holder decided on last (the model's variable `tier`). */
  const tierOfTask = (id: string | null) => (id && /^Task_(Tier\d|City)$/.test(id) ? (id === 'Task_City' ? 'city' : id.slice('Task_Tier'.length)) : null);

  /** The system's own moves, read off the steps a command recorded. */
  const systemMoves = (steps: TimelineStep[]) => {
    for (const st of steps) {
      switch (st.action) {
        case 'vacancy': {
          // 缺位递补: the vacant tier's task passes the case up, as the model's vacancy flow says.
          const vt = st.data?.vacantTier as Tier | undefined;
          if (vt && vt !== 'city') bpmn.complete(ELEMENT.task(vt), { decision: { action: 'vacancy' } });
          break;
        }
        case 'referred_to_city':
        case 'consulted_city':
        case 'consultation_convened':
          // The leader holds the case once the consultation convened (at once, or on Saturday).
          bpmn.convene();
          break;
        case 'part_answered':
        case 'part_lapsed':
        case 'part_failed': {
          const unit = String(st.data?.unitId);
          const stance = st.action === 'part_answered' ? (st.data?.stance as 'can_do' | 'cannot') : 'lapsed';
          if (st.action === 'part_lapsed' && st.data?.stance === undefined) break; // the backstop: a timer, fired below
          if (stance === 'lapsed') bpmn.set({ partsLapsed: true });
          bpmn.answerPart(unit, stance, (t) => mayRefuse(t as Tier), (st.data?.tier as string | undefined) ?? '1');
          break;
        }
        case 'part_withdrawn':
          bpmn.withdrawPart(String(st.data?.unitId));
          break;
      }
    }
  };

  const record = (steps: TimelineStep[]) => {
    steps.forEach((st) => {
      const el = elementForStep(st);
      if (!el || !inModel.has(el)) errors.push(`step ${st.action} names ${el}, which the model does not have`);
      else if (visible.has(el)) push(on(engine, trackOf(models, el)), el);
    });
    push(on(engine, 'case'), positionOf(sim.state));
    for (const id of bpmn.drain()) if (visible.has(id)) push(on(seen, trackOf(models, id)), id);
    push(on(seen, 'case'), bpmn.position());
  };

  // The case arrives.
  systemMoves(sim.state.timeline);
  record(sim.state.timeline);

  for (const c of sc.cmds) {
    const s = sim.state;
    const why = outsideTheModel(s, c);
    if (why) {
      skipped.push(why);
      continue;
    }
    const before = s.timeline.length;
    const at = bpmn.position();
    let decided: Decision | null = null;
    switch (c.k) {
      case 'decide': {
        const d = decisionFor(sim, actionOf(s, c));
        const r = sim.decide(d, s.assignee?.principalId ?? 'nobody');
        if (!r.error) decided = d;
        break;
      }
      case 'tick':
        sim.tick();
        break;
      case 'answer': {
        const p = sim.openParts()[0];
        const tier = c.stance === 'cannot' ? '4' : c.tier;
        if (p) sim.apply({ type: 'partAnswered', at: sim.at, answer: { unitId: p.unitId, workflowId: p.workflowId, stance: c.stance, by: `${p.unitId}.officer`, tier, at: sim.at } });
        break;
      }
      case 'withdrawPart': {
        const p = sim.openParts()[0];
        if (p && s.assignee) sim.requester({ type: 'partWithdrawn', at: sim.at, unitId: p.unitId, actorId: s.assignee.principalId });
        break;
      }
      case 'childFail': {
        if (c.consultation && s.consultation) sim.apply({ type: 'childFailed', at: '', kind: 'consultation', workflowId: s.consultation.workflowId, reason: 'x' });
        else {
          const p = sim.openParts()[0];
          if (p) sim.apply({ type: 'childFailed', at: '', kind: 'part', workflowId: p.workflowId, reason: 'x' });
        }
        break;
      }
      case 'seat':
        sim.seats[c.tier] = c.vacant ? null : `${DEFAULT_SEATS[c.tier]}.${s.timeline.length}`;
        break;
      case 'leave':
        if (s.assignee) {
          const id = s.assignee.principalId;
          for (const t of TIERS) if (sim.seats[t] === id) sim.seats[t] = null;
          sim.apply({ type: 'directoryChanged', at: '', principalIds: [id] });
        }
        break;
      case 'materials':
        sim.requester({ type: 'materialsSupplied', at: sim.at, body: { items: ['证明'] } });
        break;
      case 'withdraw':
        sim.requester({ type: 'withdrawn', at: sim.at, body: {} });
        break;
      case 'rate':
        sim.requester({ type: 'rated', at: sim.at, body: { rating: c.rating, ...(c.verified ? { verified: true } : {}) } });
        break;
      case 'directiveDone': {
        const d = s.directives?.find((x) => !x.doneAt);
        if (d) sim.requester({ type: 'directiveDone', at: sim.at, unitId: d.unitId, actorId: `${d.unitId}.officer` });
        break;
      }
      default:
        superviseCmd(sim, c);
    }
    const steps = sim.state.timeline.slice(before);
    if (!steps.length) continue; // refused or nothing due: nothing happened on either side

    // The same event on the model.
    if (decided) {
      const vars: Record<string, unknown> = { decision: { action: decided.action } };
      const tier = tierOfTask(at);
      if (decided.action === 'coordinate') {
        const fresh = (steps.find((x) => x.action === 'coordinated')?.data?.unitIds as string[]) ?? [];
        bpmn.expectUnits(fresh);
        Object.assign(vars, { units: fresh.length, partsLapsed: false, tier });
      }
      if (decided.action === 'direct') {
        // Reminded halfway (the shell's reminder instants), then due.
        const first = [...(sim.state.directives ?? [])].sort((x, y) => x.dueAt.localeCompare(y.dueAt))[0];
        const remindAt = first?.reminderAt ?? first?.dueAt;
        const rest = Math.max(1, Math.round((Date.parse(first.dueAt) - Date.parse(remindAt!)) / 1000));
        Object.assign(vars, { directives: decided.directives.length, directiveTimes: `R2/${remindAt}/PT${rest}S` });
      }
      // A new answer: it has no rating yet.
      if (decided.action === 'resolve' || decided.action === 'refuse') Object.assign(vars, { closedAt: tier, rating: null });
      if (at) bpmn.complete(at, vars);
    } else {
      // The case's own first step (supervision's stand on sub-processes of their own, below).
      const first = steps.find((x) => !(x.action in SUB_EVENTS)) ?? steps[0];
      switch (c.k) {
        case 'tick':
          if (first.action === 'reminded') bpmn.fire('remind');
          else if (['deadline_lapsed', 'materials_lapsed', 'closed', 'part_lapsed'].includes(first.action)) bpmn.fire('lapse');
          else if (first.action === 'aftercare_ended') bpmn.fireTimer(ELEMENT.aftercare);
          break;
        case 'materials':
          if (at) bpmn.complete(at);
          break;
        case 'withdraw':
          bpmn.withdraw();
          break;
        case 'rate':
          bpmn.set({ rating: c.rating, reopened });
          if (at) bpmn.complete(at);
          // The model counts its own reopenings: the token went back to a tier.
          if (tierOfTask(bpmn.position())) reopened += 1;
          break;
        case 'directiveDone':
          if (at) bpmn.complete(at);
          if (steps.some((x) => x.action === 'resolved')) bpmn.set({ closedAt: 'city', rating: null });
          break;
      }
    }
    systemMoves(steps);
    // Supervision's steps, each the event of its sub-process.
    for (const st of steps) SUB_EVENTS[st.action]?.(bpmn, st, sim);
    await new Promise((r) => setImmediate(r));
    record(steps);
    if (sim.state.phase === 'done' && !hasOpenItems(sim.state) && bpmn.endedAt) break;
  }
  bpmn.stop();
  // Tracks one after the other: the case's first, then the sub-processes' by name.
  const flat = (paths: Record<string, string[]>) => Object.keys(paths).sort((a, b) => (a === 'case' ? -1 : b === 'case' ? 1 : a.localeCompare(b))).flatMap((t) => [`[${t}]`, ...paths[t]]);
  return { engine: flat(engine), bpmn: flat(seen), engineEnd: positionOf(sim.state), bpmnEnd: bpmn.position(), errors: [...errors, ...bpmn.errors], known: [...known], covered: bpmn.covered, skipped };
}

/** The first place the two sequences part, for the message. */
export function firstDifference(a: string[], b: string[]): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `after ${JSON.stringify(a.slice(Math.max(0, i - 3), i))}: engine ${a[i] ?? '(end)'}, bpmn-engine ${b[i] ?? '(end)'}`;
}

// ---- walks: sequences written out to reach the far ends of the model ----
const d = (action: Action): Cmd => ({ k: 'decide', pick: 0, any: action });
const tick: Cmd = { k: 'tick' };
const up = (n: number) => Array.from({ length: n }, () => d('escalate'));
const answer = (stance: 'can_do' | 'cannot' | 'lapsed', tier: Exclude<Tier, 'city'> = '1'): Cmd => ({ k: 'answer', stance, tier });
const rate = (rating: (typeof RATINGS)[number]): Cmd => ({ k: 'rate', rating });
const plain = (...cmds: Cmd[]): Scenario => ({ keyProject: false, vacant: [], cmds });

/**
 * Random sequences rarely get this far (a case usually closes on the way); these walk each far end
 * once, and run through both sides like the generated ones.
 */
export const WALKS: Scenario[] = [
  // To the top of the unit, materials there lapse, then supplied; the city leader lets a window lapse,
  // resolves; unsatisfied twice: reopened at the city, then left for review.
  plain(...up(3), d('request_materials'), tick, tick, d('request_materials'), { k: 'materials' }, d('refer_to_city'), tick, tick, tick, d('resolve'), rate('unsatisfied'), d('resolve'), rate('very_unsatisfied')),
  // Tier 3 lets its window lapse; materials lapse at tier 3; resolved at tier 2 after a reopen.
  plain(...up(2), d('request_materials'), tick, tick, tick, tick),
  plain(d('escalate'), d('resolve'), rate('unsatisfied'), d('resolve'), rate('satisfied')),
  // Coordination comes back to the tier that led it, which then puts it to the city; units answer at their own tiers.
  plain(d('coordinate'), answer('can_do', '4'), answer('can_do', '2'), d('consult_city'), d('direct'), tick, tick, { k: 'directiveDone' }, rate('satisfied')),
  plain(d('escalate'), d('coordinate'), answer('can_do', '3'), answer('cannot'), d('consult_city'), d('refuse'), rate('satisfied')),
  plain(...up(2), d('coordinate'), answer('can_do'), answer('can_do'), d('consult_city'), d('resolve')),
  plain(...up(3), d('coordinate'), answer('can_do'), answer('can_do'), d('consult_city'), d('resolve'), rate('unsatisfied')),
  plain(...up(3), d('coordinate'), answer('can_do'), answer('can_do'), d('resolve'), rate('unsatisfied'), d('resolve'), tick),
  // A key project waits for the Saturday session.
  { keyProject: true, vacant: [], cmds: [...up(3), d('refer_to_city'), tick, d('resolve'), rate('satisfied')] },
  // Materials lapse at tier 2 (reminded first); supplied at tier 3; tier 4 lets its window lapse to the city.
  plain(d('escalate'), d('request_materials'), tick, tick, d('escalate'), d('request_materials'), { k: 'materials' }, d('escalate'), tick, tick, d('resolve'), rate('satisfied'), tick),
  // Closed at tier 3, reopened at tier 4, refused there, unsatisfied again: left for review, then archived.
  plain(...up(2), d('resolve'), rate('unsatisfied'), d('refuse'), rate('very_unsatisfied'), tick, tick),
  // A unit lets its part lapse through all its tiers: coordination failed, to the city.
  plain(d('coordinate'), answer('lapsed'), answer('can_do'), d('resolve')),
  // 督办 withdrawn, then one answered; an extension granted, then a second refused by the limit.
  plain({ k: 'notice', part: false }, { k: 'withdrawNotice' }, { k: 'notice', part: false }, { k: 'askExtension' }, { k: 'decideExtension', approve: true }, { k: 'askExtension' }, d('resolve'), rate('satisfied')),
  // A bad rating after the reopening: rectified, verified by a return visit, closed; the appeal rejected.
  plain(d('resolve'), rate('unsatisfied'), d('resolve'), rate('very_unsatisfied'), { k: 'reportRectification' }, { k: 'callback', reached: true, satisfaction: 'basically_satisfied' }, { k: 'closeRectification' }, { k: 'appeal' }, { k: 'decideAppeal', uphold: false }, tick),
  // Not rectified in time (the aftercare ends with it): an appeal upheld voids it; another not decided in time.
  plain(d('resolve'), rate('unsatisfied'), d('resolve'), rate('unsatisfied'), tick, { k: 'appeal' }, { k: 'decideAppeal', uphold: true }),
  plain(d('resolve'), rate('unsatisfied'), d('resolve'), rate('unsatisfied'), { k: 'reportRectification' }, { k: 'appeal' }, { k: 'decideAppeal', uphold: true }, tick),
  plain(d('resolve'), rate('unsatisfied'), d('resolve'), rate('unsatisfied'), { k: 'appeal' }, tick, tick),
];
