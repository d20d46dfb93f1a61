// What the case engine asks for besides its look-ups (those the store call answers), carried out: its
// children (case-children.ts), the signal to a consultation, search attributes and Temporal UI's words.
// Notices, officer events and the steps themselves are already in the store: the job's one call wrote
// them (one-call.ts).
import { getExternalWorkflowHandle, setCurrentDetails } from '@temporalio/workflow';
import { elementForStep } from '../domain/steps.js';
import type { CaseInput } from '../domain/case.js';
import { describeCase, type CaseEffect, type CaseState } from '../domain/engine/case.js';
import type { Mailbox } from './mailbox.js';
import type { AttributeBatch } from './attribute-batch.js';
import type { CaseJob } from './case-messages.js';
import { createCaseChildren } from './case-children.js';
import { CaseStatusKey, CaseUnitsKey, DeadlineProvisionalKey, OverdueKey, consultationOutcomeSignal } from './definitions.js';

export interface CaseEffectContext {
  input: CaseInput;
  mailbox: Mailbox<CaseJob>;
  /** Where search attributes go: one upsert per job. */
  attrs: AttributeBatch;
  /**
   * Makes a state the one validators and queries see. Called as a job's steps are recorded: an officer
   * who reads the new state in the read model must find the workflow agreeing with it.
   */
  commit: (st: CaseState) => void;
}

export function createCaseEffects({ input, mailbox, attrs, commit }: CaseEffectContext) {
  /** Steps the workflow has recorded (their elements stamped): intake answers once its case is in the store. */
  let recordedSeq = 0;
  const children = createCaseChildren(mailbox);

  function record(st: CaseState) {
    for (const x of st.timeline.slice(recordedSeq)) x.elementId ??= elementForStep(x) ?? undefined;
    recordedSeq = st.timeline.length;
    // What the case is and whether it needs a look; where it stands (tier, holder, deadline) changes with
    // every decision and is told by the current details, which cost no event.
    attrs.set([
      { key: CaseStatusKey, value: st.status },
      { key: OverdueKey, value: st.overdue },
      { key: DeadlineProvisionalKey, value: st.deadlineAt ? st.deadlineProvisional : false },
    ]);
    setCurrentDetails(describeCase(st, input.pageUrl));
    commit(st);
    // Children whose ending step is now in the store are cancelled.
    children.cancelPending();
  }

  /** One effect of a job, in order; look-ups never reach here (the driver answers them). */
  async function carry(st: CaseState, fx: CaseEffect): Promise<void> {
    switch (fx.type) {
      case 'startPart':
      case 'startConsultation':
        return children.start(st, fx);
      case 'cancelPart':
      case 'cancelConsultation':
        return children.cancel(fx);
      case 'signalConsultationOutcome':
        // Sent, not waited for: the city leader's decision answers in the task that takes it. Waiting
        // for the signal's delivery took a second workflow task, and with the consultation ending
        // meanwhile a decision could outlast its HTTP wait (503). A consultation that is gone needs nothing.
        void getExternalWorkflowHandle(fx.workflowId).signal(consultationOutcomeSignal, fx.outcome).catch(() => undefined);
        return;
      case 'upsertUnits':
        return attrs.set([{ key: CaseUnitsKey, value: [st.leadUnitId, ...st.involvedUnitIds] }]);
      case 'record':
        return record(st);
      case 'notify':
        // Written by the job's one call.
        return;
      case 'assign':
      case 'openWindow':
      case 'findCityLeader':
      case 'directiveReminders':
        throw new Error(`the look-up ${fx.type} reached the shell`);
    }
  }

  return { carry, recordedSeq: () => recordedSeq };
}
