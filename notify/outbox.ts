// Writing notifications: activities call enqueueNotifications with a stable key per message, so a
// retried activity (or a replayed step) writes nothing new. Delivery is the dispatcher's job.
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema.js';
import { transitionStatements, type OutboxRow } from '../db/transition-statements.js';
import { render, type TemplateId } from '../domain/notices.js';
import { routeRequesterRows } from './requester.js';

export const RECIPIENT_KINDS = ['officer', 'requester', 'unit', 'supervisor'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface NotificationItem {
  /** Stable and unique per message, e.g. `case:seq:recipient`; the same key is written once only. */
  key: string;
  caseId?: string;
  recipientId: string;
  recipientKind: RecipientKind;
  template: TemplateId;
  vars: Record<string, string>;
}

/**
 * Put notifications in the outbox, in one transaction. Every body is rendered first, so a bad
 * template or a missing variable throws before anything is written. A key already in the outbox
 * (or repeated within `items`) inserts nothing and changes nothing. Returns how many rows are new.
 */
export async function enqueueNotifications(db: Db, items: readonly NotificationItem[], now: Date): Promise<number> {
  const rows = outboxRows(items, now);
  if (rows.length === 0) return 0;
  return db.tx(async () => insertRows(db, await routeRequesterRows(db, rows, now)));
}

/**
 * The same, for a caller that already holds a write transaction on `db` (the store's one call per
 * workflow job): no savepoint of its own, since the caller's transaction is all or nothing. Rows of a
 * workflow's job wait as 'unconfirmed' until the workflow has confirmed that job
 * (reconcile/confirmer.ts): a task attempt that never completed sends nothing.
 */
export async function enqueueNotificationsInTransaction(db: Db, items: readonly NotificationItem[], now: Date, job?: { workflowId: string; jobNo: number }): Promise<number> {
  const rows = outboxRows(items, now);
  if (!rows.length) return 0;
  // A job's rows wait for its confirmation, and its requester messages go through their cap and digest
  // only then (releaseJobNotices): what counts is what the workflow confirmed.
  return insertRows(db, job ? rows.map((r) => ({ ...r, status: 'unconfirmed', workflowId: job.workflowId, jobNo: job.jobNo })) : await routeRequesterRows(db, rows, now));
}

/** Every body rendered first, so a bad template or a missing variable throws before anything is written. */
function outboxRows(items: readonly NotificationItem[], now: Date): OutboxRow[] {
  const at = now.toISOString();
  return items.map((item) => {
    if (!item.key) throw new Error('notification key is required');
    if (!item.recipientId) throw new Error(`notification ${item.key}: recipientId is required`);
    if (!(RECIPIENT_KINDS as readonly string[]).includes(item.recipientKind)) {
      throw new Error(`notification ${item.key}: unknown recipientKind ${String(item.recipientKind)}`);
    }
    return {
      key: item.key,
      caseId: item.caseId ?? null,
      recipientId: item.recipientId,
      recipientKind: item.recipientKind,
      template: item.template,
      vars: { ...item.vars },
      body: render(item.template, item.vars),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
    };
  });
}

async function insertRows(db: Db, rows: OutboxRow[]): Promise<number> {
  // The store compiles its insert once (db/transition-statements.ts); inside a transaction it runs in it.
  const insert = transitionStatements(db).insertOutbox;
  let inserted = 0;
  for (const row of rows) inserted += await insert(row);
  return inserted;
}

/**
 * A job's notices once its workflow has confirmed it (reconcile/confirmer.ts), in the caller's
 * transaction: officers' become 'pending' for the dispatcher; a requester's is routed now, through the
 * daily cap and the next morning's digest (notify/requester.ts). Returns how many rows went out of
 * 'unconfirmed'.
 */
export async function releaseJobNotices(db: Db, workflowId: string, jobs: number, now: Date): Promise<number> {
  const held = (await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'unconfirmed'), eq(outbox.workflowId, workflowId), lte(outbox.jobNo, jobs), isNull(outbox.supersededAt)))
    .orderBy(asc(outbox.id)));
  for (const r of held) {
    const row: OutboxRow = { ...r, vars: r.vars as Record<string, string>, status: 'pending', nextAttemptAt: r.nextAttemptAt, createdAt: r.createdAt };
    const routed = (await routeRequesterRows(db, [row], now));
    if (routed.length === 1 && routed[0].key === r.key) {
      await db.update(outbox).set({ status: 'pending', vars: routed[0].vars, body: routed[0].body, nextAttemptAt: routed[0].nextAttemptAt }).where(eq(outbox.id, r.id));
    } else {
      // Folded into a digest, dropped (no mobile, opted out) or carried by tomorrow's digest instead.
      await db.delete(outbox).where(eq(outbox.id, r.id));
      if (routed.length) await insertRows(db, routed);
    }
  }
  return held.length;
}
