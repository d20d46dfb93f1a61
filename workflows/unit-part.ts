// One unit's part of a coordinated case (首问部门牵头协调办理, 各部门各负其责): a thin shell around the
// part engine (domain/engine/part.ts). It runs inside that unit like a case: its first-contact officer
// first, up the unit's tiers on the coordination window, and only the tier the rule table lets refuse
// may answer "cannot". Its answer goes back to the lead's case by signal.
import { CancellationScope, currentUpdateInfo, getExternalWorkflowHandle, isCancellation, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import { CalendarChangedSchema, DirectoryChangedSchema, PartDecisionEnvelopeSchema, type PartDecisionEnvelope } from '../domain/messages.js';
import { TIER_RULES } from '../domain/tiers.js';
import { elementForPartStep } from '../domain/steps.js';
import type { PartInput, PartView } from '../domain/case.js';
import { initialPartState, isPartWrite, partEngine, partViolation, type PartEffect, type PartEvent, type PartState } from '../domain/engine/part.js';
import type { Rejection, Untimed } from '../domain/engine/driver.js';
import { AttributeBatch } from './attribute-batch.js';
import { Mailbox, STORE_UNAVAILABLE, serve, type Handled, type Ticket } from './mailbox.js';
import {
  CaseStatusKey,
  CaseUnitsKey,
  LeadUnitKey,
  calendarChangedSignal,
  directoryChangedSignal,
  partAnsweredSignal,
  partDecideUpdate,
  partStateQuery,
} from './definitions.js';
import { fail } from './shared.js';
import { StoreJobs, StoreOutage, digestOf, storeCall } from './one-call.js';

type Job = Extract<Untimed<PartEvent>, { type: 'decided' | 'directoryChanged' | 'calendarChanged' | 'timer' | 'started' | 'withdrawn' }>;
/** The part's own code for a rule the case shares: a closed part is PART_CLOSED, not CASE_CLOSED. */
const asPart = (v: Rejection): Rejection => (v.code === 'CASE_CLOSED' ? { code: 'PART_CLOSED', message: v.message } : v);

export async function unitPartWorkflow(input: PartInput): Promise<PartView> {
  let p: PartState = initialPartState(input, workflowInfo().workflowId);
  const engine = partEngine(input);
  const mailbox = new Mailbox<Job>();
  const attrs = new AttributeBatch();
  const jobs = new StoreJobs();
  const outage = new StoreOutage();
  let recorded = 0;
  const now = () => new Date().toISOString();
  const view = (st: PartState): PartView => {
    const { engine: _engine, ...rest } = st;
    return rest;
  };

  function record(st: PartState) {
    for (const x of st.timeline.slice(recorded)) x.elementId ??= elementForPartStep(x) ?? undefined;
    recorded = st.timeline.length;
    // As a case's (case-effects.ts): the tier, holder and deadline are in the current details below.
    attrs.set([{ key: CaseStatusKey, value: st.status === 'open' ? 'coordinating' : st.status }]);
    const rule = TIER_RULES[st.tier];
    setCurrentDetails(
      st.status === 'open'
        ? `Part of case ${st.caseId} for unit ${st.unitId}: tier ${st.tier} ${rule.label} (${rule.labelEn}), held by ${st.assignee?.name ?? 'nobody (vacancy)'} until ${st.deadlineAt}.`
        : `Part of case ${st.caseId} for unit ${st.unitId}: ${st.status}${st.answer ? ` (${st.answer.stance})` : ''}.`,
    );
    // What the read model shows (the job's one call wrote it) is what the validator sees from now on.
    p = st;
  }

  async function carry(st: PartState, fx: PartEffect): Promise<void> {
    switch (fx.type) {
      case 'record':
        return record(st);
      case 'answer':
        // The lead's case learns the answer; a case that has closed meanwhile simply does not need it.
        await getExternalWorkflowHandle(input.parentWorkflowId).signal(partAnsweredSignal, fx.answer).catch(() => undefined);
        return;
      case 'notify':
        // Written by the job's one call.
        return;
      case 'assign':
      case 'recompute':
        throw new Error(`the look-up ${fx.type} reached the shell`);
    }
  }

  /** One job with the store call's time and answers. The call is not cancellable: a job the store may have written is the part's too. */
  async function run(job: Job, eventId: string): Promise<Handled> {
    const r = await jobs.run({
      engine,
      state: p,
      event: { ...job, at: now() } as PartEvent,
      eventId,
      writes: isPartWrite,
      call: (key, state, event) => CancellationScope.nonCancellable(async () => (await storeCall.partJob({ key, input, state, event }))),
      carry,
    });
    if (!r.error && !r.storeDown) p = r.state;
    return r;
  }

  setHandler(partStateQuery, () => view(p));
  setHandler(partDecideUpdate, async (env) => (await mailbox.submit({ type: 'decided', env }, currentUpdateInfo()?.id ?? ''), view(p)), {
    validator: (env) => {
      if (outage.behind) fail(STORE_UNAVAILABLE.code, STORE_UNAVAILABLE.message);
      const parsed = PartDecisionEnvelopeSchema.safeParse(env);
      if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const v = partViolation(p, parsed.data);
      if (v) fail(asPart(v).code, v.message);
    },
  });
  // Broadcasts: a payload that does not parse was not sent by us.
  const post = (job: Job) => void mailbox.post(job, { id: `${job.type}:${digestOf(job)}` });
  setHandler(directoryChangedSignal, (c) => void (DirectoryChangedSchema.safeParse(c).success && post({ type: 'directoryChanged', principalIds: c.principalIds })));
  setHandler(calendarChangedSignal, (c) => void (CalendarChangedSchema.safeParse(c).success && post({ type: 'calendarChanged', years: c.years })));

  attrs.set([
    { key: LeadUnitKey, value: input.leadUnitId },
    { key: CaseUnitsKey, value: [p.unitId] },
  ]);
  try {
    while ((await run({ type: 'started' }, 'started')).storeDown) await outage.wait();
    outage.ok();
    attrs.flush();
    await serve({
      mailbox,
      open: () => p.status === 'open',
      wake: () => (p.deadlineAt ? Date.parse(p.deadlineAt) : null),
      handle: async (job, t: Ticket<Job>) => {
        // The part may have moved since the validator ran.
        const v = job.type === 'decided' ? partViolation(p, job.env as PartDecisionEnvelope) : null;
        return v ? { error: asPart(v) } : run(job, t.id);
      },
      timer: () => run({ type: 'timer' }, `timer:${p.deadlineAt}`),
      afterEach: () => attrs.flush(),
      outage,
      leftOver: { code: 'PART_CLOSED', message: "This unit's part is closed." },
    });
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Withdrawn by the lead, or the case ended: record it, then finish (the store must hold it).
    await CancellationScope.nonCancellable(async () => {
      while ((await run({ type: 'withdrawn' }, 'withdrawn')).storeDown) await outage.wait();
    });
    attrs.flush();
    mailbox.closeAll({ code: 'PART_CLOSED', message: "This unit's part is closed." });
  }
  return view(p);
}
