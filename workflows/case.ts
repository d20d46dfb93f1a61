// The case workflow: one per request, id `case-<id>`. A thin shell around the case engine
// (domain/engine/case.ts): it turns updates, signals, timers and children's outcomes into events,
// takes them one at a time from one mailbox, and carries the engine's effects out — directory and
// calendar look-ups, part and consultation children, the projection into SQLite.
import {
  CancellationScope,
  type ChildWorkflowHandle,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DecisionEnvelopeSchema, MaterialsSchema, RatingSchema, WithdrawSchema, type DecisionEnvelope } from '../domain/messages.js';
import { elementForStep } from '../domain/steps.js';
import { isVacancy, type CaseInput, type CaseView, type NotificationRequest, type PartView, type OfficerEventRequest } from '../domain/case-state.js';
import { describeCase, initialState, nextWake, requesterViolation, transition, violationOf, type CaseEffect, type CaseEvent, type CaseState } from '../domain/engine/case.js';
import { Mailbox, type Rejection } from './mailbox.js';
import { unitPartWorkflow } from './unit-part.js';
import { consultationWorkflow } from './consultation.js';
import {
  AssigneeKey,
  CaseStatusKey,
  CaseTierKey,
  CaseUnitsKey,
  DeadlineAtKey,
  DeadlineProvisionalKey,
  LeadUnitKey,
  OverdueKey,
  calendarChangedSignal,
  consultationConvenedSignal,
  consultationOutcomeSignal,
  decideSignal,
  decideUpdate,
  directiveDoneUpdate,
  directoryChangedSignal,
  openedUpdate,
  partAnsweredSignal,
  rateUpdate,
  stateQuery,
  supplyMaterialsUpdate,
  withdrawPartUpdate,
  withdrawUpdate,
} from './definitions.js';
import { fail, lookups, type Activities } from './shared.js';

// The projection writes the audit copy, the read model and the outbox: retried until it lands.
const store = proxyActivities<Activities>({
  // A few SQLite writes: if a worker dies mid-way, the retry should not wait long.
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
  summary: 'copy steps to the audit store, read model and outbox',
});

/** A message as it waits in the mailbox: an event without its time (stamped when it is taken). */
type Job = DistributiveOmit<CaseEvent, 'at'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  /** The committed state: what validators and queries see. A job works on a draft until it is done. */
  let s: CaseState = initialState(input, workflowInfo().workflowId);
  const mailbox = new Mailbox<Job>();
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
  const view = (st: CaseState, withTimeline = true): CaseView => {
    const { engine: _engine, ...rest } = st;
    return { ...rest, timeline: withTimeline ? rest.timeline : [] };
  };

  // ---- carrying effects out ----
  async function record(st: CaseState) {
    const steps = st.timeline.slice(flushedSeq);
    for (const x of steps) x.elementId ??= elementForStep(x) ?? undefined;
    flushedSeq = st.timeline.length;
    upsertSearchAttributes([
      { key: CaseStatusKey, value: st.status },
      { key: CaseTierKey, value: st.tier },
      { key: AssigneeKey, value: st.assignee?.principalId ?? '' },
      { key: DeadlineAtKey, value: st.deadlineAt ? new Date(st.deadlineAt) : null },
      { key: OverdueKey, value: st.overdue },
      { key: DeadlineProvisionalKey, value: st.deadlineAt ? st.deadlineProvisional : false },
    ]);
    setCurrentDetails(describeCase(st, input.pageUrl));
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
        const a = await lookups.resolveAssignee({ unitId: st.leadUnitId, tier: fx.tier, officerId: fx.tier === '1' ? fx.officerId : undefined, previous: fx.previous, replacing: fx.replacing });
        if (isVacancy(a)) return follow(st, { type: 'vacant', tier: fx.tier, then: fx.then });
        const deadline = await lookups.computeDeadline({ window: { kind: 'tier', tier: fx.tier }, from: now() });
        return follow(st, { type: 'assigned', tier: fx.tier, assignee: a, deadline, then: fx.then });
      }
      case 'openWindow': {
        const deadline = await lookups.computeDeadline({ window: fx.window, from: fx.then.kind === 'retime' ? fx.from : now() });
        return follow(st, { type: 'windowOpened', deadline, then: fx.then });
      }
      case 'findCityLeader': {
        const leader = await lookups.resolveAssignee({ unitId: st.leadUnitId, tier: 'city', previous: null });
        return follow(st, { type: 'cityLeaderFound', leader: isVacancy(leader) ? null : leader, then: fx.then });
      }
      case 'directiveReminders': {
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
        notes.push(fx.notification);
        return st;
      case 'officerEvent':
        officerEvents.push(fx.event);
        return st;
      case 'record':
        await record(st);
        return st;
    }
  }

  async function follow(st: CaseState, job: Job): Promise<CaseState> {
    const r = await run(st, job);
    return r.state;
  }

  /** An event through the engine, its effects carried out in order. */
  async function run(st: CaseState, job: Job): Promise<{ state: CaseState; error?: Rejection }> {
    const t = transition(st, { ...job, at: now() } as CaseEvent);
    if (t.error) return { state: st, error: t.error };
    let next = t.state;
    for (const fx of t.effects) next = await carry(next, fx);
    return { state: next };
  }

  /** One message from the mailbox, checked again against the case as it is now. */
  async function handle(job: Job): Promise<Rejection | undefined> {
    if (job.type === 'decided') {
      const v = violationOf(s, job.env);
      if (v) {
        if (job.via === 'signal') s = (await run(s, { type: 'signalRejected', env: job.env, error: v })).state;
        return v;
      }
      const d = job.env.decision;
      const flags = {
        cityConsultationChild: d.action === 'refer_to_city' ? patched('city-consultation-child') : undefined,
        directiveReminders: d.action === 'direct' ? patched('directive-reminders') : undefined,
      };
      const r = await run(s, { ...job, flags });
      if (r.error && job.via === 'signal') s = (await run(s, { type: 'signalRejected', env: job.env, error: r.error as never })).state;
      else s = r.state;
      return r.error;
    }
    const v = requesterViolation(s, { ...job, at: now() } as CaseEvent);
    if (v) return v;
    const r = await run(s, job);
    s = r.state;
    return r.error;
  }

  // ---- messages ----
  function validateDecision(raw: DecisionEnvelope) {
    const parsed = DecisionEnvelopeSchema.safeParse(raw);
    if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const v = violationOf(s, parsed.data);
    if (v) fail(v.code, v.message);
  }
  const requesterCheck = (job: Job) => {
    const v = requesterViolation(s, { ...job, at: now() } as CaseEvent);
    if (v) fail(v.code, v.message);
  };
  const submit = async (job: Job) => {
    await mailbox.submit(job);
    return view(s);
  };

  setHandler(stateQuery, () => view(s));
  setHandler(openedUpdate, async () => {
    await condition(() => projectedSeq > 0);
    return view(s);
  });
  setHandler(decideUpdate, (env) => submit({ type: 'decided', env, via: 'update' }), { validator: validateDecision });
  setHandler(decideSignal, (env) => {
    try {
      validateDecision(env);
      mailbox.post({ type: 'decided', env, via: 'signal' });
    } catch (e) {
      const err = e as { type?: string; message: string };
      mailbox.post({ type: 'signalRejected', env, error: { code: err.type ?? 'REJECTED', message: err.message } as never });
    }
  });
  setHandler(supplyMaterialsUpdate, (body) => submit({ type: 'materialsSupplied', body }), {
    validator: (body) => {
      if (!MaterialsSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'materials: items are required');
      requesterCheck({ type: 'materialsSupplied', body });
    },
  });
  setHandler(withdrawUpdate, (body) => submit({ type: 'withdrawn', body }), {
    validator: (body) => {
      if (!WithdrawSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'withdraw: invalid body');
      requesterCheck({ type: 'withdrawn', body });
    },
  });
  setHandler(rateUpdate, (body) => submit({ type: 'rated', body }), {
    validator: (body) => {
      if (!RatingSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'rating: invalid body');
      requesterCheck({ type: 'rated', body });
    },
  });
  setHandler(withdrawPartUpdate, (body) => submit({ type: 'partWithdrawn', ...body }), { validator: (body) => requesterCheck({ type: 'partWithdrawn', ...body }) });
  setHandler(directiveDoneUpdate, (body) => submit({ type: 'directiveDone', ...body }), { validator: (body) => requesterCheck({ type: 'directiveDone', ...body }) });
  setHandler(partAnsweredSignal, (answer) => void mailbox.post({ type: 'partAnswered', answer }));
  setHandler(consultationConvenedSignal, (c) => void mailbox.post({ type: 'consultationConvened', session: c.session, convenedAt: c.at }));
  setHandler(directoryChangedSignal, (c) => void mailbox.post({ type: 'directoryChanged', principalIds: c.principalIds }));
  setHandler(calendarChangedSignal, (c) => void mailbox.post({ type: 'calendarChanged', years: c.years }));

  // ---- the case's life ----
  upsertSearchAttributes([
    { key: LeadUnitKey, value: s.leadUnitId },
    { key: CaseUnitsKey, value: [s.leadUnitId, ...s.involvedUnitIds] },
  ]);
  s = (await run(s, { type: 'started', input, workflowId: s.workflowId })).state;

  while (s.phase !== 'done') {
    // Waiting phases carry a backstop timer from this change on (replayed cases keep their old waits).
    if (!s.engine.backstops && patched('wait-backstops')) s = { ...s, engine: { ...s.engine, backstops: true } };
    const wake = nextWake(s);
    const t = await mailbox.take(wake, wake === null ? undefined : `${s.phase} until ${new Date(wake).toISOString()}`);
    if (t) mailbox.settle(t, t.error ?? (await handle(t.job)));
    else s = (await run(s, { type: 'timer' })).state;
  }
  // Answer anything still queued (e.g. a decision racing the close) before completing.
  mailbox.closeAll({ code: 'CASE_CLOSED', message: 'The case has closed.' });
  await condition(allHandlersFinished);
  return view(s);
}
