// Stopping the API answers the requests it is running and then exits: it does not wait out the
// keep-alive timeout of their connections (72 s), it does not cut a large answer short, and it does
// not wait for ever on a request that never ends.
import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { request, Agent } from 'node:http';
import { closeConnectionsWhenStopping, closeGracefully } from '../api/shutdown.js';

let app: FastifyInstance | null = null;
let agent = new Agent({ keepAlive: true });
afterEach(async () => {
  agent.destroy();
  agent = new Agent({ keepAlive: true });
  await app?.close().catch(() => undefined);
  app = null;
});

const BIG = 20 * 1024 * 1024;

/** An app as buildApp registers it, with a slow route (answers after `ms`, never for Infinity) and a big one. */
async function slowApp(ms: number): Promise<number> {
  app = Fastify();
  await app.register(closeConnectionsWhenStopping);
  app.get('/slow', async () => {
    if (ms === Infinity) await new Promise(() => undefined);
    await new Promise((r) => setTimeout(r, ms));
    return { ok: true };
  });
  app.get('/big', async (_req, reply) => {
    await new Promise((r) => setTimeout(r, 200));
    return reply.type('application/octet-stream').send(Buffer.alloc(BIG, 7));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

/** A GET on a keep-alive connection: its status, the bytes read and the connection header, or the socket's error. */
const get = (port: number, path = '/slow', o: { slowReader?: boolean; onFirstBytes?: () => void } = {}) =>
  new Promise<{ status: string; bytes: number; connection?: string }>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let bytes = 0;
      let first = true;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (first) {
          first = false;
          o.onFirstBytes?.();
        }
        if (o.slowReader) {
          res.pause();
          setTimeout(() => res.resume(), 3);
        }
      });
      res.on('end', () => resolve({ status: String(res.statusCode), bytes, connection: res.headers.connection }));
      res.on('error', (err) => resolve({ status: (err as NodeJS.ErrnoException).code ?? err.message, bytes }));
    });
    req.on('error', (err) => resolve({ status: (err as NodeJS.ErrnoException).code ?? err.message, bytes: 0 }));
    req.end();
  });

describe('stopping the API', () => {
  it('answers a request that was running when the stop began, then closes its keep-alive connection at once', async () => {
    const port = await slowApp(500);
    const answered = get(port);
    await new Promise((r) => setTimeout(r, 100));
    const t = Date.now();
    expect(await closeGracefully(app!)).toEqual({ cutOff: false });
    const took = Date.now() - t;
    expect(await answered).toMatchObject({ status: '200', connection: 'close' });
    // The request's own 400 ms; fastify's close alone waits out the 72 s keep-alive.
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(3_000);
  }, 15_000);

  it('lets a slow reader have every byte of a large answer to a request that was running when the stop began', async () => {
    const port = await slowApp(0);
    const reading = get(port, '/big', { slowReader: true });
    await new Promise((r) => setTimeout(r, 100));
    const closing = closeGracefully(app!);
    const got = await reading;
    expect(got).toMatchObject({ status: '200', bytes: BIG, connection: 'close' });
    expect(await closing).toEqual({ cutOff: false });
  }, 30_000);

  it('closes a connection whose request does not end once the hard limit is reached, and says so', async () => {
    const port = await slowApp(Infinity);
    const cut = get(port);
    await new Promise((r) => setTimeout(r, 100));
    const t = Date.now();
    expect(await closeGracefully(app!, { hardMs: 500 })).toEqual({ cutOff: true });
    expect(Date.now() - t).toBeLessThan(3_000);
    expect((await cut).status).toBe('ECONNRESET');
  }, 15_000);
});
