// Limits on the public doors, counted in the store (rate_counters) so every API process shares them and
// a restart forgets nothing: per address (IPv6 counted per /64, the block one subscriber gets), per
// principal, per phone and per unit. A limit answers 429 problem+json with its own code and a
// Retry-After that says when the window ends.
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/client.js';
import { dialectOf } from '../db/dialect.js';
import { Problem } from './errors.js';

const BEIJING_OFFSET_MS = 8 * 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The eight groups of an IPv6 address, "::" expanded; null for anything else. */
function ipv6Groups(ip: string): number[] | null {
  const bare = ip.split('%')[0];
  if (!isIPv6(bare)) return null;
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => parseInt(g || '0', 16));
}

/** The IPv4 address itself, an IPv4-mapped IPv6 address read as IPv4; null for anything else. */
function ipv4Of(ip: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  return isIPv4(ip) ? ip : null;
}

/** The bucket an address counts in: an IPv4 address itself, an IPv6 address its /64 prefix. */
export function addressBucket(ip: string): string {
  const v4 = ipv4Of(ip);
  if (v4) return `ip4:${v4}`;
  const g = ipv6Groups(ip);
  if (!g) return `ip?:${ip}`;
  return `ip6:${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}

/**
 * The network an address belongs to, for limits one subscriber's neighbours share: an IPv4 /24, an
 * IPv6 /48 (a site's allocation; its /64s are the subscriber's own, addressBucket).
 */
export function networkBucket(ip: string): string {
  const v4 = ipv4Of(ip);
  if (v4) return `net4:${v4.split('.').slice(0, 3).join('.')}.0/24`;
  const g = ipv6Groups(ip);
  if (!g) return `net?:${ip}`;
  return `net6:${g.slice(0, 3).map((x) => x.toString(16)).join(':')}::/48`;
}

/** A bucket name that does not hold the personal datum it counts (a phone). */
export function hashedBucket(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(`${kind}:${value}`).digest('hex').slice(0, 32)}`;
}

export interface Limit {
  bucket: string;
  max: number;
  windowMs: number;
  code: string;
  detail: string;
}

/** Windows are aligned on Beijing time, so a daily limit ends at local midnight. */
function windowOf(now: Date, windowMs: number): { start: string; end: number } {
  const t = now.getTime();
  const start = Math.floor((t + BEIJING_OFFSET_MS) / windowMs) * windowMs - BEIJING_OFFSET_MS;
  return { start: new Date(start).toISOString(), end: start + windowMs };
}

export function limitExceeded(limit: Limit, now: Date): Problem {
  const retryAfter = Math.max(1, Math.ceil((windowOf(now, limit.windowMs).end - now.getTime()) / 1000));
  return new Problem(429, limit.code, limit.detail, { retryAfter });
}

/** Sends a 429 as the error handler would, with its Retry-After. */
export function throwLimited(reply: FastifyReply, p: Problem): never {
  reply.header('Retry-After', String(p.extra.retryAfter ?? 60));
  throw p;
}

/**
 * A request counter whose window opens at the first hit (as @fastify/rate-limit's own store does), so
 * a burst is never split in two by a clock boundary. One row per bucket; window_start is the marker
 * 'first-hit' and expires_at the end of the open window. The count is one upsert, atomic on either
 * store, so API processes sharing the store never lose a hit.
 */
function rollingCounter(db: Db) {
  const stmt = db.statement<{ count: number; expiresAt: string }>(
    `INSERT INTO rate_counters (bucket, window_start, count, expires_at) VALUES (@bucket, 'first-hit', 1, @expires)
     ON CONFLICT (bucket, window_start) DO UPDATE SET
       count = CASE WHEN rate_counters.expires_at <= @now THEN 1 ELSE rate_counters.count + 1 END,
       expires_at = CASE WHEN rate_counters.expires_at <= @now THEN @expires ELSE rate_counters.expires_at END
     RETURNING count, expires_at AS "expiresAt"`,
  );
  const peek = db.statement<{ count: number; expiresAt: string }>(
    `SELECT count, expires_at AS "expiresAt" FROM rate_counters WHERE bucket = @bucket AND window_start = 'first-hit' AND expires_at > @now`,
  );
  return {
    async hit(bucket: string, windowMs: number, now: Date): Promise<{ count: number; ttlMs: number }> {
      const r = (await stmt.get({ bucket, now: now.toISOString(), expires: new Date(now.getTime() + windowMs).toISOString() }))!;
      return { count: r.count, ttlMs: Math.max(0, Date.parse(r.expiresAt) - now.getTime()) };
    },
    async read(bucket: string, windowMs: number, now: Date): Promise<{ count: number; ttlMs: number }> {
      const r = await peek.get({ bucket, now: now.toISOString() });
      return r ? { count: r.count, ttlMs: Math.max(0, Date.parse(r.expiresAt) - now.getTime()) } : { count: 0, ttlMs: windowMs };
    },
  };
}

export function createLimiter(db: Db) {
  const rolling = rollingCounter(db);
  const peekStmt = db.statement<{ count: number }>('SELECT count FROM rate_counters WHERE bucket = @bucket AND window_start = @start');
  // The window's counter, made if missing and locked to the end of the caller's transaction (a no-op
  // update takes the row lock on PostgreSQL; SQLite's transaction holds the write lock already), so a
  // concurrent filing on another connection waits for this one's count before it checks its own.
  const claimStmt = db.statement<{ count: number }>(
    `INSERT INTO rate_counters (bucket, window_start, count, expires_at) VALUES (@bucket, @start, 0, @expires)
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_counters.count RETURNING count`,
  );
  const hitStmt = db.statement<{ count: number }>(
    `INSERT INTO rate_counters (bucket, window_start, count, expires_at) VALUES (@bucket, @start, 1, @expires)
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_counters.count + 1 RETURNING count`,
  );
  const sweepStmt = db.statement(dialectOf(db).rateCounters.SWEEP_EXPIRED_COUNTERS);
  let sweeps = 0;
  const sweep = async (now: Date) => {
    if (++sweeps % 100 === 0) await sweepStmt.run({ now: now.toISOString() });
  };

  return {
    /** How many hits the limit's current window holds. */
    async count(limit: Limit, now: Date): Promise<number> {
      return (await peekStmt.get({ bucket: limit.bucket, start: windowOf(now, limit.windowMs).start }))?.count ?? 0;
    },
    /**
     * The problem to answer when a limit is already used up, else null (nothing is counted). Call
     * inside the transaction that records: the counters stay locked until it ends, so two concurrent
     * filings cannot both pass on the last one left.
     */
    async check(limits: readonly Limit[], now: Date): Promise<Problem | null> {
      // Locked in one order (by bucket), so two transactions with overlapping limits cannot deadlock.
      const counts = new Map<Limit, number>();
      for (const l of [...limits].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0))) {
        const w = windowOf(now, l.windowMs);
        counts.set(l, (await claimStmt.get({ bucket: l.bucket, start: w.start, expires: new Date(w.end).toISOString() }))?.count ?? 0);
      }
      for (const l of limits) if (counts.get(l)! >= l.max) return limitExceeded(l, now);
      return null;
    },
    /** Counts one hit against each limit; call inside the transaction that does what is counted. */
    async record(limits: readonly Limit[], now: Date): Promise<void> {
      for (const l of limits) {
        const w = windowOf(now, l.windowMs);
        await hitStmt.get({ bucket: l.bucket, start: w.start, expires: new Date(w.end).toISOString() });
      }
      await sweep(now);
    },
    /**
     * Counts a request, and answers the problem if it went over (every try counts). Its window opens
     * at the first request, so Retry-After is the time left of that window.
     */
    async hit(limit: Limit, now: Date): Promise<Problem | null> {
      const r = await rolling.hit(limit.bucket, limit.windowMs, now);
      await sweep(now);
      return r.count > limit.max ? new Problem(429, limit.code, limit.detail, { retryAfter: Math.max(1, Math.ceil(r.ttlMs / 1000)) }) : null;
    },
  };
}
export type Limiter = ReturnType<typeof createLimiter>;

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

/** The complaint form's limits and verification rule, from the environment (README documents them). */
export interface ComplaintDoorConfig {
  perAddressPerMinute: number;
  perPrincipalPerMinute: number;
  perPhonePerDay: number;
  perUnitPerDay: number;
  /**
   * Anonymous filings not yet confirmed by an SMS code (filed at once where verification is off, or
   * waiting for their code), per address and per network and day: counted apart from the unit's cap,
   * and below it, so one address (or one network) cannot use a unit's day up.
   */
  unverifiedPerAddressPerDay: number;
  unverifiedPerNetworkPerDay: number;
  /** 'all', or the units whose complaints need an SMS code first; empty: none. */
  verification: 'all' | readonly string[];
  /** How long a verification code is good for. */
  codeTtlMs: number;
  /** Wrong codes before the pending complaint is dropped. */
  maxCodeAttempts: number;
}

export function complaintDoorConfig(env: NodeJS.ProcessEnv = process.env): ComplaintDoorConfig {
  const v = (env.COMPLAINT_VERIFICATION ?? '').trim();
  return {
    perAddressPerMinute: envNumber('COMPLAINT_LIMIT_PER_ADDRESS_PER_MINUTE', 20),
    perPrincipalPerMinute: envNumber('COMPLAINT_LIMIT_PER_PRINCIPAL_PER_MINUTE', 600),
    perPhonePerDay: envNumber('COMPLAINT_LIMIT_PER_PHONE_PER_DAY', 5),
    perUnitPerDay: envNumber('COMPLAINT_LIMIT_PER_UNIT_PER_DAY', 100),
    unverifiedPerAddressPerDay: envNumber('COMPLAINT_UNVERIFIED_PER_ADDRESS_PER_DAY', 10),
    unverifiedPerNetworkPerDay: envNumber('COMPLAINT_UNVERIFIED_PER_NETWORK_PER_DAY', 30),
    verification: v === 'all' ? 'all' : v && v !== 'off' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [],
    codeTtlMs: envNumber('COMPLAINT_CODE_TTL_SECONDS', 600) * 1000,
    maxCodeAttempts: envNumber('COMPLAINT_CODE_MAX_ATTEMPTS', 5),
  };
}

// ---- The SMS budget: every verification message we send (complaint codes, requester codes) ----

/** What verification messages may cost: the city pays per SMS, and anyone can name any number. */
export interface SmsBudget {
  /** All verification messages in an hour (SMS_CODES_PER_HOUR, default 200). */
  perHour: number;
  /** All verification messages in a day, Beijing time (SMS_CODES_PER_DAY, default 1000). */
  perDay: number;
  /** Messages to one number block (the first 7 digits, 号段 and area) in a day (SMS_CODES_PER_PREFIX_PER_DAY, default 30). */
  perPrefixPerDay: number;
}

export function smsBudgetFromEnv(): SmsBudget {
  return {
    perHour: envNumber('SMS_CODES_PER_HOUR', 200),
    perDay: envNumber('SMS_CODES_PER_DAY', 1000),
    perPrefixPerDay: envNumber('SMS_CODES_PER_PREFIX_PER_DAY', 30),
  };
}

const HOUR_MS = 3_600_000;

/** The limits one verification message to `mobile` (normalized, 11 digits) counts against. */
export function smsBudgetLimits(budget: SmsBudget, mobile: string): Limit[] {
  const busy = 'We are sending too many verification messages right now; try again later, or call 12345.';
  return [
    { bucket: 'sms:all:hour', max: budget.perHour, windowMs: HOUR_MS, code: 'SMS_BUDGET_EXHAUSTED', detail: busy },
    { bucket: 'sms:all:day', max: budget.perDay, windowMs: DAY_MS, code: 'SMS_BUDGET_EXHAUSTED', detail: busy },
    {
      bucket: `sms:prefix:${mobile.slice(0, 7)}`,
      max: budget.perPrefixPerDay,
      windowMs: DAY_MS,
      code: 'SMS_PREFIX_LIMIT',
      detail: 'Too many verification messages went to numbers like this one today; try again tomorrow, or call 12345.',
    },
  ];
}

/**
 * A store for @fastify/rate-limit on the same counters (rate_counters), so the limits of the tracking-code
 * routes (api/rate-limits.ts) are shared by every API process and survive a restart too; one bucket
 * per route, method and caller key, its window opening at the first request.
 */
export function sharedRateLimitStore(db: Db) {
  const rolling = rollingCounter(db);
  type Cb = (err: Error | null, res?: { current: number; ttl: number }) => void;
  return class SharedRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly route = '*',
    ) {}
    incr(key: string, cb: Cb, timeWindow: number): void {
      rolling.hit(`route:${this.route}:${key}`, timeWindow, new Date()).then(
        (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
        (err: Error) => cb(err),
      );
    }
    read(key: string, cb: Cb, timeWindow: number): void {
      rolling.read(`route:${this.route}:${key}`, timeWindow, new Date()).then(
        (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
        (err: Error) => cb(err),
      );
    }
    child(params: { routeInfo?: { method?: string | string[]; url?: string } }) {
      const r = params.routeInfo ?? {};
      return new SharedRateLimitStore(undefined, `${[r.method ?? '*'].flat().join(',')} ${r.url ?? '*'}`);
    }
  };
}
