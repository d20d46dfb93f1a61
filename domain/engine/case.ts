// The case engine: one pure transition function, (state, event) → { state, effects }.
//
// The workflow (workflows/case.ts) is a thin shell: it turns updates, signals, timers and children's
// outcomes into events, and carries the effects out (children, search attributes); the store call
// answers the look-ups (directory, calendar) with follow-up events (`assigned`, `windowOpened`, …) and
// writes what the job recorded. So the whole of a decision, "escalate, find the next holder, open
// their window, tell them", is decided here, testable without a server. The rules are in the files
// of domain/engine/case/, one concern each; this file takes an event to the one that handles it.
import { TIER_RULES } from '../tiers.js';
import type { CaseView } from '../case.js';
import type { Engine, Transition } from './driver.js';
import { Draft } from './case/draft.js';
import { isCaseLookup, type CaseEffect, type CaseEvent, type CaseState } from './case/model.js';
import { decide } from './case/decisions.js';
import { onChildFailed, onCityLeader, onConsultationConvened, onPartAnswered, onPartWithdrawn } from './case/children.js';
import { onCalendarChanged, onTimer } from './case/timers.js';
import { onAssigned, onRemindersSet, onVacant, onWindow } from './case/answers.js';
import { onDirectiveDone, onDirectoryChanged, onMaterialsSupplied, onRated, onSignalRejected, onWithdrawn } from './case/messages.js';
import {
  answerNotice,
  onAppealDecided,
  onAppealFiled,
  onCallback,
  onDue,
  onExtended,
  onExtensionDecided,
  onExtensionRequested,
  onNoticeIssued,
  onNoticeWithdrawn,
  onRectificationClosed,
  onRectificationReported,
  settlePartNotices,
} from './case/supervision.js';

export * from './case/model.js';
export { requesterViolation, supervisionViolation, violationOf } from './case/rules.js';
export { nextWake } from './case/timers.js';
export { hasOpenItems } from './case/supervision.js';

/** The transition function. Never throws for anything a person, the directory or a child does. */
export function transition(state: CaseState, event: CaseEvent): Transition<CaseState, CaseEffect> {
  const j = new Draft(state, event.at);
  const s = j.s;
  switch (event.type) {
    case 'started':
      j.step('received', event.input.createdBy, { data: { channel: event.input.channel, category: event.input.category } });
      // The supervision rules of the policy as it is now stay the case's for its whole life.
      j.fx.push({ type: 'loadRules' });
      j.assign('1', { action: 'assigned', actor: 'system', from: '1', officerId: event.input.firstContactOfficerId, previous: null });
      break;
    case 'decided': {
      if (event.via === 'signal' && event.env.requestId && s.engine.requestIds.includes(event.env.requestId)) break; // a repeat: nothing
      // The holder decided: a 督办 on the case is answered, a request for more time overtaken (a
      // refused decision leaves the draft, and these with it, unused).
      answerNotice(j, null, event.env.actorId);
      const error = decide(j, event);
      if (error) return { state, effects: [], error };
      break;
    }
    case 'signalRejected':
      onSignalRejected(j, event);
      break;
    case 'materialsSupplied':
      onMaterialsSupplied(j, event);
      break;
    case 'withdrawn':
      onWithdrawn(j, event);
      break;
    case 'rated':
      onRated(j, event);
      break;
    case 'directiveDone':
      onDirectiveDone(j, event);
      break;
    case 'partWithdrawn':
      onPartWithdrawn(j, event);
      break;
    case 'partAnswered':
      onPartAnswered(j, event);
      break;
    case 'childFailed':
      onChildFailed(j, event);
      break;
    case 'consultationConvened':
      onConsultationConvened(j, event);
      break;
    case 'timer':
      onTimer(j);
      break;
    case 'directoryChanged':
      onDirectoryChanged(j, event);
      break;
    case 'calendarChanged':
      onCalendarChanged(j, event);
      break;
    case 'assigned':
      onAssigned(j, event);
      break;
    case 'vacant':
      onVacant(j, event);
      break;
    case 'windowOpened':
      onWindow(j, event);
      break;
    case 'cityLeaderFound':
      onCityLeader(j, event);
      break;
    case 'remindersSet':
      onRemindersSet(j, event);
      break;
    case 'rulesSet':
      s.engine.rules = event.rules;
      break;
    case 'noticeIssued':
      onNoticeIssued(j, event);
      break;
    case 'noticeWithdrawn':
      onNoticeWithdrawn(j, event);
      break;
    case 'extensionRequested':
      onExtensionRequested(j, event);
      break;
    case 'extensionDecided':
      onExtensionDecided(j, event);
      break;
    case 'rectificationReported':
      onRectificationReported(j, event);
      break;
    case 'rectificationClosed':
      onRectificationClosed(j, event);
      break;
    case 'callbackRecorded':
      onCallback(j, event);
      break;
    case 'appealFiled':
      onAppealFiled(j, event);
      break;
    case 'appealDecided':
      onAppealDecided(j, event);
      break;
    case 'dueSet':
      onDue(j, event);
      break;
    case 'extended':
      onExtended(j, event);
      break;
  }
  // A notice on a unit's part ends with the part (answered, lapsed, withdrawn, failed).
  if (settlePartNotices(j)) j.record();
  return { state: s, effects: j.fx };
}

/** The case engine as the driver runs it (domain/engine/driver.ts). */
export const caseEngine: Engine<CaseState, CaseEvent, CaseEffect> = { transition, isLookup: isCaseLookup };

/** What Temporal UI shows as the case's current details, in words, with a link to the case page. */
export function describeCase(s: CaseView, pageUrl?: string): string {
  const link = pageUrl ? `\n\n[Open the case page](${pageUrl})` : '';
  if (s.phase === 'done' || s.phase === 'aftercare' || !s.assignee) {
    const waiting = s.phase === 'feedback' ? ", awaiting the requester's rating" : s.phase === 'aftercare' ? `, return visits and appeals taken until ${s.aftercareUntil ?? '…'}` : '';
    return `**${s.title}**: ${s.status}${s.outcome ? ` at tier ${s.outcome.tier}` : ''}${waiting}${link}`;
  }
  const rule = TIER_RULES[s.tier];
  const waiting = s.phase === 'materials' ? "waiting for the requester's materials" : s.phase === 'directives' ? 'city directives out to units' : `held by ${s.assignee.name} (${s.assignee.principalId})`;
  return `**${s.title}**: tier ${s.tier} ${rule.label} (${rule.labelEn}), ${waiting}, until ${s.deadlineAt}${s.overdue ? ' — OVERDUE' : ''}${link}`;
}
