// Asynchronous decisions (`Prefer: respond-async`) are signals, and a signal is written to the case's
// history before any handler can ignore it: a repeat costs events even when the workflow drops it,
// and enough of them end the case at Temporal's history limit. So the API decides here, before
// sending, whether a request is new (by its request id) and whether the case still takes async
// decisions. Each caller has a budget of their own on a case, so an officer who may only read it (an
// involved unit's, a city leader) cannot spend its holder's; the case's holder is held by their own
// budget only, everyone else together also by a cap per case. Kept in SQLite, so a restart of the API
// forgets nothing.
import { and, asc, count, eq, gt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asyncDecisions } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { first } from '../db/store.js';
import { dialectOf } from '../db/dialect.js';

export interface AsyncDecisionLimit {
  /**
   * Async decisions one case accepts within the window from everyone but its holder together
   * (ASYNC_DECISIONS_PER_CASE, default 500); also each caller's own when perCaller is not given.
   */
  perCase: number;
  /** Async decisions one caller may send one case within the window (ASYNC_DECISIONS_PER_CALLER, default 100). */
  perCaller?: number;
  /** The window, rolling (ASYNC_DECISION_WINDOW_MINUTES, default 1440: a day). */
  windowMs: number;
}

export function asyncDecisionLimitFromEnv(env = process.env): AsyncDecisionLimit {
  const n = (v: string | undefined, d: number) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return { perCase: n(env.ASYNC_DECISIONS_PER_CASE, 500), perCaller: n(env.ASYNC_DECISIONS_PER_CALLER, 100), windowMs: n(env.ASYNC_DECISION_WINDOW_MINUTES, 1440) * 60_000 };
}

export interface AsyncClaim {
  caseId: string;
  requestKey: string;
  requestId: string;
  actorId: string;
  action: string;
  bodyHash: string;
  limit: AsyncDecisionLimit;
  /** Who holds the case now (the read model's assignee): the case's own cap does not hold them back. */
  holderId: string | null;
  /** Checks a new request must pass (a repeat skips them: it answers as it did the first time). */
  check?: () => void;
}

/**
 * Claims a request id for one async decision: `new` (the caller sends it), or `repeat` (it was sent
 * already: answer the same 202, send nothing). Throws IDEMPOTENCY_KEY_REUSED for a key sent before
 * with another decision, ASYNC_DECISION_LIMIT (429, with retryAfter) past the cap. One transaction
 * from lookup to insert, the case's row locked first, so two concurrent requests (of any process)
 * cannot both claim.
 */
export async function claimAsyncDecision(db: Db, c: AsyncClaim, now = new Date()): Promise<{ kind: 'new' | 'repeat'; requestId: string; requestKey: string }> {
  return (await db.tx(async (tx) => {
    await tx.all(sql`select id from cases where id = ${c.caseId} ${sql.raw(dialectOf(db).claims.lockRows())}`);
    const seen = (await first(tx.select().from(asyncDecisions).where(and(eq(asyncDecisions.caseId, c.caseId), eq(asyncDecisions.requestKey, c.requestKey)))));
    if (seen) {
      if (seen.bodyHash !== c.bodyHash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was sent with another decision; use a new key for a new decision.');
      }
      return { kind: 'repeat' as const, requestId: seen.requestId, requestKey: c.requestKey };
    }
    c.check?.();
    const since = new Date(now.getTime() - c.limit.windowMs).toISOString();
    const minutes = Math.round(c.limit.windowMs / 60_000);
    /** Throws past `max` decisions matching `where` in the window; Retry-After when the oldest leaves it. */
    const cap = async (where: SQL, max: number, whose: string) => {
      const inWindow = and(where, gt(asyncDecisions.at, since));
      const n = (await first(tx.select({ n: count() }).from(asyncDecisions).where(inWindow)))?.n ?? 0;
      if (n < max) return;
      const oldest = (await first(tx.select({ at: asyncDecisions.at }).from(asyncDecisions).where(inWindow).orderBy(asc(asyncDecisions.at)).limit(1)));
      const freeAt = (oldest ? Date.parse(oldest.at) : now.getTime()) + c.limit.windowMs;
      const retryAfter = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
      throw new AppError(
        'ASYNC_DECISION_LIMIT',
        `${whose} ${n} asynchronous decisions on this case in the last ${minutes} minutes, the most allowed. Decide synchronously (without Prefer: respond-async), or retry after ${retryAfter} s.`,
        { limit: max, windowSeconds: Math.round(c.limit.windowMs / 1000), retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    };
    const ofCase = eq(asyncDecisions.caseId, c.caseId);
    await cap(and(ofCase, eq(asyncDecisions.actorId, c.actorId))!, c.limit.perCaller ?? c.limit.perCase, 'You have sent');
    if (c.actorId !== c.holderId) await cap(and(ofCase, ne(asyncDecisions.actorId, c.holderId ?? ''))!, c.limit.perCase, 'Readers of the case other than its holder have sent');
    await tx.insert(asyncDecisions)
      .values({ caseId: c.caseId, requestKey: c.requestKey, requestId: c.requestId, actorId: c.actorId, action: c.action, bodyHash: c.bodyHash, at: now.toISOString() });
    return { kind: 'new' as const, requestId: c.requestId, requestKey: c.requestKey };
  }));
}

/** Forgets a claim whose signal was not sent, so the client's retry sends it. */
export async function releaseAsyncDecision(db: Db, caseId: string, requestKey: string): Promise<void> {
  await db.delete(asyncDecisions).where(and(eq(asyncDecisions.caseId, caseId), eq(asyncDecisions.requestKey, requestKey)));
}
