// What the case engine asks for, carried out: directory and calendar look-ups (answered with a
// follow-up event), its children (case-children.ts), search attributes and Temporal UI's words, and
// the projection of new steps into SQLite (one local activity per job: one-call.ts).
import { getExternalWorkflowHandle, setCurrentDetails } from '@temporalio/workflow';
import { elementForStep } from '../domain/steps.js';
import type { CaseInput, CaseView } from '../domain/case-state.js';
import { describeCase, isCaseLookup, type CaseEffect, type CaseEvent, type CaseLookupAnswer as CaseAnswer, type CaseState } from '../domain/engine/case.js';
import type { Mailbox } from './mailbox.js';
import type { AttributeBatch } from './attribute-batch.js';
import type { CaseJob } from './case-messages.js';
import { createCaseChildren } from './case-children.js';
import { AssigneeKey, CaseStatusKey, CaseTierKey, CaseUnitsKey, DeadlineAtKey, DeadlineProvisionalKey, OverdueKey, consultationOutcomeSignal } from './definitions.js';
import { caseStoreCall, StoredJob } from './one-call.js';

export interface CaseEffectContext {
  input: CaseInput;
  mailbox: Mailbox<CaseJob>;
  /** Where search attributes go: one upsert per job. */
  attrs: AttributeBatch;
  view: (st: CaseState, withTimeline?: boolean) => CaseView;
  /** Runs a follow-up event through the engine (at the job's time, when given) and carries its effects out in turn. */
  follow: (st: CaseState, job: CaseJob, at?: string) => Promise<CaseState>;
  /**
   * Makes a state the one validators and queries see. Called as a job's steps go to the read model:
   * an officer who reads the new state there must find the workflow agreeing with it.
   */
  commit: (st: CaseState) => void;
}

export function createCaseEffects({ input, mailbox, attrs, follow, commit }: CaseEffectContext) {
  let flushedSeq = 0;
  /** Steps the read model already holds: intake answers only once its case can be read back. */
  let projectedSeq = 0;
  const children = createCaseChildren(mailbox);
  const job = new StoredJob<CaseAnswer>();

  /**
   * Before a job's effects are carried out: one call answers its look-ups and writes it to the store.
   * A job with neither (a child started, a consultation signalled) needs no call.
   */
  async function begin(st: CaseState, event: CaseEvent, effects: CaseEffect[]): Promise<void> {
    job.end();
    if (!effects.some((fx) => fx.type === 'record' || isCaseLookup(fx))) return;
    job.begin(event.at, await caseStoreCall.transitionStore({ state: st, event, flushedSeq }));
  }
  const end = () => job.end();
  /** A look-up's answer from the job's call (an assignment may have found a vacancy instead), run through the engine in turn. */
  const answered = (st: CaseState, type: CaseAnswer['type']) => {
    const pre = job.take(type === 'assigned' ? ['assigned', 'vacant'] : [type]);
    if (!pre) throw new Error(`the store call did not answer ${type}`);
    return follow(st, pre.a, pre.at);
  };

  async function record(st: CaseState) {
    const steps = st.timeline.slice(flushedSeq);
    for (const x of steps) x.elementId ??= elementForStep(x) ?? undefined;
    flushedSeq = st.timeline.length;
    attrs.set([
      { key: CaseStatusKey, value: st.status },
      { key: CaseTierKey, value: st.tier },
      { key: AssigneeKey, value: st.assignee?.principalId ?? '' },
      { key: DeadlineAtKey, value: st.deadlineAt ? new Date(st.deadlineAt) : null },
      { key: OverdueKey, value: st.overdue },
      { key: DeadlineProvisionalKey, value: st.deadlineAt ? st.deadlineProvisional : false },
    ]);
    setCurrentDetails(describeCase(st, input.pageUrl));
    commit(st);
    // The job's one call has written it, with what the engine asked to tell.
    children.cancelPending();
    projectedSeq = Math.max(projectedSeq, st.timeline.length);
  }

  /** One effect; look-ups answer with a follow-up event, run through the engine in turn. */
  async function carry(st: CaseState, fx: CaseEffect): Promise<CaseState> {
    switch (fx.type) {
      case 'assign':
        return answered(st, 'assigned');
      case 'openWindow':
        return answered(st, 'windowOpened');
      case 'findCityLeader':
        return answered(st, 'cityLeaderFound');
      case 'directiveReminders':
        return answered(st, 'remindersSet');
      case 'startPart':
      case 'startConsultation':
        await children.start(st, fx);
        return st;
      case 'cancelPart':
      case 'cancelConsultation':
        children.cancel(fx);
        return st;
      case 'signalConsultationOutcome':
        await getExternalWorkflowHandle(fx.workflowId).signal(consultationOutcomeSignal, fx.outcome).catch(() => undefined);
        return st;
      case 'upsertUnits':
        attrs.set([{ key: CaseUnitsKey, value: [st.leadUnitId, ...st.involvedUnitIds] }]);
        return st;
      case 'notify':
      case 'officerEvent':
        // Written by the job's one call.
        return st;
      case 'record':
        await record(st);
        return st;
    }
  }

  return { carry, begin, end, projectedSeq: () => projectedSeq };
}
