// Turns the policy's limits into absolute deadlines with the working-day calendar. The workflow keeps
// the date it gets back; a later change of calendar data or policy never changes a replay.
import type { Db } from '../db/client.js';
import type { Limit, Policy, PolicyKey } from '../domain/policy.js';
import type { Tier } from '../domain/tiers.js';
import { computeDeadline, loadCalendarData, type CalendarData, type Deadline } from '../services/working-days.js';
import { transitionStatements } from '../db/transition-statements.js';

export type WindowKind = { kind: 'tier'; tier: Tier } | { kind: PolicyKey };

/**
 * The store's calendar (officially loaded years and overrides), loaded once per change of it: every
 * write to the calendar tables counts calendar_version up (triggers), so a reader compares one number
 * instead of loading four tables for every deadline. Without that row it loads every time.
 */
const calendars = new WeakMap<Db, { version: number; data: CalendarData }>();
async function calendarOf(db: Db): Promise<CalendarData> {
  const version = (await transitionStatements(db).calendarVersion());
  if (version === null) return (await loadCalendarData(db));
  const cached = calendars.get(db);
  if (cached && cached.version === version) return cached.data;
  const data = (await loadCalendarData(db));
  // Shared by every deadline until the calendar changes: nobody may write into it.
  for (const y of Object.values(data.loaded)) {
    Object.freeze(y.holidays);
    Object.freeze(y.workdays);
    Object.freeze(y);
  }
  Object.freeze(data.loaded);
  Object.freeze(data.overrides);
  calendars.set(db, { version, data });
  return data;
}

export function createDeadlineActivities(db: Db, policy: Policy) {
  /** The reminder instant at the policy's share of a window whose end is already fixed (a directive's due date). */
  function reminderBetweenNow(req: { from: string; until: string }): string | null {
    const from = Date.parse(req.from);
    const until = Date.parse(req.until);
    if (!policy.reminderAt || !(until > from)) return null;
    return new Date(from + Math.round((until - from) * policy.reminderAt)).toISOString();
  }
  async function computeDeadlineNow(req: { window: WindowKind; from: string }): Promise<Deadline> {
    return (await computeLimitNow({ limit: req.window.kind === 'tier' ? policy.tiers[req.window.tier] : policy[req.window.kind], from: req.from }));
  }
  /** A limit given by the case rather than the policy's windows (a 督办's due time, a granted extension). */
  async function computeLimitNow(req: { limit: Limit; from: string }): Promise<Deadline> {
    // The store's calendar: officially loaded years over the package's data, then the overrides
    // (what deadlineFromStore computes with, from the cache while the calendar has not changed).
    const { overrides, loaded } = (await calendarOf(db));
    return computeDeadline(req.from, req.limit, policy.reminderAt, overrides, loaded);
  }
  return {
    async reminderBetween(req: { from: string; until: string }): Promise<string | null> {
      return reminderBetweenNow(req);
    },
    async computeDeadline(req: { window: WindowKind; from: string }): Promise<Deadline> {
      return computeDeadlineNow(req);
    },
    reminderBetweenNow,
    computeDeadlineNow,
    computeLimitNow,
  };
}
