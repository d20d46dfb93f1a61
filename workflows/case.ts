// The case workflow: one per request, id `case-<id>`. A thin shell around the case engine
// (domain/engine/case.ts): it turns updates, signals, timers and children's outcomes into events,
// takes them one at a time from one mailbox, and carries the engine's effects out — directory and
// calendar look-ups, part and consultation children, the projection into SQLite.
import { allHandlersFinished, condition, patched, workflowInfo } from '@temporalio/workflow';
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
  // Cases started from this change on write fewer history events per transition: one wake-up timer
  // kept across messages, one search-attribute upsert per job.
  const fewerEvents = patched('fewer-history-events');
  // A case started after the newest patch has every older change: it asks only the newest, so it
  // records one patch marker (each is two history events) instead of one per change.
  const has = (older: string) => fewerEvents || patched(older);
  const mailbox = new Mailbox<Job>({ lastingTimer: fewerEvents });
  const attrs = new AttributeBatch(fewerEvents);
  const now = () => new Date().toISOString();
  const view = (st: CaseState, withTimeline = true): CaseView => {
    const { engine: _engine, ...rest } = st;
    return { ...rest, timeline: withTimeline ? rest.timeline : [] };
  };

  // Cases started from this change on answer a job's look-ups and write it to the store in one local
  // activity; cases started before keep their calls one by one (their histories replay).
  const oneCall = has('one-call-transitions');
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
    if (top && oneCall) await effects.begin(st, e, t.effects);
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
      const d = job.env.decision;
      const flags = {
        cityConsultationChild: d.action === 'refer_to_city' ? has('city-consultation-child') : undefined,
        directiveReminders: d.action === 'direct' ? has('directive-reminders') : undefined,
      };
      const r = await run(s, { ...job, flags });
      if (r.error && job.via === 'signal') s = (await run(s, { type: 'signalRejected', env: job.env, error: r.error as never })).state;
      else s = r.state;
      return r.error;
    }
    if (job.type === 'directoryChanged' && s.assignee && job.principalIds.includes(s.assignee.principalId) && s.phase !== 'handling' && s.phase !== 'done') {
      // A holder who leaves during a wait hands over the wait itself from this change on.
      job = { ...job, flags: { keepWait: has('handover-keeps-wait') } };
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
    // Waiting phases carry a backstop timer from this change on (replayed cases keep their old waits).
    if (!s.engine.backstops && has('wait-backstops')) s = { ...s, engine: { ...s.engine, backstops: true } };
    const wake = nextWake(s);
    const t = await mailbox.take(wake, wake === null ? undefined : `${s.phase} until ${new Date(wake).toISOString()}`);
    if (t) mailbox.settle(t, t.error ?? (await handle(t.job)));
    else s = (await run(s, { type: 'timer' })).state;
    attrs.flush();
  }
  // Answer anything still queued (e.g. a decision racing the close) before completing.
  mailbox.closeAll({ code: 'CASE_CLOSED', message: 'The case has closed.' });
  await condition(allHandlersFinished);
  return view(s);
}
