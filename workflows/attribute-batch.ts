// Search attributes set while a job runs, sent as one command when it ends: every upsert is a history
// event, and one job may record several steps (received, then assigned).
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';

export class AttributeBatch {
  private readonly pending = new Map<string, SearchAttributeUpdatePair>();

  /** The newest value of each attribute wins. */
  set(pairs: SearchAttributeUpdatePair[]): void {
    for (const p of pairs) this.pending.set(p.key.name, p);
  }

  /** One upsert for everything set since the last flush (none if nothing was). */
  flush(): void {
    if (!this.pending.size) return;
    upsertSearchAttributes([...this.pending.values()]);
    this.pending.clear();
  }
}
