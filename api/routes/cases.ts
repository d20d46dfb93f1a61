// Cases: intake (starts the workflow), one case with its timeline, and the filtered list.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IntakeSchema, TierSchema } from '../../domain/messages.js';
import { CASE_STATUSES } from '../../domain/tiers.js';
import { stateQuery } from '../../workflows/definitions.js';
import type { CaseView } from '../../domain/case.js';
import { intakeFailures, listCases, partsOf, precedentsFor, retryIntake, stepsOf, trackingCodeFor, type CaseRow } from '../../services/cases.js';
import { complaintStartFailures, mayAssign, startIntake, trackingUrl } from '../../services/intake.js';
import { complaintsForCase } from '../../services/complaints.js';
import { noticesOf, textMessagesOf } from '../../services/requester-messages.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { ProblemSchema } from '../errors.js';
import { callWorkflow } from '../temporal.js';
import { CaseStateSchema, caseState, etagOf, loadCaseFor, OPENING_RETRY_AFTER_S, requesterView, RequesterViewSchema } from '../case-view.js';
import { seesRequesterPhone } from '../../domain/privacy.js';
import { idempotencyExternalId } from '../../domain/integration-events.js';

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
    /** In the case list: the reference its creator gave at intake (an integrator's ticket number), and its category. */
    externalId: z.string().nullable().optional(),
    category: z.string().nullable().optional(),
  })
  .meta({ id: 'CaseSummary' });

/** Kept here for the routes that list cases beside their own items (the inbox). */
export { CaseSummary };

const ListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  unitId: z.string().max(64).optional(),
  tier: TierSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  externalId: z.string().max(128).optional().describe('A case by the reference its creator gave at intake; an integrator finds its own ticket numbers'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;
  const links = { publicUrl: config.publicUrl, temporalUiUrl: config.temporalUiUrl, namespace: config.temporalNamespace };

  app.post(
    '/cases',
    {
      config: { roles: [...OFFICER, 'integrator'] },
      schema: {
        tags: ['cases'],
        summary: 'Intake: start a case (受理)',
        description:
          'Idempotent by `externalId` (per caller) or, without one, by the `Idempotency-Key` header: a retry answers 200 with the same case. ' +
          'The answer waits (bounded) until the case engine has set the first assignee and deadline. When it cannot say in time (the engine is overloaded or down), ' +
          'the case is still taken in (受理): the answer is `202` with its id, tracking code and tracking link, `assignee` and `deadlineAt` null, `Location` naming the case and `Retry-After` (seconds before asking). ' +
          'The engine sets them by itself; `GET /v1/cases/{id}` shows them, and a retry with the same `externalId` or `Idempotency-Key` answers the same case.',
        security: bearerSecurity,
        headers: z.looseObject({ 'idempotency-key': z.string().min(1).max(100).optional() }),
        body: IntakeSchema,
        response: { 200: IntakeAnswer, 201: IntakeAnswer, 202: IntakeAnswer, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      await mayAssign(db, caller, req.body);
      const r = await startIntake(
          {
            db,
            client,
            taskQueue: config.taskQueue,
            publicUrl: config.publicUrl,
            trackingCodeFor: (id) => trackingCodeFor(app.deps.trackingSecret, id),
            call: (fn, workflowId) => callWorkflow(client, fn, app.deps.updateWaitMs, workflowId),
            catalogue: true,
            acceptPending: true,
          },
          // Without an externalId, the Idempotency-Key stands in for one, so a retried intake is one case.
          !req.body.externalId && req.headers['idempotency-key'] ? { ...req.body, externalId: idempotencyExternalId(req.headers['idempotency-key']) } : req.body,
          caller,
        );
      if (r.pending) {
        // Taken in, first assignee to come: where to look, and roughly when.
        return reply.code(202).header('location', `/v1/cases/${encodeURIComponent(r.row.id)}`).header('retry-after', String(OPENING_RETRY_AFTER_S)).send((await answer(r.row, null)));
      }
      return reply.code(r.created ? 201 : 200).send((await answer(r.row, r.view)));
    },
  );

  async function answer(row: CaseRow, v: CaseView | null) {
    return {
      id: row.id,
      trackingCode: trackingCodeFor(app.deps.trackingSecret, row.id),
      trackingUrl: trackingUrl(config.publicUrl, row.id, trackingCodeFor(app.deps.trackingSecret, row.id)),
      workflowId: row.workflowId,
      status: (v?.status ?? row.status) as (typeof CASE_STATUSES)[number],
      tier: (v?.tier ?? row.tier) as z.infer<typeof TierSchema>,
      assignee: v?.assignee ? { principalId: v.assignee.principalId, name: v.assignee.name, role: v.assignee.role } : null,
      deadlineAt: v?.deadlineAt ?? row.deadlineAt,
      deadlineProvisional: v?.deadlineProvisional ?? false,
      similarPrecedents: (await precedentsFor(db, row)),
    };
  }

  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'One case with its timeline',
        description:
          'Reads the read model (it needs no worker). `consistency=strong` asks the workflow itself. The `ETag` header is the case version (`"v12"`, also `version` in the body): send it as `If-Match` with a decision, and a decision on an older version answers 409 STALE_DECISION. ' +
          'With the tracking code (and no token that may read the case) the answer is the requester\'s own view (`RequesterView`): tiers and the words meant for the requester, never who.',
        security: [...bearerSecurity, {}],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ trackingCode: z.string().max(64).optional(), consistency: z.enum(['read_model', 'strong']).optional() }),
        response: { 200: z.union([CaseStateSchema, RequesterViewSchema]), 401: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { row, caller } = (await loadCaseFor(db, req, req.params.id, req.query.trackingCode));
      // The requester also reads the text messages they were sent, and whether more will come.
      const told = async <T>(v: T) => ({ ...v, notices: await noticesOf(db, row.id), textMessages: await textMessagesOf(db, row) });
      if (caller.kind === 'requester' && req.query.consistency !== 'strong') return told(requesterView(row, null, await stepsOf(db, row.id)));
      let view: CaseView | null = null;
      let timeline;
      // A case taken in with 202 whose workflow has not begun: the read model is all there is to ask.
      if (req.query.consistency === 'strong' && row.lastSeq > 0) {
        view = await callWorkflow(client, () => client.workflow.getHandle(row.workflowId).query(stateQuery), 5000, row.workflowId);
        timeline = view.timeline;
      } else {
        timeline = await stepsOf(db, row.id);
      }
      if (caller.kind === 'requester') return told(requesterView(row, view, timeline));
      const showPhone = seesRequesterPhone(caller.principal.role);
      const state = caseState(row, view, timeline, links, { showPhone, now: new Date(), parts: await partsOf(db, row.id) });
      reply.header('etag', etagOf(state.version));
      const shown = await told(state);
      return caller.kind === 'principal' ? { ...shown, complaints: (await complaintsForCase(db, row.id)) } : shown;
    },
  );

  app.get(
    '/cases',
    {
      config: { roles: [...OFFICER, 'city_leader', 'supervisor', 'admin', 'integrator'] },
      schema: {
        tags: ['cases'],
        summary: 'Cases, filtered, newest first, cursor-paged',
        description: 'Officers list their unit\'s cases; city leaders, supervisors and administrators every case; an integrator the cases it started (`?externalId=` finds one by its ticket number).',
        security: bearerSecurity,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => {
      return listCases(db, callerOf(req), req.query, new Date());
    },
  );

  /** Where the start sweep stands with a row whose workflow has not started. */
  const StartAttempts = z.object({
    /** retrying: the sweep tries again each minute; start_failed: given up, waits for a supervisor. */
    status: z.enum(['retrying', 'start_failed']),
    /** Failed starts that count toward giving up (at most 10); waits for an engine that did not answer in time are not counted. */
    attempts: z.number().int(),
    firstFailedAt: z.string(),
    lastFailedAt: z.string(),
    errorCode: z.string(),
    errorDetail: z.string(),
  });
  const StartFailure = StartAttempts.extend({
    caseId: z.string(),
    title: z.string(),
    leadUnitId: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  }).meta({ id: 'IntakeStartFailure' });
  const ComplaintStartFailure = StartAttempts.extend({
    complaintId: z.string(),
    unitId: z.string(),
    filedAt: z.string(),
  }).meta({ id: 'ComplaintStartFailure' });

  app.get(
    '/intake/failed',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Cases taken in whose workflow could not be started (受理未启动)',
        description:
          'The one-minute recovery sweep starts every case (and complaint) whose row was written before a crash, each on its own. A row that keeps failing is retried up to 10 times or for 30 minutes from its first failure, then marked `start_failed` and left here for a supervisor. A start that got no answer in time (`WORKER_UNAVAILABLE`: no worker running, or the engine overloaded) is the engine\'s, not the row\'s: it is listed here as `retrying` but counts neither as an attempt nor toward the 30 minutes, and never gives a row up; such a case\'s workflow may already exist and be waiting for a worker. `status=retrying` lists those still being tried.',
        security: bearerSecurity,
        querystring: z.object({ status: z.enum(['retrying', 'start_failed']).default('start_failed') }),
        response: {
          200: z.object({
            items: z.array(StartFailure),
            /** Complaints filed whose workflow could not be started, the same way (投诉未启动). */
            complaints: z.array(ComplaintStartFailure),
          }),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (req) => {
      return { items: (await intakeFailures(db, req.query.status)), complaints: (await complaintStartFailures(db, req.query.status)) };
    },
  );

  app.post(
    '/intake/failed/:caseId/retry',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Hand a given-up intake back to the sweep (once the cause is fixed); a complaint\'s by its id',
        security: bearerSecurity,
        params: z.object({ caseId: z.string().max(64) }),
        response: { 202: z.object({ caseId: z.string(), status: z.literal('retrying') }), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await retryIntake(db, req.params.caseId);
      return reply.code(202).send({ caseId: req.params.caseId, status: 'retrying' as const });
    },
  );
};
export default caseRoutes;
