// The case engine's model: its state beside what the case shows, the events it takes, the effects it
// asks the shell for (look-ups among them, answered by follow-up events), and where a case starts.
import type {
  AppealDecisionMessage,
  AppealMessage,
  AttachmentRef,
  CallbackMessage,
  Decision,
  DecisionEnvelope,
  ExtensionDecisionMessage,
  ExtensionRequestMessage,
  Materials,
  NoticeMessage,
  NoticeWithdrawMessage,
  Rating,
  RectificationCloseMessage,
  RectificationReportMessage,
  Withdraw,
} from '../../messages.js';
import { DEFAULT_CASE_RULES, type CaseRules, type Limit } from '../../policy.js';
import type { CaseStatus, RuleViolation, Tier } from '../../tiers.js';
import type { Assignee, CaseInput, CaseView, Consultation, NotificationRequest, OfficerEvent, PartAnswer, Phase } from '../../case.js';
import type { StepAction } from '../../steps.js';

/** What the calendar answers for a window (activities/deadlines.ts). */
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
    /** The first tier a chain of vacancies found empty: asked again first when the window runs out. */
    vacantFrom?: Tier;
    /** The supervision rules of the case: the policy's when it started (absent on older states: the defaults). */
    rules?: CaseRules;
  };
}

/** The case's supervision rules (domain/policy.ts CaseRules). */
export const rulesOf = (s: CaseState): CaseRules => s.engine.rules ?? DEFAULT_CASE_RULES;

// ---- events: what happened ----
export type CaseEvent =
  | { type: 'started'; at: string; input: CaseInput; workflowId: string }
  | { type: 'decided'; at: string; env: DecisionEnvelope; via: 'update' | 'signal' }
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
  /** A holder who leaves while the case waits (materials, parts, a session, directives, a rating) hands over the wait itself. */
  | { type: 'directoryChanged'; at: string; principalIds: string[] }
  | { type: 'calendarChanged'; at: string; years: number[] }
  // Supervision of the live case and what follows its feedback (domain/engine/case/supervision.ts).
  | { type: 'noticeIssued'; at: string; m: NoticeMessage }
  | { type: 'noticeWithdrawn'; at: string; m: NoticeWithdrawMessage }
  | { type: 'extensionRequested'; at: string; m: ExtensionRequestMessage }
  | { type: 'extensionDecided'; at: string; m: ExtensionDecisionMessage }
  | { type: 'rectificationReported'; at: string; m: RectificationReportMessage }
  | { type: 'rectificationClosed'; at: string; m: RectificationCloseMessage }
  | { type: 'callbackRecorded'; at: string; m: CallbackMessage }
  | { type: 'appealFiled'; at: string; m: AppealMessage }
  | { type: 'appealDecided'; at: string; m: AppealDecisionMessage }
  // Follow-ups: the answers of look-ups the engine asked for.
  | { type: 'assigned'; at: string; tier: Tier; assignee: Assignee; deadline: DeadlineAnswer; then: AssignThen }
  | { type: 'vacant'; at: string; tier: Tier; then: AssignThen }
  | { type: 'windowOpened'; at: string; deadline: DeadlineAnswer; then: WindowThen }
  | { type: 'cityLeaderFound'; at: string; leader: Assignee | null; then: ConsultThen }
  | { type: 'remindersSet'; at: string; reminders: (string | null)[] }
  | { type: 'rulesSet'; at: string; rules: CaseRules }
  | { type: 'dueSet'; at: string; dueAt: string; then: DueThen }
  | { type: 'extended'; at: string; deadline: DeadlineAnswer; then: ExtendThen };

/** What a due time counted on the calendar is for. */
export type DueThen =
  | { kind: 'notice'; m: NoticeMessage }
  | { kind: 'extension'; m: ExtensionRequestMessage }
  | { kind: 'rectification'; ratingSeq: number; rating: Rating['rating'] }
  | { kind: 'appeal'; m: AppealMessage; ratingSeq: number; rating: Rating['rating'] }
  | { kind: 'aftercare' };

/** A granted extension: which request, who granted it. */
export interface ExtendThen {
  no: number;
  by: string;
  note?: string;
}

/** What to record once a holder is found. */
export interface AssignThen {
  action: Extract<StepAction, 'assigned' | 'escalated' | 'reopened' | 'referred_to_city' | 'consulted_city' | 'consultation_convened' | 'vacancy' | 'handed_over'>;
  actor: string;
  note?: string;
  from: Tier;
  data?: Record<string, unknown>;
  /** What else the step means for supervision. */
  officerEvent?: { by: string; unitId: string | null; tier: Tier; kind: OfficerEvent['kind'] };
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
  | { kind: 'materials'; by: string; items: string[]; note?: string; attachments?: AttachmentRef[] }
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
  | { type: 'record' }
  /** The case's supervision rules, from the policy (asked once, when the case starts). */
  | { type: 'loadRules' }
  /** A due time `limit` after `from` on the official calendar. */
  | { type: 'dueIn'; limit: Limit; from: string; then: DueThen }
  /** The running deadline moved on by working days (a granted extension), with its reminder re-timed over the whole window. */
  | { type: 'extend'; from: string; workingDays: number; windowFrom: string; then: ExtendThen };

const LOOKUPS = ['assign', 'openWindow', 'findCityLeader', 'directiveReminders', 'loadRules', 'dueIn', 'extend'] as const;
/** The effects the directory or the calendar answer, with the follow-up event each answer becomes. */
export type CaseLookup = Extract<CaseEffect, { type: (typeof LOOKUPS)[number] }>;
export type CaseLookupAnswer = DistributiveOmit<Extract<CaseEvent, { type: 'assigned' | 'vacant' | 'windowOpened' | 'cityLeaderFound' | 'remindersSet' | 'rulesSet' | 'dueSet' | 'extended' }>, 'at'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export const isCaseLookup = (fx: CaseEffect): fx is CaseLookup => (LOOKUPS as readonly string[]).includes(fx.type);
/** The effects the store writes: the job's new steps, with what they tell and mean for supervision. */
export const isCaseWrite = (fx: CaseEffect): boolean => fx.type === 'record';

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

