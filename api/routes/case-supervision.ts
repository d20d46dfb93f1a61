// Supervision of a live case (督查督办) and what follows its feedback: 督办 notices, requests for more
// time (延期申请), rectifying a bad rating (差评整改), return visits (回访) and appeals against a rating.
// Each change is a Temporal Update to the case's workflow, whose rules (domain/engine/case/rules.ts)
// decide; the lists read what the workflow's jobs projected into the store (supervision_items).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  AppealDecisionSchema,
  AppealSchema,
  CallbackSchema,
  ExtensionDecisionSchema,
  ExtensionRequestSchema,
  RectificationCloseSchema,
  RectificationReportSchema,
  SupervisionNoticeSchema,
  WithdrawNoticeSchema,
} from '../../domain/messages.js';
import { MonthSchema } from '../../domain/reports.js';
import { SUPERVISION_ITEM_KINDS } from '../../domain/supervision-items.js';
import { seesRequesterPhone } from '../../domain/privacy.js';
import type { CaseUpdateResult } from '../../domain/case.js';
import {
  appealUpdate,
  callbackUpdate,
  closeRectificationUpdate,
  decideAppealUpdate,
  decideExtensionUpdate,
  issueNoticeUpdate,
  reportRectificationUpdate,
  requestExtensionUpdate,
  withdrawNoticeUpdate,
} from '../../workflows/definitions.js';
import { actorOf, partHolderOf, RECTIFICATION_STATUSES, rectificationLedger, supervisionItemList } from '../../services/case-supervision.js';
import { checkAttachmentRefs } from '../../services/attachments.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { ProblemSchema } from '../errors.js';
import { updateCase, updateIdOf } from '../temporal.js';
import { CaseStateSchema, etagOf, loadCaseFor, mustBeOpened, updatedCase, type CaseRow } from '../case-view.js';
import type { Role } from '../../domain/tiers.js';
import type { FastifyRequest } from 'fastify';

const Params = z.object({ id: z.string().max(64) });
const NumberedParams = z.object({ id: z.string().max(64), no: z.coerce.number().int().positive().max(1000) });
const Headers = z.looseObject({ 'idempotency-key': z.string().min(1).max(128).optional() });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 503: ProblemSchema };
const SUPERVISOR: readonly Role[] = ['supervisor'];
const CITY_WIDE_READERS: readonly Role[] = [...OFFICER, 'city_leader', 'supervisor', 'admin'];

const caseSupervisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;
  const wait = app.deps.updateWaitMs;
  const links = { publicUrl: config.publicUrl, temporalUiUrl: config.temporalUiUrl, namespace: config.temporalNamespace };

  /**
   * One supervision message to the case's workflow: the case must be the caller's to see (anyone
   * else gets 404, as on every case route), the files it names must be the case's, and the answer is
   * the whole case as the officers' view shows it. An Idempotency-Key makes a retry apply once.
   */
  async function send<M>(
    req: FastifyRequest,
    at: { id: string; key: string | undefined },
    update: UpdateDefinition<CaseUpdateResult, [M]>,
    message: (p: ReturnType<typeof callerOf>, row: CaseRow) => M | Promise<M>,
  ) {
    const p = callerOf(req);
    const { row } = await loadCaseFor(db, req, at.id);
    await mustBeOpened(db, row);
    const r = await updateCase(client, row.workflowId, update, [await message(p, row)], updateIdOf(p.id, at.key), wait);
    return await updatedCase(db, row, r, links, seesRequesterPhone(p.role));
  }
  const target = (req: { params: { id: string }; headers: { 'idempotency-key'?: string } }) => ({ id: req.params.id, key: req.headers['idempotency-key'] });
  const schema = <B extends z.ZodType, P extends z.ZodType = typeof Params>(summary: string, description: string, body: B, params?: P) => ({
    tags: ['supervision'],
    summary,
    description,
    security: bearerSecurity,
    params: (params ?? Params) as P,
    headers: Headers,
    body,
    response: { 200: CaseStateSchema, ...errors },
  });

  // ---- 督办 ----
  app.post(
    '/cases/:id/supervision-notices',
    {
      config: { roles: SUPERVISOR },
      schema: schema(
        'Issue a supervision notice (督办) on the case or one unit\'s part',
        'A supervisor only. `level`: 提醒 `reminder`, 督办 `supervision`, 挂牌督办 `listed`; `due`: `{ workingHours }` or `{ workingDays }` on the official calendar (`{ duration }` runs on the wall clock); `unitId` names a unit\'s open part instead of the case. The holder is told and the unit head gets an SMS; the notice shows on the inbox and the workbench until the holder decides (or the unit answers its part). If it falls due first, the holder is recorded as having left the case on the shelf (搁置) and the efficiency office is told; a review of the case proposes the finding. One open notice per case or part (409 NOTICE_ALREADY_OPEN); only on a case that awaits its holder (409 NOTICE_NOT_APPLICABLE).',
        SupervisionNoticeSchema,
      ),
    },
    async (req, reply) => {
      const state = await send(req, target(req), issueNoticeUpdate, async (p, row) => {
        const unitId = req.body.unitId;
        const holder = unitId ? (await partHolderOf(db, row.id, unitId)) : undefined;
        return { actor: actorOf(p), body: req.body, ...(holder ? { partHolderId: holder } : {}) };
      });
      reply.header('etag', etagOf(state.version));
      return state;
    },
  );
  app.post(
    '/cases/:id/supervision-notices/:no/withdraw',
    {
      config: { roles: SUPERVISOR },
      schema: schema('Withdraw a supervision notice (撤销督办)', 'A supervisor only; the holder is told. A notice that is no longer open answers 409 NOTICE_NOT_OPEN.', WithdrawNoticeSchema, NumberedParams),
    },
    async (req) => send(req, target(req), withdrawNoticeUpdate, (p) => ({ actor: actorOf(p), no: req.params.no, body: req.body })),
  );

  // ---- 延期申请 ----
  app.post(
    '/cases/:id/extensions',
    {
      config: { roles: [...OFFICER, 'city_leader'] },
      schema: schema(
        'Ask for more working days (延期申请)',
        "The case's holder only (403 NOT_ASSIGNEE), while the case awaits their decision. `reason` is shown to the requester once the extension is granted. A supervisor (or, by policy, the lead unit's principal head) decides within the policy's window; only a grant moves the deadline. At most `extension.perCase` extensions are granted per case (409 EXTENSION_LIMIT), one request at a time (409 EXTENSION_PENDING).",
        ExtensionRequestSchema,
      ),
    },
    async (req) => send(req, target(req), requestExtensionUpdate, (p) => ({ actor: actorOf(p), body: req.body })),
  );
  app.post(
    '/cases/:id/extensions/:no/decision',
    {
      config: { roles: ['supervisor', 'principal_head'] },
      schema: schema(
        'Grant or refuse a request for more time',
        "A supervisor, or the lead unit's principal head where the policy says so (`extension.decidedBy`), never whoever asked (403 NOT_EXTENSION_DECIDER). A grant moves the deadline on by the working days asked, from the old deadline, re-times the reminder, tells the holder and tells the requester the new time and why (SMS where a mobile phone is on file). A refusal leaves the deadline as it is.",
        ExtensionDecisionSchema,
        NumberedParams,
      ),
    },
    async (req) => send(req, target(req), decideExtensionUpdate, (p) => ({ actor: actorOf(p), no: req.params.no, body: req.body })),
  );

  // ---- 差评整改 ----
  app.post(
    '/cases/:id/rectification/report',
    {
      config: { roles: ['principal_head', 'deputy_head'] },
      schema: schema(
        'Report what the unit changed after a bad rating (整改情况)',
        "The lead unit's principal or deputy head (403 NOT_UNIT_HEAD otherwise), once; files uploaded to the case first may go with it. The efficiency office is told to verify it with a return visit.",
        RectificationReportSchema,
      ),
    },
    async (req) => {
      const { row } = await loadCaseFor(db, req, req.params.id);
      await checkAttachmentRefs(db, row.id, req.body.attachments);
      return send(req, target(req), reportRectificationUpdate, (p) => ({ actor: actorOf(p), body: req.body }));
    },
  );
  app.post(
    '/cases/:id/rectification/close',
    {
      config: { roles: SUPERVISOR },
      schema: schema(
        'Close a verified rectification (销号)',
        'A supervisor, once the unit reported (409 RECTIFICATION_NOT_REPORTED) and a return visit reached the requester after the report (409 RECTIFICATION_NOT_VERIFIED).',
        RectificationCloseSchema,
      ),
    },
    async (req) => send(req, target(req), closeRectificationUpdate, (p) => ({ actor: actorOf(p), body: req.body })),
  );

  // ---- 回访 ----
  app.post(
    '/cases/:id/callbacks',
    {
      config: { roles: ['supervisor', 'integrator'] },
      schema: schema(
        'Record a return visit (回访)',
        "The efficiency office, or the hotline integrator for a case it filed. From the answer until the case is archived (409 CALLBACK_NOT_OPEN). On the timeline, never in a requester's view. A visit that reached the requester counts in the satisfaction figures where the answer has no rating and, by policy, in place of a rating given without the one-time code (never of a verified one).",
        CallbackSchema,
      ),
    },
    async (req) => send(req, target(req), callbackUpdate, (p) => ({ actor: actorOf(p), body: req.body })),
  );

  // ---- 申诉 ----
  app.post(
    '/cases/:id/appeals',
    {
      config: { roles: OFFICER },
      schema: schema(
        'Appeal the rating as mistaken or malicious (差评申诉)',
        "An officer of the lead unit (403 FORBIDDEN_UNIT otherwise), against the case's final unsatisfied rating, until the case is archived (409 APPEAL_NOT_OPEN), once per rating (409 APPEAL_EXISTS). Evidence as files uploaded to the case first. A supervisor decides within the policy's window; undecided, the rating stands.",
        AppealSchema,
      ),
    },
    async (req) => {
      const { row } = await loadCaseFor(db, req, req.params.id);
      await checkAttachmentRefs(db, row.id, req.body.attachments);
      return send(req, target(req), appealUpdate, (p) => ({ actor: actorOf(p), body: req.body }));
    },
  );
  app.post(
    '/cases/:id/appeals/:no/decision',
    {
      config: { roles: SUPERVISOR },
      schema: schema(
        'Uphold or reject an appeal against a rating',
        'A supervisor only. Upheld: the rating leaves the satisfaction rate and the officer\'s portrait (it and the appeal stay on the timeline), and a rectification it opened is voided. Rejected: the rating stands.',
        AppealDecisionSchema,
        NumberedParams,
      ),
    },
    async (req) => send(req, target(req), decideAppealUpdate, (p) => ({ actor: actorOf(p), no: req.params.no, body: req.body })),
  );

  // ---- the lists ----
  const RectificationItem = z
    .object({
      caseId: z.string(),
      title: z.string(),
      unit: z.object({ id: z.string(), name: z.string() }),
      rating: z.string(),
      status: z.enum(RECTIFICATION_STATUSES),
      openedAt: z.string(),
      dueAt: z.string(),
      lapsed: z.boolean(),
      lapsedAt: z.string().nullable(),
      overdue: z.boolean(),
      report: z.object({ by: z.string(), at: z.string(), changes: z.string() }).nullable(),
      closedAt: z.string().nullable(),
      closedBy: z.string().nullable(),
      callbackNo: z.number().int().nullable(),
      note: z.string().nullable(),
    })
    .meta({ id: 'RectificationItem' });
  app.get(
    '/rectifications',
    {
      config: { roles: CITY_WIDE_READERS },
      schema: {
        tags: ['supervision'],
        summary: 'The rectification ledger (差评整改台账), newest first',
        description: "Every rectification a bad rating opened, with the unit's report and its verification. The efficiency office, city leaders and admins see every unit's (or `unitId`'s); a unit's officers their own unit's (another is 403 FORBIDDEN_UNIT). Filters: `status`, `unitId`, `lapsed` (the report came late or has not come by its due time), `month` (opened in that Beijing month).",
        security: bearerSecurity,
        querystring: z.object({
          status: z.enum(RECTIFICATION_STATUSES).optional(),
          unitId: z.string().max(64).optional(),
          lapsed: z.enum(['true', 'false']).optional(),
          month: MonthSchema.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(300).optional(),
        }),
        response: { 200: z.object({ items: z.array(RectificationItem), nextCursor: z.string().nullable() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => rectificationLedger(db, callerOf(req), req.query, new Date()),
  );

  const SupervisionItem = z
    .object({
      caseId: z.string(),
      title: z.string(),
      kind: z.enum(SUPERVISION_ITEM_KINDS),
      no: z.number().int(),
      unitId: z.string(),
      status: z.string(),
      level: z.string().nullable(),
      openedBy: z.string(),
      openedAt: z.string(),
      dueAt: z.string().nullable(),
      lapsedAt: z.string().nullable(),
      closedAt: z.string().nullable(),
    })
    .meta({ id: 'SupervisionItem' });
  app.get(
    '/supervision/items',
    {
      config: { roles: CITY_WIDE_READERS },
      schema: {
        tags: ['supervision'],
        summary: 'Supervision items across cases, soonest due first: what awaits the efficiency office',
        description: "督办 notices, requests for more time, rectifications and appeals. `state=open` (the default) lists what still awaits someone: notices running, requests and appeals to decide, rectifications to report or verify. Scoped as the case list (a unit's officers their own unit's).",
        security: bearerSecurity,
        querystring: z.object({
          kind: z.enum(SUPERVISION_ITEM_KINDS).optional(),
          state: z.enum(['open', 'all']).default('open'),
          unitId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(SupervisionItem), nextCursor: z.string().nullable() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => supervisionItemList(db, callerOf(req), req.query),
  );
};
export default caseSupervisionRoutes;
