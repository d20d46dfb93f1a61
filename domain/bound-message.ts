// Every signal and update our processes send travels bound to its target: the message's arguments and
// the workflow id, the message name, a request id and the time it was sent, in ONE payload. The
// payload codec seals each payload whole (AES-GCM), so nobody without our keys can change the binding
// without breaking the seal, nor graft a sealed decision copied from one case's history onto a binding
// made for another. The workflows check the binding before any handler sees the message
// (workflows/interceptors.ts); the client side binds in security/bound-messages.ts.
// The time is bound so that each message in a history says, authenticated, when our process sent
// it. It is not compared with the workflow's clock: that clock is the server's (and runs ahead in
// tests on the time-skipping server); a copy within the run is caught by its request id instead.
import { z } from 'zod';

/**
 * What a message we cannot vouch for becomes before any handler sees it: a payload not sealed with
 * our keys (security/payload-codec.ts) or a message not bound to its target (workflows/interceptors.ts).
 * Every message schema refuses it.
 */
export const UNSEALED = { $unsealed: true } as const;

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
  | { ok: false; reason: 'unbound' | 'other_workflow' | 'other_message' };

/** The message's own arguments when its binding names this workflow and this message; otherwise why not. */
export function unbindMessage(args: readonly unknown[], here: { workflowId: string; message: string }): Unbound {
  const parsed = args.length === 1 ? BoundMessageSchema.safeParse(args[0]) : null;
  if (!parsed?.success) return { ok: false, reason: 'unbound' };
  const to = parsed.data.$bound;
  if (to.workflowId !== here.workflowId) return { ok: false, reason: 'other_workflow' };
  if (to.message !== here.message) return { ok: false, reason: 'other_message' };
  return { ok: true, args: parsed.data.args, requestId: to.requestId };
}
