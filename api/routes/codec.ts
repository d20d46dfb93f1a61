// The codec server Temporal UI (and `temporal --codec-endpoint`) calls to show sealed payloads:
// POST /codec/decode and /codec/encode with {"payloads":[{metadata:{k:base64},data:base64}]}, the
// protobuf JSON of Temporal's Payload. Administrators only: the words of a case are personal data,
// and a payload sealed here is one the workflows trust as coming from our API.
// CORS: the UI calls from its own origin (TEMPORAL_UI_URL).
//
// Temporal UI cannot send our bearer token, but it can send cookies ("include cross-origin
// credentials" in its codec settings; TEMPORAL_CODEC_INCLUDE_CREDENTIALS in compose). So an
// administrator opens /codec on the API once, gives their token, and gets a codec session: an
// HttpOnly cookie limited to /codec, signed with the API's secret, good for 8 hours, checked
// against the directory (still an active admin) on every call.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { bearerSecurity, callerOf, requireRole } from '../auth.js';
import { ProblemSchema } from '../errors.js';
import { activeAdminId } from '../../services/codec.js';
import { AesGcmCodec } from '../../security/payload-codec.js';

const Base64 = z.string().max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/=_-]*$/, 'base64');
const PayloadJson = z
  .object({
    metadata: z.record(z.string().max(256), Base64).optional(),
    data: Base64.optional(),
  })
  .meta({ id: 'Payload' });
const Payloads = z.object({ payloads: z.array(PayloadJson).max(1000) }).meta({ id: 'Payloads' });
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
const SESSION_MS = 8 * 3_600_000;

const codecRoutes: FastifyPluginAsyncZod = async (app) => {
  const { keyRing, config, db, trackingSecret } = app.deps;
  const sign = (body: string) => createHmac('sha256', `codec-session:${trackingSecret}`).update(body).digest('base64url');
  const secureCookie = new URL(config.publicUrl).protocol === 'https:';

  /** The administrator behind a valid codec session cookie, or null. */
  function sessionAdmin(req: FastifyRequest): string | null {
    const raw = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
    if (!raw) return null;
    // <id>.<expiry>.<mac>; principal ids may hold dots themselves.
    const parts = raw.split('.');
    const mac = parts.pop();
    const exp = parts.pop();
    const id = parts.join('.');
    if (!id || !exp || !mac || !(Number(exp) > Date.now())) return null;
    const want = Buffer.from(sign(`${id}.${exp}`));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    return activeAdminId(db, decodeURIComponent(id));
  }
  /**
   * An administrator by bearer token or codec session; 401/403 problems otherwise. A hook of the
   * codec routes rather than `config.roles`: the session cookie stands in for the token here only.
   */
  async function adminOrSession(req: FastifyRequest) {
    if (!req.principal && sessionAdmin(req)) return;
    requireRole(req, ['admin']);
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
    app.post(
      `/codec/${op}`,
      {
        bodyLimit: 8 * 1024 * 1024,
        onRequest: adminOrSession,
        schema: {
          tags: ['admin'],
          summary: op === 'decode' ? 'Open sealed Temporal payloads (Temporal UI codec server)' : 'Seal Temporal payloads (Temporal UI codec server)',
          description: 'The remote codec protocol of Temporal UI and the Temporal CLI. Administrators only (403 for every other role).',
          security: bearerSecurity,
          body: Payloads,
          response: { 200: Payloads, 403: ProblemSchema },
        },
      },
      async (req) => {
        const payloads = req.body.payloads.map(fromJson);
        const out = op === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
        return { payloads: out.map(toJson) };
      },
    );
  }

  app.post(
    '/codec/session',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Open a codec session for Temporal UI (an HttpOnly cookie on /codec, 8 hours)',
        security: bearerSecurity,
        response: { 200: z.object({ expiresAt: z.string() }), 403: ProblemSchema },
      },
    },
    async (req, reply) => {
      const admin = callerOf(req);
      const exp = Date.now() + SESSION_MS;
      const value = `${encodeURIComponent(admin.id)}.${exp}`;
      // Cross-site from the UI's origin in production: SameSite=None, which needs Secure (HTTPS).
      const attrs = ['Path=/codec', 'HttpOnly', `Max-Age=${SESSION_MS / 1000}`, secureCookie ? 'SameSite=None; Secure' : 'SameSite=Lax'];
      reply.header('set-cookie', `${COOKIE}=${value}.${sign(value)}; ${attrs.join('; ')}`);
      return { expiresAt: new Date(exp).toISOString() };
    },
  );
  app.delete(
    '/codec/session',
    { schema: { tags: ['admin'], summary: 'Close the codec session', response: { 204: z.null() } } },
    async (_req, reply) => {
      reply.header('set-cookie', `${COOKIE}=; Path=/codec; HttpOnly; Max-Age=0`);
      return reply.code(204).send(null);
    },
  );
  // The page an administrator opens once to start a session (the token never goes into a URL).
  app.get('/codec', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="zh"><meta charset="utf-8"><title>Codec session 解密会话</title>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto">
<h1>Temporal UI codec session 解密会话</h1>
<p>Case payloads in Temporal are encrypted. Administrators (系统管理员) open a session here to read them in Temporal UI
(${config.temporalUiUrl}); in its codec settings, the endpoint is this page's address and "include cross-origin credentials" is on.</p>
<form id="f"><label>Admin bearer token <input id="t" type="password" autocomplete="off" size="40"></label> <button>Open session</button></form>
<p id="r" role="status"></p>
<script>
document.getElementById('f').onsubmit = async (e) => {
  e.preventDefault();
  const r = await fetch('/codec/session', { method: 'POST', headers: { authorization: 'Bearer ' + document.getElementById('t').value } });
  const b = await r.json();
  document.getElementById('r').textContent = r.ok ? 'Session open until ' + b.expiresAt : (b.detail || 'refused');
  document.getElementById('t').value = '';
};
</script></body></html>`),
  );
};

export default codecRoutes;
