// What integrators (the 12345 hotline and others) get back: webhook subscriptions with their signing
// secrets and dead-letter lists, the change feed for those who poll, and what an administrator grants
// an integrator to see beyond the cases it started. The contract is docs/integrators.md.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_TYPES, type EventType } from '../../domain/integration-events.js';
import { TIERS } from '../../domain/tiers.js';
import { readFeed } from '../../services/event-feed.js';
import {
  createSubscription, deleteSubscription, EventScopeBody, failedDeliveries, getSubscription, grantEventScope, integratorScope, listSubscriptions, NewSubscription,
  redeliver, Rotation, rotateSecret, SubscriptionPatch, targetPolicyFromEnv, updateSubscription,
} from '../../services/subscriptions.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { problemOf, ProblemSchema } from '../errors.js';

export const IntegratorEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().describe('`<subject>.<sequence>`: the same on every delivery of the event, and in the feed'),
    source: z.string().describe('`/v1/cases`, or `/v1/complaints` for a complaint about no case'),
    type: z.enum(EVENT_TYPES),
    subject: z.string().describe('The case id (a complaint about no case: the complaint id)'),
    time: z.string().describe('When it happened'),
    datacontenttype: z.literal('application/json'),
    sequence: z.string().describe('The event\'s number in its subject\'s stream, 1, 2, 3… without gaps, zero-padded to ten digits (CloudEvents sequence extension)'),
    data: z
      .looseObject({
        caseId: z.string().optional(),
        externalId: z.string().nullable().describe('Your own reference of the case (its intake\'s externalId); null unless you started the case'),
        category: z.string().nullable().optional().describe('The category code (派单目录)'),
        tier: z.enum(TIERS).optional().describe('The tier the case is at (never who holds it)'),
      })
      .describe('Per type: see docs/integrators.md'),
  })
  .meta({ id: 'IntegratorEvent' });

const Subscription = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    url: z.string(),
    events: z.array(z.enum(EVENT_TYPES)),
    description: z.string(),
    status: z.enum(['active', 'disabled']),
    disabledReason: z.string().nullable().describe('gone (the receiver answered 410), by_owner, by_admin'),
    disabledAt: z.string().nullable(),
    previousSecretValidUntil: z.string().nullable().describe('After a rotation: until when the previous secret still signs beside the new one'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Subscription' });
const WithSecret = Subscription.extend({
  secret: z.string().describe('The signing secret (`whsec_…`), shown this once: give it to your Standard Webhooks library'),
}).meta({ id: 'SubscriptionWithSecret' });
const FailedDelivery = z
  .object({
    eventId: z.string(),
    type: z.enum(EVENT_TYPES),
    subject: z.string(),
    sequence: z.number().int(),
    attempts: z.number().int(),
    firstAttemptAt: z.string().nullable(),
    failedAt: z.string(),
    lastStatus: z.number().int().nullable().describe('Your receiver\'s HTTP status at the last attempt; null: no answer'),
    lastError: z.string().nullable(),
    event: IntegratorEventSchema,
  })
  .meta({ id: 'FailedDelivery' });
const Scope = z
  .object({ principalId: z.string(), all: z.boolean(), unitIds: z.array(z.string()), categories: z.array(z.string()) })
  .meta({ id: 'EventScope' });

const MANAGERS = ['integrator', 'admin'] as const;
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema };
const SubId = z.object({ id: z.string().min(1).max(64) });
const TYPE_LIST = /^[a-z_.]+(,[a-z_.]+)*$/;

const integratorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const targets = targetPolicyFromEnv(process.env, config.production);

  app.post(
    '/subscriptions',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['integrators'],
        summary: 'Subscribe a receiver to events (webhooks); the signing secret is in this answer only',
        description:
          'Each event is POSTed as a CloudEvents 1.0 JSON document (`application/cloudevents+json`) signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). You receive the events of the cases you started (and of complaints you filed), unless an administrator granted more. Answer 2xx to acknowledge; anything else is retried with back-off for 24 hours; 410 disables the subscription.',
        security: bearerSecurity,
        body: NewSubscription,
        response: { 201: WithSecret, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createSubscription(db, callerOf(req), req.body, targets)),
  );

  app.get(
    '/subscriptions',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['integrators'],
        summary: 'Your subscriptions (administrators: everyone\'s, or one owner\'s)',
        security: bearerSecurity,
        querystring: z.object({ ownerId: z.string().max(64).optional() }),
        response: { 200: z.object({ items: z.array(Subscription) }), ...errors },
      },
    },
    async (req) => ({ items: (await listSubscriptions(db, callerOf(req), req.query)) }),
  );

  app.get(
    '/subscriptions/:id',
    { config: { roles: MANAGERS }, schema: { tags: ['integrators'], summary: 'One subscription', security: bearerSecurity, params: SubId, response: { 200: Subscription, ...errors } } },
    async (req) => getSubscription(db, callerOf(req), req.params.id),
  );

  app.patch(
    '/subscriptions/:id',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['integrators'],
        summary: 'Change a subscription\'s URL, types or description; disable or enable it',
        description: 'Enabling a subscription (after a 410, say) delivers what waited meanwhile, in order.',
        security: bearerSecurity,
        params: SubId,
        body: SubscriptionPatch,
        response: { 200: Subscription, ...errors },
      },
    },
    async (req) => updateSubscription(db, callerOf(req), req.params.id, req.body, targets),
  );

  app.delete(
    '/subscriptions/:id',
    { config: { roles: MANAGERS }, schema: { tags: ['integrators'], summary: 'Delete a subscription (nothing more is sent to it)', security: bearerSecurity, params: SubId, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await deleteSubscription(db, callerOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/subscriptions/:id/rotate-secret',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['integrators'],
        summary: 'A new signing secret, shown once; the previous one keeps signing beside it for `graceSeconds`',
        description: 'During the grace period every message carries two signatures (`v1,… v1,…`): a receiver that still holds the old secret verifies, and so does one that holds the new.',
        security: bearerSecurity,
        params: SubId,
        body: Rotation,
        response: { 200: WithSecret, ...errors },
      },
    },
    async (req) => rotateSecret(db, callerOf(req), req.params.id, req.body.graceSeconds),
  );

  app.get(
    '/subscriptions/:id/failed',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['integrators'],
        summary: 'The dead-letter list: events given up after 24 hours of retries, newest first',
        description: 'A case\'s later events wait behind its failed one (they are delivered in order); redeliver it once your receiver is back.',
        security: bearerSecurity,
        params: SubId,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().min(1).optional() }),
        response: { 200: z.object({ items: z.array(FailedDelivery), nextBefore: z.number().int().nullable() }), ...errors },
      },
    },
    async (req) => failedDeliveries(db, callerOf(req), req.params.id, req.query),
  );

  app.post(
    '/subscriptions/:id/failed/:eventId/redeliver',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['integrators'],
        summary: 'Redeliver one dead letter (same event id), before the later events of its case',
        security: bearerSecurity,
        params: SubId.extend({ eventId: z.string().min(1).max(200) }),
        response: { 202: z.object({ redelivered: z.number().int() }), ...errors },
      },
    },
    async (req, reply) => reply.code(202).send({ redelivered: (await redeliver(db, callerOf(req), req.params.id, req.params.eventId)) }),
  );

  app.post(
    '/subscriptions/:id/failed/redeliver',
    {
      config: { roles: MANAGERS },
      schema: { tags: ['integrators'], summary: 'Redeliver every dead letter of the subscription', security: bearerSecurity, params: SubId, response: { 202: z.object({ redelivered: z.number().int() }), ...errors } },
    },
    async (req, reply) => reply.code(202).send({ redelivered: (await redeliver(db, callerOf(req), req.params.id, null)) }),
  );

  app.get(
    '/events',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['integrators'],
        summary: 'The change feed: the events your subscriptions would receive, in order, cursor-paged',
        description:
          'Start without `after`; then send the `nextCursor` of the last page as `after`. An empty page means nothing new yet: poll again with the same cursor. Each event is the same document a webhook carries (same id).',
        security: bearerSecurity,
        querystring: z.object({
          after: z.string().max(20).optional().describe('The nextCursor of the previous page'),
          types: z.string().max(1000).regex(TYPE_LIST, 'comma-separated event types').optional().describe('Comma-separated event types (default: all)'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(IntegratorEventSchema), nextCursor: z.string() }), ...errors },
      },
    },
    async (req) => {
      const types = req.query.types?.split(',');
      const unknown = types?.find((t) => !(EVENT_TYPES as readonly string[]).includes(t));
      if (unknown) throw problemOf('UNKNOWN_EVENT_TYPE', `${unknown} is not an event type; the types are ${EVENT_TYPES.join(', ')}.`);
      return await readFeed(db, callerOf(req), { after: req.query.after, types: types as EventType[] | undefined, limit: req.query.limit });
    },
  );

  app.get(
    '/integrators/:id/event-scope',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['admin'], summary: 'What an integrator sees beyond the cases it started', security: bearerSecurity, params: SubId, response: { 200: Scope, ...errors } },
    },
    async (req) => integratorScope(db, req.params.id),
  );

  app.put(
    '/integrators/:id/event-scope',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Grant an integrator the events of more cases: all, a lead unit\'s, a category\'s (replaces the grant)',
        security: bearerSecurity,
        params: SubId,
        body: EventScopeBody,
        response: { 200: Scope, ...errors },
      },
    },
    async (req) => grantEventScope(db, callerOf(req).id, req.params.id, req.body),
  );
};
export default integratorRoutes;
