// One-time SMS codes for the requester's weighty actions. The tracking code is printed on the receipt
// and handed back to the intake officer's screen (or the integrator's program), so it alone cannot
// prove that the requester withdraws or rates: when a phone is on file, withdrawing and rating also
// need a code sent to that phone. A code is six digits, kept only as a hash, good for a few minutes,
// used once, and one purpose (withdraw or rating) at a time; asking for codes is limited per case and,
// through the caller's gate, by the city's SMS budget (api/public-limits.ts).
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox, requesterCodes } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { maskPhone } from '../domain/privacy.js';
import { isMobilePhone, normalizePhone } from '../domain/supervision.js';
import { enqueueNotifications } from '../notify/outbox.js';
import type { CaseRow } from './intake.js';
import { first } from '../db/store.js';
import { dialectOf } from '../db/dialect.js';

export const REQUESTER_CODE_PURPOSES = ['withdraw', 'rating'] as const;
export type RequesterCodePurpose = (typeof REQUESTER_CODE_PURPOSES)[number];
const PURPOSE_WORDS: Record<RequesterCodePurpose, string> = { withdraw: '撤回', rating: '评价' };

export interface RequesterCodeConfig {
  /** How long a code is good for (REQUESTER_CODE_TTL_SECONDS, default 300). */
  ttlMs: number;
  /** Wrong codes before the code is dropped (REQUESTER_CODE_MAX_ATTEMPTS, default 5). */
  maxAttempts: number;
  /** The least time between two codes for one case and purpose (REQUESTER_CODE_RESEND_SECONDS, default 60). */
  resendMs: number;
  /** Codes one case may be sent in 24 hours, all purposes (REQUESTER_CODES_PER_CASE_PER_DAY, default 5). */
  perCasePerDay: number;
}

export function requesterCodeConfig(env: NodeJS.ProcessEnv = process.env): RequesterCodeConfig {
  const n = (v: string | undefined, d: number) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d);
  return {
    ttlMs: n(env.REQUESTER_CODE_TTL_SECONDS, 300) * 1000,
    maxAttempts: n(env.REQUESTER_CODE_MAX_ATTEMPTS, 5),
    resendMs: n(env.REQUESTER_CODE_RESEND_SECONDS, 60) * 1000,
    perCasePerDay: n(env.REQUESTER_CODES_PER_CASE_PER_DAY, 5),
  };
}

/** The limits a code counts against besides the case's own (the SMS budget): checked and recorded in the code's transaction. */
export interface CodeGate {
  /** Throws (or rejects) when a limit is reached; async, as the store's counters are. */
  check(): void | Promise<void>;
  record(): void | Promise<void>;
}

const hashOf = (id: string, purpose: string, code: string) => createHash('sha256').update(`requester-code:${id}:${purpose}:${code}`).digest();
const DAY_MS = 86_400_000;
const retryIn = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Whether withdrawing and rating the case need an SMS code: a mobile phone is on file (a landline takes no SMS). */
export function needsRequesterCode(row: Pick<CaseRow, 'requesterPhone'>): boolean {
  return !!row.requesterPhone && isMobilePhone(row.requesterPhone);
}

/**
 * Sends a new code for one purpose to the phone on file (through the outbox); an earlier unused code
 * of that purpose stops working. Throws NO_PHONE_ON_FILE, SMS_CODE_TOO_SOON or SMS_CODE_LIMIT (with
 * retryAfter), or whatever the gate throws.
 */
export async function issueRequesterCode(
  db: Db,
  row: CaseRow,
  purpose: RequesterCodePurpose,
  gate: CodeGate,
  cfg: RequesterCodeConfig,
  now = new Date(),
  requestKey?: string,
): Promise<{ expiresAt: string; sentTo: string }> {
  if (!needsRequesterCode(row)) throw new AppError('NO_PHONE_ON_FILE', 'This case has no mobile phone on file: its requester acts with the tracking code alone.');
  const phone = row.requesterPhone!;
  const at = now.toISOString();
  return (await db.tx(async (tx) => {
      // Asking again while the last code is still waiting: not before the resend interval. A code
      // that was used leaves the way open for the next action.
      const last = (await first(tx
        .select({ createdAt: requesterCodes.createdAt, usedAt: requesterCodes.usedAt, expiresAt: requesterCodes.expiresAt, requestKey: requesterCodes.requestKey })
        .from(requesterCodes)
        .where(and(eq(requesterCodes.caseId, row.id), eq(requesterCodes.purpose, purpose)))
        .orderBy(desc(requesterCodes.createdAt))));
      const waiting = last && !last.usedAt && last.expiresAt > at;
      // A retry of the request that asked for the waiting code answers as the first time did.
      if (waiting && requestKey && last.requestKey === requestKey) return { expiresAt: last.expiresAt, sentTo: maskPhone(phone) };
      const wait = waiting ? Date.parse(last.createdAt) + cfg.resendMs - now.getTime() : 0;
      if (wait > 0) {
        const retryAfter = retryIn(wait);
        throw new AppError('SMS_CODE_TOO_SOON', `A code was sent moments ago and is still good; a new one can be asked for in ${retryAfter} s.`, { retryAfter }, { 'retry-after': String(retryAfter) });
      }
      const since = new Date(now.getTime() - DAY_MS).toISOString();
      const sent = (await tx
        .select({ createdAt: requesterCodes.createdAt })
        .from(requesterCodes)
        .where(and(eq(requesterCodes.caseId, row.id), gt(requesterCodes.createdAt, since)))
        .orderBy(requesterCodes.createdAt));
      if (sent.length >= cfg.perCasePerDay) {
        const retryAfter = retryIn(Date.parse(sent[0].createdAt) + DAY_MS - now.getTime());
        throw new AppError('SMS_CODE_LIMIT', `This case was sent ${sent.length} codes in 24 hours, its most; try again later, or at the window.`, { retryAfter }, { 'retry-after': String(retryAfter) });
      }
      await gate.check();
      // One code per purpose at a time: the last one sent is the one that counts.
      await tx.update(requesterCodes)
        .set({ expiresAt: at })
        .where(and(eq(requesterCodes.caseId, row.id), eq(requesterCodes.purpose, purpose), isNull(requesterCodes.usedAt), gt(requesterCodes.expiresAt, at)));
      const id = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + cfg.ttlMs).toISOString();
      await tx.insert(requesterCodes).values({ id, caseId: row.id, purpose, codeHash: hashOf(id, purpose, code).toString('hex'), createdAt: at, expiresAt, requestKey: requestKey ?? null });
      await gate.record();
      await enqueueNotifications(
        tx as never,
        [
          {
            key: `requester-code:${id}`,
            caseId: row.id,
            recipientId: `requester:${row.id}`,
            recipientKind: 'requester',
            template: 'requester_action_code',
            // The SMS gateway needs the number; the log channel masks it, and retention blanks it.
            vars: { action: PURPOSE_WORDS[purpose], caseId: row.id, code, minutes: String(Math.max(1, Math.round(cfg.ttlMs / 60_000))), phone: normalizePhone(phone) },
          },
        ],
        now,
      );
      return { expiresAt, sentTo: maskPhone(phone) };
    }));
}

/**
 * Uses the code a requester action came with: it must be the last code sent for this purpose, unused
 * (or used by a retry of the same request, its Idempotency-Key), unexpired. Answers `release`, which
 * gives the code back when the action itself did not happen. Throws SMS_CODE_REQUIRED (no code, or
 * none waiting) or SMS_CODE_WRONG; the last wrong try drops the code.
 */
export async function useRequesterCode(
  db: Db,
  caseId: string,
  purpose: RequesterCodePurpose,
  code: string | undefined,
  key: string | undefined,
  cfg: RequesterCodeConfig,
  now = new Date(),
): Promise<{ release(): Promise<void> }> {
  const required = () =>
    new AppError('SMS_CODE_REQUIRED', `This ${purpose === 'withdraw' ? 'withdrawal' : 'rating'} needs the one-time code sent to the phone on file: ask for one (POST /v1/cases/{id}/requester-code) and send it in the X-Sms-Code header.`, { purpose });
  if (!code) throw required();
  const at = now.toISOString();
  // The outcome is decided in one transaction and thrown after it, so a wrong try's count is kept.
  const outcome = (await db.tx(async (tx): Promise<{ ok: true; id: string } | { ok: false; err: AppError }> => {
      // Tries of one case's codes one after the other: two at once must not both count from the same
      // attempts, nor both use one code.
      await tx.all(sql`select id from requester_codes where case_id = ${caseId} and purpose = ${purpose} ${sql.raw(dialectOf(db).claims.lockRows())}`);
      const last = (await first(tx
        .select()
        .from(requesterCodes)
        .where(and(eq(requesterCodes.caseId, caseId), eq(requesterCodes.purpose, purpose)))
        .orderBy(desc(requesterCodes.createdAt))));
      if (!last) return { ok: false, err: required() };
      const matches = timingSafeEqual(Buffer.from(last.codeHash, 'hex'), hashOf(last.id, purpose, code));
      // A retry of the request that used the code passes again (Temporal answers it from its update id).
      if (last.usedAt) return matches && key && last.usedKey === key ? { ok: true, id: '' } : { ok: false, err: required() };
      if (last.expiresAt <= at) return { ok: false, err: required() };
      if (!matches) {
        const attempts = last.attempts + 1;
        const left = Math.max(0, cfg.maxAttempts - attempts);
        // The last wrong try ends the code.
        await tx.update(requesterCodes).set({ attempts, ...(left === 0 ? { expiresAt: at } : {}) }).where(eq(requesterCodes.id, last.id));
        const message = left > 0 ? `The code does not match; ${left} tries left.` : 'The code does not match, and that was the last try: ask for a new code.';
        return { ok: false, err: new AppError('SMS_CODE_WRONG', message, { attemptsLeft: left }) };
      }
      await tx.update(requesterCodes).set({ usedAt: at, usedKey: key ?? null }).where(eq(requesterCodes.id, last.id));
      return { ok: true, id: last.id };
    }));
  if (!outcome.ok) throw outcome.err;
  const { id } = outcome;
  return {
    release: async () => {
      if (id) await db.update(requesterCodes).set({ usedAt: null, usedKey: null }).where(and(eq(requesterCodes.id, id), eq(requesterCodes.usedAt, at)));
    },
  };
}

/** Once used, a code's SMS keeps no usable code in the outbox. */
export async function blankUsedCodes(db: Db, caseId: string): Promise<void> {
  const used = (await db.select({ id: requesterCodes.id }).from(requesterCodes).where(and(eq(requesterCodes.caseId, caseId), sql`${requesterCodes.usedAt} is not null`)));
  for (const u of used) {
    await db.update(outbox)
      .set({ vars: { action: '-', caseId, code: '******', minutes: '-', phone: '-' }, body: '（验证码已使用 code used）' })
      .where(and(eq(outbox.key, `requester-code:${u.id}`), eq(outbox.status, 'sent')));
  }
}
