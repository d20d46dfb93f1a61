// Intake (受理) as one function: who the first-contact owner is, the case row, and the case workflow
// started with update-with-start so the answer carries the first assignee and deadline. The API's
// POST /v1/cases and the village reception's activity both start cases through here, so a case from
// a village reception is a case like any other. Errors are IntakeError (status and code of the REST
// contract); the API turns them into problem+json.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { caseStartAttempts, caseUnits, cases, principals, units } from '../db/schema.js';
import type { Intake } from '../domain/messages.js';
import { OFFICER_ROLES, type Role } from '../domain/tiers.js';
import { CaseStatusKey, CaseTierKey, CaseUnitsKey, LeadUnitKey, caseWorkflowId, openedUpdate, workflowName, type WorkflowOf } from '../workflows/definitions.js';
import type { CaseInput, CaseView } from '../workflows/case-state.js';

export type CaseRow = typeof cases.$inferSelect;

export class IntakeError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

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
}

export interface IntakeResult {
  row: CaseRow;
  /** The workflow's state once the first assignee is set (null only if the read model is all we have). */
  view: CaseView | null;
  /** False when externalId named a case this caller had already started. */
  created: boolean;
  trackingCode: string | null;
}

export function newCaseId(now: Date): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '');
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return `${d}-${[...randomBytes(6)].map((b) => alphabet[b % 32]).join('')}`;
}

/** Must stay the hash api/case-view.ts checks a presented tracking code against. */
export function hashTrackingCode(code: string): string {
  return createHash('sha256').update(`tracking:${code}`).digest('hex');
}

const isOfficer = (role: string) => (OFFICER_ROLES as readonly string[]).includes(role);

/** Where a new case starts: its lead unit and, if known, the first-contact owner (首问负责人). */
export function firstContactOf(db: Db, body: Intake, caller: IntakeCaller): { unitId: string; officerId?: string } {
  if (body.firstContactOfficerId) {
    const o = db.select().from(principals).where(eq(principals.id, body.firstContactOfficerId)).get();
    if (!o || !o.unitId || !isOfficer(o.role)) throw new IntakeError(422, 'UNKNOWN_OFFICER', `No officer ${body.firstContactOfficerId}.`);
    if (body.firstContactUnitId && body.firstContactUnitId !== o.unitId) {
      throw new IntakeError(422, 'FIRST_CONTACT_MISMATCH', 'The first-contact officer does not belong to the first-contact unit.');
    }
    return { unitId: o.unitId, officerId: o.id };
  }
  if (body.firstContactUnitId) {
    if (!db.select().from(units).where(eq(units.id, body.firstContactUnitId)).get()) {
      throw new IntakeError(422, 'UNKNOWN_UNIT', `No unit ${body.firstContactUnitId}.`);
    }
    return { unitId: body.firstContactUnitId, officerId: caller.unitId === body.firstContactUnitId ? caller.id : undefined };
  }
  // The officer who receives a request owns it (首问负责制).
  if (caller.unitId && isOfficer(caller.role)) return { unitId: caller.unitId, officerId: caller.id };
  throw new IntakeError(422, 'FIRST_CONTACT_REQUIRED', 'Name firstContactOfficerId or firstContactUnitId.');
}

/**
 * Starts a case. Idempotent on (caller, externalId): the same request again returns the case it
 * started (`created: false`), and a request that died between the row and the workflow finishes
 * starting it (the workflow id is derived from the case id, and the start reuses a running one).
 */
export async function startIntake(deps: IntakeDeps, body: Intake, caller: IntakeCaller, now = new Date()): Promise<IntakeResult> {
  const { db } = deps;
  const codeFor = (id: string) => (deps.trackingCodeFor ? deps.trackingCodeFor(id) : null);
  const byExternal = () =>
    body.externalId ? db.select().from(cases).where(and(eq(cases.createdBy, caller.id), eq(cases.externalId, body.externalId))).get() : undefined;

  const existing = byExternal();
  if (existing) {
    const view = existing.lastSeq > 0 ? (existing.view as CaseView | null) : await startCaseWorkflow(deps, existing, body, caller);
    return { row: existing, view, created: false, trackingCode: codeFor(existing.id) };
  }
  const fc = firstContactOf(db, body, caller);
  for (const u of body.involvedUnitIds ?? []) {
    if (!db.select().from(units).where(eq(units.id, u)).get()) throw new IntakeError(422, 'UNKNOWN_UNIT', `No unit ${u}.`);
  }
  const id = newCaseId(now);
  const trackingCode = deps.trackingCodeFor ? deps.trackingCodeFor(id) : randomBytes(9).toString('base64url');
  // The row first (it carries the externalId's uniqueness), then the workflow.
  const inserted = db
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
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!inserted) {
    // A concurrent request with the same externalId won the insert: answer its case.
    const winner = byExternal()!;
    const view = (winner.view as CaseView | null) ?? (await startCaseWorkflow(deps, winner, body, caller));
    return { row: winner, view, created: false, trackingCode: codeFor(winner.id) };
  }
  db.insert(caseUnits).values({ caseId: id, unitId: fc.unitId, role: 'lead' }).onConflictDoNothing().run();
  for (const u of body.involvedUnitIds ?? []) {
    if (u !== fc.unitId) db.insert(caseUnits).values({ caseId: id, unitId: u, role: 'involved' }).onConflictDoNothing().run();
  }
  const view = await startCaseWorkflow(deps, inserted, body, caller, fc.officerId);
  return { row: inserted, view, created: true, trackingCode };
}

/** Starts (or joins) the case workflow and waits until its first assignee and deadline are set. */
export async function startCaseWorkflow(deps: IntakeDeps, row: CaseRow, body: Intake, caller: IntakeCaller, officerId?: string): Promise<CaseView> {
  const input: CaseInput = {
    caseId: row.id,
    title: row.title,
    requesterKind: row.requesterKind as 'person' | 'enterprise',
    channel: row.channel,
    category: row.category ?? undefined,
    leadUnitId: row.leadUnitId,
    firstContactOfficerId: officerId ?? body.firstContactOfficerId,
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
      { key: CaseStatusKey, value: 'in_progress' },
      { key: CaseTierKey, value: '1' },
      { key: LeadUnitKey, value: row.leadUnitId },
      { key: CaseUnitsKey, value: [row.leadUnitId, ...(body.involvedUnitIds ?? [])] },
    ],
  });
  const call = deps.call ?? (<T>(fn: () => Promise<T>) => fn());
  return call(() => deps.client.workflow.executeUpdateWithStart(openedUpdate, { startWorkflowOperation: op, updateId: `opened-${row.id}` }), row.workflowId);
}

export interface SweepOptions {
  /** Rows younger than this may still be starting in their own request (default 30 s). */
  olderThanMs?: number;
  /** Failed starts of one row before it is given up as `start_failed` (default 10). */
  maxAttempts?: number;
  /** Time from a row's first failed start after which it is given up (default 30 minutes). */
  giveUpAfterMs?: number;
  now?: Date;
}

export interface StartFailure {
  caseId: string;
  code: string;
  detail: string;
  attempts: number;
  /** True once the row is `start_failed`: the sweep leaves it to a supervisor. */
  gaveUp: boolean;
}

export interface SweepResult {
  resumed: string[];
  failed: StartFailure[];
  /** The engine was unreachable (server down, or no worker answering): the sweep stopped early; the rows after wait for the next. */
  deferred: boolean;
}

export const SWEEP_DEFAULTS = { olderThanMs: 30_000, maxAttempts: 10, giveUpAfterMs: 30 * 60_000 };

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
  return { code: 'START_FAILED', detail: 'The case engine did not start the case.' };
}

/**
 * Starts the workflow of every case whose row was written but whose workflow never answered (the
 * API died, or Temporal was down, between the two). Run by the API at start and then every minute,
 * so a case taken in is never lost. Only rows older than `olderThanMs` are touched: a younger one
 * may still be starting in another request. Each row is tried on its own: its error is recorded
 * against it and the sweep goes on; after `maxAttempts` failures or `giveUpAfterMs` from its first,
 * the row is `start_failed` (GET /v1/intake/failed) and is no longer retried by itself.
 */
export async function sweepUnstartedCases(deps: IntakeDeps, opts: SweepOptions = {}): Promise<SweepResult> {
  const { db } = deps;
  const o = { ...SWEEP_DEFAULTS, ...opts };
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - o.olderThanMs).toISOString();
  // Rows never tried first, then the longest since their last failure: a row that keeps failing goes
  // to the back and cannot hold up the rows behind it.
  const stuck = db
    .select({ row: cases })
    .from(cases)
    .leftJoin(caseStartAttempts, eq(caseStartAttempts.caseId, cases.id))
    .where(and(eq(cases.lastSeq, 0), lt(cases.createdAt, cutoff), or(isNull(caseStartAttempts.status), eq(caseStartAttempts.status, 'retrying'))))
    .orderBy(sql`${caseStartAttempts.lastFailedAt} is not null`, asc(caseStartAttempts.lastFailedAt), asc(cases.createdAt))
    .limit(100)
    .all()
    .map((r) => r.row);
  const result: SweepResult = { resumed: [], failed: [], deferred: false };
  let timeouts = 0;
  for (const row of stuck) {
    try {
      const creator = db.select().from(principals).where(eq(principals.id, row.createdBy)).get();
      if (!creator) throw new IntakeError(422, 'CREATOR_UNKNOWN', `The principal ${row.createdBy} who took the case in is not in the directory.`);
      const involved = db.select().from(caseUnits).where(and(eq(caseUnits.caseId, row.id), eq(caseUnits.role, 'involved'))).all().map((u) => u.unitId);
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
      const officerId = creator.unitId === row.leadUnitId && isOfficer(creator.role) ? creator.id : undefined;
      await startCaseWorkflow(deps, row, body, caller, officerId);
      db.delete(caseStartAttempts).where(eq(caseStartAttempts.caseId, row.id)).run();
      result.resumed.push(row.id);
      timeouts = 0;
    } catch (err) {
      if (isServerDown(err)) {
        // Nothing can start until the server is back; no row is to blame.
        result.deferred = true;
        break;
      }
      result.failed.push(recordStartFailure(db, row.id, err, o, now, err instanceof IntakeError && err.code === 'CREATOR_UNKNOWN'));
      // Two rows in a row without an answer: most likely no worker runs. The rest wait for the next
      // sweep rather than each waiting out its own deadline.
      if (isTimeout(err) && ++timeouts >= 2) {
        result.deferred = true;
        break;
      }
      if (!isTimeout(err)) timeouts = 0;
    }
  }
  return result;
}

function recordStartFailure(db: Db, caseId: string, err: unknown, o: typeof SWEEP_DEFAULTS, now: Date, hopeless: boolean): StartFailure {
  const { code, detail } = describeFailure(err);
  const at = now.toISOString();
  const prev = db.select().from(caseStartAttempts).where(eq(caseStartAttempts.caseId, caseId)).get();
  const attempts = (prev?.attempts ?? 0) + 1;
  const firstFailedAt = prev?.firstFailedAt ?? at;
  const gaveUp = hopeless || attempts >= o.maxAttempts || now.getTime() - Date.parse(firstFailedAt) >= o.giveUpAfterMs;
  const row = { caseId, status: gaveUp ? 'start_failed' : 'retrying', attempts, firstFailedAt, lastFailedAt: at, errorCode: code, errorDetail: detail };
  db.insert(caseStartAttempts).values(row).onConflictDoUpdate({ target: caseStartAttempts.caseId, set: row }).run();
  return { caseId, code, detail, attempts, gaveUp };
}

/** The sweep, answering only the cases it started (kept for callers that need no more). */
export async function resumeUnstartedCases(deps: IntakeDeps, olderThanMs = 30_000, now = new Date()): Promise<string[]> {
  return (await sweepUnstartedCases(deps, { olderThanMs, now })).resumed;
}
