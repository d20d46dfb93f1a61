// Builds the fastify app: every resource is a plugin under api/routes, registered here and nowhere else.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { answerSerializerCompiler } from './answer-serializer.js';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import type { Config, TrustProxy } from '../config.js';
import { authPlugin } from './auth.js';
import { RequestLog } from './log.js';
import { securityHeaders } from './edge.js';
import { closeConnectionsWhenStopping } from './shutdown.js';
import type { AsyncDecisionLimit } from '../services/async-decisions.js';
import type { RequesterCodeConfig } from '../services/requester-codes.js';
import type { SmsBudget } from './public-limits.js';
import { registerErrorHandling } from './errors.js';
import { metricsPlugin } from './metrics.js';
import healthRoutes from './routes/health.js';
import directoryRoutes from './routes/directory.js';
import caseRoutes from './routes/cases.js';
import decisionRoutes from './routes/decisions.js';
import caseSupervisionRoutes from './routes/case-supervision.js';
import inboxRoutes from './routes/inbox.js';
import partRoutes from './routes/parts.js';
import supervisionRoutes from './routes/supervision.js';
import storeHealthRoutes from './routes/store-health.js';
import villageRoutes from './routes/villages.js';
import libraryRoutes from './routes/library.js';
import processRoutes from './routes/process.js';
import { rateLimitPlugin } from './rate-limits.js';
import { contractPlugin, problemJsonContent, routerErrorOptions } from './contract.js';
import tokenRoutes from './routes/tokens.js';
import assetRoutes from './routes/assets.js';
import directoryAdminRoutes from './routes/directory-admin.js';
import tierRuleRoutes from './routes/tier-rules.js';
import workbenchRoutes from './routes/workbench.js';
import { trackingCodePlugin } from './tracking-code.js';
import calendarRoutes from './routes/calendar.js';
import notificationRoutes from './routes/notifications.js';
import codecRoutes from './routes/codec.js';
import categoryRoutes from './routes/categories.js';
import integratorRoutes from './routes/integrators.js';
import reportRoutes from './routes/reports.js';
import type { KeyRing } from '../security/payload-codec.js';
import multipart from '@fastify/multipart';
import attachmentRoutes from './routes/attachments.js';
import requesterMessageRoutes from './routes/requester-messages.js';
import { attachmentStorage, s3OptionsFromEnv, type AttachmentStorage } from '../services/attachment-store.js';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from '../domain/attachments.js';

export interface AppDeps {
  db: Db;
  client: Client;
  config: Pick<Config, 'taskQueue' | 'temporalNamespace' | 'temporalUiUrl' | 'publicUrl' | 'production'> & Partial<Pick<Config, 'trustProxy'>>;
  /** Derives tracking codes; kept outside the database (DATA_DIR/secret or TRACKING_SECRET). */
  trackingSecret: string;
  /** Keys the stored codec sessions (CODEC_SESSION_KEY or DATA_DIR/codec-session-key); a fresh one per process when absent. */
  codecSessionKey?: string;
  /** The payload keys: the codec server (/codec) opens payloads with them for administrators. */
  keyRing: KeyRing;
  /** How long a request waits for the workflow to answer before 503 (default UPDATE_WAIT_MS or 10 s). */
  updateWaitMs?: number;
  /** Cap on asynchronous decisions per case (default from ASYNC_DECISIONS_PER_CASE / ASYNC_DECISION_WINDOW_MINUTES). */
  asyncDecisionLimit?: AsyncDecisionLimit;
  /** What verification SMS may cost (default from SMS_CODES_PER_HOUR / _PER_DAY / _PER_PREFIX_PER_DAY). */
  smsBudget?: SmsBudget;
  /** The requester's one-time codes (default from REQUESTER_CODE_* variables). */
  requesterCodes?: RequesterCodeConfig;
  logger?: boolean | object;
  /** Where attachments go (default: the store, or the bucket of ATTACHMENT_S3_*) and how big one may be (ATTACHMENT_MAX_BYTES, 10 MB). */
  attachments?: Partial<ResolvedDeps['attachments']>;
}

/** The deps as the routes see them, defaults filled in. */
export interface ResolvedDeps extends Omit<AppDeps, 'attachments'> {
  attachments: { storage: AttachmentStorage; maxBytes: number };
}

/** ATTACHMENT_MAX_BYTES, or the 10 MB default. */
export function attachmentMaxBytesFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.ATTACHMENT_MAX_BYTES);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_ATTACHMENT_MAX_BYTES;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: ResolvedDeps;
  }
}

/** A hop count as the function fastify takes (its types know no number): trust the nearest n hops. */
function trustProxyOption(t: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_address, hop) => hop < t : t;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new RequestLog(), // one line per request (api/log.ts)
    bodyLimit: 256 * 1024,
    // Behind the TLS proxy, req.ip is the citizen's address only if the proxy is named here.
    trustProxy: trustProxyOption(deps.config.trustProxy ?? false),
    ...routerErrorOptions,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(answerSerializerCompiler());
  app.decorate('deps', {
    ...deps,
    attachments: {
      storage: deps.attachments?.storage ?? attachmentStorage(deps.db, s3OptionsFromEnv(process.env)),
      maxBytes: deps.attachments?.maxBytes ?? attachmentMaxBytesFromEnv(),
    },
  });
  registerErrorHandling(app);
  await app.register(metricsPlugin, { db: deps.db }); // times every request, served apart (api/metrics.ts)
  await app.register(securityHeaders); // first: every answer, the docs and 404s included, carries them
  await app.register(closeConnectionsWhenStopping); // a stopping API closes each connection after its answer (api/shutdown.ts)

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Escalate before saying no (说"不"提级管理) — case API',
        version: '1.0.0',
        description: 'Officers decide, requesters follow their case, integrators start cases. Errors are application/problem+json with a machine-readable `code`.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (o) => problemJsonContent(jsonSchemaTransformObject(o)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { db: deps.db });
  await app.register(rateLimitPlugin, {}); // before the routes: it sets their limits as they register
  await app.register(contractPlugin); // before the routes: it completes their documented answers
  await app.register(trackingCodePlugin); // before the routes: X-Tracking-Code beside ?trackingCode=
  await app.register(multipart); // multipart/form-data for attachments (limits per request, routes/attachments.ts)
  await app.register(healthRoutes);
  await app.register(directoryRoutes, { prefix: '/v1' });
  await app.register(caseRoutes, { prefix: '/v1' });
  await app.register(decisionRoutes, { prefix: '/v1' });
  await app.register(caseSupervisionRoutes, { prefix: '/v1' });
  await app.register(attachmentRoutes, { prefix: '/v1' });
  await app.register(requesterMessageRoutes, { prefix: '/v1' });
  await app.register(inboxRoutes, { prefix: '/v1' });
  await app.register(partRoutes, { prefix: '/v1' });
  await app.register(supervisionRoutes);
  await app.register(storeHealthRoutes); // /v1/supervision/store-behind, /v1/supervision/halted-cases
  await app.register(villageRoutes, { prefix: '/v1' });
  await app.register(libraryRoutes); // its own /v1/precedents, /v1/rules and the /library page
  await app.register(processRoutes); // /v1/process.bpmn, /v1/cases/{id}/trace, the /cases/{id} and /process pages
  await app.register(tokenRoutes, { prefix: '/v1' });
  await app.register(directoryAdminRoutes, { prefix: '/v1' });
  await app.register(assetRoutes); // /assets/* of the complaint, statistics and library pages
  await app.register(tierRuleRoutes); // /v1/tier-rules and /v1/cases/{id}/allowed-decisions
  await app.register(workbenchRoutes); // the officer's workbench (/app) and the requester's tracking page (/t/{id})
  await app.register(calendarRoutes); // /v1/calendar/…, the /calendar page and its /assets
  await app.register(notificationRoutes, { prefix: '/v1' });
  await app.register(codecRoutes); // /codec/decode for Temporal UI and the CLI, codec sessions, the /codec page
  await app.register(categoryRoutes, { prefix: '/v1' }); // the catalogue of categories (派单目录)
  await app.register(integratorRoutes, { prefix: '/v1' }); // subscriptions (webhooks), the change feed, integrators' scopes
  await app.register(reportRoutes); // /v1/reports/…, the ledgers at /v1/exports/…, the /bulletin page
  return app;
}
