// The process of "escalate before saying no" (说"不"提级管理) as a graph of BPMN elements, built from
// the same rule table the workflow runs (domain/tiers.ts) and the deadline policy (domain/policy.ts).
// Pure and deterministic: the workflow imports it to record, for every timeline step, the id of the
// element the step passed through; bpmn/generate.ts turns the graph into BPMN 2.0 XML with a layout;
// the API walks a case's timeline over it to draw the case on the diagram.
import { ACTION_LABELS, MAX_REOPENS, TIERS, TIER_RULES, type Action, type Tier, type TierRule } from './tiers.js';
import { DEFAULT_POLICY, isZeroLimit, type Limit, type Policy } from './policy.js';
import { RATINGS, isUnsatisfied } from './messages.js';
import { BACKSTOP_WINDOWS } from './engine/case.js';

export const CASE_PROCESS_ID = 'Process_Case';
export const UNIT_PART_PROCESS_ID = 'Process_UnitPart';
export const CONSULTATION_PROCESS_ID = 'Process_Consultation';

import { ELEMENT, tierKey } from './elements.js';

/**
 * The variables the conditions read. The case workflow executes the process, not a BPMN engine; the
 * conditions are there so that an independent engine (bpmn-engine, in tests/bpmn-conformance.test.ts)
 * can run the same model and prove that it takes the paths the workflow takes.
 */
export const SIMULATION_VARIABLES = {
  decision: 'the decision just made on the task: { action } (an Action of domain/tiers.ts)',
  tier: 'the tier whose task last held the case',
  closedAt: 'the tier that resolved or refused the case',
  rating: "the requester's rating (domain/messages.ts RATINGS)",
  reopened: 'how many times the case was reopened',
  partsLapsed: 'a coordinated unit let its part lapse at the top of the unit',
  units: 'how many units a coordination asks',
  directives: 'how many directives the city leader gave',
  directiveTimes: 'when the directives are reminded and due: an ISO 8601 repeating interval (R2/halfway/rest)',
  opinion: "a unit's opinion on its part: can_do, escalate or cannot",
  keyProject: 'the case is a key project (weekly Saturday consultation)',
  noticeDue: 'when the supervision notice (督办) falls due: an ISO 8601 date-time, set with the notice',
} as const;
type SimulationVariable = keyof typeof SIMULATION_VARIABLES;
/** A process variable as the conditions read it. */
export const variable = (name: SimulationVariable) => `environment.variables.${name}`;

/** The sequence flow that carries one decision out of a tier. */
export function decisionFlowId(tier: string, action: string): string {
  return `Flow_${tierKey(tier)}_${action}`;
}

export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateThrowEvent'
  | 'intermediateCatchEvent'
  | 'boundaryEvent'
  | 'userTask'
  | 'receiveTask'
  | 'callActivity'
  | 'exclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess';

export interface TimerSpec {
  /** Which BPMN timer field carries the expression. */
  field: 'timeDuration' | 'timeDate' | 'timeCycle';
  /** ISO 8601 where the policy allows one (P1D, PT30S); a named value otherwise. */
  expression: string;
  /** How people read it, Chinese and English: "1 个工作日 (1 working day)". */
  text: string;
}

export interface ProcessNode {
  id: string;
  kind: NodeKind;
  name?: string;
  documentation?: string;
  eventDefinition?: 'timer' | 'message';
  timer?: TimerSpec;
  attachedTo?: string;
  /** Boundary events: false for a non-interrupting one (the holder keeps the case). */
  cancelActivity?: boolean;
  calledElement?: string;
  /** Parallel multi-instance: one instance per unit. */
  multiInstance?: boolean;
  /** How many instances (an expression over the process variables). */
  loopCardinality?: string;
  triggeredByEvent?: boolean;
  /** Start events of an event sub-process: does it end the case? */
  isInterrupting?: boolean;
  /** The sub-process that contains it (event sub-process children). */
  parent?: string;
  tier?: Tier;
  /** What the element is for, so the layout can place it. */
  role: string;
  /** Joins: the element they merge flows into. */
  joins?: string;
}

export interface ProcessFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  /** A JavaScript expression over the process variables (see SIMULATION_VARIABLES): the way is taken when it holds. */
  condition?: string;
  /** The decision (or outcome) the flow stands for. */
  action?: string;
}

export interface ProcessModel {
  id: string;
  name: string;
  documentation: string;
  nodes: ProcessNode[];
  flows: ProcessFlow[];
  /** The tiers in the order a case climbs them. */
  tiers: Tier[];
}

export interface ProcessModels {
  case: ProcessModel;
  unitPart: ProcessModel;
  consultation: ProcessModel;
}

export interface BuildOptions {
  rules?: Record<Tier, TierRule>;
  policy?: Policy;
}

const UNSATISFIED = JSON.stringify(RATINGS.filter((r) => isUnsatisfied(r)));

const ORDINAL: Record<string, string> = { '1': '一级', '2': '二级', '3': '三级', '4': '四级', city: '市级' };

function tierTitle(rule: TierRule): string {
  return `${ORDINAL[rule.tier] ?? rule.tier} ${rule.label}\n(${rule.labelEn})`;
}

function actionName(a: Action): string {
  return `${ACTION_LABELS[a].label}\n(${ACTION_LABELS[a].labelEn})`;
}

const UNIT_TEXT: Record<string, [string, string]> = { ms: ['毫秒', 'ms'], s: ['秒', 's'], m: ['分钟', 'min'], h: ['小时', 'h'], d: ['天', 'd'] };

/** A policy limit as a BPMN timer: ISO 8601 duration, and words for people. Working days stay working days. */
export function limitTimer(limit: Limit, share = 1): TimerSpec {
  const n = (x: number) => Number((x * share).toFixed(3));
  if ('workingDays' in limit) {
    const d = n(limit.workingDays);
    return { field: 'timeDuration', expression: `P${d}D`, text: `${d} 个工作日 (${d} working day${d === 1 ? '' : 's'})` };
  }
  if ('workingHours' in limit) {
    const h = n(limit.workingHours);
    return { field: 'timeDuration', expression: `PT${h}H`, text: `${h} 个工作小时 (${h} working hour${h === 1 ? '' : 's'})` };
  }
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(limit.duration);
  if (!m) throw new Error(`not a duration: ${limit.duration}`);
  const v = n(Number(m[1]));
  const unit = m[2];
  const iso = unit === 'd' ? `P${v}D` : unit === 'ms' ? `PT${Number((v / 1000).toFixed(6))}S` : `PT${v}${unit.toUpperCase()}`;
  const [zh, en] = UNIT_TEXT[unit];
  return { field: 'timeDuration', expression: iso, text: `${v} ${zh} (${v} ${en})` };
}

/** Collects nodes and flows, then merges multiple incoming flows through join gateways. */
class Builder {
  nodes = new Map<string, ProcessNode>();
  flows: ProcessFlow[] = [];
  node(n: ProcessNode): ProcessNode {
    if (this.nodes.has(n.id)) throw new Error(`duplicate element id ${n.id}`);
    this.nodes.set(n.id, n);
    return n;
  }
  has(id: string) {
    return this.nodes.has(id);
  }
  flow(source: string, target: string, f: Partial<ProcessFlow> = {}) {
    this.flows.push({ id: f.id ?? '', source, target, ...f } as ProcessFlow);
  }
  finish(id: string, name: string, documentation: string, tiers: Tier[]): ProcessModel {
    for (const f of this.flows) {
      if (!this.nodes.has(f.source) || !this.nodes.has(f.target)) throw new Error(`flow ${f.source} → ${f.target} names a missing element`);
    }
    // BPMN reads several arrows into one task as "wait for all of them" only with a gateway; an
    // exclusive join says "any one of them" explicitly (bpmnlint: fake-join).
    for (const n of [...this.nodes.values()]) {
      if (n.kind === 'exclusiveGateway') continue;
      const incoming = this.flows.filter((f) => f.target === n.id);
      if (incoming.length < 2) continue;
      const joinId = `Join_${n.id.slice(n.id.indexOf('_') + 1)}`;
      this.node({ id: joinId, kind: 'exclusiveGateway', role: 'join', joins: n.id, tier: n.tier, parent: n.parent });
      for (const f of incoming) f.target = joinId;
      this.flow(joinId, n.id);
    }
    const seen = new Set<string>();
    for (const f of this.flows) {
      if (!f.id) f.id = `Flow_${f.source}_${f.target}`;
      if (seen.has(f.id)) throw new Error(`duplicate flow id ${f.id}`);
      seen.add(f.id);
    }
    return { id, name, documentation, nodes: [...this.nodes.values()], flows: this.flows, tiers };
  }
}

function orderedTiers(rules: Record<Tier, TierRule>): Tier[] {
  // Follow `next` from tier 1 so the order is the rules' own, then anything not reached.
  const out: Tier[] = [];
  let t: Tier | null = '1';
  while (t && rules[t] && !out.includes(t)) {
    out.push(t);
    t = rules[t].next;
  }
  for (const x of TIERS) if (rules[x] && !out.includes(x)) out.push(x);
  return out;
}

/** The case process: intake, the tiers, materials, coordination, the city, feedback and rating. */
export function buildCaseProcess(opts: BuildOptions = {}): ProcessModel {
  const rules = opts.rules ?? TIER_RULES;
  const policy = opts.policy ?? DEFAULT_POLICY;
  const tiers = orderedTiers(rules);
  const b = new Builder();
  const reminders = policy.reminderAt > 0;
  const reminderPct = Math.round(policy.reminderAt * 100);
  const uses = (a: Action) => tiers.some((t) => rules[t].actions.includes(a));

  b.node({ id: ELEMENT.start, kind: 'startEvent', name: '受理\n(request received)', role: 'start', documentation: 'Intake through a window, the hotline, the mini-program, a visit, an integration or a village reception. The officer who receives it is its first-contact owner (首问负责人).' });
  b.flow(ELEMENT.start, ELEMENT.task(tiers[0]));

  // Shared targets, created when something leads to them.
  const needCoordination = uses('coordinate') || uses('consult_city');
  // A referral to the city and a failed coordination both go through the city's consultation.
  const needConsultation = (needCoordination || uses('refer_to_city')) && Boolean(rules.city);
  const needDirectives = uses('direct');
  const closes = tiers.filter((t) => rules[t].actions.includes('resolve') || rules[t].actions.includes('refuse'));

  for (const t of tiers) {
    const rule = rules[t];
    const next = rule.next && rules[rule.next] ? rule.next : null;
    b.node({
      id: ELEMENT.task(t),
      kind: 'userTask',
      name: tierTitle(rule),
      role: 'tierTask',
      tier: t,
      documentation: `${rule.duty}\nAllowed decisions (可作决定): ${rule.actions.map((a) => `${ACTION_LABELS[a].label} ${a}`).join(', ')}.`,
    });
    const deadline = limitTimer(policy.tiers[t]);
    if (next) {
      b.node({ id: ELEMENT.deadline(t), kind: 'boundaryEvent', eventDefinition: 'timer', timer: deadline, attachedTo: ELEMENT.task(t), cancelActivity: true, role: 'deadlineTimer', tier: t, name: `时限 ${deadline.text.split(' (')[0]} 超时提级\n(deadline: escalates)`, documentation: `The tier's window: ${deadline.text}. When it lapses with no decision the case is shelved (搁置) against the holder and escalates by itself (超时自动提级).` });
      b.flow(ELEMENT.deadline(t), ELEMENT.task(next), { action: 'deadline_lapsed' });
    } else {
      // Each lapse opens a fresh window: a cycle, not a single duration.
      const cycle: TimerSpec = { field: 'timeCycle', expression: `R/${deadline.expression}`, text: `每 ${deadline.text.split(' (')[0]} (every ${deadline.text.split(' (')[1]}` };
      b.node({ id: ELEMENT.deadline(t), kind: 'boundaryEvent', eventDefinition: 'timer', timer: cycle, attachedTo: ELEMENT.task(t), cancelActivity: false, role: 'deadlineTimer', tier: t, name: `时限 ${deadline.text.split(' (')[0]}\n(deadline)`, documentation: `The window at the top tier: ${deadline.text}. No tier above: the lapse stays on record, a fresh window opens and the holder is reminded.` });
      b.node({ id: ELEMENT.overdue(t), kind: 'endEvent', eventDefinition: 'message', name: '逾期催办\n(overdue: reminded)', role: 'overdueEnd', tier: t });
      b.flow(ELEMENT.deadline(t), ELEMENT.overdue(t));
    }
    if (reminders) {
      const once = limitTimer(policy.tiers[t], policy.reminderAt);
      // At the top tier every lapse opens a fresh window, and the holder is reminded in each.
      const r: TimerSpec = next ? once : { field: 'timeCycle', expression: `R/${once.expression}`, text: `${once.text} (each window)` };
      b.node({ id: ELEMENT.reminder(t), kind: 'boundaryEvent', eventDefinition: 'timer', timer: r, attachedTo: ELEMENT.task(t), cancelActivity: false, role: 'reminderTimer', tier: t, name: `提醒 ${reminderPct}%\n(reminder)`, documentation: `At ${reminderPct}% of the window (${r.text}) the holder is reminded; the case stays with them.` });
      b.node({ id: ELEMENT.reminded(t), kind: 'endEvent', eventDefinition: 'message', name: '提醒承办人\n(holder reminded)', role: 'remindedEnd', tier: t });
      b.flow(ELEMENT.reminder(t), ELEMENT.reminded(t));
    }

    const targets: Record<Action, string | null> = {
      resolve: ELEMENT.resolved,
      request_materials: ELEMENT.materials(t),
      escalate: next ? ELEMENT.task(next) : null,
      coordinate: ELEMENT.coordination,
      consult_city: ELEMENT.consultCity,
      refuse: ELEMENT.refused,
      refer_to_city: rules.city ? ELEMENT.consultCity : null,
      direct: ELEMENT.directives,
    };
    const actions: Action[] = rule.actions.filter((a) => {
      if (targets[a] === null) throw new Error(`tier ${t}: ${a} leads nowhere (no tier above)`);
      return true;
    });
    // Once the coordinated units have answered, the holder may also put the case to the city (协调无果).
    if (actions.includes('coordinate') && needConsultation && !actions.includes('consult_city')) actions.push('consult_city');
    // Nobody holds the tier (缺位递补): the tier above takes the case, as if the tier had escalated it.
    const vacancy = next !== null;
    const single = actions.length === 1 && !vacancy;
    if (!single) b.node({ id: ELEMENT.gateway(t), kind: 'exclusiveGateway', name: `${ORDINAL[t] ?? t}决定\n(decision)`, role: 'tierGateway', tier: t });
    if (!single) b.flow(ELEMENT.task(t), ELEMENT.gateway(t));
    for (const a of actions) {
      b.flow(single ? ELEMENT.task(t) : ELEMENT.gateway(t), targets[a]!, {
        id: decisionFlowId(t, a),
        name: actionName(a),
        action: a,
        // Conditioned even when it is the only way out: the label names a decision (bpmnlint: superfluous-label).
        condition: `${variable('decision')}.action === "${a}"`,
      });
    }
    if (vacancy) {
      b.flow(ELEMENT.gateway(t), ELEMENT.task(next), { id: decisionFlowId(t, 'vacancy'), name: '缺位递补\n(vacancy)', action: 'vacancy', condition: `${variable('decision')}.action === "vacancy"` });
    }
    if (actions.includes('request_materials')) {
      const m = limitTimer(policy.materials);
      b.node({ id: ELEMENT.materials(t), kind: 'receiveTask', name: '等待补正材料\n(awaiting materials)', role: 'materialsTask', tier: t, documentation: 'The requester supplies what was asked for; the clock of the tier stops meanwhile and a fresh window opens when the materials arrive.' });
      b.flow(ELEMENT.materials(t), ELEMENT.task(t), { action: 'materials_supplied' });
      b.node({ id: ELEMENT.materialsTimer(t), kind: 'boundaryEvent', eventDefinition: 'timer', timer: m, attachedTo: ELEMENT.materials(t), cancelActivity: true, role: 'materialsTimer', tier: t, name: `补正时限 ${m.text.split(' (')[0]} 逾期退回\n(materials window)`, documentation: `The requester has ${m.text}; then the case returns to its holder (退回承办人).` });
      b.flow(ELEMENT.materialsTimer(t), ELEMENT.task(t), { action: 'returned_to_holder' });
      if (reminders) {
        b.node({ id: ELEMENT.materialsReminder(t), kind: 'boundaryEvent', eventDefinition: 'timer', timer: limitTimer(policy.materials, policy.reminderAt), attachedTo: ELEMENT.materials(t), cancelActivity: false, role: 'materialsReminderTimer', tier: t, name: `提醒 ${reminderPct}%\n(reminder)` });
        b.node({ id: ELEMENT.materialsReminded(t), kind: 'endEvent', eventDefinition: 'message', name: '提醒办事人\n(requester reminded)', role: 'materialsRemindedEnd', tier: t });
        b.flow(ELEMENT.materialsReminder(t), ELEMENT.materialsReminded(t));
      }
    }
  }

  if (needCoordination) {
    const c = limitTimer(policy.coordination);
    b.node({ id: ELEMENT.coordination, kind: 'callActivity', calledElement: UNIT_PART_PROCESS_ID, multiInstance: true, loopCardinality: `\${${variable('units')}}`, name: '牵头协调 单位协办\n(coordination)', role: 'coordination', documentation: 'The first-contact unit keeps the case and leads (首问部门牵头协调办理); every other unit works out its own part in the unit-part process, one instance per unit.' });
    // The backstop: units that never answer are taken as lapsed at the top of their unit, and the case
    // goes to the city like any failed coordination.
    const backstop: TimerSpec = { field: 'timeDuration', expression: limitTimer(policy.tiers[tiers[0]], BACKSTOP_WINDOWS).expression, text: `${BACKSTOP_WINDOWS} 个办理时限 (${BACKSTOP_WINDOWS} of the holder's windows)` };
    b.node({ id: ELEMENT.coordinationTimer, kind: 'boundaryEvent', eventDefinition: 'timer', timer: backstop, attachedTo: ELEMENT.coordination, cancelActivity: true, role: 'coordinationTimer', name: `协办久未答复 ${backstop.text.split(' (')[0]}\n(parts silent: backstop)`, documentation: `Each unit's part runs on its own clock (${c.text}) and lapses at the top of its unit by itself. Should a part never answer, after ${BACKSTOP_WINDOWS} windows the silent parts count as lapsed and the case goes to the city's consultation.` });
    b.flow(ELEMENT.coordinationTimer, ELEMENT.consultCity, { action: 'part_lapsed' });
    b.node({ id: ELEMENT.coordinationGateway, kind: 'exclusiveGateway', name: '协调结果\n(outcome)', role: 'coordinationGateway' });
    b.flow(ELEMENT.coordination, ELEMENT.coordinationGateway);
    b.flow(ELEMENT.coordinationGateway, ELEMENT.consultCity, { id: 'Flow_Coordination_consult_city', name: `协调无果 ${actionName('consult_city')}\n(a unit lapsed)`, action: 'consult_city', condition: `${variable('partsLapsed')} === true` });
    // Every unit answered: the holder who led the coordination decides with the answers (resolve, add
    // units, or put it to the city).
    for (const t of tiers.filter((x) => rules[x].actions.includes('coordinate'))) {
      b.flow(ELEMENT.coordinationGateway, ELEMENT.task(t), { id: `Flow_Coordination_back_${tierKey(t)}`, name: `意见汇齐 回${ORDINAL[t] ?? t}\n(answers back)`, action: 'coordination_back', condition: `${variable('partsLapsed')} !== true && ${variable('tier')} === "${t}"` });
    }
  }
  if (needConsultation) {
    b.node({ id: ELEMENT.consultCity, kind: 'callActivity', calledElement: CONSULTATION_PROCESS_ID, name: '市级领导会商\n(city consultation)', role: 'consultCity', documentation: 'A referral from the principal head (提请市级领导研究) or a failed coordination (协调无果): the city leader who oversees the lead unit convenes the consultation (会商); key projects on the weekly consultation day (星期六会商). Then the leader decides on the case.' });
    b.flow(ELEMENT.consultCity, ELEMENT.task('city'), { action: 'consultation_convened' });
  }
  if (needDirectives) {
    b.node({ id: ELEMENT.directives, kind: 'userTask', multiInstance: true, loopCardinality: `\${${variable('directives')}}`, name: '落实交办\n(directives carried out)', role: 'directives', documentation: 'Each unit reports its directive done; the case resolves when all are done.' });
    b.node({ id: ELEMENT.directivesTimer, kind: 'boundaryEvent', eventDefinition: 'timer', timer: { field: 'timeCycle', expression: `\${${variable('directiveTimes')}}`, text: '交办中期提醒、到期督办 (reminded halfway, then the due date set by the city leader)' }, attachedTo: ELEMENT.directives, cancelActivity: false, role: 'directivesTimer', name: '交办期限\n(due date)' });
    b.node({ id: ELEMENT.directivesOverdue, kind: 'endEvent', eventDefinition: 'message', name: '交办逾期\n(directive overdue)', role: 'directivesOverdue' });
    b.flow(ELEMENT.directivesTimer, ELEMENT.directivesOverdue);
    b.flow(ELEMENT.directives, ELEMENT.resolved, { action: 'resolve' });
  }

  // Feedback and rating (反馈与评价).
  const r = limitTimer(policy.rating);
  b.node({ id: ELEMENT.resolved, kind: 'intermediateThrowEvent', eventDefinition: 'message', name: '反馈办理结果\n(feedback: done)', role: 'resolved' });
  b.flow(ELEMENT.resolved, ELEMENT.rating);
  if (uses('refuse')) {
    b.node({ id: ELEMENT.refused, kind: 'intermediateThrowEvent', eventDefinition: 'message', name: '反馈说"不"的理由\n(feedback: reasons for no)', role: 'refused', documentation: `Only at ${tiers.filter((t) => rules[t].actions.includes('refuse')).map((t) => ORDINAL[t] ?? t).join(', ')}: the law or rule and article, and an explanation that convinces the requester.` });
    b.flow(ELEMENT.refused, ELEMENT.rating);
  }
  b.node({ id: ELEMENT.rating, kind: 'receiveTask', name: '办事人评价\n(requester rates)', role: 'rating' });
  b.node({ id: ELEMENT.ratingTimer, kind: 'boundaryEvent', eventDefinition: 'timer', timer: r, attachedTo: ELEMENT.rating, cancelActivity: true, role: 'ratingTimer', name: `评价期 ${r.text.split(' (')[0]}\n(rating window)` });
  b.node({ id: ELEMENT.noRating, kind: 'endEvent', name: '未评价归档\n(closed unrated)', role: 'noRating' });
  b.node({ id: ELEMENT.ratingGateway, kind: 'exclusiveGateway', name: '评价结果\n(rating)', role: 'ratingGateway' });
  b.flow(ELEMENT.rating, ELEMENT.ratingGateway);
  b.node({ id: ELEMENT.closed, kind: 'endEvent', name: '办结归档\n(closed)', role: 'closed' });
  b.node({ id: ELEMENT.review, kind: 'intermediateThrowEvent', eventDefinition: 'message', name: '倒查复盘\n(review requested)', role: 'review' });
  b.node({ id: ELEMENT.reviewEnd, kind: 'endEvent', name: '留待复盘\n(closed for review)', role: 'reviewEnd' });
  b.flow(ELEMENT.ratingGateway, ELEMENT.review, { id: 'Flow_Rating_review', name: '再次不满意\n(unsatisfied again)', action: 'review_requested', condition: `${UNSATISFIED}.indexOf(${variable('rating')}) >= 0 && ${variable('reopened')} >= ${MAX_REOPENS}` });
  const satisfied = { id: 'Flow_Rating_satisfied', name: '满意\n(satisfied)', action: 'satisfied', condition: `${UNSATISFIED}.indexOf(${variable('rating')}) < 0` };
  if (isZeroLimit(policy.aftercare)) {
    b.flow(ELEMENT.ratingTimer, ELEMENT.noRating);
    b.flow(ELEMENT.ratingGateway, ELEMENT.closed, satisfied);
    b.flow(ELEMENT.review, ELEMENT.reviewEnd);
  } else {
    // The aftercare (回访与申诉期): return visits and appeals are taken before the case is archived,
    // at the end it reached (rated, unrated, left for review).
    const a = limitTimer(policy.aftercare);
    b.node({ id: ELEMENT.aftercare, kind: 'intermediateCatchEvent', eventDefinition: 'timer', timer: a, role: 'aftercare', name: `回访与申诉期 ${a.text.split(' (')[0]}\n(return visits and appeals)`, documentation: `After the feedback phase the efficiency office or the hotline may visit the requester (回访) and the lead unit may appeal a rating, for ${a.text}; then the case is archived.` });
    b.flow(ELEMENT.ratingTimer, ELEMENT.aftercare);
    b.flow(ELEMENT.ratingGateway, ELEMENT.aftercare, satisfied);
    b.flow(ELEMENT.review, ELEMENT.aftercare);
    b.node({ id: ELEMENT.aftercareGateway, kind: 'exclusiveGateway', name: '归档\n(archived as)', role: 'aftercareGateway' });
    b.flow(ELEMENT.aftercare, ELEMENT.aftercareGateway);
    b.flow(ELEMENT.aftercareGateway, ELEMENT.closed, { id: 'Flow_Aftercare_closed', name: '已评价\n(rated)', condition: `${variable('rating')} != null && ${UNSATISFIED}.indexOf(${variable('rating')}) < 0` });
    b.flow(ELEMENT.aftercareGateway, ELEMENT.reviewEnd, { id: 'Flow_Aftercare_review', name: '留待复盘\n(for review)', condition: `${UNSATISFIED}.indexOf(${variable('rating')}) >= 0` });
    b.flow(ELEMENT.aftercareGateway, ELEMENT.noRating, { id: 'Flow_Aftercare_unrated', name: '未评价\n(unrated)', condition: `${variable('rating')} == null` });
  }
  // Unsatisfied the first time: reopened one tier above the tier that closed it (the city stays).
  const reopenTo = new Map<Tier, Tier[]>();
  for (const p of closes) {
    const to = rules[p].next && rules[rules[p].next!] ? rules[p].next! : p;
    reopenTo.set(to, [...(reopenTo.get(to) ?? []), p]);
  }
  const reopenName = '不满意 提级重办\n(unsatisfied: reopen)';
  if (reopenTo.size > 1) {
    b.node({ id: ELEMENT.reopen, kind: 'exclusiveGateway', name: '重办层级\n(reopen at)', role: 'reopenGateway' });
    b.flow(ELEMENT.ratingGateway, ELEMENT.reopen, { id: 'Flow_Rating_reopen', name: reopenName, action: 'reopened', condition: `${UNSATISFIED}.indexOf(${variable('rating')}) >= 0 && ${variable('reopened')} < ${MAX_REOPENS}` });
    for (const [to, from] of reopenTo) {
      b.flow(ELEMENT.reopen, ELEMENT.task(to), {
        id: `Flow_Reopen_${tierKey(to)}`,
        name: `${from.map((x) => ORDINAL[x] ?? x).join('、')}办结 → ${ORDINAL[to] ?? to}\n(closed at ${from.join(', ')})`,
        action: 'reopened',
        condition: `${JSON.stringify(from)}.indexOf(${variable('closedAt')}) >= 0`,
      });
    }
  } else if (reopenTo.size === 1) {
    const [to] = [...reopenTo.keys()];
    b.flow(ELEMENT.ratingGateway, ELEMENT.task(to), { id: 'Flow_Rating_reopen', name: reopenName, action: 'reopened', condition: `${UNSATISFIED}.indexOf(${variable('rating')}) >= 0 && ${variable('reopened')} < ${MAX_REOPENS}` });
  }

  // The requester may withdraw at any time before the feedback.
  b.node({ id: ELEMENT.withdraw, kind: 'subProcess', triggeredByEvent: true, name: '办事人撤回\n(requester withdraws)', role: 'withdraw' });
  b.node({ id: ELEMENT.withdrawStart, kind: 'startEvent', eventDefinition: 'message', isInterrupting: true, parent: ELEMENT.withdraw, name: '撤回\n(withdrawal)', role: 'withdrawStart' });
  b.node({ id: ELEMENT.withdrawEnd, kind: 'endEvent', parent: ELEMENT.withdraw, name: '已撤回\n(withdrawn)', role: 'withdrawEnd' });
  b.flow(ELEMENT.withdrawStart, ELEMENT.withdrawEnd);

  supervisionSubProcesses(b, policy);

  return b.finish(
    CASE_PROCESS_ID,
    '说"不"提级管理 (escalate before saying no)',
    'Generated from domain/tiers.ts and the deadline policy; never drawn by hand. Element ids are recorded on every timeline step of a case.',
    tiers,
  );
}

/**
 * Supervision while the case is alive and after its feedback, each an event sub-process that does not
 * interrupt the case: a 督办 notice (answered by the holder's decision, withdrawn, or lapsed), a
 * request for more time (granted, refused, overtaken by the window's end, or not decided in time), the
 * rectification of a bad rating (reported, verified by a return visit; overdue; voided by an upheld
 * appeal), a return visit, and an appeal against a rating (upheld, rejected, or not decided in time).
 */
function supervisionSubProcesses(b: Builder, policy: Policy) {
  const sub = (id: string, name: string, role: string, documentation: string) => b.node({ id, kind: 'subProcess', triggeredByEvent: true, name, role, documentation });
  const start = (id: string, parent: string, name: string, role: string) => b.node({ id, kind: 'startEvent', eventDefinition: 'message', isInterrupting: false, parent, name, role });
  const end = (id: string, parent: string, name: string, role: string, message = false) => b.node({ id, kind: 'endEvent', parent, name, role, ...(message ? { eventDefinition: 'message' as const } : {}) });
  const wait = (id: string, parent: string, role: string) => b.node({ id, kind: 'eventBasedGateway', parent, role });
  const onMessage = (id: string, parent: string, name: string, role: string) => b.node({ id, kind: 'intermediateCatchEvent', eventDefinition: 'message', parent, name, role });
  const onTimer = (id: string, parent: string, timer: TimerSpec, name: string, role: string) => b.node({ id, kind: 'intermediateCatchEvent', eventDefinition: 'timer', timer, parent, name, role });

  // 督办: the efficiency office supervises the holder (or a unit's part).
  const n = ELEMENT.notice;
  sub(n, '督办\n(supervision notice)', 'noticeSub', 'A supervisor (效能办) issues a notice on the case or one unit\'s part: a level (提醒, 督办, 挂牌督办), a due time in working hours or days, a note. The holder and the unit head are told (notice and SMS); the notice stays on the inbox and the workbench until the holder decides.');
  start(ELEMENT.noticeStart, n, '督办\n(issued)', 'noticeStart');
  wait(ELEMENT.noticeWait, n, 'noticeWait');
  onMessage(ELEMENT.noticeAnswered, n, '承办人决定\n(holder decided)', 'noticeAnswered');
  onMessage(ELEMENT.noticeWithdrawn, n, '撤销督办\n(withdrawn)', 'noticeWithdrawn');
  onTimer(ELEMENT.noticeDue, n, { field: 'timeDate', expression: `\${${variable('noticeDue')}}`, text: '督办期限 (the due time set with the notice)' }, '督办期限\n(due)', 'noticeDue');
  end(ELEMENT.noticeAnsweredEnd, n, '督办办结\n(answered)', 'noticeAnsweredEnd');
  end(ELEMENT.noticeWithdrawnEnd, n, '已撤销\n(withdrawn)', 'noticeWithdrawnEnd');
  end(ELEMENT.noticeLapsedEnd, n, '逾期：记搁置，提出复盘发现\n(lapsed: shelved, finding proposed)', 'noticeLapsedEnd', true);
  b.flow(ELEMENT.noticeStart, ELEMENT.noticeWait);
  for (const [from, to] of [[ELEMENT.noticeAnswered, ELEMENT.noticeAnsweredEnd], [ELEMENT.noticeWithdrawn, ELEMENT.noticeWithdrawnEnd], [ELEMENT.noticeDue, ELEMENT.noticeLapsedEnd]]) {
    b.flow(ELEMENT.noticeWait, from);
    b.flow(from, to);
  }

  // 延期申请: the holder asks for more working days; the office (or the unit head, by policy) decides.
  const x = ELEMENT.extension;
  const xw = limitTimer(policy.extension.window);
  sub(x, '延期申请\n(extension)', 'extensionSub', `The holder asks for up to ${policy.extension.maxWorkingDays} more working days with a reason (at most ${policy.extension.perCase} granted per case). ${policy.extension.decidedBy === 'unit_head' ? 'A supervisor or the lead unit\'s principal head' : 'A supervisor'} decides within ${xw.text}; only a grant moves the deadline, and the requester is told the new time and why.`);
  start(ELEMENT.extensionStart, x, '延期申请\n(requested)', 'extensionStart');
  wait(ELEMENT.extensionWait, x, 'extensionWait');
  onMessage(ELEMENT.extensionGranted, x, '准予延期\n(granted)', 'extensionGranted');
  onMessage(ELEMENT.extensionRefused, x, '不予延期\n(refused)', 'extensionRefused');
  onMessage(ELEMENT.extensionOvertaken, x, '时限已结束\n(window ended first)', 'extensionOvertaken');
  onTimer(ELEMENT.extensionDue, x, xw, `审批时限 ${xw.text.split(' (')[0]}\n(decision window)`, 'extensionDue');
  end(ELEMENT.extensionGrantedEnd, x, '时限顺延，告知办事人\n(deadline moved, requester told)', 'extensionGrantedEnd', true);
  end(ELEMENT.extensionRefusedEnd, x, '时限不变\n(deadline stands)', 'extensionRefusedEnd');
  end(ELEMENT.extensionOvertakenEnd, x, '申请失效\n(overtaken)', 'extensionOvertakenEnd');
  end(ELEMENT.extensionLapsedEnd, x, '未批，时限不变\n(not decided: deadline stands)', 'extensionLapsedEnd');
  b.flow(ELEMENT.extensionStart, ELEMENT.extensionWait);
  for (const [from, to] of [[ELEMENT.extensionGranted, ELEMENT.extensionGrantedEnd], [ELEMENT.extensionRefused, ELEMENT.extensionRefusedEnd], [ELEMENT.extensionOvertaken, ELEMENT.extensionOvertakenEnd], [ELEMENT.extensionDue, ELEMENT.extensionLapsedEnd]]) {
    b.flow(ELEMENT.extensionWait, from);
    b.flow(from, to);
  }

  // 差评整改: the lead unit's principal head reports what changed; a return visit verifies it.
  const r = ELEMENT.rectification;
  const rw = limitTimer(policy.rectification.within);
  sub(r, '差评整改\n(rectifying a bad rating)', 'rectificationSub', `A rating of 不满意 or 非常不满意 (${policy.rectification.opensOn === 'at_once' ? 'at once' : 'after the one reopening is used'}) opens a rectification item for the lead unit's principal head, due in ${rw.text}. The unit records what it changed; a supervisor verifies it with a return visit and closes it.`);
  start(ELEMENT.rectificationStart, r, '差评整改\n(opened)', 'rectificationStart');
  b.node({ id: ELEMENT.rectificationReport, kind: 'receiveTask', parent: r, name: '单位整改\n(the unit rectifies)', role: 'rectificationReport' });
  b.node({ id: ELEMENT.rectificationDue, kind: 'boundaryEvent', eventDefinition: 'timer', timer: rw, attachedTo: ELEMENT.rectificationReport, cancelActivity: false, parent: r, role: 'rectificationDue', name: `整改时限 ${rw.text.split(' (')[0]}\n(due)` });
  end(ELEMENT.rectificationLapsedEnd, r, '逾期：记搁置，提出复盘发现\n(overdue: shelved, finding proposed)', 'rectificationLapsedEnd', true);
  b.node({ id: ELEMENT.rectificationReported, kind: 'intermediateThrowEvent', eventDefinition: 'message', parent: r, name: '整改情况报告\n(reported)', role: 'rectificationReported' });
  b.node({ id: ELEMENT.rectificationVerify, kind: 'receiveTask', parent: r, name: '回访核实\n(verified by a return visit)', role: 'rectificationVerify' });
  end(ELEMENT.rectificationClosed, r, '销号\n(closed)', 'rectificationClosed');
  for (const [id, on] of [[ELEMENT.rectificationVoidedReport, ELEMENT.rectificationReport], [ELEMENT.rectificationVoidedVerify, ELEMENT.rectificationVerify]]) {
    b.node({ id, kind: 'boundaryEvent', eventDefinition: 'message', attachedTo: on, cancelActivity: true, parent: r, role: 'rectificationVoided', name: '申诉成立\n(appeal upheld)' });
  }
  end(ELEMENT.rectificationVoidedEnd, r, '撤销\n(voided)', 'rectificationVoidedEnd');
  b.flow(ELEMENT.rectificationStart, ELEMENT.rectificationReport);
  b.flow(ELEMENT.rectificationDue, ELEMENT.rectificationLapsedEnd);
  b.flow(ELEMENT.rectificationReport, ELEMENT.rectificationReported);
  b.flow(ELEMENT.rectificationReported, ELEMENT.rectificationVerify);
  b.flow(ELEMENT.rectificationVerify, ELEMENT.rectificationClosed);
  b.flow(ELEMENT.rectificationVoidedReport, ELEMENT.rectificationVoidedEnd);
  b.flow(ELEMENT.rectificationVoidedVerify, ELEMENT.rectificationVoidedEnd);

  // 回访: recorded on the case, counted in its satisfaction.
  const c = ELEMENT.callback;
  sub(c, '回访\n(return visit)', 'callbackSub', `The efficiency office or the hotline visits the requester after the answer: on the timeline, never shown to other requesters. A reached visit's satisfaction counts where there is no rating${policy.callback.replacesUnverifiedRating ? ', and in place of a rating given without the one-time code' : ''}.`);
  start(ELEMENT.callbackStart, c, '回访\n(visit recorded)', 'callbackStart');
  end(ELEMENT.callbackEnd, c, '计入满意度\n(counted)', 'callbackEnd');
  b.flow(ELEMENT.callbackStart, ELEMENT.callbackEnd);

  // 申诉: the lead unit appeals a rating as mistaken or malicious; the office decides in its window.
  const a = ELEMENT.appeal;
  const aw = limitTimer(policy.appeal.window);
  sub(a, '差评申诉\n(appeal against a rating)', 'appealSub', `The lead unit appeals the final unsatisfied rating as mistaken or malicious, with evidence; a supervisor upholds or rejects it within ${aw.text}. An upheld appeal takes the rating out of the satisfaction figures and the portrait; the rating and the appeal stay in the audit.`);
  start(ELEMENT.appealStart, a, '申诉\n(filed)', 'appealStart');
  wait(ELEMENT.appealWait, a, 'appealWait');
  onMessage(ELEMENT.appealUpheld, a, '申诉成立\n(upheld)', 'appealUpheld');
  onMessage(ELEMENT.appealRejected, a, '申诉驳回\n(rejected)', 'appealRejected');
  onTimer(ELEMENT.appealDue, a, aw, `审核时限 ${aw.text.split(' (')[0]}\n(decision window)`, 'appealDue');
  end(ELEMENT.appealUpheldEnd, a, '评价不计入满意度\n(rating out of the figures)', 'appealUpheldEnd', true);
  end(ELEMENT.appealRejectedEnd, a, '评价维持\n(rating stands)', 'appealRejectedEnd');
  end(ELEMENT.appealLapsedEnd, a, '未决，评价维持\n(not decided: rating stands)', 'appealLapsedEnd');
  b.flow(ELEMENT.appealStart, ELEMENT.appealWait);
  for (const [from, to] of [[ELEMENT.appealUpheld, ELEMENT.appealUpheldEnd], [ELEMENT.appealRejected, ELEMENT.appealRejectedEnd], [ELEMENT.appealDue, ELEMENT.appealLapsedEnd]]) {
    b.flow(ELEMENT.appealWait, from);
    b.flow(from, to);
  }
}

/** A unit's part of a coordinated case: it climbs inside that unit by the same rules, and answers. */
export function buildUnitPartProcess(opts: BuildOptions = {}): ProcessModel {
  const rules = opts.rules ?? TIER_RULES;
  const policy = opts.policy ?? DEFAULT_POLICY;
  const tiers = orderedTiers(rules).filter((t) => rules[t].role !== 'city_leader');
  const b = new Builder();
  const task = (t: Tier) => `Task_Part_${tierKey(t)}`;
  // Started by the case's call activity: a none start event, as BPMN wants for a called process.
  b.node({ id: 'StartEvent_PartRequested', kind: 'startEvent', name: '协办请求\n(part requested)', role: 'start' });
  b.flow('StartEvent_PartRequested', task(tiers[0]));
  b.node({ id: 'EndEvent_PartCanDo', kind: 'endEvent', eventDefinition: 'message', name: '答复：能办\n(answer: can do)', role: 'partCanDo' });
  if (tiers.some((t) => rules[t].actions.includes('refuse'))) {
    b.node({ id: 'EndEvent_PartCannot', kind: 'endEvent', eventDefinition: 'message', name: '答复：不能办及依据\n(answer: cannot, legal basis)', role: 'partCannot' });
  }
  for (const t of tiers) {
    const rule = rules[t];
    const next = rule.next && tiers.includes(rule.next) ? rule.next : null;
    b.node({ id: task(t), kind: 'userTask', name: tierTitle(rule), role: 'tierTask', tier: t });
    const outs: { target: string; id: string; name: string; action: string }[] = [
      { target: 'EndEvent_PartCanDo', id: `Flow_Part_${tierKey(t)}_can_do`, name: '能办\n(can do)', action: 'can_do' },
    ];
    if (next && rule.actions.includes('escalate')) outs.push({ target: task(next), id: `Flow_Part_${tierKey(t)}_escalate`, name: actionName('escalate'), action: 'escalate' });
    if (rule.actions.includes('refuse')) outs.push({ target: 'EndEvent_PartCannot', id: `Flow_Part_${tierKey(t)}_cannot`, name: '不能办\n(cannot)', action: 'cannot' });
    const gw = `Gateway_Part_${tierKey(t)}`;
    if (outs.length > 1) {
      b.node({ id: gw, kind: 'exclusiveGateway', name: `${ORDINAL[t] ?? t}意见\n(opinion)`, role: 'tierGateway', tier: t });
      b.flow(task(t), gw);
    }
    for (const o of outs) b.flow(outs.length > 1 ? gw : task(t), o.target, { id: o.id, name: o.name, action: o.action, condition: `${variable('opinion')} === "${o.action}"` });
    const d = limitTimer(policy.tiers[t]);
    const timerId = `Timer_Part_${tierKey(t)}_Deadline`;
    // At the top of the unit a lapse is the unit's answer: its part lapsed (the case goes to the city).
    b.node({ id: timerId, kind: 'boundaryEvent', eventDefinition: 'timer', timer: d, attachedTo: task(t), cancelActivity: true, role: 'deadlineTimer', tier: t, name: `时限 ${d.text.split(' (')[0]}\n(deadline)` });
    if (next) {
      b.flow(timerId, task(next), { action: 'deadline_lapsed' });
    } else {
      const overdue = ELEMENT.partOverdue(t);
      b.node({ id: overdue, kind: 'endEvent', eventDefinition: 'message', name: '答复：逾期未办\n(answer: lapsed)', role: 'overdueEnd', tier: t });
      b.flow(timerId, overdue);
    }
  }
  // The lead may withdraw a part, and a part ends with its case.
  b.node({ id: ELEMENT.partWithdraw, kind: 'subProcess', triggeredByEvent: true, name: '撤回协办\n(part withdrawn)', role: 'withdraw' });
  b.node({ id: ELEMENT.partWithdrawStart, kind: 'startEvent', eventDefinition: 'message', isInterrupting: true, parent: ELEMENT.partWithdraw, name: '撤回\n(withdrawal)', role: 'withdrawStart' });
  b.node({ id: ELEMENT.partWithdrawEnd, kind: 'endEvent', parent: ELEMENT.partWithdraw, name: '已撤回\n(withdrawn)', role: 'withdrawEnd' });
  b.flow(ELEMENT.partWithdrawStart, ELEMENT.partWithdrawEnd);
  return b.finish(
    UNIT_PART_PROCESS_ID,
    '单位协办 (unit part of a coordinated case)',
    'Called once per coordinated unit. A unit\'s "cannot" follows the same tier rule as a refusal.',
    tiers,
  );
}

/** The city leaders' consultation (市级领导会商): key projects wait for the weekly consultation day. */
export function buildConsultationProcess(): ProcessModel {
  const b = new Builder();
  b.node({ id: 'StartEvent_ConsultRequested', kind: 'startEvent', name: '提请会商\n(consultation requested)', role: 'start' });
  b.node({ id: 'Gateway_KeyProject', kind: 'exclusiveGateway', name: '重点项目？\n(key project?)', role: 'keyGateway' });
  b.node({ id: 'Timer_Saturday', kind: 'intermediateCatchEvent', eventDefinition: 'timer', timer: { field: 'timeCycle', expression: 'R/2021-03-06T09:00:00+08:00/P7D', text: '每周六 (every Saturday)' }, name: '星期六会商\n(Saturday consultation)', role: 'saturday' });
  b.node({ id: 'Task_Consult', kind: 'userTask', name: '市级领导主持会商\n(city leaders consult)', role: 'consult' });
  b.node({ id: 'EndEvent_Directives', kind: 'endEvent', eventDefinition: 'message', name: '形成交办意见\n(directives issued)', role: 'end' });
  b.flow('StartEvent_ConsultRequested', 'Gateway_KeyProject');
  b.flow('Gateway_KeyProject', 'Timer_Saturday', { id: 'Flow_KeyProject_yes', name: '重点项目\n(key project)', condition: `${variable('keyProject')} === true` });
  b.flow('Gateway_KeyProject', 'Task_Consult', { id: 'Flow_KeyProject_no', name: '一般事项\n(other)', condition: `${variable('keyProject')} !== true` });
  b.flow('Timer_Saturday', 'Task_Consult');
  b.flow('Task_Consult', 'EndEvent_Directives');
  return b.finish(CONSULTATION_PROCESS_ID, '市级领导会商 (city consultation)', 'Ends with directives that the units carry out in the case process.', []);
}

export function buildProcessModels(opts: BuildOptions = {}): ProcessModels {
  return { case: buildCaseProcess(opts), unitPart: buildUnitPartProcess(opts), consultation: buildConsultationProcess() };
}

// ---- steps on the diagram ----

import { elementForStep, type StepLike } from './steps.js';

export interface TraceStep extends StepLike {
  seq: number;
  at: string;
  elementId?: string;
}

export interface CaseTrace {
  /** Elements (nodes and sequence flows) the case passed through and left, in first-visit order. */
  visited: string[];
  /** Where the case is now; an end event once it is over. */
  current: string | null;
  /** The element of each step. */
  steps: { seq: number; elementId: string | null }[];
  /** Milliseconds the case spent waiting at each element (tasks, receive tasks, call activities). */
  timeSpentMs: Record<string, number>;
  /** How often each timer fired. */
  fired: Record<string, number>;
}

const WAITING: NodeKind[] = ['userTask', 'receiveTask', 'callActivity'];
/** Where a case waits besides tasks: the aftercare, a timer on the way. */
const isWaiting = (n: ProcessNode) => WAITING.includes(n.kind) || n.role === 'aftercare';

/**
 * Walks a case's timeline over the process: from element to element along the sequence flows,
 * taking the flow of the decision that was made, so the drawing shows the way the case really went.
 */
export function traceCase(model: ProcessModel, steps: TraceStep[], now: number): CaseTrace {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const out = new Map<string, ProcessFlow[]>();
  for (const f of model.flows) out.set(f.source, [...(out.get(f.source) ?? []), f]);
  const order: string[] = [];
  const seen = new Set<string>();
  const mark = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      order.push(id);
    }
  };
  const fired: Record<string, number> = {};
  const timeSpentMs: Record<string, number> = {};
  const stepElements: CaseTrace['steps'] = [];
  let pos: string | null = null;

  /** Shortest way along sequence flows; flows of the preferred action are tried first. */
  function route(from: string, to: string, prefer?: string): string[] | null {
    const prev = new Map<string, { node: string; flow: string }>();
    const queue: string[] = [from];
    const visitedNodes = new Set<string>([from]);
    let found = false;
    while (queue.length && !found) {
      const cur = queue.shift()!;
      // A vacancy's way up is taken only right after a vacancy (缺位递补), never as a short cut.
      const flows = (out.get(cur) ?? []).filter((f) => f.action !== 'vacancy' || prefer === 'vacancy');
      flows.sort((a, b) => Number(b.action === prefer) - Number(a.action === prefer));
      for (const f of flows) {
        if (f.target === to) {
          prev.set(to, { node: cur, flow: f.id });
          found = true;
          break;
        }
        if (visitedNodes.has(f.target)) continue;
        visitedNodes.add(f.target);
        prev.set(f.target, { node: cur, flow: f.id });
        queue.push(f.target);
      }
    }
    if (!found) return null;
    const path: string[] = [];
    let cur = to;
    do {
      const p = prev.get(cur)!;
      path.unshift(p.flow, cur);
      cur = p.node;
    } while (cur !== from);
    return path;
  }

  /** Goes to `to` along the flows from where the case stands; with no way there, it appears there. */
  let vacancyBefore = false;
  function goTo(to: string, prefer?: string, loop = false) {
    if (!byId.has(to)) return;
    if (vacancyBefore) prefer = 'vacancy';
    if (pos && pos !== to) {
      const path = route(pos, to, prefer);
      mark(pos);
      if (path) for (const id of path.slice(0, -1)) mark(id);
    } else if (pos === to && loop) {
      // Re-entering the element it stands at (adding units to a coordination) goes round the loop.
      const path = route(pos, to, prefer);
      if (path) {
        mark(pos);
        for (const id of path.slice(0, -1)) mark(id);
      }
    }
    pos = to;
  }
  /** A timer fires on the element holding the case. */
  function fire(timer: string) {
    const n = byId.get(timer);
    if (!n) return;
    fired[timer] = (fired[timer] ?? 0) + 1;
    if (n.cancelActivity === false) {
      // Non-interrupting: the token runs to its own end; the case stays where it is.
      mark(timer);
      for (const f of out.get(timer) ?? []) {
        mark(f.id);
        mark(f.target);
      }
      return;
    }
    if (pos) mark(pos);
    pos = timer;
  }
  /** Runs on through throw events and joins to the next element that waits (or an end). */
  function runOn() {
    while (pos) {
      const n = byId.get(pos);
      if (!n || !(n.kind === 'intermediateThrowEvent' || n.role === 'join' || (n.kind === 'boundaryEvent' && (out.get(pos) ?? []).length === 1 && byId.get(out.get(pos)![0].target)?.kind === 'endEvent') || (n.kind === 'startEvent' && n.parent))) return;
      const flows = out.get(pos) ?? [];
      if (flows.length !== 1) return;
      mark(pos);
      mark(flows[0].id);
      pos = flows[0].target;
    }
  }

  for (let i = 0; i < steps.length; i++) {
    const st = steps[i];
    const el = st.elementId && byId.has(st.elementId) ? st.elementId : elementForStep(st);
    stepElements.push({ seq: st.seq, elementId: el && byId.has(el) ? el : null });
    vacancyBefore = i > 0 && steps[i - 1].action === 'vacancy' && typeof steps[i - 1].data?.vacantTier === 'string';
    // (The withdrawal's sub-process interrupts the case; supervision's run beside it.)
    const inSub = el ? byId.get(el)?.parent : undefined;
    if (inSub && byId.get(inSub)?.role !== 'withdraw') {
      // Supervision's sub-processes run beside the case: their steps are marked, the case stays put.
      mark(inSub);
      mark(el!);
    } else switch (st.action) {
      case 'received':
        pos = ELEMENT.start;
        break;
      case 'escalated':
        goTo(el!, st.data?.reason === 'deadline_lapsed' ? 'deadline_lapsed' : 'escalate');
        break;
      case 'referred_to_city':
        goTo(el!, 'refer_to_city');
        break;
      case 'reopened':
        goTo(el!, 'reopened');
        break;
      case 'deadline_lapsed':
      case 'reminded':
      case 'materials_lapsed':
      case 'closed':
        if (el) fire(el);
        if (st.action === 'closed') {
          if (byId.has(ELEMENT.aftercare)) goTo(ELEMENT.aftercare);
          else runOn();
        }
        break;
      case 'aftercare_ended': {
        // Archived at the end the case had reached.
        const end = st.data?.end === 'review' ? ELEMENT.reviewEnd : st.data?.end === 'no_rating' ? ELEMENT.noRating : ELEMENT.closed;
        goTo(end);
        break;
      }
      case 'rejected':
      case 'part_answered':
      case 'directive_done':
        break; // nothing moves
      case 'withdrawn':
        if (pos) mark(pos);
        pos = ELEMENT.withdrawStart;
        runOn();
        break;
      case 'resolved':
      case 'refused':
        goTo(el!, st.action === 'resolved' ? 'resolve' : 'refuse');
        runOn();
        break;
      case 'review_requested':
        goTo(el!, 'review_requested');
        runOn();
        break;
      case 'rated': {
        goTo(ELEMENT.rating);
        const rating = String(st.data?.rating ?? '');
        if (rating && !/unsatisfied/.test(rating)) goTo(byId.has(ELEMENT.aftercare) ? ELEMENT.aftercare : ELEMENT.closed, 'satisfied');
        break;
      }
      case 'coordinated':
        goTo(el!, 'coordinate', true);
        break;
      case 'consult_city':
        goTo(el!, 'consult_city');
        break;
      case 'directed':
        goTo(el!, 'direct');
        break;
      default:
        if (el) goTo(el, st.action);
    }
    // Time until the next step (or now) is spent where the case waits.
    const next = steps[i + 1];
    const until = next ? Date.parse(next.at) : now;
    const n = pos ? byId.get(pos) : undefined;
    if (n && isWaiting(n)) {
      timeSpentMs[n.id] = (timeSpentMs[n.id] ?? 0) + Math.max(0, until - Date.parse(st.at));
    }
  }
  const visited = order.filter((id) => id !== pos);
  return { visited, current: pos, steps: stepElements, timeSpentMs, fired };
}
