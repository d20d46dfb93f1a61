// Liveness and readiness: /healthz says the process is up, /readyz that Temporal and the database answer.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readiness } from '../../services/health.js';

const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.string()).optional(),
  warnings: z
    .array(z.object({ code: z.string(), message: z.string() }))
    .optional()
    .describe('What needs an administrator without making the service unready, e.g. CALENDAR_NEXT_YEAR_MISSING from 1 November'),
});

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags: ['service'], response: { 200: Health } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { tags: ['service'], response: { 200: Health, 503: Health } } }, async (_req, reply) => {
    const { ok, checks, warnings } = await readiness(app.deps.db, app.deps.client, new Date(), { production: app.deps.config.production });
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks, ...(warnings.length ? { warnings } : {}) });
  });
};
export default healthRoutes;
