// The daily reminder while next year's official calendar is missing: every morning at 09:00
// Asia/Shanghai the check runs (workflows/calendar-watch.ts); it writes to the administrators only
// from 1 November and only while the year is neither loaded nor in the package.
import { workflowName } from '../workflows/definitions.js';
import { ensureSchedule } from './ensure.js';
import type { ScheduleContext } from './context.js';

export const CALENDAR_NOTICE_SCHEDULE_ID = 'calendar-notice-daily';

/** Creates the schedule once; a later start only follows a change of task queue. */
export async function ensureCalendarNoticeSchedule(ctx: ScheduleContext): Promise<void> {
  await ensureSchedule(ctx, {
    scheduleId: CALENDAR_NOTICE_SCHEDULE_ID,
    spec: { calendars: [{ hour: 9, comment: 'every morning; the workflow decides whether a reminder is due' }], timezone: 'Asia/Shanghai' },
    action: (taskQueue) => ({
      type: 'startWorkflow',
      workflowType: workflowName('calendarWatchWorkflow'),
      workflowId: 'calendar-notice-check',
      taskQueue,
      args: [],
      staticSummary: '节假日安排: remind administrators while next year\'s notice is not loaded',
    }),
    note: "From 1 November, administrators are reminded daily until next year's State Council holiday notice is loaded (PUT /v1/calendar/{year}).",
  });
}
