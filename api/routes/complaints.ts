// The "效能铜都" complaint channel: a window's QR code opens its page (GET /w/{code}, or
// GET /v1/windows/{code} from a browser); anyone files a complaint (POST /v1/complaints, which
// starts the complaint workflow); the unit records the contact; a supervisor closes it with findings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CloseComplaintSchema,
  COMPLAINT_STATUSES,
  ComplaintSchema,
  ContactOfficerSchema,
  ContactSchema,
  isMobilePhone,
  normalizePhone,
  VerifyComplaintSchema,
} from '../../domain/supervision.js';
import {
  assertMayContact,
  assertOfficersKnown,
  complaintBodyHash,
  complaintById,
  complaintByKey,
  complaintKeyHash,
  complaintView,
  designateContactOfficer,
  dropExpiredPending,
  fileComplaintRow,
  filedView,
  holdForVerification,
  listComplaints,
  loadComplaintFor,
  newComplaintId,
  pendingByKey,
  unitFor,
  verifyComplaint,
  windowOf,
  type ComplaintRow,
  type FilingGate,
  type PendingComplaintRow,
} from '../../services/complaints.js';
import { startComplaintWorkflow } from '../../services/intake.js';
import { addressBucket, complaintDoorConfig, createLimiter, DAY_MS, hashedBucket, MINUTE_MS, networkBucket, smsBudgetFromEnv, smsBudgetLimits, throwLimited, type Limit } from '../public-limits.js';
import { complaintCloseUpdate, complaintContactUpdate } from '../../workflows/definitions.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { Problem, problemOf, ProblemSchema } from '../errors.js';
import { callWorkflow, updateIdOf } from '../temporal.js';
import { ComplaintViewSchema } from '../complaint-view.js';
import { complaintPage, notFoundPage } from '../supervision/pages.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 429: ProblemSchema, 503: ProblemSchema };

const WindowSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    unit: z.object({ id: z.string(), name: z.string(), nameEn: z.string() }),
    /** The page the window's QR code opens (a phone-sized complaint form). */
    complaintPage: z.string(),
    /** Where the form posts. */
    complaintApi: z.string(),
  })
  .meta({ id: 'Window' });

const FiledSchema = z
  .object({
    id: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    unit: z.object({ id: z.string(), name: z.string() }),
    windowCode: z.string().nullable(),
    caseId: z.string().nullable(),
    filedAt: z.string(),
    /** Known once the workflow has told the unit; null until then. */
    contactDueAt: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'ComplaintFiled' });

const IdemHeaders = z.looseObject({ 'idempotency-key': z.string().min(1).max(128).optional() });
const Params = z.object({ id: z.string().max(64) });

const ACK_MESSAGE =
  '已收到您的投诉，已同步送达被投诉单位、市数据资源管理局和市效能办，单位主要负责人将收到短信；单位将在规定时限内与您联系。' +
  ' Your complaint is filed: the unit, the Data Resources Bureau and the Efficiency Office are told at once and the unit head gets a text; the unit will contact you within the set time.';

/** Browsers that open the QR code ask for HTML; API clients for JSON. */
function wantsHtml(req: FastifyRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}

const complaintRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;

  const door = complaintDoorConfig();
  const sms = app.deps.smsBudget ?? smsBudgetFromEnv();
  const limiter = createLimiter(db);

  // Every request to the public doors counts, valid or not, before its body is validated: per address
  // (an IPv6 /64 as one), or per principal for callers with a token (a 12345 platform filing for
  // citizens gets far more). Counted in SQLite, shared by every API process.
  const perRequest = async (req: FastifyRequest, reply: FastifyReply) => {
    const limit: Limit = req.principal
      ? { bucket: `complaints:principal:${req.principal.id}`, max: door.perPrincipalPerMinute, windowMs: MINUTE_MS, code: 'RATE_LIMITED', detail: 'Too many complaint requests from this account; try again shortly.' }
      : { bucket: `complaints:${addressBucket(req.ip)}`, max: door.perAddressPerMinute, windowMs: MINUTE_MS, code: 'RATE_LIMITED', detail: 'Too many complaint requests from this address; try again shortly.' };
    const over = await limiter.hit(limit, new Date());
    if (over) throwLimited(reply, over);
  };
  const phoneLimit = (phone: string): Limit => ({
    bucket: hashedBucket('complaints:phone', normalizePhone(phone)),
    max: door.perPhonePerDay,
    windowMs: DAY_MS,
    code: 'COMPLAINT_LIMIT_PHONE',
    detail: `This phone number has filed ${door.perPhonePerDay} complaints today, the most one number may; the ones filed are being handled. Try again tomorrow, or call 12345.`,
  });
  const unitLimit = (unitId: string): Limit => ({
    bucket: `complaints:unit:${unitId}`,
    max: door.perUnitPerDay,
    windowMs: DAY_MS,
    code: 'COMPLAINT_LIMIT_UNIT',
    detail: `The form has taken ${door.perUnitPerDay} complaints about this unit today, its daily most; the efficiency office has them. Try again tomorrow, or call 12345.`,
  });
  /**
   * An anonymous filing not confirmed by a code (filed at once, or waiting for its code) counts per
   * address and per network, apart from the unit's cap: one address or network cannot use a unit's day up.
   */
  const unverifiedLimits = (ip: string): Limit[] => [
    {
      bucket: `complaints:unverified:${addressBucket(ip)}`,
      max: door.unverifiedPerAddressPerDay,
      windowMs: DAY_MS,
      code: 'COMPLAINT_LIMIT_ADDRESS',
      detail: `This address has filed ${door.unverifiedPerAddressPerDay} complaints today, the most one address may; try again tomorrow, or call 12345.`,
    },
    {
      bucket: `complaints:unverified:${networkBucket(ip)}`,
      max: door.unverifiedPerNetworkPerDay,
      windowMs: DAY_MS,
      code: 'COMPLAINT_LIMIT_NETWORK',
      detail: `The network of this address has filed ${door.unverifiedPerNetworkPerDay} complaints today, the most one network may; try again tomorrow, or call 12345.`,
    },
  ];
  /** Whether a complaint waits for an SMS code before it counts: anonymous ones, where configured. */
  const needsVerification = (req: FastifyRequest, unitId: string) =>
    !req.principal && (door.verification === 'all' || door.verification.includes(unitId));
  /** The limits counted in the filing's own transaction (so concurrent filings cannot overshoot them). */
  const gateOf = (reply: FastifyReply, limits: Limit[], now: Date): FilingGate => ({
    check: async () => {
      const over = await limiter.check(limits, now);
      if (over) throwLimited(reply, over);
    },
    record: () => limiter.record(limits, now),
  });
  const intakeDeps = {
    db,
    client,
    taskQueue: config.taskQueue,
    call: <T>(fn: () => Promise<T>) => callWorkflow(client, fn),
  };

  app.get(
    '/v1/windows/:code',
    {
      schema: {
        tags: ['complaints'],
        summary: 'A service window and its unit: what its QR code opens',
        description: 'JSON for API clients; a browser (Accept: text/html) gets the complaint form, as at /w/{code}.',
        params: z.object({ code: z.string().max(64) }),
        response: { 200: WindowSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const w = (await windowOf(db, req.params.code, config.publicUrl));
      if (wantsHtml(req)) {
        if (!w) return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage('窗口不存在 No such window', `没有编号为 ${req.params.code} 的窗口。No window ${req.params.code}.`) as never);
        return reply.type('text/html; charset=utf-8').send(complaintPage({ window: w, unit: w.unit }) as never); // HTML is sent as is, never serialised
      }
      if (!w) throw new Problem(404, 'WINDOW_NOT_FOUND', `No window ${req.params.code}.`);
      return w;
    },
  );

  app.get(
    '/w/:code',
    { schema: { hide: true, params: z.object({ code: z.string().max(64) }) } },
    async (req, reply) => {
      const w = (await windowOf(db, req.params.code, config.publicUrl));
      reply.type('text/html; charset=utf-8');
      if (!w) return reply.code(404).send(notFoundPage('窗口不存在 No such window', `没有编号为 ${req.params.code} 的窗口。No window ${req.params.code}.`));
      return reply.send(complaintPage({ window: w, unit: w.unit }));
    },
  );

  const startWorkflow = async (row: ComplaintRow) => (await startComplaintWorkflow(intakeDeps, row));
  const filed = async (row: ComplaintRow) => ({ ...(await filedView(db, row)), message: ACK_MESSAGE });

  const PendingSchema = z
    .object({
      id: z.string(),
      verification: z.literal('required'),
      /** Until when the code can be entered (POST /v1/complaints/{id}/verify). */
      expiresAt: z.string(),
      message: z.string(),
    })
    .meta({ id: 'ComplaintPendingVerification' });

  const VERIFY_MESSAGE =
    '验证码已通过短信发送至您填写的手机号，请在10分钟内输入；验证后投诉方被受理。' +
    ' A code was sent by SMS to the phone you gave; enter it to file the complaint (it counts only once verified).';

  function pendingAnswer(row: PendingComplaintRow) {
    return { id: row.id, verification: 'required' as const, expiresAt: row.expiresAt, message: VERIFY_MESSAGE };
  }

  app.post(
    '/v1/complaints',
    {
      preValidation: perRequest,
      schema: {
        tags: ['complaints'],
        summary: 'File a complaint (效能铜都投诉); no account needed',
        description:
          'Starts the complaint workflow: the unit, the Data Resources Bureau and the Efficiency Office are notified at once and the unit\'s principal head gets an SMS (at most one per 30 minutes: later complaints gather in a digest). ' +
          'Send an `Idempotency-Key` so a retry files it once (the same key answers 200 with the same complaint). Filing needs no running worker. ' +
          'A case is named with its `caseId` and `trackingCode` together. Limits (429 with `Retry-After`): per address per minute (`RATE_LIMITED`, an IPv6 /64 counts as one), per phone per day (`COMPLAINT_LIMIT_PHONE`), anonymous filings not confirmed by a code per address (`COMPLAINT_LIMIT_ADDRESS`) and per network (`COMPLAINT_LIMIT_NETWORK`: an IPv4 /24, an IPv6 /48) per day, per unit per day (`COMPLAINT_LIMIT_UNIT`). ' +
          'Where the unit requires it (COMPLAINT_VERIFICATION), an anonymous complaint answers `202 { id, verification: "required" }` and an SMS carries a 6-digit code to the phone; it counts (workflow, notices, deadlines) only once `POST /v1/complaints/{id}/verify` confirms the code. Codes are held by the city\'s SMS budget (`SMS_BUDGET_EXHAUSTED` per hour and day, `SMS_PREFIX_LIMIT` per number block and day).',
        security: [{}, ...bearerSecurity],
        headers: IdemHeaders,
        body: ComplaintSchema,
        response: { 200: FiledSchema, 201: FiledSchema, 202: PendingSchema, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const key = req.headers['idempotency-key'];
      const keyHash = key ? complaintKeyHash(key) : null;
      const bodyHash = complaintBodyHash(body);
      const again = async (row: ComplaintRow) => {
        if (row.bodyHash !== bodyHash) throw problemOf('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different complaint.');
        await startWorkflow(row);
        return reply.code(200).send((await filed(row)));
      };
      const waiting = (row: PendingComplaintRow) => {
        if (row.bodyHash !== bodyHash) throw problemOf('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different complaint.');
        return reply.code(202).send(pendingAnswer(row)); // no second code: the first one stands
      };
      const existing = (await complaintByKey(db, keyHash));
      if (existing) return again(existing);
      const pendingRow = (await pendingByKey(db, keyHash));
      if (pendingRow && pendingRow.expiresAt > new Date().toISOString()) return waiting(pendingRow);

      const unitId = (await unitFor(db, body, req.principal));
      const verify = needsVerification(req, unitId);
      if (verify && !isMobilePhone(body.contact.phone)) {
        throw new Problem(422, 'MOBILE_REQUIRED', 'Complaints about this unit are confirmed by an SMS code: give a mobile number.', {
          errors: [{ path: 'body.contact.phone', message: 'a mobile number (1[3-9] and 9 more digits)' }],
        });
      }
      const now = new Date();
      await dropExpiredPending(db, now);
      // The phone's limit counts every filing, verified or not (it also bounds the codes one number
      // receives); the unit's counts only complaints that reach it, so unverified ones cannot use it up.
      // Anonymous filings also count per address and network, below the unit's cap; a code costs an
      // SMS, held by the city's SMS budget. A 12345 integrator (a token) is held by its own per-minute
      // limit, not by the unit's.
      const limits = [
        phoneLimit(body.contact.phone),
        ...(!req.principal ? unverifiedLimits(req.ip) : []),
        ...(!verify && !req.principal ? [unitLimit(unitId)] : []),
        ...(verify ? smsBudgetLimits(sms, normalizePhone(body.contact.phone)) : []),
      ];
      const draft = {
        id: newComplaintId(now),
        idempotencyKeyHash: keyHash,
        bodyHash,
        windowCode: body.windowCode ?? null,
        unitId,
        caseId: body.caseId ?? null,
        contactName: body.contact.name,
        contactPhone: body.contact.phone,
        content: body.content,
        filedBy: req.principal?.id ?? null,
      };
      if (verify) {
        const row = (await holdForVerification(db, draft, gateOf(reply, limits, now), now, door.codeTtlMs));
        if (!row) return waiting((await pendingByKey(db, keyHash))!); // the same key raced in
        return reply.code(202).send(pendingAnswer(row));
      }
      // The row (with its pending start) first, then the workflow: a crash between them is the sweep's.
      const inserted = (await fileComplaintRow(db, draft, gateOf(reply, limits, now), now));
      if (!inserted) return again((await complaintByKey(db, keyHash))!); // the same key raced in
      await startWorkflow(inserted);
      return reply.code(201).send((await filed(inserted)));
    },
  );

  app.post(
    '/v1/complaints/:id/verify',
    {
      preValidation: perRequest,
      schema: {
        tags: ['complaints'],
        summary: 'Confirm a complaint with the code its SMS carried; from then on it counts',
        description:
          `The complaint is filed (201) when the code matches: the workflow starts and the unit is told. A wrong code answers 422 \`VERIFICATION_CODE_WRONG\`; after ${door.maxCodeAttempts} wrong codes, or once the code expired, the pending complaint is gone (404 \`VERIFICATION_NOT_FOUND\`: file it again). Verifying a complaint already filed with the code that filed it answers 200; any other code, or a complaint that was never waiting for one, answers 404 \`VERIFICATION_NOT_FOUND\`, so the route tells nothing of a complaint without its code.`,
        security: [{}, ...bearerSecurity],
        params: Params,
        body: VerifyComplaintSchema,
        response: { 200: FiledSchema, 201: FiledSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { row, created } = (await verifyComplaint(db, req.params.id, req.body.code, new Date(), {
        maxCodeAttempts: door.maxCodeAttempts,
        gate: (p) => gateOf(reply, p.filedBy ? [] : [unitLimit(p.unitId)], new Date()),
      }));
      if (!created) return reply.code(200).send((await filed(row)));
      await startWorkflow(row);
      return reply.code(201).send((await filed(row)));
    },
  );

  const ListQuery = z.object({
    status: z.enum(COMPLAINT_STATUSES).optional(),
    unitId: z.string().max(64).optional(),
    caseId: z.string().max(64).optional(),
    contactLapsed: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  });

  app.get(
    '/v1/complaints',
    {
      config: { roles: [...OFFICER, 'supervisor', 'admin'] },
      schema: {
        tags: ['complaints'],
        summary: 'Complaints, newest first (supervisors: all; officers: their unit\'s)',
        security: bearerSecurity,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(ComplaintViewSchema), nextCursor: z.string().nullable() }), ...errors },
      },
    },
    async (req) => {
      return listComplaints(db, callerOf(req), req.query);
    },
  );

  app.get(
    '/v1/complaints/:id',
    { config: { roles: [...OFFICER, 'supervisor', 'admin'] }, schema: { tags: ['complaints'], summary: 'One complaint', security: bearerSecurity, params: Params, response: { 200: ComplaintViewSchema, ...errors } } },
    async (req) => {
      const p = callerOf(req);
      return complaintView(db, (await loadComplaintFor(db, p, req.params.id)), p);
    },
  );

  /** Update failures in the complaint's own words. */
  function complaintProblem(err: unknown): never {
    if (err instanceof Problem) {
      if (err.code === 'ALREADY_CONTACTED' || err.code === 'COMPLAINT_CLOSED') throw new Problem(409, err.code, err.message);
      if (err.code === 'CASE_CLOSED') throw new Problem(409, 'COMPLAINT_CLOSED', 'The complaint is closed.');
      if (err.code === 'CASE_NOT_FOUND') throw new Problem(409, 'COMPLAINT_NOT_RUNNING', 'The complaint\'s workflow is not running; file it again with its Idempotency-Key.');
    }
    throw err;
  }

  app.post(
    '/v1/complaints/:id/contact',
    {
      config: { roles: OFFICER },
      schema: {
        tags: ['complaints'],
        summary: 'Record that the complainant was contacted, and what was done (an officer of the unit)',
        security: bearerSecurity,
        params: Params,
        headers: IdemHeaders,
        body: ContactSchema,
        response: { 200: ComplaintViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = callerOf(req);
      const c = (await loadComplaintFor(db, p, req.params.id));
      await assertMayContact(db, p, c);
      const key = req.headers['idempotency-key'];
      await callWorkflow(client, () =>
        client.workflow
          .getHandle(c.workflowId)
          .executeUpdate(complaintContactUpdate, { args: [{ actorId: p.id, note: req.body.note }], updateId: updateIdOf(p.id, key) }),
      ).catch(complaintProblem);
      return complaintView(db, (await complaintById(db, c.id))!, p);
    },
  );

  app.post(
    '/v1/complaints/:id/contact-officer',
    {
      config: { roles: [...OFFICER, 'supervisor'] },
      schema: {
        tags: ['complaints'],
        summary: 'Designate the officer who calls the complainant (the unit\'s principal head, or a supervisor)',
        description:
          'The complainant\'s name and phone are seen only by the unit\'s principal head, the officer designated here (or who recorded the contact) and the efficiency office; every other officer of the unit sees them masked. Allowed until the contact is recorded; a new designation replaces the last.',
        security: bearerSecurity,
        params: Params,
        body: ContactOfficerSchema,
        response: { 200: ComplaintViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = callerOf(req);
      const c = (await loadComplaintFor(db, p, req.params.id));
      await designateContactOfficer(db, p, c, req.body.officerId, new Date());
      return complaintView(db, c, p);
    },
  );

  app.post(
    '/v1/complaints/:id/close',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['complaints'],
        summary: 'Close a complaint with findings (supervisor)',
        security: bearerSecurity,
        params: Params,
        headers: IdemHeaders,
        body: CloseComplaintSchema,
        response: { 200: ComplaintViewSchema, ...errors },
      },
    },
    async (req) => {
      const p = callerOf(req);
      const c = (await loadComplaintFor(db, p, req.params.id));
      const officerIds = [...new Set(req.body.officerIds ?? [])];
      await assertOfficersKnown(db, officerIds);
      const key = req.headers['idempotency-key'];
      await callWorkflow(client, () =>
        client.workflow
          .getHandle(c.workflowId)
          .executeUpdate(complaintCloseUpdate, {
            args: [{ actorId: p.id, upheld: req.body.upheld, findings: req.body.findings, officerIds }],
            updateId: updateIdOf(p.id, key),
          }),
      ).catch(complaintProblem);
      return complaintView(db, (await complaintById(db, c.id))!, p);
    },
  );
};
export default complaintRoutes;
