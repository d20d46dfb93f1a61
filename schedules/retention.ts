// The daily retention run: at 03:00 Asia/Shanghai, when the counters are quiet, personal data past its
// span in the policy file is masked or deleted (workflows/retention.ts, docs/retention.md).
import { workflowName } from '../workflows/definitions.js';
import { ensureSchedule } from './ensure.js';
import type { ScheduleContext } from './context.js';

export const RETENTION_SCHEDULE_ID = 'retention-daily';

/** Creates the schedule once; a later start only follows a change of task queue. */
export async function ensureRetentionSchedule(ctx: ScheduleContext): Promise<void> {
  await ensureSchedule(ctx, {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: { calendars: [{ hour: 3, comment: 'every night' }], timezone: 'Asia/Shanghai' },
    action: (taskQueue) => ({
      type: 'startWorkflow',
      workflowType: workflowName('retentionWorkflow'),
      workflowId: 'retention-run',
      taskQueue,
      args: [],
      staticSummary: '保存期限: mask or delete personal data past its retention span',
    }),
    note: 'Personal data of closed cases and complaints, sent notifications and one-time codes, past the spans of the policy file (retention), is masked or deleted.',
  });
}
