// The monthly rotating village reception (村干部跑办代访) as a closed loop: a month run end to end with
// injected durations that the test skips past (the month's own timers, on the time-skipping server), a
// problem carried twice, the town head's override, the daily trigger and its schedule (on the dev
// server: schedules and visibility are the system's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { outbox } from '../db/schema.js';
import { SCHEDULES } from '../schedules/index.js';
import { VILLAGE_MONTH_SCHEDULE_ID, ensureVillageMonthSchedule } from '../schedules/village-month.js';
import { PHASES, villageMonthWorkflowId } from '../domain/village.js';
import { startHarness, type Harness } from './support/harness.js';
import { startSkippingHarness, type SkippingHarness } from './support/time-skipping.js';

let h: Harness;
// The months whose checks fall due by their timers. The cases their receptions start keep their tier
// for as long as the month runs.
let s: SkippingHarness;
const LONG = { duration: '60d' };
beforeAll(async () => {
  [h, s] = await Promise.all([startHarness(), startSkippingHarness({ policy: { tiers: { '1': LONG, '2': LONG, '3': LONG, '4': LONG, city: LONG } } })]);
});
afterAll(async () => {
  await Promise.all([h?.close(), s?.close()]);
});

const TOWN = 'shuncheng';
const FENGHUANG = 'shuncheng-fenghuang';
const CHANGLONG = 'shuncheng-changlong';
const url = (month: string, rest = '') => `/v1/towns/${TOWN}/months/${month}${rest}`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Which slice the helpers talk to: the skipping one unless a test says otherwise.
let on: Harness;
async function post(who: string, path: string, payload: unknown) {
  const res = await on.app.inject({ method: 'POST', url: path, headers: on.as(who), payload: payload as Json });
  return { status: res.statusCode, body: res.json() as Json };
}
async function get(who: string, path: string) {
  const res = await on.app.inject({ method: 'GET', url: path, headers: on.as(who) });
  return { status: res.statusCode, body: res.json() as Json };
}
/** Polls the month until it has reached a phase, or gone past it (the timers act by themselves). */
async function untilPhase(month: string, phase: (typeof PHASES)[number], timeoutMs = 30_000): Promise<Json> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await get('shuncheng.fc1', url(month));
    if (PHASES.indexOf(body.phase) >= PHASES.indexOf(phase)) return body;
    if (Date.now() > until) throw new Error(`month ${month} stayed in ${body.phase}, expected ${phase}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
async function startMonth(month: string, timing: Record<string, string>) {
  const res = await post('shuncheng.head', `/v1/towns/${TOWN}/months`, { month, timing });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const submit = (month: string, villageId: string, title: string, urgency: number, residents: number) =>
  post('shuncheng.fc1', url(month, '/problems'), { villageId, title, description: `${title}（村干部代群众反映）`, urgency, residents });

async function resolveCase(caseId: string, result: string) {
  const c = await get('shuncheng.fc1', `/v1/cases/${caseId}`);
  expect(c.status).toBe(200);
  const res = await post(c.body.assignee.principalId, `/v1/cases/${caseId}/decisions`, { action: 'resolve', result });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('resolved');
}

describe('village reception month (村干部跑办代访)', () => {
  // Durations stand in for the calendar's dates; the test skips past the checks' timers, while
  // collection and reception wait for people (the clock stands still unless the test skips).
  const SHORT = { collection: '1h', reception: '1h', midCheck: '5d', monthEnd: '10d', closeGrace: '2d' };

  it('runs a month end to end: the urgent village hosts, three cases start, one problem is carried, the report adds up', async () => {
    on = s;
    const month = '2026-01';
    const opened = await startMonth(month, SHORT);
    expect(opened).toMatchObject({ phase: 'collecting', townUnitId: TOWN, month, workflowId: villageMonthWorkflowId(TOWN, month) });
    expect(opened.villages.map((v: Json) => v.id)).toEqual(expect.arrayContaining([FENGHUANG, CHANGLONG]));
    // A month runs once: asking again answers the same month.
    expect((await post('shuncheng.head', `/v1/towns/${TOWN}/months`, { month, timing: SHORT })).status).toBe(200);

    // One pressing problem in 凤凰村, two lesser ones in 长龙村.
    const p1 = await submit(month, FENGHUANG, '村口公交站台损毁，老人候车无处避雨', 5, 300);
    const p2 = await submit(month, CHANGLONG, '河道旁缺少不锈钢护栏', 2, 40);
    const p3 = await submit(month, CHANGLONG, '村民广场碎石路面需硬化', 3, 120);
    for (const p of [p1, p2, p3]) expect(p.status).toBe(201);
    expect((await submit(month, 'tongguan-nowhere', '不存在的村', 3, 10)).body.code).toBe('UNKNOWN_VILLAGE');
    expect((await submit(month, FENGHUANG, '紧迫度超出范围', 7, 10)).status).toBe(400);
    expect((await post('planning.fc1', url(month, '/problems'), { villageId: FENGHUANG, title: 'x', description: 'x', urgency: 1, residents: 1 })).body.code).toBe('FORBIDDEN_UNIT');

    // Only the town's leadership closes the collection; the score picks 凤凰村 (5·ln 301 ≈ 28.5 over 2·ln 41 + 3·ln 121 ≈ 21.8).
    expect((await post('shuncheng.fc1', url(month, '/close-collection'), {})).status).toBe(403);
    const closed = await post('shuncheng.head', url(month, '/close-collection'), { note: '各村已报齐' });
    expect(closed.status).toBe(200);
    expect(closed.body.phase).toBe('awaiting_reception');
    expect(closed.body.host).toMatchObject({ villageId: FENGHUANG, chosenBy: 'score', suggestedVillageId: FENGHUANG });
    expect(closed.body.scores.map((s: Json) => [s.villageId, s.problems])).toEqual([[FENGHUANG, 1], [CHANGLONG, 2]]);
    expect(closed.body.scores[0].score).toBeCloseTo(28.52, 1);
    expect(closed.body.scores[1].score).toBeCloseTo(21.82, 1);
    expect((await submit(month, FENGHUANG, '晚到的问题', 3, 10)).body.code).toBe('COLLECTION_CLOSED');

    // The reception: every problem needs a path; each path starts a case through the normal intake.
    const ids = [p1.body.id, p2.body.id, p3.body.id];
    const paths = [
      { problemId: ids[0], responsibleUnitId: 'yian', deadline: '2026-01-30', note: '区交通部门协调公交公司' },
      { problemId: ids[1], responsibleUnitId: TOWN, deadline: '2026-01-20' },
      { problemId: ids[2], responsibleUnitId: TOWN, deadline: '2026-01-25' },
    ];
    const reception = { date: '2026-01-06', leaders: ['镇长 时雨', '副镇长 于谦'], note: '在凤凰村村部接访', paths };
    const incomplete = await post('shuncheng.fc1', url(month, '/reception'), { ...reception, paths: paths.slice(0, 2) });
    expect(incomplete).toMatchObject({ status: 422, body: { code: 'PATHS_INCOMPLETE' } });
    expect((await post('shuncheng.fc1', url(month, '/reception'), { ...reception, paths: [{ ...paths[0], responsibleUnitId: 'no-such-unit' }, ...paths.slice(1)] })).body.code).toBe('UNKNOWN_UNIT');
    const rec = await post('shuncheng.fc1', url(month, '/reception'), reception);
    expect(rec.status).toBe(200);
    expect(rec.body.phase).toBe('in_progress');
    expect(rec.body.reception).toMatchObject({ date: '2026-01-06', leaders: ['镇长 时雨', '副镇长 于谦'], recordedBy: 'shuncheng.fc1' });
    const caseIds: string[] = rec.body.problems.map((p: Json) => p.path.caseId);
    expect(new Set(caseIds).size).toBe(3);
    for (const p of rec.body.problems) expect(p.caseStatus).toBe('in_progress');
    const busStop = await get('shuncheng.fc1', `/v1/cases/${caseIds[0]}`);
    expect(busStop.body).toMatchObject({ channel: 'village_reception', leadUnitId: 'yian', status: 'in_progress', tier: '1', title: '村口公交站台损毁，老人候车无处避雨' });
    expect(busStop.body.requester.name).toContain('凤凰村');
    // The follow-up waits for its timer.
    const early = await post('shuncheng.fc1', url(month, '/checks'), { kind: 'month_end', date: '2026-01-28', inspectors: ['于谦'], findings: ids.map((problemId) => ({ problemId, outcome: 'carried' })) });
    expect(early).toMatchObject({ status: 409, body: { code: 'MONTH_END_NOT_DUE' } });

    // Mid-month: the timer makes the on-site check due; what it found goes on record.
    await s.skip('121h');
    await untilPhase(month, 'mid_check_due');
    const mid = await post('shuncheng.fc1', url(month, '/checks'), {
      kind: 'mid_month',
      date: '2026-01-15',
      inspectors: ['于谦', '邬江'],
      findings: [
        { problemId: ids[0], progress: 'on_track', note: '站台已拆除待重建' },
        { problemId: ids[1], progress: 'solved' },
        { problemId: ids[2], progress: 'delayed', note: '资金未到位' },
      ],
    });
    expect(mid.status).toBe(200);
    expect(mid.body.midCheck.recorded).toMatchObject({ date: '2026-01-15', inspectors: ['于谦', '邬江'] });
    expect(mid.body.problems[2].midCheck).toMatchObject({ progress: 'delayed', note: '资金未到位' });

    await resolveCase(caseIds[0], '公交站台已重建并加装雨棚');
    await resolveCase(caseIds[1], '护栏已安装');

    // Month end: "solved" needs a resolved case; the square is carried into next month.
    await s.skip('241h');
    await untilPhase(month, 'month_end_due');
    const findings = [
      { problemId: ids[0], outcome: 'solved' },
      { problemId: ids[1], outcome: 'solved' },
      { problemId: ids[2], outcome: 'solved' },
    ];
    const premature = await post('shuncheng.fc1', url(month, '/checks'), { kind: 'month_end', date: '2026-01-29', inspectors: ['于谦'], findings });
    expect(premature).toMatchObject({ status: 409, body: { code: 'CASE_NOT_RESOLVED' } });
    expect((await post('shuncheng.fc1', url(month, '/checks'), { kind: 'month_end', date: '2026-01-29', inspectors: ['于谦'], findings: [...findings.slice(0, 2), { problemId: ids[2], outcome: 'in_progress' }] })).body.code).toBe(
      'EXPECTED_BY_REQUIRED',
    );
    const end = await post('shuncheng.fc1', url(month, '/checks'), {
      kind: 'month_end',
      date: '2026-01-29',
      inspectors: ['于谦'],
      findings: [...findings.slice(0, 2), { problemId: ids[2], outcome: 'carried', note: '资金下月到位' }],
    });
    expect(end.status).toBe(200);
    expect(end.body.phase).toBe('closed');

    const report = await get('city-mayor', url(month, '/report'));
    expect(report.status).toBe(200);
    expect(report.body.totals).toMatchObject({ total: 3, solved: 2, inProgress: 0, carried: 1, flagged: [], midCheck: 'recorded', monthEnd: 'recorded' });
    expect(report.body.host).toMatchObject({ villageId: FENGHUANG, chosenBy: 'score' });
    expect(report.body.receptionDate).toBe('2026-01-06');
    expect(report.body.items.map((i: Json) => [i.problemId, i.outcome, i.caseStatus])).toEqual([
      [ids[0], 'solved', 'resolved'],
      [ids[1], 'solved', 'resolved'],
      [ids[2], 'carried', 'in_progress'],
    ]);
    expect(report.body.solvedSinceStart).toBe(2);

    // The count any leader can ask for; not an integrator.
    const solved = await get('housing.head', '/v1/villages/solved-count');
    expect(solved.body).toMatchObject({ solved: 2, since: month, byTown: [{ townUnitId: TOWN, solved: 2 }] });
    expect((await get('int-12345', '/v1/villages/solved-count')).status).toBe(403);

    // The town head heard of the host, both checks and the report.
    const notes = (await s.db.select().from(outbox).where(and(eq(outbox.recipientId, 'shuncheng.head'), like(outbox.key, `${villageMonthWorkflowId(TOWN, month)}:%`))));
    expect(notes.map((n) => n.template).sort()).toEqual(['village_check_due', 'village_check_due', 'village_host_chosen', 'village_month_report']);
    expect(notes.find((n) => n.template === 'village_month_report')!.body).toContain('已解决2件');
  });

  it('takes the carried problem into the next month and flags it to the town head when carried again', async () => {
    on = s;
    const month = '2026-02';
    await startMonth(month, { ...SHORT, monthEnd: '1h' });
    const closed = await post('shuncheng.head', url(month, '/close-collection'), {});
    expect(closed.status).toBe(200);
    const [carried] = closed.body.problems;
    expect(closed.body.problems).toHaveLength(1);
    expect(carried).toMatchObject({ villageId: CHANGLONG, title: '村民广场碎石路面需硬化', carryCount: 1, carriedFromId: `${TOWN}-202601-03` });
    expect(closed.body.host.villageId).toBe(CHANGLONG);

    // Its case is still open: the reception keeps it rather than starting a second one.
    const jan = await get('shuncheng.fc1', url('2026-01'));
    const janCase = jan.body.problems[2].path.caseId;
    const rec = await post('shuncheng.fc1', url(month, '/reception'), {
      date: '2026-02-03',
      leaders: ['镇长 时雨'],
      paths: [{ problemId: carried.id, responsibleUnitId: TOWN, deadline: '2026-02-27' }],
    });
    expect(rec.status).toBe(200);
    expect(rec.body.problems[0].path).toMatchObject({ caseId: janCase, caseReused: true });

    // No mid-month check this time: the report says so.
    await s.skip('122h');
    await untilPhase(month, 'month_end_due');
    const end = await post('shuncheng.fc1', url(month, '/checks'), {
      kind: 'month_end',
      date: '2026-02-26',
      inspectors: ['于谦'],
      findings: [{ problemId: carried.id, outcome: 'carried', note: '仍未开工' }],
    });
    expect(end.status).toBe(200);
    const report = await get('shuncheng.head', url(month, '/report'));
    expect(report.body.totals).toMatchObject({ total: 1, solved: 0, carried: 1, flagged: [carried.id], midCheck: 'missed' });
    expect(report.body.items[0]).toMatchObject({ monthsCarried: 2, flagged: true });

    const flag = (await s.db.select().from(outbox).where(and(eq(outbox.template, 'village_problem_carried_twice'), eq(outbox.recipientId, 'shuncheng.head'))));
    expect(flag).toHaveLength(1);
    expect(flag[0].body).toContain('村民广场碎石路面需硬化');
    expect(flag[0].body).toContain('连续2个月');
  });

  it('lets the town head override the host village, with the reason on record', async () => {
    on = h;
    const month = '2025-11';
    await startMonth(month, SHORT);
    expect((await submit(month, FENGHUANG, '灌溉水渠堵塞', 4, 200)).status).toBe(201);
    expect((await submit(month, CHANGLONG, '村道路灯不亮', 2, 60)).status).toBe(201);
    const closed = await post('shuncheng.head', url(month, '/close-collection'), {});
    expect(closed.body.host).toMatchObject({ villageId: FENGHUANG, chosenBy: 'score' });

    const body = { villageId: CHANGLONG, reason: '凤凰村上月刚接访；长龙村路灯问题涉及夜间安全，群众反映集中' };
    expect((await post('shuncheng.deputy', url(month, '/host'), body)).status).toBe(403);
    expect((await post('shuncheng.head', url(month, '/host'), { villageId: CHANGLONG })).status).toBe(400);
    expect((await post('shuncheng.head', url(month, '/host'), { villageId: FENGHUANG, reason: '不变' })).body.code).toBe('HOST_UNCHANGED');
    const over = await post('shuncheng.head', url(month, '/host'), body);
    expect(over.status).toBe(200);
    expect(over.body.host).toMatchObject({ villageId: CHANGLONG, chosenBy: 'override', suggestedVillageId: FENGHUANG, overriddenBy: 'shuncheng.head', reason: body.reason });
    expect(over.body.events.at(-1)).toMatchObject({ action: 'host_overridden', actor: 'shuncheng.head', note: body.reason });
    const read = await get('sup-1', url(month));
    expect(read.body.host.reason).toBe(body.reason);

    // Administrators find the month in Temporal UI by town and month.
    let found = 0;
    for (let i = 0; i < 40 && found === 0; i++) {
      for await (const _ of h.client.workflow.list({ query: `Town = '${TOWN}' AND Month = '${month}'` })) found++;
      if (!found) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found).toBe(1);

    // Once the reception is recorded the host is settled.
    const ids = over.body.problems.map((p: Json) => p.id);
    const rec = await post('shuncheng.fc1', url(month, '/reception'), {
      date: '2025-11-05',
      leaders: ['镇长 时雨'],
      paths: ids.map((problemId: string) => ({ problemId, responsibleUnitId: TOWN, deadline: '2025-11-28' })),
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect((await post('shuncheng.head', url(month, '/host'), { villageId: FENGHUANG, reason: '改回' })).body.code).toBe('HOST_LOCKED');
    await h.client.workflow.getHandle(villageMonthWorkflowId(TOWN, month)).terminate('test done');
  });

  it('starts a month only from its first working day (daily trigger; National Day holiday 2025)', async () => {
    const tick = (at: string) =>
      h.client.workflow.execute('villageMonthTickWorkflow', { taskQueue: h.taskQueue, workflowId: `village-month-tick-test-${at}-${Math.random()}`, args: [{ at }] });
    // 2025-10-08 is still the National Day holiday; the 9th is October's first working day.
    expect(await tick('2025-10-08T01:00:00Z')).toMatchObject({ date: '2025-10-08', due: false, started: [] });
    expect(await tick('2025-10-09T01:00:00Z')).toMatchObject({ date: '2025-10-09', firstWorkingDay: '2025-10-09', due: true, started: [TOWN] });
    expect(await tick('2025-10-10T01:00:00Z')).toMatchObject({ due: true, started: [] });
    const d = await h.client.workflow.getHandle(villageMonthWorkflowId(TOWN, '2025-10')).describe();
    expect(d.status.name).toBe('RUNNING');
    await h.client.workflow.getHandle(villageMonthWorkflowId(TOWN, '2025-10')).terminate('test done');
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/v1/towns/{townId}/months/{month}/reception', '/v1/towns/{townId}/months/{month}/checks', '/v1/villages/solved-count']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/v1/towns/{townId}/months/{month}/host'].post.requestBody.content['application/json'].schema).toBeDefined();
  });

  it('creates the schedule once however often the system starts', async () => {
    expect(SCHEDULES).toContain(ensureVillageMonthSchedule);
    const ctx = { client: h.client, taskQueue: h.taskQueue };
    const handle = h.client.schedule.getHandle(VILLAGE_MONTH_SCHEDULE_ID);
    try {
      await Promise.all([ensureVillageMonthSchedule(ctx), ensureVillageMonthSchedule(ctx)]);
      const first = await handle.describe();
      await ensureVillageMonthSchedule(ctx);
      await ensureVillageMonthSchedule(ctx);
      const again = await handle.describe();
      expect(again.info.createdAt).toEqual(first.info.createdAt);
      expect(again.spec.timezone).toBe('Asia/Shanghai');
      expect(again.action).toMatchObject({ type: 'startWorkflow', workflowType: 'villageMonthTickWorkflow', taskQueue: h.taskQueue });
      let n = 0;
      for (let i = 0; i < 40; i++) {
        n = 0;
        for await (const s of h.client.schedule.list()) if (s.scheduleId === VILLAGE_MONTH_SCHEDULE_ID) n++;
        if (n > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(n).toBe(1);
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });
});
