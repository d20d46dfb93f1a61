// What the complaint workflow writes: the notifications on filing (the unit, the data resources
// bureau, the efficiency office, and the SMS to the unit's principal head), the contact deadline, a
// lapsed contact window (shelved), the contact and the close. Idempotent: outbox rows have stable
// keys, officer events a primary key, and every update only moves a complaint forward.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { complaints, officerEvents, principals, units } from '../db/schema.js';
import { enqueueNotifications, type NotificationItem } from '../notify/outbox.js';
import { complaintRef } from '../domain/supervision.js';

/** Who hears of a complaint at once, one activity each so a crash between them repeats nothing. */
export const COMPLAINT_NOTICE_GROUPS = ['unit', 'data_bureau', 'efficiency', 'head_sms'] as const;
export type ComplaintNoticeGroup = (typeof COMPLAINT_NOTICE_GROUPS)[number];

export const DATA_BUREAU_UNIT = 'data-bureau';
export const EFFICIENCY_UNIT = 'efficiency';


/** SMS bodies stay short; the full text is in the complaint itself. */
function excerpt(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function createComplaintActivities(db: Db, clock: () => Date = () => new Date()) {
  const load = (id: string) => {
    const c = db.select().from(complaints).where(eq(complaints.id, id)).get();
    if (!c) throw new Error(`complaint ${id} is not in the store`);
    const unit = db.select().from(units).where(eq(units.id, c.unitId)).get();
    return { c, unitName: unit?.name ?? c.unitId };
  };
  /** The unit's principal head (单位主要负责人), who gets the SMS and answers for the contact. */
  const headOf = (unitId: string): string | null =>
    db
      .select({ id: principals.id })
      .from(principals)
      .where(and(eq(principals.unitId, unitId), eq(principals.role, 'principal_head'), eq(principals.active, true)))
      .orderBy(principals.id)
      .get()?.id ?? null;
  const supervisors = (): string[] =>
    db
      .select({ id: principals.id })
      .from(principals)
      .where(and(eq(principals.unitId, EFFICIENCY_UNIT), eq(principals.role, 'supervisor'), eq(principals.active, true)))
      .orderBy(principals.id)
      .all()
      .map((r) => r.id);

  function noticesFor(complaintId: string, group: ComplaintNoticeGroup): NotificationItem[] {
    const { c, unitName } = load(complaintId);
    const base = { caseId: c.caseId ?? undefined };
    const filedVars = { unitName, complaintId: c.id, content: excerpt(c.content) };
    switch (group) {
      case 'unit':
        return [{ ...base, key: `complaint:${c.id}:filed:unit:${c.unitId}`, recipientId: c.unitId, recipientKind: 'unit', template: 'complaint_filed', vars: filedVars }];
      case 'data_bureau':
        // Same key as the unit's own notice when the complaint is about the bureau: it hears once.
        return [{ ...base, key: `complaint:${c.id}:filed:unit:${DATA_BUREAU_UNIT}`, recipientId: DATA_BUREAU_UNIT, recipientKind: 'unit', template: 'complaint_filed', vars: filedVars }];
      case 'efficiency': {
        const sups = supervisors();
        if (sups.length === 0) {
          return [{ ...base, key: `complaint:${c.id}:filed:unit:${EFFICIENCY_UNIT}`, recipientId: EFFICIENCY_UNIT, recipientKind: 'unit', template: 'complaint_filed', vars: filedVars }];
        }
        return sups.map((s) => ({ ...base, key: `complaint:${c.id}:filed:supervisor:${s}`, recipientId: s, recipientKind: 'supervisor' as const, template: 'complaint_filed' as const, vars: filedVars }));
      }
      case 'head_sms': {
        const head = headOf(c.unitId);
        const to = head ?? `unit:${c.unitId}`;
        return [{ ...base, key: `complaint:${c.id}:sms:${to}`, recipientId: to, recipientKind: 'officer', template: 'complaint_sms_head', vars: { unitName, complaintId: c.id } }];
      }
    }
  }

  return {
    async notifyComplaintFiled(req: { complaintId: string; group: ComplaintNoticeGroup }): Promise<number> {
      return enqueueNotifications(db, noticesFor(req.complaintId, req.group), clock());
    },

    async recordComplaintDeadline(req: { complaintId: string; contactDueAt: string; provisional?: boolean }): Promise<void> {
      db.update(complaints)
        .set({ contactDueAt: req.contactDueAt, ...(req.provisional !== undefined ? { contactDueProvisional: req.provisional } : {}) })
        .where(eq(complaints.id, req.complaintId))
        .run();
    },

    /** The contact window passed: shelved (搁置) against the unit's principal head, and the efficiency office told. */
    async complaintContactLapsed(req: { complaintId: string; at: string }): Promise<void> {
      const { c, unitName } = load(req.complaintId);
      const head = headOf(c.unitId);
      db.transaction((tx) => {
        tx.update(complaints).set({ contactLapsedAt: req.at }).where(and(eq(complaints.id, c.id), isNull(complaints.contactLapsedAt))).run();
        if (head) {
          tx.insert(officerEvents)
            .values({ caseId: complaintRef(c.id), seq: 1, officerId: head, unitId: c.unitId, tier: '4', kind: 'shelved', at: req.at })
            .onConflictDoNothing()
            .run();
        }
      });
      const sups = supervisors();
      const vars = { complaintId: c.id, unitName };
      enqueueNotifications(
        db,
        (sups.length ? sups : [`unit:${EFFICIENCY_UNIT}`]).map((s) => ({
          key: `complaint:${c.id}:contact_lapsed:${s}`,
          caseId: c.caseId ?? undefined,
          recipientId: s,
          recipientKind: 'supervisor' as const,
          template: 'complaint_contact_lapsed' as const,
          vars,
        })),
        clock(),
      );
    },

    async recordComplaintContact(req: { complaintId: string; by: string; note: string; at: string }): Promise<void> {
      db.update(complaints)
        .set({ status: 'contacted', contactedAt: req.at, contactedBy: req.by, contactNote: req.note })
        .where(and(eq(complaints.id, req.complaintId), eq(complaints.status, 'open')))
        .run();
    },

    async recordComplaintClosed(req: { complaintId: string; by: string; upheld: boolean; findings: string; officerIds: string[]; at: string }): Promise<void> {
      db.update(complaints)
        .set({ status: 'closed', closedAt: req.at, closedBy: req.by, upheld: req.upheld, findings: req.findings, findingsData: { officerIds: req.officerIds } })
        .where(and(eq(complaints.id, req.complaintId), isNull(complaints.closedAt)))
        .run();
    },
  };
}
