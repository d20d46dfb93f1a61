// The "效能铜都" complaint channel: a window's QR code opens its page (GET /w/{code}, or
// GET /v1/windows/{code} from a browser); anyone files a complaint (POST /v1/complaints, which
// starts the complaint workflow); the unit records the contact; a supervisor closes it with findings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import rateLimit from '@fastify/rate-limit';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { caseUnits, cases, complaints, principals, units, windows } from '../../db/schema.js';
import { CloseComplaintSchema, COMPLAINT_STATUSES, ComplaintSchema, ContactSchema, type ComplaintIntake } from '../../domain/supervision.js';
import { complaintCloseUpdate, complaintContactUpdate, complaintWorkflowId } from '../../workflows/definitions.js';
import type { ComplaintInput } from '../../workflows/complaint-state.js';
import { bearerSecurity, OFFICER, requireRole } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { callWorkflow } from '../temporal.js';
import { complaintView, ComplaintViewSchema, loadComplaintFor, newComplaintId, type ComplaintRow } from '../supervision/complaints.js';
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

  // A public form is rate-limited per address; callers with a token (12345 integrators filing for
  // citizens) get a much higher allowance. Reuses the app's limiter if one is registered already.
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  const complaintLimit = {
    max: (req: FastifyRequest) => (req.principal ? 600 : 20),
    timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => (req.principal ? `principal:${req.principal.id}` : `ip:${req.ip}`),
  };

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

  /** The unit a complaint is about: named by its window, its unit, or the case it concerns. */
  function unitFor(body: ComplaintIntake): string {
    let unitId = body.unitId;
    if (body.windowCode) {
      const w = db.select().from(windows).where(eq(windows.code, body.windowCode)).get();
      if (!w) throw new Problem(422, 'UNKNOWN_WINDOW', `No window ${body.windowCode}.`);
      if (unitId && unitId !== w.unitId) throw new Problem(422, 'WINDOW_UNIT_MISMATCH', `Window ${w.code} belongs to ${w.unitId}, not ${unitId}.`);
      unitId = w.unitId;
    }
    if (unitId && !db.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get()) throw new Problem(422, 'UNKNOWN_UNIT', `No unit ${unitId}.`);
    if (body.caseId) {
      const c = db.select().from(cases).where(eq(cases.id, body.caseId)).get();
      if (!c) throw new Problem(422, 'UNKNOWN_CASE', `No case ${body.caseId}.`);
      if (!unitId) unitId = c.leadUnitId;
      const involved = c.leadUnitId === unitId || db.select().from(caseUnits).where(and(eq(caseUnits.caseId, c.id), eq(caseUnits.unitId, unitId))).get();
      if (!involved) throw new Problem(422, 'CASE_UNIT_MISMATCH', `Case ${c.id} does not concern unit ${unitId}.`);
    }
    if (!unitId) throw new Problem(422, 'UNIT_REQUIRED', 'Name the window (windowCode), the unit (unitId) or the case (caseId) the complaint is about.');
    return unitId;
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
        client.workflow.start('complaintWorkflow', {
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

  app.post(
    '/v1/complaints',
    {
      config: { rateLimit: complaintLimit },
      schema: {
        tags: ['complaints'],
        summary: 'File a complaint (效能铜都投诉); no account needed',
        description:
          'Starts the complaint workflow: the unit, the Data Resources Bureau and the Efficiency Office are notified at once and the unit\'s principal head gets an SMS. ' +
          'Send an `Idempotency-Key` so a retry files it once (the same key answers 200 with the same complaint). Filing needs no running worker.',
        security: [{}, ...bearerSecurity],
        headers: IdemHeaders,
        body: ComplaintSchema,
        response: { 200: FiledSchema, 201: FiledSchema, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const key = req.headers['idempotency-key'];
      const keyHash = key ? createHash('sha256').update(`complaint:${key}`).digest('hex') : null;
      const bodyHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const byKey = () => (keyHash ? db.select().from(complaints).where(eq(complaints.idempotencyKeyHash, keyHash)).get() : undefined);
      const again = async (row: ComplaintRow) => {
        if (row.bodyHash !== bodyHash) throw new Problem(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different complaint.');
        await startWorkflow(row);
        return reply.code(200).send(filed(row));
      };
      const existing = byKey();
      if (existing) return again(existing);

      const unitId = unitFor(body);
      const now = new Date();
      const id = newComplaintId(now);
      const inserted = db
        .insert(complaints)
        .values({
          id,
          workflowId: complaintWorkflowId(id),
          idempotencyKeyHash: keyHash,
          bodyHash,
          windowCode: body.windowCode ?? null,
          unitId,
          caseId: body.caseId ?? null,
          contactName: body.contact.name,
          contactPhone: body.contact.phone,
          content: body.content,
          filedBy: req.principal?.id ?? null,
          status: 'open',
          filedAt: now.toISOString(),
        })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!inserted) return again(byKey()!); // the same key raced in
      await startWorkflow(inserted);
      return reply.code(201).send(filed(inserted));
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
        items: page.map((c) => complaintView(db, c, { showPhone: true })),
        nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.filedAt}|${last.id}`).toString('base64url') : null,
      };
    },
  );

  app.get(
    '/v1/complaints/:id',
    { schema: { tags: ['complaints'], summary: 'One complaint', security: bearerSecurity, params: Params, response: { 200: ComplaintViewSchema, ...errors } } },
    async (req) => {
      const p = requireRole(req, [...OFFICER, 'supervisor', 'admin']);
      return complaintView(db, loadComplaintFor(db, p, req.params.id), { showPhone: true });
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
      const key = req.headers['idempotency-key'];
      await callWorkflow(client, () =>
        client.workflow
          .getHandle(c.workflowId)
          .executeUpdate(complaintContactUpdate, { args: [{ actorId: p.id, note: req.body.note }], updateId: key ? `${p.id}:${key}` : undefined }),
      ).catch(complaintProblem);
      return complaintView(db, db.select().from(complaints).where(eq(complaints.id, c.id)).get()!, { showPhone: true });
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
      return complaintView(db, db.select().from(complaints).where(eq(complaints.id, c.id)).get()!, { showPhone: true });
    },
  );
};
export default complaintRoutes;
