// One town's month of the rotating village reception (村干部跑办代访) as a pure transition function,
// the same shape as the case engine: messages, timers and calendar changes come in as events; what the
// shell must do comes out as effects (record, look a date up, start the cases…), and each look-up
// answers with a follow-up event. The rules of the month (the urgency score, the schemas) are
// domain/village.ts's; closed case statuses are domain/tiers.ts's. Each concern has its file in
// domain/engine/village-month/; this one takes an event to the one that handles it.
import type { Engine } from './driver.js';
import { Draft } from './village-month/draft.js';
import { isVillageLookup, type Outcome, type VillageMonthEffect, type VillageMonthEvent, type VillageMonthState, type VillageMonthTransition } from './village-month/model.js';
import { onStarted, onPrepared, onStagesDue, onTimer, onCalendarChanged } from './village-month/stages.js';
import { onSubmitted, onCloseCollection, onCarriedLoaded, onOverridden } from './village-month/collection.js';
import { onReception, onUnitsChecked, onCasesStarted, onIntakeFailed } from './village-month/reception.js';
import { onChecked, onCaseStatuses } from './village-month/checks.js';

export * from './village-month/model.js';
export { villageViolation, type VillageMessage } from './village-month/rules.js';

export function villageMonthTransition(state: VillageMonthState, e: VillageMonthEvent): VillageMonthTransition {
  const j = new Draft(state, e.at);
  let out: Outcome;
  switch (e.type) {
    case 'started':
      out = onStarted(j, e);
      break;
    case 'prepared':
      out = onPrepared(j, e);
      break;
    case 'stagesDue':
      out = onStagesDue(j, e);
      break;
    case 'submitted':
      out = onSubmitted(j, e);
      break;
    case 'closeCollection':
      out = onCloseCollection(j, e);
      break;
    case 'carriedLoaded':
      out = onCarriedLoaded(j, e);
      break;
    case 'overridden':
      out = onOverridden(j, e);
      break;
    case 'reception':
      out = onReception(j, e);
      break;
    case 'unitsChecked':
      out = onUnitsChecked(j, e);
      break;
    case 'caseStatuses':
      out = onCaseStatuses(j, e);
      break;
    case 'intakeFailed':
      out = onIntakeFailed(j, e);
      break;
    case 'casesStarted':
      out = onCasesStarted(j, e);
      break;
    case 'checked':
      out = onChecked(j, e);
      break;
    case 'timer':
      out = onTimer(j, e);
      break;
    case 'calendarChanged':
      out = onCalendarChanged(j, e);
      break;
  }
  if (out && 'code' in out) return { state, effects: [], error: out };
  return { state: j.s, effects: j.fx, ...(out?.result ? { result: out.result } : {}) };
}

/** The month's engine as the driver runs it (domain/engine/driver.ts). */
export const villageMonthEngine: Engine<VillageMonthState, VillageMonthEvent, VillageMonthEffect> = { transition: villageMonthTransition, isLookup: isVillageLookup };

/** What Temporal UI shows as the month's current state. */
export function describeMonth(s: VillageMonthState): string {
  const head = `**${s.engine.townName} ${s.month}** 村干部跑办代访 village reception: ${s.phase}`;
  const parts = [`${s.problems.length} problem(s) from ${new Set(s.problems.map((p) => p.villageId)).size} village(s)`];
  if (s.host) parts.push(`host ${s.host.villageName}${s.host.chosenBy === 'override' ? ` (override: ${s.host.reason})` : ''}`);
  if (s.phase === 'collecting' && s.collectionClosesAt) parts.push(`collecting until ${s.collectionClosesAt}`);
  if (s.midCheck && !s.midCheck.recorded) parts.push(`mid-month check due ${s.midCheck.dueAt}`);
  if (s.monthEnd && !s.monthEnd.recorded && s.phase !== 'closed') parts.push(`month-end follow-up due ${s.monthEnd.dueAt}`);
  if (s.report) parts.push(`solved ${s.report.solved}, in progress ${s.report.inProgress}, carried ${s.report.carried}`);
  return `${head}\n\n${parts.join('; ')}`;
}
