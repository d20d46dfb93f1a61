// Stopping the API (SIGTERM, SIGINT). fastify's close stops taking connections, answers a request that
// arrives on an open one with 503 and `Connection: close`, and waits for the requests still running.
// But a keep-alive connection whose request was still running when the close began stays open after
// its answer, idle, until its keep-alive timeout (72 s): Node closes idle connections once, when the
// close begins. An API told to stop with intakes in flight took 80 s to exit, and a supervisor
// (systemd, Docker, Kubernetes) kills it before that, cutting off the answers it still owed.
//
// So every answer sent while stopping says `Connection: close`: Node closes the connection once its
// last byte is out, and a large answer to a slow reader (an attachment) is not cut short.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/** Every answer sent once the close has begun closes its connection after it. */
export const closeConnectionsWhenStopping = fp(async (app) => {
  let stopping = false;
  app.addHook('preClose', async () => {
    stopping = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
});

export interface CloseOptions {
  /**
   * After this long every connection is closed, answered or not: under the grace a supervisor gives
   * (docker-compose.yml's 30 s for the API, Kubernetes' default 30 s), and past every bounded wait of
   * a request (an Update's 10 s, then 3 s to tell why it was not taken). A transfer that outlasts it
   * (a large attachment to a slow link) is cut.
   */
  hardMs?: number;
}

/** Closes the app once its running requests are answered; after `hardMs`, whatever is left (`cutOff`). */
export async function closeGracefully(app: FastifyInstance, o: CloseOptions = {}): Promise<{ cutOff: boolean }> {
  let cutOff = false;
  const hard = setTimeout(() => {
    cutOff = true;
    app.server.closeAllConnections();
  }, o.hardMs ?? 25_000);
  try {
    await app.close();
  } finally {
    clearTimeout(hard);
  }
  return { cutOff };
}
