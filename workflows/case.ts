// The case workflow: one per request, id `case-<id>`. A thin shell around the case engine
// (domain/engine/case.ts): it turns updates, signals, timers and children's outcomes into events,
// takes them one at a time from one mailbox, runs each as a job with the store call's answers
// (one-call.ts), and carries the engine's other effects out (case-effects.ts).
import { workflowInfo } from '@temporalio/workflow';
import type { CaseInput, CaseView } from '../domain/case.js';
import { caseEngine, hasOpenItems, initialState, isCaseWrite, nextWake, requesterViolation, violationOf, type CaseEvent, type CaseState } from '../domain/engine/case.js';
import { Mailbox, serve, type Handled, type Ticket } from './mailbox.js';
import { AttributeBatch } from './attribute-batch.js';
import { registerCaseMessages, type CaseJob } from './case-messages.js';
import { createCaseEffects } from './case-effects.js';
import { CaseUnitsKey, LeadUnitKey } from './definitions.js';
import { StoreJobs, StoreOutage, storeCall } from './one-call.js';

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  /** The committed state: what validators and queries see. A job works on a draft, committed as its steps are recorded. */
  let s: CaseState = initialState(input, workflowInfo().workflowId);
  const mailbox = new Mailbox<CaseJob>();
  const attrs = new AttributeBatch();
  const jobs = new StoreJobs();
  const outage = new StoreOutage();
  const now = () => new Date().toISOString();
  const view = (st: CaseState, withTimeline = true): CaseView => {
    const { engine: _engine, ...rest } = st;
    return { ...rest, timeline: withTimeline ? rest.timeline : [] };
  };
  const effects = createCaseEffects({ input, mailbox, attrs, commit: (st) => (s = st) });

  /** One job: the event through the engine with the store call's time and answers, its effects carried out in order. */
  async function run(job: CaseJob, eventId: string): Promise<Handled> {
    const r = await jobs.run({
      engine: caseEngine,
      state: s,
      event: { ...job, at: now() } as CaseEvent,
      eventId,
      writes: isCaseWrite,
      call: async (key, state, event) => (await storeCall.caseJob({ key, input, state, event })),
      carry: effects.carry,
    });
    if (!r.error && !r.storeDown) s = r.state;
    return r;
  }

  /** One message from the mailbox, checked again against the case as it is now. */
  async function handle(job: CaseJob, t: Ticket<CaseJob>): Promise<Handled> {
    if (job.type === 'decided') {
      // A signalled decision that breaks a rule is recorded as rejected; an update's is answered.
      const v = violationOf(s, job.env);
      const r = v ? { error: v } : await run(job, t.id);
      if (r.error && job.via === 'signal') return run({ type: 'signalRejected', env: job.env, error: r.error as never }, `rejected:${t.id}`);
      return r;
    }
    const v = requesterViolation(s, { ...job, at: now() } as CaseEvent);
    return v ? { error: v } : run(job, t.id);
  }

  registerCaseMessages({ state: () => s, view, mailbox, projected: effects.recordedSeq, storeBehind: () => outage.behind });

  // ---- the case's life ----
  attrs.set([
    { key: LeadUnitKey, value: s.leadUnitId },
    { key: CaseUnitsKey, value: [s.leadUnitId, ...s.involvedUnitIds] },
  ]);
  // The first job is the case's start: until its store call succeeds the case has no holder to wait for.
  while ((await run({ type: 'started', input, workflowId: s.workflowId }, 'started')).storeDown) await outage.wait();
  outage.ok();
  attrs.flush();
  await serve({
    mailbox,
    // Archived, the case still waits for a rectification to close or an appeal to be decided.
    open: () => s.phase !== 'done' || hasOpenItems(s),
    wake: () => nextWake(s),
    handle,
    // A wake-up is identified by the instant it answers.
    timer: () => run({ type: 'timer' }, `timer:${nextWake(s)}`),
    afterEach: () => attrs.flush(),
    outage,
    // Anything still queued (e.g. a decision racing the close) is answered before completing.
    leftOver: { code: 'CASE_CLOSED', message: 'The case has closed.' },
  });
  return view(s);
}
