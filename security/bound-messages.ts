// Binds every signal and update this process sends to its target (domain/bound-message.ts): the
// arguments travel inside one payload with the workflow id, the message name, a request id (an
// update's id, so Temporal's de-duplication and ours agree) and the time. Every client of ours that
// messages workflows carries it: the API's, the worker's (its activities and the reconciliation)
// and the scripts'.
import { randomUUID } from 'node:crypto';
import type { ClientInterceptors, Next, WorkflowClientInterceptor, WorkflowSignalInput, WorkflowSignalWithStartInput, WorkflowStartUpdateInput, WorkflowStartUpdateWithStartInput } from '@temporalio/client';
import { bindMessage } from '../domain/bound-message.js';

const now = () => new Date().toISOString();

class BindMessages implements WorkflowClientInterceptor {
  async signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>) {
    const to = { workflowId: input.workflowExecution.workflowId, message: input.signalName, requestId: randomUUID(), at: now() };
    return next({ ...input, args: bindMessage(to, input.args) });
  }

  async signalWithStart(input: WorkflowSignalWithStartInput, next: Next<WorkflowClientInterceptor, 'signalWithStart'>) {
    const to = { workflowId: input.options.workflowId, message: input.signalName, requestId: randomUUID(), at: now() };
    return next({ ...input, signalArgs: bindMessage(to, input.signalArgs) });
  }

  async startUpdate(input: WorkflowStartUpdateInput, next: Next<WorkflowClientInterceptor, 'startUpdate'>) {
    const updateId = input.options.updateId ?? randomUUID();
    const to = { workflowId: input.workflowExecution.workflowId, message: input.updateName, requestId: updateId, at: now() };
    return next({ ...input, args: bindMessage(to, input.args), options: { ...input.options, updateId } });
  }

  async startUpdateWithStart(input: WorkflowStartUpdateWithStartInput, next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>) {
    const updateId = input.updateOptions.updateId ?? randomUUID();
    const to = { workflowId: input.workflowStartOptions.workflowId, message: input.updateName, requestId: updateId, at: now() };
    return next({ ...input, updateArgs: bindMessage(to, input.updateArgs), updateOptions: { ...input.updateOptions, updateId } });
  }
}

/** The client interceptors of every client of ours that sends messages to workflows. */
export const boundMessages = (): ClientInterceptors => ({ workflow: [new BindMessages()] });
