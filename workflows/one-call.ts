// One local activity per job (activities/store-call.ts): the store answers a job's look-ups and writes
// its steps, read model and outbox at once, and the workflow then runs the job with those answers,
// writing nothing more. A job costs one workflow task and one marker.
import { proxyLocalActivities } from '@temporalio/workflow';
import { answersInOrder, carryJob, type Engine, type JobEnd, type Untimed } from '../domain/engine/driver.js';
import type { Activities } from './shared.js';

export const storeCall = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s' },
  summary: 'look up the holder and deadline, copy the steps to the audit store, read model and outbox',
});

/**
 * A job of a workflow whose store writes go through the one call: the engine's first transition says
 * whether the job records or looks anything up (a child started, a signal passed on need no call);
 * then the call, then the job driven with its answers, each other effect carried out in order.
 */
export async function runStoredJob<S, E extends { type: string; at: string }, Fx extends { type: string }>(o: {
  engine: Engine<S, E, Fx>;
  state: S;
  event: E;
  /** The effects the store call writes (a recorded step). */
  writes: (fx: Fx) => boolean;
  call: (state: S, event: E) => Promise<{ answers: Untimed<E>[] }>;
  carry: (state: S, effect: Fx) => unknown;
}): Promise<JobEnd<S>> {
  const first = o.engine.transition(o.state, o.event);
  if (first.error) return { state: o.state, error: first.error };
  const needsCall = first.effects.some((fx) => o.engine.isLookup(fx) || o.writes(fx));
  const answers = needsCall ? (await o.call(o.state, o.event)).answers : [];
  const answer = answersInOrder(answers);
  return carryJob(o.engine, o.state, o.event, { answer: (_state, lookup) => answer(lookup), carry: o.carry });
}
