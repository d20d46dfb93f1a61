// One unit's part of a coordinated case (首问部门牵头协调办理, 各部门各负其责). It runs inside that unit
// like a case: its first-contact officer first, up the unit's tiers on the coordination window, and
// only the unit's principal head may answer "cannot", with a legal basis. Its answer goes back to the
// lead's case by signal; the case never asks the requester to go from unit to unit.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { PartDecisionEnvelopeSchema, type PartDecisionEnvelope } from '../domain/messages.js';
import { TIER_RULES, isLegalBasis, nextTier, type Tier } from '../domain/tiers.js';
import type { PartAnswer, PartInput, PartView, TimelineStep } from './case-state.js';
import { elementForStep } from '../domain/process.js';
import type { NotificationRequest, OfficerEventRequest } from '../activities/projection.js';
import { AssigneeKey, CaseStatusKey, CaseTierKey, CaseUnitsKey, DeadlineAtKey, LeadUnitKey, OverdueKey, partAnsweredSignal, partDecideUpdate, partStateQuery } from './definitions.js';
import { fail, lookups, type Activities } from './shared.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
  summary: 'copy the part to the read model and outbox',
});


export async function unitPartWorkflow(input: PartInput): Promise<PartView> {
  const now = () => new Date().toISOString();
  const p: PartView = {
    caseId: input.caseId,
    unitId: input.unitId,
    workflowId: workflowInfo().workflowId,
    question: input.question,
    status: 'open',
    tier: '1',
    assignee: null,
    deadlineAt: null,
    timeline: [],
  };
  let pending: { env: PartDecisionEnvelope; done: boolean; error?: { code: string; message: string } } | null = null;
  let flushed = 0;
  const notes: NotificationRequest[] = [];
  const events: OfficerEventRequest[] = [];

  const step = (action: string, actor: string, fields: Partial<TimelineStep> = {}) => {
    const st: TimelineStep = { seq: p.timeline.length + 1, at: now(), tier: p.tier, actor, action, ...fields };
    p.timeline.push(st);
    return st;
  };
  async function flush() {
    for (const st of p.timeline.slice(flushed)) st.elementId ??= elementForStep({ ...st, data: { phase: 'coordination', ...st.data } }) ?? undefined;
    upsertSearchAttributes([
      { key: CaseStatusKey, value: p.status === 'open' ? 'coordinating' : p.status },
      { key: CaseTierKey, value: p.tier },
      { key: AssigneeKey, value: p.assignee?.principalId ?? '' },
      { key: DeadlineAtKey, value: p.deadlineAt ? new Date(p.deadlineAt) : null },
      { key: OverdueKey, value: false },
    ]);
    const rule = TIER_RULES[p.tier];
    setCurrentDetails(
      p.status === 'open'
        ? `Part of case ${p.caseId} for unit ${p.unitId}: tier ${p.tier} ${rule.label} (${rule.labelEn}), held by ${p.assignee?.name} until ${p.deadlineAt}.`
        : `Part of case ${p.caseId} for unit ${p.unitId}: ${p.status}${p.answer ? ` (${p.answer.stance})` : ''}.`,
    );
    const steps = p.timeline.slice(flushed);
    flushed = p.timeline.length;
    await store.recordPart({ part: p, steps, notifications: notes.splice(0), officerEvents: events.splice(0) });
  }

  async function assign(tier: Tier, actor: string, action: string, note?: string) {
    const previous = p.assignee;
    p.tier = tier;
    p.assignee = await lookups.resolveAssignee({ unitId: p.unitId, tier, previous });
    const d = await lookups.computeDeadline({ window: { kind: 'coordination' }, from: now() });
    p.deadlineAt = d.deadlineAt;
    const st = step(action, actor, { note, subjectId: p.assignee.principalId, deadlineAt: p.deadlineAt });
    notes.push({
      key: `${p.caseId}#${p.unitId}:${st.seq}:${p.assignee.principalId}`,
      to: { principalId: p.assignee.principalId },
      recipientKind: 'officer',
      template: 'case_assigned',
      vars: { caseId: p.caseId, title: `【协调】${input.title}`, tier: TIER_RULES[tier].label, deadline: p.deadlineAt },
    });
    return st;
  }

  function check(env: PartDecisionEnvelope) {
    const parsed = PartDecisionEnvelopeSchema.safeParse(env);
    if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (p.status !== 'open') fail('PART_CLOSED', `This unit's part is ${p.status}.`);
    if (p.assignee?.principalId !== env.actorId) fail('NOT_ASSIGNEE', "Only the officer who holds this unit's part may decide it.");
    const d = parsed.data.decision;
    if (d.action === 'escalate' && !nextTier(p.tier)) fail('ACTION_NOT_ALLOWED_AT_TIER', 'The principal head is the top of the unit: answer can_do or cannot.');
    if (d.action === 'escalate' && p.tier === '4') fail('ACTION_NOT_ALLOWED_AT_TIER', 'Inside a unit, escalation stops at the principal head.');
    if (d.action === 'opinion' && d.opinion.stance === 'cannot') {
      if (p.tier !== '4') fail('REFUSAL_BELOW_TIER_4', "Only the unit's principal head may answer \"cannot\"; escalate it inside the unit.");
      if (!isLegalBasis(d.opinion.legalBasis) || !d.opinion.explanation?.trim()) fail('MISSING_LEGAL_BASIS', '"cannot" needs the law or rule and article, and an explanation.');
    }
  }

  setHandler(partStateQuery, () => p);
  setHandler(
    partDecideUpdate,
    async (env) => {
      const t = { env, done: false } as NonNullable<typeof pending>;
      await condition(() => pending === null);
      pending = t;
      await condition(() => t.done);
      if (t.error) fail(t.error.code, t.error.message);
      return p;
    },
    { validator: check },
  );

  async function answer(a: PartAnswer) {
    p.answer = a;
    p.status = a.stance === 'lapsed' ? 'lapsed' : 'answered';
    p.deadlineAt = null;
    await flush();
    // The lead's case learns the answer; a case that has closed meanwhile simply does not need it.
    await getExternalWorkflowHandle(input.parentWorkflowId).signal(partAnsweredSignal, a).catch(() => undefined);
  }

  upsertSearchAttributes([
    { key: LeadUnitKey, value: input.leadUnitId },
    { key: CaseUnitsKey, value: [p.unitId] },
  ]);
  try {
    step('part_opened', 'system', { note: input.question, data: { leadUnitId: input.leadUnitId } });
    await assign('1', 'system', 'assigned');
    await flush();
    while (p.status === 'open') {
      const got = await condition(() => pending !== null, Math.max(1, Date.parse(p.deadlineAt!) - Date.now()), { summary: `tier ${p.tier} of ${p.unitId} until ${p.deadlineAt}` });
      if (got) {
        const t = pending!;
        try {
          check(t.env); // the part may have moved since the validator ran
        } catch (e) {
          t.error = { code: (e as ApplicationFailure).type ?? 'REJECTED', message: (e as Error).message };
          t.done = true;
          pending = null;
          continue;
        }
        const d = t.env.decision;
        if (d.action === 'escalate') {
          events.push({ officer: { principalId: t.env.actorId }, unitId: p.unitId, tier: p.tier, kind: 'escalated', seq: p.timeline.length + 1 });
          const st = await assign(nextTier(p.tier)!, t.env.actorId, 'escalated', d.note);
          st.data = { reason: d.reason };
          await flush();
        } else {
          const o = d.opinion;
          step(o.stance === 'can_do' ? 'answered_can_do' : 'answered_cannot', t.env.actorId, { data: { ...o } });
          await answer({ unitId: p.unitId, stance: o.stance, by: t.env.actorId, tier: p.tier, at: now(), ...(o.stance === 'can_do' ? { plan: o.plan, dueAt: o.dueAt } : { legalBasis: o.legalBasis, explanation: o.explanation }) });
        }
        t.done = true;
        pending = null;
        continue;
      }
      // The window lapsed: shelved against the holder, and up inside the unit.
      const holder = p.assignee!;
      const lapsed = step('deadline_lapsed', 'system', { subjectId: holder.principalId, deadlineAt: p.deadlineAt! });
      events.push({ officer: { principalId: holder.principalId }, unitId: p.unitId, tier: p.tier, kind: 'shelved', seq: lapsed.seq });
      const to = p.tier === '4' ? null : nextTier(p.tier);
      if (to) {
        const st = await assign(to, 'system', 'escalated', 'deadline lapsed (超时自动提级)');
        st.data = { reason: 'deadline_lapsed' };
        await flush();
      } else {
        // Past its window at the top of its unit: the case goes to the city by itself.
        await answer({ unitId: p.unitId, stance: 'lapsed', by: holder.principalId, tier: p.tier, at: now() });
      }
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Withdrawn by the lead, or the case ended: record it, then finish.
    await CancellationScope.nonCancellable(async () => {
      p.status = 'withdrawn';
      p.deadlineAt = null;
      step('part_withdrawn', 'system');
      await flush();
    });
  }
  return p;
}
