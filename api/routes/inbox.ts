// What awaits the caller's decision, soonest deadline first, from the read model.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import { CLOSED_STATUSES } from '../../domain/tiers.js';
import { bearerSecurity, OFFICER, requireRole } from '../auth.js';
import { ProblemSchema } from '../errors.js';
import { CaseSummary, summaryOf } from './cases.js';

const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/inbox',
    {
      schema: {
        tags: ['cases'],
        summary: 'What awaits my decision (待办), soonest deadline first',
        security: bearerSecurity,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) }),
        response: { 200: z.object({ items: z.array(CaseSummary.extend({ kind: z.literal('case') })), total: z.number().int() }), 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => {
      const p = requireRole(req, [...OFFICER, 'city_leader']);
      const now = new Date();
      const mine = and(eq(cases.assigneeId, p.id), notInArray(cases.status, [...CLOSED_STATUSES]));
      const rows = db.select().from(cases).where(mine).orderBy(sql`${cases.deadlineAt} is null`, asc(cases.deadlineAt), asc(cases.id)).limit(req.query.limit).offset(req.query.offset).all();
      const total = db.select({ n: sql<number>`count(*)` }).from(cases).where(mine).get()?.n ?? 0;
      return { items: rows.map((r) => ({ ...summaryOf(r, now), kind: 'case' as const })), total };
    },
  );
};
export default inboxRoutes;
