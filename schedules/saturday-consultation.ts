// The schedule of the weekly key-project session: Saturday 09:00, Asia/Shanghai.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { workflowName, type WorkflowOf } from '../workflows/definitions.js';
import type { ScheduleContext } from './context.js';

export const SATURDAY_SCHEDULE_ID = 'saturday-consultation';

function action(taskQueue: string): ScheduleOptionsStartWorkflowAction<WorkflowOf<'saturdaySessionWorkflow'>> {
  return {
    type: 'startWorkflow' as const,
    workflowType: workflowName('saturdaySessionWorkflow'),
    workflowId: 'saturday-consultation-session',
    taskQueue,
    args: [],
    staticSummary: '重点项目"星期六会商": convene waiting key-project consultations',
  };
}

/** Creates the schedule once; a later start only follows a change of task queue. */
export async function ensureSaturdayConsultationSchedule({ client, taskQueue }: ScheduleContext): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: SATURDAY_SCHEDULE_ID,
      spec: { calendars: [{ dayOfWeek: 'SATURDAY', hour: 9, comment: 'Saturday morning session' }], timezone: 'Asia/Shanghai' },
      action: action(taskQueue),
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: 'Key projects are consulted at the weekly Saturday session (重点项目"星期六会商").' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    const handle = client.schedule.getHandle(SATURDAY_SCHEDULE_ID);
    if ((await handle.describe()).action.taskQueue !== taskQueue) await handle.update((prev) => ({ ...prev, action: action(taskQueue) }));
  }
}
