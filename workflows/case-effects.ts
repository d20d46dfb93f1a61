// What the case engine asks for, carried out: directory and calendar look-ups (answered with a
// follow-up event), its children (case-children.ts), search attributes and Temporal UI's words, and
// the projection of new steps into SQLite (one local activity per job: one-call.ts).
import { getExternalWorkflowHandle, proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import { elementForStep } from '../domain/steps.js';
import { isVacancy, type CaseInput, type CaseView, type NotificationRequest, type OfficerEventRequest } from '../domain/case-state.js';
import { describeCase, isCaseLookup, type CaseEffect, type CaseEvent, type CaseLookupAnswer as CaseAnswer, type CaseState } from '../domain/engine/case.js';
import type { Mailbox } from './mailbox.js';
import type { AttributeBatch } from './attribute-batch.js';
import type { CaseJob } from './case-messages.js';
import { createCaseChildren } from './case-children.js';
import { AssigneeKey, CaseStatusKey, CaseTierKey, CaseUnitsKey, DeadlineAtKey, DeadlineProvisionalKey, OverdueKey, consultationOutcomeSignal } from './definitions.js';
import { lookups, type Activities } from './shared.js';
import { caseStoreCall, StoredJob } from './one-call.js';

// The projection writes the audit copy, the read model and the outbox: retried until it lands.
const store = proxyActivities<Activities>({
  // A few SQLite writes: if a worker dies mid-way, the retry should not wait long.
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
  summary: 'copy steps to the audit store, read model and outbox',
});

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

export function createCaseEffects({ input, mailbox, attrs, view, follow, commit }: CaseEffectContext) {
  let flushedSeq = 0;
  /** Steps the read model already holds: intake answers only once its case can be read back. */
  let projectedSeq = 0;
  const notes: NotificationRequest[] = [];
  const officerEvents: OfficerEventRequest[] = [];
  const children = createCaseChildren(mailbox);
  const now = () => new Date().toISOString();
  const job = new StoredJob<CaseAnswer>();

  /**
   * Before a job's effects are carried out: one call answers its look-ups and writes it to the store.
   * A job with neither (a child started, a consultation signalled) needs no call.
   */
  async function begin(st: CaseState, event: CaseEvent, effects: CaseEffect[]): Promise<void> {
    job.end();
    if (!effects.some((fx) => fx.type === 'record' || isCaseLookup(fx))) return;
    job.begin(event.at, await caseStoreCall.transitionStore({ state: st, event, flushedSeq, notifications: notes.splice(0), officerEvents: officerEvents.splice(0) }));
  }
  const end = () => job.end();
  /** A look-up's answer from the job's call; an assignment may have found a vacancy instead. */
  const answer = (type: CaseAnswer['type']) => job.take(type === 'assigned' ? ['assigned', 'vacant'] : [type]);

  async function record(st: CaseState) {
    const steps = st.timeline.slice(flushedSeq);
    for (const x of steps) x.elementId ??= elementForStep(x) ?? undefined;
    flushedSeq = st.timeline.length;
    const stored = job.holds(st.timeline.length);
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
    if (stored) {
      // Already in the store (the job's one call wrote it): what the engine asked to tell is there too.
      notes.length = 0;
      officerEvents.length = 0;
      children.cancelPending();
      projectedSeq = Math.max(projectedSeq, st.timeline.length);
      return;
    }
    const recorded = store.recordSteps({ caseView: view(st, false), steps, notifications: notes.splice(0), officerEvents: officerEvents.splice(0) });
    // Children are cancelled once the step that ends them is on its way to the store (the order in
    // which the workflow has always issued these commands).
    children.cancelPending();
    await recorded;
    projectedSeq = Math.max(projectedSeq, steps.length ? steps[steps.length - 1].seq : 0);
  }

  /** One effect; look-ups answer with a follow-up event, run through the engine in turn. */
  async function carry(st: CaseState, fx: CaseEffect): Promise<CaseState> {
    switch (fx.type) {
      case 'assign': {
        const pre = answer('assigned');
        if (pre) return follow(st, pre.a, pre.at);
        const a = await lookups.resolveAssignee({ unitId: st.leadUnitId, tier: fx.tier, officerId: fx.tier === '1' ? fx.officerId : undefined, previous: fx.previous, replacing: fx.replacing });
        if (isVacancy(a)) return follow(st, { type: 'vacant', tier: fx.tier, then: fx.then });
        const deadline = await lookups.computeDeadline({ window: { kind: 'tier', tier: fx.tier }, from: now() });
        return follow(st, { type: 'assigned', tier: fx.tier, assignee: a, deadline, then: fx.then });
      }
      case 'openWindow': {
        const pre = answer('windowOpened');
        if (pre) return follow(st, pre.a, pre.at);
        const deadline = await lookups.computeDeadline({ window: fx.window, from: fx.then.kind === 'retime' ? fx.from : now() });
        return follow(st, { type: 'windowOpened', deadline, then: fx.then });
      }
      case 'findCityLeader': {
        const pre = answer('cityLeaderFound');
        if (pre) return follow(st, pre.a, pre.at);
        const leader = await lookups.resolveAssignee({ unitId: st.leadUnitId, tier: 'city', previous: null });
        return follow(st, { type: 'cityLeaderFound', leader: isVacancy(leader) ? null : leader, then: fx.then });
      }
      case 'directiveReminders': {
        const pre = answer('remindersSet');
        if (pre) return follow(st, pre.a, pre.at);
        const reminders: (string | null)[] = [];
        for (const until of fx.dues) reminders.push(await lookups.reminderBetween({ from: fx.from, until }));
        return follow(st, { type: 'remindersSet', reminders });
      }
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
        if (!job.running) notes.push(fx.notification);
        return st;
      case 'officerEvent':
        if (!job.running) officerEvents.push(fx.event);
        return st;
      case 'record':
        await record(st);
        return st;
    }
  }

  return { carry, begin, end, projectedSeq: () => projectedSeq };
}
