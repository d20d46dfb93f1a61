// The 12345 hotline as an integrator: it starts a case by its own ticket number, subscribes a
// receiver, and gets the case's events back as signed CloudEvents, in order, with stable ids; the
// change feed carries the same events; nobody else's events reach it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { decide, eventually, getCase } from './support/cases.js';
import { startReceiver, type Receiver } from './support/receiver.js';
import { integrationEvents, principals } from '../db/schema.js';
import { issueToken } from '../db/tokens.js';

let h: Harness;
let rx: Receiver;
let other: string; // a second integrator's token
let sub: { id: string; secret: string };

const ticket = `12345-${Date.now()}`;
const hotlineIntake = {
  externalId: ticket,
  requester: { kind: 'person', name: '王秀兰', phone: '13905629999' },
  channel: 'hotline',
  title: '养老院改建后消防验收无法通过',
  description: '王秀兰（住义安路8号）来电反映：商业用房改建的养老院消防验收无法通过。',
  category: 'fire_safety',
};

beforeAll(async () => {
  h = await startHarness();
  rx = await startReceiver();
  await h.db.insert(principals).values({ id: 'int-other', name: '另一个对接系统', role: 'integrator' });
  other = (await issueToken(h.db, { id: 'int-other' }, { label: 'test', expires: false })).token;
});
afterAll(async () => {
  await rx?.close();
  await h?.close();
});

const asOther = () => ({ authorization: `Bearer ${other}` });
const feed = async (headers: Record<string, string>, query = '') => {
  const res = await h.app.inject({ method: 'GET', url: `/v1/events${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; type: string; subject: string; sequence: string; data: Record<string, unknown> }[]; nextCursor: string };
};

describe('a hotline\'s case, told back by webhooks and the feed', () => {
  let caseId: string;

  it('subscribes, shows the secret once, and starts a case by ticket number in the category\'s unit', async () => {
    const made = await h.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: h.as('int-12345'),
      payload: { url: rx.url, events: ['case.accepted', 'case.escalated', 'case.resolved', 'case.rated', 'complaint.filed'], description: '12345 工单回传' },
    });
    expect(made.statusCode, made.body).toBe(201);
    sub = made.json();
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    rx.setSecret(sub.secret);
    const read = await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${sub.id}`, headers: h.as('int-12345') });
    expect(read.json()).toMatchObject({ id: sub.id, ownerId: 'int-12345', status: 'active' });
    expect(read.json()).not.toHaveProperty('secret');
    // Another integrator does not even learn that it exists.
    expect((await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${sub.id}`, headers: asOther() })).json().code).toBe('SUBSCRIPTION_NOT_FOUND');

    // No unit named: the category's unit takes it (派单).
    const res = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('int-12345'), payload: hotlineIntake });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
    expect(res.json().assignee.principalId).toBe('housing.fc1');
    const found = await h.app.inject({ method: 'GET', url: `/v1/cases?externalId=${encodeURIComponent(ticket)}`, headers: h.as('int-12345') });
    expect(found.json().items).toMatchObject([{ id: caseId, externalId: ticket, category: 'fire_safety' }]);
    // A ticket number is the integrator's own: another one finds nothing under it.
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases?externalId=${encodeURIComponent(ticket)}`, headers: asOther() })).json().items).toEqual([]);
  });

  it('delivers accepted, escalated and resolved in order, each verified by the receiver\'s library', async () => {
    expect((await decide(h, caseId, 'housing.fc1', { action: 'escalate', reason: 'no_precedent', note: '本市无先例' })).statusCode).toBe(200);
    expect((await decide(h, caseId, 'housing.chief1', { action: 'resolve', result: '参照外地经验先行消防验收，同步补办手续。' })).statusCode).toBe(200);
    const events = await eventually(() => rx.acknowledged(), (e) => e.length >= 3);
    expect(events.map((e) => [e.type, e.sequence, e.id])).toEqual([
      ['case.accepted', '0000000001', `${caseId}.1`],
      ['case.escalated', '0000000002', `${caseId}.2`],
      ['case.resolved', '0000000003', `${caseId}.3`],
    ]);
    expect(rx.got.every((r) => r.verifyError === null)).toBe(true);
    const [accepted, escalated, resolved] = events;
    expect(accepted).toMatchObject({ specversion: '1.0', source: '/v1/cases', subject: caseId, data: { caseId, externalId: ticket, category: 'fire_safety', tier: '1', channel: 'hotline' } });
    expect(escalated.data).toMatchObject({ tier: '2', fromTier: '1', reason: 'no_precedent' });
    expect(resolved.data).toMatchObject({ tier: '2', result: '参照外地经验先行消防验收，同步补办手续。' });
    expect(rx.got[0].contentType).toBe('application/cloudevents+json; charset=utf-8');
    // The tier, never the person; nothing personal the hotline did not send, and no internal note.
    const all = rx.got.map((r) => r.body).join('\n');
    for (const never of ['housing.fc1', 'housing.chief1', '李娜', '陈静', '王秀兰', '13905629999', '义安路', '本市无先例']) expect(all).not.toContain(never);
    const view = await getCase(h, caseId);
    expect(view).toMatchObject({ category: 'fire_safety', externalId: ticket });
  });

  it('the feed gives the same events; another integrator sees none; an administrator sees them all', async () => {
    const mine = await feed(h.as('int-12345'));
    const ofCase = mine.items.filter((e) => e.subject === caseId);
    expect(ofCase.map((e) => e.id)).toEqual([`${caseId}.1`, `${caseId}.2`, `${caseId}.3`]);
    // Byte for byte the documents the receiver verified.
    const delivered = new Map(rx.got.filter((r) => r.event).map((r) => [r.id, JSON.parse(r.body)]));
    for (const e of ofCase) expect(e).toEqual(delivered.get(e.id));
    // Filtered by type, and paged by its cursor.
    const resolvedOnly = await feed(h.as('int-12345'), '?types=case.resolved');
    expect(resolvedOnly.items.map((e) => e.id)).toEqual([`${caseId}.3`]);
    const first = await feed(h.as('int-12345'), '?limit=1');
    const rest = await feed(h.as('int-12345'), `?after=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((e) => e.id)).toEqual(mine.items.map((e) => e.id));
    const end = await feed(h.as('int-12345'), `?after=${mine.nextCursor}`);
    expect(end).toEqual({ items: [], nextCursor: mine.nextCursor });

    expect((await feed(asOther())).items.filter((e) => e.subject === caseId)).toEqual([]);
    const admin = await feed(h.as('admin'));
    const adminsView = admin.items.filter((e) => e.subject === caseId);
    expect(adminsView.map((e) => e.id)).toEqual([`${caseId}.1`, `${caseId}.2`, `${caseId}.3`]);
    // The ticket number is the hotline's own: others read the events without it.
    expect(adminsView.every((e) => e.data.externalId === null)).toBe(true);

    const bad = await h.app.inject({ method: 'GET', url: '/v1/events?types=case.exploded', headers: h.as('int-12345') });
    expect(bad.json()).toMatchObject({ status: 400, code: 'UNKNOWN_EVENT_TYPE' });
    const cursor = await h.app.inject({ method: 'GET', url: '/v1/events?after=abc', headers: h.as('int-12345') });
    expect(cursor.json()).toMatchObject({ status: 400, code: 'BAD_CURSOR' });
    const officer = await h.app.inject({ method: 'GET', url: '/v1/events', headers: h.as('housing.fc1') });
    expect(officer.json()).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
  });

  it('granted a category, another integrator sees its cases\' events (without the hotline\'s ticket number)', async () => {
    const granted = await h.app.inject({ method: 'PUT', url: '/v1/integrators/int-other/event-scope', headers: h.as('admin'), payload: { all: false, categories: ['fire_safety'] } });
    expect(granted.statusCode, granted.body).toBe(200);
    const seen = (await feed(asOther())).items.filter((e) => e.subject === caseId);
    expect(seen.map((e) => e.id)).toEqual([`${caseId}.1`, `${caseId}.2`, `${caseId}.3`]);
    expect(seen.every((e) => e.data.externalId === null && e.data.category === 'fire_safety')).toBe(true);
    await h.app.inject({ method: 'PUT', url: '/v1/integrators/int-other/event-scope', headers: h.as('admin'), payload: { all: false } });
    expect((await feed(asOther())).items.filter((e) => e.subject === caseId)).toEqual([]);
    const nope = await h.app.inject({ method: 'PUT', url: '/v1/integrators/int-other/event-scope', headers: h.as('admin'), payload: { all: false, unitIds: ['atlantis'] } });
    expect(nope.json()).toMatchObject({ code: 'DIRECTORY_RULE', errors: [{ path: 'body.unitIds.0' }] });
  });

  it('a tampered body or a replayed old message fails the receiver\'s verification', () => {
    const r = rx.got.find((x) => x.event?.type === 'case.resolved')!;
    const wh = new Webhook(sub.secret);
    const headers = { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature };
    expect(() => wh.verify(r.body, headers)).not.toThrow();
    const tampered = r.body.replace('参照外地经验', '不予办理');
    expect(tampered).not.toBe(r.body);
    expect(() => wh.verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(() => wh.verify(r.body, { ...headers, 'webhook-id': `${caseId}.9` })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(r.body, headers)).toThrow(WebhookVerificationError);
    // The same message replayed ten minutes later: the library's tolerance is five.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Number(r.timestamp) * 1000 + 10 * 60_000);
      expect(() => wh.verify(r.body, headers)).toThrow(/too old/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a complaint about the case joins its stream; the integrator that filed it is told', async () => {
    const filed = await h.app.inject({
      method: 'POST',
      url: '/v1/complaints',
      headers: h.as('int-12345'),
      payload: { caseId, contact: { name: '王秀兰', phone: '13905629999' }, content: '答复太慢' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const complaintId = filed.json().id;
    const events = await eventually(() => rx.acknowledged(), (e) => e.some((x) => x.type === 'complaint.filed'));
    const c = events.find((x) => x.type === 'complaint.filed')!;
    expect(c).toMatchObject({ id: `${caseId}.4`, subject: caseId, sequence: '0000000004', data: { caseId, complaintId, externalId: ticket, unitId: 'housing', status: 'open' } });
    expect(JSON.stringify(c)).not.toContain('答复太慢');
    // Written once however often its activities ran.
    expect((await h.db.select().from(integrationEvents).where(eq(integrationEvents.complaintId, complaintId)))).toHaveLength(1);
  });
});
