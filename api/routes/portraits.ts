// Officer portraits (画像), the unit view, the over-escalation detector (事事提级) and the city's
// statistics, as JSON; and the statistics page with its charts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FINDING_KINDS, LEVELS, type SupervisionPolicy } from '../../domain/supervision.js';
import { CASE_STATUSES, TIERS } from '../../domain/tiers.js';
import { bearerSecurity, OFFICER, callerOf } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { cityStats, escalationRates, officerPortrait, unitView } from '../../services/stats.js';
import { statsPage } from '../supervision/pages.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const Window = z.object({ days: z.number().int(), from: z.string(), to: z.string() });
const Ratio = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });
const Satisfaction = z.object({ rated: z.number().int(), satisfied: z.number().int(), unsatisfied: z.number().int(), rate: z.number().nullable() });
const Accountability = z.object({
  total: z.number().int(),
  byKind: z.object(Object.fromEntries(FINDING_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof FINDING_KINDS)[number], z.ZodNumber>),
  byLevel: z.object(Object.fromEntries(LEVELS.map((k) => [k, z.number().int()])) as Record<(typeof LEVELS)[number], z.ZodNumber>),
});
const Entry = z.object({ key: z.string(), label: z.string(), labelEn: z.string(), value: z.number().nullable() });
const ByStatus = z.object(Object.fromEntries(CASE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof CASE_STATUSES)[number], z.ZodNumber>);
const DaysQuery = z.object({ days: z.coerce.number().int().min(1).max(3650).optional() });

const PortraitSchema = z
  .object({
    officer: z.object({ id: z.string(), name: z.string(), role: z.string(), tier: z.enum(TIERS).nullable(), unitId: z.string().nullable(), unitName: z.string().nullable() }),
    window: Window,
    handled: z.number().int(),
    resolvedAtOwnTier: z.number().int(),
    refused: z.number().int(),
    escalated: z.number().int(),
    escalationRate: z.number().nullable(),
    shelved: z.number().int(),
    complaints: z.object({ received: z.number().int(), upheld: z.number().int() }),
    accountability: Accountability,
    medianHoursHeld: z.number().nullable(),
    satisfaction: Satisfaction,
    /** Extensions (延期) the officer asked for and was granted in the window. */
    extensions: z.object({ asked: z.number().int(), granted: z.number().int() }),
    /** Rectifications (差评整改) a bad rating of the officer's answer opened in the window. */
    rectifications: z.number().int(),
    overEscalation: z.object({ evaluated: z.boolean(), flagged: z.boolean(), ceiling: z.number(), minCases: z.number().int() }).nullable(),
    record: z.object({ positive: z.array(Entry), negative: z.array(Entry) }),
  })
  .meta({ id: 'OfficerPortrait' });

const UnitViewSchema = z
  .object({
    unit: z.object({ id: z.string(), name: z.string(), nameEn: z.string(), kind: z.string() }),
    window: Window,
    cases: z.object({ led: z.number().int(), byStatus: ByStatus, overdueNow: z.number().int() }),
    handled: z.number().int(),
    resolvedAtOwnTier: z.number().int(),
    escalated: z.number().int(),
    escalationRate: z.number().nullable(),
    floor: z.object({ floor: z.number(), evaluated: z.boolean(), belowFloor: z.boolean(), minCases: z.number().int() }),
    shelved: z.number().int(),
    complaints: z.object({ filed: z.number().int(), contactLapsed: z.number().int(), upheld: z.number().int() }),
    accountability: Accountability,
    medianHoursHeld: z.number().nullable(),
    satisfaction: Satisfaction,
    extensions: z.object({ asked: z.number().int(), granted: z.number().int() }),
    /** The unit's rectifications opened in the window: late (report not in by its due time) and closed among them. */
    rectifications: z.object({ opened: z.number().int(), lapsed: z.number().int(), closed: z.number().int() }),
    officers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.string(),
        handled: z.number().int(),
        resolvedAtOwnTier: z.number().int(),
        escalationRate: z.number().nullable(),
        shelved: z.number().int(),
        accountability: z.number().int(),
        overEscalationFlagged: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'UnitView' });

const OverEscalationSchema = z
  .object({
    since: z.string(),
    policy: z.object({ windowDays: z.number().int(), minCases: z.number().int(), unitMinCases: z.number().int(), ceilings: z.record(z.string(), z.number()), floor: z.number() }),
    officers: z.array(
      z.object({
        officerId: z.string(),
        name: z.string(),
        unitId: z.string().nullable(),
        tier: z.enum(['1', '2', '3', '4']),
        handled: z.number().int(),
        escalated: z.number().int(),
        rate: z.number().nullable(),
        ceiling: z.number(),
        evaluated: z.boolean(),
        flagged: z.boolean(),
      }),
    ),
    units: z.array(
      z.object({ unitId: z.string(), name: z.string(), handled: z.number().int(), escalated: z.number().int(), rate: z.number().nullable(), floor: z.number(), evaluated: z.boolean(), belowFloor: z.boolean() }),
    ),
  })
  .meta({ id: 'OverEscalation' });

const StatsSchema = z
  .object({
    generatedAt: z.string(),
    totals: z.object({ cases: z.number().int(), open: z.number().int() }),
    byStatus: ByStatus,
    byClosingTier: z.array(z.object({ tier: z.enum(TIERS), resolved: z.number().int(), refused: z.number().int() })),
    byUnit: z.array(
      z.object({ unitId: z.string(), name: z.string(), total: z.number().int(), open: z.number().int(), resolved: z.number().int(), refused: z.number().int(), withdrawn: z.number().int(), overdue: z.number().int() }),
    ),
    overdueNow: z.number().int(),
    rates: z.object({ response: Ratio, resolution: Ratio, satisfaction: Ratio }),
    complaints: z.object({
      total: z.number().int(),
      open: z.number().int(),
      contacted: z.number().int(),
      closed: z.number().int(),
      contactLapsed: z.number().int(),
      perWeek: z.array(z.object({ weekStart: z.string(), count: z.number().int() })),
    }),
    accountability: Accountability,
  })
  .meta({ id: 'CityStats' });

const portraitRoutes: FastifyPluginAsyncZod<{ policy: SupervisionPolicy }> = async (app, opts) => {
  const { db } = app.deps;
  const policy = opts.policy;
  const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

  app.get(
    '/v1/officers/:id/portrait',
    {
      config: { roles: ['supervisor', ...OFFICER] },
      schema: {
        tags: ['supervision'],
        summary: 'Officer portrait (画像): the positive record beside the negative one',
        description: 'Over the rolling window (policy windowDays, or `days`).',
        security: bearerSecurity,
        params: z.object({ id: z.string().max(64) }),
        querystring: DaysQuery,
        response: { 200: PortraitSchema, ...errors },
      },
    },
    async (req) => {
      const p = callerOf(req);
      if (p.role !== 'supervisor' && p.id !== req.params.id) throw new Problem(403, 'FORBIDDEN_PORTRAIT', 'An officer sees their own portrait; supervisors see every one.');
      const portrait = (await officerPortrait(db, req.params.id, policy, new Date(), req.query.days));
      if (!portrait) throw new Problem(404, 'OFFICER_NOT_FOUND', `No officer ${req.params.id}.`);
      return portrait;
    },
  );

  app.get(
    '/v1/units/:id/portrait',
    {
      config: { roles: ['supervisor', 'city_leader', 'principal_head', 'deputy_head'] },
      schema: {
        tags: ['supervision'],
        summary: 'Unit view: its cases, its officers\' record, complaints about it, and its escalation floor',
        security: bearerSecurity,
        params: z.object({ id: z.string().max(64) }),
        querystring: DaysQuery,
        response: { 200: UnitViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = callerOf(req);
      if ((p.role === 'principal_head' || p.role === 'deputy_head') && p.unitId !== req.params.id) {
        throw new Problem(403, 'FORBIDDEN_UNIT', 'Unit heads see their own unit\'s view.');
      }
      const v = (await unitView(db, req.params.id, policy, new Date(), req.query.days));
      if (!v) throw new Problem(404, 'UNIT_NOT_FOUND', `No unit ${req.params.id}.`);
      return v;
    },
  );

  app.get(
    '/v1/over-escalation',
    {
      config: { roles: ['supervisor', 'city_leader'] },
      schema: {
        tags: ['supervision'],
        summary: 'The over-escalation detector (事事提级): officers above their ceiling, units below their floor',
        security: bearerSecurity,
        response: { 200: OverEscalationSchema, ...errors },
      },
    },
    async () => {
      const r = (await escalationRates(db, policy, new Date()));
      return {
        since: r.since,
        policy: { windowDays: policy.windowDays, minCases: policy.minCases, unitMinCases: policy.unitMinCases, ceilings: policy.ceilings, floor: policy.floor },
        officers: r.officers.map((o) => ({ ...o, rate: r4(o.rate) })),
        units: r.units.map((u) => ({ ...u, rate: r4(u.rate) })),
      };
    },
  );

  app.get(
    '/v1/stats',
    {
      config: { roles: ['supervisor', 'city_leader', 'admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'City statistics: cases by status, closing tier and unit; overdue now; the three rates; complaints per week',
        description: 'The same numbers drawn as charts at /stats.',
        security: bearerSecurity,
        querystring: z.object({ weeks: z.coerce.number().int().min(1).max(104).default(12) }),
        response: { 200: StatsSchema, ...errors },
      },
    },
    async (req) => {
      return cityStats(db, new Date(), req.query.weeks);
    },
  );

  // The page itself holds no data: it asks /v1/stats with the leader's token.
  app.get('/stats', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(statsPage()));
};
export default portraitRoutes;
