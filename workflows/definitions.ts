// The contract of the workflows, exported once and imported by the workflows, the worker, the API,
// the activities and the tests alike: the workflows by name (a start names one of them and its
// arguments are checked against the function), their inputs and views, their messages, their ids,
// the search attribute keys and the task queue. Type-only imports from elsewhere, so the workflow
// bundle stays what it is.
import { defineQuery, defineSignal, defineUpdate, type Workflow } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type * as registered from './index.js';
import type {
  AppealDecisionMessage,
  AppealMessage,
  CallbackMessage,
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
} from '../domain/messages.js';
import type { CaseUpdateResult, CaseView, PartAnswer, PartDecisionEnvelope, PartView } from '../domain/case.js';
import type { Check, Envelope, OverrideHost, Reception, SubmitProblem, VillageMonthView, VillageProblem } from '../domain/village.js';
import type { ComplaintState } from '../domain/engine/complaint.js';

export const DEFAULT_TASK_QUEUE = 'cases';

// ---- The workflows by name ----
type Registered = typeof registered;
/** The type name of every workflow the worker registers (workflows/index.ts). */
export type WorkflowName = { [K in keyof Registered]: Registered[K] extends Workflow ? K : never }[keyof Registered];
/**
 * A workflow's function by its name, for the SDK's generics: `client.workflow.start<WorkflowOf<'x'>>(
 * workflowName('x'), { args })` checks the arguments against the workflow itself.
 */
export type WorkflowOf<N extends WorkflowName> = Registered[N];
/** The input a workflow starts with (its first argument). */
export type WorkflowInput<N extends WorkflowName> = Parameters<WorkflowOf<N>>[0];
/** A workflow type name, checked against the registered workflows (a misspelt name does not compile). */
export function workflowName<N extends WorkflowName>(name: N): N {
  return name;
}

// ---- Inputs and views of each workflow (defined beside the code that owns them, named here) ----
export type { CaseInput, PartInput, CaseView, PartView, PartAnswer, PartDecisionEnvelope, TimelineStep } from '../domain/case.js';
export type { ComplaintInput, ComplaintState } from '../domain/engine/complaint.js';
export type { ConsultationInput } from './consultation.js';
export type { VillageMonthInput } from './village-month.js';
export type { VillageMonthView } from '../domain/village.js';

// ---- Search attributes: what administrators filter on in Temporal UI ----
// What a case is and whether it needs a look, which change a few times in its life. Where it stands
// (tier, holder, deadline) changes with every decision: as attributes that cost an event and a
// visibility write per decision, so it is told by each workflow's current details instead, and the
// officers' lists filter on it in the store (`GET /v1/cases?tier=`).
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const LeadUnitKey = defineSearchAttributeKey('LeadUnit', SearchAttributeType.KEYWORD);
/** The city leader a consultation is with (set once, at its start). */
export const AssigneeKey = defineSearchAttributeKey('Assignee', SearchAttributeType.KEYWORD);
export const OverdueKey = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
/** Every unit a case or a part concerns, so an administrator can list one unit's open work. */
export const CaseUnitsKey = defineSearchAttributeKey('CaseUnits', SearchAttributeType.KEYWORD_LIST);
/** The running deadline was computed on the plain Monday–Friday rule: the year's official notice is not loaded. */
export const DeadlineProvisionalKey = defineSearchAttributeKey('DeadlineProvisional', SearchAttributeType.BOOL);

/** Name and type of every custom search attribute, for `temporal server start-dev --search-attribute`. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Datetime' | 'Bool' | 'KeywordList' | 'Int' | 'Text'> = {
  CaseStatus: 'Keyword',
  LeadUnit: 'Keyword',
  Assignee: 'Keyword',
  Overdue: 'Bool',
  CaseUnits: 'KeywordList',
  DeadlineProvisional: 'Bool',
  Town: 'Keyword',
  Month: 'Keyword',
  StoreBehind: 'Bool',
};

// ---- How the store follows a workflow (workflows/one-call.ts, reconcile/) ----
/** The workflow's store calls kept failing and it stopped retrying by itself: it waits for `storeRetry`. */
export const StoreBehindKey = defineSearchAttributeKey('StoreBehind', SearchAttributeType.BOOL);
/** The store answers again: a workflow that stopped retrying its store call tries again. */
export const storeRetrySignal = defineSignal('storeRetry');
/** Which store jobs the workflow has confirmed (its committed history): their notices may go out. */
export const jobsQuery = defineQuery<{ runId: string; jobs: number }>('jobs');

// ---- The directory's journal (workflows/directory-journal.ts): what a restored store must not forget ----
/** One journal per deployment (its task queue): deployments that share a namespace keep their own. */
export const directoryJournalId = (taskQueue: string) => `directory-journal-${taskQueue}`;
/** A token revoked (by the hash the store keeps), or a principal deactivated (every token of theirs then). */
export type JournalEntry = { kind: 'token_revoked'; tokenHash: string; at: string } | { kind: 'principal_deactivated'; principalId: string; at: string };
export const journalSignal = defineSignal<[JournalEntry]>('journal');
export const journalQuery = defineQuery<JournalEntry[]>('journal');

// ---- The case workflow's messages ----
/** An officer's decision, answered at once (validator) with the new state. */
export const decideUpdate = defineUpdate<CaseUpdateResult, [DecisionEnvelope]>('decide');
/** The same decision, fire and forget: a rejection is recorded on the timeline. */
export const decideSignal = defineSignal<[DecisionEnvelope]>('decideSignal');
export const supplyMaterialsUpdate = defineUpdate<CaseUpdateResult, [Materials]>('supplyMaterials');
export const withdrawUpdate = defineUpdate<CaseUpdateResult, [Withdraw]>('withdraw');
export const rateUpdate = defineUpdate<CaseUpdateResult, [Rating]>('rate');
export const directiveDoneUpdate = defineUpdate<CaseUpdateResult, [{ unitId: string; actorId: string; note?: string }]>('directiveDone');
export const stateQuery = defineQuery<CaseView>('state');

// ---- Supervision of a live case (督查督办) and what follows its feedback: each answered like a decision ----
/** A supervisor issues a 督办 notice on the case or one unit's part. */
export const issueNoticeUpdate = defineUpdate<CaseUpdateResult, [NoticeMessage]>('issueNotice');
export const withdrawNoticeUpdate = defineUpdate<CaseUpdateResult, [NoticeWithdrawMessage]>('withdrawNotice');
/** The holder asks for more working days (延期申请). */
export const requestExtensionUpdate = defineUpdate<CaseUpdateResult, [ExtensionRequestMessage]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<CaseUpdateResult, [ExtensionDecisionMessage]>('decideExtension');
/** The lead unit's head reports what it changed after a bad rating (差评整改); a supervisor closes it once verified. */
export const reportRectificationUpdate = defineUpdate<CaseUpdateResult, [RectificationReportMessage]>('reportRectification');
export const closeRectificationUpdate = defineUpdate<CaseUpdateResult, [RectificationCloseMessage]>('closeRectification');
/** A return visit (回访) by the efficiency office or the hotline. */
export const callbackUpdate = defineUpdate<CaseUpdateResult, [CallbackMessage]>('recordCallback');
/** The lead unit appeals a rating; a supervisor upholds or rejects it. */
export const appealUpdate = defineUpdate<CaseUpdateResult, [AppealMessage]>('appealRating');
export const decideAppealUpdate = defineUpdate<CaseUpdateResult, [AppealDecisionMessage]>('decideAppeal');
/** Sent with the start (update-with-start): answers once the first assignee and deadline are set. */
export const openedUpdate = defineUpdate<CaseView, []>('opened');

// ---- Broadcasts to every running workflow that holds a deadline or an assignee ----
/**
 * The official calendar of these years changed (an administrator loaded a notice): recompute every
 * running deadline that falls in them or was provisional. A deadline never moves earlier than what
 * the holder was told.
 */
export const calendarChangedSignal = defineSignal<[{ years: number[]; documentNo?: string }]>('calendarChanged');
/**
 * The directory changed (an officer deactivated, a stand-in set): a workflow whose holder is no
 * longer active hands the work to the stand-in or the next tier up (缺位递补).
 */
export const directoryChangedSignal = defineSignal<[{ principalIds: string[] }]>('directoryChanged');

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

// ---- Coordination across units (牵头协调) and city consultation (市级领导会商) ----
/** A decision on one unit's part: its opinion, or an escalation inside that unit. */
export const partDecideUpdate = defineUpdate<PartView, [PartDecisionEnvelope]>('partDecide');
export const partStateQuery = defineQuery<PartView>('partState');
/** From a part to its case: the unit answered (or its window lapsed at the top of the unit). */
export const partAnsweredSignal = defineSignal<[PartAnswer]>('partAnswered');
/** The lead withdraws one unit's part. */
export const withdrawPartUpdate = defineUpdate<CaseView, [{ actorId: string; unitId: string }]>('withdrawPart');
/** From the weekly session (星期六会商) to a waiting key-project consultation, and on to its case. */
export const conveneSignal = defineSignal<[{ session: string }]>('convene');
export const consultationConvenedSignal = defineSignal<[{ session: string; at: string }]>('consultationConvened');
/** From the case to its consultation: how the city leader ended it. */
export const consultationOutcomeSignal = defineSignal<[{ kind: 'resolved' | 'refused'; by: string; at: string; summary: string }]>('consultationOutcome');

export function partWorkflowId(caseId: string, unitId: string): string {
  return `case-${caseId}-part-${unitId}`;
}
export function consultationWorkflowId(caseId: string, n: number): string {
  return `case-${caseId}-consultation-${n}`;
}

// ---- The complaint workflow's messages (效能铜都) ----
/** A unit officer records that the complainant was contacted, and what was done. */
export const complaintContactUpdate = defineUpdate<ComplaintState, [{ actorId: string; note: string }]>('complaintContact');
/** A supervisor closes the complaint with findings. */
export const complaintCloseUpdate = defineUpdate<ComplaintState, [{ actorId: string; upheld: boolean; findings: string; officerIds: string[] }]>('complaintClose');
export const complaintStateQuery = defineQuery<ComplaintState>('complaintState');

export function complaintWorkflowId(complaintId: string): string {
  return `complaint-${complaintId}`;
}

// ---- The village reception's messages (村干部跑办代访) ----
/** The town (unit id) and month (YYYY-MM) of a village-month workflow, to find it in Temporal UI. */
export const TownKey = defineSearchAttributeKey('Town', SearchAttributeType.KEYWORD);
export const MonthKey = defineSearchAttributeKey('Month', SearchAttributeType.KEYWORD);
/** Sent with the start (update-with-start): answers once the month is open and in the read model. */
export const villageOpenedUpdate = defineUpdate<VillageMonthView, []>('villageOpened');
export const villageSubmitProblemUpdate = defineUpdate<VillageProblem, [Envelope<SubmitProblem>]>('villageSubmitProblem');
export const villageCloseCollectionUpdate = defineUpdate<VillageMonthView, [Envelope<{ note?: string }>]>('villageCloseCollection');
export const villageOverrideHostUpdate = defineUpdate<VillageMonthView, [Envelope<OverrideHost>]>('villageOverrideHost');
export const villageReceptionUpdate = defineUpdate<VillageMonthView, [Envelope<Reception>]>('villageReception');
export const villageCheckUpdate = defineUpdate<VillageMonthView, [Envelope<Check>]>('villageCheck');
export const villageMonthQuery = defineQuery<VillageMonthView>('villageMonth');
