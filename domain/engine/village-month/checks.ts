// The checks: the mid-month on-site check, the month-end follow-up (solved only when the case is
// resolved), and the month's close when nobody recorded it.
import { isClosed } from '../../tiers.js';
import type { Draft } from './draft.js';
import { err, villageViolation } from './rules.js';
import { type Outcome, type VillageCaseStart, type VillageMonthEvent } from './model.js';

export function onChecked(j: Draft, e: Extract<VillageMonthEvent, { type: 'checked' }>): Outcome {
  const { s, at } = j;
  const v = villageViolation(s, e);
  if (v) return v;
  const c = e.env.body;
  if (c.kind === 'month_end') {
    const ids = c.findings.filter((f) => f.outcome === 'solved').map((f) => s.problems.find((p) => p.id === f.problemId)!.path?.caseId);
    j.fx.push({ type: 'caseStatuses', caseIds: ids.filter((x): x is string => !!x), then: { kind: 'monthEnd', env: { actorId: e.env.actorId, body: c } } });
    return;
  }
  for (const f of c.findings) s.problems.find((p) => p.id === f.problemId)!.midCheck = { progress: f.progress, ...(f.note ? { note: f.note } : {}) };
  s.midCheck = { ...s.midCheck!, recorded: { date: c.date, inspectors: c.inspectors, ...(c.note ? { note: c.note } : {}), recordedBy: e.env.actorId, at } };
  j.event('mid_check_recorded', e.env.actorId, c.note, { findings: c.findings });
  j.record();
}

export function onCaseStatuses(j: Draft, e: Extract<VillageMonthEvent, { type: 'caseStatuses' }>): Outcome {
  const { s, at } = j;
  const t = e.then;
  if (t.kind === 'prior') {
    // A carried problem keeps its case while that case is still open; otherwise a case starts.
    const reused: Record<string, string> = {};
    const requests: VillageCaseStart[] = [];
    for (const path of t.env.body.paths) {
      const p = s.problems.find((x) => x.id === path.problemId)!;
      const prev = p.priorCaseId ? e.status[p.priorCaseId] : undefined;
      if (p.priorCaseId && prev && !isClosed(prev)) reused[p.id] = p.priorCaseId;
      else requests.push({ problemId: p.id, townUnitId: s.townUnitId, month: s.month, villageName: p.villageName, title: p.title, description: p.description, responsibleUnitId: path.responsibleUnitId, deadline: path.deadline, note: path.note, actorId: t.env.actorId });
    }
    j.fx.push({ type: 'startCases', requests, reused, env: t.env });
  } else if (t.kind === 'monthEnd') {
    // "Solved" closes the loop only when the problem's case in our system is resolved too.
    const c = t.env.body;
    const caseOf = (id: string) => s.problems.find((p) => p.id === id)!.path?.caseId;
    const open = c.findings.filter((f) => f.outcome === 'solved' && e.status[caseOf(f.problemId) ?? ''] !== 'resolved').map((f) => f.problemId);
    if (open.length) return err('CASE_NOT_RESOLVED', `Resolve the case first; still open: ${open.map((id) => `${id} (case ${caseOf(id)})`).join(', ')}.`);
    for (const f of c.findings) s.problems.find((p) => p.id === f.problemId)!.outcome = { kind: f.outcome, ...(f.expectedBy ? { expectedBy: f.expectedBy } : {}), ...(f.note ? { note: f.note } : {}) };
    s.monthEnd = { ...s.monthEnd!, recorded: { date: c.date, inspectors: c.inspectors, ...(c.note ? { note: c.note } : {}), recordedBy: t.env.actorId, at } };
    j.event('month_end_recorded', t.env.actorId, c.note, { findings: c.findings });
    j.closeMonth('recorded');
  } else {
    // Nobody recorded the follow-up: a resolved case is solved, anything else is carried.
    const note = 'month-end follow-up not recorded: outcome taken from the case';
    for (const p of s.problems) p.outcome = { kind: p.path && e.status[p.path.caseId] === 'resolved' ? 'solved' : 'carried', note, derived: true };
    j.closeMonth('derived', 'the month-end follow-up was not recorded in time');
  }
}
