// The case library (案例汇编): precedents (典型案例, promoted from resolved cases or practices from
// elsewhere 外地经验), rules formed from them (制度), search in Chinese, similar precedents for a case,
// cite counts, and the browse/search page at /library. Registered without a prefix: its paths are
// under /v1/precedents, /v1/rules and /v1/cases/{id}/similar-precedents, plus the page.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { asc, eq, inArray } from 'drizzle-orm';
import { caseUnits, cases, libraryRules, precedentCitations, precedentUnits, precedents, rulePrecedents, ruleCases, units } from '../../db/schema.js';
import {
  DOC_TYPES,
  PRECEDENT_KINDS,
  PRECEDENT_KIND_LABELS,
  SOURCE_KINDS,
  citationsOf,
  citeCounts,
  kindOfCase,
  maskPersonal,
  newLibraryId,
  searchLibrary,
  similarPrecedents,
  unknownPrecedents,
  type DocType,
  type PrecedentKind,
  type SourceKind,
} from '../../db/library.js';
import { ROLES, type Role } from '../../domain/tiers.js';
import type { CaseView } from '../../workflows/case-state.js';
import { bearerSecurity, OFFICER, requireRole, type Principal } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { loadCaseFor } from '../case-view.js';
import { LIBRARY_PAGE } from '../library-page.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const Id = z.string().trim().min(1).max(64);

/** Who promotes cases and records practices and rules: the efficiency office and unit heads. */
const CURATORS: readonly Role[] = ['supervisor', 'principal_head'];
/** Anyone in government reads the library. */
const READERS: readonly Role[] = ROLES;

const KindSchema = z.enum(PRECEDENT_KINDS).describe('legacy 历史遗留 | cross_department 跨部门 | no_precedent 本市无先例 | other 其他');

const PrecedentCreate = z
  .strictObject({
    source: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('local_case'), caseId: Id.describe('A resolved case of this city (本市办结案件)') }),
      z.strictObject({
        kind: z.literal('elsewhere'),
        place: text(100).describe('The city or province whose practice it is, e.g. 江苏省南京市'),
        documentedIn: text(1000).describe('Where it is documented: a notice and its number, a report, a link'),
      }),
    ]),
    title: text(200).optional().describe('Required for a practice from elsewhere; defaults to the case title'),
    category: text(64).optional(),
    kind: KindSchema.optional().describe('Required for a practice from elsewhere; for a case, read from its escalations'),
    problem: text(5000).optional().describe('Required for a practice from elsewhere; defaults to the case description'),
    solution: text(5000).optional().describe('Required for a practice from elsewhere; defaults to what the case was resolved with'),
    unitIds: z.array(Id).max(20).optional().describe('Units involved; for a case, defaults to its units'),
    ruleId: Id.optional().describe('The rule (制度) it led to, if any'),
  })
  .meta({ id: 'PrecedentCreate' });

const Ref = z.object({ id: z.string(), title: z.string() });
const PrecedentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string().nullable(),
    kind: z.enum(PRECEDENT_KINDS),
    kindLabel: z.string(),
    problem: z.string(),
    solution: z.string(),
    source: z.object({
      kind: z.enum(SOURCE_KINDS),
      caseId: z.string().optional(),
      caseTitle: z.string().optional(),
      place: z.string().optional(),
      documentedIn: z.string().optional(),
    }),
    units: z.array(z.object({ id: z.string(), name: z.string() })),
    rules: z.array(Ref.extend({ issuedOn: z.string(), issuingUnitId: z.string() })).describe('The rules it led to (形成制度)'),
    builtOn: z.array(Ref.extend({ sourceKind: z.enum(SOURCE_KINDS), place: z.string().nullable() })).describe('Precedents the source case itself cited'),
    citeCount: z.number().int().describe('Decisions (escalate, resolve) that cited it'),
    citedByCases: z.number().int().describe('Distinct cases that cited it'),
    citations: z.array(z.object({ caseId: z.string(), caseTitle: z.string().nullable(), seq: z.number().int(), action: z.string(), at: z.string() })),
    createdBy: z.string(),
    createdAt: z.string(),
    links: z.object({ page: z.string() }),
  })
  .meta({ id: 'Precedent' });

const Hit = z
  .object({
    type: z.enum(DOC_TYPES),
    id: z.string(),
    title: z.string(),
    titleHtml: z.string().describe('HTML-escaped title, query terms in <mark>'),
    snippet: z.string().describe('HTML-escaped excerpt, query terms in <mark>; phone numbers masked'),
    category: z.string().nullable(),
    score: z.number(),
    date: z.string().nullable(),
    unitIds: z.array(z.string()),
    kind: z.enum(PRECEDENT_KINDS).optional(),
    sourceKind: z.enum(SOURCE_KINDS).optional(),
    place: z.string().nullable().optional(),
    citeCount: z.number().int().optional(),
    sourceCaseId: z.string().nullable().optional(),
    issuingUnitId: z.string().optional(),
    documentNo: z.string().nullable().optional(),
  })
  .meta({ id: 'LibraryHit' });
const HitPage = z.object({
  items: z.array(Hit),
  total: z.number().int(),
  mode: z.enum(['index', 'substring', 'mixed', 'browse']).describe('index: FTS5 trigram index; substring: terms under 3 characters; mixed: both'),
});

const Similar = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(PRECEDENT_KINDS),
    category: z.string().nullable(),
    sourceKind: z.enum(SOURCE_KINDS),
    place: z.string().nullable(),
    citeCount: z.number().int(),
    score: z.number(),
    matchedOn: z.enum(['text', 'category']),
    snippet: z.string(),
  })
  .meta({ id: 'SimilarPrecedent' });

const RuleCreate = z
  .strictObject({
    title: text(200),
    content: text(10000).describe('What the rule lays down (e.g. the joint-review procedure)'),
    issuingUnitId: Id.optional().describe("Defaults to a principal head's own unit; required for a supervisor"),
    issuedOn: z.iso.date().describe('Date of issue, YYYY-MM-DD'),
    documentNo: text(100).optional().describe('Document number (文号)'),
    category: text(64).optional(),
    caseIds: z.array(Id).max(50).optional().describe('The cases it grew from'),
    precedentIds: z.array(Id).max(50).optional().describe('The precedents it grew from'),
  })
  .meta({ id: 'RuleCreate' });

const RuleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    content: z.string(),
    issuingUnit: z.object({ id: z.string(), name: z.string() }),
    issuedOn: z.string(),
    documentNo: z.string().nullable(),
    category: z.string().nullable(),
    cases: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), leadUnitId: z.string() })),
    precedents: z.array(Ref.extend({ sourceKind: z.enum(SOURCE_KINDS), place: z.string().nullable() })),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Rule' });

const Filters = {
  category: z.string().trim().max(64).optional(),
  kind: z.enum(PRECEDENT_KINDS).optional(),
  unitId: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};
const IdParams = z.object({ id: z.string().max(64) });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

const libraryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  /** Resolved cases carry requesters' words: government staff see them, an integrator platform does not. */
  const typesFor = (p: Principal, wanted: readonly DocType[]) => (p.role === 'integrator' ? wanted.filter((t) => t !== 'case') : wanted);
  /**
   * Whose resolved cases a reader finds: an officer those of their own unit, as lead or as a unit that
   * took part (the same rule as reading the case itself); city leaders, the efficiency office and
   * admins every unit's. Anyone else (no unit) none. Precedents and rules stay open to all readers:
   * they are the curated, published part of the library.
   */
  const caseScopeFor = (p: Principal): readonly string[] | undefined =>
    ['city_leader', 'supervisor', 'admin'].includes(p.role) ? undefined : p.unitId && OFFICER.includes(p.role) ? [p.unitId] : [];

  function precedentDetail(id: string): z.infer<typeof PrecedentSchema> {
    const p = db.select().from(precedents).where(eq(precedents.id, id)).get();
    if (!p) throw new Problem(404, 'PRECEDENT_NOT_FOUND', `No precedent ${id}.`);
    const us = db
      .select({ id: units.id, name: units.name })
      .from(precedentUnits)
      .innerJoin(units, eq(units.id, precedentUnits.unitId))
      .where(eq(precedentUnits.precedentId, id))
      .orderBy(asc(units.id))
      .all();
    const rules = db
      .select({ id: libraryRules.id, title: libraryRules.title, issuedOn: libraryRules.issuedOn, issuingUnitId: libraryRules.issuingUnitId })
      .from(rulePrecedents)
      .innerJoin(libraryRules, eq(libraryRules.id, rulePrecedents.ruleId))
      .where(eq(rulePrecedents.precedentId, id))
      .orderBy(asc(libraryRules.issuedOn))
      .all();
    const builtOnIds = p.sourceCaseId
      ? [...new Set(db.select({ id: precedentCitations.precedentId }).from(precedentCitations).where(eq(precedentCitations.caseId, p.sourceCaseId)).all().map((r) => r.id))]
      : [];
    const builtOn = builtOnIds.length
      ? db.select({ id: precedents.id, title: precedents.title, sourceKind: precedents.sourceKind, place: precedents.place }).from(precedents).where(inArray(precedents.id, builtOnIds)).all()
      : [];
    const sourceRow = p.sourceCaseId
      ? db.select({ title: cases.title, requesterKind: cases.requesterKind, requesterName: cases.requesterName }).from(cases).where(eq(cases.id, p.sourceCaseId)).get()
      : undefined;
    // Read city-wide: the source case's title goes with personal data masked.
    const sourceCase = sourceRow ? { title: maskPersonal(sourceRow.title, sourceRow.requesterKind === 'person' ? sourceRow.requesterName : null) } : undefined;
    const count = citeCounts(db, [id]).get(id);
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
          ? { kind: 'local_case', caseId: p.sourceCaseId ?? undefined, caseTitle: sourceCase?.title }
          : { kind: 'elsewhere', place: p.place ?? undefined, documentedIn: p.documentedIn ?? undefined },
      units: us,
      rules,
      builtOn: builtOn.map((b) => ({ ...b, sourceKind: b.sourceKind as SourceKind })),
      citeCount: count?.citations ?? 0,
      citedByCases: count?.cases ?? 0,
      citations: citationsOf(db, id),
      createdBy: p.createdBy,
      createdAt: p.createdAt,
      links: { page: `${config.publicUrl}/library#precedent=${encodeURIComponent(p.id)}` },
    };
  }

  function ruleDetail(id: string): z.infer<typeof RuleSchema> {
    const r = db.select().from(libraryRules).where(eq(libraryRules.id, id)).get();
    if (!r) throw new Problem(404, 'RULE_NOT_FOUND', `No rule ${id}.`);
    const unit = db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, r.issuingUnitId)).get()!;
    return {
      id: r.id,
      title: r.title,
      content: r.content,
      issuingUnit: unit,
      issuedOn: r.issuedOn,
      documentNo: r.documentNo,
      category: r.category,
      cases: db
        .select({ id: cases.id, title: cases.title, status: cases.status, leadUnitId: cases.leadUnitId })
        .from(ruleCases)
        .innerJoin(cases, eq(cases.id, ruleCases.caseId))
        .where(eq(ruleCases.ruleId, id))
        .orderBy(asc(cases.createdAt))
        .all(),
      precedents: db
        .select({ id: precedents.id, title: precedents.title, sourceKind: precedents.sourceKind, place: precedents.place })
        .from(rulePrecedents)
        .innerJoin(precedents, eq(precedents.id, rulePrecedents.precedentId))
        .where(eq(rulePrecedents.ruleId, id))
        .orderBy(asc(precedents.createdAt))
        .all()
        .map((x) => ({ ...x, sourceKind: x.sourceKind as SourceKind })),
      createdBy: r.createdBy,
      createdAt: r.createdAt,
    };
  }

  function checkUnits(ids: readonly string[]) {
    if (!ids.length) return;
    const known = new Set(db.select({ id: units.id }).from(units).where(inArray(units.id, [...ids])).all().map((u) => u.id));
    const missing = ids.filter((u) => !known.has(u));
    if (missing.length) throw new Problem(422, 'UNKNOWN_UNIT', `No unit ${missing.join(', ')}.`, { unitIds: missing });
  }

  const isUniqueViolation = (err: unknown) => /UNIQUE constraint failed/i.test((err as Error)?.message ?? '');

  // ---- the page ----
  app.get('/library', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(LIBRARY_PAGE));

  // ---- precedents ----
  app.post(
    '/v1/precedents',
    {
      schema: {
        tags: ['library'],
        summary: 'Promote a resolved case to a precedent, or record a practice from elsewhere (典型案例、外地经验)',
        description:
          'Supervisors (efficiency office) and principal heads only; a principal head promotes cases of their own unit. A case is promoted once (`409 ALREADY_PROMOTED` names the precedent).',
        security: bearerSecurity,
        body: PrecedentCreate,
        response: { 201: PrecedentSchema, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireRole(req, CURATORS);
      const b = req.body;
      const now = new Date().toISOString();
      const id = newLibraryId('P', new Date());
      let row: typeof precedents.$inferInsert;
      let unitIds: string[];
      if (b.source.kind === 'local_case') {
        const { row: c } = loadCaseFor(db, req, b.source.caseId);
        if (c.status !== 'resolved') throw new Problem(422, 'CASE_NOT_RESOLVED', `Case ${c.id} is ${c.status}; only a resolved case becomes a precedent.`);
        const existing = db.select({ id: precedents.id }).from(precedents).where(eq(precedents.sourceCaseId, c.id)).get();
        if (existing) throw new Problem(409, 'ALREADY_PROMOTED', `Case ${c.id} is already precedent ${existing.id}.`, { precedentId: existing.id });
        const result = (c.view as CaseView | null)?.outcome?.result;
        // The library is read city-wide: what is taken from the case goes with personal data masked.
        const person = c.requesterKind === 'person' ? c.requesterName : null;
        const solution = b.solution ?? (result ? maskPersonal(result, person) : result);
        if (!solution) {
          throw new Problem(400, 'VALIDATION_FAILED', 'The case has no recorded result: give the solution.', { errors: [{ path: 'body.solution', message: 'required' }] });
        }
        unitIds = b.unitIds ?? db.select({ id: caseUnits.unitId }).from(caseUnits).where(eq(caseUnits.caseId, c.id)).all().map((u) => u.id);
        row = {
          id,
          title: b.title ?? maskPersonal(c.title, person),
          category: b.category ?? c.category,
          kind: b.kind ?? kindOfCase(db, c.id),
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
          throw new Problem(400, 'VALIDATION_FAILED', 'A practice from elsewhere needs its title, kind, problem and solution.', {
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
      checkUnits(unitIds);
      if (b.ruleId && !db.select({ id: libraryRules.id }).from(libraryRules).where(eq(libraryRules.id, b.ruleId)).get()) {
        throw new Problem(422, 'UNKNOWN_RULE', `No rule ${b.ruleId}.`);
      }
      try {
        db.transaction((tx) => {
          tx.insert(precedents).values(row).run();
          for (const u of unitIds) tx.insert(precedentUnits).values({ precedentId: id, unitId: u }).run();
          if (b.ruleId) tx.insert(rulePrecedents).values({ ruleId: b.ruleId, precedentId: id }).run();
        });
      } catch (err) {
        // Two promotions of one case at once: the unique index lets one through.
        if (isUniqueViolation(err) && row.sourceCaseId) {
          const winner = db.select({ id: precedents.id }).from(precedents).where(eq(precedents.sourceCaseId, row.sourceCaseId)).get();
          throw new Problem(409, 'ALREADY_PROMOTED', `Case ${row.sourceCaseId} is already a precedent.`, { precedentId: winner?.id });
        }
        throw err;
      }
      return reply.code(201).send(precedentDetail(id));
    },
  );

  app.get(
    '/v1/precedents',
    {
      schema: {
        tags: ['library'],
        summary: 'Browse or search precedents, with cite counts',
        description:
          'Any token. `q` searches titles and text in Chinese (terms of 3+ characters through the FTS5 trigram index, ranked by bm25; shorter terms such as 消防 by substring). `sort=cited` lists the most used first.',
        security: bearerSecurity,
        querystring: z.object({
          q: z.string().trim().max(100).optional(),
          source: z.enum(SOURCE_KINDS).optional().describe('local_case 本市案例 | elsewhere 外地经验'),
          sort: z.enum(['relevance', 'cited', 'recent']).optional(),
          ...Filters,
        }),
        response: { 200: HitPage, ...errors },
      },
    },
    async (req) => {
      requireRole(req, READERS);
      const q = req.query;
      return searchLibrary(db, { ...q, types: ['precedent'], sourceKind: q.source });
    },
  );

  app.get(
    '/v1/precedents/search',
    {
      schema: {
        tags: ['library'],
        summary: 'Search the library: precedents, resolved cases and rules (案例汇编检索)',
        description:
          'Any token. Resolved cases (personal data masked: names, ID-card numbers, phones, addresses) are found only by officers of a unit that led or took part in them, by city leaders and by the efficiency office; integrators see none. Ranked (bm25 over the trigram index; occurrences for terms under 3 characters), with highlighted snippets. Filters by category, kind of problem and unit.',
        security: bearerSecurity,
        querystring: z.object({
          q: z.string().trim().min(1).max(100),
          scope: z.enum(['all', 'precedents', 'cases', 'rules']).default('all'),
          ...Filters,
        }),
        response: { 200: HitPage, ...errors },
      },
    },
    async (req) => {
      const p = requireRole(req, READERS);
      const { scope, ...q } = req.query;
      const wanted: readonly DocType[] = scope === 'all' ? DOC_TYPES : [({ precedents: 'precedent', cases: 'case', rules: 'rule' } as const)[scope]];
      return searchLibrary(db, { ...q, types: typesFor(p, wanted), caseUnitScope: caseScopeFor(p) });
    },
  );

  app.get(
    '/v1/precedents/similar',
    {
      schema: {
        tags: ['library'],
        summary: 'Precedents similar to a request not yet taken in (for the intake form)',
        security: bearerSecurity,
        querystring: z.object({
          title: z.string().trim().min(1).max(200),
          description: z.string().trim().max(2000).optional(),
          category: z.string().trim().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(20).default(5),
        }),
        response: { 200: z.object({ items: z.array(Similar) }), ...errors },
      },
    },
    async (req) => {
      requireRole(req, READERS);
      const q = req.query;
      return { items: similarPrecedents(db, q, q.limit) };
    },
  );

  app.get(
    '/v1/precedents/:id',
    {
      schema: {
        tags: ['library'],
        summary: 'One precedent: its source, units, the rule it led to, and who cited it',
        security: bearerSecurity,
        params: IdParams,
        response: { 200: PrecedentSchema, ...errors },
      },
    },
    async (req) => {
      requireRole(req, READERS);
      return precedentDetail(req.params.id);
    },
  );

  app.get(
    '/v1/cases/:id/similar-precedents',
    {
      schema: {
        tags: ['library'],
        summary: 'The precedents most similar to a case (相似案例)',
        description: 'For whoever may see the case. The precedent promoted from the case itself is left out.',
        security: bearerSecurity,
        params: IdParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) }),
        response: { 200: z.object({ items: z.array(Similar) }), ...errors },
      },
    },
    async (req) => {
      requireRole(req, READERS);
      const { row } = loadCaseFor(db, req, req.params.id);
      return { items: similarPrecedents(db, { title: row.title, description: row.description, category: row.category, excludeCaseId: row.id }, req.query.limit) };
    },
  );

  // ---- rules ----
  app.post(
    '/v1/rules',
    {
      schema: {
        tags: ['library'],
        summary: 'Record a rule formed for a whole class of cases (形成制度), linked to the cases and precedents it grew from',
        description: 'Supervisors and principal heads; a principal head issues for their own unit and links cases they can see.',
        security: bearerSecurity,
        body: RuleCreate,
        response: { 201: RuleSchema, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireRole(req, CURATORS);
      const b = req.body;
      const unitId = b.issuingUnitId ?? (p.role === 'principal_head' ? p.unitId : null);
      if (!unitId) {
        throw new Problem(400, 'VALIDATION_FAILED', 'Name the issuing unit.', { errors: [{ path: 'body.issuingUnitId', message: 'required' }] });
      }
      if (p.role === 'principal_head' && unitId !== p.unitId) {
        throw new Problem(403, 'FORBIDDEN_UNIT', 'A principal head issues rules for their own unit.');
      }
      checkUnits([unitId]);
      const caseIds = [...new Set(b.caseIds ?? [])];
      const hidden = caseIds.filter((id) => {
        try {
          loadCaseFor(db, req, id);
          return false;
        } catch {
          return true;
        }
      });
      if (hidden.length) throw new Problem(422, 'UNKNOWN_CASE', `No case ${hidden.join(', ')} (or not yours to see).`, { caseIds: hidden });
      const precedentIds = [...new Set(b.precedentIds ?? [])];
      const unknown = unknownPrecedents(db, precedentIds);
      if (unknown.length) throw new Problem(422, 'UNKNOWN_PRECEDENT', `No precedent ${unknown.join(', ')}.`, { precedentIds: unknown });
      const id = newLibraryId('R', new Date());
      db.transaction((tx) => {
        tx.insert(libraryRules)
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
          })
          .run();
        for (const c of caseIds) tx.insert(ruleCases).values({ ruleId: id, caseId: c }).run();
        for (const x of precedentIds) tx.insert(rulePrecedents).values({ ruleId: id, precedentId: x }).run();
      });
      return reply.code(201).send(ruleDetail(id));
    },
  );

  app.get(
    '/v1/rules',
    {
      schema: {
        tags: ['library'],
        summary: 'Rules formed (制度), newest first, or searched with q',
        security: bearerSecurity,
        querystring: z.object({ q: z.string().trim().max(100).optional(), category: Filters.category, unitId: Filters.unitId, limit: Filters.limit, offset: Filters.offset }),
        response: { 200: HitPage, ...errors },
      },
    },
    async (req) => {
      requireRole(req, READERS);
      return searchLibrary(db, { ...req.query, types: ['rule'] });
    },
  );

  app.get(
    '/v1/rules/:id',
    {
      schema: {
        tags: ['library'],
        summary: 'One rule with the cases and precedents it grew from',
        security: bearerSecurity,
        params: IdParams,
        response: { 200: RuleSchema, ...errors },
      },
    },
    async (req) => {
      requireRole(req, READERS);
      return ruleDetail(req.params.id);
    },
  );
};
export default libraryRoutes;
