// Cases: intake (starts the workflow), one case with its timeline, and the filtered list.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, desc, eq, gt, inArray, isNotNull, like, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { caseStartAttempts, caseUnits, cases, principals } from '../../db/schema.js';
import { IntakeError, startIntake } from '../../activities/intake.js';
import { IntakeSchema, TierSchema } from '../../domain/messages.js';
import { CASE_STATUSES, CLOSED_STATUSES } from '../../domain/tiers.js';
import { stateQuery } from '../../workflows/definitions.js';
import type { CaseView } from '../../workflows/case-state.js';
import { bearerSecurity, OFFICER, requireRole } from '../auth.js';
import { Problem, ProblemSchema, problemOf } from '../errors.js';
import { callWorkflow } from '../temporal.js';
import { complaintsForCase } from '../supervision/complaints.js';
import { similarPrecedents } from '../../db/library.js';
import { CaseStateSchema, caseState, etagOf, partsOf, loadCaseFor, stepsOf, trackingCodeFor, type CaseRow } from '../case-view.js';

const IntakeAnswer = z
  .object({
    id: z.string(),
    trackingCode: z.string(),
    /** The requester's tracking page; the code rides in the fragment, which browsers never send. */
    trackingUrl: z.string(),
    workflowId: z.string(),
    status: z.enum(CASE_STATUSES),
    tier: TierSchema,
    assignee: z.object({ principalId: z.string(), name: z.string(), role: z.string() }).nullable(),
    deadlineAt: z.string().nullable(),
    deadlineProvisional: z.boolean(),
    /** The case library's closest precedents (案例汇编), so the officer sees how others solved it. */
    similarPrecedents: z.array(z.object({ id: z.string(), title: z.string(), sourceKind: z.string(), place: z.string().nullable() })),
  })
  .meta({ id: 'IntakeAnswer' });

const CaseSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(CASE_STATUSES),
    tier: TierSchema,
    leadUnitId: z.string(),
    assignee: z.object({ principalId: z.string(), name: z.string() }).nullable(),
    deadlineAt: z.string().nullable(),
    overdue: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'CaseSummary' });

export function summaryOf(r: CaseRow, now: Date) {
  const closed = CLOSED_STATUSES.includes(r.status as (typeof CASE_STATUSES)[number]);
  return {
    id: r.id,
    title: r.title,
    status: r.status as (typeof CASE_STATUSES)[number],
    tier: r.tier as z.infer<typeof TierSchema>,
    leadUnitId: r.leadUnitId,
    assignee: r.assigneeId ? { principalId: r.assigneeId, name: r.assigneeName ?? '' } : null,
    deadlineAt: r.deadlineAt,
    overdue: !closed && !!r.deadlineAt && Date.parse(r.deadlineAt) < now.getTime(),
    createdAt: r.createdAt,
  };
}
export { CaseSummary };

const ListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  unitId: z.string().max(64).optional(),
  tier: TierSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;
  const links = { publicUrl: config.publicUrl, temporalUiUrl: config.temporalUiUrl, namespace: config.temporalNamespace };

  /**
   * An officer opens cases for their own unit only (a case lands in another unit's inbox through
   * escalation and coordination, not at intake); integrators such as the 12345 platform route cases
   * to any unit. Nobody assigns a case to an officer who has left their post.
   */
  function mayAssign(caller: { role: string; unitId: string | null }, body: { firstContactOfficerId?: string; firstContactUnitId?: string }) {
    const officer = body.firstContactOfficerId ? db.select().from(principals).where(eq(principals.id, body.firstContactOfficerId)).get() : undefined;
    if (officer && !officer.active) throw problemOf('OFFICER_INACTIVE', `${officer.id} is no longer active; name the unit (firstContactUnitId) instead.`);
    if (!(OFFICER as readonly string[]).includes(caller.role)) return;
    const named = [body.firstContactUnitId, officer?.unitId].filter((u): u is string => !!u);
    if (named.some((u) => u !== caller.unitId)) {
      throw problemOf('ASSIGNMENT_OUTSIDE_UNIT', 'An officer starts cases in their own unit only; other units are reached by escalating or coordinating (牵头协调).');
    }
  }

  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Intake: start a case (受理)',
        description: 'Idempotent by `externalId` (per caller) or, without one, by the `Idempotency-Key` header: a retry answers 200 with the same case.',
        security: bearerSecurity,
        headers: z.looseObject({ 'idempotency-key': z.string().min(1).max(100).optional() }),
        body: IntakeSchema,
        response: { 200: IntakeAnswer, 201: IntakeAnswer, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (req, reply) => {
      const caller = requireRole(req, [...OFFICER, 'integrator']);
      mayAssign(caller, req.body);
      try {
        const r = await startIntake(
          {
            db,
            client,
            taskQueue: config.taskQueue,
            publicUrl: config.publicUrl,
            trackingCodeFor: (id) => trackingCodeFor(app.deps.trackingSecret, id),
            call: (fn, workflowId) => callWorkflow(client, fn, app.deps.updateWaitMs, workflowId),
          },
          // Without an externalId, the Idempotency-Key stands in for one, so a retried intake is one case.
          !req.body.externalId && req.headers['idempotency-key'] ? { ...req.body, externalId: `idem:${req.headers['idempotency-key']}` } : req.body,
          caller,
        );
        return reply.code(r.created ? 201 : 200).send(answer(r.row, r.view));
      } catch (e) {
        if (e instanceof IntakeError) throw new Problem(e.status, e.code, e.message);
        throw e;
      }
    },
  );

  function answer(row: CaseRow, v: CaseView | null) {
    return {
      id: row.id,
      trackingCode: trackingCodeFor(app.deps.trackingSecret, row.id),
      trackingUrl: `${config.publicUrl}/t/${encodeURIComponent(row.id)}#code=${trackingCodeFor(app.deps.trackingSecret, row.id)}`,
      workflowId: row.workflowId,
      status: (v?.status ?? row.status) as (typeof CASE_STATUSES)[number],
      tier: (v?.tier ?? row.tier) as z.infer<typeof TierSchema>,
      assignee: v?.assignee ? { principalId: v.assignee.principalId, name: v.assignee.name, role: v.assignee.role } : null,
      deadlineAt: v?.deadlineAt ?? row.deadlineAt,
      deadlineProvisional: v?.deadlineProvisional ?? false,
      similarPrecedents: similarPrecedents(db, { title: row.title, description: row.description, category: row.category, excludeCaseId: row.id }, 3).map((p) => ({
        id: p.id,
        title: p.title,
        sourceKind: p.sourceKind,
        place: p.place,
      })),
    };
  }

  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'One case with its timeline',
        description:
          'Reads the read model (it needs no worker). `consistency=strong` asks the workflow itself. The `ETag` header is the case version (`"v12"`, also `version` in the body): send it as `If-Match` with a decision, and a decision on an older version answers 409 STALE_DECISION.',
        security: [...bearerSecurity, {}],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ trackingCode: z.string().max(64).optional(), consistency: z.enum(['read_model', 'strong']).optional() }),
        response: { 200: CaseStateSchema, 401: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { row, caller } = loadCaseFor(db, req, req.params.id, req.query.trackingCode);
      let view: CaseView | null = null;
      let timeline;
      if (req.query.consistency === 'strong') {
        view = await callWorkflow(client, () => client.workflow.getHandle(row.workflowId).query(stateQuery), 5000, row.workflowId);
        timeline = view.timeline;
      } else {
        timeline = stepsOf(db, row.id);
      }
      const showPhone = caller.kind === 'principal' && (OFFICER.includes(caller.principal.role) || caller.principal.role === 'admin');
      const state = caseState(row, view, timeline, links, { showPhone, now: new Date(), parts: partsOf(db, row.id) });
      reply.header('etag', etagOf(state.version));
      return caller.kind === 'principal' ? { ...state, complaints: complaintsForCase(db, row.id) } : state;
    },
  );

  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Cases, filtered, newest first, cursor-paged',
        security: bearerSecurity,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => {
      const p = requireRole(req, [...OFFICER, 'city_leader', 'supervisor', 'admin']);
      const q = req.query;
      const now = new Date();
      // A row whose workflow has not answered yet is not a case anyone can act on (the sweep starts it).
      const where: SQL[] = [gt(cases.lastSeq, 0)];
      // Officers see their own unit's cases; the city and the efficiency office see all.
      const unitScope = OFFICER.includes(p.role) ? p.unitId : null;
      if (unitScope && q.unitId && q.unitId !== unitScope) throw new Problem(403, 'FORBIDDEN_UNIT', 'Officers list their own unit\'s cases.');
      const unitId = unitScope ?? q.unitId;
      if (unitId) where.push(inArray(cases.id, db.select({ id: caseUnits.caseId }).from(caseUnits).where(eq(caseUnits.unitId, unitId))));
      if (q.status) where.push(eq(cases.status, q.status));
      if (q.tier) where.push(eq(cases.tier, q.tier));
      if (q.overdue === 'true') where.push(and(isNotNull(cases.deadlineAt), lt(cases.deadlineAt, now.toISOString()), notInArray(cases.status, [...CLOSED_STATUSES]))!);
      if (q.overdue === 'false') where.push(or(sql`${cases.deadlineAt} is null`, sql`${cases.deadlineAt} >= ${now.toISOString()}`, inArray(cases.status, [...CLOSED_STATUSES]))!);
      if (q.q) where.push(or(like(cases.title, `%${q.q}%`), like(cases.description, `%${q.q}%`), eq(cases.id, q.q))!);
      if (q.cursor) {
        const [createdAt, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
        if (!createdAt || !id) throw new Problem(400, 'BAD_CURSOR', 'The cursor is not one this API gave.');
        where.push(or(lt(cases.createdAt, createdAt), and(eq(cases.createdAt, createdAt), lt(cases.id, id)))!);
      }
      const rows = db.select().from(cases).where(and(...where)).orderBy(desc(cases.createdAt), desc(cases.id)).limit(q.limit + 1).all();
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => summaryOf(r, now)),
        nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') : null,
      };
    },
  );

  const StartFailure = z
    .object({
      caseId: z.string(),
      title: z.string(),
      leadUnitId: z.string(),
      createdBy: z.string(),
      createdAt: z.string(),
      /** retrying: the sweep tries again each minute; start_failed: given up, waits for a supervisor. */
      status: z.enum(['retrying', 'start_failed']),
      attempts: z.number().int(),
      firstFailedAt: z.string(),
      lastFailedAt: z.string(),
      errorCode: z.string(),
      errorDetail: z.string(),
    })
    .meta({ id: 'IntakeStartFailure' });

  app.get(
    '/intake/failed',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Cases taken in whose workflow could not be started (受理未启动)',
        description:
          'The one-minute recovery sweep starts every case whose row was written before a crash, each on its own. A row that keeps failing is retried up to 10 times or for 30 minutes from its first failure, then marked `start_failed` and left here for a supervisor. `status=retrying` lists those still being tried.',
        security: bearerSecurity,
        querystring: z.object({ status: z.enum(['retrying', 'start_failed']).default('start_failed') }),
        response: { 200: z.object({ items: z.array(StartFailure) }), 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => {
      requireRole(req, ['supervisor', 'admin']);
      const rows = db
        .select()
        .from(caseStartAttempts)
        .innerJoin(cases, eq(cases.id, caseStartAttempts.caseId))
        .where(and(eq(caseStartAttempts.status, req.query.status), eq(cases.lastSeq, 0)))
        .orderBy(desc(caseStartAttempts.lastFailedAt))
        .limit(500)
        .all();
      return {
        items: rows.map(({ case_start_attempts: a, cases: c }) => ({
          caseId: c.id,
          title: c.title,
          leadUnitId: c.leadUnitId,
          createdBy: c.createdBy,
          createdAt: c.createdAt,
          status: a.status as 'retrying' | 'start_failed',
          attempts: a.attempts,
          firstFailedAt: a.firstFailedAt,
          lastFailedAt: a.lastFailedAt,
          errorCode: a.errorCode,
          errorDetail: a.errorDetail,
        })),
      };
    },
  );

  app.post(
    '/intake/failed/:caseId/retry',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Hand a given-up intake back to the sweep (once the cause is fixed)',
        security: bearerSecurity,
        params: z.object({ caseId: z.string().max(64) }),
        response: { 202: z.object({ caseId: z.string(), status: z.literal('retrying') }), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      requireRole(req, ['supervisor', 'admin']);
      const gone = db.delete(caseStartAttempts).where(eq(caseStartAttempts.caseId, req.params.caseId)).returning().get();
      if (!gone) throw new Problem(404, 'NOT_FOUND', 'No failed intake with that case id.');
      return reply.code(202).send({ caseId: req.params.caseId, status: 'retrying' as const });
    },
  );
};
export default caseRoutes;
