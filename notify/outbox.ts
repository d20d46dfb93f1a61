// Writing notifications: activities call enqueueNotifications with a stable key per message, so a
// retried activity (or a replayed step) writes nothing new. Delivery is the dispatcher's job.
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
export function enqueueNotifications(db: Db, items: readonly NotificationItem[], now: Date): number {
  const rows = outboxRows(items, now);
  if (rows.length === 0) return 0;
  return db.transaction((tx) => insertRows(db, tx, routeRequesterRows(db, rows, now)), { behavior: 'immediate' });
}

/**
 * The same, for a caller that already holds a write transaction on `db` (the store's one call per
 * case transition): no savepoint of its own, since the caller's transaction is all or nothing.
 */
export function enqueueNotificationsInTransaction(db: Db, items: readonly NotificationItem[], now: Date): number {
  const rows = outboxRows(items, now);
  return rows.length ? insertRows(db, db, routeRequesterRows(db, rows, now)) : 0;
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

function insertRows(db: Db, tx: Pick<Db, 'insert'>, rows: OutboxRow[]): number {
  // A connection compiles its insert once; a transaction handed in (no client of its own) builds it.
  const insert = db.$client ? transitionStatements(db).insertOutbox : null;
  let inserted = 0;
  for (const row of rows) {
    inserted += insert ? insert(row) : tx.insert(outbox).values(row).onConflictDoNothing({ target: outbox.key }).run().changes;
  }
  return inserted;
}
