// The dead-letter list of notifications: the dispatcher gives a message up after its last attempt and
// marks it 'failed'; nothing is deleted. A supervisor sends one again once the gateway is back.
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { maskPhones } from '../notify/channels.js';
import { queueOf } from '../domain/notices.js';
import { maskTrackingCodes } from '../domain/privacy.js';
import { first } from '../db/store.js';

type Row = typeof outbox.$inferSelect;

/** A failed notification as supervisors see it: phones and tracking codes masked, a verification code's text withheld. */
export function failedView(r: Row) {
  return {
    id: r.id,
    key: r.key,
    caseId: r.caseId,
    recipientId: r.recipientId,
    recipientKind: r.recipientKind,
    template: r.template,
    queue: queueOf(r.template),
    body: r.template === 'complaint_verification_code' ? '（验证码短信，内容不显示 verification code withheld）' : maskPhones(maskTrackingCodes(r.body)),
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
    /** When it was given up on. */
    failedAt: r.nextAttemptAt,
  };
}

/** Failed notifications, newest first, a page after the id `before`. */
export async function failedNotifications(db: Db, page: { limit: number; before?: number }) {
  const where: SQL[] = [eq(outbox.status, 'failed')];
  if (page.before) where.push(lt(outbox.id, page.before));
  const rows = (await db.select().from(outbox).where(and(...where)).orderBy(desc(outbox.id)).limit(page.limit + 1));
  const items = rows.slice(0, page.limit);
  const total = (await first(db.select({ n: sql<number>`count(*)` }).from(outbox).where(eq(outbox.status, 'failed'))))?.n ?? 0;
  return { items: items.map(failedView), total, nextBefore: rows.length > page.limit ? items[items.length - 1].id : null };
}

/** Puts a failed notification back in the outbox with its attempts reset. Only a failed one (NOT_FAILED). */
export async function retryNotification(db: Db, id: number) {
  const row = (await first(db.select().from(outbox).where(eq(outbox.id, id))));
  if (!row) throw new AppError('NOTIFICATION_NOT_FOUND', `No notification ${id}.`);
  const now = new Date().toISOString();
  const moved = (await first(db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, claimedAt: null, claimedBy: null })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'failed')))
    .returning()));
  if (!moved) throw new AppError('NOT_FAILED', `Notification ${row.id} is ${row.status}, not failed.`);
  return failedView(moved);
}

/**
 * The outbox by status, and how long the oldest message still to go out has waited (seconds; 0 when
 * none waits): what an operator graphs as the backlog and the failures (api/metrics.ts).
 */
export async function outboxCounts(db: Db, now = new Date()): Promise<{ byStatus: Record<string, number>; oldestWaitingSeconds: number }> {
  const rows = (await db.select({ status: outbox.status, n: sql<number>`count(*)` }).from(outbox).groupBy(outbox.status));
  const oldest = (await first(db
    .select({ at: sql<string | null>`min(${outbox.createdAt})` })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'sending']))))?.at;
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    oldestWaitingSeconds: oldest ? Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000) : 0,
  };
}
