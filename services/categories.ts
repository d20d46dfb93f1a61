// The catalogue of service categories (派单目录): the codes an intake names, and the unit that takes
// such a case when the intake names none (派单). Administrators add and change categories one at a
// time or import the whole catalogue from CSV, as the directory; every change is on the directory's
// audit trail. A code left out of an import is deactivated, never deleted: cases name it.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { categories, units } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { parseCsv, CsvSyntaxError } from './csv.js';
import { audit } from './directory-admin.js';
import { first } from '../db/store.js';

export const CategoryCode = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-", at most 64');
const Name = z.string().trim().min(1).max(100);
const UnitId = z.string().min(1).max(64);

export const NewCategory = z.strictObject({
  code: CategoryCode,
  name: Name.describe('The name people read (Chinese), e.g. 不动产登记'),
  nameEn: Name.nullable().optional(),
  defaultUnitId: UnitId.describe('The unit that takes a case of this category when the intake names none (派单)'),
});
export const CategoryPatch = z
  .strictObject({ name: Name.optional(), nameEn: Name.nullable().optional(), defaultUnitId: UnitId.optional(), active: z.boolean().optional() })
  .refine((p) => Object.keys(p).length > 0, 'name at least one field');

export type Category = typeof categories.$inferSelect;
export interface CategoryRecord {
  code: string;
  name: string;
  nameEn: string | null;
  defaultUnitId: string;
  active: boolean;
}
const record = (c: Category): CategoryRecord => ({ code: c.code, name: c.name, nameEn: c.nameEn, defaultUnitId: c.defaultUnitId, active: c.active });

export async function listCategories(db: Db, filter: { active?: boolean } = {}): Promise<CategoryRecord[]> {
  const q = db.select().from(categories);
  return (await (filter.active === undefined ? q : q.where(eq(categories.active, filter.active))).orderBy(asc(categories.code))).map(record);
}

/** The category an intake names: an active code of the catalogue, or UNKNOWN_CATEGORY. */
export async function categoryForIntake(db: Db, code: string): Promise<CategoryRecord> {
  const c = (await first(db.select().from(categories).where(eq(categories.code, code))));
  if (!c || !c.active) throw new AppError('UNKNOWN_CATEGORY', `No active category ${code}: GET /v1/categories lists the catalogue (派单目录).`);
  return record(c);
}

/** The unit an active category sends its cases to (派单), or null. */
export async function defaultUnitOf(db: Db, code: string): Promise<string | null> {
  const c = (await first(db.select({ unitId: categories.defaultUnitId, active: categories.active }).from(categories).where(eq(categories.code, code))));
  return c?.active ? c.unitId : null;
}

const unitExists = async (db: Db, id: string) => !!(await first(db.select({ id: units.id }).from(units).where(eq(units.id, id))));

export async function createCategory(db: Db, actorId: string, input: z.output<typeof NewCategory>, now = new Date()): Promise<CategoryRecord> {
  return (await db.tx(async () => {
      if ((await first(db.select().from(categories).where(eq(categories.code, input.code))))) throw new AppError('CATEGORY_EXISTS', `Category ${input.code} exists.`);
      if (!(await unitExists(db, input.defaultUnitId))) throw new AppError('UNKNOWN_UNIT', `No unit ${input.defaultUnitId}.`);
      const at = now.toISOString();
      const row = (await first(db.insert(categories).values({ ...input, nameEn: input.nameEn ?? null, active: true, createdAt: at, updatedAt: at }).returning()))!;
      await audit(db, { actorId, action: 'category_created', kind: 'category', id: row.code, after: record(row), at });
      return record(row);
    }));
}

export async function updateCategory(db: Db, actorId: string, code: string, patch: z.output<typeof CategoryPatch>, now = new Date()): Promise<CategoryRecord> {
  return (await db.tx(async () => {
      const old = (await first(db.select().from(categories).where(eq(categories.code, code))));
      if (!old) throw new AppError('CATEGORY_NOT_FOUND', `No category ${code}.`);
      if (patch.defaultUnitId && !(await unitExists(db, patch.defaultUnitId))) throw new AppError('UNKNOWN_UNIT', `No unit ${patch.defaultUnitId}.`);
      const at = now.toISOString();
      const row = (await first(db.update(categories).set({ ...patch, updatedAt: at }).where(eq(categories.code, code)).returning()))!;
      await audit(db, { actorId, action: 'category_updated', kind: 'category', id: code, before: record(old), after: record(row), at });
      return record(row);
    }));
}

// ---- CSV import ----
export const CATEGORY_CSV_COLUMNS = ['code', 'name', 'name_en', 'default_unit_id'] as const;
const FIELD_COLUMN: Record<string, string> = { code: 'code', name: 'name', nameEn: 'name_en', defaultUnitId: 'default_unit_id' };

export interface CategoryImport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  /** Codes the file leaves out, deactivated (cases keep naming them). */
  deactivated: string[];
}

/**
 * The whole catalogue from CSV (`code,name,name_en,default_unit_id`): every row checked first, and any
 * error answers IMPORT_INVALID with every error as `rows.<line>.<column>`, changing nothing. Codes in
 * the file are created or updated and active; codes it leaves out are deactivated.
 */
export async function importCategories(db: Db, actorId: string, csv: string, dryRun: boolean, now = new Date()): Promise<CategoryImport> {
  const errors: { path: string; message: string }[] = [];
  const invalid = () => new AppError('IMPORT_INVALID', `The catalogue was not imported: ${errors.length} error(s); nothing changed.`, { errors });
  let records;
  try {
    records = parseCsv(csv);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    errors.push({ path: `rows.${err.line}`, message: err.message });
    throw invalid();
  }
  const [header, ...rows] = records;
  const cols = (header?.fields ?? []).map((f) => f.toLowerCase());
  for (const c of cols) if (!(CATEGORY_CSV_COLUMNS as readonly string[]).includes(c)) errors.push({ path: `rows.${header.line}.${c}`, message: `unknown column; the columns are ${CATEGORY_CSV_COLUMNS.join(', ')}` });
  for (const c of ['code', 'name', 'default_unit_id']) if (!cols.includes(c)) errors.push({ path: `rows.${header?.line ?? 1}`, message: `the column ${c} is missing` });
  if (!errors.length && !rows.length) errors.push({ path: 'rows', message: 'no rows: an import replaces the whole catalogue and cannot be empty' });
  if (errors.length) throw invalid();

  const seen = new Map<string, number>();
  const file: { line: number; c: z.output<typeof NewCategory> }[] = [];
  for (const r of rows) {
    if (r.fields.length !== cols.length) {
      errors.push({ path: `rows.${r.line}`, message: `${r.fields.length} fields where the header names ${cols.length}` });
      continue;
    }
    const v = Object.fromEntries(cols.map((c, i) => [c, r.fields[i] === '' ? undefined : r.fields[i]]));
    const parsed = NewCategory.safeParse({ code: v.code, name: v.name, nameEn: v.name_en ?? null, defaultUnitId: v.default_unit_id });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: `rows.${r.line}.${FIELD_COLUMN[String(issue.path[0])] ?? 'row'}`, message: issue.message });
      continue;
    }
    const c = parsed.data;
    if (seen.has(c.code)) errors.push({ path: `rows.${r.line}.code`, message: `${c.code} is already on line ${seen.get(c.code)}` });
    seen.set(c.code, r.line);
    if (!(await unitExists(db, c.defaultUnitId))) errors.push({ path: `rows.${r.line}.default_unit_id`, message: `no unit ${c.defaultUnitId}` });
    file.push({ line: r.line, c });
  }
  if (errors.length) throw invalid();

  const result: CategoryImport = { dryRun, created: 0, updated: 0, unchanged: 0, deactivated: [] };
  const run = async () => {
    const at = now.toISOString();
    const current = new Map((await listCategories(db)).map((c) => [c.code, c]));
    for (const { c } of file) {
      const old = current.get(c.code);
      const next: CategoryRecord = { code: c.code, name: c.name, nameEn: c.nameEn ?? null, defaultUnitId: c.defaultUnitId, active: true };
      if (old && JSON.stringify(old) === JSON.stringify(next)) {
        result.unchanged++;
        continue;
      }
      result[old ? 'updated' : 'created']++;
      if (dryRun) continue;
      if (old) await db.update(categories).set({ ...next, updatedAt: at }).where(eq(categories.code, c.code));
      else await db.insert(categories).values({ ...next, createdAt: at, updatedAt: at });
      await audit(db, { actorId, action: old ? 'category_updated' : 'category_created', kind: 'category', id: c.code, before: old ?? null, after: next, at });
    }
    for (const old of current.values()) {
      if (seen.has(old.code) || !old.active) continue;
      result.deactivated.push(old.code);
      if (dryRun) continue;
      await db.update(categories).set({ active: false, updatedAt: at }).where(eq(categories.code, old.code));
      await audit(db, { actorId, action: 'category_updated', kind: 'category', id: old.code, before: old, after: { ...old, active: false }, at });
    }
    if (!dryRun) await audit(db, { actorId, action: 'categories_imported', kind: 'category', id: 'import', after: result, at });
  };
  if (dryRun) await run();
  else await db.tx(async () => (await run()));
  return result;
}
