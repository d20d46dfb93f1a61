// What the complaint workflow writes: the notifications on filing (the unit, the data resources
// bureau, the efficiency office, and the SMS to the unit's principal head), the contact deadline, a
// lapsed contact window (shelved), the contact and the close. Idempotent: outbox rows have stable
// keys, officer events a primary key, and every update only moves a complaint forward.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { complaintSmsDigests, complaints, officerEvents, outbox, principals, units } from '../db/schema.js';
import { enqueueNotifications, type NotificationItem } from '../notify/outbox.js';
import { maskPersonal } from '../domain/privacy.js';
import { render } from '../domain/notices.js';
import { complaintRef } from '../domain/supervision.js';
import { headOf as unitHead } from './directory.js';
import type { ComplaintState } from '../domain/engine/complaint.js';
import { integrationEventStore } from '../db/integration-events.js';
import { first } from '../db/store.js';
import { changed } from '../db/store.js';
import { dialectOf } from '../db/dialect.js';

/** Who hears of a complaint at once, one activity each so a crash between them repeats nothing. */
export const COMPLAINT_NOTICE_GROUPS = ['unit', 'data_bureau', 'efficiency', 'head_sms'] as const;
export type ComplaintNoticeGroup = (typeof COMPLAINT_NOTICE_GROUPS)[number];

export const DATA_BUREAU_UNIT = 'data-bureau';
export const EFFICIENCY_UNIT = 'efficiency';

/** The unit head gets at most one complaint SMS in this span; what comes meanwhile waits for the next. */
export const HEAD_SMS_SPAN_MS = 30 * 60_000;

/** HH:MM in Beijing time, for the digest's "since". */
function beijingClock(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16);
}

function digestVars(unitName: string, since: string, ids: readonly string[]): Record<string, string> {
  const shown = ids.length > 10 ? `${ids.slice(0, 10).join('、')}等` : ids.join('、');
  return { unitName, since: beijingClock(since), count: String(ids.length), complaintIds: shown };
}


/** SMS bodies stay short; the full text is in the complaint itself. */
function excerpt(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function createComplaintActivities(db: Db, clock: () => Date = () => new Date()) {
  const load = async (id: string) => {
    const c = (await first(db.select().from(complaints).where(eq(complaints.id, id))));
    if (!c) throw new Error(`complaint ${id} is not in the store`);
    const unit = (await first(db.select().from(units).where(eq(units.id, c.unitId))));
    return { c, unitName: unit?.name ?? c.unitId };
  };
  /** The unit's principal head (单位主要负责人), who gets the SMS and answers for the contact. */
  const headOf = async (unitId: string): Promise<string | null> => (await unitHead(db, unitId));
  const supervisors = async (): Promise<string[]> =>
    (await db
      .select({ id: principals.id })
      .from(principals)
      .where(and(eq(principals.unitId, EFFICIENCY_UNIT), eq(principals.role, 'supervisor'), eq(principals.active, true)))
      .orderBy(principals.id))
      .map((r) => r.id);

  async function noticesFor(complaintId: string, group: ComplaintNoticeGroup): Promise<NotificationItem[]> {
    const { c, unitName } = (await load(complaintId));
    const base = { caseId: c.caseId ?? undefined };
    // A complainant may name themselves in the text (name, number, address); the unit's notice does not carry it.
    const filedVars = { unitName, complaintId: c.id, content: excerpt(maskPersonal(c.content, c.contactName)) };
    switch (group) {
      case 'unit':
        return [{ ...base, key: `complaint:${c.id}:filed:unit:${c.unitId}`, recipientId: c.unitId, recipientKind: 'unit', template: 'complaint_filed', vars: filedVars }];
      case 'data_bureau':
        // Same key as the unit's own notice when the complaint is about the bureau: it hears once.
        return [{ ...base, key: `complaint:${c.id}:filed:unit:${DATA_BUREAU_UNIT}`, recipientId: DATA_BUREAU_UNIT, recipientKind: 'unit', template: 'complaint_filed', vars: filedVars }];
      case 'efficiency': {
        const sups = (await supervisors());
        if (sups.length === 0) {
          return [{ ...base, key: `complaint:${c.id}:filed:unit:${EFFICIENCY_UNIT}`, recipientId: EFFICIENCY_UNIT, recipientKind: 'unit', template: 'complaint_filed', vars: filedVars }];
        }
        return sups.map((s) => ({ ...base, key: `complaint:${c.id}:filed:supervisor:${s}`, recipientId: s, recipientKind: 'supervisor' as const, template: 'complaint_filed' as const, vars: filedVars }));
      }
      case 'head_sms':
        throw new Error('the head\'s SMS is headSms\'s (a digest), not a notice of its own');
    }
  }

  /**
   * The head's SMS, at most one per HEAD_SMS_SPAN_MS per unit: after a quiet spell a complaint is
   * texted at once (complaint_sms_head); one that comes within the span joins the next digest
   * (complaint_sms_digest_head), due when the span since the last SMS is over. Idempotent: a complaint
   * already in a digest adds nothing.
   */
  async function headSms(complaintId: string): Promise<number> {
    const { c, unitName } = (await load(complaintId));
    const to = (await headOf(c.unitId)) ?? `unit:${c.unitId}`;
    const now = clock();
    const digests = dialectOf(db).complaintDigests;
    // Is the complaint in one of the unit's digests already?
    const inDigest = digests.digestHolds(complaintSmsDigests.complaintIds, c.id);
    return (await db.tx(async (tx) => {
        await digests.lockUnitDigests(tx, c.unitId);
        const already = (await first(tx
          .select({ key: complaintSmsDigests.key })
          .from(complaintSmsDigests)
          .where(and(eq(complaintSmsDigests.unitId, c.unitId), inDigest))));
        if (already) return 0;
        const latest = (await first(tx.select().from(complaintSmsDigests).where(eq(complaintSmsDigests.unitId, c.unitId)).orderBy(desc(complaintSmsDigests.sendAt))));
        const nowIso = now.toISOString();
        if (latest && latest.sendAt > nowIso) {
          // A digest is waiting: join it, unless the dispatcher took it already.
          const ids = [...latest.complaintIds, c.id];
          const prev = (await first(tx.select().from(complaintSmsDigests).where(and(eq(complaintSmsDigests.unitId, c.unitId), sql`${complaintSmsDigests.sendAt} < ${latest.sendAt}`)).orderBy(desc(complaintSmsDigests.sendAt))));
          const vars = digestVars(unitName, prev?.sendAt ?? latest.sendAt, ids);
          const moved = changed(await tx
            .update(outbox)
            .set({ vars, body: render('complaint_sms_digest_head', vars) })
            .where(and(eq(outbox.key, latest.key), eq(outbox.status, 'pending'))));
          if (moved === 1) {
            await tx.update(complaintSmsDigests).set({ complaintIds: ids }).where(eq(complaintSmsDigests.key, latest.key));
            return 0;
          }
        }
        const lastAt = latest ? Date.parse(latest.sendAt) : -Infinity;
        if (lastAt + HEAD_SMS_SPAN_MS <= now.getTime()) {
          const key = `complaint:${c.id}:sms:${to}`;
          await tx.insert(complaintSmsDigests).values({ key, unitId: c.unitId, sendAt: nowIso, complaintIds: [c.id] });
          return (await enqueueNotifications(tx as unknown as Db, [{ caseId: c.caseId ?? undefined, key, recipientId: to, recipientKind: 'officer', template: 'complaint_sms_head', vars: { unitName, complaintId: c.id } }], now));
        }
        const sendAt = new Date(lastAt + HEAD_SMS_SPAN_MS).toISOString();
        const key = `complaint-digest:${c.unitId}:${sendAt}`;
        await tx.insert(complaintSmsDigests).values({ key, unitId: c.unitId, sendAt, complaintIds: [c.id] });
        const n = (await enqueueNotifications(
          tx as unknown as Db,
          [{ key, recipientId: to, recipientKind: 'officer', template: 'complaint_sms_digest_head', vars: digestVars(unitName, latest!.sendAt, [c.id]) }],
          now,
        ));
        await tx.update(outbox).set({ nextAttemptAt: sendAt }).where(eq(outbox.key, key));
        return n;
      }));
  }

  /** The complaint's event for integrators (complaint.filed, complaint.closed), once whichever activity writes it first. */
  const tellIntegrators = async (complaintId: string, type: 'complaint.filed' | 'complaint.closed') => {
    const now = clock().toISOString();
    await db.tx(async () => {
        const c = (await first(db.select().from(complaints).where(eq(complaints.id, complaintId))));
        if (!c) return;
        const at = (type === 'complaint.closed' ? c.closedAt : c.filedAt) ?? now;
        await integrationEventStore(db).writeComplaint({ ...c, at }, type, now);
      });
  };

  return {
    async notifyComplaintFiled(req: { complaintId: string; group: ComplaintNoticeGroup }): Promise<number> {
      await tellIntegrators(req.complaintId, 'complaint.filed');
      if (req.group === 'head_sms') return headSms(req.complaintId);
      return enqueueNotifications(db, (await noticesFor(req.complaintId, req.group)), clock());
    },

    async recordComplaintDeadline(req: { complaintId: string; contactDueAt: string; provisional?: boolean }): Promise<void> {
      await db.update(complaints)
        .set({ contactDueAt: req.contactDueAt, ...(req.provisional !== undefined ? { contactDueProvisional: req.provisional } : {}) })
        .where(eq(complaints.id, req.complaintId));
    },

    /** The contact window passed: shelved (搁置) against the unit's principal head, and the efficiency office told. */
    async complaintContactLapsed(req: { complaintId: string; at: string }): Promise<void> {
      const { c, unitName } = (await load(req.complaintId));
      const head = (await headOf(c.unitId));
      await db.tx(async (tx) => {
        await tx.update(complaints).set({ contactLapsedAt: req.at }).where(and(eq(complaints.id, c.id), isNull(complaints.contactLapsedAt)));
        if (head) {
          await tx.insert(officerEvents)
            .values({ caseId: complaintRef(c.id), seq: 1, officerId: head, unitId: c.unitId, tier: '4', kind: 'shelved', at: req.at })
            .onConflictDoNothing();
        }
      });
      const sups = (await supervisors());
      const vars = { complaintId: c.id, unitName };
      await enqueueNotifications(
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
      await db.update(complaints)
        .set({ status: 'contacted', contactedAt: req.at, contactedBy: req.by, contactNote: req.note })
        .where(and(eq(complaints.id, req.complaintId), eq(complaints.status, 'open')));
    },

    async recordComplaintClosed(req: { complaintId: string; by: string; upheld: boolean; findings: string; officerIds: string[]; at: string }): Promise<void> {
      await db.update(complaints)
        .set({ status: 'closed', closedAt: req.at, closedBy: req.by, upheld: req.upheld, findings: req.findings, findingsData: { officerIds: req.officerIds } })
        .where(and(eq(complaints.id, req.complaintId), isNull(complaints.closedAt)));
      await tellIntegrators(req.complaintId, 'complaint.closed');
    },
  };
}

/**
 * The complaint's row made to say what its workflow says (a reset took it back, or forward): status,
 * contact window, contact and close. What the workflow no longer has is cleared; a lapse it no longer
 * has stops counting against the unit's head. Used by the store's reconciliation (reconcile/sweeper.ts).
 */
export async function resyncComplaint(db: Db, s: ComplaintState): Promise<void> {
  await db.update(complaints)
    .set({
      status: s.status,
      contactDueAt: s.contactDueAt ?? null,
      contactDueProvisional: s.contactDueProvisional ?? null,
      contactedAt: s.contactedAt ?? null,
      contactedBy: s.contactedBy ?? null,
      contactLapsedAt: s.contactLapsedAt ?? null,
      closedAt: s.closedAt ?? null,
      closedBy: s.closedBy ?? null,
      upheld: s.upheld ?? null,
    })
    .where(eq(complaints.id, s.id));
  if (!s.contactLapsedAt) await db.delete(officerEvents).where(and(eq(officerEvents.caseId, complaintRef(s.id)), eq(officerEvents.kind, 'shelved')));
}
