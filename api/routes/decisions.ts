// What changes a case: an officer's decision, and the requester's materials, withdrawal and rating.
// Each is a Temporal Update, so the answer says at once whether the workflow accepted it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DecisionSchema, DirectiveDoneSchema, MaterialsSchema, RatingSchema, WithdrawSchema } from '../../domain/messages.js';
import { decideSignal, decideUpdate, directiveDoneUpdate, rateUpdate, supplyMaterialsUpdate, withdrawUpdate } from '../../workflows/definitions.js';
import type { CaseView } from '../../workflows/case-state.js';
import { bearerSecurity, OFFICER, requireRole } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { callWorkflow } from '../temporal.js';
import { eq } from 'drizzle-orm';
import { units } from '../../db/schema.js';
import { unknownPrecedents } from '../../db/library.js';
import { CaseStateSchema, caseState, loadCaseFor, partsOf, type CaseRow } from '../case-view.js';

const Params = z.object({ id: z.string().max(64) });
const DirectiveParams = z.object({ id: z.string().max(64), unitId: z.string().max(64) });
const TrackingQuery = z.object({ trackingCode: z.string().max(64).optional() });
const IdemHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(128).optional(),
  prefer: z.string().max(200).optional(),
});
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 503: ProblemSchema };
const Accepted = z.object({ accepted: z.literal(true), caseId: z.string(), requestId: z.string() });

const decisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;
  const wait = app.deps.updateWaitMs;
  const links = { publicUrl: config.publicUrl, temporalUiUrl: config.temporalUiUrl, namespace: config.temporalNamespace };
  const answer = (row: CaseRow, v: CaseView, showPhone: boolean) => caseState(row, v, v.timeline, links, { showPhone, now: new Date(), parts: partsOf(db, row.id) });
  /** An Idempotency-Key becomes the update id, scoped to its caller so keys of two callers never meet. */
  const updateId = (who: string, key: string | undefined) => (key ? `${who}:${key}` : undefined);

  app.post(
    '/cases/:id/decisions',
    {
      schema: {
        tags: ['decisions'],
        summary: 'One decision by the current assignee (决定)',
        description:
          'Answers with the new case state once the workflow accepted it. With `Prefer: respond-async` the decision is sent as a signal (fire and forget, 202); a rejected one is recorded on the timeline as `rejected`. `Idempotency-Key` makes a retry apply once.',
        security: bearerSecurity,
        params: Params,
        headers: IdemHeaders,
        body: DecisionSchema,
        response: { 200: CaseStateSchema, 202: Accepted, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireRole(req, [...OFFICER, 'city_leader']);
      const { row } = loadCaseFor(db, req, req.params.id);
      if (req.body.action === 'coordinate') {
        for (const u of req.body.unitIds) {
          if (!db.select({ id: units.id }).from(units).where(eq(units.id, u)).get()) throw new Problem(422, 'UNKNOWN_UNIT', `No unit ${u}.`);
        }
      }
      const unknown = unknownPrecedents(db, req.body.precedentIds);
      if (unknown.length) throw new Problem(422, 'UNKNOWN_PRECEDENT', `No precedent ${unknown.join(', ')}.`, { precedentIds: unknown });
      const key = req.headers['idempotency-key'];
      const envelope = { actorId: p.id, decision: req.body, ...(key ? { requestId: key } : {}) };
      if (/respond-async/i.test(req.headers.prefer ?? '')) {
        await callWorkflow(client, () => client.workflow.getHandle(row.workflowId).signal(decideSignal, envelope));
        return reply.code(202).send({ accepted: true as const, caseId: row.id, requestId: key ?? '' });
      }
      const v = await callWorkflow(
        client,
        () =>
        client.workflow.getHandle(row.workflowId).executeUpdate(decideUpdate, { args: [envelope], updateId: updateId(p.id, key) }),
        wait,
      );
      return answer(row, v, true);
    },
  );

  /** Requester actions: the tracking code opens them (an officer's token does not). */
  function requesterCase(req: Parameters<typeof loadCaseFor>[1], id: string, code: string | undefined): CaseRow {
    if (!code) throw new Problem(401, 'TRACKING_CODE_REQUIRED', 'The requester acts with the case\'s trackingCode.');
    const { row, caller } = loadCaseFor(db, { ...req, principal: null } as typeof req, id, code);
    if (caller.kind !== 'requester') throw new Problem(404, 'CASE_NOT_FOUND', 'No such case.');
    return row;
  }

  app.post(
    '/cases/:id/materials',
    { schema: { tags: ['requester'], summary: 'Supply requested materials (补正材料); the clock resumes', params: Params, querystring: TrackingQuery, headers: IdemHeaders, body: MaterialsSchema, response: { 200: CaseStateSchema, ...errors } } },
    async (req) => {
      const row = requesterCase(req, req.params.id, req.query.trackingCode);
      const v = await callWorkflow(
        client,
        () =>
        client.workflow.getHandle(row.workflowId).executeUpdate(supplyMaterialsUpdate, { args: [req.body], updateId: updateId('requester', req.headers['idempotency-key']) }),
        wait,
      );
      return answer(row, v, false);
    },
  );

  app.post(
    '/cases/:id/withdraw',
    { schema: { tags: ['requester'], summary: 'Withdraw the request (撤回)', params: Params, querystring: TrackingQuery, headers: IdemHeaders, body: WithdrawSchema, response: { 200: CaseStateSchema, ...errors } } },
    async (req) => {
      const row = requesterCase(req, req.params.id, req.query.trackingCode);
      const v = await callWorkflow(
        client,
        () =>
        client.workflow.getHandle(row.workflowId).executeUpdate(withdrawUpdate, { args: [req.body], updateId: updateId('requester', req.headers['idempotency-key']) }),
        wait,
      );
      return answer(row, v, false);
    },
  );

  app.post(
    '/cases/:id/rating',
    {
      schema: {
        tags: ['requester'],
        summary: 'Rate the feedback (好差评); unsatisfied reopens the case once, one tier up',
        params: Params,
        querystring: TrackingQuery,
        headers: IdemHeaders,
        body: RatingSchema,
        response: { 200: CaseStateSchema, ...errors },
      },
    },
    async (req) => {
      const row = requesterCase(req, req.params.id, req.query.trackingCode);
      const v = await callWorkflow(
        client,
        () =>
        client.workflow.getHandle(row.workflowId).executeUpdate(rateUpdate, { args: [req.body], updateId: updateId('requester', req.headers['idempotency-key']) }),
        wait,
      );
      return answer(row, v, false);
    },
  );

  app.post(
    '/cases/:id/directives/:unitId/done',
    {
      schema: {
        tags: ['decisions'],
        summary: 'Report a city directive carried out (交办事项办结)',
        security: bearerSecurity,
        params: DirectiveParams,
        headers: IdemHeaders,
        body: DirectiveDoneSchema,
        response: { 200: CaseStateSchema, ...errors },
      },
    },
    async (req) => {
      const p = requireRole(req, OFFICER);
      if (p.unitId !== req.params.unitId) throw new Problem(403, 'NOT_UNIT_OFFICER', 'Only an officer of that unit reports its directive done.');
      const { row } = loadCaseFor(db, req, req.params.id);
      const v = await callWorkflow(
        client,
        () =>
        client.workflow
          .getHandle(row.workflowId)
          .executeUpdate(directiveDoneUpdate, { args: [{ unitId: req.params.unitId, actorId: p.id, note: req.body.note }], updateId: updateId(p.id, req.headers['idempotency-key']) }),
        wait,
      );
      return answer(row, v, true);
    },
  );
};
export default decisionRoutes;
