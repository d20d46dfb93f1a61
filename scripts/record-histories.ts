// Records the event histories of finished cases as JSON fixtures (tests/histories/), for the replay
// test that makes a change breaking running cases fail the build. Run after a deliberate change of
// workflow behaviour (guarded by patched()), never to "fix" a failing replay:  npm run record:histories
import { execFileSync } from 'node:child_process';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from './temporal-cli.mjs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDevServer } from './dev-server.js';
import { bundleCaseWorkflows } from '../worker.js';
import { startSlice, type Harness } from '../tests/support/harness.js';

const out = resolve('tests/histories');
const server = await startDevServer({ headless: true, logLevel: 'error' });
const dir = mkdtempSync(join(tmpdir(), 'record-'));
const bundlePath = join(dir, 'bundle.js');
writeFileSync(bundlePath, await bundleCaseWorkflows());
const h: Harness = await startSlice({
  address: server.address,
  uiPort: 0,
  bundlePath,
  // Fixtures hold only test data and stay plain, so anyone can replay them without our keys
  // (tests/replay.test.ts opens them with the lenient codec).
  sealed: false,
  policy: {
    tiers: { '1': { duration: '1500ms' }, '2': { duration: '1h' }, '3': { duration: '1h' }, '4': { duration: '1h' }, city: { duration: '1h' } },
    materials: { duration: '1h' },
    rating: { duration: '1500ms' },
    reminderAt: 0.5,
  },
});

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  const r = await h.app.inject({ method: 'POST', url, payload: payload as object, headers });
  if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}
const open = (officer: string) =>
  post('/v1/cases', { requester: { kind: 'person', name: '测试' }, channel: 'window', title: '录制用例', description: 'replay fixture' }, h.as(officer));
const decide = (id: string, officer: string, d: unknown, extra: Record<string, string> = {}) => post(`/v1/cases/${id}/decisions`, d, h.as(officer, extra));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const scenarios: Record<string, () => Promise<{ id: string; workflowId: string }>> = {
  // Up every tier, to the city, directives carried out, a satisfied requester.
  async 'climb-to-city-directives'() {
    const c = await open('housing.fc1');
    await decide(c.id, 'housing.fc1', { action: 'escalate', reason: 'no_precedent', note: 'n' });
    await decide(c.id, 'housing.chief1', { action: 'escalate', reason: 'cross_department', note: 'n' });
    await decide(c.id, 'housing.deputy', { action: 'escalate', reason: 'unsure', note: 'n' });
    await decide(c.id, 'housing.head', { action: 'refer_to_city', suggestions: 's' });
    await decide(c.id, 'city-vice-wang', { action: 'direct', directives: [{ unitId: 'gas', task: 't', dueAt: new Date(Date.now() + 3_600_000).toISOString() }] });
    await post(`/v1/cases/${c.id}/directives/gas/done`, {}, h.as('gas.fc1'));
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'satisfied' });
    return c;
  },
  // A lapse that escalates by itself, a refusal with reasons at tier 4, the rating window lapsing.
  async 'lapse-then-refusal'() {
    const c = await open('civil.fc1');
    await sleep(2500);
    await decide(c.id, 'civil.chief1', { action: 'escalate', reason: 'legacy', note: 'n' });
    await decide(c.id, 'civil.deputy', { action: 'escalate', reason: 'legacy', note: 'n' });
    await decide(c.id, 'civil.head', { action: 'refuse', legalBasis: '《行政许可法》第十二条', explanation: '依法不予办理' });
    await sleep(2500);
    return c;
  },
  // Materials requested and supplied, resolved, reopened once by an unsatisfied requester.
  async 'materials-and-reopen'() {
    const c = await open('market.fc1');
    await decide(c.id, 'market.fc1', { action: 'request_materials', items: ['营业执照'] });
    await post(`/v1/cases/${c.id}/materials?trackingCode=${c.trackingCode}`, { items: ['营业执照'] });
    await decide(c.id, 'market.fc1', { action: 'resolve', result: 'r' });
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'unsatisfied' });
    await decide(c.id, 'market.chief1', { action: 'resolve', result: 'r2' });
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'basically_satisfied' });
    return c;
  },
  // A rule-breaking signal recorded as rejected, then the requester withdraws.
  async 'rejected-signal-withdrawn'() {
    const c = await open('finance.fc1');
    await decide(c.id, 'finance.fc1', { action: 'refuse', legalBasis: '《预算法》第十三条', explanation: 'x' }, { prefer: 'respond-async' });
    await sleep(1000);
    await post(`/v1/cases/${c.id}/withdraw?trackingCode=${c.trackingCode}`, { reason: '不需要了' });
    return c;
  },
};

mkdirSync(out, { recursive: true });
try {
  for (const [name, run] of Object.entries(scenarios)) {
    const c = await run();
    const handle = h.client.workflow.getHandle(c.workflowId);
    await handle.result();
    // The CLI writes the history in the proto JSON form that historyFromJSON reads back.
    const json = execFileSync(ensureTemporalCli({ log: () => {} }), ['workflow', 'show', '--address', server.address, '--workflow-id', c.workflowId, '--output', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    writeFileSync(join(out, `${name}.json`), json);
    console.log(`recorded ${name} (${c.workflowId})`);
  }
} finally {
  await h.close();
  await server.stop();
}
