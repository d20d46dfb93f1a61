// One local activity per job (activities/store-call.ts): the store answers a job's look-ups and writes
// its steps, read model and outbox at once, and the workflow then runs the job with those answers,
// writing nothing more. A job costs one workflow task and one marker.
//
// Each job carries its identity (run, number, event). When an earlier attempt of the same workflow
// task already committed the job, the store answers with that attempt's time and answers, and the
// job runs with them: one history, one audit copy, one notice each (docs/store.md).
import {
  ActivityFailure,
  condition,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { answersInOrder, carryJob, type Engine, type JobEnd, type Untimed } from '../domain/engine/driver.js';
import { StoreBehindKey, jobsQuery, storeRetrySignal } from './definitions.js';
import type { Activities } from './shared.js';

/**
 * Retried for about 45 s inside the workflow task, then given up: the job did not happen, and the
 * workflow waits it out durably (StoreOutage) instead of retrying forever, which would grow its
 * history with every workflow-task heartbeat.
 */
export const storeCall = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 10, nonRetryableErrorTypes: ['STALE_JOB'] },
  summary: 'look up the holder and deadline, copy the steps to the audit store, read model and outbox',
});

/** The identity of a job's event when the message carries none of its own: a digest of it (FNV-1a, 52 bits). */
export function digestOf(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xfffffffffffffn;
  }
  return h.toString(16);
}

/** The workflow's count of store jobs, and the `jobs` query that tells the store which ones it holds. */
export class StoreJobs {
  private count = 0;

  constructor() {
    // What the workflow has confirmed (its committed history): the confirmer sends notices of these.
    setHandler(jobsQuery, () => ({ runId: workflowInfo().runId, jobs: this.count }));
  }

  key(eventId: string) {
    return { workflowId: workflowInfo().workflowId, runId: workflowInfo().runId, jobNo: this.count + 1, eventId };
  }

  /**
   * A job: the engine's first transition says whether it records or looks anything up (a child
   * started, a signal passed on need no call); then the call, which gives the job's time (an earlier
   * attempt's, if it committed one) and the answers; then the job driven with them, each other effect
   * carried out in order. A store call that failed after its retries leaves everything as it was.
   */
  async run<S, E extends { type: string; at: string }, Fx extends { type: string }>(o: {
    engine: Engine<S, E, Fx>;
    state: S;
    event: E;
    eventId: string;
    /** The effects the store call writes (a recorded step). */
    writes: (fx: Fx) => boolean;
    call: (key: ReturnType<StoreJobs['key']>, state: S, event: E) => Promise<{ at: string; answers: Untimed<E>[] }>;
    carry: (state: S, effect: Fx) => unknown;
  }): Promise<JobEnd<S> & { storeDown?: boolean }> {
    const first = o.engine.transition(o.state, o.event);
    if (first.error) return { state: o.state, error: first.error };
    const needsCall = first.effects.some((fx) => o.engine.isLookup(fx) || o.writes(fx));
    let event = o.event;
    let answers: Untimed<E>[] = [];
    if (needsCall) {
      try {
        const r = await o.call(this.key(o.eventId), o.state, o.event);
        this.count += 1;
        event = { ...o.event, at: r.at };
        answers = r.answers;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        return { state: o.state, storeDown: true };
      }
    }
    const answer = answersInOrder(answers);
    return carryJob(o.engine, o.state, event, { answer: (_state, lookup) => answer(lookup), carry: o.carry });
  }
}

/** Minutes to wait after each failed store call in a row; past the last, the workflow stops and waits to be told. */
const OUTAGE_WAITS_MIN = [1, 2, 5, 10, 30, 60, 60, 60, 120, 240, 480, 720];

/**
 * A store that keeps failing: the workflow waits durably, longer each time, and after twelve waits
 * (about 30 hours) stops retrying by itself (its history must not grow without bound). It then shows
 * `StoreBehind` in Temporal UI, is listed for supervisors (GET /v1/supervision/store-behind), and goes
 * on when told (`storeRetry`, sent by the reconciliation once the store answers again, or by an
 * operator).
 */
export class StoreOutage {
  private failures = 0;
  private retry = false;
  behind = false;

  constructor() {
    setHandler(storeRetrySignal, () => void (this.retry = true));
  }

  async wait(): Promise<void> {
    this.failures += 1;
    const minutes = OUTAGE_WAITS_MIN[this.failures - 1];
    if (minutes !== undefined) {
      this.retry = false;
      await condition(() => this.retry, minutes * 60_000);
      return;
    }
    this.behind = true;
    upsertSearchAttributes([{ key: StoreBehindKey, value: true }]);
    await condition(() => this.retry);
    this.retry = false;
    this.failures = 0;
  }

  ok(): void {
    if (this.failures === 0 && !this.behind) return;
    this.failures = 0;
    if (this.behind) upsertSearchAttributes([{ key: StoreBehindKey, value: false }]);
    this.behind = false;
  }
}

