// The case workflow: one per request, id `case-<id>`. It climbs the four tiers (首问负责人 → 科室负责人
// → 单位分管负责人 → 单位主要负责人) and the city, with deadlines that act by themselves, and checks
// every decision against the rules in domain/tiers.ts before anything is written.
import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  startChild,
  proxyActivities,
  patched,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DecisionEnvelopeSchema, MaterialsSchema, RatingSchema, WithdrawSchema, isUnsatisfied } from '../domain/messages.js';
import type { Decision, DecisionEnvelope, Materials, Rating, Withdraw } from '../domain/messages.js';
import { CLOSED_STATUSES, TIER_RULES, checkDecision, nextTier, statusAtTier, type Tier } from '../domain/tiers.js';
import type { Assignee, CaseInput, CaseView, Consultation, PartAnswer, TimelineStep } from './case-state.js';
import { unitPartWorkflow } from './unit-part.js';
import { elementForStep } from '../domain/process.js';
import { consultationWorkflow } from './consultation.js';
import type { NotificationRequest, OfficerEventRequest } from '../activities/projection.js';
import {
  AssigneeKey,
  CaseStatusKey,
  CaseTierKey,
  CaseUnitsKey,
  DeadlineAtKey,
  LeadUnitKey,
  OverdueKey,
  consultationConvenedSignal,
  consultationOutcomeSignal,
  consultationWorkflowId,
  decideSignal,
  partAnsweredSignal,
  partWorkflowId,
  withdrawPartUpdate,
  decideUpdate,
  directiveDoneUpdate,
  openedUpdate,
  rateUpdate,
  stateQuery,
  supplyMaterialsUpdate,
  withdrawUpdate,
} from './definitions.js';
import { fail, lookups, type Activities } from './shared.js';


// The projection writes the audit copy, the read model and the outbox: retried until it lands.
const store = proxyActivities<Activities>({
  // A few SQLite writes: if a worker dies mid-way, the retry should not wait long.
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
  summary: 'copy steps to the audit store, read model and outbox',
});

type Job =
  | { kind: 'decision'; env: DecisionEnvelope; viaSignal: boolean }
  | { kind: 'materials'; body: Materials }
  | { kind: 'withdraw'; body: Withdraw }
  | { kind: 'rate'; body: Rating }
  | { kind: 'directiveDone'; unitId: string; actorId: string; note?: string }
  | { kind: 'withdrawPart'; unitId: string; actorId: string }
  | { kind: 'partAnswered'; answer: PartAnswer }
  | { kind: 'consultationConvened'; session: string; at: string };

interface Ticket {
  job: Job;
  done: boolean;
  error?: { code: string; message: string };
}


export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const now = () => new Date().toISOString();
  const s: CaseView = {
    id: input.caseId,
    workflowId: workflowInfo().workflowId,
    title: input.title,
    status: 'in_progress',
    tier: '1',
    phase: 'handling',
    leadUnitId: input.leadUnitId,
    involvedUnitIds: input.involvedUnitIds,
    keyProject: input.keyProject,
    assignee: null,
    holders: [],
    deadlineAt: null,
    deadlineProvisional: false,
    reminderAt: null,
    overdue: false,
    reopened: 0,
    reviewRequested: false,
    timeline: [],
  };
  let reminded = false;
  let flushedSeq = 0;
  /** Steps the read model already holds: intake answers only once its case can be read back. */
  let projectedSeq = 0;
  const pendingNotes: NotificationRequest[] = [];
  const pendingEvents: OfficerEventRequest[] = [];
  const queue: Ticket[] = [];
  /** Each running part's scope: cancelling it cancels that unit's part workflow. */
  const partScopes = new Map<string, CancellationScope>();
  let consultationScope: CancellationScope | null = null;

  // ---- recording ----
  function step(action: string, actor: string, fields: Partial<TimelineStep> = {}): TimelineStep {
    const st: TimelineStep = { seq: s.timeline.length + 1, at: now(), tier: s.tier, actor, action, ...fields };
    s.timeline.push(st);
    return st;
  }
  function notify(st: TimelineStep, n: Omit<NotificationRequest, 'key'>) {
    const who = 'principalId' in n.to ? n.to.principalId : 'unitHeadOf' in n.to ? `head:${n.to.unitHeadOf}` : 'requester';
    pendingNotes.push({ ...n, key: `${s.id}:${st.seq}:${who}` });
  }
  async function flush() {
    const steps = s.timeline.slice(flushedSeq);
    // Set here, not in step(): data added after a step is created (a reason, a phase) decides its element.
    for (const st of steps) st.elementId ??= elementForStep(st) ?? undefined;
    flushedSeq = s.timeline.length;
    const notes = pendingNotes.splice(0);
    const events = pendingEvents.splice(0);
    upsertSearchAttributes([
      { key: CaseStatusKey, value: s.status },
      { key: CaseTierKey, value: s.tier },
      { key: AssigneeKey, value: s.assignee?.principalId ?? '' },
      { key: DeadlineAtKey, value: s.deadlineAt ? new Date(s.deadlineAt) : null },
      { key: OverdueKey, value: s.overdue },
    ]);
    setCurrentDetails(describe(s, input.pageUrl));
    await store.recordSteps({ caseView: snapshot(false), steps, notifications: notes, officerEvents: events });
    projectedSeq = Math.max(projectedSeq, steps.length ? steps[steps.length - 1].seq : 0);
  }
  function snapshot(withTimeline = true): CaseView {
    return { ...s, timeline: withTimeline ? s.timeline : [] };
  }

  // ---- windows ----
  async function openTierWindow(kind: 'tier' | 'materials' | 'rating') {
    const d = await lookups.computeDeadline({
      window: kind === 'tier' ? { kind: 'tier', tier: s.tier } : { kind },
      from: now(),
    });
    reminded = false;
    s.deadlineAt = d.deadlineAt;
    s.reminderAt = kind === 'rating' ? null : d.reminderAt;
    s.deadlineProvisional = d.provisional;
    s.deadlineNote = d.note;
    s.overdue = false;
    return d;
  }

  async function assign(tier: Tier, reason: string, actor: string, previous: Assignee | null, note?: string) {
    const from = s.tier;
    s.tier = tier;
    // Answers back from coordinated units stay with the case as it climbs: the lead may still use them.
    s.status = tier !== 'city' && s.coordination?.back && !s.coordination.closed ? 'coordinating' : statusAtTier(tier);
    s.phase = 'handling';
    const a = await lookups.resolveAssignee({
      unitId: s.leadUnitId,
      tier,
      officerId: tier === '1' ? input.firstContactOfficerId : undefined,
      previous,
    });
    const at = now();
    const last = s.holders[s.holders.length - 1];
    if (last && !last.until) last.until = at;
    s.assignee = a;
    s.holders.push({ tier, principalId: a.principalId, name: a.name, from: at });
    await openTierWindow('tier');
    const st = step(reason, actor, {
      note,
      subjectId: a.principalId,
      deadlineAt: s.deadlineAt ?? undefined,
      data: { from, to: tier, assignee: a.name, provisional: s.deadlineProvisional || undefined },
    });
    notify(st, {
      to: { principalId: a.principalId },
      recipientKind: 'officer',
      template: 'case_assigned',
      vars: { caseId: s.id, title: s.title, tier: TIER_RULES[tier].label, deadline: s.deadlineAt ?? '' },
    });
    return st;
  }

  async function closeWith(kind: 'resolved' | 'refused', by: string, d: Decision) {
    const result = d.action === 'resolve' ? d.result : undefined;
    const legalBasis = d.action === 'refuse' ? d.legalBasis : undefined;
    const explanation = d.action === 'refuse' ? d.explanation : undefined;
    s.status = kind;
    s.outcome = { kind, tier: s.tier, at: now(), by, result, legalBasis, explanation, precedentIds: d.precedentIds };
    if (s.coordination) s.coordination.closed = true;
    if (s.consultation && !s.consultation.outcomeSent) {
      // The consultation's own record ends with the city leader's decision.
      s.consultation.outcomeSent = true;
      await getExternalWorkflowHandle(s.consultation.workflowId)
        .signal(consultationOutcomeSignal, { kind, by, at: s.outcome.at, summary: (result ?? explanation ?? '').slice(0, 200) })
        .catch(() => undefined);
    }
    const last = s.holders[s.holders.length - 1];
    if (last && !last.until) last.until = s.outcome.at;
    s.assignee = null;
    s.phase = 'feedback';
    s.rating = undefined;
    await openTierWindow('rating');
    const st = step(kind, by, {
      note: d.note,
      data: { result, legalBasis, explanation, precedentIds: d.precedentIds },
      deadlineAt: s.deadlineAt ?? undefined,
    });
    notify(st, kind === 'resolved'
      ? { to: { requester: true }, recipientKind: 'requester', template: 'feedback_resolved', vars: { caseId: s.id, result: result ?? '', citation: '' } }
      : { to: { requester: true }, recipientKind: 'requester', template: 'feedback_refused', vars: { caseId: s.id, legalBasis: legalBasis ?? '', explanation: explanation ?? '' } });
  }

  // ---- validation shared by the update validator, the signal and the loop ----
  function violation(env: DecisionEnvelope) {
    return checkDecision(
      {
        status: s.status,
        tier: s.tier,
        assigneeId: s.assignee?.principalId ?? null,
        directivesOut: s.phase === 'directives',
        coordinationBack: s.coordination?.back === true && !s.coordination.closed,
      },
      env.actorId,
      env.decision,
    );
  }
  function validateDecision(raw: DecisionEnvelope) {
    const parsed = DecisionEnvelopeSchema.safeParse(raw);
    if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const v = violation(parsed.data);
    if (v) fail(v.code, v.message);
    if (s.phase === 'awaiting_session') fail('ACTION_NOT_ALLOWED_IN_STATUS', 'The consultation waits for the Saturday session (星期六会商).');
  }
  function requesterCheck(job: Job) {
    if (job.kind === 'materials' && s.phase !== 'materials') fail('NOT_AWAITING_MATERIALS', 'No materials are awaited on this case.');
    if (job.kind === 'withdraw' && (CLOSED_STATUSES.includes(s.status) || s.phase === 'done')) fail('CASE_CLOSED', `The case is ${s.status}.`);
    if (job.kind === 'rate') {
      if (s.phase !== 'feedback') fail('RATING_NOT_OPEN', 'A rating is taken once the case has given feedback.');
    }
    if (job.kind === 'withdrawPart') {
      if (s.assignee?.principalId !== job.actorId) fail('NOT_ASSIGNEE', 'Only the lead unit\'s current assignee withdraws a part.');
      if (!s.coordination?.parts.some((x) => x.unitId === job.unitId && x.status === 'open')) fail('NO_SUCH_PART', 'That unit has no open part on this case.');
    }
    if (job.kind === 'directiveDone') {
      const d = s.directives?.find((x) => x.unitId === job.unitId);
      if (s.phase !== 'directives' || !d) fail('NO_DIRECTIVE', 'This unit has no open city directive on the case.');
      if (d.doneAt) fail('DIRECTIVE_ALREADY_DONE', 'This directive was already reported done.');
    }
  }

  async function submit(job: Job): Promise<CaseView> {
    const t: Ticket = { job, done: false };
    queue.push(t);
    await condition(() => t.done);
    if (t.error) fail(t.error.code, t.error.message);
    return snapshot();
  }

  setHandler(stateQuery, () => snapshot());
  setHandler(openedUpdate, async () => {
    await condition(() => projectedSeq > 0);
    return snapshot();
  });
  setHandler(decideUpdate, (env) => submit({ kind: 'decision', env, viaSignal: false }), { validator: validateDecision });
  setHandler(decideSignal, (env) => {
    try {
      validateDecision(env);
      queue.push({ job: { kind: 'decision', env, viaSignal: true }, done: false });
    } catch (e) {
      const err = e as ApplicationFailure;
      queue.push({ job: { kind: 'decision', env, viaSignal: true }, done: false, error: { code: err.type ?? 'REJECTED', message: err.message } });
    }
  });
  setHandler(supplyMaterialsUpdate, (body) => submit({ kind: 'materials', body }), {
    validator: (body) => {
      if (!MaterialsSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'materials: items are required');
      requesterCheck({ kind: 'materials', body });
    },
  });
  setHandler(withdrawUpdate, (body) => submit({ kind: 'withdraw', body }), {
    validator: (body) => {
      if (!WithdrawSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'withdraw: invalid body');
      requesterCheck({ kind: 'withdraw', body });
    },
  });
  setHandler(rateUpdate, (body) => submit({ kind: 'rate', body }), {
    validator: (body) => {
      if (!RatingSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'rating: invalid body');
      requesterCheck({ kind: 'rate', body });
    },
  });
  setHandler(withdrawPartUpdate, (body) => submit({ kind: 'withdrawPart', ...body }), {
    validator: (body) => requesterCheck({ kind: 'withdrawPart', ...body }),
  });
  setHandler(partAnsweredSignal, (answer) => {
    queue.push({ job: { kind: 'partAnswered', answer }, done: false });
  });
  setHandler(consultationConvenedSignal, (c) => {
    queue.push({ job: { kind: 'consultationConvened', ...c }, done: false });
  });
  setHandler(directiveDoneUpdate, (body) => submit({ kind: 'directiveDone', ...body }), {
    validator: (body) => requesterCheck({ kind: 'directiveDone', ...body }),
  });

  // ---- coordination (牵头协调) and the city's consultation (会商) ----
  async function startPart(unitId: string, question: string) {
    const earlier = s.coordination!.parts.filter((x) => x.unitId === unitId).length;
    const workflowId = partWorkflowId(s.id, unitId) + (earlier ? `-${earlier + 1}` : '');
    const scope = new CancellationScope();
    partScopes.set(unitId, scope);
    await scope.run(async () => {
      const child = await startChild(unitPartWorkflow, {
        workflowId,
        args: [{ caseId: s.id, unitId, leadUnitId: s.leadUnitId, title: s.title, question, parentWorkflowId: workflowInfo().workflowId }],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL, // a part never outlives its case
        staticSummary: `【协调】${s.title} · ${unitId}`,
      });
      child.result().catch(() => undefined); // answers arrive by signal; a cancelled part just ends
    });
    s.coordination!.parts.push({ unitId, workflowId, status: 'open' });
  }

  async function startConsultation(reason: Consultation['reason'], by: string, holder: Assignee | null, note?: string) {
    if (s.coordination) s.coordination.closed = true;
    const leader = await lookups.resolveAssignee({ unitId: s.leadUnitId, tier: 'city', previous: null });
    const n = s.timeline.filter((x) => x.action === 'consultation_requested').length + 1;
    const workflowId = consultationWorkflowId(s.id, n);
    const unitIds = s.coordination?.parts.filter((x) => x.status !== 'withdrawn').map((x) => x.unitId) ?? [];
    s.consultation = { workflowId, cityLeaderId: leader.principalId, reason, session: s.keyProject ? 'saturday' : 'immediate', unitIds };
    const scope = new CancellationScope();
    consultationScope = scope;
    await scope.run(async () => {
      const child = await startChild(consultationWorkflow, {
        workflowId,
        args: [{ caseId: s.id, parentWorkflowId: workflowInfo().workflowId, leadUnitId: s.leadUnitId, unitIds, cityLeaderId: leader.principalId, keyProject: s.keyProject, reason, note }],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        staticSummary: `市级领导会商 · ${s.title}`,
      });
      child.result().catch(() => undefined);
    });
    step('consultation_requested', by, { note, data: { reason, workflowId, cityLeaderId: leader.principalId, session: s.consultation.session, unitIds } });
    const action = reason === 'refer_to_city' ? 'referred_to_city' : 'consulted_city';
    if (!s.keyProject) return assign('city', action, by, holder, note);
    // Key projects wait for the weekly Saturday session; the city leader's window opens when it convenes.
    s.tier = 'city';
    s.status = 'at_city';
    s.phase = 'awaiting_session';
    s.assignee = leader;
    s.deadlineAt = null;
    s.reminderAt = null;
    return step('awaiting_session', 'system', { subjectId: leader.principalId, note: '重点项目"星期六会商"' });
  }

  /** Once no part is open: the city if a unit lapsed at its top, else back to the lead's holder. */
  async function afterPartsChange() {
    const c = s.coordination!;
    if (c.parts.some((x) => x.status === 'open')) return;
    c.back = true;
    if (c.parts.some((x) => x.status === 'lapsed')) {
      await startConsultation('part_lapsed', 'system', s.assignee, 'a unit let its part lapse at the top of the unit (协调无果)');
      return;
    }
    s.phase = 'handling';
    s.status = 'coordinating';
    await openTierWindow('tier');
    const st = step('coordination_back', 'system', { subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt ?? undefined, data: { answers: c.parts.map((x) => ({ unitId: x.unitId, status: x.status, stance: x.answer?.stance })) } });
    if (s.assignee) {
      notify(st, { to: { principalId: s.assignee.principalId }, recipientKind: 'officer', template: 'case_assigned', vars: { caseId: s.id, title: s.title, tier: TIER_RULES[s.tier].label, deadline: s.deadlineAt ?? '' } });
    }
  }

  function cancelChildren() {
    for (const scope of partScopes.values()) scope.cancel();
    partScopes.clear();
    for (const part of s.coordination?.parts ?? []) if (part.status === 'open') part.status = 'withdrawn';
    consultationScope?.cancel();
    consultationScope = null;
  }

  // ---- processing, one job at a time ----
  async function processDecision(t: Ticket, env: DecisionEnvelope, viaSignal: boolean) {
    const v = violation(env); // the case may have moved since the validator ran
    if (v) {
      t.error = { code: v.code, message: v.message };
      return;
    }
    const d = env.decision;
    const by = env.actorId;
    const holder = s.assignee;
    switch (d.action) {
      case 'resolve':
        await closeWith('resolved', by, d);
        break;
      case 'refuse':
        await closeWith('refused', by, d);
        break;
      case 'escalate': {
        const to = nextTier(s.tier)!;
        const fromTier = s.tier;
        const st = await assign(to, 'escalated', by, holder, d.note);
        st.data = { ...st.data, reason: d.reason, precedentIds: d.precedentIds };
        pendingEvents.push({ officer: { principalId: by }, unitId: holder?.unitId ?? null, tier: fromTier, kind: 'escalated', seq: st.seq });
        break;
      }
      case 'refer_to_city': {
        if (patched('city-consultation-child')) {
          const st = await startConsultation('refer_to_city', by, holder, d.suggestions);
          pendingEvents.push({ officer: { principalId: by }, unitId: holder?.unitId ?? null, tier: '4', kind: 'referred', seq: st.seq });
          break;
        }
        const st = await assign('city', 'referred_to_city', by, holder, d.suggestions);
        pendingEvents.push({ officer: { principalId: by }, unitId: holder?.unitId ?? null, tier: '4', kind: 'referred', seq: st.seq });
        break;
      }
      case 'consult_city':
        await startConsultation('consult_city', by, holder, d.note);
        break;
      case 'coordinate': {
        const fresh = [...new Set(d.unitIds)].filter((u) => u !== s.leadUnitId && !s.coordination?.parts.some((x) => x.unitId === u && x.status === 'open'));
        if (!fresh.length) {
          t.error = { code: 'NO_NEW_UNITS', message: 'Every unit named is the lead or already has an open part.' };
          return;
        }
        if (!s.coordination || s.coordination.closed) s.coordination = { question: d.question, startedAt: now(), back: false, parts: [] };
        s.coordination.back = false;
        for (const u of fresh) await startPart(u, d.question);
        s.status = 'coordinating';
        s.phase = 'coordinating';
        s.deadlineAt = null; // the lead waits for the units; each part runs on its own clock
        s.reminderAt = null;
        s.overdue = false;
        s.involvedUnitIds = [...new Set([...s.involvedUnitIds, ...fresh])];
        upsertSearchAttributes([{ key: CaseUnitsKey, value: [s.leadUnitId, ...s.involvedUnitIds] }]);
        step('coordinated', by, { note: d.question, data: { unitIds: fresh } });
        break;
      }
      case 'request_materials': {
        s.status = 'awaiting_materials';
        s.phase = 'materials';
        await openTierWindow('materials');
        s.materials = { items: d.items, requestedAt: now(), dueAt: s.deadlineAt! };
        const st = step('materials_requested', by, { note: d.note, deadlineAt: s.deadlineAt!, data: { items: d.items } });
        notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_requested', vars: { caseId: s.id, items: d.items.join('、') } });
        break;
      }
      case 'direct': {
        s.phase = 'directives';
        s.directives = d.directives.map((x) => ({ ...x }));
        if (patched('directive-reminders')) {
          // Each unit is reminded at the policy's share of its own window, like any deadline.
          const directedAt = now();
          for (const x of s.directives) x.reminderAt = (await lookups.reminderBetween({ from: directedAt, until: x.dueAt })) ?? undefined;
        }
        s.involvedUnitIds = [...new Set([...s.involvedUnitIds, ...d.directives.map((x) => x.unitId)])];
        s.deadlineAt = d.directives.map((x) => x.dueAt).sort()[0];
        s.reminderAt = null;
        const st = step('directed', by, { note: d.note, data: { directives: d.directives } });
        for (const x of d.directives) {
          notify(st, {
            to: { unitHeadOf: x.unitId },
            recipientKind: 'officer',
            template: 'directive_assigned',
            vars: { caseId: s.id, task: x.task, dueAt: x.dueAt },
          });
        }
        upsertSearchAttributes([{ key: CaseUnitsKey, value: [s.leadUnitId, ...s.involvedUnitIds] }]);
        break;
      }
    }
    if (viaSignal) s.timeline[s.timeline.length - 1].data = { ...s.timeline[s.timeline.length - 1].data, via: 'signal', requestId: env.requestId };
    await flush();
  }

  async function process(t: Ticket) {
    const job = t.job;
    if (job.kind === 'decision') {
      if (!t.error) await processDecision(t, job.env, job.viaSignal);
      if (t.error && job.viaSignal) {
        // A fire-and-forget decision that broke a rule: on the record, nothing else changes.
        step('rejected', 'system', {
          note: t.error.message,
          subjectId: job.env?.actorId,
          data: { code: t.error.code, attempted: job.env?.decision?.action, by: job.env?.actorId, requestId: job.env?.requestId },
        });
        await flush();
      }
      return;
    }
    try {
      requesterCheck(job);
    } catch (e) {
      t.error = { code: (e as ApplicationFailure).type ?? 'REJECTED', message: (e as Error).message };
      return;
    }
    switch (job.kind) {
      case 'materials': {
        s.materials = { ...s.materials!, suppliedAt: now(), supplied: job.body.items };
        s.status = statusAtTier(s.tier);
        s.phase = 'handling';
        await openTierWindow('tier'); // a fresh window for the same holder
        step('materials_supplied', 'requester', { note: job.body.note, subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt!, data: { items: job.body.items } });
        break;
      }
      case 'withdraw': {
        cancelChildren(); // parts and consultation end with the case
        const last = s.holders[s.holders.length - 1];
        if (last && !last.until) last.until = now();
        s.status = 'withdrawn';
        s.outcome = { kind: 'withdrawn', tier: s.tier, at: now(), by: 'requester' };
        s.assignee = null;
        s.deadlineAt = null;
        s.reminderAt = null;
        s.phase = 'done';
        step('withdrawn', 'requester', { note: job.body.reason });
        break;
      }
      case 'rate': {
        s.rating = { ...job.body, at: now() };
        step('rated', 'requester', { note: job.body.comment, data: { rating: job.body.rating } });
        if (isUnsatisfied(job.body.rating) && s.reopened === 0 && s.outcome) {
          // Reopened once, one tier above the tier that closed it (the city stays the city).
          s.reopened = 1;
          const closedAt = s.outcome.tier;
          s.outcome = undefined;
          await assign(nextTier(closedAt) ?? 'city', 'reopened', 'system', null, 'requester unsatisfied (不满意)');
        } else {
          if (isUnsatisfied(job.body.rating)) {
            s.reviewRequested = true;
            step('review_requested', 'system', { note: 'second unsatisfied rating: left for review (倒查复盘)' });
          }
          s.phase = 'done';
          s.deadlineAt = null;
        }
        break;
      }
      case 'withdrawPart': {
        partScopes.get(job.unitId)?.cancel();
        partScopes.delete(job.unitId);
        const part = s.coordination!.parts.find((x) => x.unitId === job.unitId && x.status === 'open')!;
        part.status = 'withdrawn';
        step('part_withdrawn', job.actorId, { data: { unitId: job.unitId } });
        await afterPartsChange();
        break;
      }
      case 'partAnswered': {
        const part = s.coordination?.parts.find((x) => x.unitId === job.answer.unitId && x.status === 'open');
        if (!part) return; // withdrawn meanwhile: its late answer changes nothing
        part.status = job.answer.stance === 'lapsed' ? 'lapsed' : 'answered';
        part.answer = job.answer;
        partScopes.delete(job.answer.unitId);
        step(job.answer.stance === 'lapsed' ? 'part_lapsed' : 'part_answered', job.answer.stance === 'lapsed' ? 'system' : job.answer.by, {
          subjectId: job.answer.by,
          data: { ...job.answer },
        });
        await afterPartsChange();
        break;
      }
      case 'consultationConvened': {
        if (!s.consultation) return;
        s.consultation.convenedAt = job.at;
        if (s.phase !== 'awaiting_session') return; // an immediate session: the leader already holds the case
        await assign('city', 'consultation_convened', 'system', null, `会商 (${job.session})`);
        break;
      }
      case 'directiveDone': {
        const d = s.directives!.find((x) => x.unitId === job.unitId)!;
        d.doneAt = now();
        d.doneBy = job.actorId;
        d.note = job.note;
        step('directive_done', job.actorId, { note: job.note, data: { unitId: job.unitId } });
        const open = s.directives!.filter((x) => !x.doneAt);
        if (open.length === 0) {
          await closeWith('resolved', 'system', {
            action: 'resolve',
            result: s.directives!.map((x) => `${x.unitId}: ${x.task}${x.note ? ` (${x.note})` : ''}`).join('; '),
          });
          s.directives = s.directives; // kept on the case for the record
        } else {
          s.deadlineAt = open.map((x) => x.dueAt).sort()[0];
          s.overdue = open.some((x) => x.lapsed);
        }
        break;
      }
    }
    await flush();
  }

  // ---- timers ----
  function nextWake(): number | null {
    if (s.phase === 'done' || s.phase === 'coordinating' || s.phase === 'awaiting_session') return null;
    if (s.phase === 'directives') {
      const open = s.directives!.filter((x) => !x.doneAt && !x.lapsed);
      const due = open.map((x) => Date.parse(x.reminderAt && !x.reminded ? x.reminderAt : x.dueAt));
      return due.length ? Math.min(...due) : null;
    }
    if (s.reminderAt && !reminded) return Date.parse(s.reminderAt);
    return s.deadlineAt ? Date.parse(s.deadlineAt) : null;
  }

  async function onTimer() {
    const at = Date.now();
    if (s.phase === 'directives') {
      for (const d of s.directives!) {
        if (!d.doneAt && !d.lapsed && !d.reminded && d.reminderAt && Date.parse(d.reminderAt) <= at && Date.parse(d.dueAt) > at) {
          d.reminded = true;
          const st = step('reminded', 'system', { note: `directive to ${d.unitId} due ${d.dueAt}`, deadlineAt: d.dueAt, data: { unitId: d.unitId, phase: 'directives' } });
          notify(st, { to: { unitHeadOf: d.unitId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: d.dueAt } });
        }
        if (!d.doneAt && !d.lapsed && Date.parse(d.dueAt) <= at) {
          d.lapsed = true;
          s.overdue = true;
          const st = step('deadline_lapsed', 'system', { note: `directive to ${d.unitId} overdue`, deadlineAt: d.dueAt, data: { unitId: d.unitId } });
          pendingEvents.push({ officer: { unitHeadOf: d.unitId }, unitId: d.unitId, tier: 'city', kind: 'shelved', seq: st.seq });
          notify(st, { to: { unitHeadOf: d.unitId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: d.dueAt } });
        }
      }
      return flush();
    }
    if (s.reminderAt && !reminded && Date.parse(s.reminderAt) <= at && s.phase !== 'feedback') {
      reminded = true;
      const st = step('reminded', 'system', {
        subjectId: s.phase === 'materials' ? undefined : s.assignee?.principalId,
        deadlineAt: s.deadlineAt ?? undefined,
        ...(s.phase === 'materials' ? { data: { phase: 'materials' } } : {}),
      });
      if (s.phase === 'materials') {
        notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
      } else if (s.assignee) {
        notify(st, { to: { principalId: s.assignee.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: s.deadlineAt ?? '' } });
      }
      return flush();
    }
    if (!s.deadlineAt || Date.parse(s.deadlineAt) > at) return;
    if (s.phase === 'feedback') {
      step('closed', 'system', { note: 'rating window ended' });
      s.phase = 'done';
      s.deadlineAt = null;
      return flush();
    }
    if (s.phase === 'materials') {
      // The requester did not supply in time: reminded, and the case returns to its holder.
      const st = step('materials_lapsed', 'system', { deadlineAt: s.deadlineAt });
      notify(st, { to: { requester: true }, recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: s.id } });
      s.status = statusAtTier(s.tier);
      s.phase = 'handling';
      await openTierWindow('tier');
      step('returned_to_holder', 'system', { subjectId: s.assignee?.principalId, deadlineAt: s.deadlineAt! });
      return flush();
    }
    // A tier's window lapsed with no decision: shelved (搁置) against the holder, and up it goes.
    const holder = s.assignee!;
    s.overdue = true;
    const lapsed = step('deadline_lapsed', 'system', { subjectId: holder.principalId, deadlineAt: s.deadlineAt });
    pendingEvents.push({ officer: { principalId: holder.principalId }, unitId: holder.unitId, tier: s.tier, kind: 'shelved', seq: lapsed.seq });
    const to = nextTier(s.tier);
    if (to) {
      const st = await assign(to, 'escalated', 'system', holder, 'deadline lapsed (超时自动提级)');
      st.data = { ...st.data, reason: 'deadline_lapsed' };
      notify(st, {
        to: { unitHeadOf: s.leadUnitId },
        recipientKind: 'officer',
        template: 'deadline_lapsed_unit_head',
        vars: { caseId: s.id, title: s.title, officerName: holder.name, newAssigneeName: s.assignee!.name },
      });
    } else {
      // The city has no tier above: a fresh window, and the lapse stays on record.
      await openTierWindow('tier');
      s.overdue = true;
      const st = step('reminded', 'system', { subjectId: holder.principalId, deadlineAt: s.deadlineAt! });
      notify(st, { to: { principalId: holder.principalId }, recipientKind: 'officer', template: 'case_reminder', vars: { caseId: s.id, title: s.title, deadline: s.deadlineAt! } });
    }
    return flush();
  }

  // ---- the case's life ----
  upsertSearchAttributes([
    { key: LeadUnitKey, value: s.leadUnitId },
    { key: CaseUnitsKey, value: [s.leadUnitId, ...s.involvedUnitIds] },
  ]);
  step('received', input.createdBy, { data: { channel: input.channel, category: input.category } });
  await assign('1', 'assigned', 'system', null);
  await flush();

  while (s.phase !== 'done') {
    const wake = nextWake();
    const gotJob = wake === null
      ? (await condition(() => queue.length > 0), true)
      : await condition(() => queue.length > 0, Math.max(1, wake - Date.now()), { summary: `${s.phase} until ${new Date(wake).toISOString()}` });
    if (gotJob) {
      const t = queue.shift()!;
      await process(t);
      t.done = true;
    } else {
      await onTimer();
    }
  }
  // Answer anything still queued (e.g. a decision racing the close) before completing.
  for (const t of queue.splice(0)) {
    if (!t.done) {
      t.error = t.error ?? { code: 'CASE_CLOSED', message: 'The case has closed.' };
      t.done = true;
    }
  }
  await condition(allHandlersFinished);
  return snapshot();
}

function describe(s: CaseView, pageUrl?: string): string {
  const link = pageUrl ? `\n\n[Open the case page](${pageUrl})` : '';
  if (s.phase === 'done' || !s.assignee) {
    return `**${s.title}**: ${s.status}${s.outcome ? ` at tier ${s.outcome.tier}` : ''}${s.phase === 'feedback' ? ', awaiting the requester\'s rating' : ''}${link}`;
  }
  const rule = TIER_RULES[s.tier];
  const waiting = s.phase === 'materials' ? 'waiting for the requester\'s materials' : s.phase === 'directives' ? 'city directives out to units' : `held by ${s.assignee.name} (${s.assignee.principalId})`;
  return `**${s.title}**: tier ${s.tier} ${rule.label} (${rule.labelEn}), ${waiting}, until ${s.deadlineAt}${s.overdue ? ' — OVERDUE' : ''}${link}`;
}
