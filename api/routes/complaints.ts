// The "效能铜都" complaint channel: a window's QR code opens its page (GET /w/{code}, or
// GET /v1/windows/{code} from a browser); anyone files a complaint (POST /v1/complaints, which
// starts the complaint workflow); the unit records the contact; a supervisor closes it with findings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { caseUnits, cases, complaintContactOfficers, complaints, outbox, pendingComplaints, principals, units, windows } from '../../db/schema.js';
import {
  CloseComplaintSchema,
  COMPLAINT_STATUSES,
  ComplaintSchema,
  ContactOfficerSchema,
  ContactSchema,
  isMobilePhone,
  normalizePhone,
  VerifyComplaintSchema,
  type ComplaintIntake,
} from '../../domain/supervision.js';
import { hashTrackingCode } from '../../activities/intake.js';
import { enqueueNotifications } from '../../notify/outbox.js';
import { addressBucket, complaintDoorConfig, createLimiter, DAY_MS, hashedBucket, MINUTE_MS, throwLimited, type Limit } from '../public-limits.js';
import { complaintCloseUpdate, complaintContactUpdate, complaintWorkflowId, workflowName, type WorkflowOf } from '../../workflows/definitions.js';
import type { ComplaintInput } from '../../workflows/complaint-state.js';
import { bearerSecurity, OFFICER, requireRole } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { callWorkflow } from '../temporal.js';
import { canDesignateContact, complaintView, ComplaintViewSchema, loadComplaintFor, mayContact, newComplaintId, type ComplaintRow } from '../supervision/complaints.js';
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
  const limiter = createLimiter(db);

  // Every request to the public doors counts, valid or not, before its body is validated: per address
  // (an IPv6 /64 as one), or per principal for callers with a token (a 12345 platform filing for
  // citizens gets far more). Counted in SQLite, shared by every API process.
  const perRequest = async (req: FastifyRequest, reply: FastifyReply) => {
    const limit: Limit = req.principal
      ? { bucket: `complaints:principal:${req.principal.id}`, max: door.perPrincipalPerMinute, windowMs: MINUTE_MS, code: 'RATE_LIMITED', detail: 'Too many complaint requests from this account; try again shortly.' }
      : { bucket: `complaints:${addressBucket(req.ip)}`, max: door.perAddressPerMinute, windowMs: MINUTE_MS, code: 'RATE_LIMITED', detail: 'Too many complaint requests from this address; try again shortly.' };
    const over = limiter.hit(limit, new Date());
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
  /** Whether a complaint waits for an SMS code before it counts: anonymous ones, where configured. */
  const needsVerification = (req: FastifyRequest, unitId: string) =>
    !req.principal && (door.verification === 'all' || door.verification.includes(unitId));
  const codeHash = (id: string, code: string) => createHash('sha256').update(`complaint-code:${id}:${code}`).digest();

  function windowOf(code: string) {
    const w = db.select().from(windows).where(eq(windows.code, code)).get();
    if (!w) return null;
    const u = db.select().from(units).where(eq(units.id, w.unitId)).get()!;
    return {
      code: w.code,
      name: w.name,
      unit: { id: u.id, name: u.name, nameEn: u.nameEn },
      complaintPage: `${config.publicUrl}/w/${encodeURIComponent(w.code)}`,
      complaintApi: `${config.publicUrl}/v1/complaints`,
    };
  }

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
      const w = windowOf(req.params.code);
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
      const w = windowOf(req.params.code);
      reply.type('text/html; charset=utf-8');
      if (!w) return reply.code(404).send(notFoundPage('窗口不存在 No such window', `没有编号为 ${req.params.code} 的窗口。No window ${req.params.code}.`));
      return reply.send(complaintPage({ window: w, unit: w.unit }));
    },
  );

  /**
   * The unit a complaint is about: named by its window, its unit, or the case it concerns. A case is
   * named only with its tracking code (or by a principal who may read it); an unknown case and a wrong
   * code answer alike, so the form tells nobody which case ids exist.
   */
  function unitFor(body: ComplaintIntake, req: FastifyRequest): string {
    let unitId = body.unitId;
    if (body.windowCode) {
      const w = db.select().from(windows).where(eq(windows.code, body.windowCode)).get();
      if (!w) throw new Problem(422, 'UNKNOWN_WINDOW', `No window ${body.windowCode}.`);
      if (unitId && unitId !== w.unitId) throw new Problem(422, 'WINDOW_UNIT_MISMATCH', `Window ${w.code} belongs to ${w.unitId}, not ${unitId}.`);
      unitId = w.unitId;
    }
    if (unitId && !db.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get()) throw new Problem(422, 'UNKNOWN_UNIT', `No unit ${unitId}.`);
    if (body.trackingCode && !body.caseId) throw new Problem(422, 'CASE_ID_REQUIRED', 'A trackingCode goes with the caseId it belongs to.');
    if (body.caseId) {
      const c = db.select().from(cases).where(eq(cases.id, body.caseId)).get();
      const byCode = !!c && !!body.trackingCode && hashTrackingCode(body.trackingCode) === c.trackingCodeHash;
      const byToken = !!c && !body.trackingCode && !!req.principal && principalSeesCase(req, c);
      if (!c || !(byCode || byToken)) {
        throw new Problem(422, 'CASE_NOT_VERIFIED', 'Name a case with its caseId and the trackingCode given at intake; this pair names no case.');
      }
      if (!unitId) unitId = c.leadUnitId;
      const involved = c.leadUnitId === unitId || db.select().from(caseUnits).where(and(eq(caseUnits.caseId, c.id), eq(caseUnits.unitId, unitId))).get();
      if (!involved) throw new Problem(422, 'CASE_UNIT_MISMATCH', `Case ${c.id} does not concern unit ${unitId}.`);
    }
    if (!unitId) throw new Problem(422, 'UNIT_REQUIRED', 'Name the window (windowCode), the unit (unitId) or the case (caseId with its trackingCode) the complaint is about.');
    return unitId;
  }

  /** A principal names a case without its code only when they may read it (city, supervisors, its units' officers, its integrator). */
  function principalSeesCase(req: FastifyRequest, c: typeof cases.$inferSelect): boolean {
    const p = req.principal!;
    if (['city_leader', 'supervisor', 'admin'].includes(p.role) || c.createdBy === p.id) return true;
    if (!OFFICER.includes(p.role) || !p.unitId) return false;
    return c.leadUnitId === p.unitId || !!db.select().from(caseUnits).where(and(eq(caseUnits.caseId, c.id), eq(caseUnits.unitId, p.unitId))).get();
  }

  async function startWorkflow(row: ComplaintRow): Promise<void> {
    const input: ComplaintInput = {
      complaintId: row.id,
      unitId: row.unitId,
      filedAt: row.filedAt,
      ...(row.caseId ? { caseId: row.caseId } : {}),
      ...(row.windowCode ? { windowCode: row.windowCode } : {}),
    };
    try {
      await callWorkflow(client, () =>
        client.workflow.start<WorkflowOf<'complaintWorkflow'>>(workflowName('complaintWorkflow'), {
          workflowId: row.workflowId,
          taskQueue: config.taskQueue,
          args: [input],
          // A retry finds the running workflow; a closed one is never started again.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: `Complaint about ${row.unitId}${row.windowCode ? ` at window ${row.windowCode}` : ''}${row.caseId ? ` (case ${row.caseId})` : ''}`,
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof WorkflowExecutionAlreadyStartedError) return;
      throw err;
    }
  }

  function filed(row: ComplaintRow) {
    const u = db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, row.unitId)).get()!;
    return {
      id: row.id,
      status: row.status as (typeof COMPLAINT_STATUSES)[number],
      unit: u,
      windowCode: row.windowCode,
      caseId: row.caseId,
      filedAt: row.filedAt,
      contactDueAt: row.contactDueAt,
      message: ACK_MESSAGE,
    };
  }

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

  function pendingAnswer(row: typeof pendingComplaints.$inferSelect) {
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
          'A case is named with its `caseId` and `trackingCode` together. Limits (429 with `Retry-After`): per address per minute (`RATE_LIMITED`, an IPv6 /64 counts as one), per phone per day (`COMPLAINT_LIMIT_PHONE`), per unit per day (`COMPLAINT_LIMIT_UNIT`). ' +
          'Where the unit requires it (COMPLAINT_VERIFICATION), an anonymous complaint answers `202 { id, verification: "required" }` and an SMS carries a 6-digit code to the phone; it counts (workflow, notices, deadlines) only once `POST /v1/complaints/{id}/verify` confirms the code.',
        security: [{}, ...bearerSecurity],
        headers: IdemHeaders,
        body: ComplaintSchema,
        response: { 200: FiledSchema, 201: FiledSchema, 202: PendingSchema, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const key = req.headers['idempotency-key'];
      const keyHash = key ? createHash('sha256').update(`complaint:${key}`).digest('hex') : null;
      const bodyHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const byKey = () => (keyHash ? db.select().from(complaints).where(eq(complaints.idempotencyKeyHash, keyHash)).get() : undefined);
      const pendingByKey = () => (keyHash ? db.select().from(pendingComplaints).where(eq(pendingComplaints.idempotencyKeyHash, keyHash)).get() : undefined);
      const again = async (row: ComplaintRow) => {
        if (row.bodyHash !== bodyHash) throw new Problem(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different complaint.');
        await startWorkflow(row);
        return reply.code(200).send(filed(row));
      };
      const waiting = (row: typeof pendingComplaints.$inferSelect) => {
        if (row.bodyHash !== bodyHash) throw new Problem(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different complaint.');
        return reply.code(202).send(pendingAnswer(row)); // no second code: the first one stands
      };
      const existing = byKey();
      if (existing) return again(existing);
      const pendingRow = pendingByKey();
      if (pendingRow && pendingRow.expiresAt > new Date().toISOString()) return waiting(pendingRow);

      const unitId = unitFor(body, req);
      const verify = needsVerification(req, unitId);
      if (verify && !isMobilePhone(body.contact.phone)) {
        throw new Problem(422, 'MOBILE_REQUIRED', 'Complaints about this unit are confirmed by an SMS code: give a mobile number.', {
          errors: [{ path: 'body.contact.phone', message: 'a mobile number (1[3-9] and 9 more digits)' }],
        });
      }
      const now = new Date();
      const id = newComplaintId(now);
      // Pending complaints past their code's life hold personal data for nothing: swept as new ones come.
      db.run(sql`delete from pending_complaints where rowid in (select rowid from pending_complaints where expires_at < ${now.toISOString()} limit 100)`);
      // The phone's limit counts every filing, verified or not (it also bounds the codes one number
      // receives); the unit's counts only complaints that reach it, so unverified ones cannot use it up.
      // A 12345 integrator (a token) is held by its own per-minute limit, not by the unit's.
      const limits = [phoneLimit(body.contact.phone), ...(!verify && !req.principal ? [unitLimit(unitId)] : [])];
      const base = {
        id,
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
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const expiresAt = new Date(now.getTime() + door.codeTtlMs).toISOString();
        const row = db.transaction(
          (tx) => {
            const over = limiter.check(limits, now);
            if (over) throwLimited(reply, over);
            // An expired pending complaint with the same key gives way to this one.
            if (keyHash) tx.delete(pendingComplaints).where(and(eq(pendingComplaints.idempotencyKeyHash, keyHash), lt(pendingComplaints.expiresAt, now.toISOString()))).run();
            const inserted = tx
              .insert(pendingComplaints)
              .values({ ...base, createdAt: now.toISOString(), codeHash: codeHash(id, code).toString('hex'), expiresAt })
              .onConflictDoNothing()
              .returning()
              .get();
            if (!inserted) return null;
            limiter.record(limits, now);
            enqueueNotifications(
              tx as never,
              [
                {
                  key: `complaint-verify:${id}`,
                  recipientId: `complainant:${id}`,
                  recipientKind: 'requester',
                  template: 'complaint_verification_code',
                  // The gateway needs the number; the log channel masks it.
                  vars: { code, minutes: String(Math.round(door.codeTtlMs / 60_000)), phone: normalizePhone(body.contact.phone) },
                },
              ],
              now,
            );
            return inserted;
          },
          { behavior: 'immediate' },
        );
        if (!row) return waiting(pendingByKey()!); // the same key raced in
        return reply.code(202).send(pendingAnswer(row));
      }
      const inserted = db.transaction(
        (tx) => {
          const over = limiter.check(limits, now);
          if (over) throwLimited(reply, over);
          const row = tx
            .insert(complaints)
            .values({ ...base, workflowId: complaintWorkflowId(id), status: 'open', filedAt: now.toISOString() })
            .onConflictDoNothing()
            .returning()
            .get();
          if (row) limiter.record(limits, now);
          return row;
        },
        { behavior: 'immediate' },
      );
      if (!inserted) return again(byKey()!); // the same key raced in
      await startWorkflow(inserted);
      return reply.code(201).send(filed(inserted));
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
          `The complaint is filed (201) when the code matches: the workflow starts and the unit is told. A wrong code answers 422 \`VERIFICATION_CODE_WRONG\`; after ${door.maxCodeAttempts} wrong codes, or once the code expired, the pending complaint is gone (404 \`VERIFICATION_NOT_FOUND\`: file it again). Verifying a complaint already filed answers 200.`,
        security: [{}, ...bearerSecurity],
        params: Params,
        body: VerifyComplaintSchema,
        response: { 200: FiledSchema, 201: FiledSchema, ...errors },
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const now = new Date();
      const done = db.select().from(complaints).where(eq(complaints.id, id)).get();
      if (done) return reply.code(200).send(filed(done));
      const gone = () => new Problem(404, 'VERIFICATION_NOT_FOUND', 'No complaint waits for a code under this id (it expired, was verified or was dropped after wrong codes); file it again.');
      const p = db.select().from(pendingComplaints).where(eq(pendingComplaints.id, id)).get();
      if (!p) throw gone();
      if (p.expiresAt <= now.toISOString()) {
        db.delete(pendingComplaints).where(eq(pendingComplaints.id, id)).run();
        throw gone();
      }
      const expected = Buffer.from(p.codeHash, 'hex');
      if (!timingSafeEqual(expected, codeHash(id, req.body.code))) {
        const attempts = p.attempts + 1;
        if (attempts >= door.maxCodeAttempts) {
          db.delete(pendingComplaints).where(eq(pendingComplaints.id, id)).run();
          throw new Problem(422, 'VERIFICATION_FAILED', `${attempts} wrong codes: the complaint was dropped; file it again for a new code.`);
        }
        db.update(pendingComplaints).set({ attempts }).where(eq(pendingComplaints.id, id)).run();
        throw new Problem(422, 'VERIFICATION_CODE_WRONG', `The code does not match; ${door.maxCodeAttempts - attempts} tries left.`, { attemptsLeft: door.maxCodeAttempts - attempts });
      }
      const limits = p.filedBy ? [] : [unitLimit(p.unitId)];
      const row = db.transaction(
        (tx) => {
          const over = limiter.check(limits, now);
          if (over) throwLimited(reply, over);
          const { codeHash: _c, expiresAt: _e, attempts: _a, createdAt: _t, ...rest } = p;
          const inserted = tx
            .insert(complaints)
            .values({ ...rest, workflowId: complaintWorkflowId(p.id), status: 'open', filedAt: now.toISOString() })
            .onConflictDoNothing()
            .returning()
            .get();
          tx.delete(pendingComplaints).where(eq(pendingComplaints.id, id)).run();
          if (inserted) limiter.record(limits, now);
          return inserted;
        },
        { behavior: 'immediate' },
      );
      if (!row) return reply.code(200).send(filed(db.select().from(complaints).where(eq(complaints.id, id)).get()!));
      // The code has served: the outbox keeps no usable code once it was delivered.
      db.update(outbox)
        .set({ vars: { code: '******', minutes: '-', phone: '-' }, body: '（验证码已使用 code used）' })
        .where(and(eq(outbox.key, `complaint-verify:${id}`), eq(outbox.status, 'sent')))
        .run();
      await startWorkflow(row);
      return reply.code(201).send(filed(row));
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
      schema: {
        tags: ['complaints'],
        summary: 'Complaints, newest first (supervisors: all; officers: their unit\'s)',
        security: bearerSecurity,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(ComplaintViewSchema), nextCursor: z.string().nullable() }), ...errors },
      },
    },
    async (req) => {
      const p = requireRole(req, [...OFFICER, 'supervisor', 'admin']);
      const q = req.query;
      const where: SQL[] = [];
      const scope = OFFICER.includes(p.role) ? p.unitId : null;
      if (scope && q.unitId && q.unitId !== scope) throw new Problem(403, 'FORBIDDEN_UNIT', 'Officers list their own unit\'s complaints.');
      const unitId = scope ?? q.unitId;
      if (OFFICER.includes(p.role) && !unitId) throw new Problem(403, 'FORBIDDEN_UNIT', 'An officer without a unit sees no complaints.');
      if (unitId) where.push(eq(complaints.unitId, unitId));
      if (q.status) where.push(eq(complaints.status, q.status));
      if (q.caseId) where.push(eq(complaints.caseId, q.caseId));
      if (q.contactLapsed === 'true') where.push(isNotNull(complaints.contactLapsedAt));
      if (q.contactLapsed === 'false') where.push(isNull(complaints.contactLapsedAt));
      if (q.cursor) {
        const [filedAt, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
        if (!filedAt || !id) throw new Problem(400, 'BAD_CURSOR', 'The cursor is not one this API gave.');
        where.push(or(lt(complaints.filedAt, filedAt), and(eq(complaints.filedAt, filedAt), lt(complaints.id, id)))!);
      }
      const rows = db.select().from(complaints).where(and(...where)).orderBy(desc(complaints.filedAt), desc(complaints.id)).limit(q.limit + 1).all();
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((c) => complaintView(db, c, p)),
        nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.filedAt}|${last.id}`).toString('base64url') : null,
      };
    },
  );

  app.get(
    '/v1/complaints/:id',
    { schema: { tags: ['complaints'], summary: 'One complaint', security: bearerSecurity, params: Params, response: { 200: ComplaintViewSchema, ...errors } } },
    async (req) => {
      const p = requireRole(req, [...OFFICER, 'supervisor', 'admin']);
      return complaintView(db, loadComplaintFor(db, p, req.params.id), p);
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
      const p = requireRole(req, OFFICER);
      const c = loadComplaintFor(db, p, req.params.id);
      // Only whoever may call the complainant records the call: the unit's principal head, or the
      // officer the head designated (no one else of the unit has the number to call).
      if (!mayContact(db, p, c)) {
        throw new Problem(403, 'NOT_CONTACT_OFFICER', 'The unit\'s principal head, or the officer they designated (POST /v1/complaints/{id}/contact-officer), records the contact.');
      }
      const key = req.headers['idempotency-key'];
      await callWorkflow(client, () =>
        client.workflow
          .getHandle(c.workflowId)
          .executeUpdate(complaintContactUpdate, { args: [{ actorId: p.id, note: req.body.note }], updateId: key ? `${p.id}:${key}` : undefined }),
      ).catch(complaintProblem);
      return complaintView(db, db.select().from(complaints).where(eq(complaints.id, c.id)).get()!, p);
    },
  );

  app.post(
    '/v1/complaints/:id/contact-officer',
    {
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
      const p = requireRole(req, [...OFFICER, 'supervisor']);
      const c = loadComplaintFor(db, p, req.params.id);
      if (!canDesignateContact(p, c)) throw new Problem(403, 'NOT_UNIT_HEAD', 'The unit\'s principal head (or a supervisor) designates who calls the complainant.');
      if (c.status !== 'open') throw new Problem(409, 'ALREADY_CONTACTED', 'The contact is recorded already.');
      const o = db.select().from(principals).where(eq(principals.id, req.body.officerId)).get();
      if (!o || !o.active || o.unitId !== c.unitId || !OFFICER.includes(o.role as (typeof OFFICER)[number])) {
        throw new Problem(422, 'NOT_UNIT_OFFICER', `${req.body.officerId} is not an active officer of ${c.unitId}.`);
      }
      const at = new Date().toISOString();
      db.insert(complaintContactOfficers)
        .values({ complaintId: c.id, officerId: o.id, designatedBy: p.id, designatedAt: at })
        .onConflictDoUpdate({ target: complaintContactOfficers.complaintId, set: { officerId: o.id, designatedBy: p.id, designatedAt: at } })
        .run();
      return complaintView(db, c, p);
    },
  );

  app.post(
    '/v1/complaints/:id/close',
    {
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
      const p = requireRole(req, ['supervisor']);
      const c = loadComplaintFor(db, p, req.params.id);
      const officerIds = [...new Set(req.body.officerIds ?? [])];
      if (officerIds.length) {
        const known = db.select({ id: principals.id }).from(principals).where(inArray(principals.id, officerIds)).all().map((r) => r.id);
        const unknown = officerIds.filter((o) => !known.includes(o));
        if (unknown.length) throw new Problem(422, 'UNKNOWN_OFFICER', `No officer ${unknown.join(', ')}.`);
      }
      const key = req.headers['idempotency-key'];
      await callWorkflow(client, () =>
        client.workflow
          .getHandle(c.workflowId)
          .executeUpdate(complaintCloseUpdate, {
            args: [{ actorId: p.id, upheld: req.body.upheld, findings: req.body.findings, officerIds }],
            updateId: key ? `${p.id}:${key}` : undefined,
          }),
      ).catch(complaintProblem);
      return complaintView(db, db.select().from(complaints).where(eq(complaints.id, c.id)).get()!, p);
    },
  );
};
export default complaintRoutes;
