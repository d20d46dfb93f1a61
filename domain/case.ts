// The shape of a case as the workflow holds it and answers it (query, update results). Types only,
// plus the small pure helpers that both the workflow and the API use to read it.
import type { CaseStatus, Role, Tier } from './tiers.js';
import type { AttachmentRef, Directive, NoticeLevel, Rating } from './messages.js';
export type { PartDecisionEnvelope } from './messages.js';
import type { TemplateId } from './notices.js';

export interface Assignee {
  principalId: string;
  name: string;
  role: Role;
  unitId: string | null;
  sectionId: string | null;
  /** Set when the post's holder is inactive and their designated stand-in took it (缺位递补). */
  standInFor?: string;
}

/** Nobody can take a tier: no active holder, and no active stand-in for an absent one (缺位). */
export interface Vacancy {
  vacant: true;
  unitId: string;
  tier: Tier;
}
export type AssigneeOrVacancy = Assignee | Vacancy;
export const isVacancy = (a: AssigneeOrVacancy): a is Vacancy => 'vacant' in a && a.vacant === true;

export type Actor = string; // a principal id, 'requester' or 'system'

export interface TimelineStep {
  seq: number;
  at: string;
  tier: Tier;
  actor: Actor;
  action: string;
  note?: string;
  /** The officer the step concerns: whose window lapsed, who now holds the case. */
  subjectId?: string;
  deadlineAt?: string;
  data?: Record<string, unknown>;
  /** The BPMN element (GET /v1/process.bpmn) this step passed through. */
  elementId?: string;
  /** What the step means for supervision (see OfficerEvent). */
  officerEvents?: OfficerEvent[];
}

export interface DirectiveState extends Directive {
  reminderAt?: string;
  reminded?: boolean;
  doneAt?: string;
  doneBy?: string;
  note?: string;
  lapsed?: boolean;
}

export interface Outcome {
  kind: 'resolved' | 'refused' | 'withdrawn';
  tier: Tier;
  at: string;
  by: Actor;
  result?: string;
  legalBasis?: string;
  explanation?: string;
  precedentIds?: string[];
}

/**
 * What the workflow is waiting for. `aftercare`: the answer is given and rated (or its rating window
 * ended); return visits and appeals are still taken until the case is archived.
 */
export type Phase = 'handling' | 'materials' | 'coordinating' | 'awaiting_session' | 'directives' | 'feedback' | 'aftercare' | 'done';

/** Whether a phase runs on the holder's (or the requester's) deadline: not once the answer is given. */
export function phaseHasDeadline(phase: Phase | string | undefined): boolean {
  return phase !== 'feedback' && phase !== 'aftercare' && phase !== 'done';
}

// ---- Supervision of a live case (督查督办) and what follows its feedback ----

/** A supervision notice (督办) on the case, or on one unit's part of it. */
export interface SupervisionNotice {
  no: number;
  level: NoticeLevel;
  note: string;
  by: string;
  issuedAt: string;
  /** The holder must decide by then (the unit must answer its part). */
  dueAt: string;
  /** A unit's part of a coordinated case; null: the case itself. */
  unitId: string | null;
  /** The holder of that part when the notice was issued (told with the unit's head). */
  partHolderId?: string;
  /** answered: the holder decided (the unit answered); ended: the case ended otherwise (withdrawn). */
  status: 'open' | 'answered' | 'lapsed' | 'withdrawn' | 'ended';
  endedAt?: string;
  endedBy?: string;
  /** Whose decision answered it, or against whom its lapse was recorded. */
  holderId?: string | null;
}

/** A request for more time (延期申请) by the holder of a tier's window. */
export interface Extension {
  no: number;
  by: string;
  workingDays: number;
  reason: string;
  requestedAt: string;
  /** The decider's window ends then. */
  decideBy: string;
  /** overtaken: the window it asked for ended first (a decision, a lapse). */
  status: 'pending' | 'granted' | 'refused' | 'lapsed' | 'overtaken';
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
  /** The deadline before and after a granted extension. */
  from?: string;
  to?: string;
}

/** Rectifying a bad rating (差评整改): the lead unit's principal head reports what changed; the efficiency office verifies it with a return visit. */
export interface Rectification {
  no: number;
  unitId: string;
  /** The rating that opened it (its step), and its level. */
  ratingSeq: number;
  rating: Rating['rating'];
  openedAt: string;
  /** The unit's report is due then. */
  dueAt: string;
  lapsedAt?: string;
  report?: { by: string; at: string; changes: string; attachments?: AttachmentRef[] };
  /** voided: an appeal against its rating was upheld; ended: the requester withdrew the reopened case. */
  status: 'open' | 'reported' | 'closed' | 'voided' | 'ended';
  closedAt?: string;
  closedBy?: string;
  note?: string;
  /** The return visit that verified it. */
  callbackNo?: number;
}

/** A return visit (回访) by the efficiency office or the hotline. */
export interface Callback {
  no: number;
  by: string;
  at: string;
  method: string;
  reached: boolean;
  satisfaction?: Rating['rating'];
  note?: string;
}

/** The lead unit's appeal against a rating as mistaken or malicious. */
export interface Appeal {
  no: number;
  ratingSeq: number;
  rating: Rating['rating'];
  by: string;
  at: string;
  reason: 'mistaken' | 'malicious';
  explanation: string;
  attachments?: AttachmentRef[];
  decideBy: string;
  status: 'pending' | 'upheld' | 'rejected' | 'lapsed';
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
}

export interface CaseInput {
  caseId: string;
  title: string;
  requesterKind: 'person' | 'enterprise';
  channel: string;
  category?: string;
  leadUnitId: string;
  firstContactOfficerId?: string;
  involvedUnitIds: string[];
  keyProject: boolean;
  /** Link for Temporal UI's current details back to our case page. */
  pageUrl?: string;
  /** Who started the case (integrator or officer id); shown as the actor of `received`. */
  createdBy: string;
}

export interface CaseView {
  id: string;
  /**
   * Grows with every recorded step: the `ETag` of the case. A decision sent with an older version
   * (If-Match) is stale. Absent on cases started before versions existed: read it as the timeline's length.
   */
  version?: number;
  workflowId: string;
  title: string;
  status: CaseStatus;
  tier: Tier;
  phase: Phase;
  leadUnitId: string;
  involvedUnitIds: string[];
  keyProject: boolean;
  assignee: Assignee | null;
  /** Who held each tier, in order (a reopened case may add a second holder). */
  holders: { tier: Tier; principalId: string; name: string; from: string; until?: string }[];
  deadlineAt: string | null;
  deadlineProvisional: boolean;
  deadlineNote?: string;
  reminderAt: string | null;
  overdue: boolean;
  /** What the requester was asked for and, once answered, the items ticked off and the files that came with them. */
  materials?: { items: string[]; requestedAt: string; dueAt: string; suppliedAt?: string; supplied?: string[]; attachments?: AttachmentRef[] };
  directives?: DirectiveState[];
  outcome?: Outcome;
  rating?: Rating & { at: string };
  /** How many times an unsatisfied rating reopened the case (at most once). */
  reopened: number;
  /** Set when a second unsatisfied rating leaves the case for review. */
  reviewRequested: boolean;
  coordination?: Coordination;
  consultation?: Consultation;
  /** 督办 notices, in the order issued. */
  supervisionNotices?: SupervisionNotice[];
  /** Requests for more time, in order. */
  extensions?: Extension[];
  /** The rectification of a bad rating (one per case at most). */
  rectification?: Rectification;
  callbacks?: Callback[];
  appeals?: Appeal[];
  /** The aftercare ends then (phase `aftercare`). */
  aftercareUntil?: string;
  timeline: TimelineStep[];
}

// ---- Unit parts (each unit's share of a coordinated case) ----
export interface PartInput {
  caseId: string;
  unitId: string;
  leadUnitId: string;
  title: string;
  question: string;
  parentWorkflowId: string;
}

export interface PartAnswer {
  unitId: string;
  /** The part that answered (several rounds may ask one unit). */
  workflowId?: string;
  stance: 'can_do' | 'cannot' | 'lapsed';
  plan?: string;
  dueAt?: string;
  legalBasis?: string;
  explanation?: string;
  by: string;
  tier: Tier;
  at: string;
}

export interface PartView {
  caseId: string;
  unitId: string;
  workflowId: string;
  question: string;
  status: 'open' | 'answered' | 'lapsed' | 'withdrawn';
  tier: Tier;
  assignee: Assignee | null;
  deadlineAt: string | null;
  answer?: PartAnswer;
  timeline: TimelineStep[];
}

/** The lead's view of the coordination, kept on the case. */
export interface Coordination {
  question: string;
  startedAt: string;
  /** Every part has answered (or lapsed, or was withdrawn): the lead decides. */
  back: boolean;
  /** The lead resolved with the answers, or the city took the case over. */
  closed?: boolean;
  parts: { unitId: string; workflowId: string; status: PartView['status']; answer?: PartAnswer }[];
}

export interface Consultation {
  workflowId: string;
  cityLeaderId: string;
  reason: 'consult_city' | 'refer_to_city' | 'part_lapsed';
  session: 'immediate' | 'saturday';
  convenedAt?: string;
  unitIds: string[];
  outcomeSent?: boolean;
  /** False once the consultation's workflow ended (cancelled, or failed). */
  running?: boolean;
}

// ---- What a transition asks the outside world to send and to count ----
/** One message to one recipient; `key` makes its delivery idempotent. */
export interface NotificationRequest {
  key: string;
  to: { principalId: string } | { unitHeadOf: string } | { requester: true } | { supervisors: true };
  recipientKind: 'officer' | 'requester' | 'unit' | 'supervisor';
  template: TemplateId;
  vars: Record<string, string>;
}

/**
 * What a step means for supervision (an officer's portrait, reviews): who escalated, who left a case on
 * the shelf, who referred it. Carried by the step itself, so the audit copy rebuilt from a workflow's
 * timeline holds it too.
 */
export interface OfficerEvent {
  officer: { principalId: string } | { unitHeadOf: string };
  unitId: string | null;
  tier: string;
  kind: 'shelved' | 'escalated' | 'referred';
}


/** An update's answer (CaseUpdateResultSchema in domain/messages.ts): the summary and the new steps. */
export interface CaseUpdateResult {
  summary: CaseView & { timeline: [] };
  steps: TimelineStep[];
}
