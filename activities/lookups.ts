// The one answerer of the engines' look-ups (domain/engine/driver.ts): the directory finds a tier's
// holder (or a vacancy), the calendar counts a window, in the order the engine asks. The store call
// runs every case and part job through it; the answers go back to the workflow, which replays them.
import type { Db } from '../db/client.js';
import { isVacancy } from '../domain/case.js';
import type { CaseLookup, CaseLookupAnswer, CaseState } from '../domain/engine/case.js';
import type { PartEffect, PartLookupAnswer, PartState } from '../domain/engine/part.js';
import { caseRulesOf, type Policy } from '../domain/policy.js';
import { createDirectoryActivities } from './directory.js';
import { createDeadlineActivities } from './deadlines.js';

export function createLookupAnswerer(db: Db, policy: Policy) {
  const directory = createDirectoryActivities(db);
  const calendar = createDeadlineActivities(db, policy);
  const deadline = calendar.computeDeadlineNow;

  /** A case's look-up, asked at the job's time `at`. */
  async function answerCase(st: CaseState, fx: CaseLookup, at: string): Promise<CaseLookupAnswer> {
    switch (fx.type) {
      case 'assign': {
        const a = (await directory.resolveAssigneeNow({ unitId: st.leadUnitId, tier: fx.tier, officerId: fx.tier === '1' ? fx.officerId : undefined, previous: fx.previous, replacing: fx.replacing }));
        if (isVacancy(a)) return { type: 'vacant', tier: fx.tier, then: fx.then };
        return { type: 'assigned', tier: fx.tier, assignee: a, deadline: (await deadline({ window: { kind: 'tier', tier: fx.tier }, from: at })), then: fx.then };
      }
      case 'openWindow':
        return { type: 'windowOpened', deadline: (await deadline({ window: fx.window, from: fx.then.kind === 'retime' ? fx.from : at })), then: fx.then };
      case 'findCityLeader': {
        const leader = (await directory.resolveAssigneeNow({ unitId: st.leadUnitId, tier: 'city', previous: null }));
        return { type: 'cityLeaderFound', leader: isVacancy(leader) ? null : leader, then: fx.then };
      }
      case 'directiveReminders':
        return { type: 'remindersSet', reminders: fx.dues.map((until) => calendar.reminderBetweenNow({ from: fx.from, until })) };
      case 'loadRules':
        return { type: 'rulesSet', rules: caseRulesOf(policy) };
      case 'dueIn':
        return { type: 'dueSet', dueAt: (await calendar.computeLimitNow({ limit: fx.limit, from: fx.from })).deadlineAt, then: fx.then };
      case 'extend': {
        // The extra working days count on from the old deadline; the reminder falls at the policy's
        // share of the whole window, as it would have for a window that long.
        const d = (await calendar.computeLimitNow({ limit: { workingDays: fx.workingDays }, from: fx.from }));
        return { type: 'extended', deadline: { ...d, reminderAt: calendar.reminderBetweenNow({ from: fx.windowFrom, until: d.deadlineAt }) }, then: fx.then };
      }
    }
  }

  /** A unit part's look-up: its holders are the unit's own, its window the coordination window. */
  async function answerPart(st: PartState, fx: PartEffect, at: string): Promise<PartLookupAnswer> {
    if (fx.type === 'recompute') return { type: 'retimed', deadline: (await deadline({ window: { kind: 'coordination' }, from: fx.from })), years: fx.years };
    if (fx.type !== 'assign') throw new Error(`${fx.type} is not a look-up`);
    const who = (await directory.resolveAssigneeNow({ unitId: st.unitId, tier: fx.tier, previous: fx.previous, replacing: fx.replacing }));
    if (isVacancy(who)) return { type: 'vacant', tier: fx.tier, then: fx.then };
    return { type: 'assigned', tier: fx.tier, assignee: who, deadline: (await deadline({ window: { kind: 'coordination' }, from: at })), then: fx.then };
  }

  return { answerCase, answerPart };
}
