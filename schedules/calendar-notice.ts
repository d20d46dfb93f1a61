// The daily reminder while next year's official calendar is missing: every morning at 09:00
// Asia/Shanghai the check runs (workflows/calendar-watch.ts); it writes to the administrators only
// from 1 November and only while the year is neither loaded nor in the package.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { workflowName, type WorkflowOf } from '../workflows/definitions.js';
import type { ScheduleContext } from './context.js';

export const CALENDAR_NOTICE_SCHEDULE_ID = 'calendar-notice-daily';

function action(taskQueue: string): ScheduleOptionsStartWorkflowAction<WorkflowOf<'calendarWatchWorkflow'>> {
  return {
    type: 'startWorkflow' as const,
    workflowType: workflowName('calendarWatchWorkflow'),
    workflowId: 'calendar-notice-check',
    taskQueue,
    args: [],
    staticSummary: '节假日安排: remind administrators while next year\'s notice is not loaded',
  };
}

/** Creates the schedule once; a later start only follows a change of task queue. */
export async function ensureCalendarNoticeSchedule({ client, taskQueue }: ScheduleContext): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: CALENDAR_NOTICE_SCHEDULE_ID,
      spec: { calendars: [{ hour: 9, comment: 'every morning; the workflow decides whether a reminder is due' }], timezone: 'Asia/Shanghai' },
      action: action(taskQueue),
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: "From 1 November, administrators are reminded daily until next year's State Council holiday notice is loaded (PUT /v1/calendar/{year})." },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    const handle = client.schedule.getHandle(CALENDAR_NOTICE_SCHEDULE_ID);
    if ((await handle.describe()).action.taskQueue !== taskQueue) await handle.update((prev) => ({ ...prev, action: action(taskQueue) }));
  }
}
