// Retention of personal data (docs/retention.md): what the store keeps of a requester or a
// complainant once their matter is over, applied by a daily run (the `retention-daily` schedule, its
// workflow and the purgePersonalData activity). The spans are the policy file's `retention` section.
// What supervision needs is kept (case and complaint ids, units, tiers, every step with its actor and
// time, rating levels, findings); what names or reaches a person is masked (names, free text) or
// deleted (phones, one-time codes, notification bodies). Idempotent: a row is masked once, and
// running again changes nothing.
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseSteps, cases, complaints, outbox, pendingComplaints, requesterCodes } from '../db/schema.js';
import { indexResolvedCase } from '../db/library.js';
import { durationMs, type Retention } from '../domain/policy.js';
import { maskName, maskPersonal, maskPhone } from '../domain/privacy.js';
import { normalizePhone } from '../domain/supervision.js';
import { CLOSED_STATUSES } from '../domain/tiers.js';
import type { CaseView } from '../domain/case.js';
import { changed } from '../db/store.js';
import { dialectOf } from '../db/dialect.js';

export interface RetentionRun {
  /** Closed cases whose requester's personal data was masked in this run. */
  cases: number;
  complaints: number;
  /** Sent (or given-up) notifications whose body and variables were blanked. */
  notifications: number;
  /** One-time codes and pending complaints deleted. */
  codes: number;
}

/** How many rows one run touches per kind: a backlog is worked off over the following days. */
const BATCH = 500;
const BLANKED = '（已按保存期限删除 removed after its retention period）';

const before = (now: Date, span: string) => new Date(now.getTime() - durationMs(span)).toISOString();

/** A case's free text with the requester masked out (a person's name, phones, ID numbers, addresses). */
async function maskCase(db: Db, row: typeof cases.$inferSelect, at: string): Promise<void> {
  const person = row.requesterKind === 'person' ? row.requesterName : null;
  const mask = (t: string | null | undefined) => (t ? maskPersonal(t, person) : t);
  const view = row.view as CaseView | null;
  const maskedView = view
    ? {
        ...view,
        title: mask(view.title) ?? view.title,
        ...(view.outcome ? { outcome: { ...view.outcome, result: mask(view.outcome.result) ?? undefined, explanation: mask(view.outcome.explanation) ?? undefined } } : {}),
        ...(view.rating ? { rating: { ...view.rating, comment: mask(view.rating.comment) ?? undefined } } : {}),
      }
    : null;
  await db.update(cases)
    .set({
      requesterName: person ? maskName(person) : row.requesterName, // a company's name is no personal data
      requesterPhone: null,
      title: mask(row.title)!,
      description: mask(row.description)!,
      view: maskedView,
      purgedAt: at,
    })
    .where(eq(cases.id, row.id));
  await indexResolvedCase(db, row.id);
  for (const s of (await db.select({ seq: caseSteps.seq, note: caseSteps.note }).from(caseSteps).where(and(eq(caseSteps.caseId, row.id), sql`${caseSteps.note} is not null`)))) {
    const note = mask(s.note);
    if (note !== s.note) await db.update(caseSteps).set({ note }).where(and(eq(caseSteps.caseId, row.id), eq(caseSteps.seq, s.seq)));
  }
}

/** Applies the retention spans once, as of `now`. */
export async function applyRetention(db: Db, retention: Retention, now = new Date()): Promise<RetentionRun> {
  const at = now.toISOString();
  const { jsonText } = dialectOf(db).json;
  return (await db.tx(async () => {
      const due = (await db
        .select()
        .from(cases)
        // Only cases whose workflow has nothing left to wait for (no rating window open): a later step
        // would write the workflow's own copy back.
        .where(and(inArray(cases.status, [...CLOSED_STATUSES]), isNull(cases.purgedAt), lt(cases.closedAt, before(now, retention.closedCases)), eq(jsonText(cases.view, 'phase'), 'done')))
        .limit(BATCH));
      for (const row of due) await maskCase(db, row, at);

      const closedComplaints = (await db
        .select()
        .from(complaints)
        .where(and(eq(complaints.status, 'closed'), isNull(complaints.purgedAt), lt(complaints.closedAt, before(now, retention.closedComplaints))))
        .limit(BATCH));
      for (const c of closedComplaints) {
        await db.update(complaints)
          .set({
            contactName: maskName(c.contactName),
            contactPhone: maskPhone(normalizePhone(c.contactPhone)),
            content: maskPersonal(c.content, c.contactName),
            contactNote: c.contactNote ? maskPersonal(c.contactNote, c.contactName) : c.contactNote,
            purgedAt: at,
          })
          .where(eq(complaints.id, c.id));
      }

      // Delivered (or given up) long ago: nothing is left to send, and the body names people.
      const notesBefore = before(now, retention.notifications);
      const notes = changed(await db
        .update(outbox)
        .set({ vars: {}, body: BLANKED })
        .where(sql`${outbox.id} in (select id from outbox where status in ('sent', 'failed') and body <> ${BLANKED} and created_at < ${notesBefore} limit ${BATCH})`));

      const codesBefore = before(now, retention.codes);
      const codes =
        changed(await db
          .delete(requesterCodes)
          .where(or(lt(requesterCodes.expiresAt, codesBefore), lt(requesterCodes.usedAt, codesBefore)))) + changed(await db.delete(pendingComplaints).where(lt(pendingComplaints.expiresAt, codesBefore)));

      return { cases: due.length, complaints: closedComplaints.length, notifications: notes, codes };
    }));
}
