// The monthly rotating village reception (村干部跑办代访): a town's villages, its months (submit
// problems, close the collection, override the host village, record the reception and the checks),
// the closed-loop report, and the count of problems solved since the centre began.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CheckSchema,
  MonthSchema,
  OUTCOMES,
  OverrideHostSchema,
  PHASES,
  ReceptionSchema,
  SubmitProblemSchema,
  TimingSchema,
  VILLAGE_KINDS,
  type VillageMonthView,
} from '../../domain/village.js';
import type { Role } from '../../domain/tiers.js';
import {
  villageCheckUpdate,
  villageCloseCollectionUpdate,
  villageMonthQuery,
  villageOpenedUpdate,
  villageOverrideHostUpdate,
  villageReceptionUpdate,
  villageSubmitProblemUpdate,
} from '../../workflows/definitions.js';
import { assertReadsTown, assertUnitsKnown, caseStatusesOf, monthRowOf, monthsOf, solvedCount, solvedSinceStart, startVillageMonth, townOf, villagesOf } from '../../services/villages.js';
import { bearerSecurity, callerOf, OFFICER, type Principal } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { callWorkflow, updateIdOf } from '../temporal.js';

const TownParams = z.object({ townId: z.string().max(64) });
const MonthParams = z.object({ townId: z.string().max(64), month: MonthSchema });
const IdemHeaders = z.looseObject({ 'idempotency-key': z.string().min(1).max(128).optional() });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 503: ProblemSchema };

const Village = z.object({ id: z.string(), name: z.string(), kind: z.enum(VILLAGE_KINDS) }).meta({ id: 'Village' });
const ProblemView = z
  .looseObject({
    id: z.string(),
    villageId: z.string(),
    villageName: z.string(),
    title: z.string(),
    description: z.string(),
    urgency: z.number().int(),
    residents: z.number().int(),
    carryCount: z.number().int(),
    carriedFromId: z.string().optional(),
    path: z
      .looseObject({ responsibleUnitId: z.string(), deadline: z.string(), caseId: z.string(), caseReused: z.boolean() })
      .optional(),
    /** The case's status in the read model. */
    caseStatus: z.string().optional(),
    midCheck: z.looseObject({ progress: z.string() }).optional(),
    outcome: z.looseObject({ kind: z.enum(OUTCOMES), expectedBy: z.string().optional() }).optional(),
    flagged: z.boolean().optional(),
  })
  .meta({ id: 'VillageProblem' });
const ReportSchema = z
  .object({
    total: z.number().int(),
    solved: z.number().int(),
    inProgress: z.number().int(),
    carried: z.number().int(),
    flagged: z.array(z.string()),
    midCheck: z.enum(['recorded', 'missed']),
    monthEnd: z.enum(['recorded', 'derived', 'no_reception', 'no_problems']),
    closedAt: z.string(),
  })
  .meta({ id: 'VillageMonthReportTotals' });
const MonthViewSchema = z
  .looseObject({
    workflowId: z.string(),
    townUnitId: z.string(),
    month: z.string(),
    phase: z.enum(PHASES),
    villages: z.array(Village),
    problems: z.array(ProblemView),
    collectionClosesAt: z.string().nullable(),
    scores: z.array(z.object({ villageId: z.string(), villageName: z.string(), score: z.number(), problems: z.number().int(), maxUrgency: z.number().int() })),
    host: z
      .looseObject({
        villageId: z.string(),
        villageName: z.string(),
        suggestedVillageId: z.string(),
        chosenBy: z.enum(['score', 'override']),
        overriddenBy: z.string().optional(),
        reason: z.string().optional(),
      })
      .optional(),
    reception: z.looseObject({ date: z.string(), leaders: z.array(z.string()), recordedBy: z.string() }).optional(),
    midCheck: z.looseObject({ dueAt: z.string() }).optional(),
    monthEnd: z.looseObject({ dueAt: z.string() }).optional(),
    report: ReportSchema.optional(),
    events: z.array(z.looseObject({ seq: z.number().int(), at: z.string(), actor: z.string(), action: z.string() })),
    provisionalDates: z
      .array(z.enum(['collection', 'reception', 'midCheck', 'monthEnd', 'closeGrace']))
      .optional()
      .describe('Stage dates still ahead that are provisional (the year\'s official calendar is not loaded); a `deadline_retimed` event follows the load'),
    links: z.object({ temporalUi: z.string() }),
  })
  .meta({ id: 'VillageMonth' });
const MonthSummary = z.object({
  month: z.string(),
  workflowId: z.string(),
  phase: z.enum(PHASES),
  hostVillageId: z.string().nullable(),
  problems: z.number().int(),
  closedAt: z.string().nullable(),
});
const FullReport = z
  .object({
    townUnitId: z.string(),
    month: z.string(),
    host: z.object({ villageId: z.string(), villageName: z.string(), chosenBy: z.enum(['score', 'override']), reason: z.string().optional() }).nullable(),
    receptionDate: z.string().nullable(),
    totals: ReportSchema,
    items: z.array(
      z.object({
        problemId: z.string(),
        villageName: z.string(),
        title: z.string(),
        responsibleUnitId: z.string().nullable(),
        deadline: z.string().nullable(),
        caseId: z.string().nullable(),
        caseStatus: z.string().nullable(),
        outcome: z.enum(OUTCOMES),
        expectedBy: z.string().nullable(),
        /** Months carried, this month's carry included. */
        monthsCarried: z.number().int(),
        flagged: z.boolean(),
        note: z.string().nullable(),
      }),
    ),
    /** Problems of this town solved since the centre began (跑办代访中心成立以来累计解决). */
    solvedSinceStart: z.number().int(),
  })
  .meta({ id: 'VillageMonthReport' });

/** Leaders who may read the solved count (any leader: city leaders, unit heads, chiefs, supervisors). */
const LEADERS: readonly Role[] = ['city_leader', 'principal_head', 'deputy_head', 'section_chief', 'supervisor', 'admin'];
/** Who reads a town's months: its officers (their own town only), city leaders, supervisors and admins. */
const READERS: readonly Role[] = [...OFFICER, 'city_leader', 'supervisor', 'admin'];

const villageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;

  const town = async (townId: string) => (await townOf(db, townId));
  const isTownOfficer = (p: Principal, townId: string) => OFFICER.includes(p.role) && p.unitId === townId;
  /** Town officers act; city leaders, supervisors and admins read along (the route's roles: READERS). */
  function reader(req: FastifyRequest, townId: string): Principal {
    const p = callerOf(req);
    assertReadsTown(p, townId);
    return p;
  }
  /** An officer of the town (the route's roles say which). */
  function townOfficer(req: FastifyRequest, townId: string): Principal {
    const p = callerOf(req);
    if (!isTownOfficer(p, townId)) throw new Problem(403, 'FORBIDDEN_UNIT', `This is for officers of ${townId}.`);
    return p;
  }
  const monthRow = async (townId: string, month: string) => (await monthRowOf(db, townId, month));
  /** Talks to the month's workflow: its codes answer with the catalogue's statuses; a missing or closed month is named as one. */
  async function call<T>(fn: () => Promise<T>, waitMs?: number): Promise<T> {
    try {
      return await callWorkflow(client, fn, waitMs);
    } catch (e) {
      if (e instanceof Problem && e.code === 'CASE_NOT_FOUND') throw new Problem(404, 'MONTH_NOT_FOUND', 'No such month.');
      if (e instanceof Problem && e.code === 'CASE_CLOSED') throw new Problem(409, 'MONTH_CLOSED', 'The month is closed.');
      throw e;
    }
  }

  /** The month as the API shows it: the workflow's state plus each case's current status. */
  async function present(v: VillageMonthView) {
    const status = (await caseStatusesOf(db, v));
    return {
      ...v,
      problems: v.problems.map((p) => ({ ...p, ...(p.path && status.has(p.path.caseId) ? { caseStatus: status.get(p.path.caseId)! } : {}) })),
      links: { temporalUi: `${config.temporalUiUrl}/namespaces/${config.temporalNamespace}/workflows/${encodeURIComponent(v.workflowId)}` },
    };
  }
  app.get(
    '/towns/:townId/villages',
    {
      config: { roles: READERS },
      schema: { tags: ['villages'], summary: "A town's villages and communities (村/社区)", security: bearerSecurity, params: TownParams, response: { 200: z.array(Village), ...errors } },
    },
    async (req) => {
      await town(req.params.townId);
      return villagesOf(db, req.params.townId);
    },
  );

  app.get(
    '/towns/:townId/months',
    {
      config: { roles: READERS },
      schema: { tags: ['villages'], summary: "A town's months, newest first", security: bearerSecurity, params: TownParams, response: { 200: z.object({ items: z.array(MonthSummary) }), ...errors } },
    },
    async (req) => {
      reader(req, req.params.townId);
      await town(req.params.townId);
      return { items: (await monthsOf(db, req.params.townId)) };
    },
  );

  app.post(
    '/towns/:townId/months',
    {
      config: { roles: ['principal_head', 'admin'] },
      schema: {
        tags: ['villages'],
        summary: "Start a town's month by hand (the schedule starts it on the first working day)",
        description: '`timing` (durations replacing the calendar dates) is refused in production. A month runs once: an existing one answers 200.',
        security: bearerSecurity,
        params: TownParams,
        body: z.strictObject({ month: MonthSchema, timing: TimingSchema.optional() }),
        response: { 200: MonthViewSchema, 201: MonthViewSchema, ...errors },
      },
    },
    async (req, reply) => {
      const p = callerOf(req);
      if (p.role !== 'admin' && p.unitId !== req.params.townId) throw new Problem(403, 'FORBIDDEN_UNIT', "Only the town's principal head (or an admin) starts its month.");
      await town(req.params.townId);
      if (req.body.timing && config.production) throw new Problem(422, 'TIMING_NOT_ALLOWED', 'Custom timing is for tests and demos, not production.');
      const { workflowId, started } = await call(() =>
        startVillageMonth(client, { townUnitId: req.params.townId, month: req.body.month, taskQueue: config.taskQueue, timing: req.body.timing, startedBy: p.id }),
      );
      let view: VillageMonthView;
      try {
        view = await call(() => client.workflow.getHandle(workflowId).executeUpdate(villageOpenedUpdate, { args: [] }));
      } catch (e) {
        // A finished month answers from the read model.
        if (!(e instanceof Problem) || e.code !== 'MONTH_CLOSED') throw e;
        view = (await monthRow(req.params.townId, req.body.month)).view as VillageMonthView;
      }
      return reply.code(started ? 201 : 200).send((await present(view)));
    },
  );

  app.get(
    '/towns/:townId/months/:month',
    {
      config: { roles: READERS },
      schema: {
        tags: ['villages'],
        summary: 'One month: problems, scores, host, reception, checks, report',
        description: 'Reads the read model (it needs no worker). `consistency=strong` asks the workflow itself.',
        security: bearerSecurity,
        params: MonthParams,
        querystring: z.object({ consistency: z.enum(['read_model', 'strong']).optional() }),
        response: { 200: MonthViewSchema, ...errors },
      },
    },
    async (req) => {
      reader(req, req.params.townId);
      const row = (await monthRow(req.params.townId, req.params.month));
      const view = req.query.consistency === 'strong' ? await call(() => client.workflow.getHandle(row.id).query(villageMonthQuery), 5000) : (row.view as VillageMonthView);
      return present(view);
    },
  );

  app.post(
    '/towns/:townId/months/:month/problems',
    {
      config: { roles: OFFICER },
      schema: {
        tags: ['villages'],
        summary: "Submit a village's problem (村干部代访: a town officer records it for the village)",
        security: bearerSecurity,
        params: MonthParams,
        headers: IdemHeaders,
        body: SubmitProblemSchema,
        response: { 201: ProblemView, ...errors },
      },
    },
    async (req, reply) => {
      const p = townOfficer(req, req.params.townId);
      const row = (await monthRow(req.params.townId, req.params.month));
      const problem = await call(() =>
        client.workflow.getHandle(row.id).executeUpdate(villageSubmitProblemUpdate, { args: [{ actorId: p.id, body: req.body }], updateId: updateIdOf(p.id, req.headers['idempotency-key']) }),
      );
      return reply.code(201).send(problem);
    },
  );

  app.post(
    '/towns/:townId/months/:month/close-collection',
    {
      config: { roles: ['principal_head', 'deputy_head'] },
      schema: {
        tags: ['villages'],
        summary: 'Close the collection early and choose the host village by the urgency score',
        security: bearerSecurity,
        params: MonthParams,
        body: z.strictObject({ note: z.string().trim().max(2000).optional() }).optional(),
        response: { 200: MonthViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = townOfficer(req, req.params.townId);
      const row = (await monthRow(req.params.townId, req.params.month));
      return present(await call(() => client.workflow.getHandle(row.id).executeUpdate(villageCloseCollectionUpdate, { args: [{ actorId: p.id, body: req.body ?? {} }] })));
    },
  );

  app.post(
    '/towns/:townId/months/:month/host',
    {
      config: { roles: ['principal_head'] },
      schema: {
        tags: ['villages'],
        summary: 'Override the host village (town head only), with the reason on record',
        security: bearerSecurity,
        params: MonthParams,
        body: OverrideHostSchema,
        response: { 200: MonthViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = townOfficer(req, req.params.townId);
      const row = (await monthRow(req.params.townId, req.params.month));
      return present(await call(() => client.workflow.getHandle(row.id).executeUpdate(villageOverrideHostUpdate, { args: [{ actorId: p.id, body: req.body }] })));
    },
  );

  app.post(
    '/towns/:townId/months/:month/reception',
    {
      config: { roles: OFFICER },
      schema: {
        tags: ['villages'],
        summary: 'Record the reception: date, leaders present, and each problem\'s agreed path (a case starts for each)',
        description: 'Every problem of the month needs one path: a responsible unit and a deadline. Each starts a case through the normal intake (channel `village_reception`), created by the caller.',
        security: bearerSecurity,
        params: MonthParams,
        headers: IdemHeaders,
        body: ReceptionSchema,
        response: { 200: MonthViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = townOfficer(req, req.params.townId);
      const row = (await monthRow(req.params.townId, req.params.month));
      // Bad unit ids answer here, before the workflow is asked.
      await assertUnitsKnown(db, req.body.paths.map((x) => x.responsibleUnitId));
      // Starting the cases takes a moment each.
      const v = await call(
        () => client.workflow.getHandle(row.id).executeUpdate(villageReceptionUpdate, { args: [{ actorId: p.id, body: req.body }], updateId: updateIdOf(p.id, req.headers['idempotency-key']) }),
        30_000,
      );
      return present(v);
    },
  );

  app.post(
    '/towns/:townId/months/:month/checks',
    {
      config: { roles: OFFICER },
      schema: {
        tags: ['villages'],
        summary: 'Record the mid-month on-site check (月中实地察看) or the month-end follow-up (月底回访)',
        description: 'The month-end follow-up closes the month: every problem solved (its case resolved), in progress with an expected date, or carried into next month.',
        security: bearerSecurity,
        params: MonthParams,
        headers: IdemHeaders,
        body: CheckSchema,
        response: { 200: MonthViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = townOfficer(req, req.params.townId);
      const row = (await monthRow(req.params.townId, req.params.month));
      return present(
        await call(() =>
          client.workflow.getHandle(row.id).executeUpdate(villageCheckUpdate, { args: [{ actorId: p.id, body: req.body }], updateId: updateIdOf(p.id, req.headers['idempotency-key']) }),
        ),
      );
    },
  );

  app.get(
    '/towns/:townId/months/:month/report',
    {
      config: { roles: READERS },
      schema: { tags: ['villages'], summary: "The month's closed-loop report (闭环)", security: bearerSecurity, params: MonthParams, response: { 200: FullReport, ...errors } },
    },
    async (req) => {
      reader(req, req.params.townId);
      const row = (await monthRow(req.params.townId, req.params.month));
      const v = (await present(row.view as VillageMonthView));
      if (!v.report) throw new Problem(409, 'MONTH_NOT_CLOSED', `The report comes with the month-end follow-up; the month is ${v.phase}.`);
      return {
        townUnitId: v.townUnitId,
        month: v.month,
        host: v.host ? { villageId: v.host.villageId, villageName: v.host.villageName, chosenBy: v.host.chosenBy, ...(v.host.reason ? { reason: v.host.reason } : {}) } : null,
        receptionDate: v.reception?.date ?? null,
        totals: v.report,
        items: v.problems.map((p) => ({
          problemId: p.id,
          villageName: p.villageName,
          title: p.title,
          responsibleUnitId: p.path?.responsibleUnitId ?? null,
          deadline: p.path?.deadline ?? null,
          caseId: p.path?.caseId ?? null,
          caseStatus: p.caseStatus ?? null,
          outcome: p.outcome!.kind,
          expectedBy: p.outcome?.expectedBy ?? null,
          monthsCarried: p.carryCount + (p.outcome?.kind === 'carried' ? 1 : 0),
          flagged: p.flagged ?? false,
          note: p.outcome?.note ?? null,
        })),
        solvedSinceStart: (await solvedCount(db, v.townUnitId)),
      };
    },
  );

  app.get(
    '/villages/solved-count',
    {
      config: { roles: LEADERS },
      schema: {
        tags: ['villages'],
        summary: 'Problems solved since the centre began (累计解决), in all towns and per town',
        security: bearerSecurity,
        querystring: z.object({ townId: z.string().max(64).optional() }),
        response: {
          200: z.object({
            solved: z.number().int(),
            /** The first month on record. */
            since: z.string().nullable(),
            byTown: z.array(z.object({ townUnitId: z.string(), name: z.string(), solved: z.number().int() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      if (req.query.townId) await town(req.query.townId);
      return solvedSinceStart(db, req.query.townId);
    },
  );
};
export default villageRoutes;
