// The case's children: units' parts (牵头协调) and the city consultation (市级领导会商), and what their
// answers, failures and sessions do to the case.
import { TIER_RULES, statusAtTier, type Tier } from '../../tiers.js';
import { SESSION_BACKSTOP_MS, type CaseEvent, type ConsultThen } from './model.js';
import type { Draft } from './draft.js';

export function startConsultation(j: Draft, then: ConsultThen) {
  const { s } = j;
  if (s.coordination) s.coordination.closed = true;
  j.fx.push({ type: 'findCityLeader', then });
}

/** Once no part is open: the city if a unit lapsed at its top, else back to the lead's holder. */
export function afterPartsChange(j: Draft) {
  const { s, at } = j;
  const c = s.coordination!;
  if (c.parts.some((x) => x.status === 'open')) return j.record();
  c.back = true;
  s.engine.backstopAt = null;
  if (c.parts.some((x) => x.status === 'lapsed')) {
    return startConsultation(j, { reason: 'part_lapsed', by: 'system', holder: s.assignee, note: 'a unit let its part lapse at the top of the unit (协调无果)' });
  }
  s.phase = 'handling';
  s.status = 'coordinating';
  if (!s.assignee) {
    // Nobody holds the lead's side (a vacancy): find the holder of the tier again.
    j.assign(s.tier, { action: 'vacancy', actor: 'system', from: s.tier, note: 'coordination back, no holder (缺位递补)' });
    return;
  }
  j.fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'coordinationBack' } });
}

export function onCityLeader(j: Draft, e: Extract<CaseEvent, { type: 'cityLeaderFound' }>) {
  const { s, at } = j;
  const t = e.then;
  if (!e.leader) {
    // No city leader oversees the unit: the case stays with the holder it has, and the efficiency
    // office hears of the gap.
    const st = j.step('vacancy', 'system', { tier: 'city', note: `no city leader oversees ${s.leadUnitId}`, data: { vacantTier: 'city', reason: t.reason } });
    j.notify(st, { to: { supervisors: true }, recipientKind: 'supervisor', template: 'vacancy', vars: { caseId: s.id, title: s.title, tier: TIER_RULES.city.label } });
    if (s.coordination) s.coordination.closed = false;
    if (s.phase === 'coordinating' || !s.assignee) {
      s.phase = 'handling';
      s.status = statusAtTier(s.tier);
      if (!s.assignee) return j.assign(s.tier, { action: 'vacancy', actor: 'system', from: s.tier, note: 'no city leader (缺位递补)' });
      j.fx.push({ type: 'openWindow', window: { kind: 'tier', tier: s.tier }, from: at, then: { kind: 'unassigned' } });
      return;
    }
    return j.record();
  }
  const leader = e.leader;
  s.engine.consultations += 1;
  const workflowId = `case-${s.id}-consultation-${s.engine.consultations}`;
  const unitIds = s.coordination?.parts.filter((x) => x.status !== 'withdrawn').map((x) => x.unitId) ?? [];
  s.consultation = { workflowId, cityLeaderId: leader.principalId, reason: t.reason, session: s.keyProject ? 'saturday' : 'immediate', unitIds };
  j.fx.push({ type: 'startConsultation', workflowId, reason: t.reason, cityLeaderId: leader.principalId, unitIds, note: t.note });
  const asked = j.step('consultation_requested', t.by, { note: t.note, data: { reason: t.reason, workflowId, cityLeaderId: leader.principalId, session: s.consultation.session, unitIds } });
  j.tellRequester(asked, 'progress_city', {});
  const officerEv = t.reason === 'refer_to_city' ? ({ by: t.by, unitId: t.holder?.unitId ?? null, tier: '4' as Tier, kind: 'referred' as const }) : undefined;
  if (!s.keyProject) {
    return j.assign('city', { action: t.reason === 'refer_to_city' ? 'referred_to_city' : 'consulted_city', actor: t.by, note: t.note, from: s.tier, previous: t.holder, officerEvent: officerEv });
  }
  // Key projects wait for the weekly Saturday session; the city leader's window opens when it convenes.
  s.tier = 'city';
  s.status = 'at_city';
  s.phase = 'awaiting_session';
  s.assignee = leader;
  j.clearWindow();
  const st = j.step('awaiting_session', 'system', { subjectId: leader.principalId, note: '重点项目"星期六会商"' });
  if (officerEv) j.officerEvent(st, { officer: { principalId: officerEv.by }, unitId: officerEv.unitId, tier: officerEv.tier, kind: officerEv.kind });
  // If the session never convenes, the leader takes the case after a week and a day.
  s.engine.backstopAt = new Date(Date.parse(at) + SESSION_BACKSTOP_MS).toISOString();
  return j.record();
}

/** The lead withdraws one unit's part. */
export function onPartWithdrawn(j: Draft, event: Extract<CaseEvent, { type: 'partWithdrawn' }>) {
  const { s } = j;
  const part = s.coordination!.parts.find((x) => x.unitId === event.unitId && x.status === 'open')!;
  j.fx.push({ type: 'cancelPart', workflowId: part.workflowId });
  part.status = 'withdrawn';
  j.step('part_withdrawn', event.actorId, { data: { unitId: event.unitId } });
  afterPartsChange(j);
}

/** A unit answered its part (or lapsed at its top). */
export function onPartAnswered(j: Draft, event: Extract<CaseEvent, { type: 'partAnswered' }>) {
  const { s } = j;
  const part = s.coordination?.parts.find((x) => x.unitId === event.answer.unitId && x.status === 'open' && (!event.answer.workflowId || x.workflowId === event.answer.workflowId));
  if (!part) return; // withdrawn meanwhile, or an earlier round: its late answer changes nothing
  part.status = event.answer.stance === 'lapsed' ? 'lapsed' : 'answered';
  part.answer = event.answer;
  j.step(event.answer.stance === 'lapsed' ? 'part_lapsed' : 'part_answered', event.answer.stance === 'lapsed' ? 'system' : event.answer.by, {
    subjectId: event.answer.by,
    data: { ...event.answer },
  });
  afterPartsChange(j);
}

/** A child ended without its answer. */
export function onChildFailed(j: Draft, event: Extract<CaseEvent, { type: 'childFailed' }>) {
  const { s, at } = j;
  if (event.kind === 'part') {
    // A part that failed or was terminated counts as lapsed at the top of its unit: the case goes on.
    const part = s.coordination?.parts.find((x) => x.workflowId === event.workflowId && x.status === 'open');
    if (!part) return;
    part.status = 'lapsed';
    part.answer = { unitId: part.unitId, stance: 'lapsed', by: 'system', tier: '4', at };
    j.step('part_failed', 'system', { note: event.reason, data: { unitId: part.unitId, workflowId: part.workflowId } });
    afterPartsChange(j);
  } else {
    if (!s.consultation || s.consultation.workflowId !== event.workflowId || s.consultation.outcomeSent) return;
    s.consultation.running = false;
    j.step('consultation_failed', 'system', { note: event.reason, data: { workflowId: event.workflowId } });
    if (s.phase === 'awaiting_session') {
      // The session will never convene this consultation: the leader takes the case now.
      s.engine.backstopAt = null;
      j.assign('city', { action: 'consultation_convened', actor: 'system', from: s.tier, note: '会商 (consultation ended abnormally)', previous: null });
    } else j.record();
  }
}

/** The consultation convened (at once, or at the Saturday session). */
export function onConsultationConvened(j: Draft, event: Extract<CaseEvent, { type: 'consultationConvened' }>) {
  const { s } = j;
  if (!s.consultation) return;
  s.consultation.convenedAt = event.convenedAt;
  if (s.phase !== 'awaiting_session') return; // an immediate session: the leader already holds the case
  s.engine.backstopAt = null;
  j.assign('city', { action: 'consultation_convened', actor: 'system', from: s.tier, note: `会商 (${event.session})`, previous: null });
}
