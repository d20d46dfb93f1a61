// Retrospective reviews (倒查复盘) and the accountability records (通报、问责) they produce.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AddFindingSchema, FINDING_KINDS, FindingDecisionSchema, LEVELS, OpenReviewSchema, type SupervisionPolicy } from '../../domain/supervision.js';
import { accountability, AccountabilityRecordSchema, addFinding, decideFinding, listReviews, openReview, requireReview, reviewView, ReviewSchema } from '../../services/reviews.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { ProblemSchema } from '../errors.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };
const Params = z.object({ id: z.string().max(64) });


const KindCounts = z.object(Object.fromEntries(FINDING_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof FINDING_KINDS)[number], z.ZodNumber>);

const reviewRoutes: FastifyPluginAsyncZod<{ policy: SupervisionPolicy }> = async (app, opts) => {
  const { db } = app.deps;
  const policy = opts.policy;

  app.post(
    '/reviews',
    {
      config: { roles: ['supervisor'] },
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
      const p = callerOf(req);
      const { review, created } = (await openReview(db, req.body, p.id, policy, new Date()));
      return reply.code(created ? 201 : 200).send(review);
    },
  );

  app.get(
    '/reviews',
    {
      config: { roles: ['supervisor'] },
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
      return { items: (await listReviews(db, req.query)) };
    },
  );

  app.get(
    '/reviews/:id',
    { config: { roles: ['supervisor'] }, schema: { tags: ['supervision'], summary: 'One review: the path and the findings', security: bearerSecurity, params: Params, response: { 200: ReviewSchema, ...errors } } },
    async (req) => {
      await requireReview(db, req.params.id);
      return (await reviewView(db, req.params.id, policy, new Date()))!;
    },
  );

  app.post(
    '/reviews/:id/findings',
    {
      config: { roles: ['supervisor'] },
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
      const p = callerOf(req);
      const now = new Date();
      await addFinding(db, req.params.id, req.body, p.id, now);
      return reply.code(201).send((await reviewView(db, req.params.id, policy, now))!);
    },
  );

  app.post(
    '/reviews/:id/findings/:findingId',
    {
      config: { roles: ['supervisor'] },
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
      const p = callerOf(req);
      const now = new Date();
      await requireReview(db, req.params.id);
      await decideFinding(db, req.params.id, req.params.findingId, req.body, p.id, now);
      return (await reviewView(db, req.params.id, policy, now))!;
    },
  );

  app.get(
    '/accountability',
    {
      config: { roles: ['supervisor'] },
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
      return accountability(db, req.query);
    },
  );
};
export default reviewRoutes;
