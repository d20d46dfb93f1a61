// The nightly backup of the store (started by the `store-backup-daily` schedule): one activity on the
// worker, which holds the store file (db/backup.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from './shared.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30m',
  retry: { initialInterval: '1m', maximumInterval: '30m', maximumAttempts: 5 },
  summary: 'a consistent copy of the case store',
});

export async function storeBackupWorkflow(): Promise<{ file: string; bytes: number; takenAt: string; removed: string[] }> {
  return store.backupStore();
}
