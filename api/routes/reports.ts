// The efficiency office's month (效能月报): each unit's figures, the ranking, the month's classes of
// problems and its topic (每月一题), the records the bulletin names, the ranking policy; the Excel
// ledgers (台账) with their audit; and the monthly bulletin page (通报), which reads these same
// endpoints. Routes parse, authorise and call services/reports.ts and services/ledgers.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COUNT_KEYS, LEDGERS, MonthSchema, PickTopicSchema, RankingPolicyInputSchema, RankingPolicySchema, RATE_KEYS, TOPIC_KINDS, type LedgerKind } from '../../domain/reports.js';
import { ROLES, type Role } from '../../domain/tiers.js';
import { categories, monthlyReport, monthRecords, pickTopic, rankingPolicy, rankings, reportScope, setRankingPolicy, topics } from '../../services/reports.js';
import { exportLog, openLedger, XLSX_TYPE } from '../../services/ledgers.js';
import { AccountabilityRecordSchema } from '../../services/reviews.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { ProblemSchema } from '../errors.js';
import { bulletinPage } from '../supervision/pages.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema };
const Month = MonthSchema.describe('A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month\'s.');
const Id = z.string().max(64);

const Ratio = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() }).meta({ id: 'ReportRatio' });
const Figures = {
  rates: z.object(Object.fromEntries(RATE_KEYS.map((k) => [k, Ratio])) as Record<(typeof RATE_KEYS)[number], typeof Ratio>),
  /** null: a figure the system does not record yet (see `figures[].available`). */
  counts: z.object(Object.fromEntries(COUNT_KEYS.map((k) => [k, z.number().int().nullable()])) as Record<(typeof COUNT_KEYS)[number], z.ZodNullable<z.ZodNumber>>),
};
const FigureMeta = z.object({
  key: z.string(),
  kind: z.enum(['rate', 'count']),
  label: z.string(),
  labelEn: z.string(),
  counts: z.string(),
  available: z.boolean(),
  note: z.string().optional(),
});
const MonthlySchema = z
  .object({
    month: z.string(),
    from: z.string(),
    to: z.string(),
    timeZone: z.literal('Asia/Shanghai'),
    complete: z.boolean(),
    generatedAt: z.string(),
    units: z.array(z.object({ unitId: z.string(), name: z.string(), nameEn: z.string(), kind: z.string(), createdAt: z.string().nullable(), ...Figures })),
    city: z.object(Figures),
    figures: z.array(FigureMeta),
  })
  .meta({ id: 'MonthlyReport' });

const RankingsSchema = z
  .object({
    month: z.string(),
    previousMonth: z.string(),
    complete: z.boolean(),
    generatedAt: z.string(),
    policy: RankingPolicySchema,
    policySource: z.enum(['default', 'set']),
    units: z.array(
      z.object({
        rank: z.number().int().nullable(),
        unitId: z.string(),
        name: z.string(),
        score: z.number().nullable(),
        base: z.number().nullable(),
        deductions: z.number(),
        ranked: z.boolean(),
        reason: z.enum(['too_few_cases', 'no_rates']).nullable(),
        previousRank: z.number().int().nullable(),
        change: z.number().int().nullable(),
        rates: z.object({ response: Ratio, onTime: Ratio, resolution: Ratio, satisfaction: Ratio }),
        counts: z.object({ received: z.number().int(), complaintsUpheld: z.number().int(), accountability: z.number().int() }),
        createdAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'MonthlyRankings' });

const TopicSchema = z
  .object({
    month: z.string(),
    kind: z.enum(TOPIC_KINDS),
    kindLabel: z.string(),
    key: z.string(),
    label: z.string(),
    cases: z.number().int(),
    note: z.string().nullable(),
    pickedBy: z.string(),
    pickedAt: z.string(),
    rule: z.object({ id: z.string(), title: z.string(), documentNo: z.string().nullable(), issuedOn: z.string(), linkedBy: z.string().nullable(), linkedAt: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'MonthlyTopic' });
const ClassCount = z.object({ key: z.string(), label: z.string(), cases: z.number().int(), units: z.array(z.object({ unitId: z.string(), name: z.string(), cases: z.number().int() })) });
const CategoriesSchema = z
  .object({
    month: z.string(),
    from: z.string(),
    to: z.string(),
    complete: z.boolean(),
    cases: z.number().int(),
    uncategorised: z.number().int(),
    byCategory: z.array(ClassCount),
    byEscalationReason: z.array(ClassCount),
    titleTerms: z.array(ClassCount),
    topic: TopicSchema.nullable(),
  })
  .meta({ id: 'MonthlyCategories' });

const RecordsSchema = z
  .object({
    month: z.string(),
    from: z.string(),
    to: z.string(),
    shelved: z.array(
      z.object({
        caseId: z.string(),
        part: z.boolean(),
        title: z.string().nullable(),
        unit: z.object({ id: z.string(), name: z.string() }),
        officer: z.object({ id: z.string(), name: z.string() }),
        tier: z.string().nullable(),
        at: z.string(),
      }),
    ),
    accountability: z.array(AccountabilityRecordSchema),
  })
  .meta({ id: 'MonthlyRecords' });

const PolicyViewSchema = z
  .object({ policy: RankingPolicySchema, source: z.enum(['default', 'set']), setBy: z.string().nullable(), setAt: z.string().nullable() })
  .meta({ id: 'RankingPolicyView' });

const ExportAuditSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    principalId: z.string(),
    role: z.enum(ROLES),
    ledger: z.enum(LEDGERS),
    params: z.record(z.string(), z.string()),
    masked: z.boolean(),
    rows: z.number().int().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ExportAudit' });

/** Who reads the month: the efficiency office, the city's leaders and administrators. */
const CITY_WIDE: readonly Role[] = ['supervisor', 'city_leader', 'admin'];

/** Each ledger: its path, who may ask (the service scopes it as the ledger's list), and its filters. */
const LEDGER_ROUTES: { path: string; kind: LedgerKind; roles: readonly Role[]; summary: string; filter?: 'unitId' | 'townId' }[] = [
  { path: 'cases.xlsx', kind: 'cases', roles: [...OFFICER, ...CITY_WIDE], filter: 'unitId', summary: 'The case ledger (办件台账): cases opened in the month, scoped as GET /v1/cases' },
  { path: 'complaints.xlsx', kind: 'complaints', roles: [...OFFICER, 'supervisor', 'admin'], filter: 'unitId', summary: 'The complaints ledger (投诉台账): complaints filed in the month, scoped and masked as GET /v1/complaints' },
  { path: 'accountability.xlsx', kind: 'accountability', roles: ['supervisor'], summary: 'Reviews opened and accountability records made in the month (复盘问责台账)' },
  { path: 'village-months.xlsx', kind: 'village_months', roles: [...OFFICER, ...CITY_WIDE], filter: 'townId', summary: "The village reception's months and their problems (跑办代访台账)" },
  { path: 'monthly-report.xlsx', kind: 'monthly_report', roles: [...CITY_WIDE, 'principal_head', 'deputy_head'], filter: 'unitId', summary: 'The monthly report (效能月报): figures, ranking and classes, as GET /v1/reports/*' },
];

const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/v1/reports/monthly',
    {
      config: { roles: [...CITY_WIDE, 'principal_head', 'deputy_head'] },
      schema: {
        tags: ['reports'],
        summary: "Each unit's month (效能月报): response, on-time, resolution, satisfaction and escalation rates, and the month's counts",
        description:
          "Rates are `{ numerator, denominator, rate }`; the city's row sums the units' numerators and denominators (never an average of rates). `unitId` keeps one unit's row. A unit's principal or deputy head reads their own unit's row (and the city's). Every figure is defined in docs/reports.md; `figures` says which are not recorded yet (null).",
        security: bearerSecurity,
        querystring: z.object({ month: Month, unitId: Id.optional() }),
        response: { 200: MonthlySchema, ...errors },
      },
    },
    async (req) => {
      const unitId = await reportScope(db, callerOf(req), req.query.unitId);
      return monthlyReport(db, req.query.month, new Date(), unitId);
    },
  );

  app.get(
    '/v1/reports/rankings',
    {
      config: { roles: CITY_WIDE },
      schema: {
        tags: ['reports'],
        summary: 'The month\'s ranking (排名) by the policy\'s score, with the change from last month and the figures behind each rank',
        description: 'Score: the weighted mean of the rates a unit has, ×100, minus deductions per upheld complaint and accountability record (GET /v1/reports/ranking-policy). Units with fewer cases than `minCases`, or no rate, are listed unranked. Last month is ranked under the same policy.',
        security: bearerSecurity,
        querystring: z.object({ month: Month }),
        response: { 200: RankingsSchema, ...errors },
      },
    },
    async (req) => rankings(db, req.query.month, new Date()),
  );

  app.get(
    '/v1/reports/categories',
    {
      config: { roles: CITY_WIDE },
      schema: {
        tags: ['reports'],
        summary: "The month's cases by class of problem (每月一题): by category, by escalation reason and by the titles' frequent terms, with the units involved",
        description: 'Counts the cases opened in the month. `topic` is the topic picked for the month, with the library rule formed from it once linked.',
        security: bearerSecurity,
        querystring: z.object({ month: Month }),
        response: { 200: CategoriesSchema, ...errors },
      },
    },
    async (req) => categories(db, req.query.month, new Date()),
  );

  app.get(
    '/v1/reports/topics',
    {
      config: { roles: CITY_WIDE },
      schema: { tags: ['reports'], summary: 'Every month\'s topic (每月一题), newest first', security: bearerSecurity, response: { 200: z.object({ items: z.array(TopicSchema) }), ...errors } },
    },
    async () => ({ items: await topics(db) }),
  );

  app.put(
    '/v1/reports/topics/:month',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['reports'],
        summary: "Pick the month's topic (每月一题) from its counted classes, and link the library rule formed from it",
        description:
          'The class must be one GET /v1/reports/categories counts for the month (`422 TOPIC_NOT_IN_MONTH` otherwise). Sending the same class again keeps the pick and may add `ruleId` (a rule of /v1/rules); another class replaces the topic. 201 when the month had no topic.',
        security: bearerSecurity,
        params: z.object({ month: Month }),
        body: PickTopicSchema,
        response: { 200: TopicSchema, 201: TopicSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { topic, created } = await pickTopic(db, req.params.month, req.body, callerOf(req).id, new Date());
      return reply.code(created ? 201 : 200).send(topic);
    },
  );

  app.get(
    '/v1/reports/records',
    {
      config: { roles: CITY_WIDE },
      schema: {
        tags: ['reports'],
        summary: 'What the bulletin names for the month: each lapse (搁置) with its case, and each accountability record (通报问责)',
        description: 'Case titles are masked (a bulletin goes round). The lapses are those the `lapses` figure counts; their distinct cases per unit, the `shelved` figure.',
        security: bearerSecurity,
        querystring: z.object({ month: Month }),
        response: { 200: RecordsSchema, ...errors },
      },
    },
    async (req) => monthRecords(db, req.query.month, new Date()),
  );

  app.get(
    '/v1/reports/ranking-policy',
    {
      config: { roles: CITY_WIDE },
      schema: { tags: ['reports'], summary: "The ranking's weights, deductions and minimum cases now in force", security: bearerSecurity, response: { 200: PolicyViewSchema, ...errors } },
    },
    async () => rankingPolicy(db),
  );

  app.put(
    '/v1/reports/ranking-policy',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['reports'],
        summary: "Set the ranking's weights (administrators): any part of the policy, the rest from the defaults",
        description: 'Every version is kept; the newest applies to every month asked for from then on.',
        security: bearerSecurity,
        body: RankingPolicyInputSchema,
        response: { 200: PolicyViewSchema, ...errors },
      },
    },
    async (req) => setRankingPolicy(db, req.body, callerOf(req).id, new Date()),
  );

  for (const l of LEDGER_ROUTES) {
    const filter = l.filter === 'unitId' ? { unitId: Id.optional() } : l.filter === 'townId' ? { townId: Id.optional() } : {};
    app.get(
      `/v1/exports/${l.path}`,
      {
        config: { roles: l.roles },
        schema: {
          tags: ['reports'],
          summary: l.summary,
          description: 'An Excel workbook, streamed: Chinese headers, times in Beijing time, personal data masked as the list masks it for the reader. Every export is recorded (GET /v1/exports/audit).',
          security: bearerSecurity,
          querystring: z.object({ month: Month, ...filter }),
          response: { 200: { description: 'The ledger as an Excel workbook (.xlsx)', content: { [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } } }, ...errors },
        },
      },
      async (req, reply) => {
        const file = await openLedger(db, callerOf(req), l.kind, req.query as { month: string; unitId?: string; townId?: string }, new Date());
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .header('cache-control', 'no-store')
          .send(file.stream as never); // a stream is sent as is, never serialised
      },
    );
  }

  app.get(
    '/v1/exports/audit',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['reports'],
        summary: 'Who exported which ledger, when, with which filters, masked or not (newest first)',
        security: bearerSecurity,
        querystring: z.object({ principalId: Id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(ExportAuditSchema) }), ...errors },
      },
    },
    async (req) => ({ items: await exportLog(db, req.query) }),
  );

  // The page holds no figure: it asks the endpoints above with the reader's token.
  app.get('/bulletin', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(bulletinPage()));
};
export default reportRoutes;
