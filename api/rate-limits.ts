// Rate limits on what anyone can reach without an account: a requester's tracking-code reads and
// actions (guessing a code must be slow) and, through the complaint routes' own config, the public
// complaint form; and intake, per principal. One place here names every limited route; the route
// files stay as they are.
// Anonymous callers are counted per address, callers with a token per principal (a 12345 platform
// or an officer's screen polls far more than one citizen).
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { problemOf, ProblemSchema } from './errors.js';
import { addressBucket, sharedRateLimitStore } from './public-limits.js';

export interface RateLimitOptions {
  /** Anonymous requests per minute and address on each limited route (RATE_LIMIT_PUBLIC_PER_MINUTE, default 60). */
  publicPerMinute?: number;
  /** Requests per minute and principal on the same routes (RATE_LIMIT_TOKEN_PER_MINUTE, default 1200). */
  tokenPerMinute?: number;
  /** Intakes (POST /v1/cases) per minute and officer (INTAKE_PER_MINUTE, default 30). */
  intakePerMinute?: number;
  /** Intakes per minute and integrator, e.g. the 12345 platform (INTAKE_PER_MINUTE_INTEGRATOR, default 600). */
  intakePerMinuteIntegrator?: number;
}

/** The routes opened by a tracking code: reads, and the requester's own actions. */
export const LIMITED_ROUTES: { methods: string[]; url: string; share: number }[] = [
  { methods: ['GET', 'HEAD'], url: '/v1/cases/:id', share: 1 },
  { methods: ['GET', 'HEAD'], url: '/v1/cases/:id/trace', share: 1 },
  { methods: ['POST'], url: '/v1/cases/:id/materials', share: 1 / 3 },
  { methods: ['POST'], url: '/v1/cases/:id/withdraw', share: 1 / 3 },
  { methods: ['POST'], url: '/v1/cases/:id/rating', share: 1 / 3 },
  { methods: ['POST'], url: '/v1/cases/:id/requester-code', share: 1 / 3 },
  { methods: ['POST'], url: '/v1/cases/:id/attachments', share: 1 / 3 },
  { methods: ['GET', 'HEAD'], url: '/v1/cases/:id/attachments', share: 1 },
  { methods: ['GET', 'HEAD'], url: '/v1/cases/:id/attachments/:attachmentId', share: 1 },
  { methods: ['POST'], url: '/v1/cases/:id/text-messages/stop', share: 1 / 3 },
];

function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

export const rateLimitPlugin = fp(async (app: FastifyInstance, opts: RateLimitOptions) => {
  const publicPerMinute = opts.publicPerMinute ?? envNumber('RATE_LIMIT_PUBLIC_PER_MINUTE') ?? 60;
  const tokenPerMinute = opts.tokenPerMinute ?? envNumber('RATE_LIMIT_TOKEN_PER_MINUTE') ?? 1200;
  const intakeOfficer = opts.intakePerMinute ?? envNumber('INTAKE_PER_MINUTE') ?? 30;
  const intakeIntegrator = opts.intakePerMinuteIntegrator ?? envNumber('INTAKE_PER_MINUTE_INTEGRATOR') ?? 600;

  // Added before the limiter registers its own onRoute hook, so the limiter sees the config we set.
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    // Intake, per principal: a leaked officer token must not flood a unit's inboxes with cases.
    if (route.url === '/v1/cases' && methods.includes('POST') && !route.config?.rateLimit) {
      route.config = {
        ...route.config,
        rateLimit: {
          max: (req: FastifyRequest) => (req.principal?.role === 'integrator' ? intakeIntegrator : intakeOfficer),
          timeWindow: '1 minute',
          keyGenerator: (req: FastifyRequest) => (req.principal ? `intake:${req.principal.id}` : `intake-ip:${req.ip}`),
          errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string; max: number }) =>
            problemOf('INTAKE_RATE_LIMITED', `At most ${ctx.max} intakes a minute from one account; try again in ${ctx.after}.`),
        },
      };
      if (route.schema?.response && !(429 in (route.schema.response as object))) {
        route.schema = { ...route.schema, response: { ...(route.schema.response as object), 429: ProblemSchema } };
      }
      return;
    }
    const rule = LIMITED_ROUTES.find((r) => r.url === route.url && methods.some((m) => r.methods.includes(m)));
    if (!rule || route.config?.rateLimit) return;
    const anonymous = Math.max(1, Math.floor(publicPerMinute * rule.share));
    route.config = {
      ...route.config,
      rateLimit: {
        max: (req: FastifyRequest) => (req.principal ? tokenPerMinute : anonymous),
        timeWindow: '1 minute',
        keyGenerator: (req: FastifyRequest) => (req.principal ? `principal:${req.principal.id}` : addressBucket(req.ip)), // an IPv6 /64 is one address
      },
    };
    // The contract documents the answer a caller gets when throttled.
    if (route.schema?.response && !(429 in (route.schema.response as object))) {
      route.schema = { ...route.schema, response: { ...(route.schema.response as object), 429: ProblemSchema } };
    }
  });
  // global: false — only routes with a rateLimit config are limited (complaints count their own).
  // Counted in the store (rate_counters), shared by every API process and kept across restarts.
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(app.deps.db) as never });
});
