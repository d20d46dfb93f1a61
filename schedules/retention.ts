// The daily retention run: at 03:00 Asia/Shanghai, when the counters are quiet, personal data past its
// span in the policy file is masked or deleted (workflows/retention.ts, docs/retention.md).
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { workflowName, type WorkflowOf } from '../workflows/definitions.js';
import type { ScheduleContext } from './index.js';

export const RETENTION_SCHEDULE_ID = 'retention-daily';

function action(taskQueue: string): ScheduleOptionsStartWorkflowAction<WorkflowOf<'retentionWorkflow'>> {
  return {
    type: 'startWorkflow' as const,
    workflowType: workflowName('retentionWorkflow'),
    workflowId: 'retention-run',
    taskQueue,
    args: [],
    staticSummary: '保存期限: mask or delete personal data past its retention span',
  };
}

/** Creates the schedule once; a later start only follows a change of task queue. */
export async function ensureRetentionSchedule({ client, taskQueue }: ScheduleContext): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: RETENTION_SCHEDULE_ID,
      spec: { calendars: [{ hour: 3, comment: 'every night' }], timezone: 'Asia/Shanghai' },
      action: action(taskQueue),
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: 'Personal data of closed cases and complaints, sent notifications and one-time codes, past the spans of the policy file (retention), is masked or deleted.' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    const handle = client.schedule.getHandle(RETENTION_SCHEDULE_ID);
    if ((await handle.describe()).action.taskQueue !== taskQueue) await handle.update((prev) => ({ ...prev, action: action(taskQueue) }));
  }
}
