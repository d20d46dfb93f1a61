// Officers' decisions: resolve or refuse (closing the case into its feedback window), escalate, refer
// to the city, coordinate units, request materials, direct units (the city).
import { type AttachmentRef, type Decision } from '../../messages.js';
import { nextTier } from '../../tiers.js';
import type { Rejection } from '../driver.js';
import { MAX_REQUEST_IDS, type CaseEvent } from './model.js';
import type { Draft } from './draft.js';
import { startConsultation } from './children.js';

export function decide(j: Draft, e: Extract<CaseEvent, { type: 'decided' }>): Rejection | void {
  const { s, at } = j;
  const d = e.env.decision;
  const by = e.env.actorId;
  const holder = s.assignee;
  if (e.via === 'signal') {
    s.engine.via = { requestId: e.env.requestId };
    if (e.env.requestId) s.engine.requestIds = [...s.engine.requestIds, e.env.requestId].slice(-MAX_REQUEST_IDS);
  }
  switch (d.action) {
    case 'resolve':
      return close(j, 'resolved', by, d);
    case 'refuse':
      return close(j, 'refused', by, d);
    case 'escalate': {
      const fromTier = s.tier;
      return j.assign(nextTier(s.tier)!, {
        action: 'escalated',
        actor: by,
        note: d.note,
        from: fromTier,
        previous: holder,
        data: { reason: d.reason, precedentIds: d.precedentIds, ...filesOf(d) },
        officerEvent: { by, unitId: holder?.unitId ?? null, tier: fromTier, kind: 'escalated' },
      });
    }
    case 'refer_to_city':
      return startConsultation(j, { reason: 'refer_to_city', by, holder, note: d.suggestions });
    case 'consult_city':
      return startConsultation(j, { reason: 'consult_city', by, holder, note: d.note });
    case 'coordinate': {
      const fresh = [...new Set(d.unitIds)].filter((u) => u !== s.leadUnitId && !s.coordination?.parts.some((x) => x.unitId === u && x.status === 'open'));
      if (!fresh.length) return { code: 'NO_NEW_UNITS', message: 'Every unit named is the lead or already has an open part.' };
      if (!s.coordination || s.coordination.closed) {
        s.coordination = { question: d.question, startedAt: at, back: false, parts: [] };
        s.engine.rounds += 1;
      }
      s.coordination.back = false;
      for (const u of fresh) {
        const workflowId = partWorkflowIdFor(j, u);
        j.fx.push({ type: 'startPart', unitId: u, workflowId, question: d.question });
        s.coordination.parts.push({ unitId: u, workflowId, status: 'open' });
      }
      s.status = 'coordinating';
      s.phase = 'coordinating';
      // The lead waits for the units; each part runs on its own clock. The backstop stops the wait
      // if a part never answers (it ended abnormally without telling).
      if (s.deadlineAt && s.engine.window) j.backstop(s.engine.window.from, s.deadlineAt);
      else s.engine.backstopAt = null;
      j.clearWindow();
      s.overdue = false;
      s.involvedUnitIds = [...new Set([...s.involvedUnitIds, ...fresh])];
      j.fx.push({ type: 'upsertUnits' });
      const st = j.step('coordinated', by, { note: d.question, data: { unitIds: fresh, ...filesOf(d) } });
      j.tellRequester(st, 'progress_coordinated', { unitCount: String(fresh.length) });
      return j.record();
    }
    case 'request_materials':
      s.status = 'awaiting_materials';
      s.phase = 'materials';
      j.fx.push({ type: 'openWindow', window: { kind: 'materials' }, from: at, then: { kind: 'materials', by, items: d.items, note: d.note, ...filesOf(d) } });
      return;
    case 'direct': {
      s.phase = 'directives';
      s.directives = d.directives.map((x) => ({ ...x }));
      s.engine.directing = { by, note: d.note };
      j.fx.push({ type: 'directiveReminders', from: at, dues: s.directives.map((x) => x.dueAt) });
      return;
    }
  }
}

/** The files a message carries, by reference only (never their bytes), for its step's data. */
export function filesOf(m: { attachments?: AttachmentRef[] }): { attachments?: AttachmentRef[] } {
  return m.attachments?.length ? { attachments: m.attachments } : {};
}

export function close(j: Draft, kind: 'resolved' | 'refused', by: string, d: Decision) {
  const { s, at } = j;
  const result = d.action === 'resolve' ? d.result : undefined;
  const legalBasis = d.action === 'refuse' ? d.legalBasis : undefined;
  const explanation = d.action === 'refuse' ? d.explanation : undefined;
  s.status = kind;
  s.outcome = { kind, tier: s.tier, at, by, result, legalBasis, explanation, precedentIds: d.precedentIds };
  if (s.coordination) s.coordination.closed = true;
  if (s.consultation && !s.consultation.outcomeSent) {
    // The consultation's own record ends with the city leader's decision.
    s.consultation.outcomeSent = true;
    if (s.consultation.running !== false) {
      j.fx.push({ type: 'signalConsultationOutcome', workflowId: s.consultation.workflowId, outcome: { kind, by, at, summary: (result ?? explanation ?? '').slice(0, 200) } });
    }
  }
  j.endHolding();
  s.assignee = null;
  s.phase = 'feedback';
  s.rating = undefined;
  j.fx.push({ type: 'openWindow', window: { kind: 'rating' }, from: at, then: { kind: 'feedback', outcome: kind, by, decision: d } });
}

function partWorkflowIdFor(j: Draft, unitId: string): string {
  const { s } = j;
  // Unique per round and per repeat inside a round: an earlier part may still be ending.
  const earlier = s.coordination!.parts.filter((x) => x.unitId === unitId).length;
  const base = `case-${s.id}-part-${unitId}`;
  const round = s.engine.rounds > 1 ? `-r${s.engine.rounds}` : '';
  return base + round + (earlier ? `-${earlier + 1}` : '');
}

export function finishDirect(j: Draft, by: string, note?: string) {
  const { s } = j;
  const ds = s.directives!;
  s.involvedUnitIds = [...new Set([...s.involvedUnitIds, ...ds.map((x) => x.unitId)])];
  s.deadlineAt = ds.map((x) => x.dueAt).sort()[0];
  s.reminderAt = null;
  s.engine.window = null;
  const st = j.step('directed', by, { note, data: { directives: ds.map(({ unitId, task, dueAt }) => ({ unitId, task, dueAt })) } });
  for (const x of ds) j.notify(st, { to: { unitHeadOf: x.unitId }, recipientKind: 'officer', template: 'directive_assigned', vars: { caseId: s.id, task: x.task, dueAt: x.dueAt } });
  j.fx.push({ type: 'upsertUnits' });
  j.record();
}
