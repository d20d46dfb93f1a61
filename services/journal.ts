// Tells the directory's journal in Temporal (workflows/directory-journal.ts) what a restored store
// must not forget: a token revoked, a principal deactivated. Signal-with-start: it needs no worker and
// starts the journal the first time. If Temporal cannot be reached the change stands in the store;
// only a restore from an older backup would then miss it, and the log says so.
import type { Client } from '@temporalio/client';
import { DIRECTORY_JOURNAL_ID, journalSignal, workflowName, type JournalEntry } from '../workflows/definitions.js';

export async function journal(client: Client, taskQueue: string, entries: JournalEntry[], waitMs = 5000): Promise<void> {
  for (const e of entries) {
    try {
      await client.withDeadline(Date.now() + waitMs, () =>
        client.workflow.signalWithStart(workflowName('directoryJournalWorkflow'), {
          workflowId: DIRECTORY_JOURNAL_ID,
          taskQueue,
          args: [{}],
          signal: journalSignal,
          signalArgs: [e],
          staticSummary: 'the directory journal: tokens revoked, principals deactivated (for a restored store)',
        }),
      );
    } catch (err) {
      console.error(`[journal] not journaled (${(err as Error).message}): ${e.kind} ${'principalId' in e ? e.principalId : e.tokenHash.slice(0, 16)}`);
    }
  }
}
