// The catalogue of service categories (派单目录): read by everyone with a token, managed by
// administrators one by one or by CSV import (checked whole, all or nothing), and what intake accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { sampleIntake } from './support/cases.js';
import { cases, directoryAudit } from '../db/schema.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(async () => {
  await h?.close();
});

const list = async (who = 'int-12345', query = '') =>
  (await h.app.inject({ method: 'GET', url: `/v1/categories${query}`, headers: h.as(who) })).json().items as { code: string; defaultUnitId: string; active: boolean; name: string }[];
const csv = (who: string, body: string, query = '') => h.app.inject({ method: 'POST', url: `/v1/categories/import${query}`, headers: h.as(who, { 'content-type': 'text/csv' }), payload: body });

describe('the catalogue', () => {
  it('is read by integrators and officers, each code with the unit that takes it', async () => {
    const items = await list();
    expect(items.find((c) => c.code === 'fire_safety')).toMatchObject({ name: '建设工程消防', defaultUnitId: 'housing', active: true });
    expect((await list('housing.fc1')).length).toBe(items.length);
    expect((await h.app.inject({ method: 'GET', url: '/v1/categories' })).json().code).toBe('UNAUTHENTICATED');
  });

  it('is changed by administrators only, with the contract\'s codes', async () => {
    const add = (who: string, body: Record<string, unknown>) => h.app.inject({ method: 'POST', url: '/v1/categories', headers: h.as(who), payload: body });
    expect((await add('int-12345', { code: 'tax', name: '税务', defaultUnitId: 'finance' })).json().code).toBe('FORBIDDEN_ROLE');
    const made = await add('admin', { code: 'tax', name: '税务', nameEn: 'Tax', defaultUnitId: 'finance' });
    expect(made.statusCode, made.body).toBe(201);
    expect((await add('admin', { code: 'tax', name: '税务', defaultUnitId: 'finance' })).json()).toMatchObject({ status: 409, code: 'CATEGORY_EXISTS' });
    expect((await add('admin', { code: 'tax2', name: '税务', defaultUnitId: 'atlantis' })).json()).toMatchObject({ status: 422, code: 'UNKNOWN_UNIT' });
    expect((await add('admin', { code: 'Bad Code', name: '税务', defaultUnitId: 'finance' })).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const moved = await h.app.inject({ method: 'PATCH', url: '/v1/categories/tax', headers: h.as('admin'), payload: { defaultUnitId: 'market' } });
    expect(moved.json()).toMatchObject({ code: 'tax', defaultUnitId: 'market' });
    expect((await h.app.inject({ method: 'PATCH', url: '/v1/categories/nope', headers: h.as('admin'), payload: { name: 'x' } })).json()).toMatchObject({ status: 404, code: 'CATEGORY_NOT_FOUND' });
    const trail = (await h.db.select().from(directoryAudit).where(eq(directoryAudit.subjectId, 'tax')).orderBy(asc(directoryAudit.id)));
    expect(trail.map((a) => a.action)).toEqual(['category_created', 'category_updated']);
  });

  it('is imported from CSV: every error of every row first, a dry run, codes left out deactivated', async () => {
    const before = await list('admin');
    const bad = await csv('admin', 'code,name,name_en,default_unit_id\nproperty,不动产登记,,planning\nBAD CODE,x,,planning\nland,,,agriculture\nutilities,水电气报装,,atlantis\nproperty,重复,,planning\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('IMPORT_INVALID');
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['rows.3.code', 'rows.4.name', 'rows.5.default_unit_id', 'rows.6.code']);
    expect(await list('admin')).toEqual(before);
    expect((await csv('admin', 'code,name,colour\n')).json().errors[0].path).toBe('rows.1.colour');
    expect((await h.app.inject({ method: 'POST', url: '/v1/categories/import', headers: h.as('admin'), payload: { code: 'x' } })).json().code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const file = 'code,name,name_en,default_unit_id\nproperty,不动产登记,Property registration,planning\nfire_safety,建设工程消防,Fire safety of buildings,housing\nutilities,"水电气报装（含燃气）",Utility connections,gas\n';
    const dry = await csv('admin', file, '?dryRun=true');
    expect(dry.json()).toMatchObject({ dryRun: true, created: 0, updated: 1, unchanged: 2 });
    const left = before.filter((c) => c.active && !['property', 'fire_safety', 'utilities'].includes(c.code)).map((c) => c.code).sort();
    expect([...dry.json().deactivated].sort()).toEqual(left);
    expect(await list('admin')).toEqual(before);
    const done = await csv('admin', file);
    expect(done.json()).toMatchObject({ dryRun: false, updated: 1 });
    const after = await list('admin', '?active=true');
    expect(after.map((c) => c.code).sort()).toEqual(['fire_safety', 'property', 'utilities']);
    expect(after.find((c) => c.code === 'utilities')!.name).toBe('水电气报装（含燃气）');
    expect((await h.db.select().from(directoryAudit).where(eq(directoryAudit.action, 'categories_imported')))).toHaveLength(1);
  });

  it('is what intake accepts: an unknown or inactive code is refused and writes nothing', async () => {
    const open = (body: Record<string, unknown>, who = 'housing.fc1') => h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as(who), payload: sampleIntake(body) });
    const unknown = await open({ category: 'no-such-thing', title: '未知类别的受理' });
    expect(unknown.json()).toMatchObject({ status: 422, code: 'UNKNOWN_CATEGORY' });
    // land was left out of the import above: deactivated.
    const inactive = await open({ category: 'land', title: '已停用类别的受理' }, 'int-12345');
    expect(inactive.json()).toMatchObject({ status: 422, code: 'UNKNOWN_CATEGORY' });
    expect((await h.db.select().from(cases).where(eq(cases.title, '未知类别的受理')))).toEqual([]);
    // An integrator that names neither a unit nor a category: nobody to send it to.
    const nowhere = await open({ category: undefined }, 'int-12345');
    expect(nowhere.json()).toMatchObject({ status: 422, code: 'FIRST_CONTACT_REQUIRED' });
  });
});
