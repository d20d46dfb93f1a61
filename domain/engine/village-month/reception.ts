// The reception (接访): every problem gets a path and a responsible unit, and a case through the
// normal intake (a carried problem keeps its open case).
import type { Draft } from './draft.js';
import { err, villageViolation } from './rules.js';
import { type Outcome, type VillageMonthEvent } from './model.js';

export function onReception(j: Draft, e: Extract<VillageMonthEvent, { type: 'reception' }>): Outcome {
  const { s } = j;
  const v = villageViolation(s, e);
  if (v) return v;
  j.fx.push({ type: 'checkUnits', unitIds: [...new Set(e.env.body.paths.map((p) => p.responsibleUnitId))], env: e.env });
}

export function onUnitsChecked(j: Draft, e: Extract<VillageMonthEvent, { type: 'unitsChecked' }>): Outcome {
  const { s } = j;
  if (e.unknown.length) return err('UNKNOWN_UNIT', `No unit ${e.unknown.join(', ')}.`);
  j.fx.push({ type: 'caseStatuses', caseIds: s.problems.map((p) => p.priorCaseId).filter((x): x is string => !!x), then: { kind: 'prior', env: e.env } });
}

export function onCasesStarted(j: Draft, e: Extract<VillageMonthEvent, { type: 'casesStarted' }>): Outcome {
  const { s, at } = j;
  const b = e.env.body;
  for (const path of b.paths) {
    const p = s.problems.find((x) => x.id === path.problemId)!;
    const c = e.started[p.id];
    p.path = { responsibleUnitId: path.responsibleUnitId, deadline: path.deadline, ...(path.note ? { note: path.note } : {}), caseId: c.caseId, caseWorkflowId: c.workflowId, caseReused: c.reused };
  }
  s.reception = { date: b.date, leaders: b.leaders, ...(b.note ? { note: b.note } : {}), recordedBy: e.env.actorId, at };
  s.phase = 'in_progress';
  j.due({ kind: 'receivedMid', env: e.env, started: e.started }, { stage: 'midCheck', from: at });
}

export function onIntakeFailed(_j: Draft, e: Extract<VillageMonthEvent, { type: 'intakeFailed' }>): Outcome {
  // Nothing is recorded; cases already started are found again (by problem id) on a retry.
  return err(e.code, e.message);
}
