// Each unit's part of a coordinated case: its opinion (can_do / cannot), escalation inside the unit,
// and the lead withdrawing a part. The part's own workflow checks the rules.
import { seesRequesterPhone } from '../../domain/privacy.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EscalateSchema, OpinionSchema } from '../../domain/messages.js';
import { partDecideUpdate, withdrawPartUpdate } from '../../workflows/definitions.js';
import { openPartOf, partViewOf } from '../../services/parts.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { problemOf, ProblemSchema } from '../errors.js';
import { callWorkflow, updateIdOf } from '../temporal.js';
import { CaseStateSchema, caseState, loadCaseFor, mustBeOpened } from '../case-view.js';

const Params = z.object({ id: z.string().max(64), unitId: z.string().max(64) });
const Headers = z.looseObject({ 'idempotency-key': z.string().min(1).max(128).optional() });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 503: ProblemSchema };
export const PartSchema = z
  .looseObject({
    caseId: z.string(),
    unitId: z.string(),
    workflowId: z.string(),
    question: z.string(),
    status: z.enum(['open', 'answered', 'lapsed', 'withdrawn']),
    tier: z.string(),
    assignee: z.looseObject({ principalId: z.string(), name: z.string() }).nullable(),
    deadlineAt: z.string().nullable(),
    answer: z.looseObject({ stance: z.string() }).optional(),
    timeline: z.array(z.looseObject({ seq: z.number(), action: z.string() })),
  })
  .meta({ id: 'UnitPart' });

const partRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;
  const wait = app.deps.updateWaitMs;

  /** The open part of that unit on that case, for an officer of that unit. */
  async function partFor(req: Parameters<typeof loadCaseFor>[1], caseId: string, unitId: string) {
    const p = callerOf(req);
    if (p.unitId !== unitId) throw problemOf('FORBIDDEN_UNIT', "Only that unit's officers act on its part.");
    const { row: caseRow } = (await loadCaseFor(db, req, caseId));
    return { principal: p, row: (await openPartOf(db, caseId, unitId, caseRow.view)) };
  }

  async function decidePart(req: Parameters<typeof loadCaseFor>[1] & { headers: { 'idempotency-key'?: string } }, caseId: string, unitId: string, decision: unknown) {
    const { principal, row } = (await partFor(req, caseId, unitId));
    const key = req.headers['idempotency-key'];
    return callWorkflow(
      client,
      () =>
        client.workflow
          .getHandle(row.workflowId)
          .executeUpdate(partDecideUpdate, { args: [{ actorId: principal.id, decision } as never], updateId: updateIdOf(principal.id, key) }),
      wait,
    );
  }

  app.post(
    '/cases/:id/parts/:unitId/opinion',
    {
      config: { roles: OFFICER },
      schema: {
        tags: ['coordination'],
        summary: "A unit's answer to the lead (can_do with a plan, or cannot — principal head only, with a legal basis)",
        description: "A part that is closed (answered, lapsed, or withdrawn by the lead: from the moment the lead's DELETE answered) answers 422 PART_CLOSED and changes nothing.",
        security: bearerSecurity,
        params: Params,
        headers: Headers,
        body: OpinionSchema,
        response: { 200: PartSchema, ...errors },
      },
    },
    async (req) => (await decidePart(req, req.params.id, req.params.unitId, { action: 'opinion', opinion: req.body })) as unknown as z.infer<typeof PartSchema>,
  );

  app.post(
    '/cases/:id/parts/:unitId/decisions',
    {
      config: { roles: OFFICER },
      schema: {
        tags: ['coordination'],
        summary: "Escalate a unit's part inside that unit (same rules as a case)",
        security: bearerSecurity,
        params: Params,
        headers: Headers,
        body: EscalateSchema,
        response: { 200: PartSchema, ...errors },
      },
    },
    async (req) => (await decidePart(req, req.params.id, req.params.unitId, req.body)) as unknown as z.infer<typeof PartSchema>,
  );

  app.get(
    '/cases/:id/parts/:unitId',
    { schema: { tags: ['coordination'], summary: "One unit's part with its timeline", security: bearerSecurity, params: Params, response: { 200: PartSchema, 401: ProblemSchema, 404: ProblemSchema } } },
    async (req) => {
      await loadCaseFor(db, req, req.params.id);
      return (await partViewOf(db, req.params.id, req.params.unitId)) as z.infer<typeof PartSchema>;
    },
  );

  app.delete(
    '/cases/:id/parts/:unitId',
    {
      config: { roles: OFFICER },
      schema: {
        tags: ['coordination'],
        summary: "The lead withdraws one unit's part (撤回协调)",
        security: bearerSecurity,
        params: Params,
        headers: Headers,
        response: { 200: CaseStateSchema, ...errors },
      },
    },
    async (req) => {
      const p = callerOf(req);
      const { row } = (await loadCaseFor(db, req, req.params.id));
      await mustBeOpened(db, row);
      const key = req.headers['idempotency-key'];
      const v = await callWorkflow(
        client,
        () => client.workflow.getHandle(row.workflowId).executeUpdate(withdrawPartUpdate, { args: [{ actorId: p.id, unitId: req.params.unitId }], updateId: updateIdOf(p.id, key) }),
        wait,
      );
      return caseState(row, v, v.timeline, { publicUrl: config.publicUrl, temporalUiUrl: config.temporalUiUrl, namespace: config.temporalNamespace }, { showPhone: seesRequesterPhone(p.role), now: new Date() });
    },
  );
};
export default partRoutes;
