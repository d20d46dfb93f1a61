// Complaints (效能铜都): the window a QR code names, the unit a complaint is about, filing (the row
// and its pending start, see services/intake.ts; or, where an SMS code is required, a pending
// complaint until the code is confirmed), who may read which complaint and how much of the
// complainant they see, the contact officer, and the summary a case shows of its complaints.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { complaintContactOfficers, complaints, outbox, pendingComplaints, principals, units, windows } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { maskName, maskPersonal, maskPhone } from '../domain/privacy.js';
import { COMPLAINT_STATUSES, normalizePhone, type ComplaintIntake } from '../domain/supervision.js';
import { isOfficerRole } from '../domain/tiers.js';
import { enqueueNotifications } from '../notify/outbox.js';
import { complaintWorkflowId } from '../workflows/definitions.js';
import { caseRowOf, principalSeesCase, involvesUnit, trackingCodeMatches, type Reader } from './cases.js';
import { newId } from './ids.js';
import { insertComplaintRow, type ComplaintRow } from './intake.js';
import { first } from '../db/store.js';

export type { ComplaintRow } from './intake.js';
export type PendingComplaintRow = typeof pendingComplaints.$inferSelect;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];


/** Ids shaped like case ids, with a C in front: C-20250612-7K3QX9. */
export function newComplaintId(now: Date): string {
  return newId('C', now);
}

// ---- Windows and the unit a complaint is about ----

export async function windowOf(db: Db, code: string, publicUrl: string) {
  const w = (await first(db.select().from(windows).where(eq(windows.code, code))));
  if (!w) return null;
  const u = (await first(db.select().from(units).where(eq(units.id, w.unitId))))!;
  return {
    code: w.code,
    name: w.name,
    unit: { id: u.id, name: u.name, nameEn: u.nameEn },
    complaintPage: `${publicUrl}/w/${encodeURIComponent(w.code)}`,
    complaintApi: `${publicUrl}/v1/complaints`,
  };
}

/**
 * The unit a complaint is about: named by its window, its unit, or the case it concerns. A case is
 * named only with its tracking code (or by a principal who may read it); an unknown case and a wrong
 * code answer alike, so the form tells nobody which case ids exist.
 */
export async function unitFor(db: Db, body: ComplaintIntake, filer: Reader | null): Promise<string> {
  let unitId = body.unitId;
  if (body.windowCode) {
    const w = (await first(db.select().from(windows).where(eq(windows.code, body.windowCode))));
    if (!w) throw new AppError('UNKNOWN_WINDOW', `No window ${body.windowCode}.`);
    if (unitId && unitId !== w.unitId) throw new AppError('WINDOW_UNIT_MISMATCH', `Window ${w.code} belongs to ${w.unitId}, not ${unitId}.`);
    unitId = w.unitId;
  }
  if (unitId && !(await first(db.select({ id: units.id }).from(units).where(eq(units.id, unitId))))) throw new AppError('UNKNOWN_UNIT', `No unit ${unitId}.`);
  if (body.trackingCode && !body.caseId) throw new AppError('CASE_ID_REQUIRED', 'A trackingCode goes with the caseId it belongs to.');
  if (body.caseId) {
    const c = await caseRowOf(db, body.caseId);
    const byCode = !!c && !!body.trackingCode && trackingCodeMatches(c, body.trackingCode);
    const byToken = !!c && !body.trackingCode && !!filer && (await principalSeesCase(db, filer, c));
    if (!c || !(byCode || byToken)) {
      throw new AppError('CASE_NOT_VERIFIED', 'Name a case with its caseId and the trackingCode given at intake; this pair names no case.');
    }
    if (!unitId) unitId = c.leadUnitId;
    if (!(await involvesUnit(db, c, unitId))) throw new AppError('CASE_UNIT_MISMATCH', `Case ${c.id} does not concern unit ${unitId}.`);
  }
  if (!unitId) throw new AppError('UNIT_REQUIRED', 'Name the window (windowCode), the unit (unitId) or the case (caseId with its trackingCode) the complaint is about.');
  return unitId;
}

// ---- Filing ----

/** The limits a filing counts against: checked and recorded inside the filing's own transaction. */
export interface FilingGate {
  /** Throws (or rejects) when a limit is reached. The store's counters are async, hence the promises. */
  check(): void | Promise<void>;
  record(): void | Promise<void>;
}

export const complaintKeyHash = (key: string) => createHash('sha256').update(`complaint:${key}`).digest('hex');
export const complaintBodyHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');
const codeHash = (id: string, code: string) => createHash('sha256').update(`complaint-code:${id}:${code}`).digest();

export async function complaintByKey(db: Db, keyHash: string | null): Promise<ComplaintRow | undefined> {
  return keyHash ? (await first(db.select().from(complaints).where(eq(complaints.idempotencyKeyHash, keyHash)))) : undefined;
}
export async function pendingByKey(db: Db, keyHash: string | null): Promise<PendingComplaintRow | undefined> {
  return keyHash ? (await first(db.select().from(pendingComplaints).where(eq(pendingComplaints.idempotencyKeyHash, keyHash)))) : undefined;
}
export async function complaintById(db: Db, id: string): Promise<ComplaintRow | undefined> {
  return (await first(db.select().from(complaints).where(eq(complaints.id, id))));
}

/** What a filed complaint's row carries besides its state. */
export interface ComplaintDraft {
  id: string;
  idempotencyKeyHash: string | null;
  bodyHash: string;
  windowCode: string | null;
  unitId: string;
  caseId: string | null;
  contactName: string;
  contactPhone: string;
  content: string;
  filedBy: string | null;
}

/** Pending complaints past their code's life hold personal data for nothing: swept as new ones come. */
export async function dropExpiredPending(db: Db, now: Date): Promise<void> {
  await db.run(sql`delete from pending_complaints where id in (select id from pending_complaints where expires_at < ${now.toISOString()} limit 100)`);
}

/** Files the complaint's row (with its pending workflow start); null when the same key raced in. */
export async function fileComplaintRow(db: Db, draft: ComplaintDraft, gate: FilingGate, now: Date): Promise<ComplaintRow | null> {
  return (await db.tx(async (tx) => {
      await gate.check();
      const row = (await insertComplaintRow(tx, { ...draft, workflowId: complaintWorkflowId(draft.id), status: 'open', filedAt: now.toISOString() }));
      if (row) await gate.record();
      return row;
    }));
}

/**
 * Holds the complaint until the SMS code is confirmed, and puts the code in the outbox. Null when the
 * same key raced in.
 */
export async function holdForVerification(db: Db, draft: ComplaintDraft, gate: FilingGate, now: Date, codeTtlMs: number): Promise<PendingComplaintRow | null> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + codeTtlMs).toISOString();
  return (await db.tx(async (tx) => {
      await gate.check();
      // An expired pending complaint with the same key gives way to this one.
      if (draft.idempotencyKeyHash) {
        await tx.delete(pendingComplaints).where(and(eq(pendingComplaints.idempotencyKeyHash, draft.idempotencyKeyHash), lt(pendingComplaints.expiresAt, now.toISOString())));
      }
      const inserted = (await first(tx
        .insert(pendingComplaints)
        .values({ ...draft, createdAt: now.toISOString(), codeHash: codeHash(draft.id, code).toString('hex'), expiresAt })
        .onConflictDoNothing()
        .returning()));
      if (!inserted) return null;
      await gate.record();
      await enqueueNotifications(
        tx as never,
        [
          {
            key: `complaint-verify:${draft.id}`,
            recipientId: `complainant:${draft.id}`,
            recipientKind: 'requester',
            template: 'complaint_verification_code',
            // The gateway needs the number; the log channel masks it.
            vars: { code, minutes: String(Math.round(codeTtlMs / 60_000)), phone: normalizePhone(draft.contactPhone) },
          },
        ],
        now,
      );
      return inserted;
    }));
}

/**
 * Confirms a pending complaint with its SMS code: the complaint is filed (its row and pending start)
 * and the code in the outbox is blanked. `created` is false when it was filed already.
 */
export async function verifyComplaint(
  db: Db,
  id: string,
  code: string,
  now: Date,
  opts: { maxCodeAttempts: number; gate: (p: PendingComplaintRow) => FilingGate },
): Promise<{ row: ComplaintRow; created: boolean }> {
  const gone = () => new AppError('VERIFICATION_NOT_FOUND', 'No complaint waits for a code under this id (it expired, was verified or was dropped after wrong codes); file it again.');
  const done = (await complaintById(db, id));
  if (done) {
    // Asking again answers only with the code that filed it: the route tells nobody else of a complaint.
    const filedWith = done.verificationCodeHash ? Buffer.from(done.verificationCodeHash, 'hex') : null;
    if (filedWith && timingSafeEqual(filedWith, codeHash(id, code))) return { row: done, created: false };
    throw gone();
  }
  const p = (await first(db.select().from(pendingComplaints).where(eq(pendingComplaints.id, id))));
  if (!p) throw gone();
  if (p.expiresAt <= now.toISOString()) {
    await db.delete(pendingComplaints).where(eq(pendingComplaints.id, id));
    throw gone();
  }
  // Every try is counted before its code is compared, in one statement: tries sent at once each get
  // a count of their own, so racing requests cannot guess past the cap.
  const [tried] = await db
    .update(pendingComplaints)
    .set({ attempts: sql`${pendingComplaints.attempts} + 1` })
    .where(eq(pendingComplaints.id, id))
    .returning({ attempts: pendingComplaints.attempts });
  if (!tried) throw gone();
  if (!timingSafeEqual(Buffer.from(p.codeHash, 'hex'), codeHash(id, code))) {
    const attempts = tried.attempts;
    if (attempts >= opts.maxCodeAttempts) {
      await db.delete(pendingComplaints).where(eq(pendingComplaints.id, id));
      throw new AppError('VERIFICATION_FAILED', `${attempts} wrong codes: the complaint was dropped; file it again for a new code.`);
    }
    throw new AppError('VERIFICATION_CODE_WRONG', `The code does not match; ${opts.maxCodeAttempts - attempts} tries left.`, { attemptsLeft: opts.maxCodeAttempts - attempts });
  }
  const gate = (await opts.gate(p));
  const row = (await db.tx(async (tx) => {
      await gate.check();
      const { codeHash: _c, expiresAt: _e, attempts: _a, createdAt: _t, ...rest } = p;
      const inserted = (await insertComplaintRow(tx, { ...rest, workflowId: complaintWorkflowId(p.id), status: 'open', filedAt: now.toISOString(), verificationCodeHash: p.codeHash }));
      await tx.delete(pendingComplaints).where(eq(pendingComplaints.id, id));
      if (inserted) await gate.record();
      return inserted;
    }));
  if (!row) return { row: (await complaintById(db, id))!, created: false };
  // The code has served: the outbox keeps no usable code once it was delivered.
  await db.update(outbox)
    .set({ vars: { code: '******', minutes: '-', phone: '-' }, body: '（验证码已使用 code used）' })
    .where(and(eq(outbox.key, `complaint-verify:${id}`), eq(outbox.status, 'sent')));
  return { row, created: true };
}

/** A filed complaint as its filer is told of it. */
export async function filedView(db: Db, row: ComplaintRow) {
  const u = (await first(db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, row.unitId))))!;
  return {
    id: row.id,
    status: row.status as ComplaintStatus,
    unit: u,
    windowCode: row.windowCode,
    caseId: row.caseId,
    filedAt: row.filedAt,
    contactDueAt: row.contactDueAt,
  };
}

// ---- Who reads what ----

export async function contactOfficerOf(db: Db, complaintId: string): Promise<string | null> {
  return (await first(db.select({ id: complaintContactOfficers.officerId }).from(complaintContactOfficers).where(eq(complaintContactOfficers.complaintId, complaintId))))?.id ?? null;
}

const isSupervision = (p: Reader) => p.role === 'supervisor' || p.role === 'admin';
const isUnitHead = (p: Reader, c: ComplaintRow) => p.role === 'principal_head' && p.unitId === c.unitId;

/**
 * Who sees who complained (a retaliation risk otherwise): supervisors, the unit's principal head, the
 * officer designated to call, and whoever recorded the call. Everyone else of the unit reads the
 * complaint masked.
 */
export async function seesComplainant(db: Db, p: Reader, c: ComplaintRow): Promise<boolean> {
  if (isSupervision(p) || isUnitHead(p, c)) return true;
  return c.contactedBy === p.id || (await contactOfficerOf(db, c.id)) === p.id;
}

/** Who records the call: the unit's principal head or the designated officer. */
export async function mayContact(db: Db, p: Reader, c: ComplaintRow): Promise<boolean> {
  return isUnitHead(p, c) || (isOfficerRole(p.role) && p.unitId === c.unitId && (await contactOfficerOf(db, c.id)) === p.id);
}

/** One complaint as `viewer` may read it: the complainant masked unless they may see them; findings for supervisors only. */
export async function complaintView(db: Db, c: ComplaintRow, viewer: Reader) {
  const unit = (await first(db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, c.unitId)))) ?? { id: c.unitId, name: c.unitId };
  const clear = (await seesComplainant(db, viewer, c));
  const supervision = isSupervision(viewer);
  return {
    id: c.id,
    workflowId: c.workflowId,
    status: c.status as ComplaintStatus,
    unit,
    windowCode: c.windowCode,
    caseId: c.caseId,
    contact: clear ? { name: c.contactName, phone: c.contactPhone } : { name: maskName(c.contactName), phone: maskPhone(c.contactPhone.replace(/[^0-9+]/g, '')) },
    masked: !clear,
    contactOfficerId: (await contactOfficerOf(db, c.id)),
    // The text can name the complainant too (a phone, an address, their name): masked alike.
    content: clear ? c.content : maskPersonal(c.content, c.contactName),
    filedAt: c.filedAt,
    filedBy: c.filedBy,
    contactDueAt: c.contactDueAt,
    contactDueProvisional: c.contactDueProvisional ?? false,
    contactedAt: c.contactedAt,
    contactedBy: c.contactedBy,
    contactNote: c.contactNote,
    contactLapsedAt: c.contactLapsedAt,
    closedAt: c.closedAt,
    closedBy: c.closedBy,
    upheld: c.upheld,
    // Findings (and the officers they name) are the efficiency office's: the unit sees only the verdict.
    findings: supervision ? c.findings : null,
    officerIds: supervision ? ((c.findingsData as { officerIds?: string[] } | null)?.officerIds ?? []) : [],
  };
}
export type ComplaintViewValue = ReturnType<typeof complaintView>;

/** Supervisors (and admins) see every complaint; a unit's officers see their unit's; nobody else any. */
export function canSeeComplaint(p: Reader | null, c: ComplaintRow): boolean {
  if (!p) return false;
  if (isSupervision(p)) return true;
  return isOfficerRole(p.role) && p.unitId === c.unitId;
}

export async function loadComplaintFor(db: Db, p: Reader, id: string): Promise<ComplaintRow> {
  const c = (await complaintById(db, id));
  // The same answer for both, so complaint ids cannot be probed.
  if (!c || !canSeeComplaint(p, c)) throw new AppError('COMPLAINT_NOT_FOUND', 'No such complaint, or it is not yours to see.');
  return c;
}

export interface ComplaintListQuery {
  status?: ComplaintStatus;
  unitId?: string;
  caseId?: string;
  contactLapsed?: 'true' | 'false';
  limit: number;
  cursor?: string;
}

/** The unit whose complaints a reader lists: an officer their own unit's only; supervisors any, or all. */
export function complaintListScope(p: Reader, unitId: string | undefined): string | undefined {
  const scope = isOfficerRole(p.role) ? p.unitId : null;
  if (scope && unitId && unitId !== scope) throw new AppError('FORBIDDEN_UNIT', 'Officers list their own unit\'s complaints.');
  if (isOfficerRole(p.role) && !scope) throw new AppError('FORBIDDEN_UNIT', 'An officer without a unit sees no complaints.');
  return scope ?? unitId;
}

/** Complaints, newest first: supervisors all, officers their own unit's. */
export async function listComplaints(db: Db, p: Reader, q: ComplaintListQuery) {
  const where: SQL[] = [];
  const unitId = complaintListScope(p, q.unitId);
  if (unitId) where.push(eq(complaints.unitId, unitId));
  if (q.status) where.push(eq(complaints.status, q.status));
  if (q.caseId) where.push(eq(complaints.caseId, q.caseId));
  if (q.contactLapsed === 'true') where.push(isNotNull(complaints.contactLapsedAt));
  if (q.contactLapsed === 'false') where.push(isNull(complaints.contactLapsedAt));
  if (q.cursor) {
    const [filedAt, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    if (!filedAt || !id) throw new AppError('BAD_CURSOR', 'The cursor is not one this API gave.');
    where.push(or(lt(complaints.filedAt, filedAt), and(eq(complaints.filedAt, filedAt), lt(complaints.id, id)))!);
  }
  const rows = (await db.select().from(complaints).where(and(...where)).orderBy(desc(complaints.filedAt), desc(complaints.id)).limit(q.limit + 1));
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await Promise.all(page.map(async (c) => (await complaintView(db, c, p)))),
    nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.filedAt}|${last.id}`).toString('base64url') : null,
  };
}

/** Only whoever may call the complainant records the call (no one else of the unit has the number to call). */
export async function assertMayContact(db: Db, p: Reader, c: ComplaintRow): Promise<void> {
  if (!(await mayContact(db, p, c))) {
    throw new AppError('NOT_CONTACT_OFFICER', 'The unit\'s principal head, or the officer they designated (POST /v1/complaints/{id}/contact-officer), records the contact.');
  }
}

/** The unit's principal head (or a supervisor) names the officer who calls the complainant; a new designation replaces the last. */
export async function designateContactOfficer(db: Db, p: Reader, c: ComplaintRow, officerId: string, now: Date): Promise<void> {
  if (!(p.role === 'supervisor' || isUnitHead(p, c))) throw new AppError('NOT_UNIT_HEAD', 'The unit\'s principal head (or a supervisor) designates who calls the complainant.');
  if (c.status !== 'open') throw new AppError('ALREADY_CONTACTED', 'The contact is recorded already.');
  const o = (await first(db.select().from(principals).where(eq(principals.id, officerId))));
  if (!o || !o.active || o.unitId !== c.unitId || !isOfficerRole(o.role)) {
    throw new AppError('NOT_UNIT_OFFICER', `${officerId} is not an active officer of ${c.unitId}.`);
  }
  const at = now.toISOString();
  await db.insert(complaintContactOfficers)
    .values({ complaintId: c.id, officerId: o.id, designatedBy: p.id, designatedAt: at })
    .onConflictDoUpdate({ target: complaintContactOfficers.complaintId, set: { officerId: o.id, designatedBy: p.id, designatedAt: at } });
}

/** The officers a complaint's findings name must exist. */
export async function assertOfficersKnown(db: Db, officerIds: string[]): Promise<void> {
  if (!officerIds.length) return;
  const known = (await db.select({ id: principals.id }).from(principals).where(inArray(principals.id, officerIds))).map((r) => r.id);
  const unknown = officerIds.filter((o) => !known.includes(o));
  if (unknown.length) throw new AppError('UNKNOWN_OFFICER', `No officer ${unknown.join(', ')}.`);
}

export const ComplaintOnCaseSchema = z
  .object({
    id: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    unitId: z.string(),
    windowCode: z.string().nullable(),
    filedAt: z.string(),
    contactDueAt: z.string().nullable(),
    contactedAt: z.string().nullable(),
    contactLapsed: z.boolean(),
    closedAt: z.string().nullable(),
    upheld: z.boolean().nullable(),
  })
  .meta({ id: 'ComplaintOnCase' });
export type ComplaintOnCase = z.infer<typeof ComplaintOnCaseSchema>;

/**
 * The complaints about a case, oldest first, for the case's own view. No complainant's name,
 * phone or text: a case is read by more people (and by its requester) than a complaint.
 */
export async function complaintsForCase(db: Db, caseId: string): Promise<ComplaintOnCase[]> {
  return (await db
    .select()
    .from(complaints)
    .where(eq(complaints.caseId, caseId))
    .orderBy(asc(complaints.filedAt), asc(complaints.id)))
    .map((c) => ({
      id: c.id,
      status: c.status as ComplaintStatus,
      unitId: c.unitId,
      windowCode: c.windowCode,
      filedAt: c.filedAt,
      contactDueAt: c.contactDueAt,
      contactedAt: c.contactedAt,
      contactLapsed: c.contactLapsedAt !== null,
      closedAt: c.closedAt,
      upheld: c.upheld,
    }));
}
