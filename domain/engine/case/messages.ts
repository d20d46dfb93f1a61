// What requesters, units and the directory send a case: materials, a withdrawal, a rating (which may
// reopen it), a directive reported done, a signalled decision that broke a rule, a holder who left.
import { REQUESTER_CHANNEL_LABELS, channelOf, isUnsatisfied } from '../../messages.js';
import { MAX_REOPENS, reopenTier, statusAtTier } from '../../tiers.js';
import { MAX_REQUEST_IDS, type CaseEvent } from './model.js';
import type { Draft } from './draft.js';
import { close, filesOf } from './decisions.js';
import { askRectification, endFeedback, endOpenItems, opensRectification } from './supervision.js';

/** A fire-and-forget decision that broke a rule: on the record, nothing else changes. */
export function onSignalRejected(j: Draft, event: Extract<CaseEvent, { type: 'signalRejected' }>) {
  const { s } = j;
  // A fire-and-forget decision that broke a rule: on the record, nothing else changes.
  if (event.env.requestId && s.engine.requestIds.includes(event.env.requestId)) return;
  if (event.env.requestId) s.engine.requestIds = [...s.engine.requestIds, event.env.requestId].slice(-MAX_REQUEST_IDS);
  j.step('rejected', 'system', {
    note: event.error.message,
    subjectId: event.env.actorId,
    data: { code: event.error.code, attempted: event.env.decision?.action, by: event.env.actorId, requestId: event.env.requestId },
  });
  j.record();
}

export function onMaterialsSupplied(j: Draft, event: Extract<CaseEvent, { type: 'materialsSupplied' }>) {
  const { s, at } = j;
  s.materials = { ...s.materials!, suppliedAt: at, supplied: event.body.items, ...filesOf(event.body) };
  s.status = statusAtTier(s.tier);
  s.phase = 'handling';
  j.fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'materialsSupplied', body: event.body } });
}

/** The requester withdraws: parts and consultation end with the case. */
export function onWithdrawn(j: Draft, event: Extract<CaseEvent, { type: 'withdrawn' }>) {
  const { s, at } = j;
  j.cancelChildren(); // parts and consultation end with the case
  endOpenItems(j); // and so does what supervision had open on it
  j.endHolding();
  s.status = 'withdrawn';
  s.outcome = { kind: 'withdrawn', tier: s.tier, at, by: 'requester' };
  s.assignee = null;
  j.clearWindow();
  s.engine.backstopAt = null;
  s.phase = 'done';
  const st = j.step('withdrawn', 'requester', { note: event.body.reason, ...(event.body.channel ? { data: channelOf(event.body) } : {}) });
  // The unit head hears of every withdrawal: the intake officer also holds the tracking code.
  const via = event.body.channel ? REQUESTER_CHANNEL_LABELS[event.body.channel].label : '未注明';
  j.notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'case_withdrawn', vars: { caseId: s.id, title: s.title, channel: via } });
  j.record();
}

export function onRated(j: Draft, event: Extract<CaseEvent, { type: 'rated' }>) {
  const { s, at } = j;
  const { verified: _verified, ...rating } = event.body;
  s.rating = { ...rating, at };
  const st = j.step('rated', 'requester', { note: event.body.comment, data: { rating: event.body.rating, ...channelOf(event.body), ...(event.body.verified ? { verified: true } : {}) } });
  // A bad rating may open the case's rectification item (差评整改), by the case's rules.
  const rectify = opensRectification(s, event.body.rating);
  if (isUnsatisfied(event.body.rating) && s.reopened < MAX_REOPENS && s.outcome) {
    // Reopened one tier above the tier that closed it (the city stays the city).
    s.reopened += 1;
    const closedAt = s.outcome.tier;
    s.outcome = undefined;
    j.assign(reopenTier(closedAt), { action: 'reopened', actor: 'system', from: s.tier, note: 'requester unsatisfied (不满意)', previous: null });
  } else {
    if (isUnsatisfied(event.body.rating)) {
      s.reviewRequested = true;
      j.step('review_requested', 'system', { note: 'second unsatisfied rating: left for review (倒查复盘)' });
    }
    endFeedback(j);
  }
  if (rectify) askRectification(j, st.seq, event.body.rating);
}

export function onDirectiveDone(j: Draft, event: Extract<CaseEvent, { type: 'directiveDone' }>) {
  const { s, at } = j;
  const d = s.directives!.find((x) => x.unitId === event.unitId)!;
  d.doneAt = at;
  d.doneBy = event.actorId;
  d.note = event.note;
  j.step('directive_done', event.actorId, { note: event.note, data: { unitId: event.unitId } });
  const open = s.directives!.filter((x) => !x.doneAt);
  if (open.length === 0) {
    close(j, 'resolved', 'system', {
      action: 'resolve',
      result: s.directives!.map((x) => `${x.unitId}: ${x.task}${x.note ? ` (${x.note})` : ''}`).join('; '),
    });
  } else {
    s.deadlineAt = open.map((x) => x.dueAt).sort()[0];
    s.overdue = open.some((x) => x.lapsed);
    j.record();
  }
}

/** The holder left: the tier is assigned again (their stand-in, or the tier above); a case that waits keeps waiting, with its deadline, for the new holder. */
export function onDirectoryChanged(j: Draft, event: Extract<CaseEvent, { type: 'directoryChanged' }>) {
  const { s } = j;
  if (!s.assignee || !event.principalIds.includes(s.assignee.principalId) || s.phase === 'done') return;
  // The holder left: the tier is assigned again (their stand-in, or the tier above). A case that
  // waits keeps waiting, with its deadline, for the new holder.
  j.assign(s.tier, {
    action: 'handed_over',
    actor: 'system',
    from: s.tier,
    previous: s.assignee,
    replacing: s.assignee.principalId,
    note: `${s.assignee.name} is no longer active (工作交接)`,
    data: { formerHolder: s.assignee.principalId },
    ...(s.phase !== 'handling' ? { resume: { phase: s.phase, status: s.status } } : {}),
  });
}
