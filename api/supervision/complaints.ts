// Complaints as the API answers them, who may see which, and the summary a case shows of the
// complaints about it (complaintsForCase, for GET /v1/cases/{id}).
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { complaintContactOfficers, complaints, units } from '../../db/schema.js';
import { maskPersonal } from '../../db/library.js';
import { COMPLAINT_STATUSES } from '../../domain/supervision.js';
import { OFFICER, type Principal } from '../auth.js';
import { Problem } from '../errors.js';

export type ComplaintRow = typeof complaints.$inferSelect;

// Own masking (not case-view's): api/case-view.ts may import this module for the case's complaints.
function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Ids shaped like case ids, with a C in front: C-20250612-7K3QX9. */
export function newComplaintId(now: Date): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '');
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return `C-${d}-${[...randomBytes(6)].map((b) => alphabet[b % 32]).join('')}`;
}

import { ComplaintViewSchema, ComplaintOnCaseSchema, type ComplaintView, type ComplaintOnCase } from '../complaint-view.js';
export { ComplaintViewSchema, ComplaintOnCaseSchema };


function maskName(name: string): string {
  const c = Array.from(name.trim());
  return c.length ? `${c[0]}${'*'.repeat(Math.max(1, c.length - 1))}` : '*';
}

export function contactOfficerOf(db: Db, complaintId: string): string | null {
  return db.select({ id: complaintContactOfficers.officerId }).from(complaintContactOfficers).where(eq(complaintContactOfficers.complaintId, complaintId)).get()?.id ?? null;
}

const isSupervision = (p: Principal) => p.role === 'supervisor' || p.role === 'admin';
const isUnitHead = (p: Principal, c: ComplaintRow) => p.role === 'principal_head' && p.unitId === c.unitId;

/**
 * Who sees who complained (a retaliation risk otherwise): supervisors, the unit's principal head, the
 * officer designated to call, and whoever recorded the call. Everyone else of the unit reads the
 * complaint masked.
 */
export function seesComplainant(db: Db, p: Principal, c: ComplaintRow): boolean {
  if (isSupervision(p) || isUnitHead(p, c)) return true;
  return c.contactedBy === p.id || contactOfficerOf(db, c.id) === p.id;
}

/** Who records the call: the unit's principal head or the designated officer. */
export function mayContact(db: Db, p: Principal, c: ComplaintRow): boolean {
  return isUnitHead(p, c) || (OFFICER.includes(p.role) && p.unitId === c.unitId && contactOfficerOf(db, c.id) === p.id);
}

export function canDesignateContact(p: Principal, c: ComplaintRow): boolean {
  return p.role === 'supervisor' || isUnitHead(p, c);
}

/** One complaint as `viewer` may read it: the complainant masked unless they may see them; findings for supervisors only. */
export function complaintView(db: Db, c: ComplaintRow, viewer: Principal): ComplaintView {
  const unit = db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, c.unitId)).get() ?? { id: c.unitId, name: c.unitId };
  const clear = seesComplainant(db, viewer, c);
  const supervision = isSupervision(viewer);
  return {
    id: c.id,
    workflowId: c.workflowId,
    status: c.status as ComplaintView['status'],
    unit,
    windowCode: c.windowCode,
    caseId: c.caseId,
    contact: clear ? { name: c.contactName, phone: c.contactPhone } : { name: maskName(c.contactName), phone: maskPhone(c.contactPhone.replace(/[^0-9+]/g, '')) },
    masked: !clear,
    contactOfficerId: contactOfficerOf(db, c.id),
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

/** Supervisors (and admins) see every complaint; a unit's officers see their unit's; nobody else any. */
export function canSeeComplaint(p: Principal | null, c: ComplaintRow): boolean {
  if (!p) return false;
  if (p.role === 'supervisor' || p.role === 'admin') return true;
  return OFFICER.includes(p.role) && p.unitId === c.unitId;
}

export function loadComplaintFor(db: Db, p: Principal, id: string): ComplaintRow {
  const c = db.select().from(complaints).where(eq(complaints.id, id)).get();
  // 404 for both, so complaint ids cannot be probed.
  if (!c || !canSeeComplaint(p, c)) throw new Problem(404, 'COMPLAINT_NOT_FOUND', 'No such complaint, or it is not yours to see.');
  return c;
}



/**
 * The complaints about a case, oldest first, for the case's own view. No complainant's name,
 * phone or text: a case is read by more people (and by its requester) than a complaint.
 */
export function complaintsForCase(db: Db, caseId: string): ComplaintOnCase[] {
  return db
    .select()
    .from(complaints)
    .where(eq(complaints.caseId, caseId))
    .orderBy(asc(complaints.filedAt), asc(complaints.id))
    .all()
    .map((c) => ({
      id: c.id,
      status: c.status as ComplaintOnCase['status'],
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
