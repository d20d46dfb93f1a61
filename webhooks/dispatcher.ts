// Delivers integrators' events to their subscriptions, beside the notification dispatcher in every
// worker process. Nothing here is in any case's way: the workflows only write events to the store
// (db/integration-events.ts), and this reads them from there.
//
// - Fan-out: each active subscription follows the change feed from its own position (fanned_pos) and
//   gets one delivery row per released event of its types and its owner's scope.
// - Lanes: each subscription is delivered by a lane of its own with a few requests in flight, so a
//   slow or dead receiver holds up only its own subscription.
// - Order: a delivery is due only once every earlier event of the same case has been delivered to the
//   same subscription. A case's events therefore arrive in sequence; other cases go on meanwhile.
// - Retries: exponential back-off with jitter for WEBHOOK_RETRY_HOURS (24) from the first attempt, then
//   the delivery is 'failed' (the dead-letter list) and its case's later events wait behind it until it
//   is redelivered. Each attempt carries the event's id: a redelivery repeats it.
// - 410 Gone disables the subscription; its deliveries wait, unsent, until it is enabled again.
// - Several workers: a delivery is claimed by one UPDATE (pending -> sending, claimed_by, claimed_at);
//   a claim older than the lease (a worker that died mid-request) is taken over, so at least once.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.js';
import { RELEASED_COLUMNS, eventScopeOf, feedHead, releasedRow, scopeCondition, statementFor, type ReleasedEventRow } from '../db/integration-events.js';
import { backoffMs } from '../notify/dispatcher.js';
import { webhookBodyFor } from './format.js';
import { postWebhook, type Attempt } from './post.js';
import { signatureHeaders } from './signing.js';
import type { TargetPolicy } from './targets.js';
import { dialectOf } from '../db/dialect.js';

export interface WebhookDispatcherOptions {
  db: Db;
  policy: TargetPolicy;
  /** Between passes when nothing is due (default 500 ms). */
  pollMs?: number;
  /** One attempt's deadline (default 10 s). */
  timeoutMs?: number;
  /** A 'sending' claim older than this is taken over (default 60 s; keep it above the timeout). */
  leaseMs?: number;
  /** How long a delivery is retried from its first attempt before it goes to the dead-letter list (default 24 h). */
  retryForMs?: number;
  /** Delay after the first failure, doubling with each (default 5 s), capped (default 1 h). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  jitter?: number;
  /** Requests in flight per subscription (default 4): different cases, never two of one case. */
  perSubscription?: number;
  /** Feed positions one subscription takes per pass (default 500). */
  fanOutBatch?: number;
  id?: string;
  clock?: () => Date;
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** The attempt itself (default: an HTTP POST); tests may observe it. */
  post?: typeof postWebhook;
}

interface SubscriptionRow {
  id: string;
  ownerId: string;
  ownerRole: string;
  url: string;
  events: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: string | null;
  fannedPos: number;
}

interface ClaimedDelivery {
  id: number;
  eventRowId: number;
  attempts: number;
  firstAttemptAt: string | null;
  claimedAt: string;
}

export interface WebhookPass {
  fannedOut: number;
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
}

const USER_AGENT = 'escalate-before-no-webhooks/1.0';

export function createWebhookDispatcher(o: WebhookDispatcherOptions) {
  const {
    db,
    policy,
    pollMs = 500,
    timeoutMs = 10_000,
    leaseMs = 60_000,
    retryForMs = 24 * 3_600_000,
    baseDelayMs = 5_000,
    maxDelayMs = 3_600_000,
    jitter = 0.1,
    perSubscription = 4,
    fanOutBatch = 500,
    clock = () => new Date(),
    random = Math.random,
    log = (level, message) => level !== 'info' && process.stderr.write(`[webhooks:${level}] ${message}\n`),
    post = postWebhook,
  } = o;
  if (!(leaseMs > timeoutMs)) throw new Error('the webhook lease must be longer than an attempt\'s timeout');
  const id = o.id ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const active = db.statement<SubscriptionRow>(
    `select s.id, s.owner_id as ownerId, p.role as ownerRole, s.url, s.events, s.secret, s.previous_secret as previousSecret,
       s.previous_secret_until as previousSecretUntil, s.fanned_pos as fannedPos
     from subscriptions s join principals p on p.id = s.owner_id
     where s.status = 'active' and p.active = ? order by s.id`,
  );
  const subscription = db.statement<SubscriptionRow & { status: string }>(
    `select s.id, s.owner_id as ownerId, p.role as ownerRole, s.url, s.events, s.secret, s.previous_secret as previousSecret,
       s.previous_secret_until as previousSecretUntil, s.fanned_pos as fannedPos, s.status
     from subscriptions s join principals p on p.id = s.owner_id where s.id = ? and p.active = ?`,
  );
  const fannedPos = db.statement<{ fannedPos: number }>(`select fanned_pos as fannedPos from subscriptions where id = ? and status = 'active'`);
  const advance = db.statement(`update subscriptions set fanned_pos = @to where id = @id and fanned_pos < @to`);
  // The outer condition repeats the claimable one: on PostgreSQL a delivery another worker claimed
  // meanwhile is re-checked once its lock is released and left out (on SQLite the transaction holds
  // the write lock), so no delivery is claimed twice.
  // The batch is picked once (MATERIALIZED), as the outbox's claim does (notify/dispatcher.ts says why).
  const claimStmt = db.statement<ClaimedDelivery>(`
    with picked as materialized (
      select d.id from webhook_deliveries d join subscriptions s on s.id = d.subscription_id and s.status = 'active'
      where d.subscription_id = @sub
        and ((d.status = 'pending' and d.next_attempt_at <= @now) or (d.status = 'sending' and d.claimed_at <= @stale))
        and not exists (
          select 1 from webhook_deliveries e
          where e.subscription_id = d.subscription_id and e.subject = d.subject and e.seq < d.seq and e.status <> 'delivered')
      order by d.feed_pos limit @limit ${dialectOf(db).claims.claimRows('d')})
    update webhook_deliveries set status = 'sending', claimed_by = @by, claimed_at = @now
    where ((status = 'pending' and next_attempt_at <= @now) or (status = 'sending' and claimed_at <= @stale)) and id in (select id from picked)
    returning id, event_row_id as eventRowId, attempts, first_attempt_at as firstAttemptAt, claimed_at as claimedAt`);
  const claim = (p: { sub: string; now: string; stale: string; limit: number; by: string }) => db.tx(async () => claimStmt.all(p));
  const eventRow = db.statement<Omit<ReleasedEventRow, 'data'> & { data: string }>(`select ${RELEASED_COLUMNS} from integration_events e where e.id = ?`);
  const fence = `where id = @id and status = 'sending' and claimed_by = @by and claimed_at = @claimedAt`;
  const delivered = db.statement(
    `update webhook_deliveries set status = 'delivered', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, @now), last_attempt_at = @now,
       delivered_at = @now, last_status = @status, last_error = null, claimed_by = null, claimed_at = null ${fence}`,
  );
  const retry = db.statement(
    `update webhook_deliveries set status = 'pending', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, @now), last_attempt_at = @now,
       next_attempt_at = @next, last_status = @status, last_error = @error, claimed_by = null, claimed_at = null ${fence}`,
  );
  const dead = db.statement(
    `update webhook_deliveries set status = 'failed', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, @now), last_attempt_at = @now,
       failed_at = @now, last_status = @status, last_error = @error, claimed_by = null, claimed_at = null ${fence}`,
  );
  const unclaim = db.statement(`update webhook_deliveries set status = 'pending', claimed_by = null, claimed_at = null ${fence}`);
  const disable = db.statement(
    `update subscriptions set status = 'disabled', disabled_reason = 'gone', disabled_at = @now, updated_at = @now where id = @id and status = 'active'`,
  );

  /** New deliveries for one subscription: the released events past its position, of its types and scope. */
  async function fanOut(s: SubscriptionRow, head: number, now: string): Promise<number> {
    return db.tx(async () => {
      // Two workers fanning out the same positions at once (PostgreSQL) add nothing twice: a delivery is
      // unique per subscription and event (on conflict), and the position only moves forward.
      const from = (await fannedPos.get(s.id))?.fannedPos;
      if (from === undefined || from >= head) return 0;
      const to = Math.min(head, from + fanOutBatch);
      const types = JSON.parse(s.events) as string[];
      let n = 0;
      if (types.length) {
        const cond = scopeCondition(await eventScopeOf(db, { id: s.ownerId, role: s.ownerRole }));
        n = (
          await statementFor(
            db,
            `insert into webhook_deliveries (subscription_id, event_row_id, subject, seq, feed_pos, status, attempts, next_attempt_at)
             select ?, e.id, e.subject, e.seq, e.feed_pos, 'pending', 0, ? from integration_events e
             where e.feed_pos > ? and e.feed_pos <= ? and e.type in (${types.map(() => '?').join(', ')}) and ${cond.sql}
             on conflict do nothing`,
          ).run(s.id, now, from, to, ...types, ...cond.params)
        ).changes;
      }
      await advance.run({ id: s.id, to });
      return n;
    });
  }

  async function deliver(d: ClaimedDelivery, subId: string, r: WebhookPass): Promise<'stop' | void> {
    const f = { id: d.id, by: id, claimedAt: d.claimedAt };
    const ev = await eventRow.get(d.eventRowId);
    const sub = await subscription.get(subId, 1);
    if (!ev || !sub || sub.status !== 'active') {
      await unclaim.run(f);
      return 'stop';
    }
    const at = clock();
    const { body, contentType } = webhookBodyFor(releasedRow(ev), sub.ownerId);
    const secrets = [sub.secret, ...(sub.previousSecret && sub.previousSecretUntil && sub.previousSecretUntil > at.toISOString() ? [sub.previousSecret] : [])];
    const headers = { 'content-type': contentType, 'user-agent': USER_AGENT, ...signatureHeaders({ id: ev.eventId, body, at, secrets }) };
    let a: Attempt;
    try {
      a = await post(new URL(sub.url), headers, body, { timeoutMs, policy });
    } catch (err) {
      a = { status: null, error: (err as Error).message };
    }
    const now = clock();
    const nowIso = now.toISOString();
    const error = a.status !== null && a.status >= 200 && a.status < 300 ? null : (a.error ?? `HTTP ${a.status}`);
    if (error === null) {
      if ((await delivered.run({ ...f, now: nowIso, status: a.status })).changes) r.delivered++;
      return;
    }
    if (a.status === 410) {
      // The receiver says the endpoint is gone: stop sending to it until its owner enables it again.
      await db.tx(async () => {
        await disable.run({ id: sub.id, now: nowIso });
        await retry.run({ ...f, now: nowIso, next: nowIso, status: a.status, error });
      });
      r.disabled++;
      log('warn', `subscription ${sub.id}: the receiver answered 410 Gone; disabled`);
      return;
    }
    const first = d.firstAttemptAt ? Date.parse(d.firstAttemptAt) : now.getTime();
    if (now.getTime() - first >= retryForMs) {
      if ((await dead.run({ ...f, now: nowIso, status: a.status, error })).changes) r.failed++;
      log('error', `subscription ${sub.id}: event ${ev.eventId} failed for ${Math.round(retryForMs / 60_000)} min (${error}); in the dead-letter list`);
      return;
    }
    const next = new Date(now.getTime() + backoffMs(d.attempts, baseDelayMs, maxDelayMs, jitter, random())).toISOString();
    if ((await retry.run({ ...f, now: nowIso, next, status: a.status, error })).changes) r.retried++;
  }

  /** One subscription's lane: due deliveries, a few at a time, until none is due. */
  async function lane(subId: string, r: WebhookPass): Promise<void> {
    while (!halted) {
      const t = clock();
      const rows = await claim({ sub: subId, now: t.toISOString(), stale: new Date(t.getTime() - leaseMs).toISOString(), limit: perSubscription, by: id });
      if (!rows.length) return;
      const outcomes = await Promise.all(rows.map((d) => deliver(d, subId, r)));
      // Disabled or deleted meanwhile (a 410, its owner): the lane ends; what it held waits.
      if (outcomes.includes('stop')) return;
      await new Promise((resolve) => setImmediate(resolve)); // never a loop of microtasks only

    }
  }

  const lanes = new Map<string, Promise<void>>();

  /**
   * One pass: fan out, then start a lane for each subscription without one. With `wait`, the pass
   * returns once the lanes it started are done (tests); the loop never waits for them.
   */
  async function runOnce(opts: { wait?: boolean } = {}): Promise<WebhookPass> {
    const r: WebhookPass = { fannedOut: 0, delivered: 0, retried: 0, failed: 0, disabled: 0 };
    const head = await feedHead(db);
    const now = clock().toISOString();
    const subs = await active.all(1);
    for (const s of subs) {
      try {
        r.fannedOut += await fanOut(s, head, now);
      } catch (err) {
        log('error', `subscription ${s.id}: fan-out failed: ${(err as Error).message}`);
      }
    }
    const started: Promise<void>[] = [];
    for (const s of subs) {
      if (lanes.has(s.id)) continue;
      const p = lane(s.id, r)
        .catch((err) => log('error', `subscription ${s.id}: ${(err as Error).message}`))
        .finally(() => lanes.delete(s.id));
      lanes.set(s.id, p);
      started.push(p);
    }
    if (opts.wait) await Promise.all(started);
    return r;
  }

  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  /** Set by stop(): lanes end after the attempts in flight. */
  let halted = false;
  let pass: Promise<unknown> | null = null;
  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      pass = runOnce()
        .catch((err) => log('error', `webhooks: ${(err as Error).message}`))
        .finally(schedule);
    }, pollMs);
  }

  return {
    id,
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      halted = false;
      schedule();
    },
    /** Stops passing; waits for the attempts in flight (each ends within its timeout). */
    async stop() {
      stopped = true;
      halted = true;
      if (timer) clearTimeout(timer);
      await pass;
      await Promise.allSettled([...lanes.values()]);
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
