// Where one Update's time goes, read from the workflow's own history (server timestamps): the wait for
// a workflow task, the task itself (with its local activities), the activity task that copies the step
// out, and the second workflow task that answers the Update. The distributed half of the profile.
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { summarize, type Summary } from './stats.js';

/** A history event in its JSON form (string event types, ISO times with nanoseconds). */
interface Event {
  eventId: string;
  eventTime: string;
  eventType: string;
  workflowExecutionUpdateCompletedEventAttributes?: { acceptedEventId?: string };
}
const E = {
  WFT_SCHEDULED: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
  WFT_STARTED: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
  WFT_COMPLETED: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
  ACT_SCHEDULED: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
  ACT_STARTED: 'EVENT_TYPE_ACTIVITY_TASK_STARTED',
  ACT_COMPLETED: 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
  UPDATE_ACCEPTED: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
  UPDATE_COMPLETED: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
};

/** Milliseconds of an ISO time, keeping the sub-millisecond digits. */
const ms = (e: Event | undefined): number => {
  const m = e && /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(e.eventTime);
  if (!m) return NaN;
  return Date.parse(`${m[1]}Z`) + Number(`0.${m[2] ?? '0'}`) * 1000;
};

export interface UpdatePhases {
  /** Update admitted (workflow task scheduled) until a worker picked the task up. */
  taskWait: number;
  /** The workflow task that accepted the Update: validator, handler, local activities. */
  task: number;
  /** Activity scheduled until a worker started it. */
  activityWait: number;
  activityRun: number;
  /** Activity done until the next workflow task started. */
  secondTaskWait: number;
  /** The workflow task that completed the Update. */
  secondTask: number;
  /** Admitted until completed, server clock. */
  total: number;
  workflowTasks: number;
  activityTasks: number;
  events: number;
}

/** Phases of every Update in one history. */
export function updatePhases(events: Event[]): UpdatePhases[] {
  const out: UpdatePhases[] = [];
  events.forEach((ev, i) => {
    if (ev.eventType !== E.UPDATE_ACCEPTED) return;
    const acceptedId = Number(ev.eventId);
    const done = events.findIndex((x) => x.eventType === E.UPDATE_COMPLETED && Number(x.workflowExecutionUpdateCompletedEventAttributes?.acceptedEventId) === acceptedId);
    if (done < 0) return;
    const before = (type: string, from: number) => {
      for (let k = from; k >= 0; k--) if (events[k].eventType === type) return events[k];
      return undefined;
    };
    const scheduled1 = before(E.WFT_SCHEDULED, i);
    const started1 = before(E.WFT_STARTED, i);
    const completed1 = before(E.WFT_COMPLETED, i);
    const between = events.slice(i, done + 1);
    const of = (type: string) => between.filter((x) => x.eventType === type);
    const actScheduled = of(E.ACT_SCHEDULED)[0];
    const actStarted = of(E.ACT_STARTED)[0];
    const actCompleted = of(E.ACT_COMPLETED)[0];
    const wfts = of(E.WFT_COMPLETED).length;
    const scheduled2 = before(E.WFT_SCHEDULED, done);
    const started2 = before(E.WFT_STARTED, done);
    const completed2 = before(E.WFT_COMPLETED, done);
    const second = wfts > 0;
    out.push({
      taskWait: ms(started1) - ms(scheduled1),
      task: ms(completed1) - ms(started1),
      activityWait: actScheduled && actStarted ? ms(actStarted) - ms(actScheduled) : 0,
      activityRun: actStarted && actCompleted ? ms(actCompleted) - ms(actStarted) : 0,
      secondTaskWait: second ? ms(started2) - ms(scheduled2) : 0,
      secondTask: second ? ms(completed2) - ms(started2) : 0,
      // An Update the first task both accepted and completed ends with that task.
      total: (second ? ms(completed2) : ms(completed1)) - ms(scheduled1),
      workflowTasks: 1 + wfts,
      activityTasks: of(E.ACT_SCHEDULED).length,
      events: done - events.indexOf(scheduled1!) + 1,
    });
  });
  return out;
}

export type Anatomy = Record<keyof UpdatePhases, Summary> & { histories: number; eventsPerHistory: number };

/** Phases over the histories of some finished workflows. */
export async function anatomyOf(client: Client, workflowIds: string[]): Promise<Anatomy | null> {
  const all: UpdatePhases[] = [];
  let events = 0;
  for (const id of workflowIds) {
    const h = await client.workflow.getHandle(id).fetchHistory();
    const evs = (JSON.parse(historyToJSON(h)) as { events?: Event[] }).events ?? [];
    events += evs.length;
    all.push(...updatePhases(evs));
  }
  if (all.length === 0) return null;
  const keys = Object.keys(all[0]) as (keyof UpdatePhases)[];
  const out = Object.fromEntries(keys.map((k) => [k, summarize(all.map((p) => p[k]))])) as unknown as Anatomy;
  out.histories = workflowIds.length;
  out.eventsPerHistory = Math.round(events / workflowIds.length);
  return out;
}
