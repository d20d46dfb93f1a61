// What awaits the caller (待办), soonest deadline first, from the read models: cases they hold,
// units' parts of coordinated cases they hold, and city directives to their unit (for its head).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { similarPrecedents } from '../../db/library.js';
import { caseParts, caseUnits, cases } from '../../db/schema.js';
import { CLOSED_STATUSES } from '../../domain/tiers.js';
import type { CaseView } from '../../workflows/case-state.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { ProblemSchema } from '../errors.js';
import { CaseSummary, summaryOf } from './cases.js';

const InboxItem = CaseSummary.extend({
  kind: z.enum(['case', 'part', 'directive']),
  /** For parts and directives: the unit whose share it is. */
  unitId: z.string().optional(),
  task: z.string().optional(),
  similarPrecedents: z.array(z.object({ id: z.string(), title: z.string(), sourceKind: z.string(), place: z.string().nullable() })).optional(),
}).meta({ id: 'InboxItem' });

const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/inbox',
    {
      config: { roles: [...OFFICER, 'city_leader'] },
      schema: {
        tags: ['cases'],
        summary: 'What awaits my decision (待办), soonest deadline first: cases, unit parts, city directives',
        security: bearerSecurity,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
          /** `precedents`: each item of the page carries the case library's closest precedents. */
          include: z.enum(['precedents']).optional(),
        }),
        response: { 200: z.object({ items: z.array(InboxItem), total: z.number().int() }), 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => {
      const p = callerOf(req);
      const now = new Date();
      const items: z.infer<typeof InboxItem>[] = db
        .select()
        .from(cases)
        .where(and(eq(cases.assigneeId, p.id), notInArray(cases.status, [...CLOSED_STATUSES])))
        .all()
        .map((r) => ({ ...summaryOf(r, now), kind: 'case' as const }));
      const parts = db
        .select({ part: caseParts, c: cases })
        .from(caseParts)
        .innerJoin(cases, eq(cases.id, caseParts.caseId))
        .where(and(eq(caseParts.assigneeId, p.id), eq(caseParts.status, 'open')))
        .all();
      for (const { part, c } of parts) {
        items.push({ ...summaryOf(c, now), kind: 'part', unitId: part.unitId, deadlineAt: part.deadlineAt, overdue: !!part.deadlineAt && Date.parse(part.deadlineAt) < now.getTime(), assignee: { principalId: p.id, name: p.name } });
      }
      if (p.role === 'principal_head' && p.unitId) {
        const directed = db
          .select({ c: cases })
          .from(caseUnits)
          .innerJoin(cases, eq(cases.id, caseUnits.caseId))
          .where(and(eq(caseUnits.unitId, p.unitId), eq(cases.status, 'at_city')))
          .all();
        for (const { c } of directed) {
          const d = (c.view as CaseView | null)?.directives?.find((x) => x.unitId === p.unitId && !x.doneAt);
          if (d) items.push({ ...summaryOf(c, now), kind: 'directive', unitId: p.unitId, task: d.task, deadlineAt: d.dueAt, overdue: Date.parse(d.dueAt) < now.getTime() });
        }
      }
      // Soonest deadline first; items without one last.
      items.sort((a, b) => (a.deadlineAt ?? '\uffff').localeCompare(b.deadlineAt ?? '\uffff') || a.id.localeCompare(b.id));
      const page = items.slice(req.query.offset, req.query.offset + req.query.limit);
      if (req.query.include === 'precedents') {
        const rows = new Map(db.select().from(cases).where(inArray(cases.id, page.map((i) => i.id))).all().map((r) => [r.id, r]));
        for (const item of page) {
          const r = rows.get(item.id)!;
          item.similarPrecedents = similarPrecedents(db, { title: r.title, description: r.description, category: r.category, excludeCaseId: r.id }, 3).map((p) => ({ id: p.id, title: p.title, sourceKind: p.sourceKind, place: p.place }));
        }
      }
      return { items: page, total: items.length };
    },
  );
};
export default inboxRoutes;
