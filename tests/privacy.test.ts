// Personal data: a requester's phone is shown only to the officers who handle the case (and admins),
// never written to logs, and never carried in Temporal payloads (event history outlives our control
// of it: retention, exports, Temporal UI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { startHarness, type Harness } from './support/harness.js';
import { historyText } from './support/history.js';
import { asRequester, decide, eventually, sampleIntake } from './support/cases.js';
import { buildApp } from '../api/server.js';
import { loggerOptions, safeUrl } from '../api/log.js';
import { createLogChannel } from '../notify/channels.js';
import { complaintWorkflowId } from '../workflows/definitions.js';

const PHONE = '13905625678';
const MASKED = '139****5678';
const NAME = '隐私测试人甲';

let h: Harness;
let logged = '';
let logApp: FastifyInstance;

beforeAll(async () => {
  h = await startHarness();
  // A second app on the same store and task queue, with the production logger writing to a buffer.
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logged += chunk.toString();
      cb();
    },
  });
  logApp = await buildApp({
    db: h.db,
    client: h.client,
    config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
    trackingSecret: 'test-tracking-secret',
    keyRing: h.keyRing,
    logger: { ...loggerOptions('debug'), stream },
  });
});
afterAll(async () => {
  await logApp?.close();
  await h?.close();
});

describe('phone numbers in answers', () => {
  it('shows the full number to the case\'s officers and admins, masked to everyone else', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: h.as('int-12345'),
      payload: sampleIntake({ requester: { kind: 'person', name: NAME, phone: PHONE }, firstContactOfficerId: 'housing.fc1', channel: 'api' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(PHONE);
    const c = res.json();
    const phoneFor = async (headers: Record<string, string>, query = '') => {
      const r = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}${query}`, headers });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().requester.phone;
    };
    expect(await phoneFor(h.as('housing.fc1'))).toBe(PHONE);
    expect(await phoneFor(h.as('admin'))).toBe(PHONE);
    expect(await phoneFor(h.as('int-12345'))).toBe(MASKED); // the integrator that filed it
    expect(await phoneFor(h.as('sup-1'))).toBe(MASKED);
    expect(await phoneFor(h.as('city-mayor'))).toBe(MASKED);
    expect(await phoneFor({}, `?trackingCode=${c.trackingCode}`)).toBe(MASKED);
    // Lists and the inbox carry no phone at all.
    for (const url of ['/v1/cases', '/v1/inbox']) {
      const r = await h.app.inject({ method: 'GET', url, headers: h.as('housing.fc1') });
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain('5678');
    }
    // A requester action answers with the masked number.
    const w = await asRequester(h, c, 'withdraw', {});
    expect(w.statusCode).toBe(200);
    expect(w.json().requester.phone).toBe(MASKED);
  });
});

describe('Temporal payloads', () => {
  it('carry neither the requester\'s phone nor name: the workflow gets ids and the title only', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: h.as('civil.fc1'),
      payload: sampleIntake({ requester: { kind: 'person', name: NAME, phone: PHONE }, title: '证明村庄2004年属何区' }),
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    const esc = await decide(h, c.id, 'civil.fc1', { action: 'escalate', reason: 'legacy', note: '档案室未找到，提级' });
    expect(esc.statusCode).toBe(200);
    const text = await historyText(h, c.workflowId);
    expect(text).toContain('证明村庄2004年属何区'); // the decoding works: the title is there
    expect(text).toContain('档案室未找到');
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('5625678');
    expect(text).not.toContain(NAME);
  });

  it('keep a complainant\'s phone out of the complaint workflow too', async () => {
    const r = await h.app.inject({
      method: 'POST',
      url: '/v1/complaints',
      headers: { 'idempotency-key': 'privacy-complaint-1' },
      payload: { windowCode: 'W-housing-01', contact: { name: NAME, phone: PHONE }, content: '窗口推诿，不予受理' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const workflowId = complaintWorkflowId(r.json().id);
    const text = await eventually(() => historyText(h, workflowId), (t) => t.includes('W-housing-01'));
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(NAME);
  });
});

describe('logs', () => {
  it('hold no phone number, tracking code or bearer token, while still logging each request', async () => {
    const token = h.tokens['housing.fc2'];
    const res = await logApp.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: { authorization: `Bearer ${token}` },
      payload: sampleIntake({ requester: { kind: 'person', name: NAME, phone: PHONE } }),
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    await logApp.inject({ method: 'GET', url: `/v1/cases/${c.id}?trackingCode=${c.trackingCode}` });
    await logApp.inject({ method: 'GET', url: `/v1/cases/${c.id}/trace?trackingCode=${c.trackingCode}&x=${PHONE}` });
    await logApp.inject({ method: 'POST', url: `/v1/cases/${c.id}/withdraw?trackingCode=${c.trackingCode}`, payload: { reason: `请回电 ${PHONE}` } });
    await logApp.inject({ method: 'POST', url: '/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: { requester: { kind: 'person', name: NAME, phone: PHONE } } });
    expect(logged).toContain(`/v1/cases/${c.id}?trackingCode=[redacted]`);
    expect(logged.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(10);
    expect(logged).not.toContain(PHONE);
    expect(logged).not.toContain(c.trackingCode);
    expect(logged).not.toContain(token);
  });

  it('masks phones in the URL helper and in the notification log channel', async () => {
    expect(safeUrl(`/v1/cases/x?trackingCode=abc&phone=${PHONE}`)).toBe(`/v1/cases/x?trackingCode=[redacted]&phone=${MASKED}`);
    const lines: string[] = [];
    await createLogChannel((l) => lines.push(l)).deliver({
      id: 1,
      key: 'k',
      caseId: 'c',
      recipientId: 'requester:c',
      recipientKind: 'requester',
      template: 'feedback_resolved',
      vars: {},
      body: `您的诉求已办结，如有疑问请致电 ${PHONE}`,
      attempts: 0,
    });
    expect(lines[0]).toContain(MASKED);
    expect(lines[0]).not.toContain(PHONE);
  });
});
