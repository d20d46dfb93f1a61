// One unit's part of a coordinated case (首问部门牵头协调办理, 各部门各负其责): a thin shell around the
// part engine (domain/engine/part.ts). It runs inside that unit like a case: its first-contact officer
// first, up the unit's tiers on the coordination window, and only the tier the rule table lets refuse
// may answer "cannot". Its answer goes back to the lead's case by signal.
import {
  CancellationScope,
  getExternalWorkflowHandle,
  isCancellation,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { CalendarChangedSchema, DirectoryChangedSchema, PartDecisionEnvelopeSchema, type PartDecisionEnvelope } from '../domain/messages.js';
import { TIER_RULES } from '../domain/tiers.js';
import { elementForPartStep } from '../domain/steps.js';
import type { PartInput, PartView } from '../domain/case-state.js';
import {
  initialPartState,
  isPartLookup,
  partTransition,
  partViolation,
  type PartEffect,
  type PartEvent,
  type PartLookupAnswer,
  type PartState,
} from '../domain/engine/part.js';
import { AttributeBatch } from './attribute-batch.js';
import { Mailbox, type Rejection } from './mailbox.js';
import {
  AssigneeKey,
  CaseStatusKey,
  CaseTierKey,
  CaseUnitsKey,
  DeadlineAtKey,
  LeadUnitKey,
  OverdueKey,
  calendarChangedSignal,
  directoryChangedSignal,
  partAnsweredSignal,
  partDecideUpdate,
  partStateQuery,
} from './definitions.js';
import { fail } from './shared.js';
import { partStoreCall, StoredJob } from './one-call.js';

type Job = { type: 'decided'; env: PartDecisionEnvelope } | { type: 'directoryChanged'; principalIds: string[] } | { type: 'calendarChanged'; years: number[] };

export async function unitPartWorkflow(input: PartInput): Promise<PartView> {
  let p: PartState = initialPartState(input, workflowInfo().workflowId);
  const mailbox = new Mailbox<Job>();
  const attrs = new AttributeBatch();
  let flushed = 0;
  const now = () => new Date().toISOString();
  const view = (st: PartState): PartView => {
    const { engine: _engine, ...rest } = st;
    return rest;
  };
  const job = new StoredJob<PartLookupAnswer>();
  /** A look-up's answer from the job's call, run through the engine in turn. */
  const answered = (st: PartState, types: PartLookupAnswer['type'][]) => {
    const pre = job.take(types);
    if (!pre) throw new Error(`the store call did not answer ${types.join('/')}`);
    return run(st, pre.a, pre.at, false);
  };

  async function record(st: PartState) {
    for (const x of st.timeline.slice(flushed)) x.elementId ??= elementForPartStep(x) ?? undefined;
    attrs.set([
      { key: CaseStatusKey, value: st.status === 'open' ? 'coordinating' : st.status },
      { key: CaseTierKey, value: st.tier },
      { key: AssigneeKey, value: st.assignee?.principalId ?? '' },
      { key: DeadlineAtKey, value: st.deadlineAt ? new Date(st.deadlineAt) : null },
      { key: OverdueKey, value: false },
    ]);
    const rule = TIER_RULES[st.tier];
    setCurrentDetails(
      st.status === 'open'
        ? `Part of case ${st.caseId} for unit ${st.unitId}: tier ${st.tier} ${rule.label} (${rule.labelEn}), held by ${st.assignee?.name ?? 'nobody (vacancy)'} until ${st.deadlineAt}.`
        : `Part of case ${st.caseId} for unit ${st.unitId}: ${st.status}${st.answer ? ` (${st.answer.stance})` : ''}.`,
    );
    flushed = st.timeline.length;
    // What the read model shows (the job's one call wrote it) is what the validator sees from now on.
    p = st;
  }

  async function carry(st: PartState, fx: PartEffect): Promise<PartState> {
    switch (fx.type) {
      case 'assign':
        return answered(st, ['assigned', 'vacant']);
      case 'recompute':
        return answered(st, ['retimed']);
      case 'notify':
      case 'officerEvent':
        // Written by the job's one call.
        return st;
      case 'record':
        await record(st);
        return st;
      case 'answer':
        // The lead's case learns the answer; a case that has closed meanwhile simply does not need it.
        await getExternalWorkflowHandle(input.parentWorkflowId).signal(partAnsweredSignal, fx.answer).catch(() => undefined);
        return st;
    }
  }

  /** An event through the engine, its effects carried out in order. A job (`top`) is one store call. */
  async function run(st: PartState, e: DistributiveOmit<PartEvent, 'at'>, at = now(), top = true): Promise<PartState> {
    const event = { ...e, at } as PartEvent;
    const t = partTransition(st, event, input);
    if (t.error) return st; // checked before it was taken: the part moved on meanwhile
    if (top && t.effects.some((fx) => fx.type === 'record' || isPartLookup(fx))) {
      // Not cancellable: a job the store may have written is the part's too (a withdrawal meanwhile would reuse its seq).
      const call = { state: st, event, input, flushedSeq: flushed };
      job.begin(at, await CancellationScope.nonCancellable(() => partStoreCall.partTransitionStore(call)));
    }
    let next = t.state;
    try {
      for (const fx of t.effects) next = await carry(next, fx);
    } finally {
      if (top) job.end();
    }
    return next;
  }

  setHandler(partStateQuery, () => view(p));
  setHandler(partDecideUpdate, async (env) => (await mailbox.submit({ type: 'decided', env }), view(p)), {
    validator: (env) => {
      const parsed = PartDecisionEnvelopeSchema.safeParse(env);
      if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const v = partViolation(p, parsed.data);
      if (v) fail(v.code === 'CASE_CLOSED' ? 'PART_CLOSED' : v.code, v.message);
    },
  });
  // Broadcasts: a payload that does not parse was not sent by us.
  setHandler(directoryChangedSignal, (c) => void (DirectoryChangedSchema.safeParse(c).success && mailbox.post({ type: 'directoryChanged', principalIds: c.principalIds })));
  setHandler(calendarChangedSignal, (c) => void (CalendarChangedSchema.safeParse(c).success && mailbox.post({ type: 'calendarChanged', years: c.years })));

  attrs.set([
    { key: LeadUnitKey, value: input.leadUnitId },
    { key: CaseUnitsKey, value: [p.unitId] },
  ]);
  try {
    p = await run(p, { type: 'started' });
    attrs.flush();
    while (p.status === 'open') {
      const wake = p.deadlineAt ? Date.parse(p.deadlineAt) : null;
      const t = await mailbox.take(wake);
      if (!t) {
        p = await run(p, { type: 'timer' });
        attrs.flush();
        continue;
      }
      let error: Rejection | undefined;
      if (t.job.type === 'decided') {
        // The part may have moved since the validator ran.
        const v = partViolation(p, t.job.env);
        if (v) error = { code: v.code === 'CASE_CLOSED' ? 'PART_CLOSED' : v.code, message: v.message };
        else p = await run(p, t.job);
      } else p = await run(p, t.job);
      attrs.flush();
      mailbox.settle(t, error);
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Withdrawn by the lead, or the case ended: record it, then finish.
    await CancellationScope.nonCancellable(async () => {
      p = await run(p, { type: 'withdrawn' });
    });
    attrs.flush();
  }
  mailbox.closeAll({ code: 'PART_CLOSED', message: "This unit's part is closed." });
  return view(p);
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
