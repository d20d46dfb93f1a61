// What a requester hears and how they stop it: the progress messages sent about a case (shown on its
// timeline as notices), whether the case has a mobile number to send them to, and 退订 — a "TD" texted
// back (through the SMS gateway) or the switch on the tracking page. Routing and the daily cap are
// notify/requester.ts, where the messages are written.
import { and, asc, eq, isNotNull, like } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cases, outbox, requesterOptOuts } from '../db/schema.js';
import { isOptOutReply } from '../domain/notices.js';
import { maskPhones, maskTrackingCodes } from '../domain/privacy.js';
import { isMobilePhone, normalizePhone } from '../domain/supervision.js';
import { optOut } from '../notify/requester.js';
import type { CaseRow } from './cases.js';

/** The messages sent to the requester about a case, oldest first: on its timeline as notices (codes and phones masked). */
export async function noticesOf(db: Db, caseId: string) {
  const rows = await db
    .select({ at: outbox.sentAt, template: outbox.template, body: outbox.body, channel: outbox.channel })
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.recipientKind, 'requester'), eq(outbox.recipientId, `requester:${caseId}`), eq(outbox.status, 'sent')))
    .orderBy(asc(outbox.sentAt), asc(outbox.id));
  return rows.map((r) => ({ at: r.at!, kind: 'sms' as const, template: r.template, text: maskPhones(maskTrackingCodes(r.body)) }));
}

/** Whether progress messages can reach the requester (a mobile number) and whether they stopped them. */
export async function textMessagesOf(db: Db, row: CaseRow) {
  const [stopped] = await db.select({ at: requesterOptOuts.at, via: requesterOptOuts.via }).from(requesterOptOuts).where(eq(requesterOptOuts.caseId, row.id)).limit(1);
  return { mobile: !!row.requesterPhone && isMobilePhone(row.requesterPhone), stopped: !!stopped, ...(stopped ? { stoppedAt: stopped.at } : {}) };
}

/** The switch on the tracking page. */
export async function stopTextMessages(db: Db, caseId: string, now = new Date()): Promise<void> {
  await optOut(db, caseId, 'tracking_page', now);
}

/**
 * A text the SMS gateway received: "TD" (or 退订) stops the messages about every case of that number.
 * Anything else is not understood and changes nothing.
 */
export async function smsReply(db: Db, from: string, text: string, now = new Date()): Promise<{ understood: boolean; stoppedCases: number }> {
  if (!isOptOutReply(text)) return { understood: false, stoppedCases: 0 };
  const phone = normalizePhone(from);
  if (!isMobilePhone(phone)) return { understood: true, stoppedCases: 0 };
  // Stored as the requester typed it: narrow by the last digits, then compare the numbers themselves.
  const candidates = await db
    .select({ id: cases.id, phone: cases.requesterPhone })
    .from(cases)
    .where(and(isNotNull(cases.requesterPhone), like(cases.requesterPhone, `%${phone.slice(-4)}`)));
  let stoppedCases = 0;
  for (const c of candidates) if (c.phone && normalizePhone(c.phone) === phone && (await optOut(db, c.id, 'sms_reply', now))) stoppedCases++;
  return { understood: true, stoppedCases };
}
