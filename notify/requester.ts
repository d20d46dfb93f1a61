// Progress messages to a requester (receipt, tier change, materials, coordination, the city, the
// answer): whether and when each goes, decided where it is written to the outbox, in the writer's own
// transaction. None for a case whose requester gave no mobile number or asked for no more (回TD退订).
// At most REQUESTER_DAILY_CAP carriers a case a Beijing day; a message beyond the cap is folded into
// one digest that goes out at REQUESTER_DIGEST_HOUR the next morning, and anything written while that
// digest waits joins it, so the requester reads the news in order. Officers' messages pass untouched.
import { and, countDistinct, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cases, outbox, requesterMessages, requesterOptOuts } from '../db/schema.js';
import type { OutboxRow } from '../db/transition-statements.js';
import { OPT_OUT_SUFFIX, REQUESTER_DAILY_CAP, REQUESTER_DIGEST_HOUR, REQUESTER_TRANSACTIONAL, SMS_SIGNATURE, render } from '../domain/notices.js';
import { isMobilePhone, normalizePhone } from '../domain/supervision.js';
import { first, changed } from '../db/store.js';

const BEIJING = 8 * 3_600_000;
const DAY = 86_400_000;
/** The Beijing calendar day of an instant, YYYY-MM-DD. */
export const beijingDay = (t: Date | number): string => new Date(+t + BEIJING).toISOString().slice(0, 10);
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
/** REQUESTER_DIGEST_HOUR on a Beijing day, as an instant. */
const morningOf = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + REQUESTER_DIGEST_HOUR * 3_600_000 - BEIJING).toISOString();
export const digestKey = (caseId: string, day: string) => `requester-digest:${caseId}:${day}`;

/** A message to the requester of a case (the engine's `{ requester: true }`, the receipt); not a complainant's code. */
const forCaseRequester = (r: OutboxRow): r is OutboxRow & { caseId: string } =>
  r.recipientKind === 'requester' && !!r.caseId && r.recipientId === `requester:${r.caseId}` && !REQUESTER_TRANSACTIONAL.has(r.template);
const textOf = (body: string) => (body.startsWith(SMS_SIGNATURE) ? body.slice(SMS_SIGNATURE.length) : body);

/**
 * The outbox rows to insert: officers' rows as they are, requesters' routed (dropped, capped, or
 * folded into a digest that this call writes itself). Call it inside the transaction that inserts them.
 */
export async function routeRequesterRows(db: Db, rows: OutboxRow[], now: Date): Promise<OutboxRow[]> {
  const out: OutboxRow[] = [];
  for (const r of rows) {
    if (!forCaseRequester(r)) out.push(r);
    else {
      const row = (await routeOne(db, r, now));
      if (row) out.push(row);
    }
  }
  return out;
}

async function routeOne(db: Db, r: OutboxRow & { caseId: string }, now: Date): Promise<OutboxRow | null> {
  // Written before (a retried job): it went where it went.
  if ((await first(db.select({ key: requesterMessages.key }).from(requesterMessages).where(eq(requesterMessages.key, r.key))))) return null;
  const c = (await first(db.select({ phone: cases.requesterPhone }).from(cases).where(eq(cases.id, r.caseId))));
  if (!c?.phone || !isMobilePhone(c.phone)) return null;
  if ((await first(db.select({ caseId: requesterOptOuts.caseId }).from(requesterOptOuts).where(eq(requesterOptOuts.caseId, r.caseId))))) return null;
  const phone = normalizePhone(c.phone);
  const at = now.toISOString();
  const today = beijingDay(now);
  const record = async (carrierKey: string, sendDay: string) => (await db.insert(requesterMessages).values({ key: r.key, caseId: r.caseId, carrierKey, sendDay, at }));

  // A digest still waiting for its morning takes this message too.
  const waiting = (await first(db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.key, [digestKey(r.caseId, today), digestKey(r.caseId, nextDay(today))]), eq(outbox.status, 'pending'), gt(outbox.nextAttemptAt, at)))));
  if (waiting) {
    const vars = waiting.vars as Record<string, string>;
    const folded = { ...vars, count: String(Number(vars.count) + 1), messages: `${vars.messages}；${textOf(r.body)}` };
    const folds = changed(await db.update(outbox).set({ vars: folded, body: digestBody(folded) }).where(and(eq(outbox.id, waiting.id), eq(outbox.status, 'pending'))));
    if (folds === 1) {
      await record(waiting.key, waiting.key.slice(-10));
      return null;
    }
  }
  const sent = (await first(db
    .select({ n: countDistinct(requesterMessages.carrierKey) })
    .from(requesterMessages)
    .where(and(eq(requesterMessages.caseId, r.caseId), eq(requesterMessages.sendDay, today)))));
  if ((sent?.n ?? 0) < REQUESTER_DAILY_CAP) {
    await record(r.key, today);
    return { ...r, vars: { ...r.vars, phone }, body: `${r.body} ${OPT_OUT_SUFFIX}` };
  }
  // Over the cap: the first message of tomorrow's digest.
  const day = nextDay(today);
  const vars = { caseId: r.caseId, count: '1', messages: textOf(r.body), phone };
  await record(digestKey(r.caseId, day), day);
  return { ...r, key: digestKey(r.caseId, day), template: 'requester_digest', vars, body: digestBody(vars), nextAttemptAt: morningOf(day) };
}

function digestBody(vars: Record<string, string>): string {
  return `${render('requester_digest', vars)} ${OPT_OUT_SUFFIX}`;
}

/** The requester asks for no more messages about a case. True when this stopped them (false: already stopped). */
export async function optOut(db: Db, caseId: string, via: 'sms_reply' | 'tracking_page', now: Date): Promise<boolean> {
  return changed(await db.insert(requesterOptOuts).values({ caseId, via, at: now.toISOString() }).onConflictDoNothing()) === 1;
}
