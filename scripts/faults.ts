// The fault suite (npm run test:faults): the real processes — a Temporal dev server on a database
// file, the worker and the API, each started as production starts them — under a steady, bounded
// load of cases driven over HTTP, while the worker is SIGKILLed, the API is SIGKILLed, the Temporal
// server is stopped and restarted on its file, and the worker dies between a store call's commit and
// the completion of the workflow task that made it (FAULT_EXIT_AFTER_STORE_CALL=1: the retried task
// finds its job committed, or goes another way and supersedes it), several times each. Afterwards
// it checks that every case is where the decisions the driver got accepted put it, that every lapsed
// deadline was acted on, that no case was lost or duplicated, that no notification was delivered
// twice or of a step that does not stand, and that the SQLite store agrees with every workflow: each
// step of its timeline and nothing else, officer events only of steps that stand. It prints the counts and
// what each fault did to latency and how long recovery took; it exits 1 if any check failed.
//
// Everything listens on 127.0.0.1; the run is bounded in cases and time. Knobs (environment):
// FAULT_ROUNDS (3: each kind of fault injected this many times), FAULT_LANES (3 concurrent drivers),
// FAULT_GAP_MS (9000 between faults), FAULT_MAX_CASES (240), FAULT_KEEP=1 keeps the temp folder.
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client, Connection } from '@temporalio/client';
import { freePort, startDevServer, type DevServer } from './dev-server.js';
import { bundleCaseWorkflows } from '../worker.js';
import { answers, managed, root, sleep, stopSupervising, track } from './processes.js';

const env = process.env;
const ROUNDS = Number(env.FAULT_ROUNDS ?? 3);
const LANES = Number(env.FAULT_LANES ?? 3);
const GAP_MS = Number(env.FAULT_GAP_MS ?? 9000);
const MAX_CASES = Number(env.FAULT_MAX_CASES ?? 240);
const TIER_WINDOW_S = 25;
const UNITS = ['housing', 'civil', 'planning', 'market', 'agriculture', 'finance'];
const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (m: string) => console.log(`[${elapsed().padStart(6)}s] ${m}`);

// ---------------------------------------------------------------------------------------------
// Processes

const dir = mkdtempSync(join(tmpdir(), 'escalate-faults-'));
const dataDir = join(dir, 'data');
const temporalDb = join(dir, 'temporal.sqlite');
mkdirSync(dataDir, { recursive: true });
const policyFile = join(dir, 'policy.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    tiers: { '1': { duration: `${TIER_WINDOW_S}s` }, '2': { duration: `${TIER_WINDOW_S}s` }, '3': { duration: `${TIER_WINDOW_S}s` }, '4': { duration: `${TIER_WINDOW_S}s` }, city: { duration: '1h' } },
    materials: { duration: '1h' },
    rating: { duration: '1h' },
    reminderAt: 0,
  }),
);

// ---------------------------------------------------------------------------------------------
// The webhook receiver: what an SMS gateway would see, counted by Idempotency-Key.

const deliveries = new Map<string, number>();
/** When each key was delivered, to tell a redelivery after a crash from a defect. */
const deliveredAt = new Map<string, number[]>();
function startReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
    deliveredAt.set(key, [...(deliveredAt.get(key) ?? []), Date.now()]);
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/sms` })));
}

// ---------------------------------------------------------------------------------------------
// HTTP with retries, and the record of every logical operation

let apiBase = '';
let tokens: Record<string, string> = {};

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
interface Op {
  kind: 'intake' | 'decision' | 'withdraw';
  start: number;
  end: number;
  attempts: number;
  /** Attempts that failed on the way: connection errors and 503s. */
  failures: number;
  status: number;
}
const ops: Op[] = [];

async function http(method: string, path: string, opts: { as?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as) headers.authorization = `Bearer ${tokens[opts.as]}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${apiBase}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** The code in the last requester-code SMS of a case, as the requester's phone received it. */
function lastSmsCode(caseId: string): string | undefined {
  const db = new Database(join(dataDir, 'cases.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare<[string], { vars: string }>(`select vars from outbox where key like 'requester-code:%' and case_id = ? order by id desc limit 1`).get(caseId);
    return row ? (JSON.parse(row.vars) as { code: string }).code : undefined;
  } finally {
    db.close();
  }
}

/** Sends the same request (same keys) until it gets an answer that is not "try again"; bounded. */
async function retrying(kind: Op['kind'], send: () => Promise<Answer>, budgetMs = 120_000, record = true): Promise<Answer> {
  const op: Op = { kind, start: Date.now(), end: 0, attempts: 0, failures: 0, status: 0 };
  let delay = 250;
  for (;;) {
    op.attempts++;
    let a: Answer | null = null;
    try {
      a = await send();
    } catch {
      a = null; // connection refused or reset, timeout: the API or its host is down
    }
    if (a && a.status !== 503 && a.status !== 502 && a.status !== 429) {
      op.end = Date.now();
      op.status = a.status;
      if (record) ops.push(op);
      return a;
    }
    op.failures++;
    if (Date.now() - op.start > budgetMs) {
      op.end = Date.now();
      op.status = a?.status ?? 0;
      if (record) ops.push(op);
      return a ?? { status: 0, body: null };
    }
    await sleep(delay);
    delay = Math.min(2000, delay * 2);
  }
}

// ---------------------------------------------------------------------------------------------
// The driver and its model of what was accepted

type Plan = 'resolve1' | 'climb2' | 'climb3' | 'refuse4' | 'withdraw' | 'idle';
const PLANS: Plan[] = ['resolve1', 'climb2', 'climb3', 'withdraw', 'climb2', 'refuse4', 'resolve1', 'idle'];
const PLAN_ACTIONS: Record<Plan, ('escalate' | 'resolve' | 'refuse' | 'withdraw')[]> = {
  resolve1: ['resolve'],
  climb2: ['escalate', 'resolve'],
  climb3: ['escalate', 'escalate', 'resolve'],
  refuse4: ['escalate', 'escalate', 'escalate', 'refuse'],
  withdraw: ['withdraw'],
  idle: [],
};

interface Accepted {
  actor: string;
  action: 'escalate' | 'resolve' | 'refuse' | 'withdraw';
  key: string;
}
interface ModelCase {
  externalId: string;
  plan: Plan;
  id?: string;
  trackingCode?: string;
  createdAt: number;
  accepted: Accepted[];
  /** Decisions whose outcome the driver never learned (gave up retrying). */
  unknown: Accepted[];
  /** How the driver's run ended: done (plan carried out), or why not. */
  end: string;
}
const model: ModelCase[] = [];

const CLOSED = ['resolved', 'refused', 'withdrawn'];
/** Intakes first answered 202 (taken in while the engine could not answer; not failures). */
let intakesTakenInPending = 0;

async function strongState(id: string): Promise<any> {
  const a = await retrying('decision', () => http('GET', `/v1/cases/${id}?consistency=strong`, { as: 'admin' }), 60_000, false);
  return a.status === 200 ? a.body : null;
}

async function driveCase(n: number, lane: number): Promise<void> {
  const plan = PLANS[n % PLANS.length];
  const unit = UNITS[n % UNITS.length];
  const c: ModelCase = { externalId: `FAULT-${n}`, plan, createdAt: Date.now(), accepted: [], unknown: [], end: 'running' };
  model.push(c);
  const sendIntake = () =>
    http('POST', '/v1/cases', {
      as: 'int-12345',
      body: {
        externalId: c.externalId,
        requester: { kind: n % 2 ? 'person' : 'enterprise', name: `申请人${n}`, phone: `1390000${String(n).padStart(4, '0')}` },
        channel: 'api',
        title: `故障演练案件 ${n} (${plan})`,
        description: `lane ${lane}, plan ${plan}`,
        firstContactOfficerId: `${unit}.fc${(n % 2) + 1}`,
      },
    });
  let intake = await retrying('intake', sendIntake);
  if (intake.status === 202) intakesTakenInPending++;
  // 202: taken in while the engine could not answer; the same intake again answers the case once its
  // workflow has set the first assignee (by itself, or started by the sweep).
  for (const until = Date.now() + 180_000; intake.status === 202 && Date.now() < until; ) {
    await sleep(2000);
    intake = await retrying('intake', sendIntake, 120_000, false);
  }
  if (intake.status !== 200 && intake.status !== 201) {
    c.end = `intake answered ${intake.status}`;
    return;
  }
  c.id = intake.body.id;
  c.trackingCode = intake.body.trackingCode;
  let state: any = { status: intake.body.status, tier: intake.body.tier, assignee: intake.body.assignee };
  const wanted = PLAN_ACTIONS[plan];
  for (let i = 0; i < wanted.length; i++) {
    let done = false;
    for (let attempt = 0; attempt < 6 && !done; attempt++) {
      if (!state || CLOSED.includes(state.status)) {
        c.end = `closed early (${state?.status})`;
        return;
      }
      let action = wanted[i];
      // Lapsed windows may have moved the case up meanwhile: at the top, the holder decides.
      if (action === 'escalate' && (state.tier === '4' || state.tier === 'city')) action = 'resolve';
      if (action === 'refuse' && state.tier !== '4' && state.tier !== 'city') action = 'escalate';
      const key = `${c.externalId}:${i}:${attempt}`;
      let a: Answer;
      let actor: string;
      if (action === 'withdraw') {
        actor = 'requester';
        // A mobile phone is on file: the withdrawal takes the one-time code sent there, which the
        // requester types in (read here from the SMS in the outbox).
        const asked = await retrying('withdraw', () => http('POST', `/v1/cases/${c.id}/requester-code?trackingCode=${c.trackingCode}`, { body: { purpose: 'withdraw' }, headers: { 'idempotency-key': `${key}:code` } }), undefined, false);
        const smsCode = asked.status === 202 ? lastSmsCode(c.id!) : undefined;
        a = await retrying('withdraw', () =>
          http('POST', `/v1/cases/${c.id}/withdraw?trackingCode=${c.trackingCode}`, { body: { reason: '已自行解决' }, headers: { 'idempotency-key': key, ...(smsCode ? { 'x-sms-code': smsCode } : {}) } }),
        );
      } else {
        actor = state.assignee?.principalId;
        const body =
          action === 'escalate'
            ? { action, reason: 'beyond_remit', note: `第${i + 1}步提级`, expectedTier: state.tier }
            : action === 'resolve'
              ? { action, result: `第${i + 1}步办结`, expectedTier: state.tier }
              : { action, legalBasis: '《中华人民共和国行政许可法》第十二条', explanation: '依法不得办理，理由已当面说明。', expectedTier: state.tier };
        a = await retrying('decision', () => http('POST', `/v1/cases/${c.id}/decisions`, { as: actor, body, headers: { 'idempotency-key': key } }));
      }
      const rec: Accepted = { actor, action, key };
      if (a.status === 200) {
        c.accepted.push(rec);
        state = a.body;
        done = true;
      } else if (a.status === 0 || a.status === 503) {
        c.unknown.push(rec);
        c.end = `gave up on ${action} (no answer)`;
        return;
      } else {
        // Stale, not the assignee any more, or closed: the case moved (a lapsed window); look again.
        state = await strongState(c.id!);
      }
    }
    if (!done) {
      c.end = `could not carry out ${wanted[i]}`;
      return;
    }
  }
  c.end = 'done';
}

let loadRunning = true;
let nextCase = 0;
async function lane(i: number): Promise<void> {
  while (loadRunning && nextCase < MAX_CASES) {
    const n = nextCase++;
    await driveCase(n, i).catch((e) => log(`case ${n}: driver error ${e.message}`));
    await sleep(1200);
  }
}

// ---------------------------------------------------------------------------------------------
// Faults

interface Fault {
  kind: 'worker' | 'api' | 'temporal' | 'store-call';
  n: number;
  at: number;
  /** From the kill to the restart command. */
  downMs: number;
  /** From the restart command to the process answering. */
  restartMs: number;
  /** From the kill until a strong read (API -> Temporal -> worker) answers again. */
  recoveryMs: number;
  recoveredAt: number;
}
const faults: Fault[] = [];
/** When a worker process died (killed, or exited as a fault asked): its dispatcher died with it. */
const workerDeaths: number[] = [];

async function probeUntilOk(probeId: string, since: number): Promise<number> {
  for (;;) {
    try {
      const a = await http('GET', `/v1/cases/${probeId}?consistency=strong`, { as: 'admin' });
      if (a.status === 200) return Date.now() - since;
    } catch {
      // not yet
    }
    if (Date.now() - since > 180_000) return Number.NaN;
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------

function pct(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main() {
  log(`temp folder ${dir}`);
  const [receiver, bundle] = await Promise.all([
    startReceiver(),
    bundleCaseWorkflows({ info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never),
  ]);
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle);

  let server: DevServer = await startDevServer({ dbFile: temporalDb, headless: true, logLevel: 'error' });
  track(server.process);
  const temporalPort = server.port;
  const apiPort = await freePort();
  apiBase = `http://127.0.0.1:${apiPort}`;
  const common = {
    DATA_DIR: dataDir,
    TASK_QUEUE: 'faults',
    TEMPORAL_ADDRESS: server.address,
    ESCALATION_POLICY: policyFile,
    NODE_ENV: 'development',
  };
  const api = managed({
    name: 'api',
    args: ['--import', 'tsx', 'api/main.ts'],
    env: { ...common, API_PORT: String(apiPort), API_HOST: '127.0.0.1', PUBLIC_URL: apiBase, UPDATE_WAIT_MS: '5000', LOG_LEVEL: 'warn', RATE_LIMIT_PUBLIC_PER_MINUTE: '100000', INTAKE_PER_MINUTE_INTEGRATOR: '100000' },
    logFile: join(dir, 'api.log'),
    readyCheck: answers(`${apiBase}/healthz`),
    onEvent: log,
  });
  const worker = managed({
    name: 'worker',
    args: ['--import', 'tsx', 'worker.ts'],
    env: { ...common, NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_TIMEOUT_MS: '5000', WORKFLOW_BUNDLE: bundlePath },
    logFile: join(dir, 'worker.log'),
    readyLine: (line) => line.startsWith('worker: task queue'),
    onEvent: log,
  });
  await api.start();
  tokens = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8'));
  await worker.start();
  log(`dev server 127.0.0.1:${temporalPort}, API ${apiBase}, worker up; ${LANES} lanes, ${ROUNDS} rounds of faults every ${GAP_MS / 1000} s`);

  const probe = await retrying('intake', () =>
    http('POST', '/v1/cases', { as: 'int-12345', body: { externalId: 'PROBE', requester: { kind: 'person', name: '探针' }, channel: 'api', title: '恢复探针 probe', description: 'probe', firstContactUnitId: 'data-bureau' } }),
    60_000,
    false,
  );
  const probeId: string = probe.body.id;

  const lanes = Array.from({ length: LANES }, (_, i) => lane(i));
  const loadStart = Date.now();
  await sleep(GAP_MS);
  const baselineEnd = Date.now();

  const order: Fault['kind'][] = ['worker', 'api', 'temporal', 'store-call'];
  let storeCallFaultsStruck = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of order) {
      const at = Date.now();
      let restartAt = 0;
      let restartMs = 0;
      if (kind === 'worker') {
        workerDeaths.push(Date.now());
        await worker.kill('SIGKILL');
        await sleep(2000);
        restartAt = Date.now();
        await worker.start();
      } else if (kind === 'store-call') {
        // The worker is restarted armed: it exits (137) right after its first store call commits,
        // before the workflow task completes; the supervisor brings it back plainly.
        workerDeaths.push(Date.now());
        await worker.kill('SIGKILL');
        restartAt = Date.now();
        const before = worker.expectedExits;
        await worker.start({ env: { FAULT_EXIT_AFTER_STORE_CALL: '1' }, expectExit: 137 });
        const until = Date.now() + 60_000;
        while (worker.expectedExits === before && Date.now() < until) await sleep(50);
        if (worker.expectedExits > before) {
          storeCallFaultsStruck++;
          workerDeaths.push(Date.now());
        }
        else {
          log('store-call fault: no store call within 60 s; restarting the worker plainly');
          await worker.kill('SIGTERM');
          await worker.start();
        }
      } else if (kind === 'api') {
        await api.kill('SIGKILL');
        await sleep(2000);
        restartAt = Date.now();
        await api.start();
      } else {
        await server.stop('SIGTERM');
        await sleep(2000);
        restartAt = Date.now();
        server = await startDevServer({ dbFile: temporalDb, port: temporalPort, headless: true, logLevel: 'error' });
        track(server.process);
      }
      restartMs = Date.now() - restartAt;
      const recoveryMs = await probeUntilOk(probeId, at);
      faults.push({ kind, n: round, at, downMs: restartAt - at, restartMs, recoveryMs, recoveredAt: at + recoveryMs });
      log(`${kind} fault ${round}: down ${restartAt - at} ms, restart ${restartMs} ms, recovered after ${recoveryMs} ms`);
      await sleep(GAP_MS);
    }
  }
  loadRunning = false;
  log(`faults done; letting the ${LANES} drivers finish their cases`);
  await Promise.race([Promise.all(lanes), sleep(150_000)]);
  const loadEnd = Date.now();

  // ---- quiescence: notifications delivered (a dispatcher killed mid-batch leaves rows for its lease) ----
  const db = new Database(join(dataDir, 'cases.sqlite'), { readonly: true, fileMustExist: true });
  const cut = new Date(Date.now() - 1000).toISOString();
  const drainUntil = Date.now() + 120_000;
  let undelivered = 0;
  for (;;) {
    // A requester's digest waits for the next morning (next_attempt_at): not due, not undelivered.
    undelivered = (
      db.prepare(`select count(*) n from outbox where status not in ('sent', 'superseded') and created_at < ? and next_attempt_at < ?`).get(cut, new Date().toISOString()) as { n: number }
    ).n;
    if (undelivered === 0 || Date.now() > drainUntil) break;
    await sleep(1000);
  }
  log(`outbox drained (${undelivered} undelivered)`);

  // ---- verification ----
  const verifyAt = Date.now();
  const problems: string[] = [];
  const note = (m: string) => {
    problems.push(m);
  };
  const closedOk = { resolve: 'resolved', refuse: 'refused', withdraw: 'withdrawn' } as const;
  const STEP_OF = { escalate: 'escalated', resolve: 'resolved', refuse: 'refused', withdraw: 'withdrawn' } as const;
  let wrongState = 0;
  let doubleApplied = 0;
  let missingApplied = 0;
  let lapsesActed = 0;
  let unactedLapses = 0;
  let missingSteps = 0;
  let phantomSteps = 0;
  let stepsChecked = 0;
  let readModelBehind = 0;
  let unfinished = 0;

  const lost = model.filter((c) => !c.id);
  for (const c of lost) note(`lost: ${c.externalId} (${c.end})`);
  const perExternal = db.prepare(`select external_id e, count(*) n from cases where created_by = 'int-12345' and external_id like 'FAULT-%' group by external_id`).all() as { e: string; n: number }[];
  const duplicated = perExternal.filter((r) => r.n > 1);
  for (const r of duplicated) note(`duplicated: ${r.e} has ${r.n} cases`);
  const known = new Set(model.map((c) => c.externalId));
  const phantom = perExternal.filter((r) => !known.has(r.e));
  for (const r of phantom) note(`case the driver never asked for: ${r.e}`);
  const half = db.prepare(`select id, external_id from cases where last_seq = 0`).all() as { id: string; external_id: string }[];
  for (const r of half) note(`half-written case (no workflow step): ${r.id} ${r.external_id}`);
  const missingRows = model.filter((c) => c.id && !perExternal.some((r) => r.e === c.externalId));
  for (const c of missingRows) note(`lost from the read model: ${c.externalId}`);

  // One workflow per case, never a second run.
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const runs = new Map<string, number>();
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'caseWorkflow'` })) runs.set(wf.workflowId, (runs.get(wf.workflowId) ?? 0) + 1);
  const twoRuns = [...runs].filter(([, n]) => n > 1);
  for (const [w, n] of twoRuns) note(`workflow ${w} ran ${n} times`);
  const caseRows = db.prepare(`select id, workflow_id w, status, tier from cases`).all() as { id: string; w: string; status: string; tier: string }[];
  const noWorkflow = caseRows.filter((r) => !runs.has(r.w));
  for (const r of noWorkflow) note(`case ${r.id} has no workflow`);

  const stepsOf = db.prepare(`select seq, action, actor, at from case_steps where case_id = ? order by seq`);
  const rowOf = db.prepare(`select status, tier, last_seq from cases where id = ?`);
  for (const c of model.filter((x) => x.id)) {
    const s = await strongState(c.id!);
    if (!s) {
      note(`${c.externalId}: no strong read`);
      wrongState++;
      continue;
    }
    const timeline: { seq: number; action: string; actor: string; at: string; deadlineAt?: string }[] = s.timeline;
    // Each accepted decision applied exactly once; nothing applied that was not accepted (or unknown).
    const applied = timeline.filter((st) => (st.actor !== 'system' && ['escalated', 'resolved', 'refused'].includes(st.action)) || st.action === 'withdrawn');
    const expected = [...c.accepted];
    const maybe = [...c.unknown];
    for (const st of applied) {
      const i = expected.findIndex((a) => STEP_OF[a.action] === st.action && a.actor === st.actor);
      if (i >= 0) expected.splice(i, 1);
      else {
        const j = maybe.findIndex((a) => STEP_OF[a.action] === st.action && a.actor === st.actor);
        if (j >= 0) maybe.splice(j, 1);
        else {
          doubleApplied++;
          note(`${c.externalId}: ${st.action} by ${st.actor} (seq ${st.seq}) applied without an accepted request, or twice`);
        }
      }
    }
    for (const a of expected) {
      missingApplied++;
      note(`${c.externalId}: accepted ${a.action} by ${a.actor} (key ${a.key}) is not on the timeline`);
    }
    // Where the decisions put it.
    const last = c.accepted[c.accepted.length - 1];
    if (c.end !== 'done') unfinished++;
    if (last && last.action !== 'escalate') {
      if (s.status !== closedOk[last.action]) {
        wrongState++;
        note(`${c.externalId}: accepted ${last.action} but the case is ${s.status}`);
      }
      if (last.action !== 'withdraw' && s.outcome?.by !== last.actor) {
        wrongState++;
        note(`${c.externalId}: closed by ${s.outcome?.by}, accepted from ${last.actor}`);
      }
    } else if (CLOSED.includes(s.status)) {
      wrongState++;
      note(`${c.externalId}: ${s.status} without an accepted closing decision`);
    } else {
      // Open: its tier is tier 1 plus every escalation, by an officer or by a lapsed window.
      const ups = timeline.filter((st) => st.action === 'escalated' || st.action === 'referred_to_city').length;
      const expectedTier = ['1', '2', '3', '4', 'city'][Math.min(4, ups)];
      if (s.tier !== expectedTier) {
        wrongState++;
        note(`${c.externalId}: tier ${s.tier} after ${ups} escalations`);
      }
      if (c.plan === 'idle' && timeline.some((st) => st.actor !== 'system' && st.action === 'escalated')) {
        wrongState++;
        note(`${c.externalId}: an idle case escalated by someone`);
      }
      // Every lapsed window acted on: none is still open past its deadline.
      if (s.phase === 'handling' && s.deadlineAt && Date.parse(s.deadlineAt) < verifyAt - 5000) {
        unactedLapses++;
        note(`${c.externalId}: deadline ${s.deadlineAt} lapsed and nothing happened`);
      }
    }
    for (let i = 0; i < timeline.length; i++) {
      if (timeline[i].action !== 'deadline_lapsed') continue;
      const next = timeline[i + 1];
      if (next && ((next.action === 'escalated' && next.actor === 'system') || next.action === 'reminded')) lapsesActed++;
      else {
        unactedLapses++;
        note(`${c.externalId}: lapse at seq ${timeline[i].seq} followed by ${next?.action ?? 'nothing'}`);
      }
    }
    // The audit copy: every step of the workflow's own timeline is in case_steps, the same.
    let copied = stepsOf.all(c.id) as { seq: number; action: string; actor: string; at: string }[];
    for (let wait = 0; wait < 20 && copied.length < timeline.length; wait++) {
      await sleep(500);
      copied = stepsOf.all(c.id) as typeof copied;
    }
    for (const st of timeline) {
      stepsChecked++;
      const row = copied.find((r) => r.seq === st.seq);
      if (!row || row.action !== st.action || row.actor !== st.actor || row.at !== st.at) {
        missingSteps++;
        note(`${c.externalId}: step ${st.seq} ${st.action} ${row ? 'differs in' : 'missing from'} the audit copy`);
      }
    }
    for (const r of copied) {
      if (timeline.some((st) => st.seq === r.seq)) continue;
      phantomSteps++;
      note(`${c.externalId}: step ${r.seq} ${r.action} is in the store but not on the workflow's timeline`);
    }
    const row = rowOf.get(c.id) as { status: string; tier: string; last_seq: number };
    if (row.status !== s.status || row.tier !== s.tier || row.last_seq < timeline.length) {
      readModelBehind++;
      note(`${c.externalId}: read model ${row.status}/${row.tier}/${row.last_seq}, workflow ${s.status}/${s.tier}/${timeline.length}`);
    }
  }

  // Officer events (portraits, reviews, the month's rates) only of steps that stand, all of them.
  const strayEvents = db
    .prepare(`select e.case_id c, e.seq s from officer_events e left join case_steps st on st.case_id = e.case_id and st.seq = e.seq where st.seq is null`)
    .all() as { c: string; s: number }[];
  for (const e of strayEvents) note(`officer event of case ${e.c} step ${e.s}, a step the store does not hold`);
  const eventCounts = db
    .prepare(
      `select st.case_id c, st.seq s, json_array_length(st.officer_events) carried, (select count(*) from officer_events e where e.case_id = st.case_id and e.seq = st.seq) n
       from case_steps st where st.officer_events is not null and json_array_length(st.officer_events) > 0`,
    )
    .all() as { c: string; s: number; carried: number; n: number }[];
  const eventsOff = eventCounts.filter((r) => r.n !== r.carried);
  for (const r of eventsOff) note(`case ${r.c} step ${r.s} carries ${r.carried} officer events, the store counts ${r.n}`);
  const supersededJobs = (db.prepare(`select count(*) n from store_jobs where superseded_at is not null`).get() as { n: number }).n;
  const supersededStepRows = (db.prepare(`select count(*) n from superseded_steps`).get() as { n: number }).n;

  if (ROUNDS > 0 && storeCallFaultsStruck === 0) note('the store-call fault never struck (no store call while the worker was armed)');

  // Notifications: each outbox row delivered, none twice, none of a step that does not stand.
  const supersededKeys = new Set((db.prepare(`select key from outbox where superseded_at is not null`).all() as { key: string }[]).map((r) => r.key));
  const phantomNotices = [...deliveries.keys()].filter((k) => supersededKeys.has(k));
  for (const k of phantomNotices) note(`notification ${k} went out of a step that was superseded`);
  const outboxKeys = (db.prepare(`select key from outbox`).all() as { key: string }[]).map((r) => r.key);
  const outboxSet = new Set(outboxKeys);
  // A dispatcher that dies between the gateway's answer and its own 'sent' leaves the row claimed; a
  // minute later (the lease) it goes again with the same Idempotency-Key, which the gateway dedupes.
  // That, and only that, is a redelivery: the first delivery within a second before a worker died.
  const redelivered = [...deliveries].filter(([k, n]) => {
    if (n !== 2) return false;
    const [first, second] = deliveredAt.get(k)!;
    return second - first >= 55_000 && workerDeaths.some((d) => d >= first && d - first <= 1000);
  });
  const twice = [...deliveries].filter(([k, n]) => n > 1 && !redelivered.some(([r]) => r === k));
  for (const [k, n] of twice) note(`notification ${k} delivered ${n} times`);
  const strange = [...deliveries.keys()].filter((k) => !outboxSet.has(k));
  for (const k of strange) note(`delivery ${k} matches no outbox row`);
  if (undelivered) note(`${undelivered} outbox rows not delivered`);

  // ---- the report ----
  const writes = ops;
  const base = writes.filter((o) => o.start >= loadStart && o.end <= baselineEnd && o.failures === 0).map((o) => o.end - o.start);
  const calm = writes.filter((o) => !faults.some((f) => o.end >= f.at && o.start <= f.recoveredAt + 2000) && o.failures === 0).map((o) => o.end - o.start);
  const perKind = (k: Fault['kind']) => faults.filter((f) => f.kind === k).length;
  const counts = {
    cases: model.length,
    casesByPlan: Object.fromEntries(PLANS.filter((p, i) => PLANS.indexOf(p) === i).map((p) => [p, model.filter((c) => c.plan === p).length])),
    faultsInjected: { workerSigkill: perKind('worker'), apiSigkill: perKind('api'), temporalRestart: perKind('temporal'), exitAfterStoreCall: perKind('store-call') },
    unplannedExits: { worker: worker.unplannedExits, api: api.unplannedExits },
    expectedExits: { worker: worker.expectedExits },
    lost: lost.length + missingRows.length,
    duplicated: duplicated.length + twoRuns.length,
    halfWritten: half.length,
    wrongState,
    appliedTwiceOrUnasked: doubleApplied,
    acceptedButMissing: missingApplied,
    unfinishedDrives: unfinished,
    lapsesActedOn: lapsesActed,
    unactedLapses,
    notifications: outboxKeys.length,
    duplicateDeliveries: twice.length,
    redeliveredAfterCrash: redelivered.length,
    undelivered,
    timelineSteps: stepsChecked,
    missingSteps,
    phantomSteps,
    strayOfficerEvents: strayEvents.length + eventsOff.length,
    phantomNotices: phantomNotices.length,
    storeCallFaultsStruck,
    supersededJobs,
    intakesTakenInPending,
    supersededSteps: supersededStepRows,
    readModelBehind,
    writes: writes.length,
    writeAttemptsFailed: writes.reduce((n, o) => n + o.failures, 0),
  };
  const latency = {
    baselineWritesMs: { n: base.length, p50: pct(base, 50), p95: pct(base, 95), max: pct(base, 100) },
    calmWritesMs: { n: calm.length, p50: pct(calm, 50), p95: pct(calm, 95) },
  };
  const perFault = faults.map((f) => {
    const hit = writes.filter((o) => o.end >= f.at && o.start <= f.recoveredAt);
    const lat = hit.map((o) => o.end - o.start);
    return {
      fault: `${f.kind} #${f.n}`,
      atS: Number(((f.at - t0) / 1000).toFixed(1)),
      downMs: f.downMs,
      restartMs: f.restartMs,
      recoveryMs: f.recoveryMs,
      writesHit: hit.length,
      failedAttempts: hit.reduce((n, o) => n + o.failures, 0),
      p50Ms: pct(lat, 50),
      maxMs: pct(lat, 100),
    };
  });
  const totalS = Number(((Date.now() - t0) / 1000).toFixed(1));
  const report = { at: new Date().toISOString(), totalS, loadS: Number(((loadEnd - loadStart) / 1000).toFixed(1)), counts, latency, perFault, problems: problems.slice(0, 200) };

  console.log('\n==== fault suite ====');
  console.log(`run ${totalS} s (load ${report.loadS} s), ${counts.cases} cases ${JSON.stringify(counts.casesByPlan)}`);
  console.log(
    `faults injected: worker SIGKILL ${counts.faultsInjected.workerSigkill}, API SIGKILL ${counts.faultsInjected.apiSigkill}, Temporal stop+restart ${counts.faultsInjected.temporalRestart}, exit after a store call ${counts.faultsInjected.exitAfterStoreCall} (struck ${storeCallFaultsStruck}); unplanned exits: worker ${worker.unplannedExits}, API ${api.unplannedExits}`,
  );
  console.log(`lost ${counts.lost} | duplicated ${counts.duplicated} | half-written ${counts.halfWritten} | wrong state ${counts.wrongState} | applied twice/unasked ${counts.appliedTwiceOrUnasked} | accepted but missing ${counts.acceptedButMissing}`);
  console.log(`lapses acted on ${counts.lapsesActedOn} | unacted lapses ${counts.unactedLapses} | notifications ${counts.notifications}, duplicate deliveries ${counts.duplicateDeliveries} (redelivered after a crash, same key: ${counts.redeliveredAfterCrash}), undelivered ${counts.undelivered}`);
  console.log(`timeline steps ${counts.timelineSteps}, missing from audit copy ${counts.missingSteps}, in the store but not on a timeline ${counts.phantomSteps} | read model behind ${counts.readModelBehind} | drives not finished ${counts.unfinishedDrives}`);
  console.log(`intakes first answered 202 (taken in, assignee later) ${counts.intakesTakenInPending}`);
  console.log(`stray officer events ${counts.strayOfficerEvents} | notices of superseded steps delivered ${counts.phantomNotices} | jobs superseded ${supersededJobs}, steps superseded ${supersededStepRows}`);
  console.log(`writes ${counts.writes} (failed attempts retried: ${counts.writeAttemptsFailed}); baseline write latency p50 ${latency.baselineWritesMs.p50} ms, p95 ${latency.baselineWritesMs.p95} ms; calm p50 ${latency.calmWritesMs.p50} ms, p95 ${latency.calmWritesMs.p95} ms`);
  console.log('\nfault         at(s)  down(ms)  restart(ms)  recovery(ms)  writes hit  failed attempts  p50(ms)  max(ms)');
  for (const f of perFault) {
    console.log(
      `${f.fault.padEnd(12)} ${String(f.atS).padStart(6)} ${String(f.downMs).padStart(9)} ${String(f.restartMs).padStart(12)} ${String(f.recoveryMs).padStart(13)} ${String(f.writesHit).padStart(11)} ${String(f.failedAttempts).padStart(16)} ${String(f.p50Ms).padStart(8)} ${String(f.maxMs).padStart(8)}`,
    );
  }
  if (problems.length) {
    console.log(`\n${problems.length} problem(s):`);
    for (const p of problems.slice(0, 40)) console.log(`  - ${p}`);
  }
  const outDir = join(root, 'reports', 'faults');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'last-run.json'), JSON.stringify(report, null, 2) + '\n');
  const failed =
    counts.lost + counts.duplicated + counts.halfWritten + counts.wrongState + counts.appliedTwiceOrUnasked + counts.acceptedButMissing + counts.unactedLapses + counts.duplicateDeliveries + counts.undelivered + counts.missingSteps + counts.readModelBehind + noWorkflow.length +
    counts.phantomSteps + counts.strayOfficerEvents + counts.phantomNotices + (ROUNDS > 0 && storeCallFaultsStruck === 0 ? 1 : 0);
  const keep = failed || Boolean(env.FAULT_KEEP);
  console.log(`\nreport: reports/faults/last-run.json${keep ? `; process logs kept in ${dir}` : ''}`);

  console.log(failed ? 'FAULT SUITE FAILED' : 'FAULT SUITE PASSED');

  stopSupervising();
  db.close();
  await connection.close();
  await worker.kill('SIGTERM');
  await api.kill('SIGTERM');
  await server.stop();
  receiver.server.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error('fault suite error:', err);
  stopSupervising();
  process.exit(2); // the exit hook of ./processes.ts ends every child
});
process.once('SIGINT', () => {
  stopSupervising();
  process.exit(130);
});
