// What every schedule's ensure function gets: the client to create the schedule with and the task
// queue its workflows run on. A module of its own, so the schedules depend on it and not on the list.
import type { Client } from '@temporalio/client';

export interface ScheduleContext {
  client: Client;
  taskQueue: string;
}
