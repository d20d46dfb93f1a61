// Every activity the worker registers, built over one database handle and one policy.
import type { Db } from '../db/client.js';
import type { Policy } from '../domain/policy.js';
import { createDeadlineActivities } from './deadlines.js';
import { createStoreCallActivities } from './store-call.js';
import { createVillageActivities } from './village.js';
import { createComplaintActivities } from './complaints.js';
import { createConsultationActivities } from './consultations.js';
import { createRetimingActivities } from './retiming.js';

export interface ActivityDeps {
  db: Db;
  policy: Policy;
}

export function createActivities({ db, policy }: ActivityDeps) {
  const { computeDeadline } = createDeadlineActivities(db, policy);
  return {
    computeDeadline,
    ...createStoreCallActivities(db, { policy }),
    ...createVillageActivities(db),
    ...createComplaintActivities(db),
    ...createConsultationActivities(),
    ...createRetimingActivities(db),
  };
}
