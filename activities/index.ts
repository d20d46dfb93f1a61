// Every activity the worker registers, built over one database handle and one policy.
import type { Db } from '../db/client.js';
import type { Policy } from '../domain/policy.js';
import type { FaultHooks } from '../config.js';
import { createDeadlineActivities } from './deadlines.js';
import { createStoreCallActivities } from './store-call.js';
import { createStoreBackupActivities } from './store-backup.js';
import { createVillageActivities } from './village.js';
import { createComplaintActivities } from './complaints.js';
import { createConsultationActivities } from './consultations.js';
import { createRetimingActivities } from './retiming.js';
import { createRetentionActivities } from './retention.js';

export interface ActivityDeps {
  db: Db;
  policy: Policy;
  /** Test faults (config.ts faultHooks); none in production. */
  faults?: FaultHooks;
}

export function createActivities({ db, policy, faults = {} }: ActivityDeps) {
  const { computeDeadline } = createDeadlineActivities(db, policy);
  let storeCalls = 0;
  // The worker dies right after the n-th store call committed, before its workflow task completes.
  const afterCommit = faults.exitAfterStoreCall
    ? () => {
        if (++storeCalls === faults.exitAfterStoreCall) process.exit(137);
      }
    : undefined;
  return {
    computeDeadline,
    ...createStoreCallActivities(db, { policy, afterCommit }),
    ...createStoreBackupActivities(db),
    ...createVillageActivities(db),
    ...createComplaintActivities(db),
    ...createConsultationActivities(),
    ...createRetimingActivities(db),
    ...createRetentionActivities(db, policy),
  };
}
