// The worker killed (SIGKILL) in the middle of cases and started again: the cases go on where their
// decisions put them, deadlines that lapsed meanwhile are acted on, and no notification goes out twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, type Harness } from './support/harness.js';
import { spawnWorkerProcess, untilPolling } from './support/worker-process.js';
import { actions, decide, eventually, getCase, openCase, sampleIntake } from './support/cases.js';
import { outbox } from '../db/schema.js';

let h: Harness;
let receiver: Server;
let url = '';
const received = new Map<string, number>();
let worker: ChildProcess | null = null;

function startWorkerProcess() {
  const policyFile = join(h.dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ tiers: { '1': { duration: '4s' }, '2': { duration: '1h' } }, reminderAt: 0 }));
  worker = spawnWorkerProcess(h, {
    ESCALATION_POLICY: policyFile,
    NOTIFY_WEBHOOK_URL: url,
    // Notifications the killed worker had claimed are taken over within the test's wait, not after a minute.
    NOTIFY_LEASE_MS: '8000',
    NOTIFY_WEBHOOK_TIMEOUT_MS: '3000', // the lease stays above the channel's timeout
  });
}

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  receiver = createServer((req, res) => {
    const key = String(req.headers['idempotency-key']);
    received.set(key, (received.get(key) ?? 0) + 1);
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/sms`;
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  receiver?.close();
  await h?.close();
});

describe('a worker killed mid-case', () => {
  it('loses nothing and sends nothing twice', async () => {
    startWorkerProcess();
    await untilPolling(h, worker!);
    const a = await openCase(h, 'yian.fc1');
    const b = await openCase(h, 'yian.fc2');
    const esc = await decide(h, a.id, 'yian.fc1', { action: 'escalate', reason: 'legacy', note: '历史遗留问题' });
    expect(esc.json().tier).toBe('2');

    worker!.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    // A notice the dead worker had handed to the channel but not yet marked sent is still 'sending':
    // it goes out again once its claim lapses, under the same Idempotency-Key for the gateway to drop
    // (at least once; scripts/faults.ts counts these apart too). Every other notice goes out once.
    const inFlight = new Set((await h.db.select().from(outbox)).filter((x) => x.status === 'sending').map((x) => x.key));

    // While no worker runs: a fire-and-forget decision is accepted durably, and b's window lapses.
    const sig = await decide(h, a.id, 'yian.chief1', { action: 'escalate', reason: 'unsure', note: '提级' }, { prefer: 'respond-async' });
    expect(sig.statusCode).toBe(202);
    // An answer-now decision cannot be answered without a worker: a clear 503 after a bounded wait.
    // (It lands behind the signal, whose escalation makes it NOT_ASSIGNEE once the worker is back.)
    const blocked = await decide(h, a.id, 'yian.chief1', { action: 'escalate', reason: 'unsure', note: '再次提级' }, { 'idempotency-key': 'retry-me' });
    expect(blocked.statusCode).toBe(503);
    expect(blocked.json()).toMatchObject({ code: 'WORKER_UNAVAILABLE' });
    expect(blocked.body).not.toMatch(/temporal|grpc|workflow/i);
    // An intake is taken in all the same (受理): the case and its tracking code now, its first
    // assignee from its workflow once a worker runs, without the intake being sent again.
    const taken = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('yian.fc1'), payload: sampleIntake() });
    expect(taken.statusCode, taken.body).toBe(202);
    expect(taken.json()).toMatchObject({ tier: '1', assignee: null, deadlineAt: null });
    // Reads need no worker.
    const read = await h.app.inject({ method: 'GET', url: `/v1/cases/${b.id}`, headers: h.as('yian.fc2') });
    expect(read.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));

    startWorkerProcess();
    const aNow = await eventually(() => getCase(h, a.id), (x) => x.tier === '3', 30_000);
    expect(aNow.assignee.principalId).toBe('yian.deputy');
    const cNow = await eventually(() => getCase(h, taken.json().id), (x) => !!x.assignee, 30_000);
    expect(cNow).toMatchObject({ tier: '1', assignee: { principalId: 'yian.fc1' } });
    expect(actions(cNow)).toEqual(['received', 'assigned']);
    expect(actions(aNow).filter((x: string) => x === 'escalated')).toHaveLength(2);
    const bNow = await eventually(() => getCase(h, b.id), (x) => x.tier === '2', 30_000);
    expect(actions(bNow)).toEqual(['received', 'assigned', 'deadline_lapsed', 'escalated']);

    // The case goes on through the API after the restart.
    const done = await decide(h, a.id, 'yian.deputy', { action: 'resolve', result: '参照2004年区划调整会议纪要出具证明' });
    expect(done.json().status).toBe('resolved');

    // Every notification due delivered, each exactly once. (The requester's messages beyond three a
    // day wait, folded into one, for 08:00 tomorrow: notify/requester.ts.)
    const tomorrow = (x: typeof outbox.$inferSelect) => x.template === 'requester_digest' && x.status === 'pending' && Date.parse(x.nextAttemptAt) > Date.now();
    const rows = await eventually(
      async () => (await h.db.select().from(outbox)),
      (r) => r.length > 0 && r.every((x) => x.status === 'sent' || tomorrow(x)),
      30_000,
    );
    const sent = rows.filter((x) => x.status === 'sent');
    expect(sent.length).toBeGreaterThanOrEqual(7);
    for (const r of sent) {
      if (inFlight.has(r.key)) expect([1, 2], r.key).toContain(received.get(r.key));
      else expect(received.get(r.key), r.key).toBe(1);
    }
    expect(received.size).toBe(sent.length);
  });
});
