// Creating a schedule the system needs, once: every process start calls it (concurrently, too); an
// existing schedule is left as it is, except that it follows a change of task queue.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptionsAction, type ScheduleSpec } from '@temporalio/client';
import type { ScheduleContext } from './context.js';

export interface ScheduleDef {
  scheduleId: string;
  spec: ScheduleSpec;
  /** The workflow it starts, on the given task queue. */
  action(taskQueue: string): ScheduleOptionsAction;
  /** What the schedule is for, shown in Temporal UI. */
  note: string;
}

export async function ensureSchedule({ client, taskQueue }: ScheduleContext, def: ScheduleDef): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: def.scheduleId,
      spec: def.spec,
      action: def.action(taskQueue),
      // A day the system was down is caught up once; two triggers never run at the same time.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: def.note },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    const handle = client.schedule.getHandle(def.scheduleId);
    if ((await handle.describe()).action.taskQueue !== taskQueue) await handle.update((prev) => ({ ...prev, action: def.action(taskQueue) }));
  }
}
