// The directory's journal in Temporal: every token revoked and every principal deactivated is also
// told to this one workflow (id `directory-journal`), because Temporal outlives a store that has to
// be restored from an older backup. After a restore the store's reconciliation reads it back and
// revokes again what the backup still had as valid (docs/operations.md). It keeps what a restore can
// still need (entries younger than the longest token life) and starts afresh when its history grows.
import { condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { journalQuery, journalSignal, type JournalEntry } from './definitions.js';

/** Entries older than this cannot matter to a restore: every token they concern has expired anyway. */
const KEEP_MS = 400 * 86_400_000;

export async function directoryJournalWorkflow(input: { entries?: JournalEntry[] } = {}): Promise<void> {
  const entries: JournalEntry[] = [...(input?.entries ?? [])];
  setHandler(journalSignal, (e) => {
    if (e && (e.kind === 'token_revoked' || e.kind === 'principal_deactivated') && typeof e.at === 'string') entries.push(e);
  });
  setHandler(journalQuery, () => entries);
  await condition(() => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 5_000);
  const since = Date.now() - KEEP_MS;
  await continueAsNew<typeof directoryJournalWorkflow>({ entries: entries.filter((e) => Date.parse(e.at) >= since) });
}
