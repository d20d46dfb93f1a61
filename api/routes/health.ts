// Liveness and readiness: /healthz says the process is up, /readyz that Temporal and the database answer.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Connection } from '@temporalio/client';
import { missingNextYear } from '../../activities/calendar.js';

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
    const checks: Record<string, string> = {};
    try {
      app.deps.db.get(sql`select 1`);
      checks.database = 'ok';
    } catch {
      checks.database = 'unavailable';
    }
    try {
      await app.deps.client.withDeadline(Date.now() + 2000, () => (app.deps.client.connection as Connection).healthService.check({}));
      checks.temporal = 'ok';
    } catch {
      checks.temporal = 'unavailable';
    }
    const ok = Object.values(checks).every((v) => v === 'ok');
    // Next year's official calendar: a warning only, deadlines are still computed (provisionally).
    const warnings: { code: string; message: string }[] = [];
    if (checks.database === 'ok') {
      const year = missingNextYear(app.deps.db, new Date());
      if (year !== null) {
        warnings.push({
          code: 'CALENDAR_NEXT_YEAR_MISSING',
          message: `The ${year} holiday notice is not loaded: deadlines reaching into ${year} are provisional. Load it with PUT /v1/calendar/${year}.`,
        });
      }
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks, ...(warnings.length ? { warnings } : {}) });
  });
};
export default healthRoutes;
