// Stopping the API (SIGTERM, SIGINT). fastify's close stops taking connections, answers a request that
// arrives on an open one with 503 and `Connection: close`, and waits for the requests still running.
// But a keep-alive connection whose request was still running when the close began becomes idle
// afterwards and stays open until its keep-alive timeout (72 s): Node closes idle connections once,
// when the close begins. An API told to stop with intakes in flight took 80 s to exit, and a
// supervisor (systemd, Kubernetes) kills it before that, cutting off the answers it still owed.
import type { FastifyInstance } from 'fastify';

export interface CloseOptions {
  /** How often connections that have gone idle since the close began are closed. */
  idleSweepMs?: number;
  /**
   * After this long every connection is closed, answered or not. Past every bounded wait of a
   * request (an Update's 10 s, then 3 s to tell why it was not taken), and under Kubernetes' 30 s.
   */
  hardMs?: number;
}

/** Closes the app once its running requests are answered, without waiting for idle keep-alive connections. */
export async function closeGracefully(app: FastifyInstance, o: CloseOptions = {}): Promise<void> {
  const closing = app.close();
  const sweep = setInterval(() => app.server.closeIdleConnections(), o.idleSweepMs ?? 200);
  const hard = setTimeout(() => app.server.closeAllConnections(), o.hardMs ?? 20_000);
  try {
    await closing;
  } finally {
    clearInterval(sweep);
    clearTimeout(hard);
  }
}
