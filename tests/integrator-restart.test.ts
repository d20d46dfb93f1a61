// The processes as production runs them (the API and the worker, each its own process on one store)
// die and come back while a hotline's receiver is down for a while: nothing is lost, the order holds,
// and the event whose delivery was cut off arrives again under the same id. And the events follow the
// one truth: an event of a job the workflow has not confirmed is in no feed and no webhook; once the
// retried task takes the committed job, it is released once, with the next number.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { eventually } from './support/cases.js';
import { startReceiver, type Receiver } from './support/receiver.js';
import { lowFreePort } from '../scripts/dev-server.js';
import { integrationEvents, webhookDeliveries } from '../db/schema.js';

// Processes start in a few seconds (longer on a busy machine), and a dead worker's claim waits out its lease.
const SLOW = 240_000;

let h: Harness;
let rx: Receiver;
let api: ChildProcess | null = null;
let worker: ChildProcess | null = null;
let base = '';

function env(extra: Record<string, string> = {}) {
  const policyFile = join(h.dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ tiers: { '1': { duration: '1h' }, '2': { duration: '1h' }, '3': { duration: '1h' } }, reminderAt: 0 }));
  return {
    ...process.env,
    ...h.storeEnv,
    TASK_QUEUE: h.taskQueue,
    TEMPORAL_ADDRESS: h.address,
    ESCALATION_POLICY: policyFile,
    WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    PAYLOAD_KEYS: inject('payloadKeys'),
    // A day of retries in brief: quick back-off, a short lease for a dead worker's claims.
    WEBHOOK_BASE_DELAY_MS: '200',
    WEBHOOK_MAX_DELAY_MS: '1000',
    WEBHOOK_TIMEOUT_MS: '2000',
    WEBHOOK_LEASE_MS: '3000',
    ...extra,
  };
}

async function startWorker(extra: Record<string, string> = {}): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', 'worker.ts'], { env: env(extra), stdio: 'ignore' });
  worker = p;
  await eventually(
    async () => (await h.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: h.taskQueue }, taskQueueType: 1 })).pollers ?? [],
    (pollers) => pollers.some((x) => x.identity?.startsWith(`${p.pid}@`)),
    90_000,
  );
  return p;
}

async function startApi(port: number): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { env: env({ API_PORT: String(port), API_HOST: '127.0.0.1' }), stdio: 'ignore' });
  api = p;
  await eventually(() => fetch(`${base}/healthz`).then((r) => r.status, () => 0), (s) => s === 200, 90_000);
  return p;
}

const killed = (p: ChildProcess) =>
  new Promise<void>((r) => {
    if (p.exitCode !== null || p.signalCode !== null) return r();
    p.once('exit', () => r());
    p.kill('SIGKILL');
  });

async function http(method: string, path: string, as: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${h.tokens[as]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as any };
}

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  rx = await startReceiver();
  const port = await lowFreePort();
  base = `http://127.0.0.1:${port}`;
  await startApi(port);
}, SLOW);
afterAll(async () => {
  if (worker) await killed(worker);
  if (api) await killed(api);
  await rx?.close();
  await h?.close();
});

describe('the API and the worker restarted, the receiver down for a while', () => {
  it('loses nothing, keeps the order, and repeats the id of the delivery that was cut off', async () => {
    await startWorker();
    const made = await http('POST', '/v1/subscriptions', 'int-12345', { url: rx.url, events: ['case.accepted', 'case.escalated', 'case.resolved'] });
    expect(made.status).toBe(201);
    rx.setSecret(made.json.secret);
    const opened = await http('POST', '/v1/cases', 'int-12345', {
      externalId: 'T-restart-1',
      requester: { kind: 'enterprise', name: '某公司' },
      channel: 'hotline',
      title: '燃气报装',
      description: '新厂投产前需接通燃气',
      category: 'utilities',
    });
    expect(opened.status).toBe(201);
    const caseId = opened.json.id as string;
    await eventually(() => rx.acknowledged().map((e) => e.id), (ids) => ids.includes(`${caseId}.1`), 60_000);

    // The escalation's delivery reaches the receiver, and the worker dies before it hears the answer.
    let cut = false;
    const dying = worker!;
    rx.setAnswer(async (r) => {
      if (r.id === `${caseId}.2` && !cut) {
        cut = true;
        await killed(dying);
        return 503;
      }
      return 204;
    });
    expect((await http('POST', `/v1/cases/${caseId}/decisions`, 'gas.fc1', { action: 'escalate', reason: 'cross_department', note: '需协调' })).status).toBe(200);
    await eventually(() => cut, (c) => c, 60_000);

    // The API dies too and comes back; the receiver goes down; a new worker starts.
    await killed(api!);
    await startApi(Number(new URL(base).port));
    await rx.down();
    await startWorker();
    expect((await http('POST', `/v1/cases/${caseId}/decisions`, 'gas.chief1', { action: 'resolve', result: '已开辟绿色通道，按期通气。' })).status).toBe(200);
    // While the receiver is down the deliveries keep failing (connection refused) and are retried.
    await eventually(
      async () => (await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subject, caseId))),
      (ds) => ds.some((d) => d.seq === 2 && d.attempts >= 3),
      60_000,
    );
    await rx.open();

    const got = await eventually(() => rx.acknowledged().filter((e) => e.subject === caseId), (e) => e.length === 3, 90_000);
    expect(got.map((e) => [e.id, e.type, e.sequence])).toEqual([
      [`${caseId}.1`, 'case.accepted', '0000000001'],
      [`${caseId}.2`, 'case.escalated', '0000000002'],
      [`${caseId}.3`, 'case.resolved', '0000000003'],
    ]);
    // The cut-off delivery came again with the same id and the same document.
    const escalations = rx.got.filter((r) => r.id === `${caseId}.2`);
    expect(escalations.length).toBeGreaterThanOrEqual(2);
    expect(new Set(escalations.map((r) => r.body)).size).toBe(1);
    expect(rx.got.every((r) => r.verifyError === null)).toBe(true);
    // Each event was acknowledged in order: nothing of the case after the escalation before it.
    const firstAck = (id: string) => rx.got.findIndex((r) => r.id === id && r.status < 300);
    expect(firstAck(`${caseId}.1`)).toBeLessThan(firstAck(`${caseId}.2`));
    expect(firstAck(`${caseId}.2`)).toBeLessThan(firstAck(`${caseId}.3`));
    // The feed of the restarted API holds the same three.
    const feed = await http('GET', '/v1/events', 'int-12345');
    expect(feed.json.items.filter((e: { subject: string }) => e.subject === caseId).map((e: { id: string }) => e.id)).toEqual(got.map((e) => e.id));
    await killed(worker!);
  }, SLOW);
});

describe('events follow the workflow\'s confirmation', () => {
  it('keeps a dead attempt\'s event out of every feed until the retried task takes the job, then releases it once', async () => {
    // The worker exits right after its second store call (the escalation) has committed.
    const p = await startWorker({ FAULT_EXIT_AFTER_STORE_CALL: '2' });
    const opened = await http('POST', '/v1/cases', 'int-12345', {
      externalId: 'T-truth-1',
      requester: { kind: 'enterprise', name: '某公司' },
      channel: 'hotline',
      title: '企业登记',
      description: '变更登记',
      category: 'business_registration',
    });
    expect(opened.status).toBe(201);
    const caseId = opened.json.id as string;
    const ofCase = async () => (await h.db.select().from(integrationEvents).where(eq(integrationEvents.caseId, caseId)).orderBy(asc(integrationEvents.id)));
    // The intake's job is confirmed by the workflow: its event is released.
    await eventually(ofCase, (rows) => rows.length === 1 && rows[0].status === 'released', 60_000);
    const escalate = () => http('POST', `/v1/cases/${caseId}/decisions`, 'market.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' }, { 'idempotency-key': `esc-${caseId}` });
    const first = escalate().catch(() => null);
    await new Promise<void>((r) => (p.exitCode !== null ? r() : p.once('exit', () => r())));
    await first;
    expect((await ofCase()).map((e) => [e.type, e.status, e.seq])).toEqual([
      ['case.accepted', 'released', 1],
      ['case.escalated', 'unconfirmed', null],
    ]);
    const before = await http('GET', '/v1/events', 'int-12345');
    expect(before.json.items.filter((e: { subject: string }) => e.subject === caseId).map((e: { type: string }) => e.type)).toEqual(['case.accepted']);

    await startWorker();
    // The officer sends the same decision again (the workbench keeps its Idempotency-Key across a retry).
    await eventually(() => escalate().then((r) => r.status), (s) => s === 200, 90_000);
    const released = await eventually(ofCase, (rows) => rows.every((e) => e.status === 'released'), 60_000);
    expect(released.map((e) => [e.type, e.seq, e.eventId])).toEqual([
      ['case.accepted', 1, `${caseId}.1`],
      ['case.escalated', 2, `${caseId}.2`],
    ]);
    const after = await http('GET', '/v1/events', 'int-12345');
    expect(after.json.items.filter((e: { subject: string }) => e.subject === caseId).map((e: { id: string }) => e.id)).toEqual([`${caseId}.1`, `${caseId}.2`]);
    expect((await h.db.select().from(integrationEvents).where(and(eq(integrationEvents.caseId, caseId), eq(integrationEvents.type, 'case.escalated'))))).toHaveLength(1);
  }, SLOW);
});
