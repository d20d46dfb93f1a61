// Webhook subscriptions of integrators (and administrators, who manage them all): made, listed,
// changed, disabled and enabled, deleted; the signing secret shown once and rotated with a grace
// period; the dead-letter list and its redelivery; and what an administrator grants an integrator to
// see beyond its own cases. Delivery itself is the worker's (webhooks/dispatcher.ts).
import { and, desc, eq, inArray, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { categories, integratorGrants, integrationEvents, principals, subscriptions, units, webhookDeliveries } from '../db/schema.js';
import { eventScopeOf, feedHead, releasedRow, type EventScope, type ReleasedEventRow } from '../db/integration-events.js';
import { AppError } from '../domain/errors.js';
import { EVENT_TYPES, type EventType } from '../domain/integration-events.js';
import type { Role } from '../domain/tiers.js';
import { checkTarget, eventFor, newSecret, type IntegratorEvent, type TargetPolicy } from '../webhooks/index.js';
import { audit } from './directory-admin.js';
import { newId } from './ids.js';
import { first, changed } from '../db/store.js';

export { targetPolicyFromEnv, type TargetPolicy } from '../webhooks/index.js';

/** Who manages subscriptions: an integrator its own, an administrator all. */
export interface SubscriptionCaller {
  id: string;
  role: Role;
}

const Types = z
  .array(z.enum(EVENT_TYPES))
  .min(1)
  .max(EVENT_TYPES.length)
  .refine((t) => new Set(t).size === t.length, 'each type once');
const Url = z.string().trim().min(1).max(2000);
const Description = z.string().trim().max(500);

export const NewSubscription = z.strictObject({
  url: Url.describe('Where the events are POSTed (https recommended). In production, loopback, link-local and private addresses are refused unless allow-listed.'),
  events: Types.describe('The event types to receive'),
  description: Description.optional(),
  ownerId: z.string().min(1).max(64).optional().describe('Administrators only: the integrator the subscription is for (default: the caller)'),
});
export const SubscriptionPatch = z
  .strictObject({
    url: Url.optional(),
    events: Types.optional(),
    description: Description.optional(),
    active: z.boolean().optional().describe('false disables it (deliveries wait); true enables it again, after a 410 too'),
  })
  .refine((p) => Object.keys(p).length > 0, 'name at least one field');
export const Rotation = z.strictObject({
  graceSeconds: z.number().int().min(0).max(7 * 86_400).default(86_400).describe('How long the previous secret keeps signing beside the new one (default a day)'),
});
export const EventScopeBody = z.strictObject({
  all: z.boolean().describe('Every case\'s events'),
  unitIds: z.array(z.string().min(1).max(64)).max(100).default([]).describe('The events of cases these units lead'),
  categories: z.array(z.string().min(1).max(64)).max(100).default([]).describe('The events of cases of these categories'),
});

type Row = typeof subscriptions.$inferSelect;
export interface SubscriptionRecord {
  id: string;
  ownerId: string;
  url: string;
  events: EventType[];
  description: string;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  disabledAt: string | null;
  /** Until when the previous secret still signs beside the current one (after a rotation). */
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
}
const record = (r: Row, now: Date): SubscriptionRecord => ({
  id: r.id,
  ownerId: r.ownerId,
  url: r.url,
  events: r.events as EventType[],
  description: r.description,
  status: r.status as SubscriptionRecord['status'],
  disabledReason: r.disabledReason,
  disabledAt: r.disabledAt,
  previousSecretValidUntil: r.previousSecret && r.previousSecretUntil && r.previousSecretUntil > now.toISOString() ? r.previousSecretUntil : null,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const notFound = () => new AppError('SUBSCRIPTION_NOT_FOUND', 'No such subscription, or it is not yours.');

/** The subscription, if the caller may manage it (its owner, or an administrator); deleted ones are gone. */
async function own(db: Db, caller: SubscriptionCaller, id: string): Promise<Row> {
  const r = (await first(db.select().from(subscriptions).where(and(eq(subscriptions.id, id), ne(subscriptions.status, 'deleted')))));
  if (!r || (caller.role !== 'admin' && r.ownerId !== caller.id)) throw notFound();
  return r;
}

export async function createSubscription(db: Db, caller: SubscriptionCaller, body: z.output<typeof NewSubscription>, policy: TargetPolicy, now = new Date()): Promise<SubscriptionRecord & { secret: string }> {
  let ownerId = caller.id;
  if (body.ownerId && body.ownerId !== caller.id) {
    if (caller.role !== 'admin') throw new AppError('FORBIDDEN_ROLE', 'Only an administrator makes a subscription for another principal.');
    const owner = (await first(db.select().from(principals).where(eq(principals.id, body.ownerId))));
    if (!owner || owner.role !== 'integrator' || !owner.active) throw new AppError('UNKNOWN_PRINCIPAL', `No active integrator ${body.ownerId}.`);
    ownerId = owner.id;
  }
  const url = (await checkTarget(body.url, policy)).toString();
  const at = now.toISOString();
  const secret = newSecret();
  const row = (await first(db
    .insert(subscriptions)
    .values({
      id: newId('S', now),
      ownerId,
      url,
      events: body.events,
      description: body.description ?? '',
      secret,
      status: 'active',
      // From now on: events released before the subscription are in the change feed.
      fannedPos: await feedHead(db),
      createdBy: caller.id,
      createdAt: at,
      updatedAt: at,
    })
    .returning()))!;
  return { ...record(row, now), secret };
}

export async function listSubscriptions(db: Db, caller: SubscriptionCaller, filter: { ownerId?: string } = {}, now = new Date()): Promise<SubscriptionRecord[]> {
  const owner = caller.role === 'admin' ? filter.ownerId : caller.id;
  return (await db
    .select()
    .from(subscriptions)
    .where(and(ne(subscriptions.status, 'deleted'), owner ? eq(subscriptions.ownerId, owner) : undefined))
    .orderBy(subscriptions.createdAt, subscriptions.id))
    .map((r) => record(r, now));
}

export async function getSubscription(db: Db, caller: SubscriptionCaller, id: string, now = new Date()): Promise<SubscriptionRecord> {
  return record((await own(db, caller, id)), now);
}

export async function updateSubscription(db: Db, caller: SubscriptionCaller, id: string, patch: z.output<typeof SubscriptionPatch>, policy: TargetPolicy, now = new Date()): Promise<SubscriptionRecord> {
  const old = (await own(db, caller, id));
  const url = patch.url !== undefined ? (await checkTarget(patch.url, policy)).toString() : undefined;
  const at = now.toISOString();
  const status =
    patch.active === undefined ? {} : patch.active ? { status: 'active', disabledReason: null, disabledAt: null } : old.status === 'active' ? { status: 'disabled', disabledReason: caller.role === 'admin' && caller.id !== old.ownerId ? 'by_admin' : 'by_owner', disabledAt: at } : {};
  const row = (await first(db
    .update(subscriptions)
    .set({ ...(url ? { url } : {}), ...(patch.events ? { events: patch.events } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}), ...status, updatedAt: at })
    .where(eq(subscriptions.id, old.id))
    .returning()))!;
  return record(row, now);
}

/** Deleted: never delivered to again; its dead letters go with it. */
export async function deleteSubscription(db: Db, caller: SubscriptionCaller, id: string, now = new Date()): Promise<void> {
  const old = (await own(db, caller, id));
  await db.update(subscriptions).set({ status: 'deleted', updatedAt: now.toISOString() }).where(eq(subscriptions.id, old.id));
}

/** A new signing secret, shown once; the previous one keeps signing beside it for the grace period. */
export async function rotateSecret(db: Db, caller: SubscriptionCaller, id: string, graceSeconds: number, now = new Date()): Promise<SubscriptionRecord & { secret: string }> {
  const old = (await own(db, caller, id));
  const secret = newSecret();
  const until = new Date(now.getTime() + graceSeconds * 1000).toISOString();
  const row = (await first(db
    .update(subscriptions)
    .set({ secret, previousSecret: graceSeconds > 0 ? old.secret : null, previousSecretUntil: graceSeconds > 0 ? until : null, updatedAt: now.toISOString() })
    .where(eq(subscriptions.id, old.id))
    .returning()))!;
  return { ...record(row, now), secret };
}

// ---- The dead-letter list ----

export interface FailedDelivery {
  eventId: string;
  type: EventType;
  subject: string;
  sequence: number;
  attempts: number;
  firstAttemptAt: string | null;
  failedAt: string;
  lastStatus: number | null;
  lastError: string | null;
  event: IntegratorEvent;
}

/** Deliveries given up after their day of retries, newest first; later events of their case wait behind them. */
export async function failedDeliveries(db: Db, caller: SubscriptionCaller, id: string, q: { limit: number; before?: number }): Promise<{ items: FailedDelivery[]; nextBefore: number | null }> {
  const sub = (await own(db, caller, id));
  const rows = (await db
    .select({ d: webhookDeliveries, e: integrationEvents })
    .from(webhookDeliveries)
    .innerJoin(integrationEvents, eq(integrationEvents.id, webhookDeliveries.eventRowId))
    .where(and(eq(webhookDeliveries.subscriptionId, sub.id), eq(webhookDeliveries.status, 'failed'), q.before ? lt(webhookDeliveries.id, q.before) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(q.limit + 1));
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(({ d, e }) => ({
      eventId: e.eventId!,
      type: e.type as EventType,
      subject: e.subject,
      sequence: e.seq!,
      attempts: d.attempts,
      firstAttemptAt: d.firstAttemptAt,
      failedAt: d.failedAt!,
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      event: eventFor(asReleased(e), sub.ownerId),
    })),
    nextBefore: rows.length > q.limit ? page[page.length - 1].d.id : null,
  };
}

const asReleased = (e: typeof integrationEvents.$inferSelect): ReleasedEventRow =>
  releasedRow({ id: e.id, eventId: e.eventId!, type: e.type, subject: e.subject, caseId: e.caseId, time: e.time, seq: e.seq!, feedPos: e.feedPos!, data: JSON.stringify(e.data), ownerId: e.ownerId, externalId: e.externalId });

/**
 * Hands dead letters back to the dispatcher (one event by its id, or every one): retried again for a
 * day, with the same event id, before the later events of their case. Answers how many.
 */
export async function redeliver(db: Db, caller: SubscriptionCaller, id: string, eventId: string | null, now = new Date()): Promise<number> {
  const sub = (await own(db, caller, id));
  const rows = (await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(integrationEvents, eq(integrationEvents.id, webhookDeliveries.eventRowId))
    .where(and(eq(webhookDeliveries.subscriptionId, sub.id), eq(webhookDeliveries.status, 'failed'), eventId ? eq(integrationEvents.eventId, eventId) : undefined)));
  if (eventId && !rows.length) throw new AppError('DELIVERY_NOT_FOUND', `No failed delivery of ${eventId} to this subscription.`);
  if (!rows.length) return 0;
  return changed(await db
    .update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, firstAttemptAt: null, failedAt: null, nextAttemptAt: now.toISOString() })
    .where(and(inArray(webhookDeliveries.id, rows.map((r) => r.id)), eq(webhookDeliveries.status, 'failed'))));
}

// ---- What an integrator sees beyond its own cases ----

export function eventScope(db: Db, principal: { id: string; role: string }): Promise<EventScope> {
  return eventScopeOf(db, principal);
}

/** The integrator's scope, as an administrator reads it. */
export async function integratorScope(db: Db, integratorId: string): Promise<EventScope> {
  const p = (await first(db.select().from(principals).where(eq(principals.id, integratorId))));
  if (!p || p.role !== 'integrator') throw new AppError('PRINCIPAL_NOT_FOUND', `No integrator ${integratorId}.`);
  return eventScopeOf(db, p);
}

/** Replaces what an integrator may see beyond its own cases (on the directory's audit trail). */
export async function grantEventScope(db: Db, adminId: string, integratorId: string, body: z.output<typeof EventScopeBody>, now = new Date()): Promise<EventScope> {
  const before = (await integratorScope(db, integratorId));
  const errors: { path: string; message: string }[] = [];
  for (const [i, u] of body.unitIds.entries()) {
    if (!(await first(db.select({ id: units.id }).from(units).where(eq(units.id, u))))) errors.push({ path: `body.unitIds.${i}`, message: `no unit ${u}` });
  }
  for (const [i, c] of body.categories.entries()) {
    if (!(await first(db.select({ code: categories.code }).from(categories).where(eq(categories.code, c))))) errors.push({ path: `body.categories.${i}`, message: `no category ${c}` });
  }
  if (errors.length) throw new AppError('DIRECTORY_RULE', 'The grant names what does not exist.', { errors });
  const at = now.toISOString();
  await db.tx(async () => {
      await db.delete(integratorGrants).where(eq(integratorGrants.principalId, integratorId));
      const rows = [
        ...(body.all ? [{ kind: 'all', value: '' }] : []),
        ...[...new Set(body.unitIds)].map((value) => ({ kind: 'unit', value })),
        ...[...new Set(body.categories)].map((value) => ({ kind: 'category', value })),
      ];
      for (const r of rows) await db.insert(integratorGrants).values({ principalId: integratorId, ...r, grantedBy: adminId, grantedAt: at });
      await audit(db, { actorId: adminId, action: 'event_scope_granted', kind: 'integrator', id: integratorId, before, after: { ...body }, at });
    });
  return (await integratorScope(db, integratorId));
}
