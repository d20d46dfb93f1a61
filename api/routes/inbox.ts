// What awaits the caller (待办), soonest deadline first, from the read models: cases they hold,
// units' parts of coordinated cases they hold, and city directives to their unit (for its head).
import { serializerCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inboxPage, precedentsFor } from '../../services/inbox.js';
import { bearerSecurity, callerOf, OFFICER } from '../auth.js';
import { isOverdue } from '../../domain/tiers.js';
import { ProblemSchema } from '../errors.js';
import { CaseSummary } from './cases.js';
import { summaryOf } from '../../services/cases.js';
import { openNoticesOf } from '../../services/case-supervision.js';
import { NOTICE_LEVEL_LABELS, NOTICE_LEVELS, type NoticeLevel } from '../../domain/messages.js';

const InboxItem = CaseSummary.extend({
  kind: z.enum(['case', 'part', 'directive', 'rectification']),
  /** For parts and directives: the unit whose share it is. */
  unitId: z.string().optional(),
  task: z.string().optional(),
  similarPrecedents: z.array(z.object({ id: z.string(), title: z.string(), sourceKind: z.string(), place: z.string().nullable() })).optional(),
  /** An open 督办 on the case (or on the caller's part of it): shown until the holder decides. */
  supervision: z.object({ no: z.number().int(), level: z.enum(NOTICE_LEVELS), label: z.string(), dueAt: z.string(), note: z.string() }).optional(),
}).meta({ id: 'InboxItem' });

const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/inbox',
    {
      config: { roles: [...OFFICER, 'city_leader'] },
      // The page is built here from typed rows, in the schema's shape: JSON.stringify it as it is
      // instead of re-validating each item on the way out (the other statuses as every route).
      serializerCompiler: (route) => (route.httpStatus === '200' ? (data: unknown) => JSON.stringify(data) : serializerCompiler(route as unknown as Parameters<typeof serializerCompiler>[0])),
      schema: {
        tags: ['cases'],
        summary: 'What awaits my decision (待办), soonest deadline first: cases, unit parts, city directives, rectifications',
        security: bearerSecurity,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
          /** Keyset paging: the `nextCursor` of the page before (then `offset` is not used). */
          cursor: z.string().max(400).optional(),
          /** `precedents`: each item of the page carries the case library's closest precedents. */
          include: z.enum(['precedents']).optional(),
        }),
        response: { 200: z.object({ items: z.array(InboxItem), total: z.number().int(), nextCursor: z.string().nullable() }), 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => {
      const p = callerOf(req);
      const now = new Date();
      const { rows, total, nextCursor } = await inboxPage(db, {
        principalId: p.id,
        headOfUnit: p.role === 'principal_head' && p.unitId ? p.unitId : null,
        limit: req.query.limit,
        offset: req.query.offset,
        cursor: req.query.cursor,
      });
      const items: z.infer<typeof InboxItem>[] = rows.map((r) => {
        const summary = summaryOf(r, now);
        // A part or a directive runs on its own clock; a part is held by the caller.
        const own = r.kind === 'case' ? {} : { deadlineAt: r.deadlineAt, overdue: isOverdue(r.deadlineAt, now.getTime()) };
        return {
          ...summary,
          ...own,
          kind: r.kind,
          ...(r.unitId ? { unitId: r.unitId } : {}),
          ...(r.task ? { task: r.task } : {}),
          ...(r.kind === 'part' ? { assignee: { principalId: p.id, name: p.name } } : {}),
        };
      });
      // A 督办 stays on the item it names until the holder decides (the unit answers its part).
      const notices = (await openNoticesOf(db, items.filter((i) => i.kind === 'case' || i.kind === 'part').map((i) => i.id)));
      for (const item of items) {
        const n = notices.get(item.id)?.find((x) => (item.kind === 'case' ? x.unitId === null : item.kind === 'part' && x.unitId === item.unitId));
        if (n) item.supervision = { no: n.no, level: n.level as NoticeLevel, label: NOTICE_LEVEL_LABELS[n.level as NoticeLevel].label, dueAt: n.dueAt, note: n.note };
      }
      if (req.query.include === 'precedents') {
        const found = (await precedentsFor(db, items.map((i) => i.id)));
        for (const item of items) item.similarPrecedents = found.get(item.id) ?? [];
      }
      return { items, total, nextCursor };
    },
  );
};
export default inboxRoutes;
