// Bearer tokens: random, shown once, stored only as SHA-256 hashes, each with an expiry. People
// (officers, leaders, supervisors, admins) get short-lived tokens, since they sit at shared counter
// PCs; integrators' programs get long-lived ones. Both are configurable (README, configuration).
import { createHash, randomBytes } from 'node:crypto';
import { durationMs } from '../domain/policy.js';
import type { Role } from '../domain/tiers.js';
import type { Db } from './client.js';
import { tokens } from './schema.js';

export const TOKEN_TTL_DEFAULTS = { person: '12h', integrator: '90d' } as const;

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

export type TokenRow = typeof tokens.$inferSelect;

/**
 * Issues a token for a principal and returns it with its row: the only moment the token exists in
 * clear. `expires: false` is for the demo directory outside production only.
 */
export function issueToken(
  db: Db,
  principal: { id: string; role?: string },
  opts: { label: string; now?: Date; expires?: boolean },
): { token: string; row: TokenRow } {
  const now = opts.now ?? new Date();
  const token = newToken();
  if (opts.expires !== false && !principal.role) throw new Error('a token that expires needs the role it is for');
  const expiresAt = opts.expires === false ? null : new Date(now.getTime() + tokenTtlMs(principal.role!)).toISOString();
  const row = db
    .insert(tokens)
    .values({ hash: hashToken(token), principalId: principal.id, label: opts.label, createdAt: now.toISOString(), expiresAt })
    .returning()
    .get();
  return { token, row };
}
