// The daily trigger behind the village reception's schedule (schedules/village-month.ts). A Temporal
// Schedule knows cron-like calendars, not China's working days (holidays, make-up working days
// 调休上班), so it fires every morning and this workflow asks an activity whether the month is due:
// today is the month's first working day, or later while that month has not started (a start
// missed while the system was down is made up). Each town's month starts once: its workflow id is
// fixed per town and month, and a finished month is never started again.
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { villageMonthWorkflowId } from '../domain/village.js';
import { MonthKey, TownKey } from './definitions.js';
import { villageMonthWorkflow } from './village-month.js';
import { lookups } from './shared.js';


export interface VillageMonthTickResult {
  date: string;
  month: string;
  firstWorkingDay: string;
  due: boolean;
  started: string[];
}

/** `at` stands in for the trigger time (tests, a manual run for a given day). */
export async function villageMonthTickWorkflow(input: { at?: string } = {}): Promise<VillageMonthTickResult> {
  const at = input?.at ?? new Date().toISOString();
  const d = await lookups.villageMonthDue({ at });
  const started: string[] = [];
  if (!d.due) return { ...d, started };
  for (const town of d.towns) {
    try {
      await startChild(villageMonthWorkflow, {
        workflowId: villageMonthWorkflowId(town, d.month),
        args: [{ townUnitId: town, month: d.month }],
        // The month outlives this trigger.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: TownKey, value: town },
          { key: MonthKey, value: d.month },
        ],
        staticSummary: `村干部跑办代访 village reception · ${town} · ${d.month}`,
      });
      started.push(town);
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
  }
  return { ...d, started };
}
