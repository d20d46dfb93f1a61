// What may happen to a case as it stands: the checks the workflow's validators run on the committed
// state and the engine runs again when it takes the message (one definition for both).
import { checkDecision, isClosed, isOfficerRole, type RuleViolation } from '../../tiers.js';
import type { CaseView } from '../../case.js';
import { isUnsatisfied, type Actor, type DecisionEnvelope } from '../../messages.js';
import { rulesOf, type CaseEvent, type CaseState } from './model.js';
import { grantedExtensions, lastRatingStep, liveRectification, openNoticeOn, pendingExtension, verifyingCallback } from './supervision.js';

/** Return visits one case takes at most (each costs its workflow history). */
export const MAX_CALLBACKS = 20;

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
export function requesterViolation(s: CaseState, e: CaseEvent): { code: string; message: string } | null {
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
      return supervisionViolation(s, e);
  }
}

const supervisor = (a: Actor) => a.role === 'supervisor';
const onlySupervisors = (what: string) => ({ code: 'FORBIDDEN_ROLE', message: `Only the efficiency office (a supervisor) ${what}.` });

/**
 * Why a supervision message (督办, extension, rectification, return visit, appeal) may not be taken
 * now, or null. Who may act is checked here too (the API's role guards say the same first).
 */
export function supervisionViolation(s: CaseState, e: CaseEvent): { code: string; message: string } | null {
  const no = (code: string, message: string) => ({ code, message });
  switch (e.type) {
    case 'noticeIssued': {
      if (!supervisor(e.m.actor)) return onlySupervisors('issues a supervision notice (督办)');
      const unitId = e.m.body.unitId ?? null;
      if (unitId) {
        if (!s.coordination?.parts.some((p) => p.unitId === unitId && p.status === 'open')) return no('NOTICE_NOT_APPLICABLE', `Unit ${unitId} has no open part on this case.`);
      } else if (s.phase !== 'handling') {
        return no('NOTICE_NOT_APPLICABLE', `A supervision notice is issued on a case that awaits its holder's decision; this one is ${s.phase === 'done' ? 'closed' : `in phase ${s.phase}`} (a unit's open part may be named with unitId).`);
      }
      if (openNoticeOn(s, unitId)) return no('NOTICE_ALREADY_OPEN', 'A supervision notice on it is still open: withdraw it first to issue another.');
      return null;
    }
    case 'noticeWithdrawn': {
      if (!supervisor(e.m.actor)) return onlySupervisors('withdraws a supervision notice');
      const n = s.supervisionNotices?.find((x) => x.no === e.m.no);
      if (!n) return no('NOTICE_NOT_FOUND', `No supervision notice ${e.m.no} on this case.`);
      if (n.status !== 'open') return no('NOTICE_NOT_OPEN', `Supervision notice ${n.no} is ${n.status}.`);
      return null;
    }
    case 'extensionRequested': {
      if (s.assignee?.principalId !== e.m.actor.id) return no('NOT_ASSIGNEE', 'Only the officer who holds the case asks for more time.');
      if (s.phase !== 'handling' || !s.deadlineAt || s.engine.window?.kind.kind !== 'tier') return no('EXTENSION_NOT_APPLICABLE', "More time is asked for a tier's running window, while the case awaits its holder's decision.");
      if (pendingExtension(s)) return no('EXTENSION_PENDING', 'A request for more time awaits its decision.');
      const rules = rulesOf(s).extension;
      if (grantedExtensions(s) >= rules.perCase) return no('EXTENSION_LIMIT', `A case is granted at most ${rules.perCase} extension${rules.perCase === 1 ? '' : 's'}.`);
      if (e.m.body.workingDays > rules.maxWorkingDays) return no('EXTENSION_TOO_LONG', `One request asks for at most ${rules.maxWorkingDays} working days.`);
      return null;
    }
    case 'extensionDecided': {
      const a = e.m.actor;
      const rules = rulesOf(s).extension;
      const head = rules.decidedBy === 'unit_head' && a.role === 'principal_head' && a.unitId === s.leadUnitId;
      if (!supervisor(a) && !head) {
        return no('NOT_EXTENSION_DECIDER', rules.decidedBy === 'unit_head' ? "Extensions are decided by the efficiency office or the lead unit's principal head." : 'Extensions are decided by the efficiency office.');
      }
      const x = s.extensions?.find((y) => y.no === e.m.no);
      if (!x) return no('EXTENSION_NOT_FOUND', `No request for more time ${e.m.no} on this case.`);
      if (x.by === a.id) return no('NOT_EXTENSION_DECIDER', 'Nobody decides their own request for more time.');
      if (x.status !== 'pending') return no('EXTENSION_NOT_PENDING', `Request ${x.no} is ${x.status}.`);
      return null;
    }
    case 'rectificationReported': {
      const r = liveRectification(s);
      if (!r) return no('NO_RECTIFICATION', 'This case has no open rectification (差评整改).');
      const a = e.m.actor;
      if (!(a.role === 'principal_head' || a.role === 'deputy_head') || a.unitId !== r.unitId) return no('NOT_UNIT_HEAD', "The lead unit's principal or deputy head reports what the unit changed.");
      if (r.status === 'reported') return no('RECTIFICATION_ALREADY_REPORTED', 'The rectification was reported already; the efficiency office verifies it.');
      return null;
    }
    case 'rectificationClosed': {
      if (!supervisor(e.m.actor)) return onlySupervisors('verifies and closes a rectification');
      const r = liveRectification(s);
      if (!r) return no('NO_RECTIFICATION', 'This case has no open rectification (差评整改).');
      if (r.status !== 'reported') return no('RECTIFICATION_NOT_REPORTED', 'The unit has not reported what it changed yet.');
      if (!verifyingCallback(s)) return no('RECTIFICATION_NOT_VERIFIED', 'Verify the rectification with a return visit that reaches the requester (POST /v1/cases/{id}/callbacks) after the report, then close it.');
      return null;
    }
    case 'callbackRecorded': {
      const a = e.m.actor;
      if (!supervisor(a) && a.role !== 'integrator') return no('FORBIDDEN_ROLE', 'Return visits are recorded by the efficiency office or the hotline.');
      if (!(s.phase === 'feedback' || s.phase === 'aftercare' || liveRectification(s))) return no('CALLBACK_NOT_OPEN', 'A return visit is recorded once the case has given its answer, until it is archived.');
      if ((s.callbacks?.length ?? 0) >= MAX_CALLBACKS) return no('CALLBACK_LIMIT', `A case takes at most ${MAX_CALLBACKS} return visits.`);
      return null;
    }
    case 'appealFiled': {
      const a = e.m.actor;
      if (!isOfficerRole(a.role) || a.unitId !== s.leadUnitId) return no('FORBIDDEN_UNIT', "Only the lead unit's officers appeal a rating of its case.");
      const rated = lastRatingStep(s);
      if (!s.rating || !rated || !isUnsatisfied(s.rating.rating) || !(s.phase === 'aftercare' || s.phase === 'done')) {
        return no('APPEAL_NOT_OPEN', "An appeal is filed against the case's final unsatisfied rating, until the case is archived.");
      }
      if (s.appeals?.some((x) => x.ratingSeq === rated.seq)) return no('APPEAL_EXISTS', 'This rating was appealed already.');
      return null;
    }
    case 'appealDecided': {
      if (!supervisor(e.m.actor)) return onlySupervisors('decides an appeal against a rating');
      const x = s.appeals?.find((y) => y.no === e.m.no);
      if (!x) return no('APPEAL_NOT_FOUND', `No appeal ${e.m.no} on this case.`);
      if (x.status !== 'pending') return no('APPEAL_NOT_PENDING', `Appeal ${x.no} is ${x.status}.`);
      return null;
    }
    default:
      return null;
  }
}

