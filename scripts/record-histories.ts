// Records the event histories of finished cases as JSON fixtures (tests/histories/), for the replay
// test that makes a change breaking running cases fail the build: npm run record:histories. Until the
// first city runs the system, a change that reshapes a workflow re-records them; from then on, a change
// is guarded by patched() and new histories are added beside the old (docs/versioning.md).
import { execFileSync } from 'node:child_process';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from './temporal-cli.mjs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDevServer } from './dev-server.js';
import { bundleCaseWorkflows } from '../worker.js';
import { startSlice, type Harness } from './slice.js';
import { ensureSaturdayConsultationSchedule, SATURDAY_SCHEDULE_ID } from '../schedules/saturday-consultation.js';
import { eq } from 'drizzle-orm';
import { principals } from '../db/schema.js';

// `--only a,b` records just those scenarios (the others' fixtures stay as they were recorded).
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : null;

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
    rating: { duration: '4s' },
    reminderAt: 0.5,
    // Short, so a complaint's contact window lapses while it is recorded.
    complaintContact: { duration: '1500ms' },
    // Return visits and appeals are taken this long after the rating; the recording waits for it.
    aftercare: { duration: '2s' },
    rectification: { opensOn: 'after_reopen', within: { duration: '1h' } },
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

const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean) => {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await sleep(150);
  }
  throw new Error('recording: condition not met');
};
const view = (id: string) => h.app.inject({ method: 'GET', url: `/v1/cases/${id}?consistency=strong`, headers: h.as('admin') }).then((r) => r.json());
const opinion = (id: string, unit: string, officer: string, body: unknown) => post(`/v1/cases/${id}/parts/${unit}/opinion`, body, h.as(officer));
const escalatePart = (id: string, unit: string, officer: string) => post(`/v1/cases/${id}/parts/${unit}/decisions`, { action: 'escalate', reason: 'beyond_remit', note: 'n' }, h.as(officer));
const partsOpen = (id: string, n: number) => until(() => view(id), (v) => v.coordination?.parts?.length === n && v.coordination.parts.every((p: { holder?: unknown }) => p.holder));

/** Each scenario answers the case it drove and the other workflows (children, sessions) it recorded along. */
type Recorded = { id: string; workflowId: string; also?: string[] };
const scenarios: Record<string, () => Promise<Recorded>> = {
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
  // Two units coordinated: one escalates inside its unit and can do, the other's head says cannot; the
  // lead consults the city, whose directive is carried out.
  async 'coordination-consult-city'() {
    const c = await open('housing.fc1');
    await decide(c.id, 'housing.fc1', { action: 'coordinate', unitIds: ['planning', 'gas'], question: 'q' });
    await partsOpen(c.id, 2);
    await escalatePart(c.id, 'planning', 'planning.fc1');
    await opinion(c.id, 'planning', 'planning.chief1', { stance: 'can_do', plan: 'p' });
    for (const who of ['gas.fc1', 'gas.chief1', 'gas.deputy']) await escalatePart(c.id, 'gas', who);
    await opinion(c.id, 'gas', 'gas.head', { stance: 'cannot', legalBasis: '《城镇燃气管理条例》第十条', explanation: 'e' });
    await until(() => view(c.id), (v) => v.coordination?.back === true);
    await decide(c.id, 'housing.fc1', { action: 'consult_city', note: '协调无果' });
    await until(() => view(c.id), (v) => v.tier === 'city' && v.assignee);
    const leader = (await view(c.id)).assignee.principalId;
    await decide(c.id, leader, { action: 'direct', directives: [{ unitId: 'gas', task: 't', dueAt: new Date(Date.now() + 3_600_000).toISOString() }] });
    await post(`/v1/cases/${c.id}/directives/gas/done`, {}, h.as('gas.fc1'));
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'satisfied' });
    return { ...c, also: [`case-${c.id}-part-planning`, `case-${c.id}-part-gas`, `case-${c.id}-consultation-1`] };
  },
  // A key project referred to the city waits for the Saturday session, which the schedule convenes.
  async 'key-project-saturday'() {
    await ensureSaturdayConsultationSchedule({ client: h.client, taskQueue: h.taskQueue });
    const c = await post('/v1/cases', { requester: { kind: 'enterprise', name: '测试' }, channel: 'window', title: '重点项目', description: 'replay fixture', keyProject: true }, h.as('housing.fc1'));
    await decide(c.id, 'housing.fc1', { action: 'escalate', reason: 'no_precedent', note: 'n' });
    await decide(c.id, 'housing.chief1', { action: 'escalate', reason: 'unsure', note: 'n' });
    await decide(c.id, 'housing.deputy', { action: 'escalate', reason: 'unsure', note: 'n' });
    await decide(c.id, 'housing.head', { action: 'refer_to_city', suggestions: 's' });
    const before = Date.now();
    await h.client.schedule.getHandle(SATURDAY_SCHEDULE_ID).trigger();
    const v = await until(() => view(c.id), (x) => x.phase === 'handling' && x.tier === 'city');
    await decide(c.id, v.assignee.principalId, { action: 'resolve', result: 'r' });
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'satisfied' });
    const sessions = [];
    for await (const w of h.client.workflow.list({ query: `WorkflowType = 'saturdaySessionWorkflow' AND StartTime >= '${new Date(before - 1000).toISOString()}'` })) sessions.push(w.workflowId);
    return { ...c, also: [`case-${c.id}-consultation-1`, ...sessions] };
  },
  // The deputy's post is vacant (缺位): the escalation goes on to the principal head, who resolves.
  async 'vacancy-escalation'() {
    await h.db.update(principals).set({ active: false }).where(eq(principals.id, 'market.deputy'));
    try {
      const c = await open('market.fc1');
      await decide(c.id, 'market.fc1', { action: 'escalate', reason: 'unsure', note: 'n' });
      await decide(c.id, 'market.chief1', { action: 'escalate', reason: 'unsure', note: 'n' });
      await decide(c.id, 'market.head', { action: 'resolve', result: 'r' });
      await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'satisfied' });
      return c;
    } finally {
      await h.db.update(principals).set({ active: true }).where(eq(principals.id, 'market.deputy'));
    }
  },
  // A part terminated by an operator counts as lapsed: the case goes to the city, whose leader resolves.
  async 'part-terminated'() {
    const c = await open('housing.fc1');
    await decide(c.id, 'housing.fc1', { action: 'coordinate', unitIds: ['gas'], question: 'q' });
    await partsOpen(c.id, 1);
    await h.client.workflow.getHandle(`case-${c.id}-part-gas`).terminate('recording: operator error');
    const v = await until(() => view(c.id), (x) => x.tier === 'city' && x.assignee);
    await decide(c.id, v.assignee.principalId, { action: 'resolve', result: 'r' });
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'satisfied' });
    return { ...c, also: [`case-${c.id}-consultation-1`] };
  },
  // A village reception month (村干部跑办代访) run end to end: one problem solved, one carried.
  async 'village-month'() {
    const town = 'shuncheng';
    const month = '2025-11';
    const u = (rest = '') => `/v1/towns/${town}/months/${month}${rest}`;
    const opened = await post(`/v1/towns/${town}/months`, { month, timing: { collection: '1h', reception: '1h', midCheck: '1s', monthEnd: '3s', closeGrace: '1h' } }, h.as('shuncheng.head'));
    const p1 = await post(u('/problems'), { villageId: 'shuncheng-fenghuang', title: '公交站台损毁', description: 'd', urgency: 5, residents: 300 }, h.as('shuncheng.fc1'));
    const p2 = await post(u('/problems'), { villageId: 'shuncheng-changlong', title: '河道护栏', description: 'd', urgency: 2, residents: 40 }, h.as('shuncheng.fc1'));
    await post(u('/close-collection'), {}, h.as('shuncheng.head'));
    const rec = await post(u('/reception'), { date: '2025-11-06', leaders: ['镇长'], paths: [{ problemId: p1.id, responsibleUnitId: 'yian', deadline: '2025-11-30' }, { problemId: p2.id, responsibleUnitId: town, deadline: '2025-11-20' }] }, h.as('shuncheng.fc1'));
    const get = (path: string) => h.app.inject({ method: 'GET', url: path, headers: h.as('shuncheng.fc1') }).then((r) => r.json());
    await until(() => get(u()), (m) => m.phase === 'mid_check_due');
    await post(u('/checks'), { kind: 'mid_month', date: '2025-11-15', inspectors: ['于谦'], findings: [{ problemId: p1.id, progress: 'on_track' }, { problemId: p2.id, progress: 'delayed' }] }, h.as('shuncheng.fc1'));
    const caseId = rec.problems[0].path.caseId as string;
    const c = await view(caseId);
    await decide(caseId, c.assignee.principalId, { action: 'resolve', result: '已重建' });
    await until(() => get(u()), (m) => m.phase === 'month_end_due');
    await post(u('/checks'), { kind: 'month_end', date: '2025-11-29', inspectors: ['于谦'], findings: [{ problemId: p1.id, outcome: 'solved' }, { problemId: p2.id, outcome: 'carried', note: '下月' }] }, h.as('shuncheng.fc1'));
    return { id: month, workflowId: opened.workflowId };
  },
  // A complaint (效能铜都) whose contact window lapses; the unit contacts late; a supervisor closes it.
  async 'complaint-lapsed-contacted-closed'() {
    const c = await post('/v1/complaints', { windowCode: 'W-housing-01', contact: { name: '测试', phone: '13905620001' }, content: 'replay fixture' });
    await until(() => h.app.inject({ method: 'GET', url: `/v1/complaints/${c.id}`, headers: h.as('sup-1') }).then((r) => r.json()), (x) => !!x.contactLapsedAt);
    await post(`/v1/complaints/${c.id}/contact-officer`, { officerId: 'housing.fc1' }, h.as('housing.head'));
    await post(`/v1/complaints/${c.id}/contact`, { note: '超时后联系' }, h.as('housing.fc1'));
    await post(`/v1/complaints/${c.id}/close`, { upheld: true, findings: '属实', officerIds: ['housing.fc1'] }, h.as('sup-1'));
    return { id: c.id, workflowId: `complaint-${c.id}` };
  },
  // A complaint contacted within its window (the timer is cancelled), then closed.
  async 'complaint-contacted-closed'() {
    const c = await post('/v1/complaints', { windowCode: 'W-housing-01', contact: { name: '测试', phone: '13905620001' }, content: 'replay fixture' });
    await until(() => h.app.inject({ method: 'GET', url: `/v1/complaints/${c.id}`, headers: h.as('sup-1') }).then((r) => r.json()), (x) => !!x.contactDueAt);
    await post(`/v1/complaints/${c.id}/contact-officer`, { officerId: 'housing.fc1' }, h.as('housing.head'));
    await post(`/v1/complaints/${c.id}/contact`, { note: '已联系' }, h.as('housing.fc1'));
    await post(`/v1/complaints/${c.id}/close`, { upheld: false, findings: '不属实' }, h.as('sup-1'));
    return { id: c.id, workflowId: `complaint-${c.id}` };
  },
  // An operator resets a case at tier 3 to its first workflow task (the repair after a bad deploy): the
  // new run starts over at tier 1, its first store call supersedes what the old run wrote; the case
  // then goes on and is answered. Its history carries the reset.
  async 'reset-then-resolved'() {
    const c = await open('housing.fc1');
    await decide(c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: 'n' });
    await decide(c.id, 'housing.chief1', { action: 'escalate', reason: 'cross_department', note: 'n' });
    execFileSync(ensureTemporalCli({ log: () => {} }), ['workflow', 'reset', '--address', server.address, '--workflow-id', c.workflowId, '--type', 'FirstWorkflowTask', '--reason', 'recording: reset'], { encoding: 'utf8' });
    await until(() => view(c.id), (v) => v.tier === '1');
    await decide(c.id, 'housing.fc1', { action: 'resolve', result: 'r' });
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'satisfied' });
    return c;
  },
  // Supervision of the live case and its aftercare: a 督办 answered by the holder's decision, an
  // extension granted, a very unsatisfied rating after the reopening rectified (reported, verified by
  // a return visit, closed), an appeal rejected; the aftercare then archives the case.
  async 'supervision-aftercare'() {
    const c = await open('planning.fc1');
    await post(`/v1/cases/${c.id}/supervision-notices`, { level: 'supervision', due: { duration: '1h' }, note: '督办' }, h.as('sup-1'));
    await post(`/v1/cases/${c.id}/extensions`, { workingDays: 1, reason: '需现场踏勘' }, h.as('planning.fc1'));
    await post(`/v1/cases/${c.id}/extensions/1/decision`, { approve: true }, h.as('sup-1'));
    await decide(c.id, 'planning.fc1', { action: 'resolve', result: 'r' });
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'very_unsatisfied' });
    await decide(c.id, 'planning.chief1', { action: 'resolve', result: 'r2' });
    await post(`/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { rating: 'very_unsatisfied' });
    await until(() => view(c.id), (v) => v.rectification?.status === 'open');
    await post(`/v1/cases/${c.id}/appeals`, { reason: 'mistaken', explanation: 'e' }, h.as('planning.head'));
    await post(`/v1/cases/${c.id}/appeals/1/decision`, { uphold: false, note: 'n' }, h.as('sup-1'));
    await post(`/v1/cases/${c.id}/rectification/report`, { changes: 'c' }, h.as('planning.head'));
    await post(`/v1/cases/${c.id}/callbacks`, { method: 'phone', reached: true, satisfaction: 'satisfied' }, h.as('sup-1'));
    await post(`/v1/cases/${c.id}/rectification/close`, {}, h.as('sup-1'));
    return c;
  },
  // The requester withdraws while two units work on their parts: both parts are cancelled.
  async 'withdrawn-during-coordination'() {
    const c = await open('civil.fc1');
    await decide(c.id, 'civil.fc1', { action: 'coordinate', unitIds: ['tongguan', 'yian'], question: 'q' });
    await partsOpen(c.id, 2);
    await opinion(c.id, 'yian', 'yian.fc1', { stance: 'can_do', plan: 'p' });
    await post(`/v1/cases/${c.id}/withdraw?trackingCode=${c.trackingCode}`, { reason: 'r' });
    return { ...c, also: [`case-${c.id}-part-tongguan`, `case-${c.id}-part-yian`] };
  },
};

mkdirSync(out, { recursive: true });
try {
  for (const [name, run] of Object.entries(scenarios)) {
    if (only && !only.includes(name)) continue;
    const c = await run();
    const ids = [c.workflowId, ...(c.also ?? [])];
    for (const [i, workflowId] of ids.entries()) {
      await h.client.workflow.getHandle(workflowId).result().catch(() => undefined); // a cancelled part ends cancelled
      // The CLI writes the history in the proto JSON form that historyFromJSON reads back.
      const json = execFileSync(ensureTemporalCli({ log: () => {} }), ['workflow', 'show', '--address', server.address, '--workflow-id', workflowId, '--output', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const file = i === 0 ? name : `${name}.${workflowId.replace(/^case-[^-]+-[^-]+-/, '').replace(/^saturday-consultation-session.*/, 'saturday-session')}`;
      writeFileSync(join(out, `${file}.json`), json);
      console.log(`recorded ${file} (${workflowId})`);
    }
  }
} finally {
  await h.close();
  await server.stop();
}
