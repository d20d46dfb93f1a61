// Supervision while the case is alive (督查督办), and what follows its feedback: 督办 notices, the
// holder's requests for more time (延期申请), rectifying a bad rating (差评整改), return visits (回访),
// appeals against a rating, and the aftercare that keeps the case open for them. Each item's due time
// lives in the state, so the one timer of the case (nextWake, timers.ts) wakes it for them too; each
// item runs on its own event sub-process of the case model (domain/process.ts).
import { NOTICE_LEVEL_LABELS, RATING_LABELS, APPEAL_REASON_LABELS, isUnsatisfied, type NoticeMessage } from '../../messages.js';
import { MAX_REOPENS } from '../../tiers.js';
import type { Appeal, Callback, Extension, Rectification, SupervisionNotice, TimelineStep } from '../../case.js';
import { rulesOf, type CaseEvent, type CaseState, type DueThen } from './model.js';
import type { Draft } from './draft.js';
import { filesOf } from './decisions.js';

const nextNo = (xs: { no: number }[] | undefined) => (xs?.length ?? 0) + 1;

/** The open notice on the case itself (unitId null) or on one unit's part. */
export const openNoticeOn = (s: CaseState, unitId: string | null) => s.supervisionNotices?.find((n) => n.status === 'open' && n.unitId === unitId);
export const pendingExtension = (s: CaseState) => s.extensions?.find((x) => x.status === 'pending');
export const grantedExtensions = (s: CaseState) => s.extensions?.filter((x) => x.status === 'granted').length ?? 0;
/** A rectification still to be reported or verified. */
export const liveRectification = (s: CaseState) => (s.rectification && (s.rectification.status === 'open' || s.rectification.status === 'reported') ? s.rectification : undefined);
export const pendingAppeal = (s: CaseState) => s.appeals?.find((a) => a.status === 'pending');
/** The step of the case's last rating. */
export const lastRatingStep = (s: CaseState): TimelineStep | undefined => [...s.timeline].reverse().find((x) => x.action === 'rated');

/** Items that keep the workflow open after the case itself is archived. */
export function hasOpenItems(s: CaseState): boolean {
  return Boolean(liveRectification(s) || pendingAppeal(s));
}

/** The due times of the open items, for nextWake. */
export function supervisionDues(s: CaseState): number[] {
  const out: number[] = [];
  for (const n of s.supervisionNotices ?? []) if (n.status === 'open') out.push(Date.parse(n.dueAt));
  const x = pendingExtension(s);
  if (x) out.push(Date.parse(x.decideBy));
  const r = liveRectification(s);
  if (r && r.status === 'open' && !r.lapsedAt) out.push(Date.parse(r.dueAt));
  const a = pendingAppeal(s);
  if (a) out.push(Date.parse(a.decideBy));
  if (s.phase === 'aftercare' && s.aftercareUntil) out.push(Date.parse(s.aftercareUntil));
  return out;
}

const words = (s: CaseState, extra: Record<string, string> = {}) => ({ caseId: s.id, title: s.title, ...extra });
const levelOf = (n: SupervisionNotice) => NOTICE_LEVEL_LABELS[n.level].label;

// ---- 督办 notices ----

export function onNoticeIssued(j: Draft, e: Extract<CaseEvent, { type: 'noticeIssued' }>) {
  j.fx.push({ type: 'dueIn', limit: e.m.body.due, from: j.at, then: { kind: 'notice', m: e.m } });
}

function openNotice(j: Draft, m: NoticeMessage, dueAt: string) {
  const { s, at } = j;
  const b = m.body;
  const n: SupervisionNotice = { no: nextNo(s.supervisionNotices), level: b.level, note: b.note, by: m.actor.id, issuedAt: at, dueAt, unitId: b.unitId ?? null, status: 'open', ...(m.partHolderId ? { partHolderId: m.partHolderId } : {}) };
  (s.supervisionNotices ??= []).push(n);
  const holder = b.unitId ? m.partHolderId : s.assignee?.principalId;
  const st = j.step('supervision_issued', m.actor.id, { note: b.note, subjectId: holder, deadlineAt: dueAt, data: { no: n.no, level: n.level, ...(n.unitId ? { unitId: n.unitId } : {}) } });
  const vars = words(s, { level: levelOf(n), dueAt, note: b.note });
  if (holder) j.notify(st, { to: { principalId: holder }, recipientKind: 'officer', template: 'supervision_notice', vars });
  j.notify(st, { to: { unitHeadOf: n.unitId ?? s.leadUnitId }, recipientKind: 'officer', template: 'supervision_notice_head', vars });
  j.record();
}

export function onNoticeWithdrawn(j: Draft, e: Extract<CaseEvent, { type: 'noticeWithdrawn' }>) {
  const { s, at } = j;
  const n = s.supervisionNotices!.find((x) => x.no === e.m.no)!;
  n.status = 'withdrawn';
  n.endedAt = at;
  n.endedBy = e.m.actor.id;
  const holder = n.unitId ? n.partHolderId : s.assignee?.principalId;
  const st = j.step('supervision_withdrawn', e.m.actor.id, { note: e.m.body.note, data: { no: n.no, level: n.level, ...(n.unitId ? { unitId: n.unitId } : {}) } });
  if (holder) j.notify(st, { to: { principalId: holder }, recipientKind: 'officer', template: 'supervision_withdrawn', vars: words(s, { level: levelOf(n) }) });
  j.record();
}

/**
 * The holder decided (or the unit answered its part): the open notice on it is answered, and a
 * request for more time for the window that just ended is overtaken. Recorded before the decision's
 * own steps.
 */
export function answerNotice(j: Draft, unitId: string | null, by: string) {
  const { s, at } = j;
  const n = openNoticeOn(s, unitId);
  if (n) {
    n.status = 'answered';
    n.endedAt = at;
    n.holderId = by;
    j.step('supervision_answered', by, { data: { no: n.no, level: n.level, ...(unitId ? { unitId } : {}) } });
  }
  if (unitId === null) overtakeExtension(j, by);
}

/** Notices on units' parts that are no longer open: the unit answered (or its part ended otherwise). True if any. */
export function settlePartNotices(j: Draft): boolean {
  const { s } = j;
  let any = false;
  for (const n of s.supervisionNotices ?? []) {
    if (n.status !== 'open' || !n.unitId) continue;
    const part = [...(s.coordination?.parts ?? [])].reverse().find((p) => p.unitId === n.unitId);
    if (part?.status === 'open') continue;
    n.status = 'answered';
    n.endedAt = j.at;
    n.holderId = part?.answer?.by ?? null;
    j.step('supervision_answered', part?.answer?.by ?? 'system', { data: { no: n.no, level: n.level, unitId: n.unitId, part: part?.status ?? 'gone' } });
    any = true;
  }
  return any;
}

/** The window a pending request asked more time for has ended (a decision, a lapse). */
export function overtakeExtension(j: Draft, by = 'system') {
  const x = pendingExtension(j.s);
  if (!x) return;
  x.status = 'overtaken';
  x.decidedAt = j.at;
  j.step('extension_overtaken', by, { data: { no: x.no } });
}

/** The case ended otherwise (the requester withdrew): what was open ends with it, quietly (the withdrawal interrupts every sub-process). */
export function endOpenItems(j: Draft) {
  const { s, at } = j;
  for (const n of s.supervisionNotices ?? []) if (n.status === 'open') Object.assign(n, { status: 'ended', endedAt: at });
  const x = pendingExtension(s);
  if (x) Object.assign(x, { status: 'overtaken', decidedAt: at });
  const r = liveRectification(s);
  if (r) Object.assign(r, { status: 'ended', closedAt: at });
}

// ---- extensions (延期申请) ----

export function onExtensionRequested(j: Draft, e: Extract<CaseEvent, { type: 'extensionRequested' }>) {
  j.fx.push({ type: 'dueIn', limit: rulesOf(j.s).extension.window, from: j.at, then: { kind: 'extension', m: e.m } });
}

export function onExtensionDecided(j: Draft, e: Extract<CaseEvent, { type: 'extensionDecided' }>) {
  const { s, at } = j;
  const x = s.extensions!.find((y) => y.no === e.m.no)!;
  if (e.m.body.approve) {
    // The calendar counts the new deadline from the old one; the follow-up records the grant.
    j.fx.push({ type: 'extend', from: s.deadlineAt!, workingDays: x.workingDays, windowFrom: s.engine.window!.from, then: { no: x.no, by: e.m.actor.id, note: e.m.body.note } });
    return;
  }
  Object.assign(x, { status: 'refused', decidedBy: e.m.actor.id, decidedAt: at, ...(e.m.body.note ? { note: e.m.body.note } : {}) });
  const st = j.step('extension_refused', e.m.actor.id, { note: e.m.body.note, subjectId: x.by, deadlineAt: s.deadlineAt ?? undefined, data: { no: x.no, workingDays: x.workingDays } });
  j.notify(st, { to: { principalId: x.by }, recipientKind: 'officer', template: 'extension_refused', vars: words(s, { deadline: s.deadlineAt ?? '' }) });
  j.record();
}

/** A granted extension: the deadline moves (and with it the case's timer), the reminder is re-timed, the requester hears the new time and why. */
export function onExtended(j: Draft, e: Extract<CaseEvent, { type: 'extended' }>) {
  const { s, at } = j;
  const x = s.extensions!.find((y) => y.no === e.then.no)!;
  const from = s.deadlineAt!;
  const to = e.deadline.deadlineAt;
  Object.assign(x, { status: 'granted', decidedBy: e.then.by, decidedAt: at, from, to, ...(e.then.note ? { note: e.then.note } : {}) });
  s.deadlineAt = to;
  s.deadlineProvisional = s.deadlineProvisional || e.deadline.provisional;
  if (e.deadline.provisional) s.deadlineNote = e.deadline.note;
  s.overdue = false;
  if (!s.engine.reminded) s.reminderAt = e.deadline.reminderAt;
  if (s.engine.window) s.engine.window.told = to;
  const st = j.step('extension_granted', e.then.by, { note: e.then.note, subjectId: x.by, deadlineAt: to, data: { no: x.no, workingDays: x.workingDays, from, to, reason: x.reason } });
  j.notify(st, { to: { principalId: x.by }, recipientKind: 'officer', template: 'extension_granted', vars: words(s, { deadline: to }) });
  j.tellRequester(st, 'progress_extended', { deadline: to, reason: x.reason });
  j.record();
}

function openExtension(j: Draft, m: Extract<DueThen, { kind: 'extension' }>['m'], decideBy: string) {
  const { s, at } = j;
  const x: Extension = { no: nextNo(s.extensions), by: m.actor.id, workingDays: m.body.workingDays, reason: m.body.reason, requestedAt: at, decideBy, status: 'pending' };
  (s.extensions ??= []).push(x);
  const st = j.step('extension_requested', m.actor.id, { note: m.body.reason, deadlineAt: decideBy, data: { no: x.no, workingDays: x.workingDays, deadline: s.deadlineAt } });
  const vars = words(s, { workingDays: String(x.workingDays), reason: x.reason, dueAt: decideBy });
  j.notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'extension_requested', vars });
  // The unit head decides too when the policy says so, unless the request is their own.
  if (rulesOf(s).extension.decidedBy === 'unit_head' && s.assignee?.role !== 'principal_head') {
    j.notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'extension_requested', vars });
  }
  j.record();
}

// ---- rectifying a bad rating (差评整改) ----

/** Whether this unsatisfied rating opens the case's rectification item (one per case). */
export function opensRectification(s: CaseState, rating: string): boolean {
  if (!isUnsatisfied(rating as never) || s.rectification) return false;
  return rulesOf(s).rectification.opensOn === 'at_once' || s.reopened >= MAX_REOPENS;
}

export function askRectification(j: Draft, ratingSeq: number, rating: Rectification['rating']) {
  j.fx.push({ type: 'dueIn', limit: rulesOf(j.s).rectification.within, from: j.at, then: { kind: 'rectification', ratingSeq, rating } });
}

function openRectification(j: Draft, then: Extract<DueThen, { kind: 'rectification' }>, dueAt: string) {
  const { s, at } = j;
  const r: Rectification = { no: 1, unitId: s.leadUnitId, ratingSeq: then.ratingSeq, rating: then.rating, openedAt: at, dueAt, status: 'open' };
  s.rectification = r;
  const st = j.step('rectification_opened', 'system', { deadlineAt: dueAt, data: { ratingSeq: r.ratingSeq, rating: r.rating, unitId: r.unitId } });
  j.notify(st, { to: { unitHeadOf: r.unitId }, recipientKind: 'officer', template: 'rectification_opened', vars: words(s, { rating: RATING_LABELS[r.rating].label, dueAt }) });
  j.record();
}

export function onRectificationReported(j: Draft, e: Extract<CaseEvent, { type: 'rectificationReported' }>) {
  const { s, at } = j;
  const r = s.rectification!;
  r.status = 'reported';
  r.report = { by: e.m.actor.id, at, changes: e.m.body.changes, ...filesOf(e.m.body) };
  const st = j.step('rectification_reported', e.m.actor.id, { note: e.m.body.changes, data: { ...(r.lapsedAt ? { late: true } : {}), ...filesOf(e.m.body) } });
  j.notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'rectification_reported', vars: words(s) });
  j.record();
}

export function onRectificationClosed(j: Draft, e: Extract<CaseEvent, { type: 'rectificationClosed' }>) {
  const { s, at } = j;
  const r = s.rectification!;
  const visit = verifyingCallback(s);
  Object.assign(r, { status: 'closed', closedAt: at, closedBy: e.m.actor.id, callbackNo: visit?.no, ...(e.m.body.note ? { note: e.m.body.note } : {}) });
  j.step('rectification_closed', e.m.actor.id, { note: e.m.body.note, data: { callbackNo: visit?.no } });
  j.record();
}

/** The return visit that verifies a reported rectification: one that reached the requester after the report. */
export function verifyingCallback(s: CaseState): Callback | undefined {
  const r = s.rectification;
  if (!r?.report) return undefined;
  return [...(s.callbacks ?? [])].reverse().find((c) => c.reached && c.at >= r.report!.at);
}

// ---- return visits (回访) ----

export function onCallback(j: Draft, e: Extract<CaseEvent, { type: 'callbackRecorded' }>) {
  const { s, at } = j;
  const b = e.m.body;
  const c: Callback = { no: nextNo(s.callbacks), by: e.m.actor.id, at, method: b.method, reached: b.reached, ...(b.satisfaction ? { satisfaction: b.satisfaction } : {}), ...(b.note ? { note: b.note } : {}) };
  (s.callbacks ??= []).push(c);
  // Whether its satisfaction counts is domain/satisfaction.ts's to say, from the steps: the step
  // carries the case's rule on it, as the policy was when the case started.
  const replacesUnverified = rulesOf(s).callback.replacesUnverifiedRating;
  j.step('callback', e.m.actor.id, { note: b.note, data: { no: c.no, method: b.method, reached: b.reached, ...(b.satisfaction ? { satisfaction: b.satisfaction } : {}), replacesUnverified } });
  j.record();
}

// ---- appeals against a rating ----

export function onAppealFiled(j: Draft, e: Extract<CaseEvent, { type: 'appealFiled' }>) {
  const st = lastRatingStep(j.s)!;
  j.fx.push({ type: 'dueIn', limit: rulesOf(j.s).appeal.window, from: j.at, then: { kind: 'appeal', m: e.m, ratingSeq: st.seq, rating: st.data!.rating as Appeal['rating'] } });
}

function openAppeal(j: Draft, then: Extract<DueThen, { kind: 'appeal' }>, decideBy: string) {
  const { s, at } = j;
  const b = then.m.body;
  const a: Appeal = { no: nextNo(s.appeals), ratingSeq: then.ratingSeq, rating: then.rating, by: then.m.actor.id, at, reason: b.reason, explanation: b.explanation, ...filesOf(b), decideBy, status: 'pending' };
  (s.appeals ??= []).push(a);
  const st = j.step('appeal_filed', a.by, { note: b.explanation, deadlineAt: decideBy, data: { no: a.no, ratingSeq: a.ratingSeq, rating: a.rating, reason: a.reason, ...filesOf(b) } });
  j.notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'appeal_filed', vars: words(s, { rating: RATING_LABELS[a.rating].label, reason: APPEAL_REASON_LABELS[a.reason].label, dueAt: decideBy }) });
  j.record();
}

export function onAppealDecided(j: Draft, e: Extract<CaseEvent, { type: 'appealDecided' }>) {
  const { s, at } = j;
  const a = s.appeals!.find((x) => x.no === e.m.no)!;
  const uphold = e.m.body.uphold;
  Object.assign(a, { status: uphold ? 'upheld' : 'rejected', decidedBy: e.m.actor.id, decidedAt: at, note: e.m.body.note });
  // The rating stays on the timeline (the audit); an upheld appeal takes it out of the figures (domain/satisfaction.ts).
  const st = j.step(uphold ? 'appeal_upheld' : 'appeal_rejected', e.m.actor.id, { note: e.m.body.note, data: { no: a.no, ratingSeq: a.ratingSeq, rating: a.rating } });
  j.notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'appeal_decided', vars: words(s, { result: uphold ? '成立，该评价不计入满意度' : '不成立，评价维持' }) });
  const r = liveRectification(s);
  if (uphold && r && r.ratingSeq === a.ratingSeq) {
    // The rating that opened the rectification was mistaken or malicious: nothing to rectify.
    const reported = r.status === 'reported';
    Object.assign(r, { status: 'voided', closedAt: at, closedBy: e.m.actor.id });
    j.step('rectification_voided', e.m.actor.id, { data: { appealNo: a.no, reported } });
  }
  j.record();
}

// ---- aftercare ----

/** The feedback phase is over (rated, or its window ended): aftercare if the rules keep one, else archived now. */
export function endFeedback(j: Draft) {
  const { s } = j;
  s.deadlineAt = null;
  s.reminderAt = null;
  s.engine.window = null;
  const aftercare = rulesOf(s).aftercare;
  if (aftercare) {
    s.phase = 'aftercare';
    j.fx.push({ type: 'dueIn', limit: aftercare, from: j.at, then: { kind: 'aftercare' } });
    return;
  }
  s.phase = 'done';
  j.record();
}

export function onDue(j: Draft, e: Extract<CaseEvent, { type: 'dueSet' }>) {
  const t = e.then;
  switch (t.kind) {
    case 'notice':
      return openNotice(j, t.m, e.dueAt);
    case 'extension':
      return openExtension(j, t.m, e.dueAt);
    case 'rectification':
      return openRectification(j, t, e.dueAt);
    case 'appeal':
      return openAppeal(j, t, e.dueAt);
    case 'aftercare':
      j.s.aftercareUntil = e.dueAt;
      return j.record();
  }
}

// ---- lapses: what the case's timer finds due ----

/** Every supervision item whose time has come, recorded before the case's own timer work. True if any. */
export function supervisionLapses(j: Draft): boolean {
  const { s, at } = j;
  const now = Date.parse(at);
  const before = s.timeline.length;
  for (const n of s.supervisionNotices ?? []) {
    if (n.status !== 'open' || Date.parse(n.dueAt) > now) continue;
    // No decision by the due time: shelved (搁置) against the holder (a part's: against its unit's
    // head, who answers for the unit), and the efficiency office is told a finding is proposed.
    const holder = n.unitId ? null : s.assignee;
    Object.assign(n, { status: 'lapsed', endedAt: at, holderId: holder?.principalId ?? null });
    const st = j.step('supervision_lapsed', 'system', { subjectId: holder?.principalId, deadlineAt: n.dueAt, data: { no: n.no, level: n.level, ...(n.unitId ? { unitId: n.unitId } : {}) } });
    const unitId = n.unitId ?? holder?.unitId ?? s.leadUnitId;
    j.officerEvent(st, { officer: holder ? { principalId: holder.principalId } : { unitHeadOf: unitId }, unitId, tier: n.unitId ? '4' : s.tier, kind: 'shelved' });
    const vars = words(s, { level: levelOf(n) });
    j.notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'supervision_lapsed', vars });
    j.notify(st, { to: { unitHeadOf: unitId }, recipientKind: 'officer', template: 'supervision_lapsed', vars });
  }
  const x = pendingExtension(s);
  if (x && Date.parse(x.decideBy) <= now) {
    Object.assign(x, { status: 'lapsed', decidedAt: at });
    const st = j.step('extension_lapsed', 'system', { subjectId: x.by, deadlineAt: s.deadlineAt ?? undefined, data: { no: x.no } });
    j.notify(st, { to: { principalId: x.by }, recipientKind: 'officer', template: 'extension_refused', vars: words(s, { deadline: s.deadlineAt ?? '' }) });
  }
  const r = liveRectification(s);
  if (r && r.status === 'open' && !r.lapsedAt && Date.parse(r.dueAt) <= now) {
    // No report in time: shelved against the unit's principal head; the item stays open.
    r.lapsedAt = at;
    const st = j.step('rectification_lapsed', 'system', { deadlineAt: r.dueAt, data: { unitId: r.unitId } });
    j.officerEvent(st, { officer: { unitHeadOf: r.unitId }, unitId: r.unitId, tier: '4', kind: 'shelved' });
    j.notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'rectification_lapsed', vars: words(s) });
    j.notify(st, { to: { unitHeadOf: r.unitId }, recipientKind: 'officer', template: 'rectification_lapsed', vars: words(s) });
  }
  const a = pendingAppeal(s);
  if (a && Date.parse(a.decideBy) <= now) {
    // Not decided in time: the rating stands.
    Object.assign(a, { status: 'lapsed', decidedAt: at });
    const st = j.step('appeal_lapsed', 'system', { deadlineAt: a.decideBy, data: { no: a.no, ratingSeq: a.ratingSeq } });
    j.notify(st, { to: { unitHeadOf: s.leadUnitId }, recipientKind: 'officer', template: 'appeal_decided', vars: words(s, { result: '未在时限内审核，评价维持' }) });
  }
  return s.timeline.length > before;
}

/** The aftercare's end: the case is archived, and the workflow ends once no item is open. */
export function endAftercare(j: Draft): boolean {
  const { s, at } = j;
  if (s.phase !== 'aftercare' || !s.aftercareUntil || Date.parse(s.aftercareUntil) > Date.parse(at)) return false;
  s.phase = 'done';
  const end = s.reviewRequested ? 'review' : s.rating ? 'closed' : 'no_rating';
  j.step('aftercare_ended', 'system', { deadlineAt: s.aftercareUntil, data: { end } });
  delete s.aftercareUntil;
  return true;
}
