// Cases as the store holds them: the summary of a row, the filtered list, one case for a caller who
// may see it, its timeline and parts from the read model, and the intakes whose workflow could not
// be started. Intake itself is services/intake.ts.
import { createHmac } from 'node:crypto';
import { and, desc, eq, exists, gt, inArray, isNotNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseParts, caseStartAttempts, caseSteps, caseUnits, cases } from '../db/schema.js';
import { similarPrecedents } from '../db/library.js';
import { AppError } from '../domain/errors.js';
import { CASE_STATUSES, CLOSED_STATUSES, isClosed, isOfficerRole, isOverdue, type Role, type Tier } from '../domain/tiers.js';
import type { TimelineStep } from '../domain/case.js';
import { ownReference } from '../domain/integration-events.js';
import { hashTrackingCode, retryComplaintStart, type CaseRow } from './intake.js';
import { first } from '../db/store.js';
import { dialectOf } from '../db/dialect.js';
import { preparedFor, tableRow } from '../db/prepared.js';

export type { CaseRow } from './intake.js';
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Who asks: the fields of a principal the rules read. */
export interface Reader {
  id: string;
  role: Role;
  unitId: string | null;
}

const CITY_WIDE: readonly string[] = ['city_leader', 'supervisor', 'admin'];

/** The requester's code for one case: derived, so an idempotent intake can answer it again. */
export function trackingCodeFor(secret: string, caseId: string): string {
  return createHmac('sha256', secret).update(caseId).digest('base64url').slice(0, 12);
}

/** A row as the lists show it (the response schema CaseSummary is the API's). */
/** The summary columns of a case row: all a list, the inbox or a search needs. */
export type CaseSummaryRow = Pick<CaseRow, 'id' | 'title' | 'status' | 'tier' | 'leadUnitId' | 'assigneeId' | 'assigneeName' | 'deadlineAt' | 'createdAt'>;

/** The columns of a CaseSummaryRow, for queries that read no more than a summary. */
export const summaryColumns = {
  id: cases.id,
  title: cases.title,
  status: cases.status,
  tier: cases.tier,
  leadUnitId: cases.leadUnitId,
  assigneeId: cases.assigneeId,
  assigneeName: cases.assigneeName,
  deadlineAt: cases.deadlineAt,
  createdAt: cases.createdAt,
};

export function summaryOf(r: CaseSummaryRow, now: Date) {
  return {
    id: r.id,
    title: r.title,
    status: r.status as CaseStatus,
    tier: r.tier as Tier,
    leadUnitId: r.leadUnitId,
    assignee: r.assigneeId ? { principalId: r.assigneeId, name: r.assigneeName ?? '' } : null,
    deadlineAt: r.deadlineAt,
    overdue: isOverdue(r.deadlineAt, now.getTime(), isClosed(r.status)),
    createdAt: r.createdAt,
  };
}
export type CaseSummaryItem = ReturnType<typeof summaryOf>;

export interface CaseListQuery {
  status?: CaseStatus;
  unitId?: string;
  tier?: Tier;
  overdue?: 'true' | 'false';
  q?: string;
  externalId?: string;
  limit: number;
  cursor?: string;
}

/** The unit whose cases a reader lists: an officer their own (another is FORBIDDEN_UNIT); the city and the efficiency office any, or all. */
export function caseListScope(reader: Reader, unitId: string | undefined): string | undefined {
  const unitScope = isOfficerRole(reader.role) ? reader.unitId : null;
  if (unitScope && unitId && unitId !== unitScope) throw new AppError('FORBIDDEN_UNIT', 'Officers list their own unit\'s cases.');
  return unitScope ?? unitId;
}

/** The cases a unit leads or takes part in, as a condition on `cases`. */
export function involvingUnit(db: Db, unitId: string): SQL {
  return exists(db.select({ one: sql`1` }).from(caseUnits).where(and(eq(caseUnits.caseId, cases.id), eq(caseUnits.unitId, unitId))));
}

/**
 * Cases, newest first, cursor-paged. Officers see their own unit's cases; the city and the efficiency
 * office see all; an integrator the cases it started (and finds one by its own reference, externalId).
 */
export async function listCases(db: Db, reader: Reader, q: CaseListQuery, now: Date): Promise<{ items: (CaseSummaryItem & { externalId: string | null; category: string | null })[]; nextCursor: string | null }> {
  // A row whose workflow has not answered yet is not a case anyone can act on (the sweep starts it).
  const where: SQL[] = [gt(cases.lastSeq, 0)];
  const unitId = caseListScope(reader, q.unitId);
  // EXISTS, not IN (…): SQLite then walks cases newest first (cases_newest) and stops after the page.
  if (unitId) where.push(involvingUnit(db, unitId));
  if (reader.role === 'integrator') where.push(eq(cases.createdBy, reader.id));
  if (q.externalId) where.push(eq(cases.externalId, q.externalId));
  if (q.status) where.push(eq(cases.status, q.status));
  if (q.tier) where.push(eq(cases.tier, q.tier));
  if (q.overdue === 'true') where.push(and(isNotNull(cases.deadlineAt), lt(cases.deadlineAt, now.toISOString()), notInArray(cases.status, [...CLOSED_STATUSES]))!);
  if (q.overdue === 'false') where.push(or(sql`${cases.deadlineAt} is null`, sql`${cases.deadlineAt} >= ${now.toISOString()}`, inArray(cases.status, [...CLOSED_STATUSES]))!);
  const { caseList } = dialectOf(db);
  if (q.q) where.push(or(caseList.containsText(cases.title, q.q), caseList.containsText(cases.description, q.q), eq(cases.id, q.q))!);
  if (q.cursor) {
    const [createdAt, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    if (!createdAt || !id) throw new AppError('BAD_CURSOR', 'The cursor is not one this API gave.');
    where.push(or(lt(cases.createdAt, createdAt), and(eq(cases.createdAt, createdAt), lt(cases.id, id)))!);
  }
  // The summary columns only: a whole row carries the stored view, which a list never shows.
  // A text search reads every row anyway: a scan and a sort beat walking cases_newest and fetching
  // each row out of order (db/sqlite/case-list.ts).
  const newest = q.q ? caseList.scanOrderDesc([cases.createdAt, cases.id]) : [desc(cases.createdAt), desc(cases.id)];
  const rows = (await db
    .select({ ...summaryColumns, externalId: cases.externalId, category: cases.category })
    .from(cases)
    .where(and(...where))
    .orderBy(...newest)
    .limit(q.limit + 1));
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ ...summaryOf(r, now), externalId: ownReference(r.externalId), category: r.category })),
    nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') : null,
  };
}

const caseRow = tableRow(cases);
const stepRow = tableRow(caseSteps);
const partRow = tableRow(caseParts);
/**
 * The reads of every request on a case, prepared once per handle: the row, its steps, its parts
 * (building the same query with the builder on each request cost more CPU than running it).
 */
const caseReads = preparedFor((db) => ({
  row: db.statement<Record<string, unknown>>(`select ${caseRow.columns} from cases where id = ?`),
  steps: db.statement<Record<string, unknown>>(`select ${stepRow.columns} from case_steps where case_id = ? order by seq asc`),
  parts: db.statement<Record<string, unknown>>(`select ${partRow.columns} from case_parts where case_id = ?`),
}));

export async function caseRowOf(db: Db, id: string): Promise<CaseRow | undefined> {
  const raw = await caseReads(db).row.get(id);
  return raw && caseRow.decode(raw);
}

/** Whether the case lists the unit among its units (db/schema.ts caseUnits). */
const caseHasUnit = async (db: Db, caseId: string, unitId: string) =>
  !!(await first(
    db
      .select({ one: sql<number>`1` })
      .from(caseUnits)
      .where(and(eq(caseUnits.caseId, caseId), eq(caseUnits.unitId, unitId))),
  ));

/** Whether the unit leads or takes part in the case. */
export async function involvesUnit(db: Db, row: CaseRow, unitId: string): Promise<boolean> {
  return row.leadUnitId === unitId || (await caseHasUnit(db, row.id, unitId));
}

/** Whether a principal may read the case without its tracking code: the city, its units' officers, whoever started it. */
export async function principalSeesCase(db: Db, p: Reader, row: CaseRow): Promise<boolean> {
  if (CITY_WIDE.includes(p.role) || row.createdBy === p.id) return true;
  return isOfficerRole(p.role) && !!p.unitId && (await involvesUnit(db, row, p.unitId));
}

/**
 * Whether a case is in the reader's case list (GET /v1/cases): the city, supervisors and admins list
 * every case, an officer those of their unit (leading or taking part), nobody else any. Whatever
 * lists cases beside another object (a precedent's citations) scopes them the same way.
 */
export async function listsCase(db: Db, reader: Reader, caseId: string): Promise<boolean> {
  if (CITY_WIDE.includes(reader.role)) return true;
  return isOfficerRole(reader.role) && !!reader.unitId && (await caseHasUnit(db, caseId, reader.unitId));
}

export function trackingCodeMatches(row: CaseRow, code: string): boolean {
  return hashTrackingCode(code) === row.trackingCodeHash;
}

/** Who is asking about a case: a principal with a token, or the requester with the tracking code. */
export type CaseCaller<P extends Reader = Reader> = { kind: 'principal'; principal: P } | { kind: 'requester' };

/**
 * Finds the case and checks the caller may see it: officers of units involved in it, city leaders,
 * supervisors and admins, the integrator or officer who started it, and the requester with its code.
 * Anyone else is told CASE_NOT_FOUND, so case ids cannot be probed.
 */
export async function caseForCaller<P extends Reader>(db: Db, p: P | null, id: string, trackingCode?: string): Promise<{ row: CaseRow; caller: CaseCaller<P> }> {
  const row = await caseRowOf(db, id);
  const notFound = () => new AppError('CASE_NOT_FOUND', 'No such case, or it is not yours to see.');
  if (!row) throw notFound();
  if (p) {
    if (await principalSeesCase(db, p, row)) return { row, caller: { kind: 'principal', principal: p } };
    if (!trackingCode) throw notFound();
  }
  if (trackingCode && trackingCodeMatches(row, trackingCode)) return { row, caller: { kind: 'requester' } };
  throw notFound();
}

export interface PartHolder {
  unitId: string;
  tier: string;
  assigneeId: string | null;
  assigneeName: string | null;
  deadlineAt: string | null;
}

/** Who holds each unit's part of a coordinated case, from the parts' read model. */
export async function partsOf(db: Db, caseId: string): Promise<PartHolder[]> {
  return (await caseReads(db).parts.all(caseId)).map(partRow.decode);
}

/** The case's timeline from the audit copy. */
export async function stepsOf(db: Db, caseId: string): Promise<TimelineStep[]> {
  return (await caseReads(db).steps.all(caseId)).map(stepRow.decode).map((r) => ({
      seq: r.seq,
      at: r.at,
      tier: r.tier as TimelineStep['tier'],
      actor: r.actor,
      action: r.action,
      ...(r.note ? { note: r.note } : {}),
      ...(r.subjectId ? { subjectId: r.subjectId } : {}),
      ...(r.deadlineAt ? { deadlineAt: r.deadlineAt } : {}),
      ...(r.data ? { data: r.data as Record<string, unknown> } : {}),
      ...(r.elementId ? { elementId: r.elementId } : {}),
    }));
}

/** The case library's closest precedents (案例汇编) for a case. */
export async function precedentsFor(db: Db, row: CaseRow, limit = 3) {
  return (await similarPrecedents(db, { title: row.title, description: row.description, category: row.category, excludeCaseId: row.id }, limit)).map((p) => ({
    id: p.id,
    title: p.title,
    sourceKind: p.sourceKind,
    place: p.place,
  }));
}

// ---- Intakes whose workflow could not be started (受理未启动) ----

/** Whether the sweep gave a case's start up (`start_failed`): it then waits for a supervisor, not for the engine. */
export async function startGivenUp(db: Db, caseId: string): Promise<boolean> {
  const a = await first(db.select({ status: caseStartAttempts.status }).from(caseStartAttempts).where(eq(caseStartAttempts.caseId, caseId)));
  return a?.status === 'start_failed';
}

export async function intakeFailures(db: Db, status: 'retrying' | 'start_failed') {
  return (await db
    .select()
    .from(caseStartAttempts)
    .innerJoin(cases, eq(cases.id, caseStartAttempts.caseId))
    .where(and(eq(caseStartAttempts.status, status), eq(cases.lastSeq, 0)))
    .orderBy(desc(caseStartAttempts.lastFailedAt))
    .limit(500))
    .map(({ case_start_attempts: a, cases: c }) => ({
      caseId: c.id,
      title: c.title,
      leadUnitId: c.leadUnitId,
      createdBy: c.createdBy,
      createdAt: c.createdAt,
      status: a.status as 'retrying' | 'start_failed',
      attempts: a.attempts,
      firstFailedAt: a.firstFailedAt,
      lastFailedAt: a.lastFailedAt,
      errorCode: a.errorCode,
      errorDetail: a.errorDetail,
    }));
}

/** Hands a given-up intake (a case, or a complaint by its id) back to the sweep (its failure record goes). */
export async function retryIntake(db: Db, id: string): Promise<void> {
  const gone = (await first(db.delete(caseStartAttempts).where(eq(caseStartAttempts.caseId, id)).returning()));
  if (!gone && !(await retryComplaintStart(db, id))) throw new AppError('NOT_FOUND', 'No failed intake with that case id.');
}
