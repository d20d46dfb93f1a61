// The case workflow: one per request, id `case-<id>`. A thin shell around the case engine
// (domain/engine/case.ts): it turns updates, signals, timers and children's outcomes into events,
// takes them one at a time from one mailbox, runs each as a job with the store call's answers
// (one-call.ts), and carries the engine's other effects out (case-effects.ts).
import { workflowInfo } from '@temporalio/workflow';
import type { CaseInput, CaseView } from '../domain/case.js';
import { caseEngine, initialState, isCaseWrite, nextWake, requesterViolation, violationOf, type CaseEvent, type CaseState } from '../domain/engine/case.js';
import type { Rejection } from '../domain/engine/driver.js';
import { Mailbox, serve } from './mailbox.js';
import { AttributeBatch } from './attribute-batch.js';
import { registerCaseMessages, type CaseJob } from './case-messages.js';
import { createCaseEffects } from './case-effects.js';
import { CaseUnitsKey, LeadUnitKey } from './definitions.js';
import { runStoredJob, storeCall } from './one-call.js';

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  /** The committed state: what validators and queries see. A job works on a draft, committed as its steps are recorded. */
  let s: CaseState = initialState(input, workflowInfo().workflowId);
  const mailbox = new Mailbox<CaseJob>();
  const attrs = new AttributeBatch();
  const now = () => new Date().toISOString();
  const view = (st: CaseState, withTimeline = true): CaseView => {
    const { engine: _engine, ...rest } = st;
    return { ...rest, timeline: withTimeline ? rest.timeline : [] };
  };
  const effects = createCaseEffects({ input, mailbox, attrs, commit: (st) => (s = st) });

  /** One job: the event through the engine with the store call's answers, its effects carried out in order. */
  async function run(job: CaseJob): Promise<Rejection | undefined> {
    const r = await runStoredJob({
      engine: caseEngine,
      state: s,
      event: { ...job, at: now() } as CaseEvent,
      writes: isCaseWrite,
      call: (state, event) => storeCall.transitionStore({ state, event, flushedSeq: effects.recordedSeq() }),
      carry: effects.carry,
    });
    if (!r.error) s = r.state;
    return r.error;
  }

  /** One message from the mailbox, checked again against the case as it is now. */
  async function handle(job: CaseJob): Promise<{ error?: Rejection }> {
    if (job.type === 'decided') {
      // A signalled decision that breaks a rule is recorded as rejected; an update's is answered.
      const error = violationOf(s, job.env) ?? (await run(job));
      if (error && job.via === 'signal') await run({ type: 'signalRejected', env: job.env, error: error as never });
      return { error };
    }
    const error = requesterViolation(s, { ...job, at: now() } as CaseEvent) ?? (await run(job));
    return { error };
  }

  registerCaseMessages({ state: () => s, view, mailbox, projected: effects.recordedSeq });

  // ---- the case's life ----
  attrs.set([
    { key: LeadUnitKey, value: s.leadUnitId },
    { key: CaseUnitsKey, value: [s.leadUnitId, ...s.involvedUnitIds] },
  ]);
  await run({ type: 'started', input, workflowId: s.workflowId });
  attrs.flush();
  await serve({
    mailbox,
    open: () => s.phase !== 'done',
    wake: () => nextWake(s),
    handle,
    timer: () => run({ type: 'timer' }),
    afterEach: () => attrs.flush(),
    // Anything still queued (e.g. a decision racing the close) is answered before completing.
    leftOver: { code: 'CASE_CLOSED', message: 'The case has closed.' },
  });
  return view(s);
}
