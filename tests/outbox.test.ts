// Notifications through the outbox: templates, idempotent enqueueing, webhook delivery with retries
// and back-off, and dispatchers sharing one store (same process and separate processes; on PostgreSQL
// the claim passes over rows another dispatcher holds locked).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { openTestStore, testDatabaseFor, testStoreIsPostgres } from '../scripts/pg/test-store.js';
import {
  channelFromEnv,
  createDispatcher,
  createLogChannel,
  enqueueNotifications,
  webhookChannel,
  type Channel,
  type NotificationItem,
  type OutboxMessage,
} from '../notify/index.js';
import { render, SMS_SIGNATURE, TEMPLATES, templateVars, type TemplateId } from '../domain/notices.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'outbox-test-'));
let dbSeq = 0;
const opened: Db[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

function dbPath(): string {
  return join(tmp, `db${++dbSeq}`, 'cases.sqlite');
}
async function open(file: string): Promise<Db> {
  const db = await openTestStore(file);
  opened.push(db);
  return db;
}
/** The store this run tests: the concurrency tests below must really run on it. */
const storeKind = testStoreIsPostgres() ? 'postgres' : 'sqlite';

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
afterAll(async () => {
  for (const db of opened) await db.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface OutRow {
  id: number;
  key: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  channel: string | null;
  sent_at: string | null;
  body: string;
  vars: string;
}
async function rows(db: Db): Promise<OutRow[]> {
  return db.all<OutRow>(sql`SELECT * FROM outbox ORDER BY id`);
}
async function row(db: Db, key: string): Promise<OutRow> {
  return (await db.get<OutRow>(sql`SELECT * FROM outbox WHERE key = ${key}`))!;
}

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  json: Record<string, unknown>;
  status: number;
}

/** A local webhook receiver; `answer` picks the status for the n-th request (1-based). */
async function startReceiver(answer: (req: Received, n: number) => number | Promise<number> = () => 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void (async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const r: Received = { headers: req.headers, raw, json: JSON.parse(raw), status: 0 };
      received.push(r);
      r.status = await answer(r, received.length);
      if (!res.destroyed) res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.status < 300 ? 'ok' : 'boom');
    })());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}/sms`, received, delivered: () => received.filter((r) => r.status === 200) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(10);
  }
}

function assigned(key: string, caseId = 'C-1', recipientId = 'off-1'): NotificationItem {
  return {
    key,
    caseId,
    recipientId,
    recipientKind: 'officer',
    template: 'case_assigned',
    vars: { caseId, title: '企业用地手续办理', tier: '科室负责人', deadline: '6月3日17:00' },
  };
}

const T0 = new Date('2025-06-02T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const quiet = () => {};

describe('templates', () => {
  it('renders with the signature first and the variables filled in', () => {
    const text = render('feedback_refused', {
      caseId: 'TL-2025-0042',
      legalBasis: '《土地管理法》第四十四条',
      explanation: '该地块为基本农田，不得改作建设用地。',
    });
    expect(text.startsWith(SMS_SIGNATURE)).toBe(true);
    expect(SMS_SIGNATURE).toMatch(/^【.+】$/);
    expect(text).toContain('TL-2025-0042');
    expect(text).toContain('《土地管理法》第四十四条');
    expect(text).toContain('该地块为基本农田，不得改作建设用地。');
  });

  it('every template renders fully when given its variables', () => {
    const ids = Object.keys(TEMPLATES) as TemplateId[];
    // The templates the case, complaint and village workflows send must all be there (others may join).
    expect(ids).toEqual(expect.arrayContaining(
      [
        'case_assigned',
        'case_reminder',
        'deadline_lapsed_unit_head',
        'materials_requested',
        'materials_reminder',
        'feedback_resolved',
        'feedback_refused',
        'case_reopened',
        'directive_assigned',
        'complaint_filed',
        'complaint_sms_head',
        'complaint_contact_lapsed',
        'village_host_chosen',
        'village_check_due',
        'village_problem_carried_twice',
        'village_month_report',
      ],
    ));
    for (const id of ids) {
      const names = templateVars(id);
      expect(names.length).toBeGreaterThan(0);
      const vars = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
      const text = render(id, vars);
      expect(text).not.toMatch(/\{\w+\}/);
      for (const n of names) expect(text).toContain(`<${n}>`);
      expect(TEMPLATES[id].description).toMatch(/[A-Za-z]/);
      expect(TEMPLATES[id].text).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(templateVars('deadline_lapsed_unit_head').sort()).toEqual(['caseId', 'newAssigneeName', 'officerName', 'title']);
    expect(templateVars('complaint_filed').sort()).toEqual(['complaintId', 'content', 'unitName']);
  });

  it('throws on a missing variable and on an unknown template', () => {
    expect(() => render('case_reminder', { caseId: 'C-1', title: 't' })).toThrow(/deadline/);
    expect(() => render('materials_requested', { caseId: 'C-1', items: undefined })).toThrow(/items/);
    expect(() => render('nope' as TemplateId, {})).toThrow(/unknown/);
  });

  it('does not substitute inside values', () => {
    const text = render('case_reopened', { caseId: 'C-9', title: '关于{caseId}的问题' });
    expect(text).toContain('关于{caseId}的问题');
  });
});

describe('enqueueNotifications', () => {
  it('is idempotent on the key: the second enqueue inserts and changes nothing', async () => {
    const db = await open(dbPath());
    expect((await enqueueNotifications(db, [assigned('C-1:3:off-1')], T0))).toBe(1);
    const first = await row(db, 'C-1:3:off-1');
    const again = { ...assigned('C-1:3:off-1'), vars: { ...assigned('x').vars, title: '另一个标题' } };
    expect((await enqueueNotifications(db, [again], at(5_000)))).toBe(0);
    expect(await rows(db)).toHaveLength(1);
    expect(await row(db, 'C-1:3:off-1')).toEqual(first);
    expect(first.status).toBe('pending');
    expect(first.body).toContain('企业用地手续办理');
    expect(JSON.parse(first.vars)).toMatchObject({ tier: '科室负责人' });

    // A mix of old and new keys (and a repeat within the batch) counts only the new ones.
    expect((await enqueueNotifications(db, [assigned('C-1:3:off-1'), assigned('C-1:4:off-1'), assigned('C-1:4:off-1')], T0))).toBe(1);
    expect((await rows(db)).map((r) => r.key)).toEqual(['C-1:3:off-1', 'C-1:4:off-1']);
  });

  it('writes nothing when any item is invalid', async () => {
    const db = await open(dbPath());
    const bad: NotificationItem = { ...assigned('C-2:1:req'), template: 'materials_requested', vars: { caseId: 'C-2' } };
    await expect(enqueueNotifications(db, [assigned('C-2:0:off-1'), bad], T0)).rejects.toThrow(/items/);
    expect(await rows(db)).toHaveLength(0);
  });
});

describe('dispatcher over a webhook', () => {
  it('POSTs each message once with Idempotency-Key and a valid HMAC, oldest first', async () => {
    const db = await open(dbPath());
    const hook = await startReceiver();
    const secret = 's3cret';
    await enqueueNotifications(db, [assigned('C-1:1:off-1')], T0);
    await enqueueNotifications(
      db,
      [{ key: 'C-1:2:req', caseId: 'C-1', recipientId: 'req-1', recipientKind: 'requester', template: 'materials_reminder', vars: { caseId: 'C-1' } }],
      at(1),
    );
    const d = createDispatcher({ db, channel: webhookChannel({ url: hook.url, secret, timeoutMs: 2_000 }), log: quiet });
    expect(await d.runOnce(at(10))).toEqual({ sent: 2, failed: 0, retried: 0 });

    expect(hook.received.map((r) => r.headers['idempotency-key'])).toEqual(['C-1:1:off-1', 'C-1:2:req']);
    for (const r of hook.received) {
      const expected = 'sha256=' + createHmac('sha256', secret).update(r.raw).digest('hex');
      expect(r.headers['x-signature']).toBe(expected);
      expect(r.headers['content-type']).toMatch(/application\/json/);
    }
    const first = hook.received[0].json;
    expect(first).toMatchObject({
      key: 'C-1:1:off-1',
      caseId: 'C-1',
      recipientId: 'off-1',
      recipientKind: 'officer',
      template: 'case_assigned',
      vars: { caseId: 'C-1', tier: '科室负责人' },
    });
    expect(first.body).toBe(render('case_assigned', assigned('x').vars));
    expect(typeof first.id).toBe('number');
    expect(hook.received[1].json).toMatchObject({ recipientKind: 'requester', template: 'materials_reminder' });

    for (const r of await rows(db)) {
      expect(r).toMatchObject({ status: 'sent', channel: 'webhook', attempts: 0, sent_at: at(10).toISOString() });
    }
    // Nothing is delivered twice.
    expect(await d.runOnce(at(60_000))).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(hook.received).toHaveLength(2);
  });

  it('sends no signature without a secret, and channelFromEnv picks the webhook', async () => {
    const db = await open(dbPath());
    const hook = await startReceiver();
    const channel = channelFromEnv({ NOTIFY_WEBHOOK_URL: hook.url });
    expect(channel.name).toBe('webhook');
    await enqueueNotifications(db, [assigned('C-3:1:off-1')], T0);
    await createDispatcher({ db, channel, log: quiet }).runOnce(at(1));
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0].headers['x-signature']).toBeUndefined();
    expect(hook.received[0].headers['idempotency-key']).toBe('C-3:1:off-1');

    const signed = channelFromEnv({ NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_WEBHOOK_SECRET: 'k' });
    await enqueueNotifications(db, [assigned('C-3:2:off-1')], T0);
    await createDispatcher({ db, channel: signed, log: quiet }).runOnce(at(2));
    const r = hook.received[1];
    expect(r.headers['x-signature']).toBe('sha256=' + createHmac('sha256', 'k').update(r.raw).digest('hex'));
  });

  it('retries 500s with exponential back-off, then delivers once', async () => {
    const db = await open(dbPath());
    const hook = await startReceiver((_, n) => (n <= 2 ? 500 : 200));
    await enqueueNotifications(db, [assigned('C-4:1:off-1')], T0);
    const d = createDispatcher({
      db,
      channel: webhookChannel({ url: hook.url, timeoutMs: 2_000 }),
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
      jitter: 0,
      maxAttempts: 5,
      log: quiet,
    });

    expect(await d.runOnce(T0)).toEqual({ sent: 0, failed: 0, retried: 1 });
    let r = await row(db, 'C-4:1:off-1');
    expect(r).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(1_000).toISOString() });
    expect(r.last_error).toMatch(/500/);

    // Not due yet: nothing goes out.
    expect(await d.runOnce(at(999))).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(hook.received).toHaveLength(1);

    expect(await d.runOnce(at(1_000))).toEqual({ sent: 0, failed: 0, retried: 1 });
    r = await row(db, 'C-4:1:off-1');
    // The second wait is twice the first.
    expect(r).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: at(3_000).toISOString() });
    expect(await d.runOnce(at(2_999))).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(hook.received).toHaveLength(2);

    expect(await d.runOnce(at(3_000))).toEqual({ sent: 1, failed: 0, retried: 0 });
    r = await row(db, 'C-4:1:off-1');
    expect(r).toMatchObject({ status: 'sent', attempts: 2, last_error: null, sent_at: at(3_000).toISOString() });
    expect(hook.received).toHaveLength(3);
    expect(hook.delivered()).toHaveLength(1);
    expect(new Set(hook.received.map((x) => x.headers['idempotency-key']))).toEqual(new Set(['C-4:1:off-1']));

    expect(await d.runOnce(at(3_600_000))).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(hook.received).toHaveLength(3);
  });

  it('marks a message failed after maxAttempts; delays are capped and jittered within bounds', async () => {
    const db = await open(dbPath());
    const hook = await startReceiver(() => 503);
    await enqueueNotifications(db, [assigned('C-5:1:off-1')], T0);
    const d = createDispatcher({
      db,
      channel: webhookChannel({ url: hook.url, timeoutMs: 2_000 }),
      baseDelayMs: 1_000,
      maxDelayMs: 2_500,
      jitter: 0.1,
      maxAttempts: 4,
      log: quiet,
    });
    let now = T0;
    const waits: number[] = [];
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await d.runOnce(now));
      const r = await row(db, 'C-5:1:off-1');
      if (r.status !== 'pending') break;
      const next = new Date(r.next_attempt_at);
      waits.push(next.getTime() - now.getTime());
      now = next;
    }
    expect(results.map((r) => r.retried)).toEqual([1, 1, 1, 0]);
    expect(results[3]).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(1_000);
    expect(waits[0]).toBeLessThanOrEqual(1_100);
    expect(waits[1]).toBeGreaterThanOrEqual(2_000);
    expect(waits[1]).toBeLessThanOrEqual(2_200);
    expect(waits[2]).toBeLessThanOrEqual(2_500); // 4 s, capped
    const r = await row(db, 'C-5:1:off-1');
    expect(r).toMatchObject({ status: 'failed', attempts: 4, sent_at: null });
    expect(r.last_error).toMatch(/503/);
    expect(await d.runOnce(at(86_400_000))).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(hook.received).toHaveLength(4);
  });

  it('treats a timeout as a failure', async () => {
    const db = await open(dbPath());
    const hook = await startReceiver(async () => {
      await sleep(1_000);
      return 200;
    });
    await enqueueNotifications(db, [assigned('C-6:1:off-1')], T0);
    const d = createDispatcher({ db, channel: webhookChannel({ url: hook.url, timeoutMs: 100 }), log: quiet });
    expect(await d.runOnce(T0)).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect((await row(db, 'C-6:1:off-1')).last_error).toMatch(/timed out/);
  });
});

describe('dispatchers sharing one database', () => {
  it('two dispatchers on separate connections deliver 50 messages exactly once', async () => {
    const file = dbPath();
    const dbA = await open(file);
    const dbB = await open(file);
    expect([dbA.storeKind, dbB.storeKind]).toEqual([storeKind, storeKind]);
    const hook = await startReceiver(async () => {
      await sleep(Math.random() * 4);
      return 200;
    });
    const opts = { batchSize: 3, pollMs: 2, log: quiet };
    const a = createDispatcher({ ...opts, db: dbA, channel: webhookChannel({ url: hook.url, timeoutMs: 5_000, name: 'A' }) });
    const b = createDispatcher({ ...opts, db: dbB, channel: webhookChannel({ url: hook.url, timeoutMs: 5_000, name: 'B' }) });
    a.start();
    b.start();
    cleanups.push(() => Promise.all([a.stop(), b.stop()]).then(() => undefined));
    const items = Array.from({ length: 50 }, (_, i) => assigned(`C-7:${i}:off-${i % 5}`, 'C-7', `off-${i % 5}`));
    // Enqueue in a few slices while both are polling.
    for (let i = 0; i < 50; i += 10) {
      await enqueueNotifications(dbA, items.slice(i, i + 10), new Date());
      await sleep(5);
    }
    await waitFor(async () => (await rows(dbA)).every((r) => r.status === 'sent'));
    await Promise.all([a.stop(), b.stop()]);

    const keys = hook.received.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(50);
    expect(new Set(keys).size).toBe(50);
    const byChannel = new Set((await rows(dbA)).map((r) => r.channel));
    expect(byChannel).toEqual(new Set(['A', 'B'])); // both took part
  });

  it('two dispatcher processes deliver 50 messages exactly once', async () => {
    const file = dbPath();
    const db = await open(file);
    expect(db.storeKind).toBe(storeKind);
    // The children open the same store: the file's folder on SQLite, its database on PostgreSQL.
    const storeUrl = testStoreIsPostgres() ? await testDatabaseFor(file) : undefined;
    const hook = await startReceiver(async () => {
      await sleep(Math.random() * 4);
      return 200;
    });
    const script = join(tmp, 'child-dispatcher.mjs');
    const doneFile = join(tmp, `done-${dbSeq}`);
    writeFileSync(
      script,
      `
import { existsSync } from 'node:fs';
const [root, dataDir, url, name, doneFile] = process.argv.slice(2);
const imp = (p) => import(new URL(p, root).href);
const { openStore } = await imp('db/client.ts');
const { createDispatcher } = await imp('notify/dispatcher.ts');
const { webhookChannel } = await imp('notify/channels.ts');
const db = await openStore({ dataDir, storeUrl: process.env.STORE_URL });
const d = createDispatcher({ db, channel: webhookChannel({ url, timeoutMs: 5000, name }), batchSize: 2, log: () => {} });
process.stdout.write('ready ' + db.storeKind + '\\n');
while (!existsSync(doneFile)) {
  const r = await d.runOnce();
  // A claim takes at most a batch: the rest is left to the other dispatcher.
  if (r.sent + r.failed + r.retried > 2) process.stderr.write(name + ' handled ' + (r.sent + r.failed + r.retried) + ' messages in one batch of 2\\n');
  if (r.sent + r.failed + r.retried === 0) await new Promise((res) => setTimeout(res, 2));
}
await db.close();
`,
    );
    const children = ['P1', 'P2'].map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, pathToFileURL(root).href, dirname(file), hook.url, name, doneFile], {
        cwd: root,
        env: { ...process.env, STORE_URL: storeUrl ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      cleanups.push(() => {
        if (child.exitCode === null) child.kill();
      });
      return { child, out: () => out, err: () => err, exited };
    });
    await waitFor(() => children.every((c) => c.out().includes('ready') || c.child.exitCode !== null), 30_000);
    for (const c of children) expect(c.err()).toBe('');
    for (const c of children) expect(c.out()).toContain(`ready ${storeKind}`);

    const items = Array.from({ length: 50 }, (_, i) => assigned(`C-8:${i}:off-1`, 'C-8'));
    await enqueueNotifications(db, items, new Date());
    await waitFor(async () => (await rows(db)).every((r) => r.status === 'sent'), 30_000);
    writeFileSync(doneFile, '');
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);
    for (const c of children) expect(c.err()).toBe('');

    const keys = hook.received.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(50);
    expect(new Set(keys).size).toBe(50);
    expect(new Set((await rows(db)).map((r) => r.channel))).toEqual(new Set(['P1', 'P2']));
  });

  it('takes over a sending claim once the lease has passed, and the old dispatcher writes nothing', async () => {
    const file = dbPath();
    const dbA = await open(file);
    const dbB = await open(file);
    const hook = await startReceiver();
    await enqueueNotifications(dbA, [assigned('C-9:1:off-1')], T0);

    // Dispatcher A claims the row and then hangs in delivery (as if its process died).
    let release!: () => void;
    const stuck: Channel = {
      name: 'stuck',
      deliver: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const a = createDispatcher({ db: dbA, channel: stuck, leaseMs: 60_000, log: quiet });
    const aRun = a.runOnce(T0);
    await waitFor(() => typeof release === 'function');
    expect((await row(dbA, 'C-9:1:off-1')).status).toBe('sending');

    const b = createDispatcher({ db: dbB, channel: webhookChannel({ url: hook.url, timeoutMs: 2_000 }), leaseMs: 60_000, log: quiet });
    // Within the lease the claim is respected.
    expect(await b.runOnce(at(59_000))).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(hook.received).toHaveLength(0);
    // After it, B takes the row over and delivers it.
    expect(await b.runOnce(at(61_000))).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(hook.received).toHaveLength(1);
    expect(await row(dbA, 'C-9:1:off-1')).toMatchObject({ status: 'sent', channel: 'webhook', sent_at: at(61_000).toISOString() });

    // A comes back: its late success must not overwrite B's record.
    release();
    await aRun;
    expect(await row(dbA, 'C-9:1:off-1')).toMatchObject({ status: 'sent', channel: 'webhook', sent_at: at(61_000).toISOString() });
  });

  it('stop() waits for the batch in flight', async () => {
    const db = await open(dbPath());
    const delivered: string[] = [];
    const slow: Channel = {
      name: 'slow',
      async deliver(msg: OutboxMessage) {
        await sleep(150);
        delivered.push(msg.key);
      },
    };
    await enqueueNotifications(db, [assigned('C-10:1:off-1'), assigned('C-10:2:off-1')], new Date());
    const d = createDispatcher({ db, channel: slow, pollMs: 5, log: quiet });
    d.start();
    await waitFor(async () => (await row(db, 'C-10:1:off-1')).status === 'sending');
    await d.stop();
    expect(delivered).toEqual(['C-10:1:off-1', 'C-10:2:off-1']);
    expect((await rows(db)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});

/**
 * The store as the dispatcher sees it, with each of its writes recorded in order: 'claim' for the
 * batch's claim, 'renew' for a claim renewed, else the status the write gives a row ('sent' …).
 * Each is a write transaction of its own (the claim runs in one), an fsync on SQLite.
 */
function recordingWrites(db: Db): { db: Db; writes: string[] } {
  const writes: string[] = [];
  const kindOf = (text: string): string | null => {
    if (!/\b(update|insert|delete)\b/i.test(text)) return null;
    if (/\bwith picked\b/i.test(text)) return 'claim';
    if (/set claimed_at = @now\s+where/i.test(text)) return 'renew';
    return /set status = '(\w+)'/i.exec(text)?.[1] ?? text;
  };
  const wrapped = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'statement') return Reflect.get(target, prop, receiver);
      return (text: string) => {
        const s = target.statement(text);
        const kind = kindOf(text);
        if (!kind) return s;
        const note = <T>(p: Promise<T>) => {
          writes.push(kind);
          return p;
        };
        return { run: (...p: unknown[]) => note(s.run(...p)), get: (...p: unknown[]) => note(s.get(...p)), all: (...p: unknown[]) => note(s.all(...p)) };
      };
    },
  });
  return { db: wrapped, writes };
}

/** A channel that records what it was handed; `during` runs inside each delivery. */
function recordingChannel(name: string, during: (msg: OutboxMessage) => void | Promise<void> = () => {}) {
  const keys: string[] = [];
  const channel: Channel = {
    name,
    async deliver(msg) {
      keys.push(msg.key);
      await during(msg);
    },
  };
  return { channel, keys };
}

describe('the claim and its renewal', () => {
  it('refuses a lease whose last three quarters a delivery could outlast, naming both settings', async () => {
    const db = await open(dbPath());
    const channel = webhookChannel({ url: 'http://127.0.0.1:9/never', timeoutMs: 10_000 });
    // 12 s was "above the timeout"; a delivery may now start 3 s into the claim, with 9 s left.
    expect(() => createDispatcher({ db, channel, leaseMs: 12_000, log: quiet })).toThrow(/NOTIFY_LEASE_MS.*NOTIFY_WEBHOOK_TIMEOUT_MS/);
    expect(() => createDispatcher({ db, channel, leaseMs: 13_334, log: quiet })).not.toThrow();
    // A channel that does not bound its deliveries is not checked.
    expect(() => createDispatcher({ db, channel: { name: 'unbounded', deliver: async () => {} }, leaseMs: 1_000, log: quiet })).not.toThrow();
  });

  it('a batch of fresh claims writes once per notice after the claim: no renewal', async () => {
    const store = await open(dbPath());
    const { db, writes } = recordingWrites(store);
    const items = Array.from({ length: 5 }, (_, i) => assigned(`C-12:${i}:off-1`, 'C-12'));
    await enqueueNotifications(store, items, T0);
    // Each delivery takes 2 s of the dispatcher's clock: the last starts 8 s into a 60 s lease.
    let now = T0;
    const { channel, keys } = recordingChannel('A', () => {
      now = new Date(now.getTime() + 2_000);
    });
    const d = createDispatcher({ db, channel, clock: () => now, leaseMs: 60_000, log: quiet });
    expect(await d.runOnce()).toEqual({ sent: 5, failed: 0, retried: 0 });
    expect(keys).toEqual(items.map((i) => i.key));
    expect(writes).toEqual(['claim', 'sent', 'sent', 'sent', 'sent', 'sent']);
    expect((await rows(store)).map((r) => [r.status, r.channel])).toEqual(items.map(() => ['sent', 'A']));
  });

  it('renews a claim older than a quarter of the lease before delivering it, so no other dispatcher takes it over meanwhile', async () => {
    const file = dbPath();
    const storeA = await open(file);
    const dbB = await open(file);
    const { db: dbA, writes } = recordingWrites(storeA);
    const items = [assigned('C-13:1:off-1', 'C-13'), assigned('C-13:2:off-1', 'C-13'), assigned('C-13:3:off-1', 'C-13')];
    await enqueueNotifications(storeA, items, T0);
    const other = recordingChannel('B');
    const b = createDispatcher({ db: dbB, channel: other.channel, leaseMs: 60_000, log: quiet });
    const bSaw: Awaited<ReturnType<typeof b.runOnce>>[] = [];
    // A's clock: the first delivery ends 14 s after the claim (the second starts just under a
    // quarter of the lease), the second 50 s after it; during the third, B polls 61 s after A's claim.
    let now = T0;
    const a = recordingChannel('A', async (msg) => {
      if (msg.key === items[0].key) now = at(14_000);
      if (msg.key === items[1].key) now = at(50_000);
      if (msg.key === items[2].key) bSaw.push(await b.runOnce(at(61_000)));
    });
    const dA = createDispatcher({ db: dbA, channel: a.channel, clock: () => now, leaseMs: 60_000, log: quiet });
    expect(await dA.runOnce()).toEqual({ sent: 3, failed: 0, retried: 0 });

    // The third claim was renewed at 50 s: at 61 s it is still A's, and B sends nothing.
    expect(bSaw).toEqual([{ sent: 0, failed: 0, retried: 0 }]);
    expect(other.keys).toEqual([]);
    // Renewed: the third only (50 s old); the second, 14 s old, was not.
    expect(writes).toEqual(['claim', 'sent', 'sent', 'renew', 'sent']);
    expect(a.keys).toEqual(items.map((i) => i.key));
    expect(await row(storeA, items[2].key)).toMatchObject({ status: 'sent', channel: 'A', sent_at: at(50_000).toISOString() });
  });

  it('a claim lost to another dispatcher while the batch waited is skipped, and the loser marks nothing sent', async () => {
    const file = dbPath();
    const storeA = await open(file);
    const dbB = await open(file);
    const { db: dbA, writes } = recordingWrites(storeA);
    const items = [assigned('C-14:1:off-1', 'C-14'), assigned('C-14:2:off-1', 'C-14')];
    await enqueueNotifications(storeA, items, T0);
    const other = recordingChannel('B');
    const b = createDispatcher({ db: dbB, channel: other.channel, leaseMs: 60_000, log: quiet });
    // A's first delivery hangs past the lease; B takes over both rows meanwhile and sends them.
    const bSaw: Awaited<ReturnType<typeof b.runOnce>>[] = [];
    let now = T0;
    const a = recordingChannel('A', async () => {
      now = at(61_000);
      bSaw.push(await b.runOnce(at(61_000)));
    });
    const warnings: string[] = [];
    const dA = createDispatcher({ db: dbA, channel: a.channel, clock: () => now, leaseMs: 60_000, log: (level, m) => level === 'warn' && warnings.push(m) });
    await dA.runOnce();

    expect(bSaw).toEqual([{ sent: 2, failed: 0, retried: 0 }]);
    // A handed only the first to its channel; the second, its claim 61 s old, it renewed, found lost, and left.
    expect(a.keys).toEqual([items[0].key]);
    expect(other.keys).toEqual(items.map((i) => i.key));
    expect(writes).toEqual(['claim', 'sent', 'renew']);
    expect(warnings).toEqual([
      expect.stringContaining(`(${items[0].key}): delivered, but the claim was lost meanwhile`),
      expect.stringContaining(`(${items[1].key}): claim lost before delivery; skipped`),
    ]);
    // B's records stand: A's fenced writes changed nothing.
    for (const i of items) expect(await row(storeA, i.key)).toMatchObject({ status: 'sent', channel: 'B', sent_at: at(61_000).toISOString() });
  });
});

describe('log channel', () => {
  it('writes one line per message with phone numbers masked, and is the default without a webhook URL', async () => {
    const lines: string[] = [];
    const ch = createLogChannel((l) => lines.push(l));
    await ch.deliver({
      id: 1,
      key: 'C-11:1:req',
      caseId: 'C-11',
      recipientId: 'req-13812345678',
      recipientKind: 'requester',
      template: 'feedback_resolved',
      vars: { caseId: 'C-11', result: '已办理，联系人电话13912345678' },
      body: render('feedback_resolved', { caseId: 'C-11', result: '已办理，联系人电话13912345678', citation: '' }),
      attempts: 0,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/13812345678|13912345678/);
    expect(lines[0]).toContain('138****5678');
    expect(lines[0]).toContain('139****5678');
    expect(lines[0]).toContain('C-11:1:req');
    expect(channelFromEnv({}).name).toBe('log');
    expect(channelFromEnv({ NOTIFY_WEBHOOK_URL: '' }).name).toBe('log');
  });
});
