// The case library (案例汇编): precedents (典型案例, promoted from resolved cases or practices from
// elsewhere 外地经验), rules formed from them (制度), search in Chinese, similar precedents for a case,
// cite counts, and the browse/search page at /library. Registered without a prefix: its paths are
// under /v1/precedents, /v1/rules and /v1/cases/{id}/similar-precedents, plus the page.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOC_TYPES, PRECEDENT_KINDS, SOURCE_KINDS } from '../../domain/library.js';
import { ROLES, type Role } from '../../domain/tiers.js';
import {
  createPrecedent, createRule, precedentDetail, ruleDetail, searchFor, searchPrecedents, searchRules, similarTo, similarToCase,
} from '../../services/library.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { ProblemSchema } from '../errors.js';
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

  // ---- the page ----
  app.get('/library', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(LIBRARY_PAGE));

  // ---- precedents ----
  app.post(
    '/v1/precedents',
    {
      config: { roles: CURATORS },
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
      const loadCase = async (id: string) => (await loadCaseFor(db, req, id)).row;
      return reply.code(201).send((await createPrecedent(db, config.publicUrl, callerOf(req), req.body, loadCase)));
    },
  );

  app.get(
    '/v1/precedents',
    {
      config: { roles: READERS },
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
      const { source, ...q } = req.query;
      return searchPrecedents(db, { ...q, sourceKind: source });
    },
  );

  app.get(
    '/v1/precedents/search',
    {
      config: { roles: READERS },
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
      const { scope, ...q } = req.query;
      return searchFor(db, callerOf(req), scope, q);
    },
  );

  app.get(
    '/v1/precedents/similar',
    {
      config: { roles: READERS },
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
      const { limit, ...q } = req.query;
      return { items: (await similarTo(db, q, limit)) };
    },
  );

  app.get(
    '/v1/precedents/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: ['library'],
        summary: 'One precedent: its source, units, the rule it led to, and who cited it',
        security: bearerSecurity,
        params: IdParams,
        response: { 200: PrecedentSchema, ...errors },
      },
    },
    async (req) => precedentDetail(db, config.publicUrl, req.params.id, callerOf(req)),
  );

  app.get(
    '/v1/cases/:id/similar-precedents',
    {
      config: { roles: READERS },
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
    async (req) => ({ items: (await similarToCase(db, (await loadCaseFor(db, req, req.params.id)).row, req.query.limit)) }),
  );

  // ---- rules ----
  app.post(
    '/v1/rules',
    {
      config: { roles: CURATORS },
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
      const canSeeCase = async (id: string) => {
        try {
          await loadCaseFor(db, req, id);
          return true;
        } catch {
          return false;
        }
      };
      return reply.code(201).send((await createRule(db, callerOf(req), req.body, canSeeCase)));
    },
  );

  app.get(
    '/v1/rules',
    {
      config: { roles: READERS },
      schema: {
        tags: ['library'],
        summary: 'Rules formed (制度), newest first, or searched with q',
        security: bearerSecurity,
        querystring: z.object({ q: z.string().trim().max(100).optional(), category: Filters.category, unitId: Filters.unitId, limit: Filters.limit, offset: Filters.offset }),
        response: { 200: HitPage, ...errors },
      },
    },
    async (req) => searchRules(db, req.query),
  );

  app.get(
    '/v1/rules/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: ['library'],
        summary: 'One rule with the cases and precedents it grew from',
        security: bearerSecurity,
        params: IdParams,
        response: { 200: RuleSchema, ...errors },
      },
    },
    async (req) => ruleDetail(db, req.params.id),
  );
};
export default libraryRoutes;
