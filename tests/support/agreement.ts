// Does the store say what the workflow says? The audit copy step by step (seq, action, actor, time,
// deadline), the read model's holder, tier, status and deadline, against the workflow's own state
// query. Used by the tests of how the store follows the workflow (one-truth, resets, restores).
import { asc, eq } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client.js';
import { caseSteps, cases } from '../../db/schema.js';
import type { CaseView } from '../../domain/case.js';
import { caseWorkflowId, stateQuery } from '../../workflows/definitions.js';
import { first } from '../../db/store.js';

export interface Disagreement {
  /** What differs, in words a failing test prints. */
  differences: string[];
  workflow: CaseView;
}

export async function compareCase(db: Db, client: Client, caseId: string): Promise<Disagreement> {
  const workflow = await client.workflow.getHandle(caseWorkflowId(caseId)).query(stateQuery);
  const differences: string[] = [];
  const stored = (await db.select().from(caseSteps).where(eq(caseSteps.caseId, caseId)).orderBy(asc(caseSteps.seq)));
  if (stored.length !== workflow.timeline.length) differences.push(`steps: store ${stored.length}, workflow ${workflow.timeline.length}`);
  for (const w of workflow.timeline) {
    const s = stored.find((x) => x.seq === w.seq);
    if (!s) {
      differences.push(`step ${w.seq} ${w.action}: missing in the store`);
      continue;
    }
    for (const k of ['action', 'actor', 'at', 'deadlineAt'] as const) {
      if ((s[k] ?? null) !== (w[k] ?? null)) differences.push(`step ${w.seq} ${k}: store ${s[k]}, workflow ${w[k]}`);
    }
  }
  const row = (await first(db.select().from(cases).where(eq(cases.id, caseId))));
  if (!row) differences.push('read model: no row');
  else {
    const expect = { status: workflow.status, tier: workflow.tier, assigneeId: workflow.assignee?.principalId ?? null };
    for (const [k, v] of Object.entries(expect)) if ((row as Record<string, unknown>)[k] !== v) differences.push(`read model ${k}: store ${String((row as Record<string, unknown>)[k])}, workflow ${String(v)}`);
    if (workflow.phase !== 'feedback' && workflow.phase !== 'done' && row.deadlineAt !== workflow.deadlineAt) differences.push(`read model deadlineAt: store ${row.deadlineAt}, workflow ${workflow.deadlineAt}`);
  }
  return { differences, workflow };
}
