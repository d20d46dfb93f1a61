// One way for every workflow to take its messages one at a time, in arrival order.
//
// Why not `await condition(() => !busy); busy = true`: the SDK releases every waiter whose condition is
// true in one activation, so two handlers pass the gate together. Here each message has a place in one
// line and only the head of the line runs.
import { ApplicationFailure, condition } from '@temporalio/workflow';

export interface Rejection {
  code: string;
  message: string;
}

export interface Ticket<J> {
  job: J;
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

  get size(): number {
    return this.queue.length;
  }

  /** Enqueue without waiting (a signal); `error` marks a message already known to be rejected. */
  post(job: J, error?: Rejection): Ticket<J> {
    const t: Ticket<J> = { job, settled: false, error };
    this.queue.push(t);
    return t;
  }

  /** Enqueue and wait until the main loop has handled it; a rejection fails the caller's update. */
  async submit(job: J): Promise<unknown> {
    const t = this.post(job);
    await condition(() => t.settled);
    if (t.error) throw ApplicationFailure.create({ type: t.error.code, message: t.error.message, nonRetryable: true });
    return t.result;
  }

  /**
   * The next message, or null once `wakeAt` (epoch ms) has passed with none. `wakeAt` null waits for
   * a message only.
   */
  async take(wakeAt: number | null, summary?: string): Promise<Ticket<J> | null> {
    const got =
      wakeAt === null
        ? (await condition(() => this.queue.length > 0), true)
        : await condition(() => this.queue.length > 0, Math.max(1, wakeAt - Date.now()), { summary });
    return got ? this.queue.shift()! : null;
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
