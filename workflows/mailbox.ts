// One way for every workflow to take its messages one at a time, in arrival order.
//
// Why not `await condition(() => !busy); busy = true`: the SDK releases every waiter whose condition is
// true in one activation, so two handlers pass the gate together. Here each message has a place in one
// line and only the head of the line runs.
import { allHandlersFinished, ApplicationFailure, CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import type { Rejection } from '../domain/engine/driver.js';

export interface Ticket<J> {
  job: J;
  /** The message's identity (an update's id, a signal's request id or digest): the store keys its job with it. */
  id: string;
  /** An update: its sender waits for the outcome. */
  waiting: boolean;
  settled: boolean;
  error?: Rejection;
  /** What the update answers, when the handling produced it (e.g. the record just made). */
  result?: unknown;
}

/**
 * A queue with one consumer: handlers `post` (signals) or `submit` (updates, which wait for the
 * outcome), and the workflow's main loop `take`s the next message or wakes for its timer.
 */
export class Mailbox<J> {
  private readonly queue: Ticket<J>[] = [];
  /** The wake-up timer kept across messages (see `take`); null when none runs. */
  private wake: { at: number; fired: boolean; scope: CancellationScope } | null = null;

  get size(): number {
    return this.queue.length;
  }

  /** Enqueue without waiting (a signal); `error` marks a message already known to be rejected. */
  post(job: J, o: { id?: string; error?: Rejection } = {}): Ticket<J> {
    const t: Ticket<J> = { job, id: o.id ?? '', waiting: false, settled: false, error: o.error };
    this.queue.push(t);
    return t;
  }

  /** Enqueue and wait until the main loop has handled it; a rejection fails the caller's update. */
  async submit(job: J, id = ''): Promise<unknown> {
    const t = this.post(job, { id });
    t.waiting = true;
    await condition(() => t.settled);
    if (t.error) throw ApplicationFailure.create({ type: t.error.code, message: t.error.message, nonRetryable: true });
    return t.result;
  }

  /**
   * The next message, or null once `wakeAt` (epoch ms) has passed with none; `wakeAt` null waits for a
   * message only. One wake-up timer outlives the messages: most messages move the wake-up later (a new
   * tier's window opens after the old one would have closed), so the running timer is kept, and when
   * it fires early it is set again for the rest. Only a nearer wake-up cancels it.
   */
  async take(wakeAt: number | null): Promise<Ticket<J> | null> {
    for (;;) {
      if (this.queue.length > 0) return this.queue.shift()!;
      if (wakeAt !== null && Date.now() >= wakeAt) return null;
      if (wakeAt !== null && (!this.wake || this.wake.at > wakeAt)) this.arm(wakeAt);
      const w = this.wake;
      await condition(() => this.queue.length > 0 || !!w?.fired);
      if (w?.fired && this.wake === w) this.wake = null;
    }
  }

  private arm(at: number): void {
    this.wake?.scope.cancel();
    const scope = new CancellationScope();
    const w = { at, fired: false, scope };
    this.wake = w;
    void scope
      .run(() => sleep(Math.max(1, at - Date.now()), { summary: `wake-up at ${new Date(at).toISOString()}` }))
      .then(
        () => (w.fired = true),
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
          // Cancelled from outside (not by a nearer wake-up): the next wait must arm a timer of its own.
          if (this.wake === w) this.wake = null;
        },
      );
  }

  /** A message that could not be handled now (the store was unavailable) goes back to the head of the line. */
  putBack(t: Ticket<J>): void {
    this.queue.unshift(t);
  }

  settle(t: Ticket<J>, error?: Rejection, result?: unknown): void {
    if (error) t.error = error;
    else if (result !== undefined) t.result = result;
    t.settled = true;
  }

  /** Answers everything still queued (the workflow is ending). */
  closeAll(error: Rejection): void {
    for (const t of this.queue.splice(0)) this.settle(t, t.error ?? error);
  }
}

/** How a mailbox workflow lives between its first job and its end (see `serve`). */
export interface Loop<J> {
  mailbox: Mailbox<J>;
  /** Still taking messages and timers; checked before each wait. */
  open(): boolean;
  /** When to wake by itself (epoch ms), or null. */
  wake(): number | null;
  /** One message, checked again and carried out; its rejection or result goes back to the sender. */
  handle(job: J, ticket: Ticket<J>): Promise<Handled>;
  /** The wake-up came with no message. */
  timer(): Promise<Handled | unknown>;
  /** How the workflow waits out a store that keeps failing (one-call.ts); absent where nothing is stored by a local activity. */
  outage?: { wait(): Promise<void>; ok(): void };
  /** After each message and each wake-up (e.g. one search-attribute upsert per job). */
  afterEach?(): void;
  /**
   * Messages still queued when the workflow stops: refused with this rejection, or (`drain`) handled
   * in turn, each answered by the workflow as it is then.
   */
  leftOver: Rejection | 'drain';
}

/** What handling a message or a wake-up gave: a rejection or a result for the sender, or a store that was down. */
export interface Handled {
  error?: Rejection;
  result?: unknown;
  /** The job's store call failed after its retries: nothing happened; try it again later. */
  storeDown?: boolean;
}

/** Sent to an update when the store call failed: nothing was changed, the officer may send it again. */
export const STORE_UNAVAILABLE: Rejection = { code: 'STORE_UNAVAILABLE', message: 'The case store is unavailable; nothing was changed. Try again shortly.' };

/** The one consumer loop of every mailbox workflow: one message or wake-up at a time, in arrival order. */
export async function serve<J>(loop: Loop<J>): Promise<void> {
  const { mailbox } = loop;
  for (;;) {
    const open = loop.open();
    if (!open && (loop.leftOver !== 'drain' || mailbox.size === 0)) break;
    const t = await mailbox.take(open ? loop.wake() : null);
    const o = ((t ? (t.error ? { error: t.error } : await loop.handle(t.job, t)) : await loop.timer()) ?? {}) as Handled;
    if (o.storeDown) {
      // Nothing happened: an update is told so at once (its sender may try again); a signal keeps its
      // place at the head of the line, and a wake-up comes again, once the store has had time.
      if (t?.waiting) mailbox.settle(t, STORE_UNAVAILABLE);
      else if (t) mailbox.putBack(t);
      loop.afterEach?.();
      await loop.outage?.wait();
      continue;
    }
    loop.outage?.ok();
    if (t) mailbox.settle(t, o.error, o.result);
    loop.afterEach?.();
  }
  if (loop.leftOver !== 'drain') mailbox.closeAll(loop.leftOver);
  await condition(allHandlersFinished);
}
