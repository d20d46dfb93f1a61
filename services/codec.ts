// Codec sessions: how an administrator's browser reads sealed payloads in Temporal UI, which cannot
// send our bearer token but can send a cookie. A session is a random secret (the cookie) whose keyed
// hash is stored here: HMAC-SHA256 under the codec session key, a key of its own (CODEC_SESSION_KEY or
// DATA_DIR/codec-session-key), never the tracking secret. Each session has a fixed end, can be revoked
// by its holder or any administrator, and counts only while its holder is still an active
// administrator (a session outlives neither a deactivation nor a change of role).
import { createHmac, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { codecSessions, principals } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { changed, first } from '../db/store.js';

/** A working day: long enough to read cases, short enough that a forgotten browser stops reading. */
export const CODEC_SESSION_MS = 8 * 3_600_000;

export interface CodecSession {
  id: string;
  principalId: string;
  createdAt: string;
  expiresAt: string;
}

const sessionId = (key: string, secret: string) => createHmac('sha256', key).update(secret).digest('hex');

export async function activeAdminId(db: Db, principalId: string): Promise<string | null> {
  const p = (await first(db.select().from(principals).where(and(eq(principals.id, principalId), eq(principals.active, true)))));
  return p?.role === 'admin' ? p.id : null;
}

/** Opens a session for an administrator: the secret goes into the cookie and is not kept. */
export async function openCodecSession(db: Db, key: string, principalId: string, now = new Date()): Promise<CodecSession & { secret: string }> {
  const secret = randomBytes(32).toString('base64url');
  const row = {
    id: sessionId(key, secret),
    principalId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CODEC_SESSION_MS).toISOString(),
  };
  await db.tx(async (tx) => {
    // Ended sessions are of no further use: the table holds the open ones and today's history.
    await tx.delete(codecSessions).where(lte(codecSessions.expiresAt, new Date(now.getTime() - 86_400_000).toISOString()));
    await tx.insert(codecSessions).values(row);
  });
  return { ...row, secret };
}

/** The administrator holding a live session with this secret, or null. */
export async function codecSessionAdmin(db: Db, key: string, secret: string, now = new Date()): Promise<string | null> {
  if (!secret || secret.length > 100) return null;
  const s = (await first(db.select().from(codecSessions).where(eq(codecSessions.id, sessionId(key, secret)))));
  if (!s || s.revokedAt || s.expiresAt <= now.toISOString()) return null;
  return activeAdminId(db, s.principalId);
}

/** Open sessions, oldest first. */
export async function listCodecSessions(db: Db, now = new Date()): Promise<CodecSession[]> {
  return (await db
    .select({ id: codecSessions.id, principalId: codecSessions.principalId, createdAt: codecSessions.createdAt, expiresAt: codecSessions.expiresAt })
    .from(codecSessions)
    .where(and(isNull(codecSessions.revokedAt), gt(codecSessions.expiresAt, now.toISOString())))
    .orderBy(asc(codecSessions.createdAt)));
}

/** Ends a session at once, whoever holds it. NOT_FOUND when no such session is open. */
export async function revokeCodecSession(db: Db, id: string, by: string, now = new Date()): Promise<void> {
  const r = (await db
    .update(codecSessions)
    .set({ revokedAt: now.toISOString(), revokedBy: by })
    .where(and(eq(codecSessions.id, id), isNull(codecSessions.revokedAt), gt(codecSessions.expiresAt, now.toISOString()))));
  if (changed(r) === 0) throw new AppError('CODEC_SESSION_NOT_FOUND', 'No open codec session has this id.');
}

/** The holder signs out: the session of this secret ends (nothing happens for an unknown one). */
export async function endCodecSession(db: Db, key: string, secret: string, now = new Date()): Promise<void> {
  const s = (await first(db.select().from(codecSessions).where(eq(codecSessions.id, sessionId(key, secret)))));
  if (s && !s.revokedAt) await db.update(codecSessions).set({ revokedAt: now.toISOString(), revokedBy: s.principalId }).where(eq(codecSessions.id, s.id));
}
