// The collection (问题收集): villages list their problems, carried ones join when it closes, and the
// host village is chosen by urgency (the town head may override it, with a reason).
import { problemId, scoreVillages, type VillageProblem } from '../../village.js';
import type { Draft } from './draft.js';
import { villageOf, villageViolation } from './rules.js';
import { type Outcome, type VillageMonthEvent } from './model.js';

export function onSubmitted(j: Draft, e: Extract<VillageMonthEvent, { type: 'submitted' }>): Outcome {
  const { s, at } = j;
  const v = villageViolation(s, e);
  if (v) return v;
  const b = e.env.body;
  const p: VillageProblem = { id: problemId(s.townUnitId, s.month, s.problems.length + 1), villageId: b.villageId, villageName: villageOf(s, b.villageId)!.name, title: b.title, description: b.description, urgency: b.urgency, residents: b.residents, submittedBy: e.env.actorId, submittedAt: at, carryCount: 0 };
  s.problems.push(p);
  j.event('problem_submitted', e.env.actorId, p.title, { problemId: p.id, villageId: p.villageId, urgency: p.urgency, residents: p.residents });
  j.record();
  return { result: JSON.parse(JSON.stringify(p)) as VillageProblem };
}

export function onCloseCollection(j: Draft, e: Extract<VillageMonthEvent, { type: 'closeCollection' }>): Outcome {
  const { s } = j;
  const v = villageViolation(s, e);
  if (v) return v;
  // Carried problems join when the collection closes, so a previous month that closed late still counts.
  j.fx.push({ type: 'loadCarried', actorId: e.actorId, note: e.note });
}

export function onCarriedLoaded(j: Draft, e: Extract<VillageMonthEvent, { type: 'carriedLoaded' }>): Outcome {
  const { s, at } = j;
  for (const c of e.carried) {
    if (s.problems.some((p) => p.carriedFromId === c.fromId)) continue;
    s.problems.push({ id: problemId(s.townUnitId, s.month, s.problems.length + 1), villageId: c.villageId, villageName: villageOf(s, c.villageId)?.name ?? c.villageId, title: c.title, description: c.description, urgency: c.urgency, residents: c.residents, submittedBy: 'system', submittedAt: at, carriedFromId: c.fromId, carryCount: c.carryCount, ...(c.caseId ? { priorCaseId: c.caseId } : {}) });
  }
  s.collectionClosedBy = e.actorId;
  j.event('collection_closed', e.actorId, e.note, { problems: s.problems.length, carriedIn: e.carried.length });
  s.scores = scoreVillages(s.problems);
  const top = s.scores[0];
  if (!top) {
    j.closeMonth('no_problems', 'no problems were listed this month');
    return;
  }
  s.host = { villageId: top.villageId, villageName: top.villageName, suggestedVillageId: top.villageId, chosenBy: 'score', at };
  s.phase = 'awaiting_reception';
  j.due({ kind: 'hostChosen', score: top.score }, { stage: 'reception', from: at });
}

export function onOverridden(j: Draft, e: Extract<VillageMonthEvent, { type: 'overridden' }>): Outcome {
  const { s, at } = j;
  const v = villageViolation(s, e);
  if (v) return v;
  const to = villageOf(s, e.env.body.villageId)!;
  const before = s.host!;
  s.host = { ...before, villageId: to.id, villageName: to.name, chosenBy: 'override', overriddenBy: e.env.actorId, reason: e.env.body.reason, at };
  j.event('host_overridden', e.env.actorId, e.env.body.reason, { from: before.villageId, to: to.id, suggested: before.suggestedVillageId });
  j.record();
}
