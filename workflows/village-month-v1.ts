// The village month as it ran before the engine (domain/engine/village-month.ts): kept, unchanged in
// what it commands, only so months started before that version replay and finish. Remove it (and its
// patch in village-month.ts) once every such month has closed: a month lives about five weeks.
//
// One town's month of the rotating village reception (村干部跑办代访), id
// `village-month-<town>-<YYYY-MM>`: villages list their residents' problems; the town picks the host
// village by urgency (the town head may override, with a reason); town leaders receive people there
// and every problem gets a path (responsible unit, deadline, a case through the normal intake); the
// mid-month on-site check and the month-end follow-up fall due on durable timers; the month ends with
// a closed-loop report: solved, in progress with a date, or carried into next month. A stage date that
// rests on a year whose official calendar is not loaded is provisional (shown, and searchable as
// DeadlineProvisional); loading the notice re-times it, never earlier than what the town was told.
import {
  ApplicationFailure,
  ActivityFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';
import type { VillageNotification } from '../activities/village.js';
import {
  CheckSchema,
  OverrideHostSchema,
  ReceptionSchema,
  SubmitProblemSchema,
  problemId,
  scoreVillages,
  type Check,
  type Envelope,
  type MonthEndCheck,
  type Phase,
  type Reception,
  type TimingStage,
  type VillageMonthReport,
  type VillageMonthView,
  type VillageProblem,
} from '../domain/village.js';
import type { z } from 'zod';
import {
  DeadlineProvisionalKey,
  MonthKey,
  TownKey,
  caseWorkflowId,
  villageCheckUpdate,
  villageCloseCollectionUpdate,
  villageMonthQuery,
  villageOpenedUpdate,
  villageOverrideHostUpdate,
  villageReceptionUpdate,
  villageSubmitProblemUpdate,
} from './definitions.js';
import { fail, lookups } from './shared.js';
import { CALENDAR_RETIMING_PATCH, CalendarChanges, concerns, notEarlier, type CalendarChange } from './calendar-retime.js';

type Activities = ReturnType<typeof createActivities>;

import type { VillageMonthInput } from '../domain/engine/village-month.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
  summary: 'copy the month to the read model and outbox',
});
// Starting a case waits for the case workflow's first assignee: give it room, retry until it lands.
const intake = proxyActivities<Activities>({
  startToCloseTimeout: '60s',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
  summary: 'start the case through the normal intake',
});

/** Which phases a check may be recorded in. */
const MID_CHECK_PHASES: readonly Phase[] = ['in_progress', 'mid_check_due', 'month_end_due'];


function parse<T>(schema: z.ZodType<T>, env: Envelope<unknown>): Envelope<T> {
  if (!env || typeof env.actorId !== 'string' || !env.actorId) fail('VALIDATION_FAILED', 'actorId is required');
  const r = schema.safeParse(env.body);
  if (!r.success) fail('VALIDATION_FAILED', r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  return { actorId: env.actorId, body: r.data };
}

export async function villageMonthWorkflowV1(input: VillageMonthInput): Promise<VillageMonthView> {
  const now = () => new Date().toISOString();
  const msUntil = (iso: string) => Math.max(1, Date.parse(iso) - Date.now());
  const s: VillageMonthView = {
    workflowId: workflowInfo().workflowId,
    townUnitId: input.townUnitId,
    month: input.month,
    phase: 'collecting',
    version: 0,
    villages: [],
    problems: [],
    collectionClosesAt: null,
    scores: [],
    events: [],
  };
  let townName = input.townUnitId;
  let opened = false;
  const pending: VillageNotification[] = [];
  // A copy, so a handler's answer never shares objects with the state that keeps changing.
  const snapshot = (): VillageMonthView => JSON.parse(JSON.stringify(s));

  function event(action: string, actor: string, note?: string, data?: Record<string, unknown>) {
    s.events.push({ seq: s.events.length + 1, at: now(), actor, action, ...(note ? { note } : {}), ...(data ? { data } : {}) });
  }
  function notifyHead(key: string, template: VillageNotification['template'], vars: Record<string, string>) {
    pending.push({ key: `${s.workflowId}:${key}`, toHeadOf: s.townUnitId, template, vars });
  }
  async function flush() {
    showProvisional();
    s.version += 1;
    setCurrentDetails(describe(s, townName));
    await store.recordVillageMonth({ view: s, notifications: pending.splice(0) });
  }
  // Updates run one at a time, first come first served: each may await activities, and none may see
  // another's half-done change.
  const line = new SerialLine();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => line.serial(fn);

  // ---- stage dates, their provisional flag, and re-timing when the official calendar is loaded ----
  const calendar = new CalendarChanges().listen();
  // Months started before this version keep the old date activity (their histories hold it).
  const tracksProvisional = patched(CALENDAR_RETIMING_PATCH);
  const stageFrom: Partial<Record<TimingStage, string>> = {};
  const provisional = new Set<TimingStage>();
  let searchProvisional: boolean | undefined;
  let retimed = 0;
  async function dueAt(stage: TimingStage, from: string): Promise<string> {
    stageFrom[stage] = from;
    if (!tracksProvisional) return lookups.villageStageDueAt({ month: s.month, stage, from, timing: input.timing });
    const r = await lookups.villageStageDue({ month: s.month, stage, from, timing: input.timing });
    if (r.provisional) provisional.add(stage);
    else provisional.delete(stage);
    return r.dueAt;
  }
  /** The stages whose date is still ahead in this phase, with where that date is kept. */
  function openStages(): { stage: TimingStage; get: () => string | undefined; set: (v: string) => void }[] {
    switch (s.phase) {
      case 'collecting':
        return [{ stage: 'collection', get: () => s.collectionClosesAt ?? undefined, set: (v) => (s.collectionClosesAt = v) }];
      case 'in_progress':
        return [
          { stage: 'midCheck', get: () => s.midCheck?.dueAt, set: (v) => (s.midCheck = { ...s.midCheck!, dueAt: v }) },
          { stage: 'monthEnd', get: () => s.monthEnd?.dueAt, set: (v) => (s.monthEnd = { ...s.monthEnd!, dueAt: v }) },
        ];
      case 'mid_check_due':
        return [{ stage: 'monthEnd', get: () => s.monthEnd?.dueAt, set: (v) => (s.monthEnd = { ...s.monthEnd!, dueAt: v }) }];
      case 'month_end_due':
        return [{ stage: 'closeGrace', get: () => s.monthEnd?.closesBy, set: (v) => (s.monthEnd = { ...s.monthEnd!, closesBy: v }) }];
      default:
        return [];
    }
  }
  function showProvisional() {
    if (!tracksProvisional) return;
    const open = openStages().filter((o) => provisional.has(o.stage)).map((o) => o.stage);
    s.provisionalDates = open;
    if (searchProvisional !== open.length > 0) {
      searchProvisional = open.length > 0;
      upsertSearchAttributes([{ key: DeadlineProvisionalKey, value: searchProvisional }]);
    }
  }
  const STAGE_LABEL: Record<TimingStage, string> = {
    collection: '问题收集 collection',
    reception: '接访 reception',
    midCheck: '月中实地察看 mid-month on-site check',
    monthEnd: '月底回访 month-end follow-up',
    closeGrace: '月底回访截止 month-end close',
  };
  /** Recomputes every open stage the change concerns from its original start; records and tells what moved. */
  async function retime(change: CalendarChange) {
    let changed = false;
    for (const o of openStages()) {
      const oldAt = o.get();
      const from = stageFrom[o.stage];
      if (!oldAt || !from) continue;
      const was = provisional.has(o.stage);
      if (!concerns(change, { deadlineAt: oldAt, provisional: was, from })) continue;
      const r = await lookups.villageStageDue({ month: s.month, stage: o.stage, from, timing: input.timing });
      const newAt = notEarlier(oldAt, r.dueAt);
      if (newAt === oldAt && r.provisional === was) continue;
      o.set(newAt);
      if (r.provisional) provisional.add(o.stage);
      else provisional.delete(o.stage);
      retimed++;
      changed = true;
      event('deadline_retimed', 'system', `${STAGE_LABEL[o.stage]}: ${oldAt} → ${newAt}${r.provisional ? ' (provisional)' : ''}`, {
        stage: o.stage,
        oldAt,
        newAt,
        provisional: r.provisional,
        ...(change.documentNo ? { documentNo: change.documentNo } : {}),
      });
      await store.recordDeadlineRetimed({
        workflowId: s.workflowId,
        subjectKind: 'village_month',
        subjectId: s.workflowId,
        window: o.stage,
        n: retimed,
        oldAt,
        newAt,
        provisional: r.provisional,
        ...(change.documentNo ? { documentNo: change.documentNo } : {}),
        at: now(),
        holder: { headOfUnit: s.townUnitId },
        subjectText: `${townName}${s.month}村干部跑办代访${STAGE_LABEL[o.stage].split(' ')[0]}`,
      });
    }
    if (changed) await flush();
  }
  /**
   * Waits for `done()` or the date `get()` returns; a calendar change re-times the open stages and the
   * wait follows the new date. True when `done()` came first.
   */
  async function waitFor(get: () => string, done: () => boolean, summary: string): Promise<boolean> {
    for (;;) {
      const woke = await condition(() => done() || calendar.pending, msUntil(get()), { summary });
      if (done()) return true;
      const change = calendar.take();
      if (change) {
        await exclusive(() => retime(change));
        continue;
      }
      if (!woke) return false;
    }
  }

  // ---- checks shared by validators and handlers (the state may move between the two) ----
  const villageOf = (id: string) => s.villages.find((v) => v.id === id);
  function checkSubmit(e: Envelope<z.infer<typeof SubmitProblemSchema>>) {
    if (s.phase !== 'collecting') fail('COLLECTION_CLOSED', `The collection of ${s.month} is closed.`);
    if (!villageOf(e.body.villageId)) fail('UNKNOWN_VILLAGE', `${e.body.villageId} is not a village of ${s.townUnitId}.`);
  }
  function checkOverride(e: Envelope<z.infer<typeof OverrideHostSchema>>) {
    if (s.phase !== 'awaiting_reception') fail('HOST_LOCKED', 'The host village can be changed only between the close of collection and the reception.');
    if (!villageOf(e.body.villageId)) fail('UNKNOWN_VILLAGE', `${e.body.villageId} is not a village of ${s.townUnitId}.`);
    if (s.host?.villageId === e.body.villageId) fail('HOST_UNCHANGED', `${e.body.villageId} is already the host village.`);
  }
  function coverage(ids: string[], what: string) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (!s.problems.some((p) => p.id === id)) fail('UNKNOWN_PROBLEM', `No problem ${id} in ${s.month}.`);
      if (seen.has(id)) fail(`DUPLICATE_${what}`, `Problem ${id} is named twice.`);
      seen.add(id);
    }
    const missing = s.problems.filter((p) => !seen.has(p.id)).map((p) => p.id);
    if (missing.length) fail(what === 'PATH' ? 'PATHS_INCOMPLETE' : 'FINDINGS_INCOMPLETE', `Every problem of the month needs one; missing: ${missing.join(', ')}.`);
  }
  function checkReception(e: Envelope<Reception>) {
    if (s.phase !== 'awaiting_reception') fail('RECEPTION_NOT_OPEN', s.reception ? 'The reception is already recorded.' : 'The host village is not chosen yet.');
    if (!e.body.date.startsWith(s.month)) fail('DATE_OUTSIDE_MONTH', `The reception must take place in ${s.month}.`);
    coverage(e.body.paths.map((p) => p.problemId), 'PATH');
    for (const p of e.body.paths) {
      if (p.deadline < e.body.date) fail('DEADLINE_BEFORE_RECEPTION', `The deadline of ${p.problemId} is before the reception.`);
    }
  }
  function checkCheck(e: Envelope<Check>) {
    const c = e.body;
    if (c.kind === 'mid_month') {
      if (!MID_CHECK_PHASES.includes(s.phase)) fail('MID_CHECK_NOT_OPEN', s.phase === 'closed' ? 'The month is closed.' : 'The mid-month check follows the reception.');
      if (s.midCheck?.recorded) fail('MID_CHECK_ALREADY_RECORDED', 'The mid-month check is already recorded.');
    } else {
      if (s.phase !== 'month_end_due') fail(s.phase === 'closed' ? 'MONTH_CLOSED' : 'MONTH_END_NOT_DUE', s.phase === 'closed' ? 'The month is closed.' : `The month-end follow-up is due at ${s.monthEnd?.dueAt ?? 'the end of the month'}.`);
      for (const f of c.findings) {
        if (f.outcome === 'in_progress' && !f.expectedBy) fail('EXPECTED_BY_REQUIRED', `Problem ${f.problemId} is in progress: give the date it will be done (expectedBy).`);
        if (f.outcome === 'in_progress' && f.expectedBy! <= c.date) fail('EXPECTED_BY_NOT_AFTER_CHECK', `The expected date of ${f.problemId} must be after the check.`);
      }
    }
    coverage(c.findings.map((f) => f.problemId), 'FINDING');
  }

  // ---- steps ----
  async function closeCollection(actor: string, note?: string) {
    // Carried problems join when the collection closes, so a previous month that closed late still counts.
    const carried = await lookups.loadCarriedProblems({ townUnitId: s.townUnitId, month: s.month });
    for (const c of carried) {
      if (s.problems.some((p) => p.carriedFromId === c.fromId)) continue;
      s.problems.push({
        id: problemId(s.townUnitId, s.month, s.problems.length + 1),
        villageId: c.villageId,
        villageName: villageOf(c.villageId)?.name ?? c.villageId,
        title: c.title,
        description: c.description,
        urgency: c.urgency,
        residents: c.residents,
        submittedBy: 'system',
        submittedAt: now(),
        carriedFromId: c.fromId,
        carryCount: c.carryCount,
        ...(c.caseId ? { priorCaseId: c.caseId } : {}),
      });
    }
    s.collectionClosedBy = actor;
    event('collection_closed', actor, note, { problems: s.problems.length, carriedIn: carried.length });
    s.scores = scoreVillages(s.problems);
    const top = s.scores[0];
    if (!top) {
      await closeMonth('no_problems', 'no problems were listed this month');
      return;
    }
    s.host = { villageId: top.villageId, villageName: top.villageName, suggestedVillageId: top.villageId, chosenBy: 'score', at: now() };
    s.phase = 'awaiting_reception';
    s.receptionDueBy = await dueAt('reception', now());
    event('host_chosen', 'system', `${top.villageName}: score ${top.score}`, { scores: s.scores });
    notifyHead('host_chosen', 'village_host_chosen', { month: s.month, villageName: top.villageName, score: String(top.score) });
    await flush();
  }

  async function closeMonth(monthEnd: VillageMonthReport['monthEnd'], note?: string) {
    const flagged: string[] = [];
    for (const p of s.problems) {
      if (p.outcome?.kind !== 'carried') continue;
      // A problem carried for the second time goes to the town's principal head (主要负责人).
      if (p.carryCount + 1 >= 2) {
        p.flagged = true;
        flagged.push(p.id);
        notifyHead(`carried:${p.id}`, 'village_problem_carried_twice', { villageName: p.villageName, title: p.title, months: String(p.carryCount + 1) });
      }
    }
    const count = (k: string) => s.problems.filter((p) => p.outcome?.kind === k).length;
    s.report = {
      total: s.problems.length,
      solved: count('solved'),
      inProgress: count('in_progress'),
      carried: count('carried'),
      flagged,
      midCheck: s.midCheck?.recorded ? 'recorded' : 'missed',
      monthEnd,
      closedAt: now(),
    };
    s.phase = 'closed';
    event('closed', 'system', note, { ...s.report, flagged });
    notifyHead('report', 'village_month_report', {
      month: s.month,
      townName,
      total: String(s.report.total),
      solved: String(s.report.solved),
      inProgress: String(s.report.inProgress),
      carried: String(s.report.carried),
    });
    await flush();
  }

  /** When nobody recorded the follow-up: a resolved case is solved, anything else is carried. */
  async function deriveOutcomes(note: string) {
    const ids = s.problems.map((p) => p.path?.caseId).filter((x): x is string => !!x);
    const status = await lookups.caseStatuses({ caseIds: ids });
    for (const p of s.problems) {
      const solved = p.path && status[p.path.caseId] === 'resolved';
      p.outcome = { kind: solved ? 'solved' : 'carried', note, derived: true };
    }
  }

  // ---- handlers ----
  setHandler(villageMonthQuery, snapshot);
  setHandler(villageOpenedUpdate, async () => {
    await condition(() => opened);
    return snapshot();
  });

  setHandler(
    villageSubmitProblemUpdate,
    (raw) =>
      exclusive(async () => {
        const e = parse(SubmitProblemSchema, raw);
        checkSubmit(e);
        const p: VillageProblem = {
          id: problemId(s.townUnitId, s.month, s.problems.length + 1),
          villageId: e.body.villageId,
          villageName: villageOf(e.body.villageId)!.name,
          title: e.body.title,
          description: e.body.description,
          urgency: e.body.urgency,
          residents: e.body.residents,
          submittedBy: e.actorId,
          submittedAt: now(),
          carryCount: 0,
        };
        s.problems.push(p);
        event('problem_submitted', e.actorId, p.title, { problemId: p.id, villageId: p.villageId, urgency: p.urgency, residents: p.residents });
        await flush();
        return JSON.parse(JSON.stringify(p)) as VillageProblem;
      }),
    { validator: (raw) => checkSubmit(parse(SubmitProblemSchema, raw)) },
  );

  setHandler(
    villageCloseCollectionUpdate,
    (raw) =>
      exclusive(async () => {
        if (s.phase !== 'collecting') fail('NOT_COLLECTING', 'The collection is already closed.');
        await closeCollection(raw.actorId, raw.body?.note);
        return snapshot();
      }),
    {
      validator: (raw) => {
        if (!raw?.actorId) fail('VALIDATION_FAILED', 'actorId is required');
        if (s.phase !== 'collecting') fail('NOT_COLLECTING', 'The collection is already closed.');
      },
    },
  );

  setHandler(
    villageOverrideHostUpdate,
    (raw) =>
      exclusive(async () => {
        const e = parse(OverrideHostSchema, raw);
        checkOverride(e);
        const v = villageOf(e.body.villageId)!;
        const before = s.host!;
        s.host = { ...before, villageId: v.id, villageName: v.name, chosenBy: 'override', overriddenBy: e.actorId, reason: e.body.reason, at: now() };
        event('host_overridden', e.actorId, e.body.reason, { from: before.villageId, to: v.id, suggested: before.suggestedVillageId });
        await flush();
        return snapshot();
      }),
    { validator: (raw) => checkOverride(parse(OverrideHostSchema, raw)) },
  );

  setHandler(
    villageReceptionUpdate,
    (raw) =>
      exclusive(async () => {
        const e = parse(ReceptionSchema, raw);
        checkReception(e);
        const unknown = await lookups.unknownUnits({ unitIds: [...new Set(e.body.paths.map((p) => p.responsibleUnitId))] });
        if (unknown.length) fail('UNKNOWN_UNIT', `No unit ${unknown.join(', ')}.`);
        // A carried problem keeps its case while that case is still open; otherwise a case starts.
        const prior = s.problems.map((p) => p.priorCaseId).filter((x): x is string => !!x);
        const priorStatus = await lookups.caseStatuses({ caseIds: prior });
        const started: Record<string, { caseId: string; workflowId: string; reused: boolean }> = {};
        for (const path of e.body.paths) {
          const p = s.problems.find((x) => x.id === path.problemId)!;
          const prev = p.priorCaseId ? priorStatus[p.priorCaseId] : undefined;
          if (p.priorCaseId && prev && !['resolved', 'refused', 'withdrawn'].includes(prev)) {
            started[p.id] = { caseId: p.priorCaseId, workflowId: caseWorkflowId(p.priorCaseId), reused: true };
            continue;
          }
          try {
            const c = await intake.startVillageCase({
              problemId: p.id,
              townUnitId: s.townUnitId,
              month: s.month,
              villageName: p.villageName,
              title: p.title,
              description: p.description,
              responsibleUnitId: path.responsibleUnitId,
              deadline: path.deadline,
              note: path.note,
              actorId: e.actorId,
            });
            started[p.id] = { ...c, reused: false };
          } catch (err) {
            // Nothing is recorded; cases already started are found again (by problem id) on a retry.
            if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) fail(err.cause.type ?? 'INTAKE_FAILED', err.cause.message);
            throw err;
          }
        }
        const at = now();
        for (const path of e.body.paths) {
          const p = s.problems.find((x) => x.id === path.problemId)!;
          const c = started[p.id];
          p.path = { responsibleUnitId: path.responsibleUnitId, deadline: path.deadline, ...(path.note ? { note: path.note } : {}), caseId: c.caseId, caseWorkflowId: c.workflowId, caseReused: c.reused };
        }
        s.reception = { date: e.body.date, leaders: e.body.leaders, ...(e.body.note ? { note: e.body.note } : {}), recordedBy: e.actorId, at };
        s.phase = 'in_progress';
        const midDue = await dueAt('midCheck', at);
        s.midCheck = { dueAt: midDue };
        s.monthEnd = { dueAt: await dueAt('monthEnd', midDue) };
        event('reception_recorded', e.actorId, e.body.note, {
          date: e.body.date,
          leaders: e.body.leaders,
          hostVillageId: s.host?.villageId,
          cases: Object.fromEntries(Object.entries(started).map(([k, v]) => [k, v.caseId])),
        });
        await flush();
        return snapshot();
      }),
    { validator: (raw) => checkReception(parse(ReceptionSchema, raw)) },
  );

  setHandler(
    villageCheckUpdate,
    (raw) =>
      exclusive(async () => {
        const e = parse(CheckSchema, raw);
        checkCheck(e);
        const c = e.body;
        const recorded = { date: c.date, inspectors: c.inspectors, ...(c.note ? { note: c.note } : {}), recordedBy: e.actorId, at: now() };
        if (c.kind === 'mid_month') {
          for (const f of c.findings) {
            s.problems.find((p) => p.id === f.problemId)!.midCheck = { progress: f.progress, ...(f.note ? { note: f.note } : {}) };
          }
          s.midCheck = { ...s.midCheck!, recorded };
          event('mid_check_recorded', e.actorId, c.note, { findings: c.findings });
          await flush();
          return snapshot();
        }
        await recordMonthEnd(e.actorId, c, recorded);
        return snapshot();
      }),
    { validator: (raw) => checkCheck(parse(CheckSchema, raw)) },
  );

  async function recordMonthEnd(actor: string, c: MonthEndCheck, recorded: NonNullable<NonNullable<VillageMonthView['monthEnd']>['recorded']>) {
    // "Solved" closes the loop only when the problem's case in our system is resolved too.
    const solvedIds = c.findings.filter((f) => f.outcome === 'solved').map((f) => f.problemId);
    const caseOf = (id: string) => s.problems.find((p) => p.id === id)!.path?.caseId;
    const status = await lookups.caseStatuses({ caseIds: solvedIds.map(caseOf).filter((x): x is string => !!x) });
    const open = solvedIds.filter((id) => status[caseOf(id) ?? ''] !== 'resolved');
    if (open.length) fail('CASE_NOT_RESOLVED', `Resolve the case first; still open: ${open.map((id) => `${id} (case ${caseOf(id)})`).join(', ')}.`);
    for (const f of c.findings) {
      s.problems.find((p) => p.id === f.problemId)!.outcome = { kind: f.outcome, ...(f.expectedBy ? { expectedBy: f.expectedBy } : {}), ...(f.note ? { note: f.note } : {}) };
    }
    s.monthEnd = { ...s.monthEnd!, recorded };
    event('month_end_recorded', actor, c.note, { findings: c.findings });
    await closeMonth('recorded');
  }

  // ---- the month ----
  upsertSearchAttributes([
    { key: TownKey, value: input.townUnitId },
    { key: MonthKey, value: input.month },
  ]);
  await exclusive(async () => {
    const prep = await lookups.prepareVillageMonth({ townUnitId: input.townUnitId });
    townName = prep.townName;
    s.villages = prep.villages;
    s.collectionClosesAt = await dueAt('collection', now());
    event('opened', 'system', `collection until ${s.collectionClosesAt}`);
    await flush();
    opened = true;
  });

  // Collection: until its window ends or the town head closes it.
  await waitFor(() => s.collectionClosesAt!, () => s.phase !== 'collecting', 'collecting problems');
  await exclusive(async () => {
    if (s.phase === 'collecting') await closeCollection('system', 'collection window ended');
  });

  if (s.phase === 'awaiting_reception') {
    await waitFor(() => s.receptionDueBy!, () => s.phase !== 'awaiting_reception', 'awaiting the reception');
    await exclusive(async () => {
      if (s.phase !== 'awaiting_reception') return;
      for (const p of s.problems) p.outcome = { kind: 'carried', note: 'no reception was recorded this month', derived: true };
      await closeMonth('no_reception', 'no reception was recorded before the month ended');
    });
  }

  if (s.phase === 'in_progress') {
    await waitFor(() => s.midCheck!.dueAt, () => false, 'until the mid-month on-site check');
    await exclusive(async () => {
      s.phase = 'mid_check_due';
      event('mid_check_due', 'system', s.midCheck!.recorded ? 'already recorded' : undefined);
      if (!s.midCheck!.recorded) notifyHead('mid_check_due', 'village_check_due', { month: s.month, check: '月中实地察看 mid-month on-site check' });
      await flush();
    });
    await waitFor(() => s.monthEnd!.dueAt, () => false, 'until the month-end follow-up');
    await exclusive(async () => {
      s.phase = 'month_end_due';
      s.monthEnd = { ...s.monthEnd!, closesBy: await dueAt('closeGrace', now()) };
      event('month_end_due', 'system', s.midCheck!.recorded ? undefined : 'the mid-month check was not recorded');
      notifyHead('month_end_due', 'village_check_due', { month: s.month, check: '月底回访 month-end follow-up' });
      await flush();
    });
    await waitFor(() => s.monthEnd!.closesBy!, () => s.phase === 'closed', 'awaiting the month-end follow-up');
    await exclusive(async () => {
      if (s.phase === 'closed') return;
      await deriveOutcomes('month-end follow-up not recorded: outcome taken from the case');
      await closeMonth('derived', 'the month-end follow-up was not recorded in time');
    });
  }

  await condition(allHandlersFinished);
  return snapshot();
}

function describe(s: VillageMonthView, townName: string): string {
  const head = `**${townName} ${s.month}** 村干部跑办代访 village reception: ${s.phase}`;
  const parts = [`${s.problems.length} problem(s) from ${new Set(s.problems.map((p) => p.villageId)).size} village(s)`];
  if (s.host) parts.push(`host ${s.host.villageName}${s.host.chosenBy === 'override' ? ` (override: ${s.host.reason})` : ''}`);
  if (s.phase === 'collecting' && s.collectionClosesAt) parts.push(`collecting until ${s.collectionClosesAt}`);
  if (s.midCheck && !s.midCheck.recorded) parts.push(`mid-month check due ${s.midCheck.dueAt}`);
  if (s.monthEnd && !s.monthEnd.recorded && s.phase !== 'closed') parts.push(`month-end follow-up due ${s.monthEnd.dueAt}`);
  if (s.report) parts.push(`solved ${s.report.solved}, in progress ${s.report.inProgress}, carried ${s.report.carried}`);
  return `${head}\n\n${parts.join('; ')}`;
}

/**
 * This version's lock: each handler's body runs alone, first come first served (only the head of the
 * line runs). New months take their messages from one Mailbox instead.
 */
class SerialLine {
  private readonly line: number[] = [];
  private next = 0;

  async serial<T>(fn: () => Promise<T>): Promise<T> {
    const id = this.next++;
    this.line.push(id);
    try {
      await condition(() => this.line[0] === id);
      return await fn();
    } finally {
      this.line.splice(this.line.indexOf(id), 1);
    }
  }
}
