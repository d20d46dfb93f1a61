// The nightly backup of the store: at 02:00 Asia/Shanghai a consistent copy (VACUUM INTO) goes to
// BACKUP_DIR (default DATA_DIR/backups), the newest BACKUP_KEEP (7) kept (workflows/store-backup.ts,
// docs/operations.md).
import { workflowName } from '../workflows/definitions.js';
import { ensureSchedule } from './ensure.js';
import type { ScheduleContext } from './context.js';

export const STORE_BACKUP_SCHEDULE_ID = 'store-backup-daily';

/** Creates the schedule once; a later start only follows a change of task queue. */
export async function ensureStoreBackupSchedule(ctx: ScheduleContext): Promise<void> {
  await ensureSchedule(ctx, {
    scheduleId: STORE_BACKUP_SCHEDULE_ID,
    spec: { calendars: [{ hour: 2, comment: 'every night' }], timezone: 'Asia/Shanghai' },
    action: (taskQueue) => ({
      type: 'startWorkflow',
      workflowType: workflowName('storeBackupWorkflow'),
      workflowId: 'store-backup-run',
      taskQueue,
      args: [],
      staticSummary: '数据备份: a consistent copy of the case store',
    }),
    note: 'A consistent copy of the case store (VACUUM INTO), the newest BACKUP_KEEP kept; restore with npm run store:restore (docs/operations.md).',
  });
}
