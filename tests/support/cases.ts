// Small helpers for driving cases through the API in tests.
import { expect } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import type { Harness } from './harness.js';

export const sampleIntake = (over: Record<string, unknown> = {}) => ({
  requester: { kind: 'enterprise', name: '铜陵某新材料有限公司', phone: '13905625678' },
  channel: 'window',
  title: '新厂投产前20天内接通燃气管道',
  description: '工厂即将投产，需要在20天内完成燃气管道接入。',
  category: 'utilities',
  ...over,
});

export async function openCase(h: Harness, officer: string, over: Record<string, unknown> = {}) {
  const res = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as(officer), payload: sampleIntake(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; trackingCode: string; workflowId: string; tier: string; assignee: { principalId: string } };
}

export async function decide(h: Harness, caseId: string, officer: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return h.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/decisions`, headers: h.as(officer, headers), payload });
}

/** The requester rates a closed case with its tracking code (and the SMS code where a mobile is on file). */
export async function rateCase(h: Harness, c: { id: string; trackingCode: string }, rating: string) {
  const res = await asRequester(h, c, 'rating', { rating });
  expect(res.statusCode, res.body).toBe(200);
}

export async function getCase(h: Harness, caseId: string, officer = 'admin') {
  const res = await h.app.inject({ method: 'GET', url: `/v1/cases/${caseId}`, headers: h.as(officer) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Polls until `check` passes (for what the workflow does by itself: timers, signals). */
export async function eventually<T>(fn: () => Promise<T> | T, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let v = await fn();
  while (!check(v)) {
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

/**
 * Waits until the workflow has confirmed every job that wrote a notice of the case: until then its
 * notices wait unconfirmed, and a dispatcher run would not see them (reconcile/confirmer.ts).
 */
export async function noticesReleased(db: Harness['db'], caseId: string, timeoutMs = 20_000): Promise<void> {
  await eventually(async () => (await db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.status, 'unconfirmed')))), (rows) => rows.length === 0, timeoutMs);
}

export const actions = (c: { timeline: { action: string }[] }) => c.timeline.map((s) => s.action);

/** Waits until `fn` gives a truthy value and returns it (what a workflow does by itself, in its time). */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A requester action as the requester takes it (withdraw, rating, materials), with the tracking code
 * in its header. Where a mobile phone is on file, withdrawing and rating need a one-time code: it is
 * asked for, read from the SMS in the outbox (as the phone would receive it), and sent along.
 */
export async function asRequester(
  h: Harness,
  c: { id: string; trackingCode: string },
  action: 'withdraw' | 'rating' | 'materials',
  payload: Record<string, unknown>,
  opts: { headers?: Record<string, string>; remoteAddress?: string } = {},
) {
  const headers: Record<string, string> = { 'x-tracking-code': c.trackingCode, ...(opts.headers ?? {}) };
  if (action !== 'materials' && !headers['x-sms-code']) {
    const code = await smsCodeFor(h, c, action, opts.remoteAddress);
    if (code) headers['x-sms-code'] = code;
  }
  return h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/${action}`, headers, payload, ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}) });
}

/** Asks for a requester's one-time code and reads it from its SMS in the outbox; null when the case has no mobile phone on file. */
export async function smsCodeFor(h: Harness, c: { id: string; trackingCode: string }, purpose: 'withdraw' | 'rating', remoteAddress?: string): Promise<string | null> {
  const asked = await h.app.inject({
    method: 'POST',
    url: `/v1/cases/${c.id}/requester-code`,
    headers: { 'x-tracking-code': c.trackingCode },
    payload: { purpose },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  if (asked.statusCode === 409 && asked.json().code === 'NO_PHONE_ON_FILE') return null;
  // The code sent moments ago is still good (an action that failed gives it back): the phone has it.
  if (asked.statusCode === 429 && asked.json().code === 'SMS_CODE_TOO_SOON') return await lastSmsCode(h, c.id);
  expect(asked.statusCode, asked.body).toBe(202);
  return await lastSmsCode(h, c.id);
}

/** The code in the last requester-code SMS of a case, as its phone received it. */
export async function lastSmsCode(h: Harness, caseId: string): Promise<string> {
  const rows = await h.db.all<{ vars: string }>(sql`select vars from outbox where key like 'requester-code:%' and case_id = ${caseId} order by id desc limit 1`);
  expect(rows, `an SMS code for ${caseId}`).toHaveLength(1);
  return (JSON.parse(rows[0].vars) as { code: string }).code;
}
