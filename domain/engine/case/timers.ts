// Time: when the case must wake by itself, what a timer does when it fires (reminders, lapses that
// escalate by themselves, backstops of waiting phases), and a calendar change that re-times a window.
import { nextTier, statusAtTier } from '../../tiers.js';
import { type CaseEvent, type CaseState } from './model.js';
import type { Draft } from './draft.js';
import { afterPartsChange } from './children.js';
import { endAftercare, endFeedback, overtakeExtension, supervisionDues, supervisionLapses } from './supervision.js';

/** When the workflow must wake by itself next (epoch ms), or null when it only waits for messages. */
export function nextWake(s: CaseState): number | null {
  const own = caseWake(s);
  // Supervision items (a 督办's due time, a decision window, a rectification, the aftercare) too.
  const all = [...(own === null ? [] : [own]), ...supervisionDues(s)];
  return all.length ? Math.min(...all) : null;
}

/** The case's own next wake-up: its window, reminder, backstop or directives. */
function caseWake(s: CaseState): number | null {
  if (s.phase === 'done' || s.phase === 'aftercare') return null;
  if (s.phase === 'coordinating' || s.phase === 'awaiting_session') return s.engine.backstopAt ? Date.parse(s.engine.backstopAt) : null;
  if (s.phase === 'directives') {
    const open = s.directives!.filter((x) => !x.doneAt && !x.lapsed);
    const due = open.map((x) => Date.parse(x.reminderAt && !x.reminded ? x.reminderAt : x.dueAt));
    return due.length ? Math.min(...due) : null;
  }
  if (s.reminderAt && !s.engine.reminded) return Date.parse(s.reminderAt);
  return s.deadlineAt ? Date.parse(s.deadlineAt) : null;
}

export function onTimer(j: Draft) {
  // Supervision items first (their steps stand on sub-processes of their own), then the case's own work.
  const lapsed = supervisionLapses(j);
  const ended = endAftercare(j);
  const before = j.fx.length;
  caseTimer(j);
  if ((lapsed || ended) && j.fx.length === before) j.record();
}

function caseTimer(j: Draft) {
  const { s, at } = j;
  const now = Date.parse(at);
  if (s.phase === 'done' || s.phase === 'aftercare') return;
  if (s.phase === 'coordinating' || s.phase === 'awaiting_session') {
    if (!s.engine.backstopAt || Date.parse(s.engine.backstopAt) > now) return;
    s.engine.backstopAt = null;
    if (s.phase === 'coordinating') {
      // No answer by the backstop: each silent part is treated as lapsed at the top of its unit.
      for (const part of s.coordination?.parts ?? []) {
        if (part.status !== 'open') continue;
        j.fx.push({ type: 'cancelPart', workflowId: part.workflowId });
        part.status = 'lapsed';
        part.answer = { unitId: part.unitId, stance: 'lapsed', by: 'system', tier: '4', at };
        j.step('part_lapsed', 'system', { note: 'no answer by the backstop', data: { unitId: part.unitId, workflowId: part.workflowId } });
      }
      return afterPartsChange(j);
    }
    // The Saturday session never came: the leader takes the case without it.
    j.step('consultation_convened', 'system', { note: 'no session convened in time: the city leader takes the case (backstop)' });
    return j.assign('city', { action: 'consultation_convened', actor: 'system', from: s.tier, note: '会商 (backstop)', previous: null });
  }
  if (s.phase === 'directives') {
    for (const d of s.directives!) {
      if (!d.doneAt && !d.lapsed && !d.reminded && d.reminderAt && Date.parse(d.reminderAt) <= now && Date.parse(d.dueAt) > now) {
        d.reminded = true;
        const st = j.step('reminded', 'system', { note: `directive to ${d.unitId} due ${d.dueAt}`, deadlineAt: d.dueAt, data: { unitId: d.unitId, phase: 'directives' } });
        j.notify(st, { to: { unitHeadOf: d.unitId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: d.dueAt } });
      }
      if (!d.doneAt && !d.lapsed && Date.parse(d.dueAt) <= now) {
        d.lapsed = true;
        s.overdue = true;
        const st = j.step('deadline_lapsed', 'system', { note: `directive to ${d.unitId} overdue`, deadlineAt: d.dueAt, data: { unitId: d.unitId } });
        j.officerEvent(st, { officer: { unitHeadOf: d.unitId }, unitId: d.unitId, tier: 'city', kind: 'shelved' });
        j.notify(st, { to: { unitHeadOf: d.unitId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: d.dueAt } });
      }
    }
    return j.record();
  }
  if (s.reminderAt && !s.engine.reminded && Date.parse(s.reminderAt) <= now && s.phase !== 'feedback') {
    s.engine.reminded = true;
    const st = j.step('reminded', 'system', {
      subjectId: s.phase === 'materials' ? undefined : s.assignee?.principalId,
      deadlineAt: s.deadlineAt ?? undefined,
      ...(s.phase === 'materials' ? { data: { phase: 'materials' } } : {}),
    });
    if (s.phase === 'materials') {
      j.notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
    } else if (s.assignee) {
      j.notify(st, { to: { principalId: s.assignee.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: s.deadlineAt ?? '' } });
    }
    return j.record();
  }
  if (!s.deadlineAt || Date.parse(s.deadlineAt) > now) return;
  if (s.phase === 'feedback') {
    j.step('closed', 'system', { note: 'rating window ended' });
    return endFeedback(j);
  }
  if (s.phase === 'materials') {
    // The requester did not supply in time: reminded, and the case returns to its holder.
    const st = j.step('materials_lapsed', 'system', { deadlineAt: s.deadlineAt });
    j.notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
    s.status = statusAtTier(s.tier);
    s.phase = 'handling';
    j.fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'materialsLapsed' } });
    return;
  }
  const holder = s.assignee;
  if (!holder) {
    // Nobody could be found when the case was assigned: ask the directory again, from the first
    // tier that was found empty.
    return j.assign(s.engine.vacantFrom ?? s.tier, { action: 'vacancy', actor: 'system', from: s.tier, note: 'no holder: the directory is asked again (缺位递补)' });
  }
  // A tier's window lapsed with no decision: shelved (搁置) against the holder, and up it goes. A
  // request for more time for this window is overtaken.
  overtakeExtension(j);
  s.overdue = true;
  const lapsed = j.step('deadline_lapsed', 'system', { subjectId: holder.principalId, deadlineAt: s.deadlineAt });
  j.officerEvent(lapsed, { officer: { principalId: holder.principalId }, unitId: holder.unitId, tier: s.tier, kind: 'shelved' });
  const to = nextTier(s.tier);
  if (to) {
    return j.assign(to, { action: 'escalated', actor: 'system', note: 'deadline lapsed (超时自动提级)', from: s.tier, previous: holder, data: { reason: 'deadline_lapsed' }, lapsedHolder: holder.name });
  }
  // The city has no tier above: a fresh window, and the lapse stays on record.
  j.fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'cityLapsed', holder } });
}

/** The official calendar changed: the running window is recounted from where it started (never earlier). */
export function onCalendarChanged(j: Draft, event: Extract<CaseEvent, { type: 'calendarChanged' }>) {
  const { s } = j;
  const w = s.engine.window;
  if (!w || !s.deadlineAt || s.phase === 'done') return;
  const year = Number(s.deadlineAt.slice(0, 4));
  if (!s.deadlineProvisional && !event.years.includes(year)) return;
  j.fx.push({ type: 'openWindow', window: w.kind, from: w.from, then: { kind: 'retime', years: event.years } });
}
