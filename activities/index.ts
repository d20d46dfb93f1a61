// Every activity the worker registers, built over one database handle and one policy.
import type { Db } from '../db/client.js';
import type { Policy } from '../domain/policy.js';
import { createDeadlineActivities } from './deadlines.js';
import { createDirectoryActivities } from './directory.js';
import { createProjectionActivities } from './projection.js';
import { createVillageActivities } from './village.js';
import { createComplaintActivities } from './complaints.js';
import { createConsultationActivities } from './consultations.js';
import { createRetimingActivities } from './retiming.js';
import { createRetentionActivities } from './retention.js';

export interface ActivityDeps {
  db: Db;
  policy: Policy;
}

export function createActivities({ db, policy }: ActivityDeps) {
  const { resolveAssignee } = createDirectoryActivities(db);
  const { computeDeadline, reminderBetween } = createDeadlineActivities(db, policy);
  return {
    resolveAssignee,
    computeDeadline,
    reminderBetween,
    ...createProjectionActivities(db, { policy }),
    ...createVillageActivities(db),
    ...createComplaintActivities(db),
    ...createConsultationActivities(),
    ...createRetimingActivities(db),
    ...createRetentionActivities(db, policy),
  };
}
