// What changes a case: an officer's decision, and the requester's materials, withdrawal and rating.
// Each is a Temporal Update, so the answer says at once whether the workflow accepted it.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DecisionSchema, DirectiveDoneSchema, MaterialsBodySchema, RatingBodySchema, WithdrawBodySchema, type RequesterChannel } from '../../domain/messages.js';
import { seesRequesterPhone } from '../../domain/privacy.js';
import { normalizePhone } from '../../domain/supervision.js';
import { decideSignal, decideUpdate, directiveDoneUpdate, rateUpdate, supplyMaterialsUpdate, withdrawUpdate } from '../../workflows/definitions.js';
import type { CaseUpdateResult, CaseView } from '../../domain/case.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { ERROR_CATALOGUE, handleError, Problem, ProblemSchema, problemOf, schemaErrors, sendProblem } from '../errors.js';
import { asyncDecisionLimitFromEnv, claimAsyncDecision, releaseAsyncDecision } from '../../services/async-decisions.js';
import { callWorkflow, updateCase, updateIdOf } from '../temporal.js';
import { unknownUnits } from '../../services/decisions.js';
import { unknownPrecedents } from '../../services/library.js';
import { CaseStateSchema, caseVersion, etagOf, loadCaseFor, mustBeOpened, parseIfMatch, requesterView, RequesterViewSchema, stepsOf, updatedCase, type CaseRow } from '../case-view.js';
import { caseForCaller } from '../../services/cases.js';
import {
  blankUsedCodes,
  issueRequesterCode,
  needsRequesterCode,
  REQUESTER_CODE_PURPOSES,
  requesterCodeConfig,
  useRequesterCode,
  type RequesterCodePurpose,
} from '../../services/requester-codes.js';
import { createLimiter, smsBudgetFromEnv, smsBudgetLimits, throwLimited } from '../public-limits.js';
import { createHash, randomUUID } from 'node:crypto';
import { checkAttachmentRefs } from '../../services/attachments.js';
import { materialsAnswerIssues } from '../../domain/attachments.js';

const Params = z.object({ id: z.string().max(64) });
const DirectiveParams = z.object({ id: z.string().max(64), unitId: z.string().max(64) });
const TrackingQuery = z.object({ trackingCode: z.string().max(64).optional() });
const IdemHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(128).optional(),
  prefer: z.string().max(200).optional(),
});
const DecisionHeaders = IdemHeaders.extend({
  /** The case version the officer saw (the `ETag` of GET /v1/cases/{id}, e.g. `"v12"`). */
  'if-match': z.string().max(100).optional(),
});
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 503: ProblemSchema };
const Accepted = z.object({ accepted: z.literal(true), caseId: z.string(), requestId: z.string() });
/** A requester action's headers: its Idempotency-Key and, where a mobile phone is on file, the one-time code. */
const RequesterHeaders = IdemHeaders.extend({
  'x-sms-code': z.string().regex(/^\d{6}$/, 'six digits').optional().describe('The one-time code sent to the phone on file (POST /v1/cases/{id}/requester-code); withdrawing and rating need it when a mobile phone is on file'),
});
const CodeRequest = z.strictObject({ purpose: z.enum(REQUESTER_CODE_PURPOSES).describe('What the code is for: it opens that action only') });
const CodeSent = z
  .object({
    purpose: z.enum(REQUESTER_CODE_PURPOSES),
    sentTo: z.string().describe('The phone on file, masked'),
    expiresAt: z.string(),
  })
  .meta({ id: 'RequesterCodeSent' });

const decisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;
  const wait = app.deps.updateWaitMs;
  const asyncLimit = app.deps.asyncDecisionLimit ?? asyncDecisionLimitFromEnv();
  const links = { publicUrl: config.publicUrl, temporalUiUrl: config.temporalUiUrl, namespace: config.temporalNamespace };
  const answer = async (row: CaseRow, r: CaseUpdateResult | CaseView, showPhone: boolean) => (await updatedCase(db, row, r, links, showPhone));
  /** A requester action answers with the requester's own view, whoever relayed it. */
  const requesterAnswer = async (row: CaseRow, r: CaseUpdateResult | CaseView) => requesterView(row, 'summary' in r ? r.summary : r, await stepsOf(db, row.id));

  app.post(
    '/cases/:id/decisions',
    {
      schema: {
        tags: ['decisions'],
        summary: 'One decision by the current assignee (决定)',
        description: [
          'Answers with the new case state once the workflow accepted it (its `ETag` is the new version).',
          '`If-Match` with the case\'s `ETag` (`"v12"`): a decision on an older version answers 409 STALE_DECISION and changes nothing; so does one by a former holder of the case.',
          'With `Prefer: respond-async` the decision is sent as a signal (fire and forget, 202); a rejected one is recorded on the timeline as `rejected`.',
          'A repeated async decision (same `Idempotency-Key`) answers the same 202 and sends nothing; a key reused for another decision answers 422 IDEMPOTENCY_KEY_REUSED.',
          `Each caller sends one case at most ${asyncLimit.perCaller ?? asyncLimit.perCase} async decisions in ${Math.round(asyncLimit.windowMs / 60_000)} minutes, and everyone but its holder together at most ${asyncLimit.perCase}; past that 429 ASYNC_DECISION_LIMIT with Retry-After (synchronous decisions stay open). A reader of the case cannot spend its holder's budget.`,
          '`Idempotency-Key` makes a retry apply once. Two directives of one `direct` to the same unit answer 422 DUPLICATE_UNIT; an unknown unit 422 UNKNOWN_UNIT.',
        ].join(' '),
        security: bearerSecurity,
        params: Params,
        headers: DecisionHeaders,
        body: DecisionSchema,
        response: { 200: CaseStateSchema, 202: Accepted, ...errors, 429: ProblemSchema },
      },
      config: { roles: [...OFFICER, 'city_leader'] },
      // "One directive per unit" is a rule over a well-formed body (a zod refinement): 422, like the
      // other rule errors, not 400.
      errorHandler: (err, req, reply) => {
        const errs = schemaErrors(err);
        if (errs?.length && errs.every((e) => e.issue === 'custom' && e.path.startsWith('body.directives'))) {
          void sendProblem(reply, ERROR_CATALOGUE.DUPLICATE_UNIT, 'DUPLICATE_UNIT', 'A city direction gives each unit one directive.', { errors: errs.map(({ path, message }) => ({ path, message })) });
          return;
        }
        void handleError(err, req, reply);
      },
    },
    async (req, reply) => {
      const p = callerOf(req);
      const { row } = (await loadCaseFor(db, req, req.params.id));
      await mustBeOpened(db, row);
      const named = req.body.action === 'coordinate' ? req.body.unitIds : req.body.action === 'direct' ? req.body.directives.map((d) => d.unitId) : [];
      const [missing] = (await unknownUnits(db, named));
      if (missing) throw problemOf('UNKNOWN_UNIT', `No unit ${missing}.`, { unitId: missing });
      const unknown = (await unknownPrecedents(db, req.body.precedentIds));
      if (unknown.length) throw problemOf('UNKNOWN_PRECEDENT', `No precedent ${unknown.join(', ')}.`, { precedentIds: unknown });
      await checkAttachmentRefs(db, row.id, req.body.attachments);
      const expected = parseIfMatch(req.headers['if-match']);
      if (expected === null) throw problemOf('BAD_IF_MATCH', 'If-Match takes the case\'s ETag as GET /v1/cases/{id} gave it, e.g. "v12".');
      /**
       * Cheap early answer: the read model already knows a newer version. (An equal or older read
       * model proves nothing; the workflow checks expectedVersion against its own.) Not for a retry:
       * the version has moved on because of the request itself, and its first answer is due again.
       */
      const checkVersion = () => {
        if (expected === 'any') return;
        const current = caseVersion(row, null);
        if (current > expected) {
          const stale = problemOf('STALE_DECISION', `The case moved on: it is at version ${current}, the decision was made on version ${expected}.`, { currentVersion: current });
          stale.headers.etag = etagOf(current);
          throw stale;
        }
      };
      const key = req.headers['idempotency-key'];
      if (/respond-async/i.test(req.headers.prefer ?? '')) {
        const requestId = key ?? randomUUID();
        const claim = (await claimAsyncDecision(db, {
          caseId: row.id,
          requestKey: updateIdOf(p.id, key) ?? `generated:${requestId}`,
          requestId,
          actorId: p.id,
          action: req.body.action,
          bodyHash: createHash('sha256').update(JSON.stringify(req.body)).digest('hex'),
          limit: asyncLimit,
          holderId: row.assigneeId,
          check: checkVersion,
        }));
        if (claim.kind === 'repeat') return reply.code(202).send({ accepted: true as const, caseId: row.id, requestId: claim.requestId });
        const envelope = { actorId: p.id, decision: req.body, requestId, ...(expected !== 'any' ? { expectedVersion: expected } : {}) };
        try {
          await callWorkflow(client, () => client.workflow.getHandle(row.workflowId).signal(decideSignal, envelope), undefined, row.workflowId);
        } catch (err) {
          // Not sent (or not known to be): free the request id so a retry sends it.
          await releaseAsyncDecision(db, row.id, claim.requestKey);
          throw err;
        }
        return reply.code(202).send({ accepted: true as const, caseId: row.id, requestId });
      }
      // With an Idempotency-Key this may be a retry of an applied update: Temporal answers it from the
      // update id, so only a request without a key is checked here.
      if (!key) checkVersion();
      const envelope = { actorId: p.id, decision: req.body, ...(key ? { requestId: key } : {}), ...(expected !== 'any' ? { expectedVersion: expected } : {}) };
      const v = await updateCase(client, row.workflowId, decideUpdate, [envelope], updateIdOf(p.id, key), wait);
      // A city leader decides too, and reads the phone masked like every reader who is not the case's officer.
      const state = (await answer(row, v, seesRequesterPhone(p.role)));
      reply.header('etag', etagOf(state.version));
      return state;
    },
  );

  /**
   * Requester actions open with the tracking code. A token is refused there, except an integrator's
   * for a case it filed (the 12345 platform relaying the requester): an officer who took the case in
   * also holds its code, and must not act "as the requester" with it. The channel goes on the step.
   */
  async function requesterCase(req: FastifyRequest, id: string, code: string | undefined): Promise<{ row: CaseRow; channel: RequesterChannel }> {
    if (!code) throw new Problem(401, 'TRACKING_CODE_REQUIRED', 'The requester acts with the case\'s trackingCode.');
    const p = req.principal;
    if (p && p.role !== 'integrator') {
      throw problemOf('REQUESTER_ONLY', 'Withdrawing, rating and supplying materials are the requester\'s own actions: they take the tracking code without a bearer token (an integrator may relay them for a case it filed).');
    }
    const { row, caller } = await caseForCaller(db, null, id, code);
    if (caller.kind !== 'requester' || (p && row.createdBy !== p.id)) throw new Problem(404, 'CASE_NOT_FOUND', 'No such case.');
    await mustBeOpened(db, row);
    return { row, channel: p ? 'integrator' : 'tracking_page' };
  }

  /**
   * Runs a requester action as a Temporal Update; a withdrawal or a rating on a case with a mobile
   * phone on file first uses the one-time code sent there, which goes back unused if the action fails.
   */
  async function requesterAction<A>(
    headers: { 'idempotency-key'?: string; 'x-sms-code'?: string },
    row: CaseRow,
    purpose: RequesterCodePurpose | null,
    update: (updateId: string | undefined) => Promise<A>,
  ): Promise<A> {
    const key = headers['idempotency-key'];
    const code = purpose && needsRequesterCode(row) ? (await useRequesterCode(db, row.id, purpose, headers['x-sms-code'], key, codeConfig)) : null;
    try {
      const r = await callWorkflow(client, async () => (await update(updateIdOf('requester', key))), wait, row.workflowId);
      if (code) await blankUsedCodes(db, row.id);
      return r;
    } catch (err) {
      await code?.release();
      throw err;
    }
  }

  const codeConfig = app.deps.requesterCodes ?? requesterCodeConfig();
  const sms = app.deps.smsBudget ?? smsBudgetFromEnv();
  const limiter = createLimiter(db);
  const requesterErrors = { ...errors, 428: ProblemSchema, 429: ProblemSchema };

  app.post(
    '/cases/:id/requester-code',
    {
      schema: {
        tags: ['requester'],
        summary: 'Send a one-time code to the phone on file, for a withdrawal or a rating (短信验证码)',
        description: [
          'The tracking code alone does not prove the requester acts: it is printed on the receipt, and the intake officer or integrator saw it. Where a mobile phone is on file, withdrawing and rating also need a six-digit code sent there by SMS, valid a few minutes (REQUESTER_CODE_TTL_SECONDS), used once, for the one purpose it was asked for; send it as `X-Sms-Code`.',
          'Limits: one code per purpose a minute (429 `SMS_CODE_TOO_SOON`), a few per case a day (429 `SMS_CODE_LIMIT`), and the city\'s SMS budget (429 `SMS_BUDGET_EXHAUSTED`, `SMS_PREFIX_LIMIT`), each with Retry-After. A case without a mobile phone on file answers 409 `NO_PHONE_ON_FILE`: its actions need the tracking code alone.',
        ].join(' '),
        params: Params,
        querystring: TrackingQuery,
        headers: z.looseObject({ 'idempotency-key': z.string().min(1).max(128).optional().describe('A retry with the same key sends no second SMS') }),
        body: CodeRequest,
        response: { 202: CodeSent, ...requesterErrors },
      },
    },
    async (req, reply) => {
      const { row } = await requesterCase(req, req.params.id, req.query.trackingCode);
      const now = new Date();
      const limits = row.requesterPhone ? smsBudgetLimits(sms, normalizePhone(row.requesterPhone)) : [];
      const sent = (await issueRequesterCode(
        db,
        row,
        req.body.purpose,
        {
          check: async () => {
            const over = await limiter.check(limits, now);
            if (over) throwLimited(reply, over);
          },
          record: () => limiter.record(limits, now),
        },
        codeConfig,
        now,
        req.headers['idempotency-key'],
      ));
      return reply.code(202).send({ purpose: req.body.purpose, ...sent });
    },
  );

  app.post(
    '/cases/:id/materials',
    {
      schema: {
        tags: ['requester'],
        summary: 'Supply requested materials (补正材料); the clock resumes',
        description: [
          "With the tracking code, no bearer token (an officer's token answers 403 `REQUESTER_ONLY`); an integrator may relay it for a case it filed. The timeline records the channel.",
          'Ticks off the items asked for (`items`), with the files uploaded for them (`attachments`, each `{ id, sha256, size, item }`). An item not asked for answers 422 MATERIALS_NOT_REQUESTED; a file not of this case 422 UNKNOWN_ATTACHMENT.',
        ].join(' '),
        params: Params,
        querystring: TrackingQuery,
        headers: IdemHeaders,
        body: MaterialsBodySchema,
        response: { 200: RequesterViewSchema, ...errors },
      },
    },
    async (req) => {
      const { row, channel } = await requesterCase(req, req.params.id, req.query.trackingCode);
      // The answer ticks off what was asked for; the files it names are this case's.
      const asked = (row.view as CaseView | null)?.materials;
      const issues = asked && !asked.suppliedAt ? materialsAnswerIssues(asked.items, req.body) : [];
      if (issues.length) throw problemOf('MATERIALS_NOT_REQUESTED', 'The answer ticks off only what was asked for.', { errors: issues });
      await checkAttachmentRefs(db, row.id, req.body.attachments);
      const v = await requesterAction(req.headers, row, null, (id) =>
        client.workflow.getHandle(row.workflowId).executeUpdate(supplyMaterialsUpdate, { args: [{ ...req.body, channel }], updateId: id }),
      );
      return requesterAnswer(row, v);
    },
  );

  app.post(
    '/cases/:id/withdraw',
    {
      schema: {
        tags: ['requester'],
        summary: 'Withdraw the request (撤回); the unit head is told',
        description:
          'With the tracking code, no bearer token (an officer\'s token answers 403 `REQUESTER_ONLY`); an integrator may relay it for a case it filed. Where a mobile phone is on file, the one-time code sent there (`X-Sms-Code`, purpose `withdraw`) too: without it 428 `SMS_CODE_REQUIRED`, a wrong one 422 `SMS_CODE_WRONG`. The timeline records the channel; the lead unit\'s principal head is told.',
        params: Params,
        querystring: TrackingQuery,
        headers: RequesterHeaders,
        body: WithdrawBodySchema,
        response: { 200: RequesterViewSchema, ...requesterErrors },
      },
    },
    async (req) => {
      const { row, channel } = await requesterCase(req, req.params.id, req.query.trackingCode);
      const v = await requesterAction(req.headers, row, 'withdraw', (id) =>
        client.workflow.getHandle(row.workflowId).executeUpdate(withdrawUpdate, { args: [{ ...req.body, channel }], updateId: id }),
      );
      return requesterAnswer(row, v);
    },
  );

  app.post(
    '/cases/:id/rating',
    {
      schema: {
        tags: ['requester'],
        summary: 'Rate the feedback (好差评); unsatisfied reopens the case once, one tier up',
        description:
          'With the tracking code, no bearer token (an officer\'s token answers 403 `REQUESTER_ONLY`); an integrator may relay it for a case it filed. Where a mobile phone is on file, the one-time code sent there (`X-Sms-Code`, purpose `rating`) too: without it 428 `SMS_CODE_REQUIRED`, a wrong one 422 `SMS_CODE_WRONG`. The timeline records the channel.',
        params: Params,
        querystring: TrackingQuery,
        headers: RequesterHeaders,
        body: RatingBodySchema,
        response: { 200: RequesterViewSchema, ...requesterErrors },
      },
    },
    async (req) => {
      const { row, channel } = await requesterCase(req, req.params.id, req.query.trackingCode);
      // A rating that came with the one-time code sent to the phone on file is verified: no return
      // visit replaces it in the satisfaction figures (domain/satisfaction.ts).
      const verified = needsRequesterCode(row) ? { verified: true } : {};
      const v = await requesterAction(req.headers, row, 'rating', (id) =>
        client.workflow.getHandle(row.workflowId).executeUpdate(rateUpdate, { args: [{ ...req.body, channel, ...verified }], updateId: id }),
      );
      return requesterAnswer(row, v);
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
      config: { roles: OFFICER },
    },
    async (req) => {
      const p = callerOf(req);
      if (p.unitId !== req.params.unitId) throw problemOf('FORBIDDEN_UNIT', 'Only an officer of that unit reports its directive done.');
      const { row } = (await loadCaseFor(db, req, req.params.id));
      await mustBeOpened(db, row);
      const v = await updateCase(client, row.workflowId, directiveDoneUpdate, [{ unitId: req.params.unitId, actorId: p.id, note: req.body.note }], updateIdOf(p.id, req.headers['idempotency-key']), wait);
      return answer(row, v, seesRequesterPhone(p.role));
    },
  );
};
export default decisionRoutes;
