// The village reception's Temporal Schedule (starting one town's month by hand is the service's:
// services/villages.ts, startVillageMonth).
//
// Why a daily trigger and not "the first working day": a Schedule's calendar knows days of the week
// and of the month, not China's official arrangement (holidays, make-up working days 调休上班; e.g.
// the first working day of October 2025 was Thursday the 9th, and of January 2026 Sunday the 4th).
// So the schedule fires every morning at 08:30 Asia/Shanghai and its workflow
// (workflows/village-month-tick.ts) asks the calendar activity whether this month's first working
// day has come; the month workflows' fixed ids make every start happen once.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { workflowName, type WorkflowOf } from '../workflows/definitions.js';
import type { ScheduleContext } from './context.js';

export const VILLAGE_MONTH_SCHEDULE_ID = 'village-month-daily';
export const VILLAGE_MONTH_TICK_WORKFLOW = workflowName('villageMonthTickWorkflow');

function action(taskQueue: string): ScheduleOptionsStartWorkflowAction<WorkflowOf<typeof VILLAGE_MONTH_TICK_WORKFLOW>> {
  return {
    type: 'startWorkflow' as const,
    workflowType: VILLAGE_MONTH_TICK_WORKFLOW,
    workflowId: 'village-month-tick',
    taskQueue,
    args: [{}],
    staticSummary: '村干部跑办代访: start each town\'s month on its first working day',
  };
}

/**
 * Creates the schedule if it is missing; an existing one is left as it is, except that it follows a
 * change of task queue. Safe to run at every start of every process, concurrently.
 */
export async function ensureVillageMonthSchedule({ client, taskQueue }: ScheduleContext): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: VILLAGE_MONTH_SCHEDULE_ID,
      spec: {
        calendars: [{ hour: 8, minute: 30, comment: 'every morning; the workflow decides whether it is the first working day' }],
        timezone: 'Asia/Shanghai',
      },
      action: action(taskQueue),
      // A day the system was down is caught up once; two triggers never run at the same time.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: 'Monthly rotating village reception (村干部跑办代访): daily trigger, see docs/village-reception.md' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    const handle = client.schedule.getHandle(VILLAGE_MONTH_SCHEDULE_ID);
    const current = await handle.describe();
    // A schedule made before payloads were sealed carries plain arguments, which our workers read as
    // the UNSEALED marker: seal them again.
    const unsealed = current.action.type === 'startWorkflow' && JSON.stringify(current.action.args ?? []).includes('"$unsealed"');
    if (current.action.taskQueue !== taskQueue || unsealed) {
      await handle.update((prev) => ({ ...prev, action: { ...action(taskQueue) } }));
    }
  }
}
