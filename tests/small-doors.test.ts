// The smaller doors of issue 32 (item 8), each as its user or its abuser would meet it: a reader of a
// case cannot spend its holder's async-decision budget; rotation does not keep a token alive for ever,
// and the directory's audit trail shows tokens issued, rotated and revoked; an iCalendar range is
// capped before it is expanded; a short CSV import does not deactivate everyone without a dry run
// first; a precedent's citing cases are scoped as the case list is; production refuses to "deliver"
// notifications to a log; and personal data is purged on a schedule, as the policy file says.
// (/v1/complaints/{id}/verify is in tests/complaint-door.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { appOver, FAST_POLICY, startHarness, type Harness } from './support/harness.js';
import { asRequester, decide, eventually, getCase, openCase } from './support/cases.js';
import { caseSteps, cases, complaints, outbox, principals, requesterCodes, tokens } from '../db/schema.js';
import { ICalError, parseICalNotice } from '../domain/calendar.js';
import { channelFromEnv } from '../notify/index.js';
import { workflowName } from '../workflows/definitions.js';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../schedules/retention.js';
import { hashToken } from '../db/tokens.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  // Retention spans of a second, so the run can be watched; everything else as the tests usually have it.
  h = await startHarness({ policy: { ...FAST_POLICY, retention: { closedCases: '1s', closedComplaints: '1s', notifications: '1s', codes: '1s' } } });
});
afterAll(async () => {
  await h?.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the async-decision budget', () => {
  it('is counted per caller: a reader of the case who spends theirs does not spend its holder\'s', async () => {
    const app = await appOver(h, { asyncDecisionLimit: { perCase: 3, perCaller: 3, windowMs: HOUR } });
    try {
      const c = await openCase(h, 'housing.fc1', { involvedUnitIds: ['planning'] });
      await eventually(() => h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}`, headers: h.as('planning.fc1') }), (r) => r.statusCode === 200);
      const send = (who: string, key: string, body: object) =>
        app.inject({ method: 'POST', url: `/v1/cases/${c.id}/decisions`, headers: h.as(who, { prefer: 'respond-async', 'idempotency-key': key }), payload: body });
      const refuse = { action: 'refuse', legalBasis: '《行政许可法》第十二条', explanation: '不予办理' };
      // An involved unit's officer reads the case, and sends what the case will reject.
      for (const k of ['r-1', 'r-2', 'r-3']) expect((await send('planning.fc1', k, refuse)).statusCode).toBe(202);
      const over = await send('planning.fc1', 'r-4', refuse);
      expect([over.statusCode, over.json().code, over.json().limit]).toEqual([429, 'ASYNC_DECISION_LIMIT', 3]);
      // Another reader meets the cap the readers share; the holder decides as before.
      const other = await send('planning.fc2', 'o-1', refuse);
      expect([other.statusCode, other.json().code]).toEqual([429, 'ASYNC_DECISION_LIMIT']);
      const holder = await send('housing.fc1', 'h-1', { action: 'escalate', reason: 'unsure', note: '请科长研判' });
      expect(holder.statusCode, holder.body).toBe(202);
      await eventually(() => getCase(h, c.id), (x) => x.tier === '2');
    } finally {
      await app.close();
    }
  });
});

describe('tokens', () => {
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  it('rotate within the maximum age of their chain, never past it', async () => {
    const issued = await h.app.inject({ method: 'POST', url: '/v1/tokens', headers: h.as('admin'), payload: { principalId: 'civil.chief2' } });
    expect(issued.statusCode, issued.body).toBe(201);
    const first = issued.json() as { token: string; createdAt: string };
    // The chain began 29 days and 22 hours ago (the default maximum age of a person's token is 30 days).
    const began = new Date(Date.now() - 29 * DAY - 22 * HOUR).toISOString();
    await h.db.update(tokens).set({ createdAt: began }).where(eq(tokens.hash, hashToken(first.token)));
    const rotated = await h.app.inject({ method: 'POST', url: '/v1/tokens/rotate', headers: bearer(first.token) });
    expect(rotated.statusCode, rotated.body).toBe(201);
    const cap = Date.parse(began) + 30 * DAY;
    expect(Date.parse(rotated.json().expiresAt)).toBe(cap); // not 12 hours from now
    // Rotating again carries the chain's start along: the cap does not move.
    const again = await h.app.inject({ method: 'POST', url: '/v1/tokens/rotate', headers: bearer(rotated.json().token) });
    expect(again.statusCode, again.body).toBe(201);
    expect(Date.parse(again.json().expiresAt)).toBe(cap);
  });

  it('are issued, rotated and revoked on the directory\'s audit trail, by whom, never in clear', async () => {
    const issued = (await h.app.inject({ method: 'POST', url: '/v1/tokens', headers: h.as('admin'), payload: { principalId: 'market.chief2', label: 'counter PC 3' } })).json();
    const rotated = (await h.app.inject({ method: 'POST', url: '/v1/tokens/rotate', headers: bearer(issued.token) })).json();
    const revoked = await h.app.inject({ method: 'POST', url: `/v1/tokens/${rotated.id}/revoke`, headers: h.as('admin') });
    expect(revoked.statusCode).toBe(200);
    // Revoking twice writes nothing more.
    expect((await h.app.inject({ method: 'POST', url: `/v1/tokens/${rotated.id}/revoke`, headers: h.as('admin') })).statusCode).toBe(200);
    const trail = await h.app.inject({ method: 'GET', url: '/v1/directory/audit?subjectId=market.chief2', headers: h.as('admin') });
    expect(trail.statusCode).toBe(200);
    const items = (trail.json().items as { action: string; actorId: string; after: { tokenId: string } }[]).reverse();
    expect(items.map((i) => [i.action, i.actorId, i.after.tokenId])).toEqual([
      ['token_issued', 'admin', issued.id],
      ['token_rotated', 'market.chief2', rotated.id],
      ['token_revoked', 'admin', rotated.id],
    ]);
    expect(trail.body).not.toContain(issued.token);
    expect(trail.body).not.toContain(rotated.token);
    expect(trail.body).not.toContain(hashToken(issued.token));
  });
});

describe('an iCalendar notice', () => {
  const ics = (events: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-DOCUMENT-NO:国办发明电〔2026〕99号\r\n${events}END:VCALENDAR\r\n`;
  const workday = (from: string, to: string) => `BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:${from}\r\nDTEND;VALUE=DATE:${to}\r\nSUMMARY:春节\r\nCATEGORIES:WORKDAY\r\nEND:VEVENT\r\n`;

  it('has its ranges capped before they are expanded into days', async () => {
    // A make-up "range" to the year 9999 would be millions of days.
    expect(() => parseICalNotice(ics(workday('20270102', '99991231')))).toThrow(ICalError);
    const started = Date.now();
    const res = await h.app.inject({ method: 'PUT', url: '/v1/calendar/2027', headers: h.as('admin', { 'content-type': 'text/calendar' }), payload: ics(workday('20270102', '99991231')) });
    expect([res.statusCode, res.json().code]).toEqual([422, 'ICAL_INVALID']);
    expect(res.json().errors[0].path).toBe('VEVENT[1].DTEND');
    expect(Date.now() - started).toBeLessThan(2000);
    // A real run of make-up days still reads.
    expect(parseICalNotice(ics(workday('20270206', '20270208'))).workdays).toEqual([{ date: '2027-02-06', name: '春节' }, { date: '2027-02-07', name: '春节' }]);
    // And a flood of events is refused before it is read.
    expect(() => parseICalNotice(ics(workday('20270206', '20270207').repeat(201)))).toThrow(/More than 200 events/);
  });
});

describe('a precedent\'s detail', () => {
  it('lists the cases that cited it as the case list would: an officer their unit\'s, the city all, an integrator none', async () => {
    const p = await h.app.inject({
      method: 'POST',
      url: '/v1/precedents',
      headers: h.as('sup-1'),
      payload: { source: { kind: 'elsewhere', place: '江苏省南京市', documentedIn: '宁建规〔2021〕3号' }, title: '商业用房改建养老机构先行消防验收', kind: 'no_precedent', problem: '无法通过消防验收。', solution: '联合审查，先行验收。', unitIds: ['housing'] },
    });
    expect(p.statusCode, p.body).toBe(201);
    const id = p.json().id as string;
    const cite = async (officer: string) => {
      const c = await openCase(h, officer);
      const r = await decide(h, c.id, officer, { action: 'escalate', reason: 'no_precedent', note: '参照外地经验', precedentIds: [id] });
      expect(r.statusCode, r.body).toBe(200);
      return c.id;
    };
    const housingCase = await cite('housing.fc2');
    const gasCase = await cite('gas.fc1');
    const citing = async (who: string) => {
      const r = await h.app.inject({ method: 'GET', url: `/v1/precedents/${id}`, headers: h.as(who) });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ citeCount: 2, citedByCases: 2 }); // the counts are the library's, city-wide
      return (r.json().citations as { caseId: string }[]).map((c) => c.caseId).sort();
    };
    expect(await citing('housing.fc1')).toEqual([housingCase]);
    expect(await citing('gas.head')).toEqual([gasCase]);
    expect(await citing('sup-1')).toEqual([housingCase, gasCase].sort());
    expect(await citing('city-vice-wang')).toEqual([housingCase, gasCase].sort());
    expect(await citing('int-12345')).toEqual([]);
  });
});

describe('notifications in production', () => {
  it('are never "delivered" to the log: the worker refuses to start, and /readyz says why', async () => {
    expect(() => channelFromEnv({}, undefined, { production: true })).toThrow(/NOTIFY_WEBHOOK_URL/);
    expect(channelFromEnv({ NOTIFY_WEBHOOK_URL: 'https://gateway.example/sms' }, undefined, { production: true }).name).not.toBe('log');
    expect(channelFromEnv({}).name).toBe('log'); // development keeps its log

    const prod = await appOver(h, { config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: true } });
    try {
      const saved = process.env.NOTIFY_WEBHOOK_URL;
      delete process.env.NOTIFY_WEBHOOK_URL;
      try {
        const ready = await prod.inject({ method: 'GET', url: '/readyz' });
        expect(ready.statusCode).toBe(503);
        expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { notifications: 'unavailable', database: 'ok' } });
        expect(ready.json().warnings.map((w: { code: string }) => w.code)).toContain('NOTIFY_CHANNEL_MISSING');
      } finally {
        if (saved !== undefined) process.env.NOTIFY_WEBHOOK_URL = saved;
      }
    } finally {
      await prod.close();
    }

    // The worker process itself, as compose starts it, without a webhook.
    const dataDir = mkdtempSync(join(tmpdir(), 'worker-no-channel-'));
    try {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATA_DIR: dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1' };
      const child = spawn(process.execPath, ['--import', 'tsx', 'worker.ts'], { cwd: join(import.meta.dirname, '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(err).toContain('NOTIFY_WEBHOOK_URL is not set');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('personal data past its retention span', () => {
  it('is masked or deleted by the daily run, as the policy file says, and what supervision needs stays', async () => {
    const c = await openCase(h, 'agriculture.fc2', {
      requester: { kind: 'person', name: '王小明', phone: '13905620123' },
      title: '王小明的大棚用电报装',
      description: '联系人王小明，电话13905620123，住址幸福路12号。',
    });
    const w = await asRequester(h, c, 'withdraw', { reason: '王小明已自行解决，勿再致电13905620123' });
    expect(w.statusCode, w.body).toBe(200);
    const filed = await h.app.inject({ method: 'POST', url: '/v1/complaints', remoteAddress: '10.88.0.1', payload: { unitId: 'agriculture', contact: { name: '李大海', phone: '13905620456' }, content: '李大海反映窗口推诿，电话13905620456。' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const complaintId = filed.json().id as string;
    await eventually(async () => (await first(h.db.select().from(complaints).where(eq(complaints.id, complaintId)))), (x) => !!x?.contactDueAt);
    const closed = await h.app.inject({ method: 'POST', url: `/v1/complaints/${complaintId}/close`, headers: h.as('sup-1'), payload: { upheld: false, findings: '经核实不属实' } });
    expect(closed.statusCode, closed.body).toBe(200);
    // What the gateway sent (the dispatcher's work) is "sent" now.
    await h.db.update(outbox).set({ status: 'sent', sentAt: new Date().toISOString() }).where(eq(outbox.caseId, c.id));
    await new Promise((r) => setTimeout(r, 1100));

    const run = await h.client.workflow.execute(workflowName('retentionWorkflow'), { taskQueue: h.taskQueue, workflowId: `retention-${c.id}`, args: [] });
    expect(run.cases).toBeGreaterThanOrEqual(1);
    expect(run.complaints).toBeGreaterThanOrEqual(1);

    const row = (await first(h.db.select().from(cases).where(eq(cases.id, c.id))))!;
    expect(row).toMatchObject({ requesterPhone: null, requesterName: '王**', status: 'withdrawn' });
    expect(row.purgedAt).not.toBeNull();
    const kept = JSON.stringify(row) + JSON.stringify((await h.db.select().from(caseSteps).where(eq(caseSteps.caseId, c.id)).orderBy(asc(caseSteps.seq))));
    for (const gone of ['王小明', '13905620123', '幸福路12号']) expect(kept).not.toContain(gone);
    // The steps, their actors and times stay: statistics, portraits and reviews read them.
    const steps = (await h.db.select().from(caseSteps).where(eq(caseSteps.caseId, c.id)));
    expect(steps.map((s) => [s.action, s.actor])).toEqual([['received', 'agriculture.fc2'], ['assigned', 'system'], ['withdrawn', 'requester']]);
    const comp = (await first(h.db.select().from(complaints).where(eq(complaints.id, complaintId))))!;
    expect(comp).toMatchObject({ contactName: '李**', contactPhone: '139****0456', status: 'closed', upheld: false });
    expect(comp.content).not.toContain('李大海');
    expect(comp.content).not.toContain('13905620456');
    const sent = (await h.db.select().from(outbox).where(eq(outbox.caseId, c.id)));
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(sent)).not.toContain('13905620123');
    expect((await h.db.select().from(requesterCodes).where(eq(requesterCodes.caseId, c.id)))).toHaveLength(0);

    // Running again changes nothing more.
    const before = JSON.stringify((await first(h.db.select().from(cases).where(and(eq(cases.id, c.id))))));
    await h.client.workflow.execute(workflowName('retentionWorkflow'), { taskQueue: h.taskQueue, workflowId: `retention-again-${c.id}`, args: [] });
    expect(JSON.stringify((await first(h.db.select().from(cases).where(eq(cases.id, c.id)))))).toBe(before);
  });

  it('runs every night from a Temporal Schedule', async () => {
    await ensureRetentionSchedule({ client: h.client, taskQueue: h.taskQueue });
    const handle = h.client.schedule.getHandle(RETENTION_SCHEDULE_ID);
    try {
      const d = await handle.describe();
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: h.taskQueue });
      expect(d.spec.timezone).toBe('Asia/Shanghai');
      expect(JSON.stringify(d.spec.calendars)).toContain('"hour":[{"start":3');
    } finally {
      await handle.delete();
    }
  });
});

// Last: it leaves one unit of the demo directory active.
describe('a short directory import', () => {
  it('deactivates more than the threshold only after its dry run, with the confirmation the dry run gave', async () => {
    // A file with one unit's people only: everyone else would be deactivated and their work handed over.
    // (The city leaders stay: units name them.)
    type P = { id: string; name: string; role: string; unitId: string | null; sectionId: string | null };
    const list = async (q: string) => (await h.app.inject({ method: 'GET', url: `/v1/principals?${q}`, headers: h.as('admin') })).json().items as P[];
    const people = [...(await list('unitId=tongguan')), ...(await list('role=city_leader'))];
    const csv = ['type,id,name,role,unit_id,section_id', ...people.map((p) => `principal,${p.id},${p.name},${p.role},${p.unitId ?? ''},${p.sectionId ?? ''}`)].join('\n');
    const activeBefore = async () => (await first(h.db.select({ n: sql<number>`count(*)` }).from(principals).where(eq(principals.active, true))))!.n;
    const before = (await activeBefore());
    const post = (query: string) => h.app.inject({ method: 'POST', url: `/v1/directory/import${query}`, headers: h.as('admin', { 'content-type': 'text/csv' }), payload: csv });

    const blind = await post('');
    expect([blind.statusCode, blind.json().code]).toEqual([422, 'IMPORT_NEEDS_DRY_RUN']);
    expect(blind.json().deactivate).toBeGreaterThan(blind.json().threshold);
    expect((await activeBefore())).toBe(before);
    expect([(await post('?confirm=0123456789abcdef0123456789abcdef')).json().code]).toEqual(['IMPORT_NEEDS_DRY_RUN']);
    expect((await activeBefore())).toBe(before);

    const dry = await post('?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, needsConfirmation: true });
    expect(dry.json().confirmation).toMatch(/^[0-9a-f]{32}$/);
    expect((await activeBefore())).toBe(before);

    const done = await post(`?confirm=${dry.json().confirmation}`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().principals.deactivated.length).toBe(blind.json().deactivate);
    expect((await activeBefore())).toBe(before - blind.json().deactivate);
  });
});
