// The daily retention run's one activity: the policy's spans applied to the store (services/retention.ts).
import type { Db } from '../db/client.js';
import type { Policy } from '../domain/policy.js';
import { applyRetention, type RetentionRun } from '../services/retention.js';

export function createRetentionActivities(db: Db, policy: Policy) {
  return {
    /** Masks and deletes personal data past its retention span, as of `at` (the run's own start). */
    async purgePersonalData(req: { at: string }): Promise<RetentionRun> {
      return applyRetention(db, policy.retention, new Date(req.at));
    },
  };
}
