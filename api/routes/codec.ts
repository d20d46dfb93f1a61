// The codec server Temporal UI (and `temporal --codec-endpoint`) calls to show sealed payloads:
// POST /codec/decode with {"payloads":[{metadata:{k:base64},data:base64}]}, the protobuf JSON of
// Temporal's Payloads. Administrators only: the words of a case are personal data.
//
// It opens and never seals. A payload sealed with our key is one the workflows trust as coming from
// our API, so sealing on request would let an administrator's token (or session) forge any officer's
// decision. Read-only Temporal UI sends only /decode; the Temporal CLI sends /encode for the input of
// a query, which for our queries is always empty (`{}`: proto3 JSON leaves out an empty list). So
// /codec/encode answers an empty list with an empty list, and refuses anything else.
//
// Temporal UI cannot send our bearer token, but it can send cookies ("include cross-origin
// credentials"; TEMPORAL_CODEC_INCLUDE_CREDENTIALS in compose). So an administrator opens /codec on
// the API once, gives their token, and gets a codec session (services/codec.ts): an HttpOnly cookie
// limited to /codec, stored on the server under a key of its own, good for 8 hours, revocable, and
// checked against the directory (still an active admin) on every call.
// CORS: the UI calls from its own origin (TEMPORAL_UI_URL).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { bearerSecurity, callerOf, requireRole } from '../auth.js';
import { problemOf, ProblemSchema } from '../errors.js';
import { CODEC_SESSION_MS, codecSessionAdmin, endCodecSession, listCodecSessions, openCodecSession, revokeCodecSession } from '../../services/codec.js';
import { AesGcmCodec } from '../../security/payload-codec.js';

const Base64 = z.string().max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/=_-]*$/, 'base64');
const PayloadJson = z
  .object({
    metadata: z.record(z.string().max(256), Base64).optional(),
    data: Base64.optional(),
  })
  .meta({ id: 'Payload' });
// `payloads` may be missing: proto3 JSON leaves out an empty list (the Temporal CLI sends `{}`).
const PayloadsIn = z.object({ payloads: z.array(PayloadJson).max(1000).optional() }).meta({ id: 'PayloadsIn' });
const Payloads = z.object({ payloads: z.array(PayloadJson) }).meta({ id: 'Payloads' });
type PayloadJson = z.infer<typeof PayloadJson>;

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const COOKIE = 'codec_session';
const SessionInfo = z.object({
  id: z.string().describe('The session\'s id (a keyed hash of the cookie; it opens nothing by itself)'),
  principalId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
const htmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const codecRoutes: FastifyPluginAsyncZod = async (app) => {
  const { keyRing, config, db } = app.deps;
  // Without a key of its own (tests, one process), a fresh one: sessions then last as long as the process.
  const sessionKey = app.deps.codecSessionKey ?? randomBytes(32).toString('hex');
  const secureCookie = new URL(config.publicUrl).protocol === 'https:';

  const cookieOf = (req: FastifyRequest): string | null =>
    (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1) ?? null;

  /**
   * An administrator by bearer token or codec session; 401/403 problems otherwise. A hook of the
   * codec routes rather than `config.roles`: the session cookie stands in for the token here only.
   */
  async function adminOrSession(req: FastifyRequest) {
    if (req.principal) {
      requireRole(req, ['admin']);
      return;
    }
    const secret = cookieOf(req);
    if (secret && (await codecSessionAdmin(db, sessionKey, secret))) return;
    throw problemOf('UNAUTHENTICATED', secret ? 'The codec session has ended (expired, revoked, or its holder is no longer an administrator): open /codec again.' : 'A bearer token of an administrator, or a codec session (/codec), is required.');
  }
  // Lenient: a plain payload (a history from before encryption, a message sent around our API) is
  // shown as it is; one sealed under a key we no longer hold stays sealed.
  const codec = new AesGcmCodec(keyRing, { mode: 'lenient' });
  const uiOrigin = new URL(config.temporalUiUrl).origin;

  const cors = (req: FastifyRequest, reply: FastifyReply) => {
    if (req.headers.origin !== uiOrigin) return;
    reply.header('access-control-allow-origin', uiOrigin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'origin');
  };
  // On every answer of these routes, problems included.
  app.addHook('onSend', async (req, reply) => cors(req, reply));

  for (const op of ['decode', 'encode'] as const) {
    app.options(`/codec/${op}`, { schema: { hide: true } }, async (req, reply) => {
      if (req.headers.origin === uiOrigin) {
        reply.header('access-control-allow-methods', 'POST, OPTIONS');
        reply.header('access-control-allow-headers', 'authorization, content-type, x-namespace');
        reply.header('access-control-max-age', '600');
      }
      return reply.code(204).send();
    });
  }
  const common = { bodyLimit: 8 * 1024 * 1024, onRequest: adminOrSession } as const;
  app.post(
    '/codec/decode',
    {
      ...common,
      schema: {
        tags: ['admin'],
        summary: 'Open sealed Temporal payloads (Temporal UI codec server)',
        description: 'The remote codec protocol of Temporal UI and the Temporal CLI. Administrators only (bearer token or codec session); 403 for every other role.',
        security: bearerSecurity,
        body: PayloadsIn,
        response: { 200: Payloads, 403: ProblemSchema },
      },
    },
    async (req) => ({ payloads: (await codec.decode((req.body.payloads ?? []).map(fromJson))).map(toJson) }),
  );
  app.post(
    '/codec/encode',
    {
      ...common,
      schema: {
        tags: ['admin'],
        summary: 'Seal nothing (the Temporal CLI\'s empty query input)',
        description: 'Answers an empty list with an empty list, so `temporal workflow query --codec-endpoint` works; any payload is refused with 403 CODEC_ENCODE_REFUSED: this server never seals.',
        security: bearerSecurity,
        body: PayloadsIn,
        response: { 200: Payloads, 403: ProblemSchema },
      },
    },
    async (req) => {
      if (req.body.payloads?.length) throw problemOf('CODEC_ENCODE_REFUSED', 'The codec server opens payloads and never seals them: messages to cases go through the API.');
      return { payloads: [] };
    },
  );

  app.post(
    '/codec/session',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Open a codec session for Temporal UI (an HttpOnly cookie on /codec, 8 hours)',
        security: bearerSecurity,
        response: { 200: SessionInfo, 403: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { secret, ...session } = (await openCodecSession(db, sessionKey, callerOf(req).id));
      // Cross-site from the UI's origin in production: SameSite=None, which needs Secure (HTTPS).
      const attrs = ['Path=/codec', 'HttpOnly', `Max-Age=${CODEC_SESSION_MS / 1000}`, secureCookie ? 'SameSite=None; Secure' : 'SameSite=Lax'];
      reply.header('set-cookie', `${COOKIE}=${secret}; ${attrs.join('; ')}`);
      req.log.info({ by: session.principalId, expiresAt: session.expiresAt }, 'codec session opened');
      return session;
    },
  );
  app.delete(
    '/codec/session',
    { schema: { tags: ['admin'], summary: 'Sign out: end this browser\'s codec session on the server and drop the cookie', response: { 204: z.null() } } },
    async (req, reply) => {
      const secret = cookieOf(req);
      if (secret) await endCodecSession(db, sessionKey, secret);
      reply.header('set-cookie', `${COOKIE}=; Path=/codec; HttpOnly; Max-Age=0`);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/v1/codec/sessions',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'The open codec sessions (who can read sealed payloads in Temporal UI now)',
        security: bearerSecurity,
        response: { 200: z.object({ items: z.array(SessionInfo) }), 403: ProblemSchema },
      },
    },
    async () => ({ items: (await listCodecSessions(db)) }),
  );
  app.post(
    '/v1/codec/sessions/:id/revoke',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'End a codec session at once (a lost laptop, a colleague who left)',
        security: bearerSecurity,
        params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'a session id') }),
        response: { 204: z.null(), 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const by = callerOf(req).id;
      await revokeCodecSession(db, req.params.id, by);
      req.log.info({ by, session: req.params.id.slice(0, 12) }, 'codec session revoked');
      return reply.code(204).send(null);
    },
  );

  // The page an administrator opens once to start a session (the token never goes into a URL).
  // Its script and style are files under /assets: the API's CSP allows no inline ones.
  const page = readFileSync(new URL('../assets/codec-page.html', import.meta.url), 'utf8').replace('{{TEMPORAL_UI_URL}}', htmlEscape(config.temporalUiUrl));
  app.get('/codec', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
};

export default codecRoutes;
