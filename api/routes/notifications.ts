// Notifications that failed for good (the dead-letter list): the dispatcher stops retrying a message
// after its last attempt and marks it 'failed'; nothing is deleted. The efficiency office sees them
// here and sends them again once the gateway is back.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import { maskPhones } from '../../notify/channels.js';
import { queueOf, NOTIFICATION_QUEUES } from '../../notify/templates.js';
import { bearerSecurity, requireRole } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const WHO = ['supervisor', 'admin'] as const;

const FailedSchema = z
  .object({
    id: z.number().int(),
    key: z.string(),
    caseId: z.string().nullable(),
    recipientId: z.string(),
    recipientKind: z.string(),
    template: z.string(),
    queue: z.enum(NOTIFICATION_QUEUES),
    /** The text as sent; phones masked, a verification code's text withheld. */
    body: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    /** When it was given up on. */
    failedAt: z.string(),
  })
  .meta({ id: 'FailedNotification' });

type Row = typeof outbox.$inferSelect;
const view = (r: Row): z.infer<typeof FailedSchema> => ({
  id: r.id,
  key: r.key,
  caseId: r.caseId,
  recipientId: r.recipientId,
  recipientKind: r.recipientKind,
  template: r.template,
  queue: queueOf(r.template),
  body: r.template === 'complaint_verification_code' ? '（验证码短信，内容不显示 verification code withheld）' : maskPhones(r.body),
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  createdAt: r.createdAt,
  failedAt: r.nextAttemptAt,
});

const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/notifications/failed',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Notifications that failed for good (dead letters), newest first (supervisors)',
        security: bearerSecurity,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          /** The id of the last item of the previous page. */
          before: z.coerce.number().int().min(1).optional(),
        }),
        response: { 200: z.object({ items: z.array(FailedSchema), total: z.number().int(), nextBefore: z.number().int().nullable() }), ...errors },
      },
    },
    async (req) => {
      requireRole(req, WHO);
      const where: SQL[] = [eq(outbox.status, 'failed')];
      if (req.query.before) where.push(lt(outbox.id, req.query.before));
      const rows = db.select().from(outbox).where(and(...where)).orderBy(desc(outbox.id)).limit(req.query.limit + 1).all();
      const page = rows.slice(0, req.query.limit);
      const total = db.select({ n: sql<number>`count(*)` }).from(outbox).where(eq(outbox.status, 'failed')).get()?.n ?? 0;
      return { items: page.map(view), total, nextBefore: rows.length > req.query.limit ? page[page.length - 1].id : null };
    },
  );

  app.post(
    '/notifications/:id/retry',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a failed notification again (supervisors)',
        description: 'Puts a dead letter back in the outbox with its attempts reset; the dispatcher sends it on its next pass. Only a failed notification can be sent again (409 `NOT_FAILED` otherwise).',
        security: bearerSecurity,
        params: z.object({ id: z.coerce.number().int().min(1) }),
        response: { 200: FailedSchema, ...errors },
      },
    },
    async (req) => {
      const p = requireRole(req, WHO);
      const row = db.select().from(outbox).where(eq(outbox.id, req.params.id)).get();
      if (!row) throw new Problem(404, 'NOTIFICATION_NOT_FOUND', `No notification ${req.params.id}.`);
      const now = new Date().toISOString();
      const moved = db
        .update(outbox)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now, claimedAt: null, claimedBy: null })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'failed')))
        .returning()
        .get();
      if (!moved) throw new Problem(409, 'NOT_FAILED', `Notification ${row.id} is ${row.status}, not failed.`);
      req.log.info({ notification: row.id, by: p.id }, 'failed notification sent again');
      return view(moved);
    },
  );
};
export default notificationRoutes;
