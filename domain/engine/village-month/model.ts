// The village month's model: its state beside what the month shows, the events it takes, the effects
// it asks the shell for (look-ups among them, answered by follow-up events), and where a month starts.
import type { CalendarChange } from '../../deadline-retiming.js';
import type { Check, Envelope, MonthEndCheck, OverrideHost, Phase, Reception, SubmitProblem, Timing, TimingStage, VillageMonthView, VillageProblem, VillageRef } from '../../village.js';

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
export const MID_CHECK_PHASES: readonly Phase[] = ['in_progress', 'mid_check_due', 'month_end_due'];

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

/** What a handler gives back: a refusal, or what an update answers besides the month. */
export type Outcome = RuleViolation | { result?: VillageProblem } | void;

/** The month's look-ups: each answers with the follow-up event of the same job. */
export const isVillageLookup = (fx: VillageMonthEffect): boolean =>
  fx.type === 'prepare' || fx.type === 'stageDue' || fx.type === 'loadCarried' || fx.type === 'caseStatuses' || fx.type === 'checkUnits' || fx.type === 'startCases';
