// `npm run test:production`: the production topology, for real, on this machine.
//   PostgreSQL (Debian's, a throw-away cluster on a private port) -> the Temporal schemas, created
//   with Temporal's schema tool -> the Temporal server (the version docker-compose.yml pins) with
//   SQL advanced visibility and mutual TLS on its frontend, configured by the same files compose
//   mounts (deploy/temporal/config/production.yaml, deploy/temporal/dynamicconfig/, the namespace
//   job deploy/temporal/setup-namespace.sh, certificates from deploy/tls/make-certs.sh)
//   -> Temporal UI's server as compose runs it (read-only, its own certificate, our codec server)
//   -> two workers and two API processes (NODE_ENV=production, client certificates, sealed payloads).
// Then it drives them over HTTP: a case's lifecycle, coordination up to a city consultation, a
// deadline lapsing, one worker killed under load (nothing lost, nothing doubled), and what an
// outsider sees (no personal data in Temporal's history, no way in without a certificate, forged
// messages refused, each certificate held to its role, the UI read-only on the server, an
// administrator reading a case in Temporal UI through the codec server, in Chromium). It prints each check, a final "N passed, N failed" line, exits non-zero on a
// failure, and stops everything it started, also on failure or Ctrl-C.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { ensureProductionTools, root, type ProductionTools } from './tools.js';
import { Cleanups, certFiles, cliTls, run, sleep, startProcess, startProductionTemporal, startProductionUi, tail, until, type ClientCert, type Proc } from './temporal.js';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../browser.js';
// @ts-expect-error plain ESM script without types
import { ensureChromium } from '../ensure-chromium.mjs';
import { lowFreePort } from '../dev-server.js';
import { bundleCaseWorkflows } from '../../worker.js';
import { openStore } from '../../db/client.js';
import { loadDemoDirectory } from '../../db/demo.js';
import { outbox } from '../../db/schema.js';
import { newKeyFile, parseKeyFile } from '../../security/keys.js';
import { dataConverterFor } from '../../security/payload-codec.js';

const t0 = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}`);
const keepOnFailure = process.argv.includes('--keep');

// ---- what we started, stopped in reverse order whatever happens ----
const cleanups = new Cleanups();
const onCleanup = (name: string, fn: () => Promise<void> | void) => cleanups.add(name, fn);
const cleanup = () => cleanups.run();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping everything`);
    void cleanup().then(() => process.exit(130));
  });
}

// ---- checks ----
const results: { name: string; ok: boolean; ms: number; detail?: string }[] = [];
async function check(name: string, fn: () => Promise<void>) {
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - start });
    log(`PASS ${name} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - start, detail: (e as Error).message });
    log(`FAIL ${name}: ${(e as Error).message}`);
  }
}
function expect(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(what);
}
// ---- the stack ----
interface Stack {
  dir: string;
  tls: string;
  temporalAddress: string;
  apis: string[];
  workers: Proc[];
  startWorker(i: number): Proc;
  tokens: Record<string, string>;
  /** The case store (PostgreSQL, STORE_URL): no file is shared between the processes. */
  storeUrl: string;
  restartPostgres(): void;
  /** The API processes (index as in `apis`), and a restart of one, as a supervisor would. */
  apiProcs: Proc[];
  startApi(i: number): Proc;
  /** APIs the load balancer leaves out (killed for the drill). */
  apisDown: Set<number>;
  received: Map<string, number>;
  bodies: Map<string, { vars?: Record<string, string>; caseId?: string }>;
  adminTls: TLSConfig;
  keysFile: string;
  cli: string;
  /** Temporal UI (read-only), showing payloads through api-1's /codec. */
  ui: string;
}

async function startStack(tools: ProductionTools): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'escalate-production-'));
  onCleanup('run folder', () => {
    if (keepOnFailure && results.some((r) => !r.ok)) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });
  log(`run folder ${dir}`);

  const temporal = await startProductionTemporal({ tools, dir, log, cleanups });
  const { tls, adminTls, cli } = temporal;
  const temporalAddress = temporal.address;

  // Temporal UI, as compose runs it, showing payloads through the first API's codec server.
  // Picked now, bound later: ports below the range the OS hands out meanwhile.
  const apiPorts = [await lowFreePort(), await lowFreePort()];
  const ui = await startProductionUi({ tools, dir, cleanups, temporal, codecEndpoint: `http://127.0.0.1:${apiPorts[0]}/codec`, port: await lowFreePort() });
  log(`Temporal UI ${tools.ui.version} on ${ui} (read-only, its own certificate, codec http://127.0.0.1:${apiPorts[0]}/codec)`);


  // Our processes: the store on PostgreSQL (STORE_URL) and each process with an empty data folder of
  // its own, so nothing shared but the database and what compose passes every API (keys, secrets).
  const dataDirOf = (name: string) => {
    const d = join(dir, `data-${name}`);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const storeUrl = temporal.store.url;
  const trackingSecret = newKeyFile('ts').keys.ts;
  const codecSessionKey = newKeyFile('cs').keys.cs;
  const keysFile = join(dir, 'payload-keys.json');
  // Two keys: the current one seals, the older one still opens (rotation).
  const older = newKeyFile('k2025');
  const current = newKeyFile('k2026');
  writeFileSync(keysFile, JSON.stringify({ current: 'k2026', keys: { ...older.keys, ...current.keys } }), { mode: 0o600 });
  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ tiers: { '1': { duration: '8s' } }, coordination: { duration: '1h' }, reminderAt: 0 }));
  const db = await openStore({ dataDir: dataDirOf('seed'), storeUrl });
  // The test's own directory, seeded before the processes start (production itself loads no demo data).
  const tokens = (await loadDemoDirectory(db, {}))!;
  await db.close();
  const bundle = join(dir, 'workflow-bundle.js');
  writeFileSync(bundle, await bundleCaseWorkflows({ info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never));

  const received = new Map<string, number>();
  /** The last message delivered under each key, as the SMS gateway got it (the requester's codes are read from it). */
  const bodies = new Map<string, { vars?: Record<string, string>; caseId?: string }>();
  const receiver: Server = createServer((req, res) => {
    const key = String(req.headers['idempotency-key']);
    received.set(key, (received.get(key) ?? 0) + 1);
    let text = '';
    req.on('data', (d: Buffer) => (text += d));
    req.on('end', () => {
      try {
        bodies.set(key, JSON.parse(text) as { vars?: Record<string, string>; caseId?: string });
      } catch {
        // not a message of ours: counted only
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  onCleanup('webhook receiver', () => new Promise<void>((r) => receiver.close(() => r())));
  const webhook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/sms`;

  const appEnv = (client: ClientCert, name: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATA_DIR: dataDirOf(name),
    STORE_URL: storeUrl,
    TRACKING_SECRET: trackingSecret,
    CODEC_SESSION_KEY: codecSessionKey,
    TASK_QUEUE: 'cases',
    TEMPORAL_NAMESPACE: 'default',
    ...temporal.clientEnv(client),
    TEMPORAL_UI_URL: ui,
    PAYLOAD_KEYS_FILE: keysFile,
    ESCALATION_POLICY: policyFile,
    NOTIFY_WEBHOOK_URL: webhook,
    WORKFLOW_BUNDLE: bundle,
    RATE_LIMIT_TOKEN_PER_MINUTE: '100000',
  });
  const workers: Proc[] = [];
  const startWorker = (i: number) => {
    const p = startProcess(cleanups, `worker-${i + 1}`, process.execPath, ['--import', 'tsx', join(root, 'worker.ts')], appEnv('worker', `worker-${i + 1}`), dir);
    workers[i] = p;
    return p;
  };
  startWorker(0);
  startWorker(1);
  const apis = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const apiProcs: Proc[] = [];
  const startApi = (i: number) => {
    const port = apiPorts[i]!;
    const p = startProcess(cleanups, `api-${i + 1}`, process.execPath, ['--import', 'tsx', join(root, 'api', 'main.ts')], { ...appEnv('api', `api-${i + 1}`), API_PORT: String(port), API_HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` }, dir);
    apiProcs[i] = p;
    return p;
  };
  startApi(0);
  startApi(1);
  for (const base of apis) {
    await until(`${base}/readyz`, async () => (await fetch(`${base}/readyz`)).ok, 90_000);
  }
  await until('two workers polling the task queue', async () => {
    const conn = await Connection.connect({ address: temporalAddress, tls: adminTls });
    try {
      const r = await conn.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: 'cases' }, taskQueueType: 1 });
      return new Set(r.pollers?.map((p) => p.identity)).size >= 2;
    } finally {
      await conn.close();
    }
  }, 90_000);
  log(`two workers and two APIs up (${apis.join(', ')}), NODE_ENV=production, client certificates, sealed payloads`);
  log('the store on PostgreSQL (STORE_URL), each process with an empty DATA_DIR of its own');
  return { dir, tls, temporalAddress, apis, workers, startWorker, tokens, storeUrl, restartPostgres: temporal.store.restartPostgres, apiProcs, startApi, apisDown: new Set(), received, bodies, adminTls, keysFile, cli, ui };
}

// ---- HTTP ----
let stack: Stack;
let turn = 0;
/** Alternates between the two API processes, as a load balancer would. */
async function http(method: string, path: string, o: { as?: string; body?: unknown; headers?: Record<string, string>; api?: number } = {}) {
  let i = o.api ?? turn++ % stack.apis.length;
  if (o.api === undefined && stack.apisDown.has(i)) i = (i + 1) % stack.apis.length;
  const base = stack.apis[i];
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.as) headers.authorization = `Bearer ${stack.tokens[o.as]}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const send = (to: string) => fetch(to + path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  // An API that dies with the request in flight: the load balancer sends it to the other one (a
  // decision carries its Idempotency-Key, so it is applied once either way).
  const r = await send(base).catch((err: unknown) => {
    if (o.api !== undefined) throw err;
    return send(stack.apis[(i + 1) % stack.apis.length]);
  });
  const text = await r.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: r.status, json, text, headers: r.headers };
}
const intake = (over: Record<string, unknown> = {}) => ({
  requester: { kind: 'enterprise', name: '铜陵某新材料有限公司', phone: '13905625678' },
  channel: 'window',
  title: '新厂投产前20天内接通燃气管道',
  description: '工厂即将投产，需要在20天内完成燃气管道接入。',
  category: 'utilities',
  ...over,
});
async function openCase(officer: string, over: Record<string, unknown> = {}) {
  const r = await http('POST', '/v1/cases', { as: officer, body: intake(over) });
  expect(r.status === 201, `open case: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json as { id: string; trackingCode: string; workflowId: string };
}
async function decide(caseId: string, officer: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  // A retried request (same Idempotency-Key) is applied once: retry what the engine could not take.
  const key = headers['idempotency-key'] ?? `${caseId}-${officer}-${Math.random().toString(36).slice(2)}`;
  for (let attempt = 0; ; attempt++) {
    const r = await http('POST', `/v1/cases/${caseId}/decisions`, { as: officer, body, headers: { ...headers, 'idempotency-key': key } });
    // 503: the engine or the store (PostgreSQL restarting) could not take it yet.
    if (r.status !== 503 || attempt >= 30) return r;
    await sleep(1000);
  }
}
const getCase = async (id: string, as = 'admin') => {
  const r = await http('GET', `/v1/cases/${id}`, { as });
  expect(r.status === 200, `read case ${id}: ${r.status}`);
  return r.json;
};
const actions = (c: { timeline: { action: string }[] }) => c.timeline.map((s) => s.action);

// ---- the checks ----
async function scenarios() {
  await check('mutual TLS: a client without a certificate is refused, one with ours gets in', async () => {
    const plain = await Connection.connect({ address: stack.temporalAddress, connectTimeout: 3000 })
      .then(async (c) => {
        try {
          await c.withDeadline(Date.now() + 3000, () => c.workflowService.getSystemInfo({}));
          return 'answered';
        } finally {
          await c.close();
        }
      })
      .catch(() => 'refused');
    expect(plain === 'refused', 'a plain connection was answered');
    const noCert = await Connection.connect({ address: stack.temporalAddress, connectTimeout: 3000, tls: { serverNameOverride: 'temporal', serverRootCACertificate: readFileSync(certFiles(stack.tls, 'admin').ca) } })
      .then(async (c) => {
        try {
          await c.withDeadline(Date.now() + 3000, () => c.workflowService.getSystemInfo({}));
          return 'answered';
        } finally {
          await c.close();
        }
      })
      .catch(() => 'refused');
    expect(noCert === 'refused', 'a TLS connection without a client certificate was answered');
  });

  await check('case lifecycle: opened, escalated, resolved, rated, across both API processes', async () => {
    const c = await openCase('housing.fc1');
    const esc = await decide(c.id, 'housing.fc1', { action: 'escalate', reason: 'beyond_remit', note: '超出本岗位权限' });
    expect(esc.status === 200 && esc.json.tier === '2', `escalate: ${esc.status} ${esc.text.slice(0, 200)}`);
    const res = await decide(c.id, 'housing.chief1', { action: 'resolve', result: '科室综合研判后办结' });
    expect(res.status === 200 && res.json.status === 'resolved', `resolve: ${res.status} ${res.text.slice(0, 200)}`);
    // The requester proves the phone on file: a one-time code by SMS, read here as the gateway got it.
    const asked = await http('POST', `/v1/cases/${c.id}/requester-code?trackingCode=${c.trackingCode}`, { body: { purpose: 'rating' } });
    expect(asked.status === 202, `requester code: ${asked.status} ${asked.text.slice(0, 200)}`);
    const code = await until('the requester code by SMS', async () =>
      [...stack.bodies].find(([key, m]) => key.startsWith('requester-code:') && m.caseId === c.id)?.[1].vars?.code,
    );
    const rate = await http('POST', `/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { body: { rating: 'satisfied' }, headers: { 'x-sms-code': code } });
    expect(rate.status === 200, `rating: ${rate.status} ${rate.text.slice(0, 200)}`);
    const after = await until('the rating on the timeline', async () => {
      const x = await getCase(c.id);
      return actions(x).includes('rated') ? x : null;
    });
    expect(actions(after).includes('escalated') && actions(after).includes('resolved'), `timeline: ${actions(after).join(',')}`);
  });

  await check('coordination led by the first-contact unit, ending in a city consultation and directives', async () => {
    const c = await openCase('agriculture.fc2');
    const co = await decide(c.id, 'agriculture.fc2', { action: 'coordinate', unitIds: ['gas', 'devzone'], question: '请各单位提出办理意见' });
    expect(co.status === 200, `coordinate: ${co.status} ${co.text.slice(0, 200)}`);
    await until('both parts open', async () => {
      const x = await getCase(c.id, 'agriculture.fc2');
      return x.coordination?.parts?.length === 2 && x.coordination.parts.every((p: { holder?: unknown }) => p.holder);
    });
    const op = (unit: string, who: string, body: unknown) => http('POST', `/v1/cases/${c.id}/parts/${unit}/opinion`, { as: who, body });
    expect((await op('gas', 'gas.fc1', { stance: 'can_do', plan: '需管线路由审批后施工' })).status === 200, 'gas opinion');
    for (const who of ['devzone.fc1', 'devzone.chief1', 'devzone.deputy']) {
      const r = await http('POST', `/v1/cases/${c.id}/parts/devzone/decisions`, { as: who, body: { action: 'escalate', reason: 'beyond_remit', note: '本科室无权答复' } });
      expect(r.status === 200, `part escalation by ${who}: ${r.status} ${r.text.slice(0, 200)}`);
    }
    expect((await op('devzone', 'devzone.head', { stance: 'cannot', legalBasis: '《城乡规划法》第四十条', explanation: '路由未经规划许可' })).status === 200, 'devzone opinion');
    await until('the parts back at the lead', async () => (await getCase(c.id, 'agriculture.fc2')).coordination?.back === true);
    const consult = await decide(c.id, 'agriculture.fc2', { action: 'consult_city', note: '协调无果：路由审批与工期冲突' });
    expect(consult.status === 200 && consult.json.tier === 'city', `consult_city: ${consult.status} ${consult.text.slice(0, 200)}`);
    const leader = consult.json.assignee.principalId as string;
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const dir = await decide(c.id, leader, { action: 'direct', directives: [{ unitId: 'gas', task: '现场会后立即施工', dueAt: due }, { unitId: 'devzone', task: '容缺审批路由', dueAt: due }] });
    expect(dir.status === 200, `direct: ${dir.status} ${dir.text.slice(0, 200)}`);
    await http('POST', `/v1/cases/${c.id}/directives/gas/done`, { as: 'gas.fc1', body: {} });
    const done = await http('POST', `/v1/cases/${c.id}/directives/devzone/done`, { as: 'devzone.fc1', body: {} });
    expect(done.status === 200 && done.json.status === 'resolved', `directives done: ${done.status} ${done.text.slice(0, 200)}`);
  });

  await check('a deadline lapses and the case escalates by itself (policy file: tier 1 in 8 s)', async () => {
    const c = await openCase('civil.fc1');
    const after = await until('the lapse', async () => {
      const x = await getCase(c.id);
      return x.tier === '2' ? x : null;
    }, 40_000);
    expect(actions(after).includes('deadline_lapsed') && actions(after).includes('escalated'), `timeline: ${actions(after).join(',')}`);
  });

  await check('visibility in PostgreSQL answers queries on our search attributes', async () => {
    const conn = await Connection.connect({ address: stack.temporalAddress, tls: stack.adminTls });
    try {
      const client = new Client({ connection: conn });
      const n = await until('open cases of a unit listed', async () => {
        let count = 0;
        for await (const _ of client.workflow.list({ query: `WorkflowType = 'caseWorkflow' AND LeadUnit = 'civil' AND CaseStatus = 'in_progress' AND Overdue = false` })) count++;
        return count >= 1 ? count : null;
      });
      expect(n >= 1, 'no case listed');
    } finally {
      await conn.close();
    }
  });

  await check('one worker and one API killed and PostgreSQL restarted under load: nothing lost, nothing doubled', async () => {
    const officers = ['yian.fc1', 'yian.fc2', 'tongguan.fc1', 'tongguan.fc2', 'market.fc1', 'market.fc2', 'finance.fc1', 'finance.fc2'];
    const opened = await Promise.all(officers.flatMap((o) => [openCase(o), openCase(o)]).map((p) => p));
    const chiefOf = (fc: string) => fc.replace(/\.fc(\d)$/, '.chief$1');
    // Escalate all of them; kill worker 1 in the middle.
    const escalations = opened.map((c, i) => (async () => {
      await sleep(i * 60);
      const fc = officers[Math.floor(i / 2)];
      return decide(c.id, fc, { action: 'escalate', reason: 'beyond_remit', note: '压力下提级' });
    })());
    await sleep(400);
    stack.workers[0].child.kill('SIGKILL');
    log('  worker-1 killed (SIGKILL) while the decisions were in flight');
    // The load balancer takes api-2 out once it stops answering; what it held in flight is retried.
    stack.apisDown.add(1);
    stack.apiProcs[1]!.child.kill('SIGKILL');
    log('  api-2 killed (SIGKILL)');
    await sleep(300);
    stack.restartPostgres();
    log('  PostgreSQL restarted (pg_ctl restart -m fast): every store connection dropped');
    const esc = await Promise.all(escalations);
    const bad = esc.filter((r) => r.status !== 200);
    expect(bad.length === 0, `escalations not taken: ${bad.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('; ')}`);
    // Resolve them all through the surviving worker, then restart worker 1 as a supervisor would.
    const res = await Promise.all(opened.map((c, i) => decide(c.id, chiefOf(officers[Math.floor(i / 2)]), { action: 'resolve', result: '科室办结' })));
    const notResolved = res.filter((r) => r.status !== 200 || r.json.status !== 'resolved');
    expect(notResolved.length === 0, `resolutions not taken: ${notResolved.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('; ')}`);
    stack.startWorker(0);
    stack.startApi(1);
    await until(`${stack.apis[1]}/readyz`, async () => (await fetch(`${stack.apis[1]}/readyz`).catch(() => null))?.ok ?? false, 90_000);
    stack.apisDown.delete(1);
    for (const c of opened) {
      const x = await getCase(c.id);
      const a = actions(x);
      expect(a.filter((s) => s === 'escalated').length === 1, `${c.id}: escalated ${a.filter((s) => s === 'escalated').length} times (${a.join(',')})`);
      expect(a.filter((s) => s === 'resolved').length === 1, `${c.id}: resolved ${a.filter((s) => s === 'resolved').length} times`);
    }
    // Every notification delivered. Delivery is at least once with an Idempotency-Key (notify/dispatcher.ts):
    // a dispatcher killed between a webhook's answer and marking the row sent leaves it to be sent again
    // after the lease, and the receiver dedupes on the key. So: none lost, no key the outbox does not
    // hold, and repeats only from the one batch the killed worker held.
    const db = await openStore({ dataDir: join(stack.dir, 'data-check'), storeUrl: stack.storeUrl });
    try {
      // What is due now: a requester's digest folded for the next morning is not, nor a superseded row.
      const rows = await until('every notification due now sent', async () => {
        const now = new Date().toISOString();
        const r = (await db.select().from(outbox)).filter((x) => x.status !== 'superseded' && !(x.status === 'pending' && x.nextAttemptAt > now));
        return r.length > 0 && r.every((x) => x.status === 'sent') ? r : null;
      }, 60_000);
      const lost = rows.filter((r) => !stack.received.get(r.key));
      expect(lost.length === 0, `notifications never received: ${lost.slice(0, 5).map((r) => r.key).join(', ')}`);
      expect(stack.received.size === rows.length, `${stack.received.size} distinct keys received for ${rows.length} in the outbox`);
      const repeated = rows.filter((r) => (stack.received.get(r.key) ?? 0) > 1);
      const batch = 20; // rows one dispatcher claims at a time (createDispatcher's default)
      expect(repeated.length <= batch, `${repeated.length} notifications sent more than once, beyond the killed worker's batch: ${repeated.slice(0, 5).map((r) => `${r.key}×${stack.received.get(r.key)}`).join(', ')}`);
      if (repeated.length) log(`  ${repeated.length} notification(s) sent again after the kill, same Idempotency-Key (the receiver dedupes): ${repeated.map((r) => r.key).join(', ')}`);
    } finally {
      await db.close();
    }
    // No workflow failed.
    const conn = await Connection.connect({ address: stack.temporalAddress, tls: stack.adminTls });
    try {
      const client = new Client({ connection: conn });
      let failed = 0;
      for await (const _ of client.workflow.list({ query: `ExecutionStatus = 'Failed'` })) failed++;
      expect(failed === 0, `${failed} workflows FAILED`);
    } finally {
      await conn.close();
    }
  });

  await check('Temporal history holds no personal data in the clear; the codec server opens it for an administrator only', async () => {
    const words = { title: '老旧小区加装电梯协调', description: '住户意见不一，需多部门协调加装电梯。', phone: '13905620001', note: '拨打13905620001联系业主代表' };
    const c = await openCase('housing.fc2', { title: words.title, description: words.description, requester: { kind: 'person', name: '王先生', phone: words.phone } });
    const esc = await decide(c.id, 'housing.fc2', { action: 'escalate', reason: 'cross_department', note: words.note });
    expect(esc.status === 200, `escalate: ${esc.status}`);
    const shown = execFileSync(stack.cli, ['workflow', 'show', '--workflow-id', c.workflowId, '--output', 'json', '--address', stack.temporalAddress, ...cliTls(stack.tls, 'admin')], { encoding: 'utf8' });
    const decoded = shown + '\n' + [...shown.matchAll(/"([A-Za-z0-9+/]{8,}=*)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8')).join('\n');
    for (const [k, v] of Object.entries(words)) expect(!decoded.includes(v), `the ${k} is readable in the history`);
    expect(decoded.includes('binary/encrypted'), 'no sealed payloads in the history');
    const payloads = [...shown.matchAll(/\{\s*"metadata":\s*\{[^}]*\},\s*"data":\s*"[^"]*"\s*\}/g)].map((m) => JSON.parse(m[0]));
    expect(payloads.length > 0, 'no payloads found in the history');
    const admin = await http('POST', '/codec/decode', { as: 'admin', body: { payloads } });
    expect(admin.status === 200, `decode as admin: ${admin.status}`);
    const opened = (admin.json.payloads as { data: string }[]).map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');
    expect(opened.includes(words.title) && opened.includes(words.note), 'the administrator does not get the words back');
    const officer = await http('POST', '/codec/decode', { as: 'housing.fc2', body: { payloads } });
    expect(officer.status === 403 && officer.json?.code === 'FORBIDDEN_ROLE', `decode as officer: ${officer.status}`);
  });

  await check('a decide signal sent with the Temporal CLI (a certificate, but not our key) is refused and recorded; the case goes on', async () => {
    const c = await openCase('market.fc1');
    const forged = JSON.stringify({ actorId: 'market.fc1', requestId: 'forged', decision: { action: 'resolve', result: '伪造办结' } });
    execFileSync(stack.cli, ['workflow', 'signal', '--workflow-id', c.workflowId, '--name', 'decideSignal', '--input', forged, '--address', stack.temporalAddress, ...cliTls(stack.tls, 'admin')], { encoding: 'utf8' });
    const x = await until('the rejected step', async () => {
      const v = await getCase(c.id);
      return actions(v).includes('rejected') ? v : null;
    });
    expect(!actions(x).includes('resolved'), 'the forged decision was applied');
    // Sealed by our own client with the older key of the ring: still opened after the rotation.
    const ring = parseKeyFile(readFileSync(stack.keysFile, 'utf8'), 'keys');
    const olderOnly = { current: 'k2025', keys: ring.keys };
    const conn = await Connection.connect({ address: stack.temporalAddress, tls: stack.adminTls });
    try {
      const client = new Client({ connection: conn, dataConverter: dataConverterFor(olderOnly) });
      const state = await client.workflow.getHandle(c.workflowId).query<{ status: string }>('state');
      expect(state.status === x.status, `query through the older key: ${JSON.stringify(state).slice(0, 100)}`);
    } finally {
      await conn.close();
    }
    const ok = await decide(c.id, 'market.fc1', { action: 'resolve', result: '当场办结' });
    expect(ok.status === 200 && ok.json.status === 'resolved', `the officer's own decision: ${ok.status} ${ok.text.slice(0, 200)}`);
  });

  await check('Temporal UI is read-only on the server: the batch operation that slips past its filter is refused, no case is terminated', async () => {
    const c = await openCase('finance.fc1');
    // The request of issue 32: the UI server's filter reads the decoded path (".../workflows/.../query/..."
    // looks like a query) while its gateway routes on the raw one; an Authorization header skips CSRF.
    const post = (path: string, body: unknown) =>
      fetch(`${stack.ui}${path}`, { method: 'POST', headers: { authorization: 'x', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const batch = await post('/api/v1/namespaces/default/batch-operations/j%2Fworkflows%2Fquery%2F1', { visibilityQuery: 'WorkflowType="caseWorkflow"', reason: 'x', terminationOperation: {} });
    const batchText = await batch.text();
    expect(batch.status === 403 && /unauthorized|permission/i.test(batchText), `batch operation through the UI: ${batch.status} ${batchText.slice(0, 200)}`);
    const terminate = await post(`/api/v1/namespaces/default/workflows/${c.workflowId}/terminate`, { reason: 'x' });
    expect(terminate.status === 403 || terminate.status === 405, `terminate through the UI: ${terminate.status}`);
    // Reads go through: the UI lists and describes cases.
    const list = await fetch(`${stack.ui}/api/v1/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId="${c.workflowId}"`)}`);
    expect(list.ok && (await list.text()).includes(c.workflowId), `listing through the UI: ${list.status}`);
    await sleep(3000); // a batch job, had one started, would have run by now
    const conn = await Connection.connect({ address: stack.temporalAddress, tls: stack.adminTls });
    try {
      const client = new Client({ connection: conn });
      let terminated = 0;
      for await (const _ of client.workflow.list({ query: `ExecutionStatus = 'Terminated'` })) terminated++;
      expect(terminated === 0, `${terminated} workflows terminated`);
      const batches = await conn.workflowService.listBatchOperations({ namespace: 'default' });
      expect((batches.operationInfo ?? []).length === 0, `${batches.operationInfo?.length} batch operations exist`);
      expect((await client.workflow.getHandle(c.workflowId).describe()).status.name === 'RUNNING', 'the case is no longer running');
    } finally {
      await conn.close();
    }
  });

  await check('each client certificate holds to its role on our server (temporal CLI): ui reads, worker and api cannot terminate, admin can', async () => {
    const c = await openCase('civil.fc2');
    const wf = ['--workflow-id', c.workflowId];
    const as = (cert: string, tls: string[], ...args: string[]) => {
      const r = spawnSync(stack.cli, [...args, '--address', stack.temporalAddress, '--namespace', 'default', ...tls], { encoding: 'utf8', timeout: 30_000 });
      return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`, what: `${cert}: temporal ${args.slice(0, 2).join(' ')}` };
    };
    const cert = (name: ClientCert) => (...args: string[]) => as(name, cliTls(stack.tls, name), ...args);
    const allowed = (r: ReturnType<typeof as>) => expect(r.ok, `${r.what} was refused: ${r.out.trim().slice(-300)}`);
    const refused = (r: ReturnType<typeof as>) => expect(!r.ok && /unauthorized|PermissionDenied|permission denied/i.test(r.out), `${r.what} was not refused for its role: ${r.out.trim().slice(-300)}`);
    const ui = cert('ui');
    allowed(ui('workflow', 'describe', ...wf));
    allowed(ui('workflow', 'show', ...wf));
    allowed(ui('workflow', 'list', '--query', `WorkflowId = '${c.workflowId}'`));
    refused(ui('workflow', 'terminate', ...wf, '--reason', 'ui'));
    refused(ui('workflow', 'signal', ...wf, '--name', 'decideSignal', '--input', '{}'));
    refused(ui('workflow', 'terminate', '--query', "WorkflowType = 'caseWorkflow'", '--reason', 'ui', '--yes'));
    refused(ui('workflow', 'delete', ...wf, '--yes'));
    refused(ui('operator', 'search-attribute', 'create', '--name', 'Mine', '--type', 'Keyword'));
    const worker = cert('worker');
    refused(worker('workflow', 'terminate', ...wf, '--reason', 'worker'));
    refused(worker('workflow', 'start', '--task-queue', 'elsewhere', '--type', 'caseWorkflow', '--workflow-id', `stray-${c.id}`));
    const api = cert('api');
    refused(api('workflow', 'terminate', ...wf, '--reason', 'api'));
    refused(api('workflow', 'reset', ...wf, '--type', 'FirstWorkflowTask', '--reason', 'api'));
    refused(api('workflow', 'delete', ...wf, '--yes'));
    refused(api('workflow', 'start', '--task-queue', 'elsewhere', '--type', 'caseWorkflow', '--workflow-id', `stray-${c.id}`));
    // A certificate of our own CA whose name is no role gets nothing, not even a list.
    const strangerDir = join(stack.dir, 'tls-stranger');
    mkdirSync(strangerDir, { recursive: true });
    const [key, csr, crt, ext] = ['key.pem', 'csr.pem', 'cert.pem', 'ext.cnf'].map((f) => join(strangerDir, f));
    writeFileSync(ext!, 'extendedKeyUsage=clientAuth\n');
    run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=stranger', '-keyout', key!, '-out', csr!], { what: 'openssl req' });
    run('openssl', ['x509', '-req', '-in', csr!, '-CA', join(stack.tls, 'ca', 'ca.pem'), '-CAkey', join(stack.tls, 'ca', 'ca-key.pem'), '-CAcreateserial', '-CAserial', join(strangerDir, 'ca.srl'), '-days', '1', '-extfile', ext!, '-out', crt!], { what: 'openssl x509' });
    refused(as('stranger', ['--tls-ca-path', join(stack.tls, 'ca', 'ca.pem'), '--tls-cert-path', crt!, '--tls-key-path', key!, '--tls-server-name', 'temporal'], 'workflow', 'list'));
    // The administrator's certificate administers.
    allowed(cert('admin')('workflow', 'terminate', ...wf, '--reason', 'test:production: the admin certificate may terminate'));
    const described = cert('ui')('workflow', 'describe', ...wf, '--output', 'json');
    expect(/TERMINATED|Terminated/.test(described.out), `after the admin's terminate: ${described.out.slice(0, 200)}`);
  });

  await check('an administrator reads a case\'s decoded input in Temporal UI through the codec server (Chromium); an officer gets no session', async () => {
    const title = '老城区雨污分流改造涉及三部门';
    const c = await openCase('planning.fc1', { title });
    const browser = await launchBrowser();
    try {
      const signIn = async (who: string) => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${stack.apis[0]}/codec`);
        await page.waitForSelector('body[data-ready="true"]');
        await page.getByLabel('管理员令牌').fill(stack.tokens[who]!);
        await page.getByRole('button', { name: /Open session/ }).click();
        await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '');
        return { context, page, result: (await page.textContent('#result')) ?? '' };
      };
      const openInUi = async (page: Page) => {
        const decoded = page.waitForResponse((r) => r.url().startsWith(`${stack.apis[0]}/codec/decode`), { timeout: 30_000 });
        await page.goto(`${stack.ui}/namespaces/default/workflows/${c.workflowId}`);
        return decoded;
      };
      const admin = await signIn('admin');
      expect(/Session open until/.test(admin.result), `admin at /codec: ${admin.result}`);
      const answer = await openInUi(admin.page);
      expect(answer.status() === 200, `the UI's decode call: ${answer.status()}`);
      await admin.page.waitForFunction((t) => document.body.innerText.includes(t), title, { timeout: 30_000 });
      expect(!(await admin.page.locator('[data-testid="data-encoder-status-error"]').isVisible()), 'the UI says the codec server could not connect');
      await admin.context.close();

      const officer = await signIn('planning.head');
      expect(/Refused/.test(officer.result), `officer at /codec: ${officer.result}`);
      expect(!(await officer.context.cookies(`${stack.apis[0]}/codec/decode`)).some((k) => k.name === 'codec_session'), 'the officer got a codec session');
      const refused = await openInUi(officer.page);
      expect(refused.status() === 401, `the officer's decode call: ${refused.status()}`);
      await sleep(1500);
      expect(!(await officer.page.innerText('body')).includes(title), 'the officer reads the title in Temporal UI');
      await officer.context.close();
    } finally {
      await browser.close();
    }
  });
}

async function main() {
  log('npm run test:production: Temporal on PostgreSQL with mutual TLS, two workers, two APIs');
  const tools = ensureProductionTools(log);
  ensureChromium(); // Debian's Chromium, for the check in Temporal UI
  log(`tools: our Temporal server (go.temporal.io/server ${tools.version}), Temporal UI ${tools.ui.version}, PostgreSQL ${tools.pgBin}`);
  try {
    stack = await startStack(tools);
  } catch (e) {
    results.push({ name: 'start the production stack', ok: false, ms: 0, detail: (e as Error).message });
    log(`FAIL start the production stack: ${(e as Error).message}`);
  }
  if (stack) await scenarios();
  const failed = results.filter((r) => !r.ok);
  if (failed.length && stack) {
    for (const name of ['temporal', 'temporal-ui', 'worker-1', 'worker-2', 'api-1', 'api-2']) {
      console.log(`---- last lines of ${name}.log ----\n${tail(join(stack.dir, 'logs', `${name}.log`))}`);
    }
  }
  await cleanup();
  console.log('');
  for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.ok ? '' : `\n      ${r.detail}`}`);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  process.exit(failed.length ? 1 : 0);
}

main().catch(async (e) => {
  console.error(`test:production: ${(e as Error).stack ?? e}`);
  await cleanup();
  console.log('\n0 passed, 1 failed');
  process.exit(1);
});
