// Bearer tokens: who a token stands for, and an administrator's list, issue and revoke, anyone's
// rotation. A token's public id is the first 16 hex digits of its hash (db/tokens.ts keeps the hash
// and the expiry rules).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { principals, tokens } from '../db/schema.js';
import { preparedFor } from '../db/prepared.js';
import { hashToken, issueToken, type TokenRow } from '../db/tokens.js';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/tiers.js';

/** Who a request acts as: a principal of the directory. */
export interface Principal {
  id: string;
  name: string;
  role: Role;
  unitId: string | null;
  sectionId: string | null;
}

export interface TokenInfo {
  id: string;
  principalId: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

const idOf = (hash: string) => hash.slice(0, 16);
const info = (t: TokenRow): TokenInfo => ({ id: idOf(t.hash), principalId: t.principalId, label: t.label, createdAt: t.createdAt, revokedAt: t.revokedAt, expiresAt: t.expiresAt });
/** The token and its principal, by the token's hash: read on every authenticated request. */
const tokenByHash = preparedFor((db) =>
  db
    .select({ p: principals, t: tokens })
    .from(tokens)
    .innerJoin(principals, eq(tokens.principalId, principals.id))
    .where(eq(tokens.hash, sql.placeholder('hash')))
    .prepare(),
);
const byId = (db: Db, id: string) => db.select().from(tokens).where(sql`substr(${tokens.hash}, 1, 16) = ${id}`).get();

/**
 * The principal a bearer token stands for, and the token's hash (for rotation). A deactivated
 * principal's tokens read as unknown, like revoked ones: nothing to tell apart.
 */
export function principalOfToken(db: Db, token: string, now = Date.now()): { principal: Principal; hash: string } {
  const hash = hashToken(token);
  const row = tokenByHash(db).get({ hash });
  if (!row || row.t.revokedAt || !row.p.active) throw new AppError('UNAUTHENTICATED', 'The token is unknown or revoked.');
  if (row.t.expiresAt && Date.parse(row.t.expiresAt) <= now) {
    throw new AppError('TOKEN_EXPIRED', 'The token has expired; ask an administrator for a new one (rotate a token before it expires: POST /v1/tokens/rotate).');
  }
  return { principal: { id: row.p.id, name: row.p.name, role: row.p.role as Role, unitId: row.p.unitId, sectionId: row.p.sectionId }, hash };
}

/** Tokens, newest first; `active` true: not revoked, false: revoked. */
export function listTokens(db: Db, filter: { principalId?: string; active?: boolean }): TokenInfo[] {
  const where: SQL[] = [];
  if (filter.principalId) where.push(eq(tokens.principalId, filter.principalId));
  if (filter.active === true) where.push(sql`${tokens.revokedAt} is null`);
  if (filter.active === false) where.push(sql`${tokens.revokedAt} is not null`);
  return db.select().from(tokens).where(and(...where)).orderBy(desc(tokens.createdAt)).all().map(info);
}

/** A new token for an active principal: the only moment it exists in clear. */
export function issueTokenFor(db: Db, principalId: string, label: string): TokenInfo & { token: string } {
  const p = db.select().from(principals).where(eq(principals.id, principalId)).get();
  if (!p || !p.active) throw new AppError('UNKNOWN_PRINCIPAL', `No active principal ${principalId}.`);
  const { token, row } = issueToken(db, p, { label });
  return { ...info(row), token };
}

/**
 * Swaps the caller's token for a new one. One transaction: the old token is revoked exactly when the
 * new one exists. Two concurrent rotations with the same token: the second finds it revoked and
 * issues nothing.
 */
export function rotateToken(db: Db, principal: Principal, oldHash: string, now = new Date()): TokenInfo & { token: string } {
  const issued = db.transaction(
    () => {
      const revoked = db
        .update(tokens)
        .set({ revokedAt: now.toISOString() })
        .where(and(eq(tokens.hash, oldHash), sql`${tokens.revokedAt} is null`))
        .run();
      if (revoked.changes !== 1) return null;
      return issueToken(db, principal, { label: `rotated from ${idOf(oldHash)}`, now });
    },
    { behavior: 'immediate' },
  );
  if (!issued) throw new AppError('UNAUTHENTICATED', 'The token is unknown or revoked.');
  return { ...info(issued.row), token: issued.token };
}

/** Revokes a token by its public id; revoking twice changes nothing. */
export function revokeToken(db: Db, id: string): TokenInfo {
  const t = byId(db, id);
  if (!t) throw new AppError('TOKEN_NOT_FOUND', `No token ${id}.`);
  if (!t.revokedAt) db.update(tokens).set({ revokedAt: new Date().toISOString() }).where(and(eq(tokens.hash, t.hash), sql`${tokens.revokedAt} is null`)).run();
  return info(byId(db, id)!);
}
