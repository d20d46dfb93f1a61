// Every signal and update our processes send travels bound to its target: the message's arguments and
// the workflow id, the message name, a request id and the time it was sent, in ONE payload. The
// payload codec seals each payload whole (AES-GCM), so nobody without our keys can change the binding
// without breaking the seal, nor graft a sealed decision copied from one case's history onto a binding
// made for another. The workflows check the binding before any handler sees the message
// (workflows/interceptors.ts); the client side binds in security/bound-messages.ts.
import { z } from 'zod';

/** A message older than this (by the workflow's clock) is a replay, not a late delivery. */
export const BOUND_MESSAGE_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** Clocks of the API's host and the worker's may differ a little. */
export const BOUND_MESSAGE_MAX_SKEW_MS = 5 * 60_000;

export const BindingSchema = z.object({
  workflowId: z.string().min(1).max(300),
  message: z.string().min(1).max(200),
  requestId: z.string().min(1).max(300),
  at: z.string().datetime(),
});
export const BoundMessageSchema = z.object({ $bound: BindingSchema, args: z.array(z.unknown()) }).strict();
export type Binding = z.infer<typeof BindingSchema>;
export type BoundMessage = z.infer<typeof BoundMessageSchema>;

/** The one argument that carries `args` to `to`. */
export function bindMessage(to: Binding, args: readonly unknown[]): [BoundMessage] {
  return [{ $bound: to, args: [...args] }];
}

export type Unbound =
  | { ok: true; args: unknown[]; requestId: string }
  | { ok: false; reason: 'unbound' | 'other_workflow' | 'other_message' | 'expired' | 'from_the_future' };

/**
 * The message's own arguments when its binding names this workflow and this message and its time is
 * plausible; otherwise why not. `now` is the workflow's clock.
 */
export function unbindMessage(args: readonly unknown[], here: { workflowId: string; message: string; now: number }): Unbound {
  const parsed = args.length === 1 ? BoundMessageSchema.safeParse(args[0]) : null;
  if (!parsed?.success) return { ok: false, reason: 'unbound' };
  const to = parsed.data.$bound;
  if (to.workflowId !== here.workflowId) return { ok: false, reason: 'other_workflow' };
  if (to.message !== here.message) return { ok: false, reason: 'other_message' };
  const at = Date.parse(to.at);
  if (at < here.now - BOUND_MESSAGE_MAX_AGE_MS) return { ok: false, reason: 'expired' };
  if (at > here.now + BOUND_MESSAGE_MAX_SKEW_MS) return { ok: false, reason: 'from_the_future' };
  return { ok: true, args: parsed.data.args, requestId: to.requestId };
}
