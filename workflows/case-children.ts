// A case's children, each in its own cancellation scope: the units' parts (协调) and the city
// consultation (市级领导会商). A child that fails, is terminated or never starts becomes a
// `childFailed` event in the case's mailbox, so the engine decides what follows. Cancelling is
// deferred until the step that ends the child is on its way to the store (the order in which the
// workflow has always issued these commands).
import { CancellationScope, ParentClosePolicy, isCancellation, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { PartView } from '../domain/case.js';
import type { CaseEffect, CaseState } from '../domain/engine/case.js';
import type { Mailbox } from './mailbox.js';
import type { CaseJob } from './case-messages.js';
import { unitPartWorkflow } from './unit-part.js';
import { consultationWorkflow } from './consultation.js';

type StartEffect = Extract<CaseEffect, { type: 'startPart' | 'startConsultation' }>;
type CancelEffect = Extract<CaseEffect, { type: 'cancelPart' | 'cancelConsultation' }>;

export function createCaseChildren(mailbox: Mailbox<CaseJob>) {
  /** Each running child's scope, by workflow id: cancelling it cancels the child. */
  const partScopes = new Map<string, CancellationScope>();
  let consultationScope: CancellationScope | null = null;
  const cancels: CancellationScope[] = [];

  /** A child in its own cancellation scope; if it ends without its answer, that becomes an event. */
  const child = (kind: 'part' | 'consultation', workflowId: string, start: () => Promise<ChildWorkflowHandle<never>>, answered: (result: unknown) => boolean) => {
    const scope = new CancellationScope();
    const failed = (reason: string) => mailbox.post({ type: 'childFailed', kind, workflowId, reason });
    const run = scope.run(async () => {
      const handle = await start();
      void handle.result().then(
        (r) => (answered(r) ? undefined : failed(`the ${kind} ended without an answer`)),
        (err) => (isCancellation(err) ? undefined : failed(`the ${kind} failed or was terminated: ${(err as Error).message}`)),
      );
    });
    return { scope, started: run.catch((err) => failed(`the ${kind} could not start: ${(err as Error).message}`)) };
  };

  async function start(st: CaseState, fx: StartEffect): Promise<void> {
    switch (fx.type) {
      case 'startPart': {
        const c = child('part', fx.workflowId, () =>
          startChild(unitPartWorkflow, {
            workflowId: fx.workflowId,
            args: [{ caseId: st.id, unitId: fx.unitId, leadUnitId: st.leadUnitId, title: st.title, question: fx.question, parentWorkflowId: st.workflowId }],
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, // a part never outlives its case
            staticSummary: `【协调】${st.title} · ${fx.unitId}`,
          }) as never,
          (p) => (p as PartView).status !== 'open',
        );
        partScopes.set(fx.workflowId, c.scope);
        await c.started;
        return;
      }
      case 'startConsultation': {
        const c = child('consultation', fx.workflowId, () =>
          startChild(consultationWorkflow, {
            workflowId: fx.workflowId,
            args: [{ caseId: st.id, parentWorkflowId: st.workflowId, leadUnitId: st.leadUnitId, unitIds: fx.unitIds, cityLeaderId: fx.cityLeaderId, keyProject: st.keyProject, reason: fx.reason, note: fx.note }],
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
            staticSummary: `市级领导会商 · ${st.title}`,
          }) as never,
          () => true,
        );
        consultationScope = c.scope;
        await c.started;
        return;
      }
    }
  }

  /** Marks a child to be cancelled (see cancelPending). */
  function cancel(fx: CancelEffect): void {
    if (fx.type === 'cancelPart') {
      const scope = partScopes.get(fx.workflowId);
      if (scope) cancels.push(scope);
      partScopes.delete(fx.workflowId);
    } else {
      if (consultationScope) cancels.push(consultationScope);
      consultationScope = null;
    }
  }

  /** Cancels the children whose ending step is now on its way to the store. */
  const cancelPending = () => {
    for (const scope of cancels.splice(0)) scope.cancel();
  };

  return { start, cancel, cancelPending };
}
