// Notifications that failed for good (the dead-letter list): the dispatcher stops retrying a message
// after its last attempt and marks it 'failed'; nothing is deleted. The efficiency office sees them
// here and sends them again once the gateway is back.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTIFICATION_QUEUES } from '../../domain/notices.js';
import { failedNotifications, retryNotification } from '../../services/notifications.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { ProblemSchema } from '../errors.js';

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

const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/notifications/failed',
    {
      config: { roles: WHO },
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
    async (req) => failedNotifications(db, req.query),
  );

  app.post(
    '/notifications/:id/retry',
    {
      config: { roles: WHO },
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
      const p = callerOf(req);
      const moved = (await retryNotification(db, req.params.id));
      req.log.info({ notification: moved.id, by: p.id }, 'failed notification sent again');
      return moved;
    },
  );
};
export default notificationRoutes;
