// Activities of the monthly village reception (村干部跑办代访): the town's villages, the month's
// dates (calendar arithmetic stays out of workflow code), the carry-over from earlier months, the
// cases started at the reception, and the read model of each month. Every one is idempotent.
import { ApplicationFailure, Context, getClient } from '@temporalio/activity';
import { and, eq, inArray, isNull, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cases, principals, units, villageMonths, villageProblems, villages } from '../db/schema.js';
import type { Intake } from '../domain/messages.js';
import type { Role } from '../domain/tiers.js';
import { durationMs } from '../domain/policy.js';
import type { Timing, TimingStage, VillageMonthView, VillageProblem, VillageRef } from '../domain/village.js';
import type { CarriedIn, VillageCaseStart } from '../domain/engine/village-month.js';
import { enqueueNotifications } from '../notify/outbox.js';
import type { TemplateId } from '../domain/notices.js';
import { BEIJING_UTC_OFFSET_MS, computeDeadline, dayKind, loadCalendarData, type CalendarOverrides, type LoadedYears } from '../services/working-days.js';
import { AppError } from '../domain/errors.js';
import { startIntake } from '../services/intake.js';
import { headOf as unitHead } from './directory.js';
import { first, changed } from '../db/store.js';


/** The Beijing date ('YYYY-MM-DD') of an instant. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_UTC_OFFSET_MS).toISOString().slice(0, 10);
}
/** The instant of a Beijing wall-clock time on a Beijing date. */
function beijingInstant(date: string, hhmm: string): number {
  return Date.parse(`${date}T${hhmm}:00+08:00`);
}
function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}
/** The first instant after the month, Beijing time. */
export function monthEndInstant(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y, m, 1) - BEIJING_UTC_OFFSET_MS;
}

/** The month's first working day (Asia/Shanghai) under the official calendar and the city's overrides. */
export function firstWorkingDay(month: string, overrides: CalendarOverrides = {}, loaded: LoadedYears = {}): string {
  const d = daysOfMonth(month).find((x) => dayKind(x, overrides, loaded).working);
  if (!d) throw new RangeError(`${month} has no working day`);
  return d;
}
export function lastWorkingDay(month: string, overrides: CalendarOverrides = {}, loaded: LoadedYears = {}): string {
  const d = daysOfMonth(month).reverse().find((x) => dayKind(x, overrides, loaded).working);
  if (!d) throw new RangeError(`${month} has no working day`);
  return d;
}

/**
 * When a stage of the month falls due, counted from `from`. With a duration in `timing` it is plain
 * wall-clock time (tests shrink a month this way); otherwise the calendar decides:
 * - collection: 17:30 of the 2nd working day after the start day;
 * - reception: the end of the month;
 * - midCheck: 09:00 of the first working day on or after the 15th;
 * - monthEnd: 09:00 of the month's last working day;
 * - closeGrace: the end of the month (or the next working day's close, for a month already over).
 * A calendar date already behind `from` falls due at once (`from`).
 */
export function stageDueAt(month: string, stage: TimingStage, fromIso: string, timing: Timing = {}, overrides: CalendarOverrides = {}, loaded: LoadedYears = {}): string {
  return stageDue(month, stage, fromIso, timing, overrides, loaded).dueAt;
}

/**
 * The same, with whether the date is provisional: some day it rests on is outside the published
 * calendar (its year's notice is not loaded), so it was read with the plain Mon–Fri rule.
 */
export function stageDue(
  month: string,
  stage: TimingStage,
  fromIso: string,
  timing: Timing = {},
  overrides: CalendarOverrides = {},
  loaded: LoadedYears = {},
): { dueAt: string; provisional: boolean } {
  const from = Date.parse(fromIso);
  const spec = timing[stage];
  if (spec) return { dueAt: new Date(from + durationMs(spec)).toISOString(), provisional: false };
  const notBefore = (ms: number) => new Date(Math.max(from, ms)).toISOString();
  // Every day consulted counts: a scan that passed an unknown day may have stopped on the wrong one.
  let provisional = false;
  const working = (x: string) => {
    const k = dayKind(x, overrides, loaded);
    if (!k.known) provisional = true;
    return k.working;
  };
  const lastWorking = () => {
    const d = daysOfMonth(month).reverse().find(working);
    if (!d) throw new RangeError(`${month} has no working day`);
    return d;
  };
  switch (stage) {
    case 'collection': {
      const d = computeDeadline(fromIso, { workingDays: 2 }, 0, overrides, loaded);
      return { dueAt: d.deadlineAt, provisional: d.provisional };
    }
    case 'reception':
      return { dueAt: notBefore(monthEndInstant(month)), provisional: false };
    case 'midCheck': {
      const d = daysOfMonth(month).slice(14).find(working) ?? lastWorking();
      return { dueAt: notBefore(beijingInstant(d, '09:00')), provisional };
    }
    case 'monthEnd': {
      const dueAt = notBefore(beijingInstant(lastWorking(), '09:00'));
      return { dueAt, provisional };
    }
    case 'closeGrace': {
      const end = monthEndInstant(month);
      if (end > from) return { dueAt: new Date(end).toISOString(), provisional: false };
      const d = computeDeadline(fromIso, { workingDays: 1 }, 0, overrides, loaded);
      return { dueAt: d.deadlineAt, provisional: d.provisional };
    }
  }
}

/** A carried problem as the next month takes it up: what the month's engine takes in, and the unit that had it. */
export interface CarriedProblem extends CarriedIn {
  responsibleUnitId: string | null;
}

/** A problem's case, as the month's engine asks for it (the town officer who recorded the reception is its creator). */
export type VillageCaseRequest = VillageCaseStart;

export interface VillageNotification {
  key: string;
  /** The town's principal head (主要负责人). */
  toHeadOf: string;
  template: TemplateId;
  vars: Record<string, string>;
}

export function createVillageActivities(db: Db, clock: () => Date = () => new Date()) {
  const headOf = async (unitId: string) => (await unitHead(db, unitId)) ?? `unit:${unitId}`;

  return {
    async prepareVillageMonth(req: { townUnitId: string }): Promise<{ townName: string; villages: VillageRef[] }> {
      const town = (await first(db.select().from(units).where(eq(units.id, req.townUnitId))));
      if (!town || town.kind !== 'town') throw ApplicationFailure.nonRetryable(`No town ${req.townUnitId}`, 'UNKNOWN_TOWN');
      const list = (await db.select().from(villages).where(eq(villages.townUnitId, req.townUnitId)).orderBy(villages.id));
      return { townName: town.name, villages: list.map((v) => ({ id: v.id, name: v.name, kind: v.kind as VillageRef['kind'] })) };
    },

    async villageStageDueAt(req: { month: string; stage: TimingStage; from: string; timing?: Timing }): Promise<string> {
      const { overrides, loaded } = (await loadCalendarData(db));
      return stageDueAt(req.month, req.stage, req.from, req.timing, overrides, loaded);
    },

    /** The date a stage falls due and whether it is provisional (the year's notice is not loaded). */
    async villageStageDue(req: { month: string; stage: TimingStage; from: string; timing?: Timing }): Promise<{ dueAt: string; provisional: boolean }> {
      const { overrides, loaded } = (await loadCalendarData(db));
      return stageDue(req.month, req.stage, req.from, req.timing, overrides, loaded);
    },

    /** Problems earlier months carried and no later month has taken up yet, oldest first. */
    async loadCarriedProblems(req: { townUnitId: string; month: string }): Promise<CarriedProblem[]> {
      const rows = (await db
        .select()
        .from(villageProblems)
        .where(and(eq(villageProblems.townUnitId, req.townUnitId), eq(villageProblems.outcome, 'carried'), isNull(villageProblems.carriedIntoId), lt(villageProblems.month, req.month)))
        .orderBy(villageProblems.month, villageProblems.id));
      return rows.map((r) => ({
        fromId: r.id,
        villageId: r.villageId,
        title: r.title,
        description: r.description,
        urgency: r.urgency,
        residents: r.residents,
        carryCount: r.carryCount + 1,
        caseId: r.caseId,
        responsibleUnitId: r.responsibleUnitId,
      }));
    },

    /** Unit ids that are not in the directory. */
    async unknownUnits(req: { unitIds: string[] }): Promise<string[]> {
      if (req.unitIds.length === 0) return [];
      const found = new Set((await db.select({ id: units.id }).from(units).where(inArray(units.id, req.unitIds))).map((r) => r.id));
      return req.unitIds.filter((u) => !found.has(u));
    },

    /** The read model's status of each case (absent ids are left out). */
    async caseStatuses(req: { caseIds: string[] }): Promise<Record<string, string>> {
      if (req.caseIds.length === 0) return {};
      const rows = (await db.select({ id: cases.id, status: cases.status }).from(cases).where(inArray(cases.id, req.caseIds)));
      return Object.fromEntries(rows.map((r) => [r.id, r.status]));
    },

    /**
     * Starts the case for one problem's agreed path through the normal intake (channel
     * village_reception), as the officer who recorded the reception. The externalId is the problem's
     * id, so a retry, or the reception sent again, finds the case it started.
     */
    async startVillageCase(req: VillageCaseRequest): Promise<{ caseId: string; workflowId: string }> {
      const actor = (await first(db.select().from(principals).where(eq(principals.id, req.actorId))));
      if (!actor) throw ApplicationFailure.nonRetryable(`No principal ${req.actorId}`, 'UNKNOWN_OFFICER');
      const body: Intake = {
        externalId: `village-reception:${req.problemId}`,
        requester: { kind: 'person', name: `${req.villageName}（村干部代访）` },
        channel: 'village_reception',
        title: req.title,
        description: `${req.description}\n\n村干部跑办代访 ${req.month}：约定 ${req.deadline} 前办结。${req.note ? `\n${req.note}` : ''}`,
        category: 'village_reception',
        firstContactUnitId: req.responsibleUnitId,
        requestedBy: `${req.villageName} 村干部`,
      };
      try {
        const res = await startIntake(
          { db, client: getClient(), taskQueue: Context.current().info.taskQueue },
          body,
          { id: actor.id, name: actor.name, role: actor.role as Role, unitId: actor.unitId },
          clock(),
        );
        return { caseId: res.row.id, workflowId: res.row.workflowId };
      } catch (e) {
        if (e instanceof AppError) throw ApplicationFailure.nonRetryable(e.message, e.code);
        throw e;
      }
    },

    /** Copies the month to the read model (never backwards) and puts its notifications in the outbox. */
    async recordVillageMonth(req: { view: VillageMonthView; notifications: VillageNotification[] }): Promise<void> {
      await db.tx(async () => (await writeVillageMonth(db, req.view, clock, false)));
      if (req.notifications.length) {
        const items = [];
        for (const n of req.notifications) items.push({ key: n.key, recipientId: await headOf(n.toHeadOf), recipientKind: 'officer' as const, template: n.template, vars: n.vars });
        await enqueueNotifications(db, items, clock());
      }
    },

    /**
     * What the daily trigger needs: today's Beijing date and month, the month's first working day,
     * whether the month is due (today is that day, or later: a start missed while the system was down
     * is made up), and the towns with villages whose month has not started yet.
     */
    async villageMonthDue(req: { at: string }): Promise<{ date: string; month: string; firstWorkingDay: string; due: boolean; towns: string[] }> {
      const date = beijingDate(Date.parse(req.at));
      const month = date.slice(0, 7);
      const { overrides, loaded } = (await loadCalendarData(db));
      const first = firstWorkingDay(month, overrides, loaded);
      const towns = (await db
        .selectDistinct({ id: villages.townUnitId })
        .from(villages)
        .where(sql`not exists (select 1 from ${villageMonths} where ${villageMonths.townUnitId} = ${villages.townUnitId} and ${villageMonths.month} = ${month})`)
        .orderBy(villages.townUnitId))
        .map((r) => r.id);
      return { date, month, firstWorkingDay: first, due: date >= first, towns };
    },
  };
}

function problemFields(p: VillageProblem) {
  return {
    villageId: p.villageId,
    title: p.title,
    description: p.description,
    urgency: p.urgency,
    residents: p.residents,
    carryCount: p.carryCount,
    carriedFromId: p.carriedFromId ?? null,
    responsibleUnitId: p.path?.responsibleUnitId ?? null,
    agreedDeadline: p.path?.deadline ?? null,
    caseId: p.path?.caseId ?? null,
    outcome: p.outcome?.kind ?? null,
    expectedBy: p.outcome?.expectedBy ?? null,
    flagged: p.flagged ?? false,
  };
}

/**
 * The month's rows as its workflow holds it. Normally a version only moves forward (a late retry never
 * overwrites a newer one); `resync` writes it as it is, and drops the problems it no longer has (a
 * reset took it back). In the caller's transaction.
 */
async function writeVillageMonth(db: Db, v: VillageMonthView, clock: () => Date, resync: boolean): Promise<void> {
  const at = (await clock()).toISOString();
  const applied = changed(await db
    .insert(villageMonths)
    .values({
      id: v.workflowId,
      townUnitId: v.townUnitId,
      month: v.month,
      phase: v.phase,
      hostVillageId: v.host?.villageId ?? null,
      version: v.version,
      view: v,
      createdAt: at,
      updatedAt: at,
      closedAt: v.report?.closedAt ?? null,
    })
    .onConflictDoUpdate({
      target: villageMonths.id,
      set: { phase: v.phase, hostVillageId: v.host?.villageId ?? null, version: v.version, view: v, updatedAt: at, closedAt: v.report?.closedAt ?? null },
      ...(resync ? {} : { setWhere: lt(villageMonths.version, v.version) }),
    }));
  if (!applied) return;
  for (const p of v.problems) {
    const fields = problemFields(p);
    await db.insert(villageProblems)
      .values({ id: p.id, monthId: v.workflowId, townUnitId: v.townUnitId, month: v.month, ...fields, submittedAt: p.submittedAt, updatedAt: at })
      .onConflictDoUpdate({ target: villageProblems.id, set: { ...fields, updatedAt: at } });
    if (p.carriedFromId) {
      await db.update(villageProblems).set({ carriedIntoId: p.id }).where(and(eq(villageProblems.id, p.carriedFromId), isNull(villageProblems.carriedIntoId)));
    }
  }
  if (resync) {
    const kept = v.problems.map((p) => p.id);
    await db.delete(villageProblems)
      .where(and(eq(villageProblems.monthId, v.workflowId), kept.length ? notInArray(villageProblems.id, kept) : sql`1 = 1`));
  }
}

/** The month's rows made to say what its workflow says (the store's reconciliation, reconcile/sweeper.ts). */
export async function resyncVillageMonth(db: Db, v: VillageMonthView, clock: () => Date = () => new Date()): Promise<void> {
  await writeVillageMonth(db, v, clock, true);
}
