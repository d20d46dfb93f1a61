// One local activity per transition (see activities/projection.ts, transitionStore): the store answers
// a job's look-ups and writes its steps, read model and outbox at once, and the workflow then runs the
// job with those answers, writing nothing more. A transition costs one workflow task and one marker.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from './shared.js';

export const caseStoreCall = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
  summary: 'look up the holder and deadline, copy the steps to the audit store, read model and outbox',
});

export const partStoreCall = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
  summary: 'look up the holder and deadline, copy the part to the read model and outbox',
});

/** The job the store has already carried out: its look-ups' answers and the last step it wrote. */
export class StoredJob<A extends { type: string }> {
  private job: { at: string; answers: A[]; storedSeq: number } | null = null;

  begin(at: string, r: { answers: A[]; storedSeq: number }) {
    this.job = { at, answers: [...r.answers], storedSeq: r.storedSeq };
  }
  end() {
    this.job = null;
  }
  /** While a stored job runs, what it tells (notifications, officer events) is in the store already. */
  get running(): boolean {
    return this.job !== null;
  }
  /** The next answer, in the order the engine asks, when it is one of these; null otherwise. */
  take(types: readonly A['type'][]): { at: string; a: A } | null {
    const next = this.job?.answers[0];
    if (!this.job || !next || !types.includes(next.type)) return null;
    this.job.answers.shift();
    return { at: this.job.at, a: next };
  }
  /** Whether the store already holds a timeline of this length. */
  holds(length: number): boolean {
    return this.job !== null && length <= this.job.storedSeq;
  }
}
