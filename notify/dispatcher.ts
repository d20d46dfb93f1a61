// Delivers the outbox. Any number of dispatchers (threads or processes) may run on one SQLite file:
// a row is claimed by a single atomic UPDATE (pending -> sending, stamped with claimed_by and
// claimed_at), and every later write about that row is fenced on that claim, so a dispatcher that
// lost its claim changes nothing. A 'sending' row whose claim is older than the lease belongs to a
// dispatcher that died and is claimed again. A delivery starts with at least three quarters of the
// lease left (the claim is renewed just before it when older, claimNeedsRenewal), so only a single
// delivery that outlasts that could be repeated; receivers dedupe on Idempotency-Key. A takeover is
// judged on the other dispatcher's clock, so skew between hosts eats into that margin too.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/client.js';
import type { Channel, OutboxMessage } from './channels.js';
import type { RecipientKind } from './outbox.js';
import { NOTIFICATION_QUEUES, queueOf, templatesOfQueue, type NotificationQueue, type TemplateId } from '../domain/notices.js';
import { dialectOf } from '../db/dialect.js';

export interface DispatcherOptions {
  db: Db;
  channel: Channel;
  /** Rows claimed per batch (default 20). */
  batchSize?: number;
  /** Failed deliveries after which a row is marked 'failed' (default 8). */
  maxAttempts?: number;
  /** Delay after the first failure; doubles with each further failure (default 5 s). */
  baseDelayMs?: number;
  /** Upper bound of the retry delay (default 15 min). */
  maxDelayMs?: number;
  /** Idle wait between polls when the last batch was not full (default 1 s). */
  pollMs?: number;
  /**
   * A 'sending' claim older than this is taken over (default 60 s). Keep it well above the channel
   * timeout: a delivery may start with three quarters of it left (claimNeedsRenewal).
   */
  leaseMs?: number;
  /** Jitter as a fraction of the delay, added at random (default 0.1, i.e. up to +10 %). */
  jitter?: number;
  /** Deliveries in flight at once within a batch (default 1: oldest first, one by one). */
  concurrency?: number;
  /**
   * Which queues this dispatcher delivers (default both). Within a batch the case queue (deadlines,
   * assignments) goes first and complaints after it, so a flood of complaints never delays a deadline
   * notice; a dispatcher of its own for 'complaints' lets them flow beside the cases instead.
   */
  queues?: readonly NotificationQueue[];
  /** Identifies this dispatcher in claimed_by (default host:pid:random). */
  id?: string;
  /** Clock used when runOnce gets no `now` (default: real time). */
  clock?: () => Date;
  /** Random source for the jitter, in [0, 1) (default Math.random). */
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface BatchResult {
  /** Delivered and marked sent. */
  sent: number;
  /** Gave up: marked 'failed' after maxAttempts. */
  failed: number;
  /** Failed this time, scheduled again. */
  retried: number;
}

export interface Dispatcher {
  readonly id: string;
  /** Claim one batch of due rows and deliver it. With `now`, every timestamp of the batch uses it. */
  runOnce(now?: Date): Promise<BatchResult>;
  /** Poll in the background until stop(). */
  start(): void;
  /** Stop polling; resolves once in-flight batches have finished. */
  stop(): Promise<void>;
}

interface ClaimedRow {
  id: number;
  key: string;
  case_id: string | null;
  recipient_id: string;
  recipient_kind: string;
  template: string;
  vars: string;
  body: string;
  attempts: number;
  claimed_at: string;
}

const defaultLog = (level: 'info' | 'warn' | 'error', message: string) => {
  if (level !== 'info') process.stderr.write(`[notify:${level}] ${message}\n`);
};

/** The delay before retry n+1 after n previous failures: base * 2^n, capped, plus jitter (capped too). */
export function backoffMs(previousFailures: number, baseDelayMs: number, maxDelayMs: number, jitter: number, rnd: number): number {
  const exp = baseDelayMs * 2 ** Math.min(previousFailures, 52);
  const capped = Math.min(maxDelayMs, exp);
  return Math.round(Math.min(maxDelayMs, capped * (1 + jitter * rnd)));
}

/** The share of the lease after which a claim is renewed before a delivery (claimNeedsRenewal). */
const RENEW_AFTER = 0.25;

/**
 * Whether a claim stamped at `claimedAt` must be renewed before a delivery that starts at `now`.
 * Another dispatcher may take the row over only once the claim is older than the lease. A claim
 * younger than a quarter of the lease leaves the delivery at least three quarters of it (45 s of the
 * default 60 s, against the channel's 10 s timeout), so renewing it would cost a write transaction
 * and its fsync and protect nothing; an older one (a long batch, a slow channel) is renewed.
 * An unreadable stamp counts as old.
 */
function claimNeedsRenewal(claimedAt: string, now: string, leaseMs: number): boolean {
  return !(Date.parse(now) - Date.parse(claimedAt) < leaseMs * RENEW_AFTER);
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const {
    db,
    channel,
    batchSize = 20,
    maxAttempts = 8,
    baseDelayMs = 5_000,
    maxDelayMs = 15 * 60_000,
    pollMs = 1_000,
    leaseMs = 60_000,
    jitter = 0.1,
    concurrency = 1,
    clock = () => new Date(),
    random = Math.random,
    log = defaultLog,
  } = opts;
  const id = opts.id ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  if (!(batchSize >= 1)) throw new Error('batchSize must be at least 1');
  if (!(maxAttempts >= 1)) throw new Error('maxAttempts must be at least 1');
  if (!(concurrency >= 1)) throw new Error('concurrency must be at least 1');
  if (!(leaseMs > 0)) throw new Error('leaseMs must be positive');
  // A delivery may start with only three quarters of the lease left (claimNeedsRenewal): a channel
  // that can take longer than that could see its notice taken over and sent again meanwhile.
  if (channel.timeoutMs !== undefined && !(leaseMs * (1 - RENEW_AFTER) > channel.timeoutMs)) {
    throw new Error(`the notification lease (${leaseMs} ms, NOTIFY_LEASE_MS) must leave three quarters of itself above the channel's timeout (${channel.timeoutMs} ms, NOTIFY_WEBHOOK_TIMEOUT_MS)`);
  }

  const queues = opts.queues ?? NOTIFICATION_QUEUES;
  if (!queues.length || queues.some((q) => !(NOTIFICATION_QUEUES as readonly string[]).includes(q))) throw new Error(`queues must be some of ${NOTIFICATION_QUEUES.join(', ')}`);
  // Template ids are our own constants (letters and underscores), safe to inline.
  const complaintTemplates = templatesOfQueue('complaints').map((t) => `'${t}'`).join(', ');
  const isComplaint = `template IN (${complaintTemplates})`;
  const queueFilter = queues.length === NOTIFICATION_QUEUES.length ? '' : queues[0] === 'complaints' ? `AND ${isComplaint}` : `AND NOT ${isComplaint}`;

  // Claim: due pending rows, and 'sending' rows whose claim outlived the lease; the case queue first,
  // then complaints, each oldest first. The outer WHERE repeats the claimable condition: on SQLite the
  // transaction holds the write lock anyway; on PostgreSQL a row another dispatcher claimed meanwhile
  // is re-checked after its lock is released and left out, so no row is claimed twice.
  const claimable = `((status = 'pending' AND next_attempt_at <= @now)
         OR (status = 'sending' AND (claimed_at IS NULL OR claimed_at <= @staleBefore)))`;
  // The batch is picked once (MATERIALIZED): as a subquery of the update, PostgreSQL ran the locking
  // select again per row, each run skipping what the last had locked, and one claim took everything.
  const claimStmt = db.statement<ClaimedRow>(`
    WITH picked AS MATERIALIZED (
      SELECT id FROM outbox
      WHERE ${claimable} ${queueFilter}
      ORDER BY CASE WHEN ${isComplaint} THEN 1 ELSE 0 END, next_attempt_at, id
      LIMIT @limit ${dialectOf(db).claims.claimRows()}
    )
    UPDATE outbox SET status = 'sending', claimed_at = @now, claimed_by = @by
    WHERE id IN (SELECT id FROM picked) AND ${claimable}
    RETURNING id, key, case_id, recipient_id, recipient_kind, template, vars, body, attempts, claimed_at`);
  const claim = (p: { now: string; staleBefore: string; limit: number; by: string }) => db.tx(async () => claimStmt.all(p));

  // Every write below is fenced on the claim this dispatcher holds.
  const renewStmt = db.statement(`
    UPDATE outbox SET claimed_at = @now
    WHERE id = @id AND status = 'sending' AND claimed_by = @by AND claimed_at = @claimedAt`);
  const sentStmt = db.statement(`
    UPDATE outbox SET status = 'sent', sent_at = @now, channel = @channel, last_error = NULL,
      claimed_at = NULL, claimed_by = NULL
    WHERE id = @id AND status = 'sending' AND claimed_by = @by AND claimed_at = @claimedAt`);
  const retryStmt = db.statement(`
    UPDATE outbox SET status = 'pending', attempts = attempts + 1, last_error = @error, next_attempt_at = @next,
      claimed_at = NULL, claimed_by = NULL
    WHERE id = @id AND status = 'sending' AND claimed_by = @by AND claimed_at = @claimedAt`);
  const failStmt = db.statement(`
    UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = @error, next_attempt_at = @now,
      claimed_at = NULL, claimed_by = NULL
    WHERE id = @id AND status = 'sending' AND claimed_by = @by AND claimed_at = @claimedAt`);

  const inflight = new Set<Promise<unknown>>();

  async function deliverOne(row: ClaimedRow, at: () => string, result: BatchResult): Promise<void> {
    // An aging claim is renewed right before delivering; if another dispatcher took the row over
    // meanwhile, leave it. A fresh one cannot have been taken over, and every write after the
    // delivery is fenced on it as claimed.
    const fence = { id: row.id, by: id };
    let claimedAt = row.claimed_at;
    const started = at();
    if (claimNeedsRenewal(claimedAt, started, leaseMs)) {
      if ((await renewStmt.run({ ...fence, claimedAt, now: started })).changes !== 1) {
        log('warn', `outbox #${row.id} (${row.key}): claim lost before delivery; skipped`);
        return;
      }
      claimedAt = started;
    }
    let vars: Record<string, string>;
    try {
      vars = JSON.parse(row.vars) as Record<string, string>;
    } catch {
      vars = {};
    }
    const msg: OutboxMessage = {
      id: row.id,
      key: row.key,
      caseId: row.case_id,
      recipientId: row.recipient_id,
      recipientKind: row.recipient_kind as RecipientKind,
      template: row.template as TemplateId,
      vars,
      body: row.body,
      attempts: row.attempts,
    };
    let error: string | null = null;
    try {
      await channel.deliver(msg);
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 1000) || 'delivery failed';
    }
    const now = at();
    if (error === null) {
      if ((await sentStmt.run({ ...fence, claimedAt, now, channel: channel.name })).changes !== 1) {
        log('warn', `outbox #${row.id} (${row.key}): delivered, but the claim was lost meanwhile`);
      }
      result.sent++;
      return;
    }
    const failures = row.attempts + 1;
    if (failures >= maxAttempts) {
      if ((await failStmt.run({ ...fence, claimedAt, error, now })).changes === 1) {
        result.failed++;
        log('error', `outbox #${row.id} (${row.key}): giving up after ${failures} attempts: ${error}`);
      }
      return;
    }
    const delay = backoffMs(row.attempts, baseDelayMs, maxDelayMs, jitter, random());
    const next = new Date(Date.parse(now) + delay).toISOString();
    if ((await retryStmt.run({ ...fence, claimedAt, error, next })).changes === 1) {
      result.retried++;
      log('info', `outbox #${row.id} (${row.key}): attempt ${failures} failed (${error}); retry at ${next}`);
    }
  }

  async function batch(now?: Date): Promise<BatchResult & { claimed: number }> {
    const at = () => (now ?? clock()).toISOString();
    const t = now ?? clock();
    const rows = await claim({
      now: t.toISOString(),
      staleBefore: new Date(t.getTime() - leaseMs).toISOString(),
      limit: batchSize,
      by: id,
    });
    // RETURNING gives no order guarantee; deliver the case queue first, each oldest first.
    const rank = (r: ClaimedRow) => (queueOf(r.template) === 'complaints' ? 1 : 0);
    rows.sort((a, b) => rank(a) - rank(b) || a.id - b.id);
    const result: BatchResult = { sent: 0, failed: 0, retried: 0 };
    let next = 0;
    const lane = async () => {
      while (next < rows.length) await deliverOne(rows[next++], at, result);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    return { ...result, claimed: rows.length };
  }

  function track(now?: Date): Promise<BatchResult & { claimed: number }> {
    const p = batch(now);
    inflight.add(p);
    const done = () => inflight.delete(p);
    p.then(done, done);
    return p;
  }

  async function runOnce(now?: Date): Promise<BatchResult> {
    const { sent, failed, retried } = await track(now);
    return { sent, failed, retried };
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function poll(): Promise<void> {
    while (running) {
      let full = false;
      try {
        full = (await track()).claimed >= batchSize;
      } catch (err) {
        log('error', `dispatch batch failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!running) break;
      if (full) continue; // more may be waiting: go again at once
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    id,
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = poll();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
      await Promise.allSettled([...inflight]);
    },
  };
}
