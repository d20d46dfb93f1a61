// Intake (受理): the row first, then its workflow, then the sweep. Whatever is taken in (a case, a
// complaint; a village problem becomes a case at the reception) is written to SQLite before its
// workflow is started, and the one-minute sweep starts every row whose workflow never did (a crash,
// or Temporal down, between the two): nothing taken in is lost.
//
// Cases: who the first-contact owner is, the case row, and the case workflow started with
// update-with-start so the answer carries the first assignee and deadline. The API's POST /v1/cases
// and the village reception's activity both start cases through here, so a case from a village
// reception is a case like any other. Errors are AppError; the API maps their codes to statuses.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { caseStartAttempts, caseUnits, cases, complaints, principals, units, workflowStarts } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { Intake } from '../domain/messages.js';
import { isOfficerRole, type Role } from '../domain/tiers.js';
import { CaseStatusKey, CaseUnitsKey, DeadlineProvisionalKey, LeadUnitKey, OverdueKey, caseWorkflowId, openedUpdate, workflowName, type WorkflowOf } from '../workflows/definitions.js';
import type { CaseInput, CaseView } from '../domain/case.js';
import type { ComplaintInput } from '../domain/engine/complaint.js';
import { newId } from './ids.js';
import { categoryForIntake, defaultUnitOf } from './categories.js';
import { enqueueNotifications } from '../notify/outbox.js';
import { first } from '../db/store.js';

export type CaseRow = typeof cases.$inferSelect;
export type ComplaintRow = typeof complaints.$inferSelect;

/** Who starts the case: an officer or an integrator (their id scopes externalId). */
export interface IntakeCaller {
  id: string;
  name: string;
  role: Role;
  unitId: string | null;
}

export interface IntakeDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  /** Base URL of the case pages, for the link in Temporal UI. */
  publicUrl?: string;
  /**
   * The requester's tracking code for a case id. The API derives it from its secret so a repeated
   * intake can answer the same code; without it a random code is issued (and only its hash kept).
   */
  trackingCodeFor?: (caseId: string) => string;
  /** Wraps the Temporal call (the API bounds it and maps its errors); `workflowId` names the case's workflow. */
  call?: <T>(fn: () => Promise<T>, workflowId?: string) => Promise<T>;
  /**
   * The category must be an active code of the catalogue (派单目录, services/categories.ts): intakes
   * through the API. The village reception files its cases under a category of its own.
   */
  catalogue?: boolean;
  /**
   * When the engine does not answer in time (no worker, an overloaded one, the server down), answer
   * with the case taken in and its first assignee still to come (`pending`) rather than an error:
   * the row is written and the sweep starts its workflow, so the requester already has a case and a
   * tracking code. Off, the engine's error is thrown (the village reception's activity retries).
   */
  acceptPending?: boolean;
}

export interface IntakeResult {
  row: CaseRow;
  /** The workflow's state once the first assignee is set (null only if the read model is all we have). */
  view: CaseView | null;
  /**
   * Taken in, but the engine did not confirm the first assignee in time (`acceptPending`): the case
   * exists, its workflow starts (or has started and is catching up) and sets them by itself.
   */
  pending: boolean;
  /** False when externalId named a case this caller had already started. */
  created: boolean;
  trackingCode: string | null;
}

/** Draws of a case id before an intake gives up (each collides about once in 18,000 at 60,000 cases a day). */
const ID_DRAWS = 5;

/** Case ids: 20250612-7K3QX9. */
export function newCaseId(now: Date): string {
  return newId('', now);
}

/** The requester's tracking page: the code rides in the fragment, which browsers never send. */
export function trackingUrl(publicUrl: string, caseId: string, code: string): string {
  return `${publicUrl}/t/${encodeURIComponent(caseId)}#code=${code}`;
}

/** The one hash a presented tracking code is checked against (services/cases.ts, services/complaints.ts). */
export function hashTrackingCode(code: string): string {
  return createHash('sha256').update(`tracking:${code}`).digest('hex');
}


/** Where a new case starts: its lead unit and, if known, the first-contact owner (首问负责人). */
export async function firstContactOf(db: Db, body: Intake, caller: IntakeCaller): Promise<{ unitId: string; officerId?: string }> {
  if (body.firstContactOfficerId) {
    const o = (await first(db.select().from(principals).where(eq(principals.id, body.firstContactOfficerId))));
    if (!o || !o.unitId || !isOfficerRole(o.role)) throw new AppError('UNKNOWN_OFFICER', `No officer ${body.firstContactOfficerId}.`);
    if (body.firstContactUnitId && body.firstContactUnitId !== o.unitId) {
      throw new AppError('FIRST_CONTACT_MISMATCH', 'The first-contact officer does not belong to the first-contact unit.');
    }
    return { unitId: o.unitId, officerId: o.id };
  }
  if (body.firstContactUnitId) {
    if (!(await first(db.select().from(units).where(eq(units.id, body.firstContactUnitId))))) {
      throw new AppError('UNKNOWN_UNIT', `No unit ${body.firstContactUnitId}.`);
    }
    return { unitId: body.firstContactUnitId, officerId: caller.unitId === body.firstContactUnitId ? caller.id : undefined };
  }
  // The officer who receives a request owns it (首问负责制).
  if (caller.unitId && isOfficerRole(caller.role)) return { unitId: caller.unitId, officerId: caller.id };
  // An integrator that names no unit: the category's unit takes it (派单).
  const dispatched = body.category ? (await defaultUnitOf(db, body.category)) : null;
  if (dispatched) return { unitId: dispatched };
  throw new AppError('FIRST_CONTACT_REQUIRED', 'Name firstContactOfficerId or firstContactUnitId, or a category whose unit takes it.');
}

/**
 * An officer opens cases for their own unit only (a case lands in another unit's inbox through
 * escalation and coordination, not at intake); integrators such as the 12345 platform route cases
 * to any unit. Nobody assigns a case to an officer who has left their post.
 */
export async function mayAssign(db: Db, caller: { role: string; unitId: string | null }, body: { firstContactOfficerId?: string; firstContactUnitId?: string }): Promise<void> {
  const officer = body.firstContactOfficerId ? (await first(db.select().from(principals).where(eq(principals.id, body.firstContactOfficerId)))) : undefined;
  if (officer && !officer.active) throw new AppError('OFFICER_INACTIVE', `${officer.id} is no longer active; name the unit (firstContactUnitId) instead.`);
  if (!isOfficerRole(caller.role)) return;
  const named = [body.firstContactUnitId, officer?.unitId].filter((u): u is string => !!u);
  if (named.some((u) => u !== caller.unitId)) {
    throw new AppError('ASSIGNMENT_OUTSIDE_UNIT', 'An officer starts cases in their own unit only; other units are reached by escalating or coordinating (牵头协调).');
  }
}

/**
 * Starts a case. Idempotent on (caller, externalId): the same request again returns the case it
 * started (`created: false`), and a request that died between the row and the workflow finishes
 * starting it (the workflow id is derived from the case id, and the start reuses a running one).
 */
export async function startIntake(deps: IntakeDeps, body: Intake, caller: IntakeCaller, now = new Date()): Promise<IntakeResult> {
  const { db } = deps;
  const codeFor = (id: string) => (deps.trackingCodeFor ? deps.trackingCodeFor(id) : null);
  const byExternal = async () =>
    body.externalId ? (await first(db.select().from(cases).where(and(eq(cases.createdBy, caller.id), eq(cases.externalId, body.externalId))))) : undefined;

  const existing = (await byExternal());
  if (existing) {
    const started = existing.lastSeq > 0 ? { view: existing.view as CaseView | null, pending: false } : await startOrAccept(deps, existing, body, caller);
    return { row: existing, ...started, created: false, trackingCode: codeFor(existing.id) };
  }
  if (deps.catalogue && body.category) await categoryForIntake(db, body.category);
  const fc = (await firstContactOf(db, body, caller));
  for (const u of body.involvedUnitIds ?? []) {
    if (!(await first(db.select().from(units).where(eq(units.id, u))))) throw new AppError('UNKNOWN_UNIT', `No unit ${u}.`);
  }
  // The row first (it carries the externalId's uniqueness), then the workflow. A case id is the day
  // and six characters of 32: two intakes of one day draw the same id once in about a billion pairs,
  // so about twice a day at 60,000 intakes (the bench met it near 50,000). Such a row is not inserted
  // and the id is drawn again; a row kept out by its externalId is the other request's case.
  let id = '';
  let trackingCode = '';
  let inserted: CaseRow | undefined;
  for (let draw = 0; !inserted; draw++) {
    if (draw === ID_DRAWS) throw new Error(`no free case id in ${ID_DRAWS} draws for ${now.toISOString().slice(0, 10)}`);
    id = newCaseId(now);
    trackingCode = deps.trackingCodeFor ? deps.trackingCodeFor(id) : randomBytes(9).toString('base64url');
    inserted = (await first(db
      .insert(cases)
      .values({
        id,
        workflowId: caseWorkflowId(id),
        trackingCodeHash: hashTrackingCode(trackingCode),
        externalId: body.externalId ?? null,
        createdBy: caller.id,
        title: body.title,
        description: body.description,
        category: body.category ?? null,
        channel: body.channel,
        requesterKind: body.requester.kind,
        requesterName: body.requester.name,
        requesterPhone: body.requester.phone ?? null,
        keyProject: body.keyProject ?? false,
        status: 'in_progress',
        tier: '1',
        leadUnitId: fc.unitId,
        firstContactOfficerId: fc.officerId ?? null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .onConflictDoNothing()
      .returning()));
    if (inserted) break;
    // A concurrent request with the same externalId won the insert: answer its case.
    const winner = (await byExternal());
    if (winner) {
      const started = winner.view ? { view: winner.view as CaseView, pending: false } : await startOrAccept(deps, winner, body, caller);
      return { row: winner, ...started, created: false, trackingCode: codeFor(winner.id) };
    }
  }
  await db.insert(caseUnits).values({ caseId: id, unitId: fc.unitId, role: 'lead' }).onConflictDoNothing();
  // The receipt (受理回执) with the tracking link, once the case is taken in; only a requester with a
  // mobile number gets it (notify/requester.ts).
  if (deps.publicUrl) {
    await enqueueNotifications(
      db,
      [{ key: `${id}:receipt:requester`, caseId: id, recipientId: `requester:${id}`, recipientKind: 'requester', template: 'receipt', vars: { caseId: id, link: trackingUrl(deps.publicUrl, id, trackingCode) } }],
      now,
    );
  }
  for (const u of body.involvedUnitIds ?? []) {
    if (u !== fc.unitId) await db.insert(caseUnits).values({ caseId: id, unitId: u, role: 'involved' }).onConflictDoNothing();
  }
  const started = await startOrAccept(deps, inserted, body, caller);
  return { row: inserted, ...started, created: true, trackingCode };
}

/** startCaseWorkflow, or with `acceptPending` the row alone when the engine gave no answer in time. */
async function startOrAccept(deps: IntakeDeps, row: CaseRow, body: Intake, caller: IntakeCaller): Promise<{ view: CaseView | null; pending: boolean }> {
  try {
    return { view: await startCaseWorkflow(deps, row, body, caller), pending: false };
  } catch (err) {
    if (deps.acceptPending && (isTimeout(err) || isServerDown(err))) return { view: null, pending: true };
    throw err;
  }
}

/**
 * Starts (or joins) the case workflow and waits until its first assignee and deadline are set. The
 * first-contact owner is the one the row recorded at intake; `officerId` stands in only for rows
 * written before the row kept it.
 */
export async function startCaseWorkflow(deps: IntakeDeps, row: CaseRow, body: Intake, caller: IntakeCaller, officerId?: string): Promise<CaseView> {
  const input: CaseInput = {
    caseId: row.id,
    title: row.title,
    requesterKind: row.requesterKind as 'person' | 'enterprise',
    channel: row.channel,
    category: row.category ?? undefined,
    leadUnitId: row.leadUnitId,
    firstContactOfficerId: row.firstContactOfficerId ?? officerId ?? body.firstContactOfficerId,
    involvedUnitIds: body.involvedUnitIds ?? [],
    keyProject: row.keyProject,
    pageUrl: deps.publicUrl ? `${deps.publicUrl}/cases/${row.id}` : undefined,
    createdBy: caller.id,
  };
  const op = new WithStartWorkflowOperation<WorkflowOf<'caseWorkflow'>>(workflowName('caseWorkflow'), {
    workflowId: row.workflowId,
    taskQueue: deps.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `${row.title} · ${row.requesterKind === 'person' ? '个人 person' : '企业 enterprise'} · ${row.leadUnitId}`,
    staticDetails: `Channel ${row.channel}${row.category ? `, category ${row.category}` : ''}. Started by ${caller.name} (${caller.id}).`,
    typedSearchAttributes: [
      // The values the case's first job would set, so that it upserts nothing it need not.
      { key: CaseStatusKey, value: 'in_progress' },
      { key: LeadUnitKey, value: row.leadUnitId },
      { key: CaseUnitsKey, value: [row.leadUnitId, ...(body.involvedUnitIds ?? [])] },
      { key: OverdueKey, value: false },
      { key: DeadlineProvisionalKey, value: false },
    ],
  });
  const call = deps.call ?? (<T>(fn: () => Promise<T>) => fn());
  return call(() => deps.client.workflow.executeUpdateWithStart(openedUpdate, { startWorkflowOperation: op, updateId: `opened-${row.id}` }), row.workflowId);
}

// ---- Complaints: the row (with its pending start), then the workflow ----

/**
 * Writes a complaint's row with the mark that its workflow is still to start, in one transaction
 * (the caller's, so its limits count in the same one). Null when the row's unique key was taken.
 */
export async function insertComplaintRow(tx: Pick<Db, 'insert'>, values: typeof complaints.$inferInsert): Promise<ComplaintRow | null> {
  const row = (await first(tx.insert(complaints).values(values).onConflictDoNothing().returning()));
  if (!row) return null;
  await tx.insert(workflowStarts).values({ subjectId: row.id, kind: 'complaint', createdAt: row.filedAt, status: 'pending' }).onConflictDoNothing();
  return row;
}

/** Starts (or finds) the complaint's workflow; once it runs, the pending start is cleared. */
export async function startComplaintWorkflow(deps: IntakeDeps, row: ComplaintRow): Promise<void> {
  const input: ComplaintInput = {
    complaintId: row.id,
    unitId: row.unitId,
    filedAt: row.filedAt,
    ...(row.caseId ? { caseId: row.caseId } : {}),
    ...(row.windowCode ? { windowCode: row.windowCode } : {}),
  };
  const call = deps.call ?? (<T>(fn: () => Promise<T>) => fn());
  try {
    await call(() =>
      deps.client.workflow.start<WorkflowOf<'complaintWorkflow'>>(workflowName('complaintWorkflow'), {
        workflowId: row.workflowId,
        taskQueue: deps.taskQueue,
        args: [input],
        // A retry finds the running workflow; a closed one is never started again.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `Complaint about ${row.unitId}${row.windowCode ? ` at window ${row.windowCode}` : ''}${row.caseId ? ` (case ${row.caseId})` : ''}`,
      }),
    );
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (!(err instanceof WorkflowExecutionAlreadyStartedError) && !(cause instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await deps.db.delete(workflowStarts).where(eq(workflowStarts.subjectId, row.id));
}

/** Complaints whose workflow start failed, as a supervisor is shown them (`retrying` or given up). */
export async function complaintStartFailures(db: Db, status: 'retrying' | 'start_failed') {
  return (await db
    .select({ s: workflowStarts, c: complaints })
    .from(workflowStarts)
    .innerJoin(complaints, eq(complaints.id, workflowStarts.subjectId))
    .where(and(eq(workflowStarts.kind, 'complaint'), eq(workflowStarts.status, status)))
    .orderBy(sql`${workflowStarts.lastFailedAt} desc`)
    .limit(500))
    .map(({ s, c }) => ({
      complaintId: c.id,
      unitId: c.unitId,
      filedAt: c.filedAt,
      status: s.status as 'retrying' | 'start_failed',
      attempts: s.attempts,
      firstFailedAt: s.firstFailedAt ?? s.createdAt,
      lastFailedAt: s.lastFailedAt ?? s.createdAt,
      errorCode: s.errorCode ?? 'START_FAILED',
      errorDetail: s.errorDetail ?? '',
    }));
}

/** Hands a given-up complaint back to the sweep, as never tried; false when none waits under that id. */
export async function retryComplaintStart(db: Db, complaintId: string): Promise<boolean> {
  const row = (await first(db
    .update(workflowStarts)
    .set({ status: 'pending', attempts: 0, firstFailedAt: null, lastFailedAt: null, errorCode: null, errorDetail: null })
    .where(eq(workflowStarts.subjectId, complaintId))
    .returning()));
  return !!row;
}

// ---- The sweep ----

export interface SweepOptions {
  /** Rows younger than this may still be starting in their own request (default 30 s). */
  olderThanMs?: number;
  /** Failed starts of one row before it is given up as `start_failed` (default 10; timeouts never give a row up). */
  maxAttempts?: number;
  /** Time from a row's first failed start after which it is given up (default 30 minutes). */
  giveUpAfterMs?: number;
  /** Wall time from the sweep's start after which it starts no row beyond each kind's first page (default 30 s). */
  pagingMs?: number;
  now?: Date;
}

export interface StartFailure {
  kind: 'case' | 'complaint';
  /** The case's or the complaint's id. */
  id: string;
  /** The same id under its own name. */
  caseId?: string;
  complaintId?: string;
  code: string;
  detail: string;
  /** Failed starts that count toward giving the row up; waits that ran out are not counted. */
  attempts: number;
  /** True once the row is `start_failed`: the sweep leaves it to a supervisor. */
  gaveUp: boolean;
}

export interface SweepResult {
  /** Ids of the rows whose workflow the sweep started. */
  resumed: string[];
  failed: StartFailure[];
  /** The engine was unreachable (server down, or no worker answering): the sweep stopped early; the rows after wait for the next. */
  deferred: boolean;
}

export const SWEEP_DEFAULTS = { olderThanMs: 30_000, maxAttempts: 10, giveUpAfterMs: 30 * 60_000, pagingMs: 30_000 };

/** The Temporal server is unreachable: not a row's own error, and the same for every row. */
function isServerDown(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: unknown };
  if (e?.code === 'TEMPORAL_UNAVAILABLE' || e?.code === 14 /* gRPC UNAVAILABLE */) return true;
  return e?.cause ? isServerDown(e.cause) : false;
}

/** No answer in time: no worker, or this row's workflow cannot make progress. */
function isTimeout(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: unknown };
  if (e?.code === 'WORKER_UNAVAILABLE' || e?.code === 4 /* gRPC DEADLINE_EXCEEDED */) return true;
  return e?.cause ? isTimeout(e.cause) : false;
}

/** What a supervisor is shown: the contract's code and words when the error has them, never internals. */
function describeFailure(err: unknown): { code: string; detail: string } {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code) && typeof e.message === 'string') return { code: e.code, detail: e.message.slice(0, 500) };
  return { code: 'START_FAILED', detail: 'The engine did not start the workflow.' };
}

/** What the sweep needs of one kind of row taken in. */
interface Startable<R> {
  kind: StartFailure['kind'];
  /** Rows whose workflow never started, older than `cutoff`, not given up; never tried first, then the longest since their last failure. */
  unstarted(cutoff: string, limit: number): Promise<R[]>;
  idOf(row: R): string;
  start(row: R): Promise<void>;
  /** The failure record so far (null: never failed). */
  attemptsOf(id: string): Promise<{ attempts: number; firstFailedAt: string } | null>;
  recordFailure(id: string, f: { status: 'retrying' | 'start_failed'; attempts: number; firstFailedAt: string; lastFailedAt: string; errorCode: string; errorDetail: string }): Promise<void>;
}

/** Rows a sweep reads at a time; it reads the next page while a full one keeps giving rows it has not tried. */
const SWEEP_PAGE = 100;

/**
 * Each row is tried on its own: its error is recorded against it and the sweep goes on; after
 * `maxAttempts` failures or `giveUpAfterMs` from its first, the row is `start_failed` and is no
 * longer retried by itself. Waits that ran out are the engine's, not the row's: they are recorded
 * (the row is listed as retrying) but count neither as attempts nor toward that clock. A server that
 * is down, or two rows in a row without an answer (most likely no worker runs), stop the sweep: the
 * rest wait for the next one. After an outage the backlog is read page by page until `pagingEnds`
 * (each kind's first page is always tried, as before paging); a row is tried once per sweep (one
 * that failed sorts after every row not yet tried, so meeting it again ends the paging).
 */
async function sweepKind<R>(s: Startable<R>, o: typeof SWEEP_DEFAULTS, now: Date, pagingEnds: number, result: SweepResult): Promise<void> {
  const cutoff = new Date(now.getTime() - o.olderThanMs).toISOString();
  const tried = new Set<string>();
  let timeouts = 0;
  for (let pageNo = 0; ; pageNo++) {
    const page = await s.unstarted(cutoff, SWEEP_PAGE);
    const rows = page.filter((row) => !tried.has(s.idOf(row)));
    for (const row of rows) {
      if (pageNo > 0 && Date.now() >= pagingEnds) return;
      const id = s.idOf(row);
      tried.add(id);
      try {
        await s.start(row);
        result.resumed.push(id);
        timeouts = 0;
      } catch (err) {
        if (isServerDown(err)) {
          // Nothing can start until the server is back; no row is to blame.
          result.deferred = true;
          return;
        }
        const { code, detail } = describeFailure(err);
        const at = now.toISOString();
        const prev = await s.attemptsOf(id);
        // No answer in time is no worker (or a slow one), not the row's fault: it never gives a row up
        // (its intake was answered 202 and nobody else will start it), and it starts no clock, so the
        // row's first failure of its own after a long outage does not give it up at once.
        const timedOut = isTimeout(err);
        const counted = prev && prev.attempts > 0 ? prev : null;
        const attempts = (counted?.attempts ?? 0) + (timedOut ? 0 : 1);
        const firstFailedAt = counted?.firstFailedAt ?? at;
        const hopeless = err instanceof AppError && err.code === 'CREATOR_UNKNOWN';
        const gaveUp = hopeless || (!timedOut && (attempts >= o.maxAttempts || now.getTime() - Date.parse(firstFailedAt) >= o.giveUpAfterMs));
        await s.recordFailure(id, { status: gaveUp ? 'start_failed' : 'retrying', attempts, firstFailedAt, lastFailedAt: at, errorCode: code, errorDetail: detail });
        result.failed.push({ kind: s.kind, id, ...(s.kind === 'case' ? { caseId: id } : { complaintId: id }), code, detail, attempts, gaveUp });
        if (timedOut && ++timeouts >= 2) {
          result.deferred = true;
          return;
        }
        if (!timedOut) timeouts = 0;
      }
    }
    if (page.length < SWEEP_PAGE || rows.length < page.length) return;
  }
}

function caseStartable(deps: IntakeDeps): Startable<CaseRow> {
  const { db } = deps;
  return {
    kind: 'case',
    unstarted: async (cutoff, limit) =>
      (await db
        .select({ row: cases })
        .from(cases)
        .leftJoin(caseStartAttempts, eq(caseStartAttempts.caseId, cases.id))
        .where(and(eq(cases.lastSeq, 0), lt(cases.createdAt, cutoff), or(isNull(caseStartAttempts.status), eq(caseStartAttempts.status, 'retrying'))))
        .orderBy(sql`${caseStartAttempts.lastFailedAt} is not null`, asc(caseStartAttempts.lastFailedAt), asc(cases.createdAt))
        .limit(limit))
        .map((r) => r.row),
    idOf: (row) => row.id,
    async start(row) {
      const creator = (await first(db.select().from(principals).where(eq(principals.id, row.createdBy))));
      if (!creator) throw new AppError('CREATOR_UNKNOWN', `The principal ${row.createdBy} who took the case in is not in the directory.`);
      const involved = (await db.select().from(caseUnits).where(and(eq(caseUnits.caseId, row.id), eq(caseUnits.role, 'involved')))).map((u) => u.unitId);
      const body: Intake = {
        requester: { kind: row.requesterKind as 'person' | 'enterprise', name: row.requesterName },
        channel: row.channel as Intake['channel'],
        title: row.title,
        description: row.description,
        ...(row.category ? { category: row.category } : {}),
        ...(involved.length ? { involvedUnitIds: involved } : {}),
        keyProject: row.keyProject,
      };
      const caller: IntakeCaller = { id: creator.id, name: creator.name, role: creator.role as Role, unitId: creator.unitId };
      // The officer who took the request stays its first-contact owner when they belong to the lead unit.
      const officerId = creator.unitId === row.leadUnitId && isOfficerRole(creator.role) ? creator.id : undefined;
      await startCaseWorkflow(deps, row, body, caller, officerId);
      await db.delete(caseStartAttempts).where(eq(caseStartAttempts.caseId, row.id));
    },
    attemptsOf: async (id) => (await first(db.select().from(caseStartAttempts).where(eq(caseStartAttempts.caseId, id)))) ?? null,
    async recordFailure(caseId, f) {
      const row = { caseId, ...f };
      await db.insert(caseStartAttempts).values(row).onConflictDoUpdate({ target: caseStartAttempts.caseId, set: row });
    },
  };
}

function complaintStartable(deps: IntakeDeps): Startable<ComplaintRow> {
  const { db } = deps;
  return {
    kind: 'complaint',
    unstarted: async (cutoff, limit) =>
      (await db
        .select({ row: complaints })
        .from(workflowStarts)
        .innerJoin(complaints, eq(complaints.id, workflowStarts.subjectId))
        .where(and(eq(workflowStarts.kind, 'complaint'), inArray(workflowStarts.status, ['pending', 'retrying']), lt(workflowStarts.createdAt, cutoff)))
        .orderBy(sql`${workflowStarts.lastFailedAt} is not null`, asc(workflowStarts.lastFailedAt), asc(workflowStarts.createdAt))
        .limit(limit))
        .map((r) => r.row),
    idOf: (row) => row.id,
    start: async (row) => (await startComplaintWorkflow(deps, row)),
    async attemptsOf(id) {
      const r = (await first(db.select().from(workflowStarts).where(eq(workflowStarts.subjectId, id))));
      return r?.firstFailedAt ? { attempts: r.attempts, firstFailedAt: r.firstFailedAt } : null;
    },
    async recordFailure(id, f) {
      await db.update(workflowStarts).set(f).where(eq(workflowStarts.subjectId, id));
    },
  };
}

/**
 * Starts the workflow of every case whose row was written but whose workflow never answered (the
 * API died, or Temporal was down, between the two). Only rows older than `olderThanMs` are touched:
 * a younger one may still be starting in another request. A case given up is listed at
 * GET /v1/intake/failed.
 */
export async function sweepUnstartedCases(deps: IntakeDeps, opts: SweepOptions = {}): Promise<SweepResult> {
  const o = { ...SWEEP_DEFAULTS, ...opts };
  const result: SweepResult = { resumed: [], failed: [], deferred: false };
  await sweepKind(caseStartable(deps), o, opts.now ?? new Date(), Date.now() + o.pagingMs, result);
  return result;
}

/** The same for complaints: a complaint filed is never left without its workflow (its notices and deadline). */
export async function sweepUnstartedComplaints(deps: IntakeDeps, opts: SweepOptions = {}): Promise<SweepResult> {
  const o = { ...SWEEP_DEFAULTS, ...opts };
  const result: SweepResult = { resumed: [], failed: [], deferred: false };
  await sweepKind(complaintStartable(deps), o, opts.now ?? new Date(), Date.now() + o.pagingMs, result);
  return result;
}

/** Every kind taken in, cases first. Run by the API at start and then every minute. */
export async function sweepUnstarted(deps: IntakeDeps, opts: SweepOptions = {}): Promise<SweepResult> {
  const o = { ...SWEEP_DEFAULTS, ...opts };
  const now = opts.now ?? new Date();
  const result: SweepResult = { resumed: [], failed: [], deferred: false };
  // One paging window for both kinds, so a run with a backlog of each still ends well within the minute.
  const pagingEnds = Date.now() + o.pagingMs;
  await sweepKind(caseStartable(deps), o, now, pagingEnds, result);
  if (!result.deferred) await sweepKind(complaintStartable(deps), o, now, pagingEnds, result);
  return result;
}

/** The case sweep, answering only the cases it started (kept for callers that need no more). */
export async function resumeUnstartedCases(deps: IntakeDeps, olderThanMs = 30_000, now = new Date()): Promise<string[]> {
  return (await sweepUnstartedCases(deps, { olderThanMs, now })).resumed;
}
