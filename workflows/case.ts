// The case workflow: one per request, id `case-<id>`. A thin shell around the case engine
// (domain/engine/case.ts): it turns updates, signals, timers and children's outcomes into events,
// takes them one at a time from one mailbox, and carries the engine's effects out — directory and
// calendar look-ups, part and consultation children, the projection into SQLite.
import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import type { CaseInput, CaseView } from '../domain/case-state.js';
import { initialState, nextWake, requesterViolation, transition, violationOf, type CaseEvent, type CaseState } from '../domain/engine/case.js';
import { Mailbox, type Rejection } from './mailbox.js';
import { AttributeBatch } from './attribute-batch.js';
import { registerCaseMessages, type CaseJob } from './case-messages.js';
import { createCaseEffects } from './case-effects.js';
import { CaseUnitsKey, LeadUnitKey } from './definitions.js';

/** A message as it waits in the mailbox: an event without its time (stamped when it is taken). */
type Job = CaseJob;

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  /** The committed state: what validators and queries see. A job works on a draft, committed as its steps go to the read model. */
  let s: CaseState = initialState(input, workflowInfo().workflowId);
  const mailbox = new Mailbox<Job>();
  const attrs = new AttributeBatch();
  const now = () => new Date().toISOString();
  const view = (st: CaseState, withTimeline = true): CaseView => {
    const { engine: _engine, ...rest } = st;
    return { ...rest, timeline: withTimeline ? rest.timeline : [] };
  };

  const effects = createCaseEffects({ input, mailbox, attrs, view, follow: (st, job, at) => follow(st, job, at), commit: (st) => (s = st) });
  const carry = effects.carry;

  async function follow(st: CaseState, job: Job, at?: string): Promise<CaseState> {
    const r = await run(st, job, at, false);
    return r.state;
  }

  /** An event through the engine, its effects carried out in order. A job (`top`) is one store call. */
  async function run(st: CaseState, job: Job, at = now(), top = true): Promise<{ state: CaseState; error?: Rejection }> {
    const e = { ...job, at } as CaseEvent;
    const t = transition(st, e);
    if (t.error) return { state: st, error: t.error };
    if (top) await effects.begin(st, e, t.effects);
    let next = t.state;
    try {
      for (const fx of t.effects) next = await carry(next, fx);
    } finally {
      if (top) effects.end();
    }
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
      const r = await run(s, job);
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

  registerCaseMessages({ state: () => s, view, mailbox, projected: () => effects.projectedSeq() });

  // ---- the case's life ----
  attrs.set([
    { key: LeadUnitKey, value: s.leadUnitId },
    { key: CaseUnitsKey, value: [s.leadUnitId, ...s.involvedUnitIds] },
  ]);
  s = (await run(s, { type: 'started', input, workflowId: s.workflowId })).state;
  attrs.flush();

  while (s.phase !== 'done') {
    const wake = nextWake(s);
    const t = await mailbox.take(wake);
    if (t) mailbox.settle(t, t.error ?? (await handle(t.job)));
    else s = (await run(s, { type: 'timer' })).state;
    attrs.flush();
  }
  // Answer anything still queued (e.g. a decision racing the close) before completing.
  mailbox.closeAll({ code: 'CASE_CLOSED', message: 'The case has closed.' });
  await condition(allHandlersFinished);
  return view(s);
}
