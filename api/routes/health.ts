// Liveness and readiness: /healthz says the process is up, /readyz that Temporal and the database answer.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Connection } from '@temporalio/client';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() });

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
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });
};
export default healthRoutes;
