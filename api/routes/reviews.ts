// Retrospective reviews (倒查复盘) and the accountability records (通报、问责) they produce.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { accountabilityRecords, principals, reviewFindings, reviews, units } from '../../db/schema.js';
import { AddFindingSchema, FINDING_KINDS, FindingDecisionSchema, LEVEL_LABELS, LEVELS, OpenReviewSchema, type SupervisionPolicy } from '../../domain/supervision.js';
import { bearerSecurity, requireRole } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { addFinding, decideFinding, openReview, reviewView, ReviewSchema } from '../supervision/reviews.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };
const Params = z.object({ id: z.string().max(64) });

const AccountabilityRecordSchema = z
  .object({
    id: z.string(),
    kind: z.enum(FINDING_KINDS),
    level: z.enum(LEVELS),
    levelLabel: z.string(),
    officer: z.object({ id: z.string(), name: z.string() }),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
    caseId: z.string().nullable(),
    complaintId: z.string().nullable(),
    reviewId: z.string(),
    findingId: z.string(),
    summary: z.string(),
    note: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'AccountabilityRecord' });

const KindCounts = z.object(Object.fromEntries(FINDING_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof FINDING_KINDS)[number], z.ZodNumber>);

const reviewRoutes: FastifyPluginAsyncZod<{ policy: SupervisionPolicy }> = async (app, opts) => {
  const { db } = app.deps;
  const policy = opts.policy;

  app.post(
    '/reviews',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Open a retrospective review (倒查复盘) of a case, a complaint, or an officer\'s escalation pattern',
        description: 'Lays out the path from the audit copy and proposes findings. A review of the same subject that still awaits decisions is answered again (200).',
        security: bearerSecurity,
        body: OpenReviewSchema,
        response: { 200: ReviewSchema, 201: ReviewSchema, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireRole(req, ['supervisor']);
      const { review, created } = openReview(db, req.body, p.id, policy, new Date());
      return reply.code(created ? 201 : 200).send(review);
    },
  );

  app.get(
    '/reviews',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Reviews, newest first',
        security: bearerSecurity,
        querystring: z.object({ caseId: z.string().max(64).optional(), complaintId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                caseId: z.string().nullable(),
                complaintId: z.string().nullable(),
                officerId: z.string().nullable(),
                openedBy: z.string(),
                openedAt: z.string(),
                findings: z.object({ proposed: z.number().int(), confirmed: z.number().int(), rejected: z.number().int() }),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireRole(req, ['supervisor']);
      const where: SQL[] = [];
      if (req.query.caseId) where.push(eq(reviews.caseId, req.query.caseId));
      if (req.query.complaintId) where.push(eq(reviews.complaintId, req.query.complaintId));
      const rows = db.select().from(reviews).where(and(...where)).orderBy(desc(reviews.openedAt), desc(reviews.id)).limit(req.query.limit).all();
      return {
        items: rows.map((r) => {
          const fs = db.select({ status: reviewFindings.status }).from(reviewFindings).where(eq(reviewFindings.reviewId, r.id)).all();
          const count = (s: string) => fs.filter((f) => f.status === s).length;
          return {
            id: r.id,
            caseId: r.caseId,
            complaintId: r.complaintId,
            officerId: r.officerId,
            openedBy: r.openedBy,
            openedAt: r.openedAt,
            findings: { proposed: count('proposed'), confirmed: count('confirmed'), rejected: count('rejected') },
          };
        }),
      };
    },
  );

  app.get(
    '/reviews/:id',
    { schema: { tags: ['supervision'], summary: 'One review: the path and the findings', security: bearerSecurity, params: Params, response: { 200: ReviewSchema, ...errors } } },
    async (req) => {
      requireRole(req, ['supervisor']);
      const r = reviewView(db, req.params.id, policy, new Date());
      if (!r) throw new Problem(404, 'REVIEW_NOT_FOUND', 'No such review.');
      return r;
    },
  );

  app.post(
    '/reviews/:id/findings',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Add a finding the record cannot show',
        security: bearerSecurity,
        params: Params,
        body: AddFindingSchema,
        response: { 201: ReviewSchema, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireRole(req, ['supervisor']);
      const now = new Date();
      addFinding(db, req.params.id, req.body, p.id, now);
      return reply.code(201).send(reviewView(db, req.params.id, policy, now)!);
    },
  );

  app.post(
    '/reviews/:id/findings/:findingId',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Confirm a finding with a level (reminder 提醒, notice 通报, accountability 问责) or reject it',
        description: 'A confirmed finding becomes an accountability record. Deciding again the same way changes nothing; the other way is 409 FINDING_ALREADY_DECIDED.',
        security: bearerSecurity,
        params: z.object({ id: z.string().max(64), findingId: z.string().max(64) }),
        body: FindingDecisionSchema,
        response: { 200: ReviewSchema, ...errors },
      },
    },
    async (req) => {
      const p = requireRole(req, ['supervisor']);
      const now = new Date();
      if (!db.select({ id: reviews.id }).from(reviews).where(eq(reviews.id, req.params.id)).get()) throw new Problem(404, 'REVIEW_NOT_FOUND', 'No such review.');
      decideFinding(db, req.params.id, req.params.findingId, req.body, p.id, now);
      return reviewView(db, req.params.id, policy, now)!;
    },
  );

  app.get(
    '/accountability',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Accountability records (不提级, 搁置, 事事提级) per officer and unit',
        description: '`totals` count every record that matches the filters (not only this page).',
        security: bearerSecurity,
        querystring: z.object({
          officerId: z.string().max(64).optional(),
          unitId: z.string().max(64).optional(),
          kind: z.enum(FINDING_KINDS).optional(),
          level: z.enum(LEVELS).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(AccountabilityRecordSchema),
            nextCursor: z.string().nullable(),
            totals: z.object({
              total: z.number().int(),
              byOfficer: z.array(z.object({ officerId: z.string(), name: z.string(), unitId: z.string().nullable(), total: z.number().int(), byKind: KindCounts })),
              byUnit: z.array(z.object({ unitId: z.string(), name: z.string(), total: z.number().int(), byKind: KindCounts })),
            }),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      requireRole(req, ['supervisor']);
      const q = req.query;
      const where: SQL[] = [];
      if (q.officerId) where.push(eq(accountabilityRecords.officerId, q.officerId));
      if (q.unitId) where.push(eq(accountabilityRecords.unitId, q.unitId));
      if (q.kind) where.push(eq(accountabilityRecords.kind, q.kind));
      if (q.level) where.push(eq(accountabilityRecords.level, q.level));
      const all = db.select().from(accountabilityRecords).where(and(...where)).orderBy(desc(accountabilityRecords.recordedAt), desc(accountabilityRecords.id)).all();
      const names = new Map(db.select({ id: principals.id, name: principals.name }).from(principals).all().map((r) => [r.id, r.name]));
      const unitNames = new Map(db.select({ id: units.id, name: units.name }).from(units).all().map((r) => [r.id, r.name]));
      const zero = () => Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<(typeof FINDING_KINDS)[number], number>;
      const byOfficer = new Map<string, { officerId: string; name: string; unitId: string | null; total: number; byKind: ReturnType<typeof zero> }>();
      const byUnit = new Map<string, { unitId: string; name: string; total: number; byKind: ReturnType<typeof zero> }>();
      for (const r of all) {
        const kind = r.kind as (typeof FINDING_KINDS)[number];
        const o = byOfficer.get(r.officerId) ?? { officerId: r.officerId, name: names.get(r.officerId) ?? r.officerId, unitId: r.unitId, total: 0, byKind: zero() };
        o.total++;
        o.byKind[kind]++;
        byOfficer.set(r.officerId, o);
        if (r.unitId) {
          const u = byUnit.get(r.unitId) ?? { unitId: r.unitId, name: unitNames.get(r.unitId) ?? r.unitId, total: 0, byKind: zero() };
          u.total++;
          u.byKind[kind]++;
          byUnit.set(r.unitId, u);
        }
      }
      let page = all;
      if (q.cursor) {
        const [at, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
        if (!at || !id) throw new Problem(400, 'BAD_CURSOR', 'The cursor is not one this API gave.');
        page = all.filter((r) => r.recordedAt < at || (r.recordedAt === at && r.id < id));
      }
      const items = page.slice(0, q.limit);
      const last = items[items.length - 1];
      return {
        items: items.map((r) => ({
          id: r.id,
          kind: r.kind as (typeof FINDING_KINDS)[number],
          level: r.level as (typeof LEVELS)[number],
          levelLabel: `${LEVEL_LABELS[r.level as (typeof LEVELS)[number]].label} ${LEVEL_LABELS[r.level as (typeof LEVELS)[number]].labelEn}`,
          officer: { id: r.officerId, name: names.get(r.officerId) ?? r.officerId },
          unit: r.unitId ? { id: r.unitId, name: unitNames.get(r.unitId) ?? r.unitId } : null,
          caseId: r.caseId,
          complaintId: r.complaintId,
          reviewId: r.reviewId,
          findingId: r.findingId,
          summary: r.summary,
          note: r.note,
          recordedBy: r.recordedBy,
          recordedAt: r.recordedAt,
        })),
        nextCursor: page.length > q.limit && last ? Buffer.from(`${last.recordedAt}|${last.id}`).toString('base64url') : null,
        totals: {
          total: all.length,
          byOfficer: [...byOfficer.values()].sort((a, b) => b.total - a.total || a.officerId.localeCompare(b.officerId)),
          byUnit: [...byUnit.values()].sort((a, b) => b.total - a.total || a.unitId.localeCompare(b.unitId)),
        },
      };
    },
  );
};
export default reviewRoutes;
