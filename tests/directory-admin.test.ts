// Directory management (admin): units, sections, principals, a whole directory from CSV (all rows
// checked first, all or nothing), each change audited; deactivating an officer, by PATCH or by an
// import that leaves them out, tells every workflow holding their work (directoryChanged).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { startHarness, type Harness } from './support/harness.js';
import { buildApp } from '../api/server.js';
import { unbindMessage } from '../domain/bound-message.js';
import { AesGcmCodec } from '../security/payload-codec.js';
import { actions, decide, eventually, getCase, openCase } from './support/cases.js';
import { caseParts, directoryAudit, principals, sections, tokens, units } from '../db/schema.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const count = async (t: typeof principals | typeof units | typeof sections | typeof directoryAudit | typeof tokens) => (await first(h.db.select({ n: sql<number>`count(*)` }).from(t)))!.n;
const snapshot = async () => ({
  principals: (await h.db.select().from(principals).orderBy(principals.id)),
  units: (await h.db.select().from(units).orderBy(units.id)),
  sections: (await h.db.select().from(sections).orderBy(sections.id)),
  audit: (await count(directoryAudit)),
});
const admin = (extra: Record<string, string> = {}) => h.as('admin', extra);

/**
 * The signals a workflow received, by name, with their arguments (as its history shows them now),
 * each opened from the binding that names this workflow (domain/bound-message.ts); one bound to
 * another workflow or not bound shows as `unbound`.
 */
async function signalsOf(workflowId: string) {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const { defaultPayloadConverter } = await import('@temporalio/common');
  // Payloads are sealed in history: open them with the slice's keys first.
  const codec = new AesGcmCodec(h.keyRing);
  const signals = (history.events ?? []).map((e) => e.workflowExecutionSignaledEventAttributes).filter((a): a is NonNullable<typeof a> => !!a);
  return Promise.all(
    signals.map(async (a) => {
      const sent = (await codec.decode((a.input?.payloads ?? []) as never)).map((p) => defaultPayloadConverter.fromPayload(p as never));
      const bound = unbindMessage(sent, { workflowId, message: a.signalName! });
      return { name: a.signalName, args: bound.ok ? bound.args : 'unbound' };
    }),
  );
}

/**
 * Waits until the workflow's history shows directoryChanged for these principals: a signal that
 * arrives while a workflow task runs is buffered by the server and written after it.
 */
const handOverSignalled = (workflowId: string, principalIds: string[]) =>
  eventually(
    () => signalsOf(workflowId),
    (signals) => signals.some((x) => x.name === 'directoryChanged' && JSON.stringify(x.args) === JSON.stringify([{ principalIds }])),
  );

const q = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const COLUMNS = ['type', 'id', 'name', 'name_en', 'kind', 'unit_id', 'section_id', 'role', 'phone', 'stand_in_id', 'city_leader_id', 'deputy_section_ids'];
type Row = Partial<Record<(typeof COLUMNS)[number], string | null>>;
const csv = (rows: Row[]) => [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => q(r[c])).join(','))].join('\r\n') + '\r\n';

/** The directory as it stands, read through the API, as CSV rows. */
async function currentRows(): Promise<Row[]> {
  const us = (await h.app.inject({ method: 'GET', url: '/v1/units', headers: admin() })).json() as { id: string; name: string; nameEn: string; kind: string; cityLeaderId: string | null; sections: { id: string; name: string }[] }[];
  const ps = (await h.app.inject({ method: 'GET', url: '/v1/principals?active=true', headers: admin() })).json().items as Record<string, string | null | string[]>[];
  return [
    ...us.map((u) => ({ type: 'unit', id: u.id, name: u.name, name_en: u.nameEn, kind: u.kind, city_leader_id: u.cityLeaderId })),
    ...us.flatMap((u) => u.sections.map((s) => ({ type: 'section', id: s.id, name: s.name, unit_id: u.id }))),
    ...ps.map((p) => ({
      type: 'principal', id: p.id as string, name: p.name as string, role: p.role as string, unit_id: p.unitId as string | null, section_id: p.sectionId as string | null,
      phone: p.phone as string | null, stand_in_id: p.standInId as string | null, deputy_section_ids: (p.deputySectionIds as string[]).join(';'),
    })),
  ];
}

describe('units, sections and principals, one at a time', () => {
  it('lets an admin add a unit, a section and an officer with a stand-in, auditing each; others are refused and change nothing', async () => {
    const before = (await snapshot());
    for (const who of ['housing.head', 'sup-1', 'int-12345']) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/units', headers: h.as(who), payload: { id: 'transport', name: '市交通运输局', nameEn: 'Transport Bureau', kind: 'department' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN_ROLE');
    }
    expect((await h.app.inject({ method: 'GET', url: '/v1/principals', headers: h.as('housing.head') })).statusCode).toBe(403);
    expect((await snapshot())).toEqual(before);

    const unit = await h.app.inject({ method: 'POST', url: '/v1/units', headers: admin(), payload: { id: 'transport', name: '市交通运输局', nameEn: 'Transport Bureau', kind: 'department', cityLeaderId: 'city-vice-wang' } });
    expect(unit.statusCode, unit.body).toBe(201);
    const again = await h.app.inject({ method: 'POST', url: '/v1/units', headers: admin(), payload: { id: 'transport', name: 'x', nameEn: 'x', kind: 'department' } });
    expect(again.json().code).toBe('UNIT_EXISTS');
    const badLeader = await h.app.inject({ method: 'POST', url: '/v1/units', headers: admin(), payload: { id: 'ports', name: '港航', nameEn: 'Ports', kind: 'department', cityLeaderId: 'housing.head' } });
    expect(badLeader.statusCode).toBe(422);
    expect(badLeader.json().errors).toEqual([{ path: 'body.cityLeaderId', message: 'housing.head is no active city leader' }]);
    const section = await h.app.inject({ method: 'POST', url: '/v1/units/transport/sections', headers: admin(), payload: { id: 'transport.licences', name: '运输许可科' } });
    expect(section.statusCode, section.body).toBe(201);
    expect((await h.app.inject({ method: 'POST', url: '/v1/units/nowhere/sections', headers: admin(), payload: { id: 'nowhere.x', name: 'x' } })).json().code).toBe('UNIT_NOT_FOUND');

    // An officer in a section of another unit, with a stand-in from another unit: refused, with every reason.
    const mid = (await snapshot());
    const bad = await h.app.inject({
      method: 'POST', url: '/v1/principals', headers: admin(),
      payload: { id: 'transport.fc1', name: '石磊', role: 'first_contact', unitId: 'transport', sectionId: 'housing.fire', standInId: 'housing.fc2' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('DIRECTORY_RULE');
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.sectionId', 'body.standInId']);
    expect((await snapshot())).toEqual(mid);

    const chief = await h.app.inject({ method: 'POST', url: '/v1/principals', headers: admin(), payload: { id: 'transport.chief1', name: '林峰', role: 'section_chief', unitId: 'transport', sectionId: 'transport.licences' } });
    expect(chief.statusCode, chief.body).toBe(201);
    const fc = await h.app.inject({
      method: 'POST', url: '/v1/principals', headers: admin(),
      payload: { id: 'transport.fc1', name: '石磊', role: 'first_contact', unitId: 'transport', sectionId: 'transport.licences', phone: '13905620001', standInId: 'transport.chief1' },
    });
    expect(fc.statusCode, fc.body).toBe(201);
    expect(fc.json()).toMatchObject({ id: 'transport.fc1', active: true, standInId: 'transport.chief1', deputySectionIds: [] });

    // The new officer gets a token and works.
    const tok = await h.app.inject({ method: 'POST', url: '/v1/tokens', headers: admin(), payload: { principalId: 'transport.fc1' } });
    const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${tok.json().token}` } });
    expect(me.json()).toMatchObject({ id: 'transport.fc1', role: 'first_contact', unitId: 'transport', sectionId: 'transport.licences' });

    const trail = (await h.app.inject({ method: 'GET', url: '/v1/directory/audit?limit=10', headers: admin() })).json().items;
    // Issuing the token is on the trail too (issue 32).
    expect(trail.slice(0, 5).map((e: { action: string; subjectId: string; actorId: string }) => [e.action, e.subjectId, e.actorId])).toEqual([
      ['token_issued', 'transport.fc1', 'admin'],
      ['principal_created', 'transport.fc1', 'admin'],
      ['principal_created', 'transport.chief1', 'admin'],
      ['section_created', 'transport.licences', 'admin'],
      ['unit_created', 'transport', 'admin'],
    ]);
  });

  it('keeps at least one admin, and a unit\'s city leader, active', async () => {
    const before = (await snapshot());
    const last = await h.app.inject({ method: 'PATCH', url: '/v1/principals/admin', headers: admin(), payload: { active: false } });
    expect(last.statusCode).toBe(422);
    expect(last.json().errors).toContainEqual({ path: 'admin', message: 'the directory keeps at least one active admin' });
    const leader = await h.app.inject({ method: 'PATCH', url: '/v1/principals/city-mayor', headers: admin(), payload: { active: false } });
    expect(leader.statusCode).toBe(422);
    expect(leader.json().errors.map((e: { path: string }) => e.path)).toContain('units.finance.cityLeaderId');
    expect((await snapshot())).toEqual(before);
  });
});

describe('deactivating an officer hands their open work over', () => {
  it('PATCH active=false revokes their tokens and signals the case they hold', async () => {
    const c = await openCase(h, 'civil.fc2');
    expect(c.assignee.principalId).toBe('civil.fc2');
    const other = await openCase(h, 'civil.fc1');
    // Their section chief stands in for them (缺位递补).
    const standIn = await h.app.inject({ method: 'PATCH', url: '/v1/principals/civil.fc2', headers: admin(), payload: { standInId: 'civil.chief2' } });
    expect(standIn.statusCode, standIn.body).toBe(200);
    expect(standIn.json()).toMatchObject({ principal: { standInId: 'civil.chief2', active: true }, handOver: null });
    const res = await h.app.inject({ method: 'PATCH', url: '/v1/principals/civil.fc2', headers: admin(), payload: { active: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().principal).toMatchObject({ id: 'civil.fc2', active: false });
    expect(res.json().handOver).toEqual({ principalIds: ['civil.fc2'], signalled: [c.workflowId], failed: [] });
    await handOverSignalled(c.workflowId, ['civil.fc2']);
    // The case moves to the stand-in, and says so on its timeline.
    const moved = await eventually(() => getCase(h, c.id), (v) => v.assignee?.principalId === 'civil.chief2');
    expect(actions(moved)).toContain('handed_over');
    expect(moved.tier).toBe('1');
    // Another officer's case is not disturbed.
    expect((await signalsOf(other.workflowId)).map((s) => s.name)).not.toContain('directoryChanged');
    expect((await getCase(h, other.id)).assignee.principalId).toBe('civil.fc1');
    // Their token no longer works.
    expect((await h.app.inject({ method: 'GET', url: '/v1/me', headers: h.as('civil.fc2') })).statusCode).toBe(401);
    const entry = (await h.app.inject({ method: 'GET', url: '/v1/directory/audit?subjectId=civil.fc2', headers: admin() })).json().items[0];
    expect(entry).toMatchObject({ action: 'principal_updated', before: { active: true }, after: { active: false }, handedOver: { signalled: [c.workflowId] } });
    // Sending the hand-over again reaches the same workflow (while it still holds work of theirs).
    const again = await h.app.inject({ method: 'POST', url: '/v1/principals/civil.fc2/hand-over', headers: admin() });
    expect(again.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/v1/principals/civil.fc1/hand-over', headers: admin() })).json().code).toBe('PRINCIPAL_ACTIVE');
  });
});

describe('hand-over while Temporal is unreachable', () => {
  it('still deactivates, says which workflows were not told, and tells them later on request', async () => {
    const c = await openCase(h, 'finance.fc1');
    const unreachable = Connection.lazy({ address: '127.0.0.1:1' });
    const app = await buildApp({
      db: h.db,
      client: new Client({ connection: unreachable }),
      config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
      trackingSecret: 'test-tracking-secret',
      keyRing: h.keyRing,
    });
    try {
      const res = await app.inject({ method: 'PATCH', url: '/v1/principals/finance.fc1', headers: admin(), payload: { active: false } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().handOver).toEqual({ principalIds: ['finance.fc1'], signalled: [], failed: [c.workflowId] });
      expect((await first(h.db.select().from(principals).where(eq(principals.id, 'finance.fc1'))))!.active).toBe(false);
      expect((await signalsOf(c.workflowId)).map((x) => x.name)).not.toContain('directoryChanged');
      const entry = (await h.app.inject({ method: 'GET', url: '/v1/directory/audit?subjectId=finance.fc1', headers: admin() })).json().items[0];
      expect(entry.handedOver).toMatchObject({ failed: [c.workflowId] });
      // Temporal is back (the harness' app): the hand-over is sent again, and the case moves.
      const again = await h.app.inject({ method: 'POST', url: '/v1/principals/finance.fc1/hand-over', headers: admin() });
      expect(again.json()).toEqual({ principalIds: ['finance.fc1'], signalled: [c.workflowId], failed: [] });
      const moved = await eventually(() => getCase(h, c.id), (v) => v.assignee?.principalId !== 'finance.fc1');
      expect(actions(moved)).toContain('handed_over');
    } finally {
      await app.close();
      await unreachable.close().catch(() => undefined);
    }
  }, 30_000);
});

describe('moving an officer to another post', () => {
  it('hands over the work of the old post, and only that', async () => {
    const c = await openCase(h, 'market.fc2');
    const res = await h.app.inject({ method: 'PATCH', url: '/v1/principals/market.fc2', headers: admin(), payload: { role: 'section_chief' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().principal).toMatchObject({ role: 'section_chief', active: true, sectionId: 'market.licensing' });
    expect(res.json().handOver.signalled).toEqual([c.workflowId]);
    const moved = await eventually(() => getCase(h, c.id), (v) => v.assignee?.principalId !== 'market.fc2');
    expect(moved.assignee.principalId).toBe('market.fc1');
    expect(actions(moved)).toContain('handed_over');
    // Still active, with their token: only the post changed.
    expect((await h.app.inject({ method: 'GET', url: '/v1/me', headers: h.as('market.fc2') })).json().role).toBe('section_chief');
    // A change that moves nobody (a new phone number) tells no workflow.
    const phone = await h.app.inject({ method: 'PATCH', url: '/v1/principals/market.fc1', headers: admin(), payload: { phone: '13905629999' } });
    expect(phone.json().handOver).toBeNull();
  });
});

describe('a unit\'s part of a coordinated case', () => {
  it('is handed over too when its holder leaves', async () => {
    const c = await openCase(h, 'agriculture.fc1');
    const r = await decide(h, c.id, 'agriculture.fc1', { action: 'coordinate', unitIds: ['gas'], question: '请燃气公司提出接入方案' });
    expect(r.statusCode, r.body).toBe(200);
    const part = await eventually(
      async () => (await first(h.db.select().from(caseParts).where(eq(caseParts.caseId, c.id)))),
      (p) => p?.status === 'open' && p.assigneeId === 'gas.fc1',
    );
    const res = await h.app.inject({ method: 'PATCH', url: '/v1/principals/gas.fc1', headers: admin(), payload: { active: false } });
    expect(res.statusCode, res.body).toBe(200);
    // The part holds gas.fc1's work; the lead's case does not.
    expect(res.json().handOver.signalled).toEqual([part!.workflowId]);
    await handOverSignalled(part!.workflowId, ['gas.fc1']);
    expect((await signalsOf(c.workflowId)).map((x) => x.name)).not.toContain('directoryChanged');
    const moved = await eventually(async () => (await first(h.db.select().from(caseParts).where(eq(caseParts.workflowId, part!.workflowId)))), (p) => !!p?.assigneeId && p.assigneeId !== 'gas.fc1');
    expect(moved!.assigneeId).toMatch(/^gas\./);
    expect(moved!.status).toBe('open');
  });
});

describe('importing a whole directory from CSV', () => {
  it('refuses a file with errors, naming every row, and changes nothing', async () => {
    const rows = await currentRows();
    const before = (await snapshot());
    const broken = [
      ...rows,
      { type: 'principal', id: 'housing.fc9', name: '新人', role: 'clerk', unit_id: 'housing', section_id: 'housing.fire' },
      { type: 'principal', id: 'market.fc9', name: '新人二', role: 'first_contact', unit_id: 'market', section_id: 'housing.fire' },
      { type: 'section', id: 'housing.fire', name: '改名', unit_id: 'market' },
      { type: 'office', id: 'x', name: 'x' },
    ];
    const res = await h.app.inject({ method: 'POST', url: '/v1/directory/import', headers: admin({ 'content-type': 'text/csv' }), payload: csv(broken) });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('IMPORT_INVALID');
    const line = (i: number) => i + 2; // header is line 1
    const n = rows.length;
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([`rows.${line(n)}.role`, `rows.${line(n + 2)}.id`, `rows.${line(n + 3)}.type`]);
    expect(res.json().errors[1].message).toMatch(/already on line/);
    // With each row well-formed, the rules across rows speak: a section moved to another unit, an
    // officer in a section of a unit not theirs.
    const at = rows.findIndex((r) => r.id === 'housing.fire');
    const moved = rows.map((r, i) => (i === at ? { type: 'section', id: 'housing.fire', name: '改名', unit_id: 'market' } : r));
    const res2 = await h.app.inject({ method: 'POST', url: '/v1/directory/import', headers: admin({ 'content-type': 'text/csv' }), payload: csv([...moved, broken[n + 1]]) });
    expect(res2.statusCode).toBe(422);
    expect(res2.json().errors.map((e: { path: string }) => e.path).sort()).toEqual([`rows.${line(at)}.unit_id`, `rows.${line(n)}.section_id`].sort());
    // JSON is no CSV.
    expect((await h.app.inject({ method: 'POST', url: '/v1/directory/import', headers: admin(), payload: { rows } })).statusCode).toBe(415);
    expect((await snapshot())).toEqual(before);
  });

  it('imports a directory that drops an officer: the rest stays as it was, the officer\'s case is told to hand over', async () => {
    const held = await openCase(h, 'housing.fc1');
    const rows = (await currentRows()).filter((r) => r.id !== 'housing.fc1');
    rows.push({ type: 'unit', id: 'ports', name: '市港航管理局', name_en: 'Ports Authority', kind: 'department', city_leader_id: 'city-mayor' });
    rows.push({ type: 'section', id: 'ports.service', name: '服务科', unit_id: 'ports' });
    rows.push({ type: 'principal', id: 'ports.fc1', name: '江涛', role: 'first_contact', unit_id: 'ports', section_id: 'ports.service', phone: '13905620002' });
    // housing.fc2 now stands in for the post housing.fc1 left.
    const fc2 = rows.find((r) => r.id === 'housing.fc2')!;
    const before = (await snapshot());

    const dry = await h.app.inject({ method: 'POST', url: '/v1/directory/import?dryRun=true', headers: admin({ 'content-type': 'text/csv' }), payload: csv(rows) });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, units: { created: 1, updated: 0 }, sections: { created: 1 }, principals: { created: 1, updated: 0, deactivated: ['housing.fc1'] }, handOver: null });
    expect((await snapshot())).toEqual(before);

    const res = await h.app.inject({ method: 'POST', url: '/v1/directory/import', headers: admin({ 'content-type': 'text/csv' }), payload: csv(rows) });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ dryRun: false, units: { created: 1, updated: 0 }, sections: { created: 1, updated: 0 }, principals: { created: 1, updated: 0, deactivated: ['housing.fc1'] } });
    expect(out.handOver.signalled).toContain(held.workflowId);
    expect(out.handOver.failed).toEqual([]);
    await handOverSignalled(held.workflowId, ['housing.fc1']);
    // Nobody stands in for housing.fc1: the case goes to whoever holds the tier now.
    const moved = await eventually(() => getCase(h, held.id), (v) => !!v.assignee && v.assignee.principalId !== 'housing.fc1');
    expect(actions(moved)).toContain('handed_over');
    expect(moved.assignee.principalId).toMatch(/^housing\./);

    // Only what the file changed, changed.
    const after = (await snapshot());
    const changed = after.principals.filter((p) => JSON.stringify(p) !== JSON.stringify(before.principals.find((b) => b.id === p.id)));
    expect(changed.map((p) => [p.id, p.active])).toEqual([['housing.fc1', false], ['ports.fc1', true]]);
    expect(after.units.length).toBe(before.units.length + 1);
    expect(after.sections.length).toBe(before.sections.length + 1);
    expect(fc2.id).toBe('housing.fc2');
    expect((await h.app.inject({ method: 'GET', url: '/v1/me', headers: h.as('housing.fc1') })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/v1/me', headers: h.as('housing.fc2') })).statusCode).toBe(200);
    // Audited: each change, and the import with its hand-over.
    const trail = (await h.app.inject({ method: 'GET', url: '/v1/directory/audit?limit=5', headers: admin() })).json().items;
    expect(trail[0]).toMatchObject({ action: 'directory_imported', subjectKind: 'directory', actorId: 'admin', handedOver: { principalIds: ['housing.fc1'], signalled: out.handOver.signalled } });
    expect(trail.slice(1).map((e: { action: string; subjectId: string }) => `${e.action} ${e.subjectId}`)).toEqual([
      'principal_updated housing.fc1', 'principal_created ports.fc1', 'section_created ports.service', 'unit_created ports',
    ]);

    // The same file again changes nothing and tells nobody.
    const auditCount = (await count(directoryAudit));
    const again = await h.app.inject({ method: 'POST', url: '/v1/directory/import', headers: admin({ 'content-type': 'text/csv' }), payload: csv(rows) });
    expect(again.json()).toMatchObject({ units: { created: 0, updated: 0 }, principals: { created: 0, updated: 0, deactivated: [] }, handOver: null });
    expect((await count(directoryAudit))).toBe(auditCount + 1); // the import itself only
  });
});
