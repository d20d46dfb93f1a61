// How the store follows the workflows, for supervisors and administrators: the workflows whose store
// calls kept failing until they stopped retrying by themselves (StoreBehind in Temporal UI; they go on
// when the store answers again, reconcile/sweeper.ts), and the cases halted because their workflow
// stopped without finishing.
import type { Client } from '@temporalio/client';
import { desc, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
export { isStoreUnavailable } from '../db/store.js';
import { cases } from '../db/schema.js';

export async function storeBehind(client: Client, limit = 200): Promise<{ workflowId: string; type: string; since: string | null }[]> {
  const out: { workflowId: string; type: string; since: string | null }[] = [];
  for await (const w of client.workflow.list({ query: `StoreBehind = true AND ExecutionStatus = 'Running'` })) {
    out.push({ workflowId: w.workflowId, type: w.type, since: w.startTime?.toISOString() ?? null });
    if (out.length >= limit) break;
  }
  return out;
}

export async function haltedCases(db: Db, limit = 200) {
  return (await db
    .select({ id: cases.id, title: cases.title, leadUnitId: cases.leadUnitId, tier: cases.tier, status: cases.status, haltedAt: cases.haltedAt, haltedReason: cases.haltedReason })
    .from(cases)
    .where(isNotNull(cases.haltedAt))
    .orderBy(desc(cases.haltedAt))
    .limit(limit));
}
