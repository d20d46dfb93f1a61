// The schedule of the weekly key-project session: Saturday 09:00, Asia/Shanghai.
import { workflowName } from '../workflows/definitions.js';
import { ensureSchedule } from './ensure.js';
import type { ScheduleContext } from './context.js';

export const SATURDAY_SCHEDULE_ID = 'saturday-consultation';

/** Creates the schedule once; a later start only follows a change of task queue. */
export async function ensureSaturdayConsultationSchedule(ctx: ScheduleContext): Promise<void> {
  await ensureSchedule(ctx, {
    scheduleId: SATURDAY_SCHEDULE_ID,
    spec: { calendars: [{ dayOfWeek: 'SATURDAY', hour: 9, comment: 'Saturday morning session' }], timezone: 'Asia/Shanghai' },
    action: (taskQueue) => ({
      type: 'startWorkflow',
      workflowType: workflowName('saturdaySessionWorkflow'),
      workflowId: 'saturday-consultation-session',
      taskQueue,
      args: [],
      staticSummary: '重点项目"星期六会商": convene waiting key-project consultations',
    }),
    note: 'Key projects are consulted at the weekly Saturday session (重点项目"星期六会商").',
  });
}
