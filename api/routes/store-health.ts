// What supervisors and administrators see of how the store follows the workflows (docs/store.md).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../errors.js';
import { bearerSecurity } from '../auth.js';
import { haltedCases, storeBehind } from '../../services/store-health.js';

const errors = { 401: ProblemSchema, 403: ProblemSchema, 503: ProblemSchema };

const storeHealthRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { db, client } = app.deps;

  app.get(
    '/v1/supervision/store-behind',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Workflows that stopped retrying their store call (StoreBehind): they go on once the store answers again',
        security: bearerSecurity,
        response: { 200: z.object({ items: z.array(z.object({ workflowId: z.string(), type: z.string(), since: z.string().nullable() })) }), ...errors },
      },
    },
    async () => ({ items: await storeBehind(client) }),
  );

  app.get(
    '/v1/supervision/halted-cases',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['supervision'],
        summary: 'Cases whose workflow stopped without finishing (terminated, failed, timed out), newest first',
        security: bearerSecurity,
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), title: z.string(), leadUnitId: z.string(), tier: z.string(), status: z.string(), haltedAt: z.string().nullable(), haltedReason: z.string().nullable() })),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: (await haltedCases(db)) }),
  );
};
export default storeHealthRoutes;
