// What the month takes as it stands: the checks its validators run on the committed month and the
// engine runs again when it takes the message (one definition for both).
import type { Check, Envelope, OverrideHost, Reception, SubmitProblem, VillageMonthView } from '../../village.js';
import { MID_CHECK_PHASES, type RuleViolation } from './model.js';

export const err = (code: string, message: string): RuleViolation => ({ code, message });
export const villageOf = (s: VillageMonthView, id: string) => s.villages.find((v) => v.id === id);

function coverage(s: VillageMonthView, ids: string[], what: 'PATH' | 'FINDING'): RuleViolation | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!s.problems.some((p) => p.id === id)) return err('UNKNOWN_PROBLEM', `No problem ${id} in ${s.month}.`);
    if (seen.has(id)) return err(`DUPLICATE_${what}`, `Problem ${id} is named twice.`);
    seen.add(id);
  }
  const missing = s.problems.filter((p) => !seen.has(p.id)).map((p) => p.id);
  return missing.length ? err(what === 'PATH' ? 'PATHS_INCOMPLETE' : 'FINDINGS_INCOMPLETE', `Every problem of the month needs one; missing: ${missing.join(', ')}.`) : null;
}

export type VillageMessage =
  | { type: 'submitted'; env: Envelope<SubmitProblem> }
  | { type: 'closeCollection'; actorId: string; note?: string }
  | { type: 'overridden'; env: Envelope<OverrideHost> }
  | { type: 'reception'; env: Envelope<Reception> }
  | { type: 'checked'; env: Envelope<Check> };

/** Why the month refuses a message as it stands, or null. */
export function villageViolation(s: VillageMonthView, m: VillageMessage): RuleViolation | null {
  switch (m.type) {
    case 'submitted':
      if (s.phase !== 'collecting') return err('COLLECTION_CLOSED', `The collection of ${s.month} is closed.`);
      if (!villageOf(s, m.env.body.villageId)) return err('UNKNOWN_VILLAGE', `${m.env.body.villageId} is not a village of ${s.townUnitId}.`);
      return null;
    case 'closeCollection':
      return s.phase !== 'collecting' ? err('NOT_COLLECTING', 'The collection is already closed.') : null;
    case 'overridden':
      if (s.phase !== 'awaiting_reception') return err('HOST_LOCKED', 'The host village can be changed only between the close of collection and the reception.');
      if (!villageOf(s, m.env.body.villageId)) return err('UNKNOWN_VILLAGE', `${m.env.body.villageId} is not a village of ${s.townUnitId}.`);
      if (s.host?.villageId === m.env.body.villageId) return err('HOST_UNCHANGED', `${m.env.body.villageId} is already the host village.`);
      return null;
    case 'reception': {
      const b = m.env.body;
      if (s.phase !== 'awaiting_reception') return err('RECEPTION_NOT_OPEN', s.reception ? 'The reception is already recorded.' : 'The host village is not chosen yet.');
      if (!b.date.startsWith(s.month)) return err('DATE_OUTSIDE_MONTH', `The reception must take place in ${s.month}.`);
      const c = coverage(s, b.paths.map((p) => p.problemId), 'PATH');
      if (c) return c;
      const early = b.paths.find((p) => p.deadline < b.date);
      return early ? err('DEADLINE_BEFORE_RECEPTION', `The deadline of ${early.problemId} is before the reception.`) : null;
    }
    case 'checked': {
      const c = m.env.body;
      if (c.kind === 'mid_month') {
        if (!MID_CHECK_PHASES.includes(s.phase)) return err('MID_CHECK_NOT_OPEN', s.phase === 'closed' ? 'The month is closed.' : 'The mid-month check follows the reception.');
        if (s.midCheck?.recorded) return err('MID_CHECK_ALREADY_RECORDED', 'The mid-month check is already recorded.');
      } else {
        if (s.phase !== 'month_end_due')
          return s.phase === 'closed' ? err('MONTH_CLOSED', 'The month is closed.') : err('MONTH_END_NOT_DUE', `The month-end follow-up is due at ${s.monthEnd?.dueAt ?? 'the end of the month'}.`);
        for (const f of c.findings) {
          if (f.outcome === 'in_progress' && !f.expectedBy) return err('EXPECTED_BY_REQUIRED', `Problem ${f.problemId} is in progress: give the date it will be done (expectedBy).`);
          if (f.outcome === 'in_progress' && f.expectedBy! <= c.date) return err('EXPECTED_BY_NOT_AFTER_CHECK', `The expected date of ${f.problemId} must be after the check.`);
        }
      }
      return coverage(s, c.findings.map((f) => f.problemId), 'FINDING');
    }
  }
}
