// Bearer tokens: random, shown once, stored only as SHA-256 hashes, each with an expiry. People
// (officers, leaders, supervisors, admins) get short-lived tokens, since they sit at shared counter
// PCs; integrators' programs get long-lived ones. Both are configurable (README, configuration).
import { createHash, randomBytes } from 'node:crypto';
import { durationMs } from '../domain/policy.js';
import type { Role } from '../domain/tiers.js';
import type { Db } from './client.js';
import { tokens } from './schema.js';
import { first } from './store.js';

export const TOKEN_TTL_DEFAULTS = { person: '12h', integrator: '90d' } as const;
/** How long a chain of rotations may keep one sign-in alive: then an administrator issues a new token. */
export const TOKEN_MAX_AGE_DEFAULTS = { person: '30d', integrator: '365d' } as const;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** How long a new token of this role lives: TOKEN_TTL (people) or TOKEN_TTL_INTEGRATOR, e.g. "12h", "90d". */
export function tokenTtlMs(role: Role | string, env: NodeJS.ProcessEnv = process.env): number {
  const spec = role === 'integrator' ? env.TOKEN_TTL_INTEGRATOR || TOKEN_TTL_DEFAULTS.integrator : env.TOKEN_TTL || TOKEN_TTL_DEFAULTS.person;
  return durationMs(spec);
}

/** The longest a token and the tokens rotated from it live, from the first one's issue (TOKEN_MAX_AGE, TOKEN_MAX_AGE_INTEGRATOR). */
export function tokenMaxAgeMs(role: Role | string, env: NodeJS.ProcessEnv = process.env): number {
  const spec = role === 'integrator' ? env.TOKEN_MAX_AGE_INTEGRATOR || TOKEN_MAX_AGE_DEFAULTS.integrator : env.TOKEN_MAX_AGE || TOKEN_MAX_AGE_DEFAULTS.person;
  return durationMs(spec);
}

export type TokenRow = typeof tokens.$inferSelect;

/**
 * Issues a token for a principal and returns it with its row: the only moment the token exists in
 * clear. `expires: false` is for the demo directory outside production only. A token rotated from
 * another carries its chain's start: it never lives past that start plus the role's maximum age.
 */
export async function issueToken(
  db: Db,
  principal: { id: string; role?: string },
  opts: { label: string; now?: Date; expires?: boolean; chainStartedAt?: string },
): Promise<{ token: string; row: TokenRow }> {
  const now = opts.now ?? new Date();
  const token = newToken();
  if (opts.expires !== false && !principal.role) throw new Error('a token that expires needs the role it is for');
  const start = opts.chainStartedAt ?? now.toISOString();
  const expiresAt =
    opts.expires === false ? null : new Date(Math.min(now.getTime() + tokenTtlMs(principal.role!), Date.parse(start) + tokenMaxAgeMs(principal.role!))).toISOString();
  const row = (await first(db
    .insert(tokens)
    .values({ hash: hashToken(token), principalId: principal.id, label: opts.label, createdAt: now.toISOString(), expiresAt, chainStartedAt: opts.chainStartedAt ?? null })
    .returning()))!;
  return { token, row };
}
