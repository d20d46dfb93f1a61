// Directory administration (名录管理): the rules a directory must keep, one check shared by the
// single-record endpoints and the CSV import, the audit trail of every change, and the hand-over of
// a deactivated officer's open work (缺位递补: the workflows holding it are told, and pass it to the
// officer's stand-in or the next tier up).
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, desc, eq, inArray, isNull, lt, lte, notInArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { caseParts, caseUnits, cases, deputySections, directoryAudit, principals, sections, tokens, units } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { CLOSED_STATUSES, OFFICER_ROLES, ROLES, type Role } from '../domain/tiers.js';
import { directoryChangedSignal, type JournalEntry } from '../workflows/definitions.js';
import { journal } from './journal.js';
import type { CaseView } from '../domain/case.js';
import { parseCsv, CsvSyntaxError } from './csv.js';
import { first, changed } from '../db/store.js';

// ---- shapes ----
export const DirectoryId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64');
export const UNIT_KINDS = ['department', 'district', 'town', 'utility', 'office'] as const;
const Name = z.string().trim().min(1).max(100);
const Phone = z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number, 11 digits');

export const NewUnit = z.strictObject({ id: DirectoryId, name: Name, nameEn: Name, kind: z.enum(UNIT_KINDS), cityLeaderId: DirectoryId.nullable().optional() });
export const UnitPatch = z
  .strictObject({ name: Name.optional(), nameEn: Name.optional(), kind: z.enum(UNIT_KINDS).optional(), cityLeaderId: DirectoryId.nullable().optional() })
  .refine((p) => Object.keys(p).length > 0, 'name at least one field');
export const NewSection = z.strictObject({ id: DirectoryId, name: Name });
export const NewPrincipal = z.strictObject({
  id: DirectoryId,
  name: Name,
  role: z.enum(ROLES),
  unitId: DirectoryId.nullable().optional(),
  sectionId: DirectoryId.nullable().optional(),
  phone: Phone.nullable().optional(),
  standInId: DirectoryId.nullable().optional().describe('Who takes this principal\'s work while the post is vacant (缺位递补); null: the next tier up'),
  deputySectionIds: z.array(DirectoryId).max(50).optional().describe('For a deputy head (分管负责人): the sections in their charge'),
});
export const PrincipalPatch = z
  .strictObject({
    name: Name.optional(),
    role: z.enum(ROLES).optional(),
    unitId: DirectoryId.nullable().optional(),
    sectionId: DirectoryId.nullable().optional(),
    phone: Phone.nullable().optional(),
    standInId: DirectoryId.nullable().optional(),
    deputySectionIds: z.array(DirectoryId).max(50).optional(),
    active: z.boolean().optional().describe('false: the principal can no longer sign in, and their open work is handed over'),
  })
  .refine((p) => Object.keys(p).length > 0, 'name at least one field');

export interface PrincipalState {
  id: string;
  name: string;
  role: Role;
  unitId: string | null;
  sectionId: string | null;
  phone: string | null;
  standInId: string | null;
  active: boolean;
  deputySectionIds: string[];
}
interface UnitState {
  id: string;
  name: string;
  nameEn: string;
  kind: string;
  cityLeaderId: string | null;
}
/** The directory as the rules see it: current, or as an import would leave it. */
export interface Directory {
  units: Map<string, UnitState>;
  sections: Map<string, { id: string; unitId: string; name: string }>;
  principals: Map<string, PrincipalState>;
}

export interface FieldError {
  path: string;
  message: string;
}

export async function loadDirectory(db: Db): Promise<Directory> {
  const deps = new Map<string, string[]>();
  for (const d of (await db.select().from(deputySections))) deps.set(d.deputyId, [...(deps.get(d.deputyId) ?? []), d.sectionId]);
  return {
    units: new Map((await db.select().from(units)).map((u) => [u.id, { id: u.id, name: u.name, nameEn: u.nameEn, kind: u.kind, cityLeaderId: u.cityLeaderId }])),
    sections: new Map((await db.select().from(sections)).map((s) => [s.id, s])),
    principals: new Map(
      (await db
        .select()
        .from(principals))
        .map((p) => [p.id, { id: p.id, name: p.name, role: p.role as Role, unitId: p.unitId, sectionId: p.sectionId, phone: p.phone, standInId: p.standInId, active: p.active, deputySectionIds: (deps.get(p.id) ?? []).sort() }]),
    ),
  };
}

const SECTION_ROLES: readonly Role[] = ['first_contact', 'section_chief'];
const UNITLESS_ROLES: readonly Role[] = ['city_leader', 'integrator', 'admin'];

/** Whether one principal fits the directory it is (or would be) part of. Paths are field names. */
export function checkPrincipal(dir: Directory, p: PrincipalState): FieldError[] {
  const errors: FieldError[] = [];
  const isOfficer = (OFFICER_ROLES as readonly Role[]).includes(p.role);
  if (isOfficer && !p.unitId) errors.push({ path: 'unitId', message: `a ${p.role} belongs to a unit` });
  if (UNITLESS_ROLES.includes(p.role) && p.unitId) errors.push({ path: 'unitId', message: `a ${p.role} belongs to no unit` });
  if (p.unitId && !dir.units.has(p.unitId)) errors.push({ path: 'unitId', message: `no unit ${p.unitId}` });
  if (SECTION_ROLES.includes(p.role) && !p.sectionId) errors.push({ path: 'sectionId', message: `a ${p.role} works in a section of the unit` });
  if (p.sectionId) {
    const s = dir.sections.get(p.sectionId);
    if (!s) errors.push({ path: 'sectionId', message: `no section ${p.sectionId}` });
    else if (s.unitId !== p.unitId) errors.push({ path: 'sectionId', message: `section ${p.sectionId} belongs to ${s.unitId}, not ${p.unitId ?? 'no unit'}` });
    if (!isOfficer) errors.push({ path: 'sectionId', message: `a ${p.role} has no section` });
  }
  if (p.deputySectionIds.length && p.role !== 'deputy_head') errors.push({ path: 'deputySectionIds', message: 'only a deputy head is in charge of sections' });
  for (const id of p.deputySectionIds) {
    const s = dir.sections.get(id);
    if (!s || s.unitId !== p.unitId) errors.push({ path: 'deputySectionIds', message: `${id} is no section of ${p.unitId ?? 'no unit'}` });
  }
  if (p.standInId) {
    const s = dir.principals.get(p.standInId);
    if (p.standInId === p.id) errors.push({ path: 'standInId', message: 'nobody stands in for themselves' });
    else if (!s || !s.active) errors.push({ path: 'standInId', message: `no active principal ${p.standInId}` });
    else if (p.unitId && s.unitId !== p.unitId) errors.push({ path: 'standInId', message: `a stand-in works in the same unit (${p.unitId})` });
    else if (!p.unitId && s.role !== p.role) errors.push({ path: 'standInId', message: `a ${p.role} is stood in for by another ${p.role}` });
  }
  return errors;
}

/** The rules on the directory as a whole: units' city leaders, and at least one active admin. */
export function checkWhole(dir: Directory): FieldError[] {
  const errors: FieldError[] = [];
  for (const u of dir.units.values()) {
    if (!u.cityLeaderId) continue;
    const l = dir.principals.get(u.cityLeaderId);
    if (!l || !l.active || l.role !== 'city_leader') errors.push({ path: `units.${u.id}.cityLeaderId`, message: `${u.cityLeaderId} is no active city leader` });
  }
  if (![...dir.principals.values()].some((p) => p.active && p.role === 'admin')) errors.push({ path: 'admin', message: 'the directory keeps at least one active admin' });
  return errors;
}

// ---- writing ----
/** Records which workflows were told to hand work over, on the audit row of the change that caused it. */
export async function recordHandOver(db: Db, auditId: number, h: HandOver) {
  await db.update(directoryAudit).set({ handedOver: h }).where(eq(directoryAudit.id, auditId));
}

export async function audit(
  db: Db,
  e: { actorId: string; action: string; kind: 'unit' | 'section' | 'principal' | 'directory' | 'category' | 'integrator'; id: string; before?: unknown; after?: unknown; handedOver?: unknown; at?: string },
) {
  return (await first(db
    .insert(directoryAudit)
    .values({ at: e.at ?? new Date().toISOString(), actorId: e.actorId, action: e.action, subjectKind: e.kind, subjectId: e.id, before: e.before ?? null, after: e.after ?? null, handedOver: e.handedOver ?? null })
    .returning({ id: directoryAudit.id })))!.id;
}

/** Writes one principal's state (insert or update), its deputy sections, and revokes its tokens if it became inactive. */
export async function writePrincipal(db: Db, p: PrincipalState, now: string) {
  const row = { id: p.id, name: p.name, role: p.role, unitId: p.unitId, sectionId: p.sectionId, phone: p.phone, standInId: p.standInId, active: p.active };
  await db.insert(principals).values(row).onConflictDoUpdate({ target: principals.id, set: row });
  await db.delete(deputySections).where(eq(deputySections.deputyId, p.id));
  for (const s of p.deputySectionIds) await db.insert(deputySections).values({ deputyId: p.id, sectionId: s });
  // A deactivated principal's tokens end with the post; reactivation needs a new token.
  if (!p.active) await db.update(tokens).set({ revokedAt: now }).where(and(eq(tokens.principalId, p.id), isNull(tokens.revokedAt)));
}

export function samePrincipal(a: PrincipalState, b: PrincipalState): boolean {
  return JSON.stringify({ ...a, deputySectionIds: [...a.deputySectionIds].sort() }) === JSON.stringify({ ...b, deputySectionIds: [...b.deputySectionIds].sort() });
}

// ---- hand-over of open work ----
/**
 * The running workflows that hold work of these principals, from the read models: cases they are
 * assigned, open unit parts they hold, cases at the city whose directive waits on a unit they head,
 * and consultations they chair. Workflow ids, each once.
 */
export async function openWorkOf(db: Db, principalIds: string[]): Promise<string[]> {
  if (!principalIds.length) return [];
  const ids = new Set<string>();
  const open = notInArray(cases.status, [...CLOSED_STATUSES]);
  for (const c of (await db.select({ w: cases.workflowId }).from(cases).where(and(inArray(cases.assigneeId, principalIds), open)))) ids.add(c.w);
  for (const p of (await db.select({ w: caseParts.workflowId }).from(caseParts).where(and(inArray(caseParts.assigneeId, principalIds), eq(caseParts.status, 'open'))))) ids.add(p.w);
  const people = (await db.select().from(principals).where(inArray(principals.id, principalIds)));
  const headed = people.filter((p) => p.role === 'principal_head' && p.unitId).map((p) => p.unitId!);
  const leaders = new Set(people.filter((p) => p.role === 'city_leader').map((p) => p.id));
  if (headed.length || leaders.size) {
    const atCity = (await db
      .select({ c: cases, unitId: caseUnits.unitId })
      .from(cases)
      .innerJoin(caseUnits, eq(caseUnits.caseId, cases.id))
      .where(eq(cases.status, 'at_city')));
    for (const { c, unitId } of atCity) {
      const view = c.view as CaseView | null;
      if (headed.includes(unitId) && view?.directives?.some((d) => d.unitId === unitId && !d.doneAt)) ids.add(c.workflowId);
      if (view?.consultation && leaders.has(view.consultation.cityLeaderId)) {
        ids.add(c.workflowId);
        ids.add(view.consultation.workflowId);
      }
    }
  }
  return [...ids].sort();
}

export interface HandOver {
  principalIds: string[];
  signalled: string[];
  /** Workflows that could not be told (Temporal unreachable): POST /v1/principals/{id}/hand-over sends again. */
  failed: string[];
}

/** Tells every workflow holding these principals' work that the directory changed (directoryChanged). */
export async function handOver(client: Client, db: Db, principalIds: string[], signalWaitMs = 5000): Promise<HandOver> {
  const out: HandOver = { principalIds, signalled: [], failed: [] };
  for (const workflowId of (await openWorkOf(db, principalIds))) {
    // Once Temporal failed to answer, the rest are not tried: the admin's request returns, and the
    // audit trail and the answer say which workflows are still to be told.
    if (out.failed.length) {
      out.failed.push(workflowId);
      continue;
    }
    try {
      await client.withDeadline(Date.now() + signalWaitMs, () => client.workflow.getHandle(workflowId).signal(directoryChangedSignal, { principalIds }));
      out.signalled.push(workflowId);
    } catch (err) {
      // A workflow that ended meanwhile holds nothing any more.
      if ((err as Error).name === 'WorkflowNotFoundError') continue;
      out.failed.push(workflowId);
    }
  }
  return out;
}

// ---- CSV import ----
export const CSV_COLUMNS = ['type', 'id', 'name', 'name_en', 'kind', 'unit_id', 'section_id', 'role', 'phone', 'stand_in_id', 'city_leader_id', 'deputy_section_ids'] as const;
type Column = (typeof CSV_COLUMNS)[number];
const FIELD_COLUMN: Record<string, Column> = {
  id: 'id', name: 'name', nameEn: 'name_en', kind: 'kind', unitId: 'unit_id', sectionId: 'section_id', role: 'role', phone: 'phone',
  standInId: 'stand_in_id', cityLeaderId: 'city_leader_id', deputySectionIds: 'deputy_section_ids',
};
const ROW_TYPES = ['unit', 'section', 'principal'] as const;
const ALLOWED: Record<(typeof ROW_TYPES)[number], Column[]> = {
  unit: ['type', 'id', 'name', 'name_en', 'kind', 'city_leader_id'],
  section: ['type', 'id', 'name', 'unit_id'],
  principal: ['type', 'id', 'name', 'role', 'unit_id', 'section_id', 'phone', 'stand_in_id', 'deputy_section_ids'],
};

export interface ImportPlan {
  units: UnitState[];
  sections: { id: string; unitId: string; name: string }[];
  principals: PrincipalState[];
  /** Principals absent from the file who will be deactivated (admins absent from it are kept). */
  deactivate: string[];
  target: Directory;
}

/** Reads and checks a whole directory in CSV; every error of every row, or the plan. Writes nothing. */
export async function planImport(db: Db, text: string): Promise<{ errors: FieldError[] } | { plan: ImportPlan }> {
  const errors: FieldError[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { errors: [{ path: `rows.${err.line}`, message: err.message }] };
    throw err;
  }
  if (!records.length) return { errors: [{ path: 'rows.1', message: `the file is empty; the first line names the columns: ${CSV_COLUMNS.join(',')}` }] };
  const [header, ...rows] = records;
  const cols = header.fields.map((f) => f.toLowerCase());
  for (const c of cols) if (!(CSV_COLUMNS as readonly string[]).includes(c)) errors.push({ path: `rows.${header.line}.${c}`, message: `unknown column; the columns are ${CSV_COLUMNS.join(', ')}` });
  for (const c of ['type', 'id', 'name']) if (!cols.includes(c)) errors.push({ path: `rows.${header.line}`, message: `the column ${c} is missing` });
  if (new Set(cols).size !== cols.length) errors.push({ path: `rows.${header.line}`, message: 'a column is named twice' });
  if (errors.length) return { errors };
  if (!rows.length) return { errors: [{ path: 'rows', message: 'no rows: an import replaces the whole directory and cannot be empty' }] };

  const current = (await loadDirectory(db));
  const fileUnits: { line: number; u: UnitState }[] = [];
  const fileSections: { line: number; s: { id: string; unitId: string; name: string } }[] = [];
  const filePrincipals: { line: number; p: PrincipalState }[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const at = (c: string) => `rows.${r.line}.${c}`;
    if (r.fields.length !== cols.length) {
      errors.push({ path: `rows.${r.line}`, message: `${r.fields.length} fields where the header names ${cols.length}` });
      continue;
    }
    const v: Partial<Record<Column, string>> = {};
    cols.forEach((c, i) => {
      if (r.fields[i] !== '') v[c as Column] = r.fields[i];
    });
    const type = v.type as (typeof ROW_TYPES)[number];
    if (!ROW_TYPES.includes(type)) {
      errors.push({ path: at('type'), message: `one of ${ROW_TYPES.join(', ')}` });
      continue;
    }
    for (const c of Object.keys(v) as Column[]) if (!ALLOWED[type].includes(c)) errors.push({ path: at(c), message: `a ${type} row leaves ${c} empty` });
    const key = `${type}:${v.id}`;
    if (v.id && seen.has(key)) errors.push({ path: at('id'), message: `${type} ${v.id} is already on line ${seen.get(key)}` });
    if (v.id) seen.set(key, r.line);
    const parsed =
      type === 'unit'
        ? NewUnit.safeParse({ id: v.id, name: v.name, nameEn: v.name_en, kind: v.kind, cityLeaderId: v.city_leader_id ?? null })
        : type === 'section'
          ? NewSection.extend({ unitId: DirectoryId }).safeParse({ id: v.id, name: v.name, unitId: v.unit_id })
          : NewPrincipal.safeParse({
              id: v.id, name: v.name, role: v.role, unitId: v.unit_id ?? null, sectionId: v.section_id ?? null, phone: v.phone ?? null, standInId: v.stand_in_id ?? null,
              deputySectionIds: v.deputy_section_ids ? v.deputy_section_ids.split(';').map((s) => s.trim()).filter(Boolean) : [],
            });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: at(FIELD_COLUMN[String(issue.path[0])] ?? String(issue.path[0] ?? 'row')), message: issue.message });
      continue;
    }
    const d = parsed.data as Record<string, unknown>;
    if (type === 'unit') fileUnits.push({ line: r.line, u: { id: v.id!, name: d.name as string, nameEn: d.nameEn as string, kind: d.kind as string, cityLeaderId: (d.cityLeaderId as string | null) ?? null } });
    else if (type === 'section') fileSections.push({ line: r.line, s: { id: v.id!, name: d.name as string, unitId: d.unitId as string } });
    else {
      const p = d as z.infer<typeof NewPrincipal>;
      filePrincipals.push({
        line: r.line,
        p: { id: p.id, name: p.name, role: p.role, unitId: p.unitId ?? null, sectionId: p.sectionId ?? null, phone: p.phone ?? null, standInId: p.standInId ?? null, active: true, deputySectionIds: [...(p.deputySectionIds ?? [])].sort() },
      });
    }
  }
  if (errors.length) return { errors };

  // The directory as it would stand: units and sections are added or renamed, never removed (cases
  // name them); principals are the file's, plus admins the file does not mention.
  const target: Directory = { units: new Map(current.units), sections: new Map(current.sections), principals: new Map() };
  for (const { u } of fileUnits) target.units.set(u.id, u);
  for (const { line, s } of fileSections) {
    const old = current.sections.get(s.id);
    if (old && old.unitId !== s.unitId) errors.push({ path: `rows.${line}.unit_id`, message: `section ${s.id} belongs to ${old.unitId}; sections do not move between units` });
    else if (!target.units.has(s.unitId)) errors.push({ path: `rows.${line}.unit_id`, message: `no unit ${s.unitId}` });
    else target.sections.set(s.id, s);
  }
  const inFile = new Set(filePrincipals.map(({ p }) => p.id));
  const deactivate: string[] = [];
  for (const p of current.principals.values()) {
    if (inFile.has(p.id)) continue;
    if (p.role === 'admin') target.principals.set(p.id, p);
    else {
      target.principals.set(p.id, { ...p, active: false });
      if (p.active) deactivate.push(p.id);
    }
  }
  for (const { p } of filePrincipals) target.principals.set(p.id, p);
  for (const { line, p } of filePrincipals) {
    for (const e of checkPrincipal(target, p)) errors.push({ path: `rows.${line}.${FIELD_COLUMN[e.path] ?? e.path}`, message: e.message });
  }
  const unitLine = new Map(fileUnits.map(({ line, u }) => [u.id, line]));
  for (const e of checkWhole(target)) {
    const m = /^units\.(.+)\.cityLeaderId$/.exec(e.path);
    errors.push({ path: m && unitLine.has(m[1]) ? `rows.${unitLine.get(m[1])}.city_leader_id` : e.path, message: e.message });
  }
  if (errors.length) return { errors };
  return { plan: { units: fileUnits.map((x) => x.u), sections: fileSections.map((x) => x.s), principals: filePrincipals.map((x) => x.p), deactivate: deactivate.sort(), target } };
}

export interface ImportSummary {
  units: { created: number; updated: number };
  sections: { created: number; updated: number };
  principals: { created: number; updated: number; deactivated: string[]; unchanged: number };
  /** Active principals whose work goes to others: deactivated, or moved to another unit or role. */
  handOver: string[];
}

/** Applies a checked plan in one transaction, auditing each change. */
export async function applyImport(db: Db, plan: ImportPlan, actorId: string, opts: { dryRun?: boolean } = {}): Promise<ImportSummary & { auditId: number | null }> {
  let auditId: number | null = null;
  const now = new Date().toISOString();
  const summary: ImportSummary = { units: { created: 0, updated: 0 }, sections: { created: 0, updated: 0 }, principals: { created: 0, updated: 0, deactivated: plan.deactivate, unchanged: 0 }, handOver: [...plan.deactivate] };
  const run = async () => {
    const current = (await loadDirectory(db));
    for (const u of plan.units) {
      const old = current.units.get(u.id);
      if (old && JSON.stringify(old) === JSON.stringify(u)) continue;
      summary.units[old ? 'updated' : 'created']++;
      if (opts.dryRun) continue;
      await db.insert(units).values(u).onConflictDoUpdate({ target: units.id, set: u });
      await audit(db, { actorId, action: old ? 'unit_updated' : 'unit_created', kind: 'unit', id: u.id, before: old ?? null, after: u, at: now });
    }
    for (const s of plan.sections) {
      const old = current.sections.get(s.id);
      if (old && old.name === s.name) continue;
      summary.sections[old ? 'updated' : 'created']++;
      if (opts.dryRun) continue;
      await db.insert(sections).values(s).onConflictDoUpdate({ target: sections.id, set: { name: s.name } });
      await audit(db, { actorId, action: old ? 'section_updated' : 'section_created', kind: 'section', id: s.id, before: old ?? null, after: s, at: now });
    }
    // Everyone in the file first (so stand-ins exist), then those the file leaves out.
    for (const p of plan.principals) {
      const old = current.principals.get(p.id);
      if (old && samePrincipal(old, p)) {
        summary.principals.unchanged++;
        continue;
      }
      summary.principals[old ? 'updated' : 'created']++;
      if (old?.active && (old.unitId !== p.unitId || old.role !== p.role)) summary.handOver.push(p.id);
      if (opts.dryRun) continue;
      await writePrincipal(db, p, now);
      await audit(db, { actorId, action: old ? 'principal_updated' : 'principal_created', kind: 'principal', id: p.id, before: old ?? null, after: p, at: now });
    }
    for (const id of plan.deactivate) {
      if (opts.dryRun) continue;
      const old = current.principals.get(id)!;
      await writePrincipal(db, { ...old, active: false }, now);
      await audit(db, { actorId, action: 'principal_updated', kind: 'principal', id, before: old, after: { ...old, active: false }, at: now });
    }
    if (!opts.dryRun) auditId = (await audit(db, { actorId, action: 'directory_imported', kind: 'directory', id: 'import', after: summary, at: now }));
  };
  if (opts.dryRun) await run();
  else await db.tx(async () => (await run()));
  return { ...summary, auditId };
}

// ---- the administrators' changes, one transaction each ----

export interface DirectoryDeps {
  db: Db;
  client: Client;
  /** Where the directory's journal runs (services/journal.ts). */
  taskQueue: string;
}

const ruleError = (errs: FieldError[]) => new AppError('DIRECTORY_RULE', 'The change would break a rule of the directory.', { errors: errs });

type UnitInput = z.output<typeof NewUnit>;
type UnitRecord = { id: string; name: string; nameEn: string; kind: string; cityLeaderId: string | null };

export async function createUnit(db: Db, actorId: string, input: UnitInput): Promise<UnitRecord> {
  const u = { ...input, cityLeaderId: input.cityLeaderId ?? null };
  return (await db.tx(async () => {
    if ((await first(db.select().from(units).where(eq(units.id, u.id))))) throw new AppError('UNIT_EXISTS', `Unit ${u.id} exists.`);
    const dir = (await loadDirectory(db));
    dir.units.set(u.id, u);
    const errs = checkWhole(dir).map((e) => (e.path === `units.${u.id}.cityLeaderId` ? { ...e, path: 'body.cityLeaderId' } : e));
    if (errs.length) throw ruleError(errs);
    await db.insert(units).values(u);
    await audit(db, { actorId, action: 'unit_created', kind: 'unit', id: u.id, after: u });
    return u;
  }));
}

export async function updateUnit(db: Db, actorId: string, id: string, patch: z.output<typeof UnitPatch>): Promise<UnitRecord> {
  return (await db.tx(async () => {
    const dir = (await loadDirectory(db));
    const old = dir.units.get(id);
    if (!old) throw new AppError('UNIT_NOT_FOUND', `No unit ${id}.`);
    const next = { ...old, ...patch, cityLeaderId: patch.cityLeaderId === undefined ? old.cityLeaderId : patch.cityLeaderId };
    dir.units.set(next.id, next);
    const errs = checkWhole(dir).map((e) => (e.path === `units.${next.id}.cityLeaderId` ? { ...e, path: 'body.cityLeaderId' } : e));
    if (errs.length) throw ruleError(errs);
    if (JSON.stringify(old) !== JSON.stringify(next)) {
      await db.update(units).set(next).where(eq(units.id, next.id));
      await audit(db, { actorId, action: 'unit_updated', kind: 'unit', id: next.id, before: old, after: next });
    }
    return next;
  }));
}

export async function createSection(db: Db, actorId: string, unitId: string, input: z.output<typeof NewSection>) {
  const s = { ...input, unitId };
  await db.tx(async () => {
    if (!(await first(db.select().from(units).where(eq(units.id, s.unitId))))) throw new AppError('UNIT_NOT_FOUND', `No unit ${s.unitId}.`);
    if ((await first(db.select().from(sections).where(eq(sections.id, s.id))))) throw new AppError('SECTION_EXISTS', `Section ${s.id} exists.`);
    await db.insert(sections).values(s);
    await audit(db, { actorId, action: 'section_created', kind: 'section', id: s.id, after: s });
  });
  return s;
}

export async function listPrincipals(db: Db, filter: { unitId?: string; role?: Role; active?: boolean }): Promise<PrincipalState[]> {
  const { unitId, role, active } = filter;
  return [...(await loadDirectory(db)).principals.values()]
    .filter((p) => (!unitId || p.unitId === unitId) && (!role || p.role === role) && (active === undefined || p.active === active))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export async function createPrincipal(db: Db, actorId: string, b: z.output<typeof NewPrincipal>): Promise<PrincipalState> {
  const p: PrincipalState = {
    id: b.id, name: b.name, role: b.role, unitId: b.unitId ?? null, sectionId: b.sectionId ?? null, phone: b.phone ?? null,
    standInId: b.standInId ?? null, active: true, deputySectionIds: [...new Set(b.deputySectionIds ?? [])].sort(),
  };
  await db.tx(async () => {
    const dir = (await loadDirectory(db));
    if (dir.principals.has(p.id)) throw new AppError('PRINCIPAL_EXISTS', `Principal ${p.id} exists.`);
    dir.principals.set(p.id, p);
    const errs = checkPrincipal(dir, p).map((e) => ({ ...e, path: `body.${e.path}` }));
    if (errs.length) throw ruleError(errs);
    await writePrincipal(db, p, new Date().toISOString());
    await audit(db, { actorId, action: 'principal_created', kind: 'principal', id: p.id, after: p });
  });
  return p;
}

/**
 * Changes a principal; leaving the post (deactivated, or moved to another unit or role) hands the
 * work held there over to others, after the change is committed.
 */
export async function updatePrincipal({ db, client, taskQueue }: DirectoryDeps, actorId: string, id: string, b: z.output<typeof PrincipalPatch>): Promise<{ principal: PrincipalState; handOver: HandOver | null }> {
  const { auditId, leaving } = (await db.tx(async () => {
    const dir = (await loadDirectory(db));
    const old = dir.principals.get(id);
    if (!old) throw new AppError('PRINCIPAL_NOT_FOUND', `No principal ${id}.`);
    const next: PrincipalState = { ...old };
    for (const k of ['name', 'role', 'unitId', 'sectionId', 'phone', 'standInId', 'active'] as const) if (b[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = b[k];
    if (b.deputySectionIds) next.deputySectionIds = [...new Set(b.deputySectionIds)].sort();
    // A unit-less role leaves the unit's section and deputy charge behind with it.
    if (b.unitId === null || (b.unitId !== undefined && b.unitId !== old.unitId && b.sectionId === undefined)) next.sectionId = b.sectionId ?? null;
    if (next.role !== 'deputy_head' && !b.deputySectionIds) next.deputySectionIds = [];
    dir.principals.set(next.id, next);
    const errs = [...checkPrincipal(dir, next).map((e) => ({ ...e, path: `body.${e.path}` })), ...checkWhole(dir)];
    if (errs.length) throw ruleError(errs);
    if (samePrincipal(old, next)) return { auditId: null, leaving: false };
    await writePrincipal(db, next, new Date().toISOString());
    const auditId = (await audit(db, { actorId, action: 'principal_updated', kind: 'principal', id: next.id, before: old, after: next }));
    // Leaving the post, or the unit or role it was held in: the work held there goes to others.
    return { auditId, leaving: old.active && (!next.active || next.unitId !== old.unitId || next.role !== old.role) };
  }));
  let h: HandOver | null = null;
  if (leaving && auditId !== null) {
    h = await handOver(client, db, [id]);
    await recordHandOver(db, auditId, h);
  }
  await journalDeactivated({ db, client, taskQueue }, [id]);
  return { principal: (await loadDirectory(db)).principals.get(id)!, handOver: h };
}

/** Principals now inactive among these, told to the directory's journal (a restored store deactivates them again). */
async function journalDeactivated({ db, client, taskQueue }: DirectoryDeps, ids: string[]): Promise<void> {
  const inactive = ids.length ? (await db.select({ id: principals.id }).from(principals).where(and(inArray(principals.id, ids), eq(principals.active, false)))) : [];
  const at = new Date().toISOString();
  await journal(client, taskQueue, inactive.map((p) => ({ kind: 'principal_deactivated' as const, principalId: p.id, at })));
}

/** Sends the hand-over of an inactive principal's open work again (after Temporal was unreachable). */
export async function resendHandOver({ db, client }: DirectoryDeps, actorId: string, id: string): Promise<HandOver> {
  const p = (await first(db.select().from(principals).where(eq(principals.id, id))));
  if (!p) throw new AppError('PRINCIPAL_NOT_FOUND', `No principal ${id}.`);
  if (p.active) throw new AppError('PRINCIPAL_ACTIVE', `${p.id} is active: their work is theirs.`);
  const h = await handOver(client, db, [p.id]);
  await audit(db, { actorId, action: 'hand_over_sent', kind: 'principal', id: p.id, handedOver: h });
  return h;
}

/**
 * How many principals an import may deactivate without a dry run first: more than `share` of the
 * active principals (admins aside), and more than `floor`. A short or wrong file would otherwise
 * deactivate everyone it leaves out, and hand all their work over, in one request.
 */
export interface ImportGuard {
  /** DIRECTORY_IMPORT_DEACTIVATE_SHARE, default 0.1. */
  share: number;
  /** DIRECTORY_IMPORT_DEACTIVATE_FLOOR, default 5: below it a small directory is edited freely. */
  floor: number;
}

export function importGuardFromEnv(env: NodeJS.ProcessEnv = process.env): ImportGuard {
  const share = Number(env.DIRECTORY_IMPORT_DEACTIVATE_SHARE);
  const floor = Number(env.DIRECTORY_IMPORT_DEACTIVATE_FLOOR);
  return { share: Number.isFinite(share) && share >= 0 && share <= 1 ? share : 0.1, floor: Number.isInteger(floor) && floor >= 0 ? floor : 5 };
}

/** What a dry run hands back for the real import: bound to the file and to whom it deactivates (a directory that changed since gives another). */
function confirmationOf(csv: string, plan: ImportPlan): string {
  return createHash('sha256').update(`directory-import\n${csv}\n${plan.deactivate.join(',')}`).digest('hex').slice(0, 32);
}

/**
 * The whole directory from CSV: every row checked first, all or nothing (IMPORT_INVALID lists every
 * error). One that deactivates more than the guard allows runs only with the `confirm` its dry run
 * answered (IMPORT_NEEDS_DRY_RUN otherwise).
 */
export async function importDirectory({ db, client, taskQueue }: DirectoryDeps, actorId: string, csv: string, dryRun: boolean, confirm?: string, guard: ImportGuard = importGuardFromEnv()) {
  const planned = (await planImport(db, csv));
  if ('errors' in planned) throw new AppError('IMPORT_INVALID', `The directory was not imported: ${planned.errors.length} error(s); nothing changed.`, { errors: planned.errors });
  const active = [...(await loadDirectory(db)).principals.values()].filter((p) => p.active && p.role !== 'admin').length;
  const threshold = Math.max(guard.floor, Math.ceil(guard.share * active));
  const needsConfirmation = planned.plan.deactivate.length > threshold;
  const confirmation = confirmationOf(csv, planned.plan);
  if (!dryRun && needsConfirmation && confirm !== confirmation) {
    throw new AppError(
      'IMPORT_NEEDS_DRY_RUN',
      `This file would deactivate ${planned.plan.deactivate.length} of ${active} active principals (more than ${threshold}); nothing changed. Run it with ?dryRun=true, check whom it deactivates, then send it again with ?confirm= and the confirmation the dry run answered.`,
      { deactivate: planned.plan.deactivate.length, threshold, ...(confirm ? { confirmStale: true } : {}) },
    );
  }
  const { auditId, handOver: leaving, ...summary } = (await applyImport(db, planned.plan, actorId, { dryRun }));
  let h: HandOver | null = null;
  if (!dryRun && leaving.length) {
    h = await handOver(client, db, leaving.sort());
    if (auditId !== null) await recordHandOver(db, auditId, h);
    await journalDeactivated({ db, client, taskQueue }, leaving);
  }
  return { dryRun, ...summary, handOver: h, needsConfirmation, threshold, confirmation: dryRun ? confirmation : null };
}

/** Every change to the directory, newest first, a page before the id `before`. */
export async function auditTrail(db: Db, q: { subjectId?: string; before?: number; limit: number }) {
  const where: SQL[] = [];
  if (q.subjectId) where.push(eq(directoryAudit.subjectId, q.subjectId));
  if (q.before) where.push(lt(directoryAudit.id, q.before));
  return (await db.select().from(directoryAudit).where(and(...where)).orderBy(desc(directoryAudit.id)).limit(q.limit));
}

/**
 * What the directory's journal in Temporal says was revoked or deactivated, made true in the store again
 * (after a restore from a backup older than those changes). A token is revoked as of when it was; a
 * principal deactivated then is inactive again, with every token issued before that. Returns the rows
 * changed.
 */
export async function applyDirectoryJournal(db: Db, entries: JournalEntry[]): Promise<{ tokens: number; principals: number }> {
  let tokenRows = 0;
  let principalRows = 0;
  await db.tx(async () => {
    for (const e of entries) {
      if (e.kind === 'token_revoked') {
        tokenRows += changed(await db.update(tokens).set({ revokedAt: e.at }).where(and(eq(tokens.hash, e.tokenHash), isNull(tokens.revokedAt))));
      } else {
        principalRows += changed(await db.update(principals).set({ active: false }).where(and(eq(principals.id, e.principalId), eq(principals.active, true))));
        tokenRows += changed(await db.update(tokens).set({ revokedAt: e.at }).where(and(eq(tokens.principalId, e.principalId), isNull(tokens.revokedAt), lte(tokens.createdAt, e.at))));
      }
    }
  });
  return { tokens: tokenRows, principals: principalRows };
}
