// Each message a workflow takes is checked against its binding before any handler sees it
// (domain/bound-message.ts): made for this workflow and this message, and not taken before in this run. One that fails is refused as an unsealed one is: an update's
// validator rejects it (nothing written), a signal's handler gets the unsealed marker (the decide
// signal records it as `rejected`, the others drop it). A request id taken before is a copy: an update
// is refused, a signal dropped. Signals one workflow sends another are bound the same way.
import { ApplicationFailure, log, uuid4, workflowInfo, type Next, type SignalInput, type SignalWorkflowInput, type UpdateInput, type WorkflowInboundCallsInterceptor, type WorkflowInterceptorsFactory, type WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';
import { UNSEALED, bindMessage, unbindMessage, type Unbound } from '../domain/bound-message.js';

const REFUSED = 'UNBOUND_MESSAGE';

class BoundInbound implements WorkflowInboundCallsInterceptor {
  /** Request ids taken in this run: rebuilt by replay, as every handler's effect is. */
  private readonly taken = new Set<string>();

  private check(args: readonly unknown[], message: string): Unbound {
    return unbindMessage(args, { workflowId: workflowInfo().workflowId, message });
  }

  private refusal(message: string, r: Unbound): ApplicationFailure {
    const why = r.ok ? `request ${r.requestId} was taken before` : `binding: ${r.reason}`;
    return ApplicationFailure.nonRetryable(`${message} refused: not a message our API sent to this case (${why})`, REFUSED);
  }

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    const r = this.check(input.args, input.name);
    if (!r.ok || this.taken.has(r.requestId)) throw this.refusal(input.name, r);
    next({ ...input, args: r.args });
  }

  async handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    // Validators run only live and only where a handler has one: checked again here, on every path.
    const r = this.check(input.args, input.name);
    if (!r.ok || this.taken.has(r.requestId)) throw this.refusal(input.name, r);
    this.taken.add(r.requestId);
    return next({ ...input, args: r.args });
  }

  async handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    const r = this.check(input.args, input.signalName);
    if (!r.ok) {
      log.warn('signal refused: not bound to this workflow', { signal: input.signalName, reason: r.reason });
      return next({ ...input, args: [UNSEALED] });
    }
    if (this.taken.has(r.requestId)) return;
    this.taken.add(r.requestId);
    return next({ ...input, args: r.args });
  }
}

class BoundOutbound implements WorkflowOutboundCallsInterceptor {
  async signalWorkflow(input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>): Promise<void> {
    const workflowId = input.target.type === 'child' ? input.target.childWorkflowId : (input.target.workflowExecution.workflowId ?? '');
    const to = { workflowId, message: input.signalName, requestId: uuid4(), at: new Date(Date.now()).toISOString() };
    return next({ ...input, args: bindMessage(to, input.args) });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new BoundInbound()], outbound: [new BoundOutbound()] });
