// The monthly village reception (村干部跑办代访) as the read model holds it: towns and their villages,
// the months, the cases the problems became, and the count of problems solved; and starting a town's
// month by hand.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { and, asc, count, desc, eq, inArray, min } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cases, units, villageMonths, villageProblems, villages } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { isOfficerRole, type Role } from '../domain/tiers.js';
import { villageMonthWorkflowId, type PHASES, type Timing, type VILLAGE_KINDS, type VillageMonthView } from '../domain/village.js';
import { MonthKey, TownKey, workflowName, type WorkflowOf } from '../workflows/definitions.js';
import { first } from '../db/store.js';

export type MonthRow = typeof villageMonths.$inferSelect;

/** The town (a unit of kind `town`); TOWN_NOT_FOUND otherwise. */
export async function townOf(db: Db, townId: string) {
  const u = (await first(db.select().from(units).where(eq(units.id, townId))));
  if (!u || u.kind !== 'town') throw new AppError('TOWN_NOT_FOUND', `No town ${townId}.`);
  return u;
}

/** Town officers read their own town's months; city leaders, supervisors and admins every town's. */
export function assertReadsTown(reader: { role: Role; unitId: string | null }, townId: string): void {
  if (isOfficerRole(reader.role) && reader.unitId !== townId) throw new AppError('FORBIDDEN_UNIT', "Officers see their own town's months.");
}

export async function villagesOf(db: Db, townId: string) {
  return (await db
    .select({ id: villages.id, name: villages.name, kind: villages.kind })
    .from(villages)
    .where(eq(villages.townUnitId, townId))
    .orderBy(asc(villages.id))) as { id: string; name: string; kind: (typeof VILLAGE_KINDS)[number] }[];
}

/** A town's months, newest first. */
export async function monthsOf(db: Db, townId: string) {
  return (await db
    .select()
    .from(villageMonths)
    .where(eq(villageMonths.townUnitId, townId))
    .orderBy(desc(villageMonths.month)))
    .map((r) => ({
      month: r.month,
      workflowId: r.id,
      phase: r.phase as (typeof PHASES)[number],
      hostVillageId: r.hostVillageId,
      problems: (r.view as VillageMonthView).problems.length,
      closedAt: r.closedAt,
    }));
}

export async function monthRowOf(db: Db, townId: string, month: string): Promise<MonthRow> {
  const row = (await first(db.select().from(villageMonths).where(and(eq(villageMonths.townUnitId, townId), eq(villageMonths.month, month)))));
  if (!row) throw new AppError('MONTH_NOT_FOUND', `No village reception month ${month} for ${townId}.`);
  return row;
}

/** The read model's status of each case the month's problems became. */
export async function caseStatusesOf(db: Db, v: VillageMonthView): Promise<Map<string, string>> {
  const ids = v.problems.map((p) => p.path?.caseId).filter((x): x is string => !!x);
  return new Map(ids.length ? (await db.select({ id: cases.id, status: cases.status }).from(cases).where(inArray(cases.id, ids))).map((r) => [r.id, r.status]) : []);
}

/** Every responsible unit a reception names must exist. */
export async function assertUnitsKnown(db: Db, unitIds: string[]): Promise<void> {
  const ids = [...new Set(unitIds)];
  const known = new Set((await db.select({ id: units.id }).from(units).where(inArray(units.id, ids))).map((r) => r.id));
  const unknown = ids.filter((u) => !known.has(u));
  if (unknown.length) throw new AppError('UNKNOWN_UNIT', `No unit ${unknown.join(', ')}.`);
}

/** Problems solved since the centre began (累计解决), in one town or all. */
export async function solvedCount(db: Db, townId?: string): Promise<number> {
  return (await first(db
    .select({ n: count() })
    .from(villageProblems)
    .where(and(eq(villageProblems.outcome, 'solved'), townId ? eq(villageProblems.townUnitId, townId) : undefined))))!.n;
}

/** The solved count with the first month on record and the count per town. */
export async function solvedSinceStart(db: Db, townId?: string) {
  const since = (await first(db.select({ m: min(villageMonths.month) }).from(villageMonths).where(townId ? eq(villageMonths.townUnitId, townId) : undefined)))?.m ?? null;
  const byTown = (await db
    .select({ townUnitId: villageProblems.townUnitId, name: units.name, solved: count() })
    .from(villageProblems)
    .innerJoin(units, eq(units.id, villageProblems.townUnitId))
    .where(and(eq(villageProblems.outcome, 'solved'), townId ? eq(villageProblems.townUnitId, townId) : undefined))
    .groupBy(villageProblems.townUnitId, units.name)
    .orderBy(asc(villageProblems.townUnitId)));
  return { solved: (await solvedCount(db, townId)), since, byTown };
}

/**
 * Starts a town's month (when the schedule's start was missed, or in tests with short `timing`).
 * `started: false` when that month already exists, running or finished: a month runs once.
 */
export async function startVillageMonth(
  client: Client,
  o: { townUnitId: string; month: string; taskQueue: string; timing?: Timing; startedBy?: string },
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = villageMonthWorkflowId(o.townUnitId, o.month);
  try {
    await client.workflow.start<WorkflowOf<'villageMonthWorkflow'>>(workflowName('villageMonthWorkflow'), {
      workflowId,
      taskQueue: o.taskQueue,
      args: [{ townUnitId: o.townUnitId, month: o.month, ...(o.timing ? { timing: o.timing } : {}) }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: [
        { key: TownKey, value: o.townUnitId },
        { key: MonthKey, value: o.month },
      ],
      staticSummary: `村干部跑办代访 village reception · ${o.townUnitId} · ${o.month}`,
      ...(o.startedBy ? { staticDetails: `Started by hand by ${o.startedBy}.` } : {}),
    });
    return { workflowId, started: true };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw e;
  }
}
