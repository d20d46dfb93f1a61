// The benchmark's yardstick: a workflow that takes the same Temporal messages as a case's lifecycle
// (an update-with-start, three escalations, a resolve, a rating: six Updates) and does nothing else:
// no validator, no activity, no read model, no notification. Whatever a case costs above this is ours.
import { allHandlersFinished, condition, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export interface BaselineState {
  steps: number;
  done: boolean;
}

/** Sent with the start, as the API's intake sends `opened`. */
export const baselineOpenedUpdate = defineUpdate<BaselineState>('baselineOpened');
/** One decision; `rate` ends the workflow as a satisfied rating ends a case. */
export const baselineStepUpdate = defineUpdate<BaselineState, [{ action: string }]>('baselineStep');

export async function baselineWorkflow(): Promise<BaselineState> {
  const s: BaselineState = { steps: 0, done: false };
  setHandler(baselineOpenedUpdate, () => s);
  setHandler(baselineStepUpdate, ({ action }) => {
    s.steps += 1;
    if (action === 'rate') s.done = true;
    return s;
  });
  await condition(() => s.done);
  await condition(allHandlersFinished);
  return s;
}

/**
 * The deadline drain's yardstick: one timer due at `dueAt`, then the one state change a lapse makes
 * (the step counted, the workflow done: the change is visible as its completion). No look-up, no
 * read model, no notification.
 */
export async function baselineDeadlineWorkflow(dueAt: string): Promise<BaselineState> {
  const s: BaselineState = { steps: 0, done: false };
  const wait = Date.parse(dueAt) - Date.now();
  if (wait > 0) await sleep(wait);
  s.steps += 1;
  s.done = true;
  return s;
}
