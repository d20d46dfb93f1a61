// What may happen to a case as it stands: the checks the workflow's validators run on the committed
// state and the engine runs again when it takes the message (one definition for both).
import { checkDecision, isClosed, type RuleViolation } from '../../tiers.js';
import type { CaseView } from '../../case.js';
import type { DecisionEnvelope } from '../../messages.js';
import type { CaseEvent } from './model.js';

/** The rule context of a decision on this case. */
export function violationOf(s: CaseView, env: DecisionEnvelope): RuleViolation | null {
  const v = checkDecision(
    {
      status: s.status,
      tier: s.tier,
      assigneeId: s.assignee?.principalId ?? null,
      version: s.version ?? s.timeline.length,
      formerHolderIds: s.holders.map((h) => h.principalId).filter((id) => id !== s.assignee?.principalId),
      directivesOut: s.phase === 'directives',
      coordinationBack: s.coordination?.back === true && !s.coordination.closed,
    },
    env.actorId,
    env.decision,
    env.expectedVersion,
  );
  if (v) return v;
  if (s.phase === 'awaiting_session') return { code: 'ACTION_NOT_ALLOWED_IN_STATUS', message: 'The consultation waits for the Saturday session (星期六会商).' };
  return null;
}

/** What a requester or a unit may do now, or why not (the same check in validator and engine). */
export function requesterViolation(s: CaseView, e: CaseEvent): { code: string; message: string } | null {
  const no = (code: string, message: string) => ({ code, message });
  switch (e.type) {
    case 'materialsSupplied':
      return s.phase !== 'materials' ? no('NOT_AWAITING_MATERIALS', 'No materials are awaited on this case.') : null;
    case 'withdrawn':
      return isClosed(s.status) || s.phase === 'done' ? no('CASE_CLOSED', `The case is ${s.status}.`) : null;
    case 'rated':
      return s.phase !== 'feedback' ? no('RATING_NOT_OPEN', 'A rating is taken once the case has given feedback.') : null;
    case 'partWithdrawn':
      if (s.assignee?.principalId !== e.actorId) return no('NOT_ASSIGNEE', "Only the lead unit's current assignee withdraws a part.");
      if (!s.coordination?.parts.some((x) => x.unitId === e.unitId && x.status === 'open')) return no('NO_SUCH_PART', 'That unit has no open part on this case.');
      return null;
    case 'directiveDone': {
      const d = s.directives?.find((x) => x.unitId === e.unitId);
      if (s.phase !== 'directives' || !d) return no('NO_DIRECTIVE', 'This unit has no open city directive on the case.');
      if (d.doneAt) return no('DIRECTIVE_ALREADY_DONE', 'This directive was already reported done.');
      return null;
    }
    default:
      return null;
  }
}

