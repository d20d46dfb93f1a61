// What every workflow that holds a deadline shares when the official calendar changes
// (calendarChangedSignal): which deadlines the change concerns, and the rule that a deadline never
// moves earlier than what its holder was told. The recomputation itself is the calendar activity's.
import { setHandler } from '@temporalio/workflow';
import { calendarChangedSignal } from './definitions.js';

/** The patch id behind the re-timing behaviour (search attribute, re-timing loop) in running workflows. */
export const CALENDAR_RETIMING_PATCH = 'calendar-notice-retiming';

export interface CalendarChange {
  years: number[];
  documentNo?: string;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing year of an instant. */
export function beijingYearOf(iso: string): number {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).getUTCFullYear();
}

/** A change concerns a deadline that was provisional, or that starts or ends in one of its years. */
export function concerns(change: CalendarChange, d: { deadlineAt: string; provisional?: boolean; from?: string }): boolean {
  if (d.provisional) return true;
  const years = new Set(change.years);
  return years.has(beijingYearOf(d.deadlineAt)) || (d.from !== undefined && years.has(beijingYearOf(d.from)));
}

/** The later of what the holder was told and what the calendar gives now. */
export function notEarlier(told: string, computed: string): string {
  return Date.parse(computed) < Date.parse(told) ? told : computed;
}

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
