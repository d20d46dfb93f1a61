// The codec server Temporal UI (and `temporal --codec-endpoint`) calls to show sealed payloads:
// POST /codec/decode and /codec/encode with {"payloads":[{metadata:{k:base64},data:base64}]}, the
// protobuf JSON of Temporal's Payload. Administrators only: the words of a case are personal data,
// and a payload sealed here is one the workflows trust as coming from our API.
// CORS: the UI calls from its own origin (TEMPORAL_UI_URL).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { bearerSecurity, requireRole } from '../auth.js';
import { ProblemSchema } from '../errors.js';
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

const codecRoutes: FastifyPluginAsyncZod = async (app) => {
  const { keyRing, config } = app.deps;
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
        requireRole(req, ['admin']);
        const payloads = req.body.payloads.map(fromJson);
        const out = op === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
        return { payloads: out.map(toJson) };
      },
    );
  }
};

export default codecRoutes;
