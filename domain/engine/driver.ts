// The one driver of every engine: a job (one event and everything it leads to) run through a pure
// transition function, each look-up answered in the order the engine asks and run in turn as a
// follow-up event at the job's time, every other effect handed out in order. The workflows carry the
// effects out (children, signals, search attributes); the store call (activities/store-call.ts) runs
// the same driver with the directory and the calendar answering and writes what the job recorded.
// Both see the same sequence, which is why the store's answers replay exactly in the workflow.

/** A refused event: `code` reaches the caller as the failure's type. */
export interface Rejection {
  code: string;
  message: string;
}

/** What a transition gives back. */
export interface Transition<S, Fx> {
  state: S;
  effects: Fx[];
  /** The event was refused; the state is unchanged. */
  error?: Rejection;
  /** What an update answers besides the state (e.g. the problem just submitted). */
  result?: unknown;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as it waits in a mailbox or answers a look-up: without its time (the job stamps it). */
export type Untimed<E> = DistributiveOmit<E, 'at'>;

export interface Engine<S, E extends { type: string; at: string }, Fx extends { type: string }> {
  transition(state: S, event: E): Transition<S, Fx>;
  /** An effect the store answers (directory, calendar): its answer is the next event of the job. */
  isLookup(fx: Fx): boolean;
}

/** One effect of a job, with the state as it was when the effect was asked for. */
export interface Step<S, Fx> {
  effect: Fx;
  state: S;
  /** Expects the look-up's answer (an untimed follow-up event) back from `next`. */
  lookup: boolean;
}

export interface JobEnd<S> {
  state: S;
  error?: Rejection;
  result?: unknown;
}

/**
 * The job as a sequence: each yielded step is an effect; a look-up step takes its answer back through
 * `next(answer)`. A refusal anywhere (the event, or a follow-up) ends the job with the error and the
 * state it started from; the caller must not have committed anything before the end.
 */
export function* drive<S, E extends { type: string; at: string }, Fx extends { type: string }>(
  engine: Engine<S, E, Fx>,
  state: S,
  event: E,
): Generator<Step<S, Fx>, JobEnd<S>, Untimed<E> | undefined> {
  const at = event.at;
  let result: unknown;
  function* run(st: S, e: E): Generator<Step<S, Fx>, JobEnd<S>, Untimed<E> | undefined> {
    const t = engine.transition(st, e);
    if (t.error) return { state: st, error: t.error };
    result ??= t.result;
    let current = t.state;
    for (const effect of t.effects) {
      const lookup = engine.isLookup(effect);
      const answer = yield { effect, state: current, lookup };
      if (!lookup) continue;
      if (answer === undefined) throw new Error(`the look-up ${effect.type} was not answered`);
      const follow = yield* run(current, { ...answer, at } as E);
      if (follow.error) return follow;
      current = follow.state;
    }
    return { state: current };
  }
  const end = yield* run(state, event);
  return end.error ? { state, error: end.error } : { state: end.state, result };
}

/** A job run to its end at once, look-ups answered by `answer`: what the store call does. */
export async function runJob<S, E extends { type: string; at: string }, Fx extends { type: string }>(
  engine: Engine<S, E, Fx>,
  state: S,
  event: E,
  answer: (state: S, lookup: Fx) => Untimed<E> | Promise<Untimed<E>>,
): Promise<JobEnd<S> & { effects: Step<S, Fx>[]; answers: Untimed<E>[] }> {
  const g = drive(engine, state, event);
  const effects: Step<S, Fx>[] = [];
  const answers: Untimed<E>[] = [];
  for (let r = g.next(); ; ) {
    if (r.done) return { ...r.value, effects, answers };
    effects.push(r.value);
    if (!r.value.lookup) r = g.next();
    else {
      const a = await answer(r.value.state, r.value.effect);
      answers.push(a);
      r = g.next(a);
    }
  }
}

/**
 * A job carried out by a workflow: look-ups answered by `answer` (the store call's answers, or an
 * activity), every other effect carried by `carry` in order, waiting for each.
 */
export async function carryJob<S, E extends { type: string; at: string }, Fx extends { type: string }>(
  engine: Engine<S, E, Fx>,
  state: S,
  event: E,
  o: { answer: (state: S, lookup: Fx) => Untimed<E> | Promise<Untimed<E>>; carry: (state: S, effect: Fx) => unknown },
): Promise<JobEnd<S>> {
  const g = drive(engine, state, event);
  for (let r = g.next(); ; ) {
    if (r.done) return r.value;
    const { effect, state: st, lookup } = r.value;
    if (lookup) r = g.next(await o.answer(st, effect));
    else {
      await o.carry(st, effect);
      r = g.next();
    }
  }
}

/** Answers taken in the order they were given: the store call's answers, replayed in the workflow. */
export function answersInOrder<E extends { type: string }>(answers: readonly E[]): (lookup: { type: string }) => E {
  const queue = [...answers];
  return (lookup) => {
    const next = queue.shift();
    if (!next) throw new Error(`the store call gave no answer for ${lookup.type}`);
    return next;
  };
}
