// The store call: one local activity per job of a case or a unit part (workflows/one-call.ts). The
// job runs here through the same engine and driver as in the workflow (domain/engine/driver.ts), its
// look-ups answered by the directory and the calendar (lookups.ts), and what it recorded is written in
// one transaction (store-copy.ts). The answers and the job's time go back to the workflow, which runs
// the job with them and writes nothing more.
//
// One truth: the store holds each job once, under its identity (run, number, event). A task attempt
// that dies after this call committed runs the job again: it finds the job and takes what was
// committed (time and answers), so its steps, deadlines and timers equal the store's. A job that finds
// the store holding something else from its number on (a retried task that went another way, a reset)
// supersedes it; a store that missed steps (restored from a backup) is filled in from the workflow.
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client.js';
import type { CaseInput, CaseView, NotificationRequest, PartInput, PartView, TimelineStep } from '../domain/case.js';
import { runJob, type Engine } from '../domain/engine/driver.js';
import { caseEngine, type CaseEffect, type CaseEvent, type CaseLookup, type CaseLookupAnswer, type CaseState } from '../domain/engine/case.js';
import { partEngine, type PartEffect, type PartEvent, type PartLookupAnswer, type PartState } from '../domain/engine/part.js';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.js';
import { elementForPartStep, elementForStep } from '../domain/steps.js';
import { createLookupAnswerer } from './lookups.js';
import { createStoreCopy, partKey, type StoreCopy } from './store-copy.js';
import { integrationEventStore } from '../db/integration-events.js';

/** A job's identity: which workflow run, its number among the workflow's store jobs, and its event. */
export interface JobKey {
  workflowId: string;
  runId: string;
  /** 1 for the workflow's first store job, counting on across runs (a reset replays the count). */
  jobNo: number;
  /** An update's id, a signal's request id, the wake-up a timer answers, or a digest of the message. */
  eventId: string;
}

export interface CaseJobRequest {
  key: JobKey;
  input: CaseInput;
  /** The state the job starts from. */
  state: CaseState;
  /** The job's event, with the time the workflow proposes for it. */
  event: CaseEvent;
}
export interface PartJobRequest {
  key: JobKey;
  input: PartInput;
  state: PartState;
  event: PartEvent;
}
export interface JobResult<A> {
  /** The job's time: the proposed one, or the one committed by an earlier attempt. */
  at: string;
  answers: A[];
  /** The store already held this job: an earlier attempt of the same task committed it. */
  committed: boolean;
}

/** A job attempt older than what the store holds from its number on: a task attempt that was already retried. */
export const STALE_JOB = 'STALE_JOB';

const caseView = (st: CaseState): CaseView => {
  const { engine: _engine, ...v } = st;
  return v;
};
const partView = (st: PartState): PartView => {
  const { engine: _engine, ...v } = st;
  return v;
};

export function createStoreCallActivities(db: Db, opts: { clock?: () => Date; policy?: Policy; afterCommit?: () => void } = {}) {
  const clock = opts.clock ?? (() => new Date());
  const answerer = createLookupAnswerer(db, opts.policy ?? DEFAULT_POLICY);
  const copy: StoreCopy = createStoreCopy(db, clock);
  const q = copy.statements;
  const events = integrationEventStore(db);

  /**
   * What every job shares: the committed attempt if there is one; else the store's copy made equal to
   * the state the job starts from, the job driven with the directory and the calendar, and its writes.
   */
  async function carryOut<S extends { timeline: TimelineStep[] }, E extends { type: string; at: string }, Fx extends { type: string; notification?: NotificationRequest }, A>(
    key: JobKey,
    state: S,
    event: E,
    o: {
      engine: Engine<S, E, Fx>;
      answer: (st: S, fx: Fx) => Promise<A>;
      /** Makes the store's copy hold exactly `state` (a reset, a retried task that went another way, a restored store). */
      resync: (reason: 'retried' | 'reset') => Promise<unknown>;
      write: (end: S, steps: TimelineStep[], notifications: NotificationRequest[]) => Promise<void>;
      stamp: (step: TimelineStep) => string | null;
    },
  ): Promise<JobResult<A>> {
    await q.lockCopy(key.workflowId);
    const done = await q.liveJob(key.workflowId, key.jobNo);
    if (done && done.runId === key.runId && done.eventId === key.eventId) {
      // The retried task takes it: the confirmer's clock for giving up on it starts again.
      await q.retakeJob({ workflowId: key.workflowId, jobNo: key.jobNo, at: clock().toISOString() });
      return { at: done.at, answers: JSON.parse(done.answers) as A[], committed: true };
    }
    const from = state.timeline.length;
    const held = await q.copyOf(key.workflowId);
    const inStep = held && !done && held.runId === key.runId && held.jobNo === key.jobNo - 1 && held.lastSeq === from;
    if (!inStep && (held || from > 0)) {
      // Whatever the store holds from this job on was never confirmed by this workflow: an attempt of a
      // task that was retried, or another run's. An attempt older than that is itself the stale one.
      const newest = (await q.latestLiveAt(key.workflowId, key.jobNo));
      if (newest && newest > event.at) throw ApplicationFailure.nonRetryable(`job ${key.jobNo} of ${key.workflowId} at ${event.at} is older than the store's (${newest})`, STALE_JOB);
      await o.resync(held && held.runId !== key.runId ? 'reset' : 'retried');
    }
    const job = await runJob(o.engine, state, event, async (st, fx) => (await o.answer(st, fx as Fx)) as never);
    const answers = job.answers as unknown as A[];
    if (job.error) return { at: event.at, answers, committed: false };
    const steps = (job.state as S).timeline.slice(from);
    for (const x of steps) x.elementId ??= (await o.stamp(x)) ?? undefined;
    const notifications = job.effects.flatMap(({ effect }) => (effect.type === 'notify' && effect.notification ? [effect.notification] : []));
    await o.write(job.state, steps, notifications);
    const at = clock().toISOString();
    await q.insertJob({ workflowId: key.workflowId, jobNo: key.jobNo, runId: key.runId, eventId: key.eventId, at: event.at, answers, firstSeq: from + 1, lastSeq: job.state.timeline.length, createdAt: at });
    return { at: event.at, answers, committed: false };
  }

  // One store transaction per job, without savepoints inside it (on SQLite the write lock is taken
  // first, BEGIN IMMEDIATE, so a job that read the directory never finds the file changed under it): the look-ups, the steps, the read
  // model and the outbox land together or not at all.
  const caseJob = (req: CaseJobRequest): Promise<JobResult<CaseLookupAnswer>> => db.tx(async () => {
    const { key, state, input } = req;
    return (await carryOut<CaseState, CaseEvent, CaseEffect, CaseLookupAnswer>(key, state, req.event, {
      engine: caseEngine,
      answer: async (st, fx) => (await answerer.answerCase(st, fx as CaseLookup, req.event.at)),
      resync: async (reason) => (await copy.resyncCase(caseView(state), { runId: key.runId, jobNo: key.jobNo - 1, reason, supersede: true, input })),
      stamp: (x) => elementForStep(x),
      write: async (end, steps, notifications) => {
        const job = { workflowId: key.workflowId, jobNo: key.jobNo };
        await copy.writeSteps(end.id, end.id, steps, true);
        await copy.writeCaseView(caseView(end));
        await copy.enqueue(end.id, notifications, steps, job);
        // Integrators' events of these steps wait for the same confirmation as the notices.
        await events.writeJob({ caseId: end.id, ...job, steps, at: clock().toISOString() });
        await q.saveCopy({ workflowId: key.workflowId, kind: 'case', caseId: end.id, runId: key.runId, jobNo: key.jobNo, lastSeq: end.timeline.length, updatedAt: clock().toISOString() });
      },
    }));
  });

  const partJob = (req: PartJobRequest): Promise<JobResult<PartLookupAnswer>> => db.tx(async () => {
    const { key, state, input } = req;
    return (await carryOut<PartState, PartEvent, PartEffect, PartLookupAnswer>(key, state, req.event, {
      engine: partEngine(input),
      answer: async (st, fx) => (await answerer.answerPart(st, fx, req.event.at)),
      resync: async (reason) => (await copy.resyncPart(partView(state), { runId: key.runId, jobNo: key.jobNo - 1, reason, supersede: true })),
      stamp: (x) => elementForPartStep(x),
      write: async (end, steps, notifications) => {
        const job = { workflowId: key.workflowId, jobNo: key.jobNo };
        await copy.writeSteps(end.caseId, partKey(end), steps, false);
        await copy.writePart(partView(end));
        await copy.enqueue(end.caseId, notifications, steps, job);
        await q.saveCopy({ workflowId: key.workflowId, kind: 'part', caseId: end.caseId, runId: key.runId, jobNo: key.jobNo, lastSeq: end.timeline.length, updatedAt: clock().toISOString() });
      },
    }));
  });

  return {
    /** A case job's look-ups and its writes in one call (see the top of this file). */
    async caseJob(req: CaseJobRequest): Promise<JobResult<CaseLookupAnswer>> {
      const r = await caseJob(req);
      if (!r.committed) opts.afterCommit?.();
      return r;
    },
    /** A part job's look-ups and its writes in one call. */
    async partJob(req: PartJobRequest): Promise<JobResult<PartLookupAnswer>> {
      const r = await partJob(req);
      if (!r.committed) opts.afterCommit?.();
      return r;
    },
  };
}
