// The case library (案例汇编): precedents promoted from resolved cases or recorded from elsewhere,
// rules formed from them, search in Chinese and similar precedents (db/library.ts holds the search
// queries, domain/library.ts the text rules), and who finds what. Read city-wide: what is taken from a
// case goes masked.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseUnits, cases, libraryRules, precedentCitations, precedentUnits, precedents, rulePrecedents, ruleCases, units } from '../db/schema.js';
import { citeCounts, kindOfCase, searchLibrary, similarPrecedents, type LibrarySearch } from '../db/library.js';
import { DOC_TYPES, PRECEDENT_KIND_LABELS, type DocType, type PrecedentKind, type SourceKind } from '../domain/library.js';
import { maskPersonal } from '../domain/privacy.js';
import { AppError } from '../domain/errors.js';
import { OFFICER_ROLES, type Role } from '../domain/tiers.js';
import type { CaseView } from '../domain/case.js';
import { newId } from './ids.js';
import type { Principal } from './tokens.js';
import { listsCase, type Reader } from './cases.js';
import { first } from '../db/store.js';

type CaseRow = typeof cases.$inferSelect;

/** A precedent to record: a resolved case of this city, or a practice from elsewhere. */
export interface PrecedentInput {
  source: { kind: 'local_case'; caseId: string } | { kind: 'elsewhere'; place: string; documentedIn: string };
  title?: string;
  category?: string;
  kind?: PrecedentKind;
  problem?: string;
  solution?: string;
  unitIds?: string[];
  ruleId?: string;
}

/** A rule formed for a whole class of cases (形成制度). */
export interface RuleInput {
  title: string;
  content: string;
  issuingUnitId?: string;
  issuedOn: string;
  documentNo?: string;
  category?: string;
  caseIds?: string[];
  precedentIds?: string[];
}

/** Resolved cases carry requesters' words: government staff see them, an integrator platform does not. */
const typesFor = (p: Principal, wanted: readonly DocType[]) => (p.role === 'integrator' ? wanted.filter((t) => t !== 'case') : wanted);

/**
 * Whose resolved cases a reader finds: an officer those of their own unit, as lead or as a unit that
 * took part (the same rule as reading the case itself); city leaders, the efficiency office and
 * admins every unit's. Anyone else (no unit) none. Precedents and rules stay open to all readers:
 * they are the curated, published part of the library.
 */
const caseScopeFor = (p: Principal): readonly string[] | undefined =>
  ['city_leader', 'supervisor', 'admin'].includes(p.role) ? undefined : p.unitId && (OFFICER_ROLES as readonly Role[]).includes(p.role) ? [p.unitId] : [];

/** Precedents, resolved cases and rules, each kind to whom it may be shown. */
export async function searchFor(db: Db, reader: Principal, scope: 'all' | 'precedents' | 'cases' | 'rules', q: Omit<LibrarySearch, 'types' | 'caseUnitScope'>) {
  const wanted: readonly DocType[] = scope === 'all' ? DOC_TYPES : [({ precedents: 'precedent', cases: 'case', rules: 'rule' } as const)[scope]];
  return (await searchLibrary(db, { ...q, types: typesFor(reader, wanted), caseUnitScope: caseScopeFor(reader) }));
}

/** Precedents only (browse, search, most cited). */
export async function searchPrecedents(db: Db, q: Omit<LibrarySearch, 'types'>) {
  return (await searchLibrary(db, { ...q, types: ['precedent'] }));
}

/** Rules only. */
export async function searchRules(db: Db, q: Omit<LibrarySearch, 'types'>) {
  return (await searchLibrary(db, { ...q, types: ['rule'] }));
}

/** Precedents similar to a request (the intake form) or to a case (its own precedent left out). */
export async function similarTo(db: Db, what: Parameters<typeof similarPrecedents>[1], limit: number) {
  return (await similarPrecedents(db, what, limit));
}

/** Precedents similar to a case the caller may see (its row, read through the case's visibility rule). */
export async function similarToCase(db: Db, row: CaseRow, limit: number) {
  return (await similarPrecedents(db, { title: row.title, description: row.description, category: row.category, excludeCaseId: row.id }, limit));
}

function newLibraryId(prefix: 'P' | 'R', now: Date): string {
  return newId(prefix, now, 5);
}

/** The ids among `ids` that name no precedent (checked before a decision or a rule cites them). */
export async function unknownPrecedents(db: Db, ids: readonly string[] | undefined | null): Promise<string[]> {
  const wanted = [...new Set(ids ?? [])];
  if (!wanted.length) return [];
  const known = new Set((await db.select({ id: precedents.id }).from(precedents).where(inArray(precedents.id, wanted))).map((p) => p.id));
  return wanted.filter((id) => !known.has(id));
}

/** The citations of one precedent, newest first, with the citing case's title. */
async function citationsOf(db: Db, precedentId: string, limit = 50) {
  return (await db
    .select({
      caseId: precedentCitations.caseId,
      caseTitle: cases.title,
      requesterKind: cases.requesterKind,
      requesterName: cases.requesterName,
      seq: precedentCitations.seq,
      action: precedentCitations.action,
      at: precedentCitations.at,
    })
    .from(precedentCitations)
    .leftJoin(cases, eq(cases.id, precedentCitations.caseId))
    .where(eq(precedentCitations.precedentId, precedentId))
    .orderBy(desc(precedentCitations.at), asc(precedentCitations.caseId))
    .limit(limit))
    // A precedent is read city-wide: the citing cases' titles go with personal data masked.
    .map(({ requesterKind, requesterName, caseTitle, ...c }) => ({ ...c, caseTitle: caseTitle === null ? null : maskPersonal(caseTitle, requesterKind === 'person' ? requesterName : null) }));
}

export async function precedentDetail(db: Db, publicUrl: string, id: string, reader: Reader) {
  const p = (await first(db.select().from(precedents).where(eq(precedents.id, id))));
  if (!p) throw new AppError('PRECEDENT_NOT_FOUND', `No precedent ${id}.`);
  const us = (await db
    .select({ id: units.id, name: units.name })
    .from(precedentUnits)
    .innerJoin(units, eq(units.id, precedentUnits.unitId))
    .where(eq(precedentUnits.precedentId, id))
    .orderBy(asc(units.id)));
  const rules = (await db
    .select({ id: libraryRules.id, title: libraryRules.title, issuedOn: libraryRules.issuedOn, issuingUnitId: libraryRules.issuingUnitId })
    .from(rulePrecedents)
    .innerJoin(libraryRules, eq(libraryRules.id, rulePrecedents.ruleId))
    .where(eq(rulePrecedents.precedentId, id))
    .orderBy(asc(libraryRules.issuedOn)));
  const builtOnIds = p.sourceCaseId
    ? [...new Set((await db.select({ id: precedentCitations.precedentId }).from(precedentCitations).where(eq(precedentCitations.caseId, p.sourceCaseId))).map((r) => r.id))]
    : [];
  const builtOn = builtOnIds.length
    ? (await db.select({ id: precedents.id, title: precedents.title, sourceKind: precedents.sourceKind, place: precedents.place }).from(precedents).where(inArray(precedents.id, builtOnIds)))
    : [];
  const sourceRow = p.sourceCaseId
    ? (await first(db.select({ title: cases.title, requesterKind: cases.requesterKind, requesterName: cases.requesterName }).from(cases).where(eq(cases.id, p.sourceCaseId))))
    : undefined;
  // Read city-wide: the source case's title goes with personal data masked.
  const sourceCase = sourceRow ? { title: maskPersonal(sourceRow.title, sourceRow.requesterKind === 'person' ? sourceRow.requesterName : null) } : undefined;
  const count = (await citeCounts(db, [id])).get(id);
  return {
    id: p.id,
    title: p.title,
    category: p.category,
    kind: p.kind as PrecedentKind,
    kindLabel: PRECEDENT_KIND_LABELS[p.kind as PrecedentKind]?.label ?? p.kind,
    problem: p.problem,
    solution: p.solution,
    source:
      p.sourceKind === 'local_case'
        ? { kind: 'local_case' as const, caseId: p.sourceCaseId ?? undefined, caseTitle: sourceCase?.title }
        : { kind: 'elsewhere' as const, place: p.place ?? undefined, documentedIn: p.documentedIn ?? undefined },
    units: us,
    rules,
    builtOn: builtOn.map((b) => ({ ...b, sourceKind: b.sourceKind as SourceKind })),
    citeCount: count?.citations ?? 0,
    citedByCases: count?.cases ?? 0,
    // Which cases cited it is scoped as the case list is: the counts above are city-wide, the cases not.
    citations: await citationsReaderSees(db, reader, await citationsOf(db, id)),
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    links: { page: `${publicUrl}/library#precedent=${encodeURIComponent(p.id)}` },
  };
}

export async function ruleDetail(db: Db, id: string) {
  const r = (await first(db.select().from(libraryRules).where(eq(libraryRules.id, id))));
  if (!r) throw new AppError('RULE_NOT_FOUND', `No rule ${id}.`);
  const unit = (await first(db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, r.issuingUnitId))))!;
  return {
    id: r.id,
    title: r.title,
    content: r.content,
    issuingUnit: unit,
    issuedOn: r.issuedOn,
    documentNo: r.documentNo,
    category: r.category,
    cases: (await db
      .select({ id: cases.id, title: cases.title, status: cases.status, leadUnitId: cases.leadUnitId })
      .from(ruleCases)
      .innerJoin(cases, eq(cases.id, ruleCases.caseId))
      .where(eq(ruleCases.ruleId, id))
      .orderBy(asc(cases.createdAt))),
    precedents: (await db
      .select({ id: precedents.id, title: precedents.title, sourceKind: precedents.sourceKind, place: precedents.place })
      .from(rulePrecedents)
      .innerJoin(precedents, eq(precedents.id, rulePrecedents.precedentId))
      .where(eq(rulePrecedents.ruleId, id))
      .orderBy(asc(precedents.createdAt)))
      .map((x) => ({ ...x, sourceKind: x.sourceKind as SourceKind })),
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

async function checkUnits(db: Db, ids: readonly string[]) {
  if (!ids.length) return;
  const known = new Set((await db.select({ id: units.id }).from(units).where(inArray(units.id, [...ids]))).map((u) => u.id));
  const missing = ids.filter((u) => !known.has(u));
  if (missing.length) throw new AppError('UNKNOWN_UNIT', `No unit ${missing.join(', ')}.`, { unitIds: missing });
}

/** A unique index refused the row: SQLite says so in its message, PostgreSQL by SQLSTATE 23505 (maybe wrapped by drizzle). */
const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { message?: string; code?: string; cause?: unknown } | null;
  if (!e) return false;
  return e.code === '23505' || /UNIQUE constraint failed/i.test(e.message ?? '') || (e.cause !== undefined && e.cause !== err && isUniqueViolation(e.cause));
};

/** The citations whose cases the reader's case list shows. */
async function citationsReaderSees<C extends { caseId: string }>(db: Db, reader: Reader, all: C[]): Promise<C[]> {
  const out: C[] = [];
  for (const c of all) if (await listsCase(db, reader, c.caseId)) out.push(c);
  return out;
}

/**
 * Promotes a resolved case to a precedent, or records a practice from elsewhere. `loadCase` reads a
 * case the curator may see (the API's visibility rule); a case is promoted once (ALREADY_PROMOTED).
 */
export async function createPrecedent(db: Db, publicUrl: string, p: Principal, b: PrecedentInput, loadCase: (id: string) => Promise<CaseRow>) {
  const now = new Date().toISOString();
  const id = newLibraryId('P', new Date());
  let row: typeof precedents.$inferInsert;
  let unitIds: string[];
  if (b.source.kind === 'local_case') {
    const c = (await loadCase(b.source.caseId));
    if (c.status !== 'resolved') throw new AppError('CASE_NOT_RESOLVED', `Case ${c.id} is ${c.status}; only a resolved case becomes a precedent.`);
    const existing = (await first(db.select({ id: precedents.id }).from(precedents).where(eq(precedents.sourceCaseId, c.id))));
    if (existing) throw new AppError('ALREADY_PROMOTED', `Case ${c.id} is already precedent ${existing.id}.`, { precedentId: existing.id });
    const result = (c.view as CaseView | null)?.outcome?.result;
    // The library is read city-wide: what is taken from the case goes with personal data masked.
    const person = c.requesterKind === 'person' ? c.requesterName : null;
    const solution = b.solution ?? (result ? maskPersonal(result, person) : result);
    if (!solution) {
      throw new AppError('VALIDATION_FAILED', 'The case has no recorded result: give the solution.', { errors: [{ path: 'body.solution', message: 'required' }] });
    }
    unitIds = b.unitIds ?? (await db.select({ id: caseUnits.unitId }).from(caseUnits).where(eq(caseUnits.caseId, c.id))).map((u) => u.id);
    row = {
      id,
      title: b.title ?? maskPersonal(c.title, person),
      category: b.category ?? c.category,
      kind: b.kind ?? (await kindOfCase(db, c.id)),
      problem: b.problem ?? maskPersonal(c.description, person),
      solution,
      sourceKind: 'local_case',
      sourceCaseId: c.id,
      createdBy: p.id,
      createdAt: now,
    };
  } else {
    const missing = (['title', 'kind', 'problem', 'solution'] as const).filter((k) => !b[k]);
    if (missing.length) {
      throw new AppError('VALIDATION_FAILED', 'A practice from elsewhere needs its title, kind, problem and solution.', {
        errors: missing.map((k) => ({ path: `body.${k}`, message: 'required for a practice from elsewhere' })),
      });
    }
    unitIds = b.unitIds ?? [];
    row = {
      id,
      title: b.title!,
      category: b.category ?? null,
      kind: b.kind!,
      problem: b.problem!,
      solution: b.solution!,
      sourceKind: 'elsewhere',
      place: b.source.place,
      documentedIn: b.source.documentedIn,
      createdBy: p.id,
      createdAt: now,
    };
  }
  unitIds = [...new Set(unitIds)];
  await checkUnits(db, unitIds);
  if (b.ruleId && !(await first(db.select({ id: libraryRules.id }).from(libraryRules).where(eq(libraryRules.id, b.ruleId))))) {
    throw new AppError('UNKNOWN_RULE', `No rule ${b.ruleId}.`);
  }
  try {
    await db.tx(async (tx) => {
      await tx.insert(precedents).values(row);
      for (const u of unitIds) await tx.insert(precedentUnits).values({ precedentId: id, unitId: u });
      if (b.ruleId) await tx.insert(rulePrecedents).values({ ruleId: b.ruleId, precedentId: id });
    });
  } catch (err) {
    // Two promotions of one case at once: the unique index lets one through.
    if (isUniqueViolation(err) && row.sourceCaseId) {
      const winner = (await first(db.select({ id: precedents.id }).from(precedents).where(eq(precedents.sourceCaseId, row.sourceCaseId))));
      throw new AppError('ALREADY_PROMOTED', `Case ${row.sourceCaseId} is already a precedent.`, { precedentId: winner?.id });
    }
    throw err;
  }
  return precedentDetail(db, publicUrl, id, p);
}

/**
 * Records a rule, linked to the cases (that the issuer may see: `canSeeCase`) and precedents it grew
 * from. A principal head issues for their own unit.
 */
export async function createRule(db: Db, p: Principal, b: RuleInput, canSeeCase: (id: string) => Promise<boolean>) {
  const unitId = b.issuingUnitId ?? (p.role === 'principal_head' ? p.unitId : null);
  if (!unitId) {
    throw new AppError('VALIDATION_FAILED', 'Name the issuing unit.', { errors: [{ path: 'body.issuingUnitId', message: 'required' }] });
  }
  if (p.role === 'principal_head' && unitId !== p.unitId) {
    throw new AppError('FORBIDDEN_UNIT', 'A principal head issues rules for their own unit.');
  }
  await checkUnits(db, [unitId]);
  const caseIds = [...new Set(b.caseIds ?? [])];
  const hidden: string[] = [];
  for (const id of caseIds) if (!(await canSeeCase(id))) hidden.push(id);
  if (hidden.length) throw new AppError('UNKNOWN_CASE', `No case ${hidden.join(', ')} (or not yours to see).`, { caseIds: hidden });
  const precedentIds = [...new Set(b.precedentIds ?? [])];
  const unknown = (await unknownPrecedents(db, precedentIds));
  if (unknown.length) throw new AppError('UNKNOWN_PRECEDENT', `No precedent ${unknown.join(', ')}.`, { precedentIds: unknown });
  const id = newLibraryId('R', new Date());
  await db.tx(async (tx) => {
    await tx.insert(libraryRules)
      .values({
        id,
        title: b.title,
        content: b.content,
        issuingUnitId: unitId,
        issuedOn: b.issuedOn,
        documentNo: b.documentNo ?? null,
        category: b.category ?? null,
        createdBy: p.id,
        createdAt: new Date().toISOString(),
      });
    for (const c of caseIds) await tx.insert(ruleCases).values({ ruleId: id, caseId: c });
    for (const x of precedentIds) await tx.insert(rulePrecedents).values({ ruleId: id, precedentId: x });
  });
  return (await ruleDetail(db, id));
}
