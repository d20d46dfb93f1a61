// Stopping the API answers the requests it is running and then exits: it does not wait out the
// keep-alive timeout of their connections (72 s), nor a request that never ends.
import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { request, Agent } from 'node:http';
import { closeGracefully } from '../api/shutdown.js';

let app: FastifyInstance | null = null;
const agent = new Agent({ keepAlive: true });
afterEach(async () => {
  agent.destroy();
  await app?.close().catch(() => undefined);
  app = null;
});

/** An app with a route that answers after `ms` (never, for Infinity), listening on a free port. */
async function slowApp(ms: number): Promise<number> {
  app = Fastify();
  app.get('/slow', async () => {
    if (ms === Infinity) await new Promise(() => undefined);
    await new Promise((r) => setTimeout(r, ms));
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

/** A GET on a keep-alive connection: its status, or the socket's error. */
const get = (port: number) =>
  new Promise<string>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/slow', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? err.message));
    req.end();
  });

describe('stopping the API', () => {
  it('answers a request that was running when the stop began, then closes its keep-alive connection at once', async () => {
    const port = await slowApp(500);
    const answered = get(port);
    await new Promise((r) => setTimeout(r, 100));
    const t = Date.now();
    await closeGracefully(app!);
    const took = Date.now() - t;
    expect(await answered).toBe('200');
    // The request's own 400 ms, and a sweep or two; fastify's close alone waits out the 72 s keep-alive.
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(3_000);
  }, 15_000);

  it('closes a connection whose request does not end once the hard limit is reached', async () => {
    const port = await slowApp(Infinity);
    const cut = get(port);
    await new Promise((r) => setTimeout(r, 100));
    const t = Date.now();
    await closeGracefully(app!, { hardMs: 500 });
    expect(Date.now() - t).toBeLessThan(3_000);
    expect(await cut).toBe('ECONNRESET');
  }, 15_000);
});
