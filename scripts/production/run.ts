// `npm run test:production`: the production topology, for real, on this machine.
//   PostgreSQL (Debian's, a throw-away cluster on a private port) -> the Temporal schemas, created
//   with Temporal's schema tool -> the Temporal server (the version docker-compose.yml pins) with
//   SQL advanced visibility and mutual TLS on its frontend, configured by the same files compose
//   mounts (deploy/temporal/config/production.yaml, deploy/temporal/dynamicconfig/, the namespace
//   job deploy/temporal/setup-namespace.sh, certificates from deploy/tls/make-certs.sh)
//   -> two workers and two API processes (NODE_ENV=production, client certificates, sealed payloads).
// Then it drives them over HTTP: a case's lifecycle, coordination up to a city consultation, a
// deadline lapsing, one worker killed under load (nothing lost, nothing doubled), and what an
// outsider sees (no personal data in Temporal's history, no way in without a certificate, forged
// messages refused). It prints each check, a final "N passed, N failed" line, exits non-zero on a
// failure, and stops everything it started, also on failure or Ctrl-C.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { ensureProductionTools, root, type ProductionTools } from './tools.js';
import { Cleanups, sleep, startProcess, startProductionTemporal, tail, until, type Proc } from './temporal.js';
import { freePort } from '../dev-server.js';
import { bundleCaseWorkflows } from '../../worker.js';
import { dbFile, openDb } from '../../db/client.js';
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
  dataDir: string;
  received: Map<string, number>;
  adminTls: TLSConfig;
  keysFile: string;
  cli: string;
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


  // Our processes: one data folder (SQLite) shared as in compose, keys from a file, a short policy.
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const keysFile = join(dir, 'payload-keys.json');
  // Two keys: the current one seals, the older one still opens (rotation).
  const older = newKeyFile('k2025');
  const current = newKeyFile('k2026');
  writeFileSync(keysFile, JSON.stringify({ current: 'k2026', keys: { ...older.keys, ...current.keys } }), { mode: 0o600 });
  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ tiers: { '1': { duration: '8s' } }, coordination: { duration: '1h' }, reminderAt: 0 }));
  const db = openDb(dbFile(dataDir));
  // The test's own directory, seeded before the processes start (production itself loads no demo data).
  const tokens = loadDemoDirectory(db, {})!;
  db.$client.close();
  const bundle = join(dir, 'workflow-bundle.js');
  writeFileSync(bundle, await bundleCaseWorkflows({ info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never));

  const received = new Map<string, number>();
  const receiver: Server = createServer((req, res) => {
    const key = String(req.headers['idempotency-key']);
    received.set(key, (received.get(key) ?? 0) + 1);
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  onCleanup('webhook receiver', () => new Promise<void>((r) => receiver.close(() => r())));
  const webhook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/sms`;

  const appEnv = (client: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    TASK_QUEUE: 'cases',
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TLS_CA: join(tls, 'ca.pem'),
    TEMPORAL_TLS_CERT: join(tls, `${client}.pem`),
    TEMPORAL_TLS_KEY: join(tls, `${client}-key.pem`),
    TEMPORAL_TLS_SERVER_NAME: 'temporal',
    PAYLOAD_KEYS_FILE: keysFile,
    ESCALATION_POLICY: policyFile,
    NOTIFY_WEBHOOK_URL: webhook,
    WORKFLOW_BUNDLE: bundle,
    RATE_LIMIT_TOKEN_PER_MINUTE: '100000',
  });
  const workers: Proc[] = [];
  const startWorker = (i: number) => {
    const p = startProcess(cleanups, `worker-${i + 1}`, process.execPath, ['--import', 'tsx', join(root, 'worker.ts')], appEnv('worker'), dir);
    workers[i] = p;
    return p;
  };
  startWorker(0);
  startWorker(1);
  const apis: string[] = [];
  for (const i of [1, 2]) {
    const port = await freePort();
    startProcess(cleanups, `api-${i}`, process.execPath, ['--import', 'tsx', join(root, 'api', 'main.ts')], { ...appEnv('api'), API_PORT: String(port), API_HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` }, dir);
    apis.push(`http://127.0.0.1:${port}`);
  }
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
  return { dir, tls, temporalAddress, apis, workers, startWorker, tokens, dataDir, received, adminTls, keysFile, cli };
}

// ---- HTTP ----
let stack: Stack;
let turn = 0;
/** Alternates between the two API processes, as a load balancer would. */
async function http(method: string, path: string, o: { as?: string; body?: unknown; headers?: Record<string, string>; api?: number } = {}) {
  const base = stack.apis[o.api ?? turn++ % stack.apis.length];
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.as) headers.authorization = `Bearer ${stack.tokens[o.as]}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(base + path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
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
    if (r.status !== 503 || attempt >= 10) return r;
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
    const noCert = await Connection.connect({ address: stack.temporalAddress, connectTimeout: 3000, tls: { serverNameOverride: 'temporal', serverRootCACertificate: readFileSync(join(stack.tls, 'ca.pem')) } })
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
    const rate = await http('POST', `/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { body: { rating: 'satisfied' } });
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
      const n = await until('CaseTier=2 cases listed', async () => {
        let count = 0;
        for await (const _ of client.workflow.list({ query: `WorkflowType = 'caseWorkflow' AND CaseTier = '2'` })) count++;
        return count >= 1 ? count : null;
      });
      expect(n >= 1, 'no case listed');
    } finally {
      await conn.close();
    }
  });

  await check('one worker killed under load: nothing lost, nothing doubled', async () => {
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
    const esc = await Promise.all(escalations);
    const bad = esc.filter((r) => r.status !== 200);
    expect(bad.length === 0, `escalations not taken: ${bad.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('; ')}`);
    // Resolve them all through the surviving worker, then restart worker 1 as a supervisor would.
    const res = await Promise.all(opened.map((c, i) => decide(c.id, chiefOf(officers[Math.floor(i / 2)]), { action: 'resolve', result: '科室办结' })));
    const notResolved = res.filter((r) => r.status !== 200 || r.json.status !== 'resolved');
    expect(notResolved.length === 0, `resolutions not taken: ${notResolved.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('; ')}`);
    stack.startWorker(0);
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
    const db = openDb(dbFile(stack.dataDir));
    try {
      const rows = await until('every notification sent', async () => {
        const r = db.select().from(outbox).all();
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
      db.$client.close();
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
    const shown = execFileSync(stack.cli, ['workflow', 'show', '--workflow-id', c.workflowId, '--output', 'json', '--address', stack.temporalAddress,
      '--tls-ca-path', join(stack.tls, 'ca.pem'), '--tls-cert-path', join(stack.tls, 'admin.pem'), '--tls-key-path', join(stack.tls, 'admin-key.pem'), '--tls-server-name', 'temporal'], { encoding: 'utf8' });
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
    execFileSync(stack.cli, ['workflow', 'signal', '--workflow-id', c.workflowId, '--name', 'decideSignal', '--input', forged, '--address', stack.temporalAddress,
      '--tls-ca-path', join(stack.tls, 'ca.pem'), '--tls-cert-path', join(stack.tls, 'admin.pem'), '--tls-key-path', join(stack.tls, 'admin-key.pem'), '--tls-server-name', 'temporal'], { encoding: 'utf8' });
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
}

async function main() {
  log('npm run test:production: Temporal on PostgreSQL with mutual TLS, two workers, two APIs');
  const tools = ensureProductionTools(log);
  log(`tools: Temporal server ${tools.version}, PostgreSQL ${tools.pgBin}`);
  try {
    stack = await startStack(tools);
  } catch (e) {
    results.push({ name: 'start the production stack', ok: false, ms: 0, detail: (e as Error).message });
    log(`FAIL start the production stack: ${(e as Error).message}`);
  }
  if (stack) await scenarios();
  const failed = results.filter((r) => !r.ok);
  if (failed.length && stack) {
    for (const name of ['temporal', 'worker-1', 'worker-2', 'api-1', 'api-2']) {
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
