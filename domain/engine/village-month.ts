// One town's month of the rotating village reception (村干部跑办代访) as a pure transition function,
// the same shape as the case engine: messages, timers and calendar changes come in as events; what the
// shell must do comes out as effects (record, look a date up, start the cases…), and each look-up
// answers with a follow-up event. The rules of the month (the urgency score, the schemas) are
// domain/village.ts's; closed case statuses are domain/tiers.ts's.
import { isClosed } from '../tiers.js';
import { concerns, notEarlier, type CalendarChange } from '../deadline-retiming.js';
import type { Engine } from './driver.js';
import {
  problemId,
  scoreVillages,
  type Check,
  type Envelope,
  type MonthEndCheck,
  type OverrideHost,
  type Phase,
  type Reception,
  type SubmitProblem,
  type Timing,
  type TimingStage,
  type VillageMonthReport,
  type VillageMonthView,
  type VillageProblem,
  type VillageRef,
} from '../village.js';

/** A refused message: `code` reaches the caller as the update's failure type. */
export interface RuleViolation {
  code: string;
  message: string;
}

export interface VillageMonthInput {
  townUnitId: string;
  month: string;
  /** Durations that replace the calendar's dates (tests; a town that runs a shorter cycle). */
  timing?: Timing;
}

export interface VillageNotice {
  key: string;
  /** The town's principal head (主要负责人). */
  toHeadOf: string;
  template: 'village_host_chosen' | 'village_problem_carried_twice' | 'village_month_report' | 'village_check_due';
  vars: Record<string, string>;
}

/** A problem an earlier month carried, as the collection's close takes it up. */
export interface CarriedIn {
  fromId: string;
  villageId: string;
  title: string;
  description: string;
  urgency: number;
  residents: number;
  carryCount: number;
  caseId: string | null;
}

export interface VillageCaseStart {
  problemId: string;
  townUnitId: string;
  month: string;
  villageName: string;
  title: string;
  description: string;
  responsibleUnitId: string;
  deadline: string;
  note?: string;
  actorId: string;
}

export interface RetimedRecord {
  subjectKind: 'village_month';
  subjectId: string;
  window: TimingStage;
  n: number;
  oldAt: string;
  newAt: string;
  provisional: boolean;
  documentNo?: string;
  at: string;
  holder: { headOfUnit: string };
  subjectText: string;
}

export interface VillageMonthState extends VillageMonthView {
  engine: {
    townName: string;
    opened: boolean;
    /** Where each stage's date was counted from: a calendar change recounts from there. */
    stageFrom: Partial<Record<TimingStage, string>>;
    provisional: TimingStage[];
    searchProvisional: boolean | null;
    retimed: number;
    /** Notifications waiting for the next record. */
    pending: VillageNotice[];
  };
}

type Started = Record<string, { caseId: string; workflowId: string; reused: boolean }>;
export type DueAnswer = { stage: TimingStage; from: string; dueAt: string; provisional: boolean };
export type StageThen =
  | { kind: 'opened' }
  | { kind: 'hostChosen'; score: number }
  | { kind: 'receivedMid'; env: Envelope<Reception>; started: Started }
  | { kind: 'receivedEnd'; env: Envelope<Reception>; started: Started }
  | { kind: 'monthEndDue' }
  | { kind: 'retime'; change: CalendarChange };
export type StatusThen = { kind: 'prior'; env: Envelope<Reception> } | { kind: 'monthEnd'; env: Envelope<MonthEndCheck> } | { kind: 'derive' };

export type VillageMonthEvent = { at: string } & (
  | { type: 'started' }
  | { type: 'prepared'; townName: string; villages: VillageRef[] }
  | { type: 'stagesDue'; answers: DueAnswer[]; then: StageThen }
  | { type: 'submitted'; env: Envelope<SubmitProblem> }
  | { type: 'closeCollection'; actorId: string; note?: string }
  | { type: 'carriedLoaded'; carried: CarriedIn[]; actorId: string; note?: string }
  | { type: 'overridden'; env: Envelope<OverrideHost> }
  | { type: 'reception'; env: Envelope<Reception> }
  | { type: 'unitsChecked'; unknown: string[]; env: Envelope<Reception> }
  | { type: 'caseStatuses'; status: Record<string, string>; then: StatusThen }
  | { type: 'casesStarted'; started: Started; env: Envelope<Reception> }
  | { type: 'intakeFailed'; code: string; message: string }
  | { type: 'checked'; env: Envelope<Check> }
  | { type: 'timer' }
  | { type: 'calendarChanged'; change: CalendarChange }
);

export type VillageMonthEffect =
  | { type: 'prepare' }
  | { type: 'stageDue'; requests: { stage: TimingStage; from: string }[]; then: StageThen }
  | { type: 'loadCarried'; actorId: string; note?: string }
  | { type: 'caseStatuses'; caseIds: string[]; then: StatusThen }
  | { type: 'checkUnits'; unitIds: string[]; env: Envelope<Reception> }
  /** Start (in order) the cases not kept (`reused`: problem id → its open case); answers `casesStarted` or `intakeFailed`. */
  | { type: 'startCases'; requests: VillageCaseStart[]; reused: Record<string, string>; env: Envelope<Reception> }
  | { type: 'searchProvisional'; value: boolean }
  | { type: 'retimed'; record: RetimedRecord }
  /** Copy the month (as the state is after this transition) to the read model, with these notifications. */
  | { type: 'record'; notifications: VillageNotice[] };

export interface VillageMonthTransition {
  state: VillageMonthState;
  effects: VillageMonthEffect[];
  error?: RuleViolation;
  /** What an update answers besides the month (the problem just submitted). */
  result?: VillageProblem;
}

/** Which phases a mid-month check may be recorded in. */
const MID_CHECK_PHASES: readonly Phase[] = ['in_progress', 'mid_check_due', 'month_end_due'];

export const STAGE_LABEL: Record<TimingStage, string> = {
  collection: '问题收集 collection',
  reception: '接访 reception',
  midCheck: '月中实地察看 mid-month on-site check',
  monthEnd: '月底回访 month-end follow-up',
  closeGrace: '月底回访截止 month-end close',
};

export function initialVillageMonth(input: VillageMonthInput, workflowId: string): VillageMonthState {
  return {
    workflowId,
    townUnitId: input.townUnitId,
    month: input.month,
    phase: 'collecting',
    version: 0,
    villages: [],
    problems: [],
    collectionClosesAt: null,
    scores: [],
    events: [],
    engine: { townName: input.townUnitId, opened: false, stageFrom: {}, provisional: [], searchProvisional: null, retimed: 0, pending: [] },
  };
}

/** The month as the read model, queries and updates show it. */
export function monthView(s: VillageMonthState): VillageMonthView {
  const { engine: _engine, ...rest } = s;
  return JSON.parse(JSON.stringify(rest)) as VillageMonthView;
}

/** When the month's open stage falls due (epoch ms), or null once it is closed. */
export function nextWake(s: VillageMonthState): number | null {
  const at = { collecting: s.collectionClosesAt, awaiting_reception: s.receptionDueBy, in_progress: s.midCheck?.dueAt, mid_check_due: s.monthEnd?.dueAt, month_end_due: s.monthEnd?.closesBy, closed: null }[s.phase];
  return at ? Date.parse(at) : null;
}

// ---- the checks (validators read them on the committed month; the engine again when it takes the message) ----
const err = (code: string, message: string): RuleViolation => ({ code, message });
const villageOf = (s: VillageMonthView, id: string) => s.villages.find((v) => v.id === id);

function coverage(s: VillageMonthView, ids: string[], what: 'PATH' | 'FINDING'): RuleViolation | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!s.problems.some((p) => p.id === id)) return err('UNKNOWN_PROBLEM', `No problem ${id} in ${s.month}.`);
    if (seen.has(id)) return err(`DUPLICATE_${what}`, `Problem ${id} is named twice.`);
    seen.add(id);
  }
  const missing = s.problems.filter((p) => !seen.has(p.id)).map((p) => p.id);
  return missing.length ? err(what === 'PATH' ? 'PATHS_INCOMPLETE' : 'FINDINGS_INCOMPLETE', `Every problem of the month needs one; missing: ${missing.join(', ')}.`) : null;
}

export type VillageMessage =
  | { type: 'submitted'; env: Envelope<SubmitProblem> }
  | { type: 'closeCollection'; actorId: string; note?: string }
  | { type: 'overridden'; env: Envelope<OverrideHost> }
  | { type: 'reception'; env: Envelope<Reception> }
  | { type: 'checked'; env: Envelope<Check> };

/** Why the month refuses a message as it stands, or null. */
export function villageViolation(s: VillageMonthView, m: VillageMessage): RuleViolation | null {
  switch (m.type) {
    case 'submitted':
      if (s.phase !== 'collecting') return err('COLLECTION_CLOSED', `The collection of ${s.month} is closed.`);
      if (!villageOf(s, m.env.body.villageId)) return err('UNKNOWN_VILLAGE', `${m.env.body.villageId} is not a village of ${s.townUnitId}.`);
      return null;
    case 'closeCollection':
      return s.phase !== 'collecting' ? err('NOT_COLLECTING', 'The collection is already closed.') : null;
    case 'overridden':
      if (s.phase !== 'awaiting_reception') return err('HOST_LOCKED', 'The host village can be changed only between the close of collection and the reception.');
      if (!villageOf(s, m.env.body.villageId)) return err('UNKNOWN_VILLAGE', `${m.env.body.villageId} is not a village of ${s.townUnitId}.`);
      if (s.host?.villageId === m.env.body.villageId) return err('HOST_UNCHANGED', `${m.env.body.villageId} is already the host village.`);
      return null;
    case 'reception': {
      const b = m.env.body;
      if (s.phase !== 'awaiting_reception') return err('RECEPTION_NOT_OPEN', s.reception ? 'The reception is already recorded.' : 'The host village is not chosen yet.');
      if (!b.date.startsWith(s.month)) return err('DATE_OUTSIDE_MONTH', `The reception must take place in ${s.month}.`);
      const c = coverage(s, b.paths.map((p) => p.problemId), 'PATH');
      if (c) return c;
      const early = b.paths.find((p) => p.deadline < b.date);
      return early ? err('DEADLINE_BEFORE_RECEPTION', `The deadline of ${early.problemId} is before the reception.`) : null;
    }
    case 'checked': {
      const c = m.env.body;
      if (c.kind === 'mid_month') {
        if (!MID_CHECK_PHASES.includes(s.phase)) return err('MID_CHECK_NOT_OPEN', s.phase === 'closed' ? 'The month is closed.' : 'The mid-month check follows the reception.');
        if (s.midCheck?.recorded) return err('MID_CHECK_ALREADY_RECORDED', 'The mid-month check is already recorded.');
      } else {
        if (s.phase !== 'month_end_due')
          return s.phase === 'closed' ? err('MONTH_CLOSED', 'The month is closed.') : err('MONTH_END_NOT_DUE', `The month-end follow-up is due at ${s.monthEnd?.dueAt ?? 'the end of the month'}.`);
        for (const f of c.findings) {
          if (f.outcome === 'in_progress' && !f.expectedBy) return err('EXPECTED_BY_REQUIRED', `Problem ${f.problemId} is in progress: give the date it will be done (expectedBy).`);
          if (f.outcome === 'in_progress' && f.expectedBy! <= c.date) return err('EXPECTED_BY_NOT_AFTER_CHECK', `The expected date of ${f.problemId} must be after the check.`);
        }
      }
      return coverage(s, c.findings.map((f) => f.problemId), 'FINDING');
    }
  }
}

/** The stages whose date is still ahead in this phase, with where that date is kept. */
function openStages(s: VillageMonthState): { stage: TimingStage; get: () => string | undefined; set: (v: string) => void }[] {
  const mid = { stage: 'midCheck' as const, get: () => s.midCheck?.dueAt, set: (v: string) => (s.midCheck = { ...s.midCheck!, dueAt: v }) };
  const end = { stage: 'monthEnd' as const, get: () => s.monthEnd?.dueAt, set: (v: string) => (s.monthEnd = { ...s.monthEnd!, dueAt: v }) };
  switch (s.phase) {
    case 'collecting':
      return [{ stage: 'collection', get: () => s.collectionClosesAt ?? undefined, set: (v) => (s.collectionClosesAt = v) }];
    case 'in_progress':
      return [mid, end];
    case 'mid_check_due':
      return [end];
    case 'month_end_due':
      return [{ stage: 'closeGrace', get: () => s.monthEnd?.closesBy, set: (v) => (s.monthEnd = { ...s.monthEnd!, closesBy: v }) }];
    default:
      return [];
  }
}

export function villageMonthTransition(state: VillageMonthState, e: VillageMonthEvent): VillageMonthTransition {
  const s = JSON.parse(JSON.stringify(state)) as VillageMonthState;
  const fx: VillageMonthEffect[] = [];
  const at = e.at;
  const refuse = (v: RuleViolation): VillageMonthTransition => ({ state, effects: [], error: v });
  const event = (action: string, actor: string, note?: string, data?: Record<string, unknown>) =>
    s.events.push({ seq: s.events.length + 1, at, actor, action, ...(note ? { note } : {}), ...(data ? { data } : {}) });
  const notifyHead = (key: string, template: VillageNotice['template'], vars: Record<string, string>) =>
    s.engine.pending.push({ key: `${s.workflowId}:${key}`, toHeadOf: s.townUnitId, template, vars });
  const record = () => {
    const open = openStages(s).filter((o) => s.engine.provisional.includes(o.stage)).map((o) => o.stage);
    s.provisionalDates = open;
    if (s.engine.searchProvisional !== open.length > 0) {
      s.engine.searchProvisional = open.length > 0;
      fx.push({ type: 'searchProvisional', value: open.length > 0 });
    }
    s.version += 1;
    fx.push({ type: 'record', notifications: s.engine.pending.splice(0) });
  };
  const due = (then: StageThen, ...requests: { stage: TimingStage; from: string }[]) => fx.push({ type: 'stageDue', requests, then });
  const take = (a: DueAnswer) => {
    s.engine.stageFrom[a.stage] = a.from;
    s.engine.provisional = s.engine.provisional.filter((x) => x !== a.stage).concat(a.provisional ? [a.stage] : []);
    return a.dueAt;
  };
  const closeMonth = (monthEnd: VillageMonthReport['monthEnd'], note?: string) => {
    const flagged: string[] = [];
    for (const p of s.problems) {
      // A problem carried for the second time goes to the town's principal head (主要负责人).
      if (p.outcome?.kind !== 'carried' || p.carryCount + 1 < 2) continue;
      p.flagged = true;
      flagged.push(p.id);
      notifyHead(`carried:${p.id}`, 'village_problem_carried_twice', { villageName: p.villageName, title: p.title, months: String(p.carryCount + 1) });
    }
    const count = (k: string) => s.problems.filter((p) => p.outcome?.kind === k).length;
    const report: VillageMonthReport = { total: s.problems.length, solved: count('solved'), inProgress: count('in_progress'), carried: count('carried'), flagged, midCheck: s.midCheck?.recorded ? 'recorded' : 'missed', monthEnd, closedAt: at };
    s.report = report;
    s.phase = 'closed';
    event('closed', 'system', note, { ...report, flagged });
    notifyHead('report', 'village_month_report', { month: s.month, townName: s.engine.townName, total: String(report.total), solved: String(report.solved), inProgress: String(report.inProgress), carried: String(report.carried) });
    record();
  };
  const message = (m: VillageMessage) => villageViolation(s, m);

  switch (e.type) {
    case 'started':
      fx.push({ type: 'prepare' });
      break;
    case 'prepared':
      s.engine.townName = e.townName;
      s.villages = e.villages;
      due({ kind: 'opened' }, { stage: 'collection', from: at });
      break;
    case 'stagesDue': {
      const t = e.then;
      if (t.kind === 'opened') {
        s.collectionClosesAt = take(e.answers[0]);
        event('opened', 'system', `collection until ${s.collectionClosesAt}`);
        s.engine.opened = true;
        record();
      } else if (t.kind === 'hostChosen') {
        s.receptionDueBy = take(e.answers[0]);
        event('host_chosen', 'system', `${s.host!.villageName}: score ${t.score}`, { scores: s.scores });
        notifyHead('host_chosen', 'village_host_chosen', { month: s.month, villageName: s.host!.villageName, score: String(t.score) });
        record();
      } else if (t.kind === 'receivedMid') {
        s.midCheck = { dueAt: take(e.answers[0]) };
        due({ ...t, kind: 'receivedEnd' }, { stage: 'monthEnd', from: s.midCheck.dueAt });
      } else if (t.kind === 'receivedEnd') {
        s.monthEnd = { dueAt: take(e.answers[0]) };
        const b = t.env.body;
        event('reception_recorded', t.env.actorId, b.note, {
          date: b.date,
          leaders: b.leaders,
          hostVillageId: s.host?.villageId,
          cases: Object.fromEntries(Object.entries(t.started).map(([k, v]) => [k, v.caseId])),
        });
        record();
      } else if (t.kind === 'monthEndDue') {
        s.monthEnd = { ...s.monthEnd!, closesBy: take(e.answers[0]) };
        event('month_end_due', 'system', s.midCheck!.recorded ? undefined : 'the mid-month check was not recorded');
        notifyHead('month_end_due', 'village_check_due', { month: s.month, check: '月底回访 month-end follow-up' });
        record();
      } else {
        // A loaded calendar: each concerned stage recounted from its start, never earlier than told.
        let changed = false;
        for (const a of e.answers) {
          const o = openStages(s).find((x) => x.stage === a.stage);
          const oldAt = o?.get();
          if (!o || !oldAt) continue;
          const was = s.engine.provisional.includes(a.stage);
          const newAt = notEarlier(oldAt, a.dueAt);
          if (newAt === oldAt && a.provisional === was) continue;
          o.set(newAt);
          take({ ...a, from: s.engine.stageFrom[a.stage] ?? a.from });
          s.engine.retimed += 1;
          changed = true;
          const documentNo = t.change.documentNo ? { documentNo: t.change.documentNo } : {};
          event('deadline_retimed', 'system', `${STAGE_LABEL[a.stage]}: ${oldAt} → ${newAt}${a.provisional ? ' (provisional)' : ''}`, { stage: a.stage, oldAt, newAt, provisional: a.provisional, ...documentNo });
          fx.push({
            type: 'retimed',
            record: { subjectKind: 'village_month', subjectId: s.workflowId, window: a.stage, n: s.engine.retimed, oldAt, newAt, provisional: a.provisional, ...documentNo, at, holder: { headOfUnit: s.townUnitId }, subjectText: `${s.engine.townName}${s.month}村干部跑办代访${STAGE_LABEL[a.stage].split(' ')[0]}` },
          });
        }
        if (changed) record();
      }
      break;
    }
    case 'submitted': {
      const v = message(e);
      if (v) return refuse(v);
      const b = e.env.body;
      const p: VillageProblem = { id: problemId(s.townUnitId, s.month, s.problems.length + 1), villageId: b.villageId, villageName: villageOf(s, b.villageId)!.name, title: b.title, description: b.description, urgency: b.urgency, residents: b.residents, submittedBy: e.env.actorId, submittedAt: at, carryCount: 0 };
      s.problems.push(p);
      event('problem_submitted', e.env.actorId, p.title, { problemId: p.id, villageId: p.villageId, urgency: p.urgency, residents: p.residents });
      record();
      return { state: s, effects: fx, result: JSON.parse(JSON.stringify(p)) as VillageProblem };
    }
    case 'closeCollection': {
      const v = message(e);
      if (v) return refuse(v);
      // Carried problems join when the collection closes, so a previous month that closed late still counts.
      fx.push({ type: 'loadCarried', actorId: e.actorId, note: e.note });
      break;
    }
    case 'carriedLoaded': {
      for (const c of e.carried) {
        if (s.problems.some((p) => p.carriedFromId === c.fromId)) continue;
        s.problems.push({ id: problemId(s.townUnitId, s.month, s.problems.length + 1), villageId: c.villageId, villageName: villageOf(s, c.villageId)?.name ?? c.villageId, title: c.title, description: c.description, urgency: c.urgency, residents: c.residents, submittedBy: 'system', submittedAt: at, carriedFromId: c.fromId, carryCount: c.carryCount, ...(c.caseId ? { priorCaseId: c.caseId } : {}) });
      }
      s.collectionClosedBy = e.actorId;
      event('collection_closed', e.actorId, e.note, { problems: s.problems.length, carriedIn: e.carried.length });
      s.scores = scoreVillages(s.problems);
      const top = s.scores[0];
      if (!top) {
        closeMonth('no_problems', 'no problems were listed this month');
        break;
      }
      s.host = { villageId: top.villageId, villageName: top.villageName, suggestedVillageId: top.villageId, chosenBy: 'score', at };
      s.phase = 'awaiting_reception';
      due({ kind: 'hostChosen', score: top.score }, { stage: 'reception', from: at });
      break;
    }
    case 'overridden': {
      const v = message(e);
      if (v) return refuse(v);
      const to = villageOf(s, e.env.body.villageId)!;
      const before = s.host!;
      s.host = { ...before, villageId: to.id, villageName: to.name, chosenBy: 'override', overriddenBy: e.env.actorId, reason: e.env.body.reason, at };
      event('host_overridden', e.env.actorId, e.env.body.reason, { from: before.villageId, to: to.id, suggested: before.suggestedVillageId });
      record();
      break;
    }
    case 'reception': {
      const v = message(e);
      if (v) return refuse(v);
      fx.push({ type: 'checkUnits', unitIds: [...new Set(e.env.body.paths.map((p) => p.responsibleUnitId))], env: e.env });
      break;
    }
    case 'unitsChecked':
      if (e.unknown.length) return refuse(err('UNKNOWN_UNIT', `No unit ${e.unknown.join(', ')}.`));
      fx.push({ type: 'caseStatuses', caseIds: s.problems.map((p) => p.priorCaseId).filter((x): x is string => !!x), then: { kind: 'prior', env: e.env } });
      break;
    case 'caseStatuses': {
      const t = e.then;
      if (t.kind === 'prior') {
        // A carried problem keeps its case while that case is still open; otherwise a case starts.
        const reused: Record<string, string> = {};
        const requests: VillageCaseStart[] = [];
        for (const path of t.env.body.paths) {
          const p = s.problems.find((x) => x.id === path.problemId)!;
          const prev = p.priorCaseId ? e.status[p.priorCaseId] : undefined;
          if (p.priorCaseId && prev && !isClosed(prev)) reused[p.id] = p.priorCaseId;
          else requests.push({ problemId: p.id, townUnitId: s.townUnitId, month: s.month, villageName: p.villageName, title: p.title, description: p.description, responsibleUnitId: path.responsibleUnitId, deadline: path.deadline, note: path.note, actorId: t.env.actorId });
        }
        fx.push({ type: 'startCases', requests, reused, env: t.env });
      } else if (t.kind === 'monthEnd') {
        // "Solved" closes the loop only when the problem's case in our system is resolved too.
        const c = t.env.body;
        const caseOf = (id: string) => s.problems.find((p) => p.id === id)!.path?.caseId;
        const open = c.findings.filter((f) => f.outcome === 'solved' && e.status[caseOf(f.problemId) ?? ''] !== 'resolved').map((f) => f.problemId);
        if (open.length) return refuse(err('CASE_NOT_RESOLVED', `Resolve the case first; still open: ${open.map((id) => `${id} (case ${caseOf(id)})`).join(', ')}.`));
        for (const f of c.findings) s.problems.find((p) => p.id === f.problemId)!.outcome = { kind: f.outcome, ...(f.expectedBy ? { expectedBy: f.expectedBy } : {}), ...(f.note ? { note: f.note } : {}) };
        s.monthEnd = { ...s.monthEnd!, recorded: { date: c.date, inspectors: c.inspectors, ...(c.note ? { note: c.note } : {}), recordedBy: t.env.actorId, at } };
        event('month_end_recorded', t.env.actorId, c.note, { findings: c.findings });
        closeMonth('recorded');
      } else {
        // Nobody recorded the follow-up: a resolved case is solved, anything else is carried.
        const note = 'month-end follow-up not recorded: outcome taken from the case';
        for (const p of s.problems) p.outcome = { kind: p.path && e.status[p.path.caseId] === 'resolved' ? 'solved' : 'carried', note, derived: true };
        closeMonth('derived', 'the month-end follow-up was not recorded in time');
      }
      break;
    }
    case 'intakeFailed':
      // Nothing is recorded; cases already started are found again (by problem id) on a retry.
      return refuse(err(e.code, e.message));
    case 'casesStarted': {
      const b = e.env.body;
      for (const path of b.paths) {
        const p = s.problems.find((x) => x.id === path.problemId)!;
        const c = e.started[p.id];
        p.path = { responsibleUnitId: path.responsibleUnitId, deadline: path.deadline, ...(path.note ? { note: path.note } : {}), caseId: c.caseId, caseWorkflowId: c.workflowId, caseReused: c.reused };
      }
      s.reception = { date: b.date, leaders: b.leaders, ...(b.note ? { note: b.note } : {}), recordedBy: e.env.actorId, at };
      s.phase = 'in_progress';
      due({ kind: 'receivedMid', env: e.env, started: e.started }, { stage: 'midCheck', from: at });
      break;
    }
    case 'checked': {
      const v = message(e);
      if (v) return refuse(v);
      const c = e.env.body;
      if (c.kind === 'month_end') {
        const ids = c.findings.filter((f) => f.outcome === 'solved').map((f) => s.problems.find((p) => p.id === f.problemId)!.path?.caseId);
        fx.push({ type: 'caseStatuses', caseIds: ids.filter((x): x is string => !!x), then: { kind: 'monthEnd', env: { actorId: e.env.actorId, body: c } } });
        break;
      }
      for (const f of c.findings) s.problems.find((p) => p.id === f.problemId)!.midCheck = { progress: f.progress, ...(f.note ? { note: f.note } : {}) };
      s.midCheck = { ...s.midCheck!, recorded: { date: c.date, inspectors: c.inspectors, ...(c.note ? { note: c.note } : {}), recordedBy: e.env.actorId, at } };
      event('mid_check_recorded', e.env.actorId, c.note, { findings: c.findings });
      record();
      break;
    }
    case 'timer': {
      const wake = nextWake(s);
      if (wake === null || wake > Date.parse(at)) break;
      if (s.phase === 'collecting') fx.push({ type: 'loadCarried', actorId: 'system', note: 'collection window ended' });
      else if (s.phase === 'awaiting_reception') {
        for (const p of s.problems) p.outcome = { kind: 'carried', note: 'no reception was recorded this month', derived: true };
        closeMonth('no_reception', 'no reception was recorded before the month ended');
      } else if (s.phase === 'in_progress') {
        s.phase = 'mid_check_due';
        event('mid_check_due', 'system', s.midCheck!.recorded ? 'already recorded' : undefined);
        if (!s.midCheck!.recorded) notifyHead('mid_check_due', 'village_check_due', { month: s.month, check: '月中实地察看 mid-month on-site check' });
        record();
      } else if (s.phase === 'mid_check_due') {
        s.phase = 'month_end_due';
        due({ kind: 'monthEndDue' }, { stage: 'closeGrace', from: at });
      } else if (s.phase === 'month_end_due') {
        fx.push({ type: 'caseStatuses', caseIds: s.problems.map((p) => p.path?.caseId).filter((x): x is string => !!x), then: { kind: 'derive' } });
      }
      break;
    }
    case 'calendarChanged': {
      const requests = openStages(s)
        .filter((o) => {
          const oldAt = o.get();
          const from = s.engine.stageFrom[o.stage];
          return oldAt && from && concerns(e.change, { deadlineAt: oldAt, provisional: s.engine.provisional.includes(o.stage), from });
        })
        .map((o) => ({ stage: o.stage, from: s.engine.stageFrom[o.stage]! }));
      if (requests.length) due({ kind: 'retime', change: e.change }, ...requests);
      break;
    }
  }
  return { state: s, effects: fx };
}

/** The month's look-ups: each answers with the follow-up event of the same job. */
export const isVillageLookup = (fx: VillageMonthEffect): boolean =>
  fx.type === 'prepare' || fx.type === 'stageDue' || fx.type === 'loadCarried' || fx.type === 'caseStatuses' || fx.type === 'checkUnits' || fx.type === 'startCases';

/** The month's engine as the driver runs it (domain/engine/driver.ts). */
export const villageMonthEngine: Engine<VillageMonthState, VillageMonthEvent, VillageMonthEffect> = { transition: villageMonthTransition, isLookup: isVillageLookup };

/** What Temporal UI shows as the month's current state. */
export function describeMonth(s: VillageMonthState): string {
  const head = `**${s.engine.townName} ${s.month}** 村干部跑办代访 village reception: ${s.phase}`;
  const parts = [`${s.problems.length} problem(s) from ${new Set(s.problems.map((p) => p.villageId)).size} village(s)`];
  if (s.host) parts.push(`host ${s.host.villageName}${s.host.chosenBy === 'override' ? ` (override: ${s.host.reason})` : ''}`);
  if (s.phase === 'collecting' && s.collectionClosesAt) parts.push(`collecting until ${s.collectionClosesAt}`);
  if (s.midCheck && !s.midCheck.recorded) parts.push(`mid-month check due ${s.midCheck.dueAt}`);
  if (s.monthEnd && !s.monthEnd.recorded && s.phase !== 'closed') parts.push(`month-end follow-up due ${s.monthEnd.dueAt}`);
  if (s.report) parts.push(`solved ${s.report.solved}, in progress ${s.report.inProgress}, carried ${s.report.carried}`);
  return `${head}\n\n${parts.join('; ')}`;
}
