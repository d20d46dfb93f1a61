// What every workflow that holds a deadline shares when the official calendar changes
// (calendarChangedSignal): which deadlines the change concerns, and the rule that a deadline never
// moves earlier than what its holder was told. The recomputation itself is the calendar activity's.
import { setHandler } from '@temporalio/workflow';
import { calendarChangedSignal } from './definitions.js';

/** The patch id behind the re-timing behaviour (search attribute, re-timing loop) in running workflows. */
export const CALENDAR_RETIMING_PATCH = 'calendar-notice-retiming';

export { beijingYearOf, concerns, notEarlier, type CalendarChange } from '../domain/deadline-retiming.js';
import type { CalendarChange } from '../domain/deadline-retiming.js';

/**
 * Collects calendar changes as they arrive (several loads merge into one: their years together, the
 * last document number). The workflow's waits watch `pending`, and `take()` empties it.
 */
export class CalendarChanges {
  private queue: CalendarChange[] = [];

  /** Registers the calendarChanged handler; call once, early in the workflow. */
  listen(): this {
    setHandler(calendarChangedSignal, (change) => {
      if (change && Array.isArray(change.years)) this.queue.push({ years: change.years.filter((y) => Number.isInteger(y)), documentNo: change.documentNo });
    });
    return this;
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  take(): CalendarChange | null {
    if (this.queue.length === 0) return null;
    const all = this.queue.splice(0);
    const documentNo = [...all].reverse().find((c) => c.documentNo)?.documentNo;
    return { years: [...new Set(all.flatMap((c) => c.years))].sort((a, b) => a - b), ...(documentNo ? { documentNo } : {}) };
  }
}
