// Search attributes set while a job runs, sent as one command when it ends, and only those whose value
// changed: every upsert is a history event and a write to Temporal's visibility store, so a job that
// changes nothing an administrator filters on costs neither.
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';

type Value = SearchAttributeUpdatePair['value'];

/** Equal as Temporal stores them: instants by their time, lists element by element, "unset" as null. */
function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x instanceof Date || y instanceof Date) return x instanceof Date && y instanceof Date && x.getTime() === y.getTime();
  if (Array.isArray(x) || Array.isArray(y)) return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i]);
  return x === y;
}

export class AttributeBatch {
  private readonly pending = new Map<string, SearchAttributeUpdatePair>();

  /** The newest value of each attribute wins. */
  set(pairs: SearchAttributeUpdatePair[]): void {
    for (const p of pairs) this.pending.set(p.key.name, p);
  }

  /**
   * One upsert for the attributes set since the last flush whose value differs from the workflow's own
   * (its start's, then every upsert's: the SDK keeps `workflowInfo().typedSearchAttributes` current);
   * none if nothing changed.
   */
  flush(): void {
    if (!this.pending.size) return;
    const current = workflowInfo().typedSearchAttributes;
    const changed = [...this.pending.values()].filter((p) => !sameValue(current.get(p.key) as Value | undefined, p.value));
    this.pending.clear();
    if (changed.length) upsertSearchAttributes(changed);
  }
}
