// What the case engine asks for, carried out: directory and calendar look-ups (answered with a
// follow-up event), part and consultation children in their own cancellation scopes, search
// attributes and Temporal UI's words, and the projection of new steps into SQLite.
import {
  CancellationScope,
  ParentClosePolicy,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  startChild,
  upsertSearchAttributes,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { elementForStep } from '../domain/steps.js';
import { isVacancy, type CaseInput, type CaseView, type NotificationRequest, type OfficerEventRequest, type PartView } from '../domain/case-state.js';
import { describeCase, isCaseLookup, type CaseEffect, type CaseEvent, type CaseLookupAnswer as CaseAnswer, type CaseState } from '../domain/engine/case.js';
import type { Mailbox } from './mailbox.js';
import type { CaseJob } from './case-messages.js';
import { unitPartWorkflow } from './unit-part.js';
import { consultationWorkflow } from './consultation.js';
import { AssigneeKey, CaseStatusKey, CaseTierKey, CaseUnitsKey, DeadlineAtKey, DeadlineProvisionalKey, OverdueKey, consultationOutcomeSignal } from './definitions.js';
import { lookups, type Activities } from './shared.js';

// The projection writes the audit copy, the read model and the outbox: retried until it lands.
const store = proxyActivities<Activities>({
  // A few SQLite writes: if a worker dies mid-way, the retry should not wait long.
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
  summary: 'copy steps to the audit store, read model and outbox',
});

/**
 * A job's look-ups and projection in one local activity: a transition costs one workflow task and one
 * marker, not a second task for a regular activity and a marker per look-up.
 */
const oneCall = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
  summary: 'look up the holder and deadline, copy the steps to the audit store, read model and outbox',
});

export interface CaseEffectContext {
  input: CaseInput;
  mailbox: Mailbox<CaseJob>;
  view: (st: CaseState, withTimeline?: boolean) => CaseView;
  /** Runs a follow-up event through the engine (at the job's time, when given) and carries its effects out in turn. */
  follow: (st: CaseState, job: CaseJob, at?: string) => Promise<CaseState>;
  /**
   * Makes a state the one validators and queries see. Called as a job's steps go to the read model:
   * an officer who reads the new state there must find the workflow agreeing with it.
   */
  commit: (st: CaseState) => void;
}

export function createCaseEffects({ input, mailbox, view, follow, commit }: CaseEffectContext) {
  let flushedSeq = 0;
  /** Steps the read model already holds: intake answers only once its case can be read back. */
  let projectedSeq = 0;
  const notes: NotificationRequest[] = [];
  const officerEvents: OfficerEventRequest[] = [];
  /** Each running child's scope, by workflow id: cancelling it cancels the child. */
  const partScopes = new Map<string, CancellationScope>();
  let consultationScope: CancellationScope | null = null;
  const cancels: CancellationScope[] = [];
  const now = () => new Date().toISOString();
  /**
   * The job the store has already carried out (its look-ups answered, its steps written up to
   * `storedSeq`): the workflow runs it with these answers and writes nothing more.
   */
  let job: { at: string; answers: CaseAnswer[]; storedSeq: number } | null = null;

  /**
   * Before a job's effects are carried out: one call answers its look-ups and writes it to the store.
   * A job with neither (a child started, a consultation signalled) needs no call.
   */
  async function begin(st: CaseState, event: CaseEvent, effects: CaseEffect[]): Promise<void> {
    job = null;
    if (!effects.some((fx) => fx.type === 'record' || isCaseLookup(fx))) return;
    const r = await oneCall.transitionStore({ state: st, event, flushedSeq, notifications: notes.splice(0), officerEvents: officerEvents.splice(0) });
    job = { at: event.at, answers: r.answers, storedSeq: r.storedSeq };
  }
  const end = () => void (job = null);

  /** A look-up's answer from the job's call, in the order the engine asks; null when the job has none. */
  function answer<T extends CaseAnswer['type']>(type: T): { at: string; a: Extract<CaseAnswer, { type: T }> } | null {
    const next = job?.answers[0];
    if (!job || !next || !(type === next.type || (type === 'assigned' && next.type === 'vacant'))) return null;
    job.answers.shift();
    return { at: job.at, a: next as Extract<CaseAnswer, { type: T }> };
  }

  async function record(st: CaseState) {
    const steps = st.timeline.slice(flushedSeq);
    for (const x of steps) x.elementId ??= elementForStep(x) ?? undefined;
    flushedSeq = st.timeline.length;
    const stored = job !== null && st.timeline.length <= job.storedSeq;
    upsertSearchAttributes([
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
      for (const scope of cancels.splice(0)) scope.cancel();
      projectedSeq = Math.max(projectedSeq, st.timeline.length);
      return;
    }
    const recorded = store.recordSteps({ caseView: view(st, false), steps, notifications: notes.splice(0), officerEvents: officerEvents.splice(0) });
    // Children are cancelled once the step that ends them is on its way to the store (the order in
    // which the workflow has always issued these commands).
    for (const scope of cancels.splice(0)) scope.cancel();
    await recorded;
    projectedSeq = Math.max(projectedSeq, steps.length ? steps[steps.length - 1].seq : 0);
  }

  /** A child in its own cancellation scope; if it ends without its answer, that becomes an event. */
  const child = (kind: 'part' | 'consultation', workflowId: string, start: () => Promise<ChildWorkflowHandle<never>>, answered: (result: unknown) => boolean) => {
    const scope = new CancellationScope();
    const failed = (reason: string) => mailbox.post({ type: 'childFailed', kind, workflowId, reason });
    const run = scope.run(async () => {
      const handle = await start();
      void handle.result().then(
        (r) => (answered(r) ? undefined : failed(`the ${kind} ended without an answer`)),
        (err) => (isCancellation(err) ? undefined : failed(`the ${kind} failed or was terminated: ${(err as Error).message}`)),
      );
    });
    return { scope, started: run.catch((err) => failed(`the ${kind} could not start: ${(err as Error).message}`)) };
  };

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
      case 'startPart': {
        const c = child('part', fx.workflowId, () =>
          startChild(unitPartWorkflow, {
            workflowId: fx.workflowId,
            args: [{ caseId: st.id, unitId: fx.unitId, leadUnitId: st.leadUnitId, title: st.title, question: fx.question, parentWorkflowId: st.workflowId }],
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, // a part never outlives its case
            staticSummary: `【协调】${st.title} · ${fx.unitId}`,
          }) as never,
          (p) => (p as PartView).status !== 'open',
        );
        partScopes.set(fx.workflowId, c.scope);
        await c.started;
        return st;
      }
      case 'cancelPart': {
        const scope = partScopes.get(fx.workflowId);
        if (scope) cancels.push(scope);
        partScopes.delete(fx.workflowId);
        return st;
      }
      case 'startConsultation': {
        const c = child('consultation', fx.workflowId, () =>
          startChild(consultationWorkflow, {
            workflowId: fx.workflowId,
            args: [{ caseId: st.id, parentWorkflowId: st.workflowId, leadUnitId: st.leadUnitId, unitIds: fx.unitIds, cityLeaderId: fx.cityLeaderId, keyProject: st.keyProject, reason: fx.reason, note: fx.note }],
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
            staticSummary: `市级领导会商 · ${st.title}`,
          }) as never,
          () => true,
        );
        consultationScope = c.scope;
        await c.started;
        return st;
      }
      case 'cancelConsultation':
        if (consultationScope) cancels.push(consultationScope);
        consultationScope = null;
        return st;
      case 'signalConsultationOutcome':
        await getExternalWorkflowHandle(fx.workflowId).signal(consultationOutcomeSignal, fx.outcome).catch(() => undefined);
        return st;
      case 'upsertUnits':
        upsertSearchAttributes([{ key: CaseUnitsKey, value: [st.leadUnitId, ...st.involvedUnitIds] }]);
        return st;
      case 'notify':
        if (!job) notes.push(fx.notification);
        return st;
      case 'officerEvent':
        if (!job) officerEvents.push(fx.event);
        return st;
      case 'record':
        await record(st);
        return st;
    }
  }

  return { carry, begin, end, projectedSeq: () => projectedSeq };
}
