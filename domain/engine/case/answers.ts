// The answers of the engine's look-ups, as follow-up events: a holder found (or a vacancy), a window
// opened, the reminder instants of city directives.
import { TIER_RULES, nextTier, tierWordsZh } from '../../tiers.js';
import { type CaseEvent } from './model.js';
import type { Draft } from './draft.js';
import { channelOf } from '../../messages.js';
import { filesOf, finishDirect } from './decisions.js';
import { openNoticeOn } from './supervision.js';
import { NOTICE_LEVEL_LABELS } from '../../messages.js';

export function onAssigned(j: Draft, e: Extract<CaseEvent, { type: 'assigned' }>) {
  const { s, at } = j;
  const t = e.then;
  const a = e.assignee;
  delete s.engine.vacantFrom;
  j.endHolding();
  s.assignee = a;
  s.holders.push({ tier: e.tier, principalId: a.principalId, name: a.name, from: at });
  if (t.resume) {
    s.phase = t.resume.phase;
    s.status = t.resume.status;
  } else j.setWindow({ kind: 'tier', tier: e.tier }, at, e.deadline);
  const st = j.step(t.action, t.actor, {
    note: t.note,
    subjectId: a.principalId,
    deadlineAt: s.deadlineAt ?? undefined,
    data: { from: t.from, to: e.tier, assignee: a.name, provisional: s.deadlineProvisional || undefined, ...t.data, ...(a.standInFor ? { standInFor: a.standInFor } : {}) },
  });
  j.assignedNotice(st, a);
  // A 督办 on the case follows it: a new holder is told of it too.
  const notice = openNoticeOn(s, null);
  if (notice && t.previous?.principalId !== a.principalId) {
    j.notify(st, { to: { principalId: a.principalId }, recipientKind: 'officer', template: 'supervision_notice', vars: { caseId: s.id, title: s.title, level: NOTICE_LEVEL_LABELS[notice.level].label, dueAt: notice.dueAt, note: notice.note } }, 'notice');
  }
  // The requester hears that the case went up (by a decision, a lapse or a reopening): the tier, never the person.
  if ((t.action === 'escalated' || t.action === 'reopened') && e.tier !== t.from) j.tellRequester(st, 'progress_tier', { tier: tierWordsZh(e.tier) });
  if (t.lapsedHolder !== undefined) {
    j.notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'deadline_lapsed_unit_head', vars: { caseId: s.id, title: s.title, officerName: t.lapsedHolder, newAssigneeName: a.name } });
  }
  if (t.officerEvent) j.officerEvent(st, { officer: { principalId: t.officerEvent.by }, unitId: t.officerEvent.unitId, tier: t.officerEvent.tier, kind: t.officerEvent.kind });
  j.record();
}

export function onVacant(j: Draft, e: Extract<CaseEvent, { type: 'vacant' }>) {
  const { s, at } = j;
  s.engine.vacantFrom ??= e.tier;
  // 缺位递补: nobody active holds this tier and no stand-in is named; the tier above takes it.
  const st = j.step('vacancy', 'system', { tier: e.tier, note: `no active ${TIER_RULES[e.tier].labelEn} (${TIER_RULES[e.tier].label}) in ${s.leadUnitId}`, data: { vacantTier: e.tier } });
  j.notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'vacancy', vars: { caseId: s.id, title: s.title, tier: TIER_RULES[e.tier].label } });
  j.notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'vacancy', vars: { caseId: s.id, title: s.title, tier: TIER_RULES[e.tier].label } });
  const up = nextTier(e.tier);
  if (up) return j.assign(up, { ...e.then, from: e.then.from, note: [e.then.note, `vacancy at tier ${e.tier} (缺位递补)`].filter(Boolean).join('; ') });
  // Not even the city has a holder: the case waits with nobody assigned, and the window's timer asks
  // the directory again when it runs out.
  j.endHolding();
  s.assignee = null;
  j.fx.push({ type: 'openWindow', window: { kind: 'tier', tier: e.tier }, from: at, then: { kind: 'unassigned' } });
}

export function onWindow(j: Draft, e: Extract<CaseEvent, { type: 'windowOpened' }>) {
  const { s, at } = j;
  const t = e.then;
  switch (t.kind) {
    case 'feedback': {
      j.setWindow({ kind: 'rating' }, at, e.deadline, false);
      const d = t.decision;
      const result = d.action === 'resolve' ? d.result : undefined;
      const legalBasis = d.action === 'refuse' ? d.legalBasis : undefined;
      const explanation = d.action === 'refuse' ? d.explanation : undefined;
      const st = j.step(t.outcome, t.by, { note: d.note, data: { result, legalBasis, explanation, precedentIds: d.precedentIds, ...filesOf(d) }, deadlineAt: s.deadlineAt ?? undefined });
      j.notify(
        st,
        t.outcome === 'resolved'
          ? { to: { requester: true }, recipientKind: 'requester', template: 'feedback_resolved', vars: { caseId: s.id, result: result ?? '', citation: '' } }
          : { to: { requester: true }, recipientKind: 'requester', template: 'feedback_refused', vars: { caseId: s.id, legalBasis: legalBasis ?? '', explanation: explanation ?? '' } },
      );
      return j.record();
    }
    case 'materials': {
      j.setWindow({ kind: 'materials' }, at, e.deadline);
      s.materials = { items: t.items, requestedAt: at, dueAt: s.deadlineAt! };
      const st = j.step('materials_requested', t.by, { note: t.note, deadlineAt: s.deadlineAt!, data: { items: t.items, ...filesOf(t) } });
      j.notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_requested', vars: { caseId: s.id, items: t.items.join('、') } });
      return j.record();
    }
    case 'materialsSupplied':
      j.setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
      j.step('materials_supplied', 'requester', { note: t.body.note, subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt!, data: { items: t.body.items, ...channelOf(t.body), ...filesOf(t.body) } });
      return j.record();
    case 'materialsLapsed':
      j.setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
      j.step('returned_to_holder', 'system', { subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt! });
      return j.record();
    case 'coordinationBack': {
      j.setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
      const c = s.coordination!;
      const st = j.step('coordination_back', 'system', { subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt ?? undefined, data: { answers: c.parts.map((x) => ({ unitId: x.unitId, status: x.status, stance: x.answer?.stance })) } });
      if (s.assignee) j.assignedNotice(st, s.assignee);
      return j.record();
    }
    case 'cityLapsed': {
      j.setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline);
      s.overdue = true;
      // The overdue reminder of the lapse (no tier above to take it): drawn on the tier's overdue end.
      const st = j.step('reminded', 'system', { subjectId: t.holder.principalId, deadlineAt: s.deadlineAt!, data: { phase: 'overdue' } });
      j.notify(st, { to: { principalId: t.holder.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: s.deadlineAt! } });
      return j.record();
    }
    case 'unassigned':
      // Nobody to remind: the window only says when to ask the directory again.
      j.setWindow({ kind: 'tier', tier: s.tier }, at, e.deadline, Boolean(s.assignee));
      return j.record();
    case 'retime': {
      // A deadline never moves earlier than what the holder was told.
      const w = s.engine.window;
      if (!w || !s.deadlineAt) return;
      const told = w.told;
      const next = Date.parse(e.deadline.deadlineAt) > Date.parse(told) ? e.deadline.deadlineAt : told;
      const changed = next !== s.deadlineAt || e.deadline.provisional !== s.deadlineProvisional;
      if (!changed) return;
      const old = s.deadlineAt;
      s.deadlineAt = next;
      s.deadlineProvisional = e.deadline.provisional;
      s.deadlineNote = e.deadline.note;
      if (!s.engine.reminded && e.deadline.reminderAt && w.kind.kind !== 'rating') s.reminderAt = Date.parse(e.deadline.reminderAt) > Date.parse(told) ? e.deadline.reminderAt : s.reminderAt;
      w.told = next;
      const st = j.step('deadline_retimed', 'system', { subjectId: s.assignee?.principalId, deadlineAt: next, data: { from: old, to: next, years: t.years, provisional: e.deadline.provisional, phase: s.phase === 'materials' ? 'materials' : undefined } });
      if (s.assignee) j.notify(st, { to: { principalId: s.assignee.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: next } });
      else if (s.phase === 'materials') j.notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
      return j.record();
    }
  }
}

/** The reminder instants of the city's directives: the direction is recorded. */
export function onRemindersSet(j: Draft, event: Extract<CaseEvent, { type: 'remindersSet' }>) {
  const { s } = j;
  s.directives!.forEach((x, i) => (x.reminderAt = event.reminders[i] ?? undefined));
  const directing = s.engine.directing ?? { by: 'system' };
  delete s.engine.directing;
  finishDirect(j, directing.by, directing.note);
}
