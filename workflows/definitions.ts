// Message definitions, search attribute keys and the task queue, exported once and imported by
// the workflows, the worker, the API and the tests alike.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { DecisionEnvelope, Materials, Rating, Withdraw } from '../domain/messages.js';
import type { CaseView } from './case-state.js';

export const DEFAULT_TASK_QUEUE = 'cases';

// ---- Search attributes: what administrators filter on in Temporal UI ----
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseTierKey = defineSearchAttributeKey('CaseTier', SearchAttributeType.KEYWORD);
export const LeadUnitKey = defineSearchAttributeKey('LeadUnit', SearchAttributeType.KEYWORD);
export const AssigneeKey = defineSearchAttributeKey('Assignee', SearchAttributeType.KEYWORD);
export const DeadlineAtKey = defineSearchAttributeKey('DeadlineAt', SearchAttributeType.DATETIME);
export const OverdueKey = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
/** Every unit a case or a part concerns, so an administrator can list one unit's open work. */
export const CaseUnitsKey = defineSearchAttributeKey('CaseUnits', SearchAttributeType.KEYWORD_LIST);

/** Name and type of every custom search attribute, for `temporal server start-dev --search-attribute`. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Datetime' | 'Bool' | 'KeywordList' | 'Int' | 'Text'> = {
  CaseStatus: 'Keyword',
  CaseTier: 'Keyword',
  LeadUnit: 'Keyword',
  Assignee: 'Keyword',
  DeadlineAt: 'Datetime',
  Overdue: 'Bool',
  CaseUnits: 'KeywordList',
};

// ---- The case workflow's messages ----
/** An officer's decision, answered at once (validator) with the new state. */
export const decideUpdate = defineUpdate<CaseView, [DecisionEnvelope]>('decide');
/** The same decision, fire and forget: a rejection is recorded on the timeline. */
export const decideSignal = defineSignal<[DecisionEnvelope]>('decideSignal');
export const supplyMaterialsUpdate = defineUpdate<CaseView, [Materials]>('supplyMaterials');
export const withdrawUpdate = defineUpdate<CaseView, [Withdraw]>('withdraw');
export const rateUpdate = defineUpdate<CaseView, [Rating]>('rate');
export const directiveDoneUpdate = defineUpdate<CaseView, [{ unitId: string; actorId: string; note?: string }]>('directiveDone');
export const stateQuery = defineQuery<CaseView>('state');
/** Sent with the start (update-with-start): answers once the first assignee and deadline are set. */
export const openedUpdate = defineUpdate<CaseView, []>('opened');

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}
