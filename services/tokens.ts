// Bearer tokens: who a token stands for, and an administrator's list, issue and revoke, anyone's
// rotation. A token's public id is the first 16 hex digits of its hash (db/tokens.ts keeps the hash
// and the expiry rules).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { principals, tokens } from '../db/schema.js';
import { hashToken, issueToken, type TokenRow } from '../db/tokens.js';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/tiers.js';
import { audit } from './directory-admin.js';
import { changed, first } from '../db/store.js';
import { preparedFor, tableRow } from '../db/prepared.js';

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
const principalRow = tableRow(principals);
const tokenRow = tableRow(tokens);
/** The token and its principal, by the token's hash: read on every authenticated request, so prepared once per handle. */
const tokenByHashStatement = preparedFor((db) =>
  db.statement<Record<string, unknown>>(`select ${principalRow.columns}, ${tokenRow.columns} from tokens join principals on principals.id = tokens.principal_id where tokens.hash = ?`),
);
const tokenByHash = async (db: Db, hash: string) => {
  const raw = await tokenByHashStatement(db).get(hash);
  return raw && { p: principalRow.decode(raw), t: tokenRow.decode(raw) };
};
const byId = async (db: Db, id: string) => (await first(db.select().from(tokens).where(sql`substr(${tokens.hash}, 1, 16) = ${id}`)));

/**
 * The principal a bearer token stands for, and the token's hash (for rotation). A deactivated
 * principal's tokens read as unknown, like revoked ones: nothing to tell apart.
 */
export async function principalOfToken(db: Db, token: string, now = Date.now()): Promise<{ principal: Principal; hash: string }> {
  const hash = hashToken(token);
  const row = await tokenByHash(db, hash);
  if (!row || row.t.revokedAt || !row.p.active) throw new AppError('UNAUTHENTICATED', 'The token is unknown or revoked.');
  if (row.t.expiresAt && Date.parse(row.t.expiresAt) <= now) {
    throw new AppError('TOKEN_EXPIRED', 'The token has expired; ask an administrator for a new one (rotate a token before it expires: POST /v1/tokens/rotate).');
  }
  return { principal: { id: row.p.id, name: row.p.name, role: row.p.role as Role, unitId: row.p.unitId, sectionId: row.p.sectionId }, hash };
}

/** Tokens, newest first; `active` true: not revoked, false: revoked. */
export async function listTokens(db: Db, filter: { principalId?: string; active?: boolean }): Promise<TokenInfo[]> {
  const where: SQL[] = [];
  if (filter.principalId) where.push(eq(tokens.principalId, filter.principalId));
  if (filter.active === true) where.push(sql`${tokens.revokedAt} is null`);
  if (filter.active === false) where.push(sql`${tokens.revokedAt} is not null`);
  return (await db.select().from(tokens).where(and(...where)).orderBy(desc(tokens.createdAt))).map(info);
}

/** A new token for an active principal: the only moment it exists in clear. The directory's audit trail records it (never the token). */
export async function issueTokenFor(db: Db, principalId: string, label: string, actorId: string): Promise<TokenInfo & { token: string }> {
  const p = (await first(db.select().from(principals).where(eq(principals.id, principalId))));
  if (!p || !p.active) throw new AppError('UNKNOWN_PRINCIPAL', `No active principal ${principalId}.`);
  const { token, row } = (await db.tx(async () => {
      const issued = (await issueToken(db, p, { label }));
      await audit(db, { actorId, action: 'token_issued', kind: 'principal', id: p.id, after: tokenAudit(issued.row), at: issued.row.createdAt });
      return issued;
    }));
  return { ...info(row), token };
}

/** What the audit trail keeps of a token: its public id, label and life, never the token or its hash. */
const tokenAudit = (t: TokenRow) => ({ tokenId: idOf(t.hash), label: t.label, expiresAt: t.expiresAt, ...(t.chainStartedAt ? { chainStartedAt: t.chainStartedAt } : {}) });

/**
 * Swaps the caller's token for a new one. One transaction: the old token is revoked exactly when the
 * new one exists. Two concurrent rotations with the same token: the second finds it revoked and
 * issues nothing. The new token keeps the chain's start, so rotating never carries a sign-in past the
 * role's maximum age (TOKEN_MAX_AGE): then an administrator issues a new token.
 */
export async function rotateToken(db: Db, principal: Principal, oldHash: string, now = new Date()): Promise<TokenInfo & { token: string }> {
  const issued = (await db.tx(async () => {
      const old = (await first(db.select().from(tokens).where(eq(tokens.hash, oldHash))));
      const revoked = (await db
        .update(tokens)
        .set({ revokedAt: now.toISOString() })
        .where(and(eq(tokens.hash, oldHash), sql`${tokens.revokedAt} is null`)));
      if (!old || changed(revoked) !== 1) return null;
      // Demo tokens (no expiry) rotate into tokens that expire, as any other token.
      const next = (await issueToken(db, principal, { label: `rotated from ${idOf(oldHash)}`, now, chainStartedAt: old.chainStartedAt ?? old.createdAt }));
      await audit(db, { actorId: principal.id, action: 'token_rotated', kind: 'principal', id: principal.id, before: tokenAudit(old), after: tokenAudit(next.row), at: now.toISOString() });
      return next;
    }));
  if (!issued) throw new AppError('UNAUTHENTICATED', 'The token is unknown or revoked.');
  return { ...info(issued.row), token: issued.token };
}

/** Revokes a token by its public id; revoking twice changes nothing (and is audited once). */
/** The hash of a token by its public id: what the directory's journal keeps of a revoked one. */
export async function tokenHashOf(db: Db, id: string): Promise<string | null> {
  return (await byId(db, id))?.hash ?? null;
}

export async function revokeToken(db: Db, id: string, actorId: string): Promise<TokenInfo> {
  const t = (await byId(db, id));
  if (!t) throw new AppError('TOKEN_NOT_FOUND', `No token ${id}.`);
  if (!t.revokedAt) {
    const at = new Date().toISOString();
    await db.tx(async () => {
        const done = (await db.update(tokens).set({ revokedAt: at }).where(and(eq(tokens.hash, t.hash), sql`${tokens.revokedAt} is null`)));
        if (changed(done) === 1) await audit(db, { actorId, action: 'token_revoked', kind: 'principal', id: t.principalId, before: tokenAudit(t), after: { tokenId: id, revokedAt: at }, at });
      });
  }
  return info((await byId(db, id))!);
}
