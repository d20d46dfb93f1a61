// Complaints as the API answers them, who may see which, and the summary a case shows of the
// complaints about it (complaintsForCase, for GET /v1/cases/{id}).
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { complaints, units } from '../../db/schema.js';
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

export const ComplaintViewSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    unit: z.object({ id: z.string(), name: z.string() }),
    windowCode: z.string().nullable(),
    caseId: z.string().nullable(),
    contact: z.object({ name: z.string(), phone: z.string() }),
    content: z.string(),
    filedAt: z.string(),
    filedBy: z.string().nullable(),
    contactDueAt: z.string().nullable(),
    contactDueProvisional: z.boolean().describe('The contact deadline was counted on the plain Mon–Fri rule: its year\'s official calendar is not loaded'),
    contactedAt: z.string().nullable(),
    contactedBy: z.string().nullable(),
    contactNote: z.string().nullable(),
    /** Set when the contact window passed first (搁置). */
    contactLapsedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    upheld: z.boolean().nullable(),
    findings: z.string().nullable(),
    officerIds: z.array(z.string()),
  })
  .meta({ id: 'Complaint' });
export type ComplaintView = z.infer<typeof ComplaintViewSchema>;

export function complaintView(db: Db, c: ComplaintRow, opts: { showPhone: boolean }): ComplaintView {
  const unit = db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, c.unitId)).get() ?? { id: c.unitId, name: c.unitId };
  return {
    id: c.id,
    workflowId: c.workflowId,
    status: c.status as ComplaintView['status'],
    unit,
    windowCode: c.windowCode,
    caseId: c.caseId,
    contact: { name: c.contactName, phone: opts.showPhone ? c.contactPhone : maskPhone(c.contactPhone) },
    content: c.content,
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
    findings: c.findings,
    officerIds: (c.findingsData as { officerIds?: string[] } | null)?.officerIds ?? [],
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
