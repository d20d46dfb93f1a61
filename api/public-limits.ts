// Limits on the public doors, counted in SQLite (rate_counters) so every API process shares them and
// a restart forgets nothing: per address (IPv6 counted per /64, the block one subscriber gets), per
// principal, per phone and per unit. A limit answers 429 problem+json with its own code and a
// Retry-After that says when the window ends.
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/client.js';
import { Problem } from './errors.js';

const BEIJING_OFFSET_MS = 8 * 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The bucket an address counts in: an IPv4 address itself, an IPv6 address its /64 prefix. */
export function addressBucket(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return `ip4:${mapped[1]}`;
  if (isIPv4(ip)) return `ip4:${ip}`;
  const bare = ip.split('%')[0];
  if (!isIPv6(bare)) return `ip?:${ip}`;
  // Expand "::" so the first four groups can be read.
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `ip6:${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
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

export function createLimiter(db: Db) {
  const sqlite = db.$client;
  const peekStmt = sqlite.prepare<{ bucket: string; start: string }, { count: number }>(
    'SELECT count FROM rate_counters WHERE bucket = @bucket AND window_start = @start',
  );
  const hitStmt = sqlite.prepare<{ bucket: string; start: string; expires: string }, { count: number }>(
    `INSERT INTO rate_counters (bucket, window_start, count, expires_at) VALUES (@bucket, @start, 1, @expires)
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
  );
  const sweepStmt = sqlite.prepare<{ now: string }>('DELETE FROM rate_counters WHERE rowid IN (SELECT rowid FROM rate_counters WHERE expires_at < @now LIMIT 200)');
  let sweeps = 0;

  return {
    /** How many hits the limit's current window holds. */
    count(limit: Limit, now: Date): number {
      return peekStmt.get({ bucket: limit.bucket, start: windowOf(now, limit.windowMs).start })?.count ?? 0;
    },
    /** The problem to answer when the limit is already used up, else null (nothing is counted). */
    check(limits: readonly Limit[], now: Date): Problem | null {
      for (const l of limits) if (this.count(l, now) >= l.max) return limitExceeded(l, now);
      return null;
    },
    /** Counts one hit against each limit; call inside the transaction that does what is counted. */
    record(limits: readonly Limit[], now: Date): void {
      for (const l of limits) {
        const w = windowOf(now, l.windowMs);
        hitStmt.get({ bucket: l.bucket, start: w.start, expires: new Date(w.end).toISOString() });
      }
      if (++sweeps % 100 === 0) sweepStmt.run({ now: now.toISOString() });
    },
    /** Counts the hit, and answers the problem if it went over (a request limit: every try counts). */
    hit(limit: Limit, now: Date): Problem | null {
      const w = windowOf(now, limit.windowMs);
      const n = hitStmt.get({ bucket: limit.bucket, start: w.start, expires: new Date(w.end).toISOString() })!.count;
      if (++sweeps % 100 === 0) sweepStmt.run({ now: now.toISOString() });
      return n > limit.max ? limitExceeded(limit, now) : null;
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
    verification: v === 'all' ? 'all' : v && v !== 'off' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [],
    codeTtlMs: envNumber('COMPLAINT_CODE_TTL_SECONDS', 600) * 1000,
    maxCodeAttempts: envNumber('COMPLAINT_CODE_MAX_ATTEMPTS', 5),
  };
}
