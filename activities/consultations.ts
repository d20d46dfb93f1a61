// Convening the key-project consultations that wait for the Saturday session. Idempotent: a
// consultation already convened ignores a second `convene`.
import { getClient } from '@temporalio/activity';
import { conveneSignal } from '../workflows/definitions.js';

export function createConsultationActivities() {
  return {
    async conveneWaitingConsultations(req: { session: string }): Promise<string[]> {
      const client = getClient();
      const ids: string[] = [];
      const query = `WorkflowType = 'consultationWorkflow' AND ExecutionStatus = 'Running' AND CaseStatus = 'awaiting_session'`;
      for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
      for (const id of ids) await client.workflow.getHandle(id).signal(conveneSignal, { session: req.session });
      return ids;
    },
  };
}
