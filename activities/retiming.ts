// What a workflow writes when a calendar load moved (or confirmed) one of its running deadlines: the
// audit row (deadline_retimings), the read model of a complaint, and the holder's notification. And
// the administrators' daily reminder while next year's notice is missing. Idempotent: a stable key
// per re-timing and per day.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { complaints, deadlineRetimings, principals } from '../db/schema.js';
import { enqueueNotifications, type NotificationItem } from '../notify/outbox.js';
import { BEIJING_UTC_OFFSET_MS, missingNextYear } from '../services/working-days.js';
import { headOf as unitHead } from './directory.js';

/** 2027-01-05T09:30:00.000Z → '2027-01-05 17:30' (Beijing), as a holder reads it. */
export function beijingText(iso: string): string {
  const d = new Date(Date.parse(iso) + BEIJING_UTC_OFFSET_MS).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export interface DeadlineRetimed {
  workflowId: string;
  subjectKind: 'complaint' | 'village_month' | 'case' | 'part' | 'consultation' | 'directive';
  subjectId: string;
  /** Which deadline (the policy window or the stage), e.g. complaintContact, monthEnd. */
  window: string;
  /** The workflow's own count of re-timings of this window: with the workflow id, the record's key. */
  n: number;
  oldAt: string;
  newAt: string;
  provisional: boolean;
  documentNo?: string;
  at: string;
  /** Who holds the deadline and is told: a principal, a unit's inbox, or a unit's principal head. */
  holder?: { principalId?: string; unitId?: string; headOfUnit?: string };
  /** How the holder's message names the subject, e.g. 投诉C-…的联系. */
  subjectText?: string;
}

export function createRetimingActivities(db: Db, clock: () => Date = () => new Date()) {
  const headOf = async (unitId: string) => (await unitHead(db, unitId));

  return {
    /** Records one re-timing (once per key), updates the complaint's read model, tells the holder what changed. */
    async recordDeadlineRetimed(r: DeadlineRetimed): Promise<void> {
      const key = `${r.workflowId}:${r.window}:${r.n}`;
      const notices: NotificationItem[] = [];
      if (r.holder) {
        const to: { id: string; kind: NotificationItem['recipientKind'] }[] = [];
        if (r.holder.principalId) to.push({ id: r.holder.principalId, kind: 'officer' });
        if (r.holder.unitId) to.push({ id: r.holder.unitId, kind: 'unit' });
        if (r.holder.headOfUnit) {
          const head = (await headOf(r.holder.headOfUnit));
          to.push(head ? { id: head, kind: 'officer' } : { id: r.holder.headOfUnit, kind: 'unit' });
        }
        for (const t of to) {
          notices.push({
            key: `retimed:${key}:${t.id}`,
            ...(r.subjectKind === 'case' ? { caseId: r.subjectId } : {}),
            recipientId: t.id,
            recipientKind: t.kind,
            // A time that stayed but is firm now is news too: the holder may plan on it.
            ...(r.oldAt === r.newAt
              ? {
                  template: 'deadline_confirmed' as const,
                  vars: { documentNo: r.documentNo ?? '新载入的节假日安排', subject: r.subjectText ?? r.subjectId, newAt: beijingText(r.newAt) },
                }
              : {
                  template: 'deadline_retimed' as const,
                  vars: {
                    documentNo: r.documentNo ?? '新载入的节假日安排',
                    subject: r.subjectText ?? r.subjectId,
                    oldAt: beijingText(r.oldAt),
                    newAt: beijingText(r.newAt),
                    status: r.provisional ? '（仍为临时时限）' : '',
                  },
                }),
          });
        }
      }
      await db.tx(async (tx) => {
        await tx.insert(deadlineRetimings)
          .values({
            key,
            workflowId: r.workflowId,
            subjectKind: r.subjectKind,
            subjectId: r.subjectId,
            window: r.window,
            oldAt: r.oldAt,
            newAt: r.newAt,
            provisional: r.provisional,
            documentNo: r.documentNo ?? null,
            at: r.at,
          })
          .onConflictDoNothing({ target: deadlineRetimings.key });
        if (r.subjectKind === 'complaint' && r.window === 'complaintContact') {
          await tx.update(complaints).set({ contactDueAt: r.newAt, contactDueProvisional: r.provisional }).where(eq(complaints.id, r.subjectId));
        }
      });
      if (notices.length) await enqueueNotifications(db, notices, clock());
    },

    /**
     * From 1 November (Beijing), while next year's notice is neither loaded nor in the package: one
     * message a day to every active administrator. Returns the missing year, or null.
     */
    async remindMissingCalendar(req: { at: string }): Promise<{ missingYear: number | null; notified: number }> {
      const now = new Date(req.at);
      const year = (await missingNextYear(db, now));
      if (year === null) return { missingYear: null, notified: 0 };
      const day = new Date(now.getTime() + BEIJING_UTC_OFFSET_MS).toISOString().slice(0, 10);
      const admins = (await db.select({ id: principals.id }).from(principals).where(and(eq(principals.role, 'admin'), eq(principals.active, true))).orderBy(principals.id));
      const n = (await enqueueNotifications(
        db,
        admins.map((a) => ({
          key: `calendar-missing:${year}:${day}:${a.id}`,
          recipientId: a.id,
          recipientKind: 'officer' as const,
          template: 'calendar_notice_missing' as const,
          vars: { year: String(year) },
        })),
        clock(),
      ));
      return { missingYear: year, notified: n };
    },
  };
}
