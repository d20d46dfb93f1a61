// Fuzzing from our own OpenAPI document with a tool we did not write (npm run fuzz): schemathesis,
// installed from PyPI into .tools/fuzz-venv at the versions pinned in scripts/fuzz-requirements.txt,
// against the real processes (a Temporal dev server, the worker and the API on free 127.0.0.1 ports,
// with a fresh DATA_DIR). Every operation is exercised once per identity, each run with that
// principal's bearer token from demo-tokens.json: the checks are no 5xx, responses that match their
// own schema, status codes and content types the document declares; authentication (an operation
// that declares a bearer token refuses a request without one or with a wrong one: ignored_auth); and,
// in the stateful phase, sequences of calls chained by the ids one answer hands the next (a resource
// just created can be read: ensure_resource_availability; use_after_free). Reports go to reports/fuzz/.
// POST /v1/tokens/rotate is left out: it would revoke the very token the run is using.
//
// Knobs: FUZZ_MAX_EXAMPLES (per operation, default 25), FUZZ_AS (comma-separated principals, default
// "housing.fc1,sup-1,admin"), FUZZ_SEED (default 20261010), FUZZ_PHASES (default
// examples,coverage,fuzzing,stateful).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDevServer } from './dev-server.js';
import { answers, managed, root, stopSupervising, track } from './processes.js';

const env = process.env;
const MAX_EXAMPLES = env.FUZZ_MAX_EXAMPLES ?? '25';
const IDENTITIES = (env.FUZZ_AS ?? 'housing.fc1,sup-1,admin').split(',').map((s) => s.trim()).filter(Boolean);
const SEED = env.FUZZ_SEED ?? '20261010';
const PHASES = env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful';
const CHECKS = [
  'not_a_server_error',
  'response_schema_conformance',
  'status_code_conformance',
  'content_type_conformance',
  'ignored_auth',
  'ensure_resource_availability',
  'use_after_free',
].join(',');
const venv = join(root, '.tools', 'fuzz-venv');
const requirements = join(root, 'scripts', 'fuzz-requirements.txt');
const st = join(venv, 'bin', 'schemathesis');
const log = (m: string) => console.error(`fuzz: ${m}`);

/** The pinned schemathesis in a project-local venv; reinstalled when the pins change. */
function ensureSchemathesis(): void {
  const stamp = join(venv, '.requirements');
  const wanted = readFileSync(requirements, 'utf8');
  if (existsSync(st) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  log('installing schemathesis into .tools/fuzz-venv (PyPI, pinned)');
  rmSync(venv, { recursive: true, force: true });
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  };
  run('python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
  writeFileSync(stamp, wanted);
}

async function main() {
  ensureSchemathesis();
  const dir = mkdtempSync(join(tmpdir(), 'escalate-fuzz-'));
  const dataDir = join(dir, 'data');
  const server = await startDevServer({ headless: true, logLevel: 'error' });
  track(server.process);
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const common = { DATA_DIR: dataDir, TASK_QUEUE: 'fuzz', TEMPORAL_ADDRESS: server.address, NODE_ENV: 'development' };
  const api = managed({
    name: 'api',
    args: ['--import', 'tsx', 'api/main.ts'],
    // Intake limits raised: the fuzzer is one principal sending far more than any window would.
    env: { ...common, API_PORT: String(apiPort), API_HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'warn', UPDATE_WAIT_MS: '5000', INTAKE_PER_MINUTE: '1000000', INTAKE_PER_MINUTE_INTEGRATOR: '1000000' },
    logFile: join(dir, 'api.log'),
    readyCheck: answers(`${base}/healthz`),
    restart: false,
  });
  const worker = managed({
    name: 'worker',
    args: ['--import', 'tsx', 'worker.ts'],
    env: common,
    logFile: join(dir, 'worker.log'),
    readyLine: (line) => line.startsWith('worker: task queue'),
    restart: false,
  });
  await api.start();
  await worker.start();
  const tokens: Record<string, string> = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8'));
  const seeded = await seed(base, tokens);
  const configFile = join(dir, 'schemathesis.toml');
  writeFileSync(configFile, fuzzConfig(seeded));
  const outDir = join(root, 'reports', 'fuzz');
  mkdirSync(outDir, { recursive: true });
  log(`API ${base}; ${IDENTITIES.length} run(s), up to ${MAX_EXAMPLES} examples per operation, seed ${SEED}`);

  const results: { as: string; exit: number; seconds: number; summary: string }[] = [];
  for (const who of IDENTITIES) {
    const token = tokens[who];
    if (!token) throw new Error(`no demo token for ${who}`);
    const started = Date.now();
    const args = [
      '--config-file',
      configFile,
      'run',
      `${base}/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      CHECKS,
      '--phases',
      PHASES,
      '--max-examples',
      MAX_EXAMPLES,
      '--seed',
      SEED,
      '--workers',
      '2',
      '--request-timeout',
      '20',
      '--exclude-path',
      '/v1/tokens/rotate',
      '--continue-on-failure',
      '--suppress-health-check',
      'all',
      '--report',
      'junit',
      '--report-junit-path',
      join(outDir, `${who}.junit.xml`),
      '--no-color',
    ];
    // The token is a credential: it never goes into the saved console output.
    const child = spawn(st, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    let output = '';
    const keep = (b: Buffer) => {
      const text = b.toString().split(token).join('<token>');
      output += text;
      process.stdout.write(text);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exit: number = await new Promise((r) => child.once('exit', (code) => r(code ?? 1)));
    writeFileSync(join(outDir, `${who}.txt`), output);
    const counted = output.split('\n').find((l) => /\d+ generated/.test(l))?.trim() ?? '';
    const tail = [counted, output.trim().split('\n').pop()?.replace(/=+/g, '').trim()].filter(Boolean).join('; ');
    results.push({ as: who, exit, seconds: Math.round((Date.now() - started) / 1000), summary: tail });
  }
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify({ at: new Date().toISOString(), maxExamples: Number(MAX_EXAMPLES), seed: Number(SEED), phases: PHASES, checks: CHECKS.split(','), results }, null, 2) + '\n');

  stopSupervising();
  await worker.kill('SIGTERM');
  await api.kill('SIGTERM');
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  console.log('\n==== fuzz ====');
  for (const r of results) console.log(`${r.as.padEnd(12)} exit ${r.exit} in ${r.seconds} s: ${r.summary}`);
  console.log(`reports: reports/fuzz/ (${IDENTITIES.map((w) => `${w}.txt, ${w}.junit.xml`).join('; ')})`);
  const failed = results.filter((r) => r.exit !== 0).length;
  console.log(failed ? 'FUZZ FAILED' : 'FUZZ PASSED');
  process.exit(failed ? 1 : 0);
}

/**
 * A few real objects, so that generated requests reach the handlers behind the ids and not only their
 * 404s: cases (one escalated, one with an involved unit), a complaint. The fuzzer draws path ids and
 * tracking codes from these, mixed with values of its own.
 */
async function seed(base: string, tokens: Record<string, string>) {
  const post = async (path: string, as: string | null, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), ...headers },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, string>;
    if (res.status >= 300) throw new Error(`seeding ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const intake = (as: string, extra: Record<string, unknown> = {}) =>
    post('/v1/cases', as, { requester: { kind: 'person', name: '测试人', phone: '13900001111' }, channel: 'window', title: '养老机构消防验收', description: '商业用房改建养老机构，无改变用途审批', ...extra });
  const a = await intake('housing.fc1');
  const b = await intake('housing.fc1', { involvedUnitIds: ['planning'] });
  await post(`/v1/cases/${b.id}/decisions`, 'housing.fc1', { action: 'escalate', reason: 'no_precedent', note: '本市无先例' });
  const c = await intake('int-12345', { firstContactUnitId: 'civil', externalId: 'FUZZ-1', channel: 'api' });
  const complaint = await post('/v1/complaints', null, { windowCode: 'W-housing-01', contact: { name: '投诉人', phone: '13900002222' }, content: '窗口推诿' }, { 'idempotency-key': 'fuzz-seed-1' });
  return {
    ids: [a.id, b.id, c.id, complaint.id, 'housing', 'planning', 'civil', 'shuncheng', 'housing.fc1', 'housing.head', 'sup-1'],
    unitIds: ['housing', 'planning', 'civil', 'gas', 'shuncheng'],
    trackingCodes: [a.trackingCode, b.trackingCode, c.trackingCode],
    windows: ['W-housing-01', 'W-civil-01'],
    towns: ['shuncheng'],
  };
}

function fuzzConfig(d: Awaited<ReturnType<typeof seed>>): string {
  const list = (v: string[]) => `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  return [
    '# Written by scripts/fuzz.ts for one run: real ids to draw from, beside generated values.',
    `[dictionaries.ids]\nvalues = ${list(d.ids)}`,
    `[dictionaries.units]\nvalues = ${list(d.unitIds)}`,
    `[dictionaries.codes]\nvalues = ${list(d.trackingCodes)}`,
    `[dictionaries.windows]\nvalues = ${list(d.windows)}`,
    `[dictionaries.towns]\nvalues = ${list(d.towns)}`,
    '[parameters]',
    '"path.id" = { dictionary = "ids", probability = 0.6 }',
    '"path.unitId" = { dictionary = "units", probability = 0.6 }',
    '"query.trackingCode" = { dictionary = "codes", probability = 0.5 }',
    '"path.code" = { dictionary = "windows", probability = 0.6 }',
    '"path.townId" = { dictionary = "towns", probability = 0.6 }',
    '',
  ].join('\n');
}

main().catch((err) => {
  console.error('fuzz error:', err);
  stopSupervising();
  process.exit(2);
});
