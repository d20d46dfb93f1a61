// Delivery a hotline can trust, receiver by receiver: a slow receiver holds up neither the case nor
// another subscription; a receiver that keeps failing ends in the dead-letter list with its case's
// later events waiting behind it, and a redelivery keeps the ids; 410 disables the subscription until
// it is enabled again; a rotated secret signs beside the old one for its grace period; in production
// no subscription (and no delivery) reaches an internal address unless allow-listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { appOver, startHarness, type Harness } from './support/harness.js';
import { decide, eventually } from './support/cases.js';
import { startReceiver, type Receiver } from './support/receiver.js';
import { postWebhook } from '../webhooks/post.js';
import { targetPolicyFromEnv } from '../webhooks/targets.js';

let h: Harness;
const receivers: Receiver[] = [];

beforeAll(async () => {
  // Retried within a few hundred milliseconds, given up after two seconds: a day's retries in brief.
  h = await startHarness({ webhooks: { timeoutMs: 8_000, leaseMs: 20_000, retryForMs: 2_000, baseDelayMs: 100, maxDelayMs: 400 } });
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await h?.close();
});

async function receiver(o: Parameters<typeof startReceiver>[0] = {}) {
  const r = await startReceiver(o);
  receivers.push(r);
  return r;
}

async function subscribe(rx: Receiver, events = ['case.accepted', 'case.escalated', 'case.resolved']) {
  const res = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('int-12345'), payload: { url: rx.url, events } });
  expect(res.statusCode, res.body).toBe(201);
  const s = res.json() as { id: string; secret: string };
  rx.setSecret(s.secret);
  return s;
}

/** A hotline case in the housing bureau, with its own ticket number. */
async function hotlineCase() {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: h.as('int-12345'),
    payload: { externalId: `T-${Math.random().toString(36).slice(2)}`, requester: { kind: 'enterprise', name: '某公司' }, channel: 'hotline', title: '消防验收', description: '来电反映消防验收问题', category: 'fire_safety' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const escalateAndResolve = async (caseId: string) => {
  expect((await decide(h, caseId, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' })).statusCode).toBe(200);
  expect((await decide(h, caseId, 'housing.chief1', { action: 'resolve', result: '已办结' })).statusCode).toBe(200);
};
const typesOf = (rx: Receiver, caseId: string) => rx.acknowledged().filter((e) => e.subject === caseId).map((e) => e.type);

describe('a slow receiver', () => {
  it('holds up neither the case nor another subscription', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let holding = 0;
    const slow = await receiver({ answer: async () => (holding++, await gate, 204) });
    const fast = await receiver();
    await subscribe(slow);
    await subscribe(fast);
    const caseId = await hotlineCase();
    await eventually(() => holding, (n) => n === 1);
    // The slow receiver sits on its first request; the case goes on, and the other subscription hears all of it.
    await escalateAndResolve(caseId);
    await eventually(() => typesOf(fast, caseId), (t) => t.length === 3);
    expect(typesOf(fast, caseId)).toEqual(['case.accepted', 'case.escalated', 'case.resolved']);
    expect(typesOf(slow, caseId)).toEqual([]);
    release();
    await eventually(() => typesOf(slow, caseId), (t) => t.length === 3);
    expect(typesOf(slow, caseId)).toEqual(['case.accepted', 'case.escalated', 'case.resolved']);
  });
});

describe('a receiver that keeps failing', () => {
  it('puts the event in the dead-letter list after the retry window; later events of the case wait behind it; a redelivery keeps the ids', async () => {
    const rx = await receiver({ answer: () => 500 });
    const s = await subscribe(rx);
    const caseId = await hotlineCase();
    await escalateAndResolve(caseId);
    const failed = await eventually(
      async () => (await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${s.id}/failed`, headers: h.as('int-12345') })).json() as { items: { attempts: number }[] },
      (b) => b.items.length > 0,
    );
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ eventId: `${caseId}.1`, type: 'case.accepted', sequence: 1, lastStatus: 500, event: { id: `${caseId}.1`, type: 'case.accepted' } });
    expect(failed.items[0].attempts).toBeGreaterThan(2);
    // Only the first event was ever tried: the escalation and the answer wait behind it, in order.
    expect(new Set(rx.got.map((r) => r.id))).toEqual(new Set([`${caseId}.1`]));

    rx.setAnswer(() => 204);
    const other = await h.app.inject({ method: 'POST', url: `/v1/subscriptions/${s.id}/failed/${caseId}.9/redeliver`, headers: h.as('int-12345') });
    expect(other.json()).toMatchObject({ status: 404, code: 'DELIVERY_NOT_FOUND' });
    const again = await h.app.inject({ method: 'POST', url: `/v1/subscriptions/${s.id}/failed/${caseId}.1/redeliver`, headers: h.as('int-12345') });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ redelivered: 1 });
    const events = await eventually(() => rx.acknowledged().filter((e) => e.subject === caseId), (e) => e.length === 3);
    expect(events.map((e) => e.id)).toEqual([`${caseId}.1`, `${caseId}.2`, `${caseId}.3`]);
    // Every attempt of the first event carried the same id; none of them verified wrongly.
    expect(rx.got.filter((r) => r.id === `${caseId}.1`).length).toBe(failed.items[0].attempts + 1);
    expect(rx.got.every((r) => r.verifyError === null)).toBe(true);
    expect((await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${s.id}/failed`, headers: h.as('int-12345') })).json().items).toEqual([]);
  });

  it('answering 410 Gone disables the subscription; enabled again, it gets what waited, in order', async () => {
    const rx = await receiver({ answer: () => 410 });
    const s = await subscribe(rx);
    const caseId = await hotlineCase();
    const disabled = await eventually(
      async () => (await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${s.id}`, headers: h.as('int-12345') })).json(),
      (b: { status: string }) => b.status === 'disabled',
    );
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    await escalateAndResolve(caseId);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(rx.got.map((r) => r.id)).toEqual([`${caseId}.1`]);

    rx.setAnswer(() => 204);
    const enabled = await h.app.inject({ method: 'PATCH', url: `/v1/subscriptions/${s.id}`, headers: h.as('int-12345'), payload: { active: true } });
    expect(enabled.json()).toMatchObject({ status: 'active', disabledReason: null });
    await eventually(() => typesOf(rx, caseId), (t) => t.length === 3);
    expect(typesOf(rx, caseId)).toEqual(['case.accepted', 'case.escalated', 'case.resolved']);
  });
});

describe('rotating the signing secret', () => {
  it('signs with both secrets during the grace period, then with the new one only', async () => {
    const rx = await receiver();
    const s = await subscribe(rx, ['case.accepted']);
    const rotated = await h.app.inject({ method: 'POST', url: `/v1/subscriptions/${s.id}/rotate-secret`, headers: h.as('int-12345'), payload: { graceSeconds: 3600 } });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json() as { secret: string; previousSecretValidUntil: string };
    expect(fresh.secret).not.toBe(s.secret);
    expect(Date.parse(fresh.previousSecretValidUntil)).toBeGreaterThan(Date.now() + 3_500_000);
    const first = await hotlineCase();
    await eventually(() => rx.got.filter((r) => r.id === `${first}.1`), (g) => g.length === 1);
    const m = rx.got.find((r) => r.id === `${first}.1`)!;
    const headers = { 'webhook-id': m.id, 'webhook-timestamp': m.timestamp, 'webhook-signature': m.signature };
    expect(m.signature.split(' ')).toHaveLength(2);
    // A receiver still holding the old secret verifies, and so does one that switched.
    expect(() => new Webhook(s.secret).verify(m.body, headers)).not.toThrow();
    expect(() => new Webhook(fresh.secret).verify(m.body, headers)).not.toThrow();

    const now = await h.app.inject({ method: 'POST', url: `/v1/subscriptions/${s.id}/rotate-secret`, headers: h.as('int-12345'), payload: { graceSeconds: 0 } });
    const newest = now.json() as { secret: string; previousSecretValidUntil: string | null };
    expect(newest.previousSecretValidUntil).toBeNull();
    rx.setSecret(newest.secret);
    const second = await hotlineCase();
    await eventually(() => rx.got.filter((r) => r.id === `${second}.1`), (g) => g.length === 1);
    const n = rx.got.find((r) => r.id === `${second}.1`)!;
    const nHeaders = { 'webhook-id': n.id, 'webhook-timestamp': n.timestamp, 'webhook-signature': n.signature };
    expect(() => new Webhook(newest.secret).verify(n.body, nHeaders)).not.toThrow();
    expect(() => new Webhook(fresh.secret).verify(n.body, nHeaders)).toThrow(WebhookVerificationError);
  });
});

describe('managing subscriptions', () => {
  it('refuses what is not the caller\'s to do, and bad bodies, with the contract\'s codes', async () => {
    const rx = await receiver();
    const s = await subscribe(rx);
    const officer = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('housing.fc1'), payload: { url: rx.url, events: ['case.accepted'] } });
    expect(officer.json()).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
    const unknown = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('int-12345'), payload: { url: rx.url, events: ['case.exploded'] } });
    expect(unknown.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const ftp = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('int-12345'), payload: { url: 'ftp://example.org/x', events: ['case.accepted'] } });
    expect(ftp.json()).toMatchObject({ status: 422, code: 'SUBSCRIPTION_URL_REFUSED' });
    const creds = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('int-12345'), payload: { url: 'https://user:pw@example.org/x', events: ['case.accepted'] } });
    expect(creds.json()).toMatchObject({ status: 422, code: 'SUBSCRIPTION_URL_REFUSED' });
    const forOther = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('int-12345'), payload: { url: rx.url, events: ['case.accepted'], ownerId: 'admin' } });
    expect(forOther.json()).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
    // An administrator manages everyone's: makes one for the hotline, lists, disables and deletes.
    const byAdmin = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('admin'), payload: { url: rx.url, events: ['case.rated'], ownerId: 'int-12345' } });
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
    expect(byAdmin.json().ownerId).toBe('int-12345');
    const mine = (await h.app.inject({ method: 'GET', url: '/v1/subscriptions', headers: h.as('int-12345') })).json().items.map((x: { id: string }) => x.id);
    expect(mine).toEqual(expect.arrayContaining([s.id, byAdmin.json().id]));
    const off = await h.app.inject({ method: 'PATCH', url: `/v1/subscriptions/${s.id}`, headers: h.as('admin'), payload: { active: false } });
    expect(off.json()).toMatchObject({ status: 'disabled', disabledReason: 'by_admin' });
    expect((await h.app.inject({ method: 'DELETE', url: `/v1/subscriptions/${s.id}`, headers: h.as('int-12345') })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${s.id}`, headers: h.as('int-12345') })).json().code).toBe('SUBSCRIPTION_NOT_FOUND');
  });
});

describe('in production', () => {
  const internal = [
    'http://127.0.0.1:8080/hooks',
    'http://localhost:8080/hooks',
    'http://10.1.2.3/hooks',
    'http://192.168.1.20/hooks',
    'http://172.20.0.5/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hooks',
    'http://[::ffff:127.0.0.1]/hooks',
    'http://[fd00::5]/hooks',
    'http://0.0.0.0:8080/hooks',
  ];

  it('refuses a subscription to a loopback, link-local or private address unless allow-listed', async () => {
    const saved = process.env.WEBHOOK_ALLOWED_TARGETS;
    process.env.WEBHOOK_ALLOWED_TARGETS = '10.9.0.0/16,hotline.internal';
    const prod = await appOver(h, { config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'https://cases.example.gov.cn', production: true } });
    if (saved === undefined) delete process.env.WEBHOOK_ALLOWED_TARGETS;
    else process.env.WEBHOOK_ALLOWED_TARGETS = saved;
    try {
      const make = (url: string) => prod.inject({ method: 'POST', url: '/v1/subscriptions', headers: h.as('int-12345'), payload: { url, events: ['case.accepted'] } });
      for (const url of internal) {
        const res = await make(url);
        expect(res.json(), url).toMatchObject({ status: 422, code: 'SUBSCRIPTION_URL_REFUSED' });
      }
      expect((await make('https://unresolvable.invalid/hooks')).json()).toMatchObject({ code: 'SUBSCRIPTION_URL_REFUSED' });
      // A public address, and what the administrator allow-listed, are fine.
      const ok = await make('https://93.184.215.14/hooks');
      expect(ok.statusCode, ok.body).toBe(201);
      expect((await make('http://10.9.3.4/hooks')).statusCode).toBe(201);
      // A name allow-listed goes whatever it resolves to (here: nowhere, checked at delivery).
      expect((await make('https://hotline.internal/hooks')).statusCode).toBe(201);
      // Changing a subscription's URL is checked the same way.
      const moved = await prod.inject({ method: 'PATCH', url: `/v1/subscriptions/${ok.json().id}`, headers: h.as('int-12345'), payload: { url: 'http://169.254.169.254/' } });
      expect(moved.json()).toMatchObject({ status: 422, code: 'SUBSCRIPTION_URL_REFUSED' });
    } finally {
      await prod.close();
    }
  });

  it('refuses to deliver to an internal address too, however the name resolves at that moment', async () => {
    const rx = await receiver();
    const prod = targetPolicyFromEnv({}, true);
    const literal = await postWebhook(new URL(`http://127.0.0.1:${rx.port}/hooks`), {}, '{}', { timeoutMs: 2_000, policy: prod });
    expect(literal).toMatchObject({ status: null, error: expect.stringContaining('internal address') });
    const named = await postWebhook(new URL(`http://localhost:${rx.port}/hooks`), {}, '{}', { timeoutMs: 2_000, policy: prod });
    expect(named).toMatchObject({ status: null, error: expect.stringContaining('internal address') });
    expect(rx.got).toHaveLength(0);
    // Allow-listed, the same receiver is reached.
    const allowed = await postWebhook(new URL(`http://localhost:${rx.port}/hooks`), {}, '{}', { timeoutMs: 2_000, policy: targetPolicyFromEnv({ WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' }, true) });
    expect(allowed.status).toBe(401); // it reached the receiver, which found no signature
    expect(rx.got).toHaveLength(1);
  });
});
