// The "bare + edge" yardstick's API: a minimal fastify app a team would write in a day in front of the
// same Temporal Updates. Bearer tokens from an in-memory map (the demo directory's, so the bench
// drives it as it drives ours), the same payload codec (AES-GCM, security/), the same request bodies,
// answers with JSON.stringify of what the Update returned. No zod, no store, no OpenAPI, no rate limit.
// Env: TEMPORAL_ADDRESS, TASK_QUEUE, API_PORT, TOKENS_FILE ({ principalId: token }), PAYLOAD_KEYS.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Client, Connection, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AesGcmCodec, parseKeyList } from '../../security/index.js';
import { edgeDecideUpdate, edgeOpenedUpdate, edgeRateUpdate, edgeWorkflow, type EdgeCase } from '../workflows/edge.js';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.TASK_QUEUE ?? 'bench-edge';
const byToken = new Map(Object.entries(JSON.parse(readFileSync(process.env.TOKENS_FILE!, 'utf8')) as Record<string, string>).map(([id, token]) => [token, id]));
const ring = parseKeyList(process.env.PAYLOAD_KEYS!);
const connection = await Connection.connect({ address });
const client = new Client({ connection, dataConverter: { payloadCodecs: [new AesGcmCodec(ring)] } });
/** Tracking codes of the cases this process opened. */
const codes = new Map<string, string>();

const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
const principalOf = (req: FastifyRequest) => byToken.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
const json = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).type('application/json').send(JSON.stringify(body));
const failed = (reply: FastifyReply, err: unknown) =>
  err instanceof WorkflowUpdateFailedError ? json(reply, 422, { code: (err.cause as { type?: string })?.type ?? 'REFUSED' }) : json(reply, 503, { code: 'ENGINE_ERROR', message: String((err as Error).message) });

app.post('/v1/cases', async (req, reply) => {
  const p = principalOf(req);
  if (!p) return json(reply, 401, { code: 'UNAUTHENTICATED' });
  const id = `edge-${randomUUID()}`;
  const unit = p.slice(0, p.lastIndexOf('.'));
  const start = new WithStartWorkflowOperation(edgeWorkflow, {
    workflowId: `case-${id}`,
    taskQueue,
    args: [{ id, unit, createdBy: p, body: req.body as never }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  try {
    const c = await client.withDeadline(Date.now() + 10_000, () => client.workflow.executeUpdateWithStart(edgeOpenedUpdate, { startWorkflowOperation: start }));
    const trackingCode = randomBytes(8).toString('hex');
    codes.set(id, trackingCode);
    return json(reply, 201, { ...c, trackingCode });
  } catch (err) {
    return failed(reply, err);
  }
});

app.post('/v1/cases/:id/decisions', async (req, reply) => {
  const p = principalOf(req);
  if (!p) return json(reply, 401, { code: 'UNAUTHENTICATED' });
  const { id } = req.params as { id: string };
  try {
    const c: EdgeCase = await client.withDeadline(Date.now() + 10_000, () =>
      client.workflow.getHandle(`case-${id}`).executeUpdate(edgeDecideUpdate, { args: [{ actorId: p, decision: req.body as never }] }),
    );
    return json(reply, 200, c);
  } catch (err) {
    return failed(reply, err);
  }
});

/** The requester's rating and withdrawal, by tracking code. */
for (const [path, rating] of [['rating', null], ['withdraw', 'withdrawn']] as const) {
  app.post(`/v1/cases/:id/${path}`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const { trackingCode } = req.query as { trackingCode?: string };
    if (!trackingCode || codes.get(id) !== trackingCode) return json(reply, 404, { code: 'CASE_NOT_FOUND' });
    try {
      const c = await client.withDeadline(Date.now() + 10_000, () =>
        client.workflow.getHandle(`case-${id}`).executeUpdate(edgeRateUpdate, { args: [{ rating: rating ?? String((req.body as { rating?: string }).rating) }] }),
      );
      return json(reply, 200, c);
    } catch (err) {
      return failed(reply, err);
    }
  });
}

app.get('/healthz', async () => ({ status: 'ok' }));

await app.listen({ port: Number(process.env.API_PORT), host: '127.0.0.1' });
console.log(`edge api: http://127.0.0.1:${process.env.API_PORT}`);
const stop = async () => {
  await app.close();
  await connection.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
