// The API's own metrics for operators, in Prometheus' text format: request duration per route and
// status, decisions per action, the outbox's backlog and failures, and the process (CPU, memory,
// event-loop delay, GC). They are served on a port of their own (METRICS_PORT, api/main.ts), never on
// the public one: Caddy forwards only the API's port. The worker's metrics are Temporal Core's own
// (worker.ts). deploy/grafana/ has a dashboard over both.
import { createServer, type Server } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/client.js';
import { ACTIONS } from '../domain/tiers.js';
import { outboxCounts } from '../services/notifications.js';

/** The route of an officer's decision, as fastify names it. */
const DECISION_ROUTE = '/v1/cases/:id/decisions';
const KNOWN_ACTIONS: ReadonlySet<string> = new Set(ACTIONS);

export interface ApiMetrics {
  registry: Registry;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
}

/** The registry and its metrics; the outbox is counted from the store when scraped. */
export function createApiMetrics(db: Db): ApiMetrics & {
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  decisions: Counter<'action' | 'status'>;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to answer, by route (as declared, so ids do not make series) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'case_decisions_total',
    help: 'Officers\' decisions (POST /v1/cases/{id}/decisions) by action and answer status: 200 applied, 202 sent async, 409 stale, 422 refused by a rule, 503 engine unavailable',
    labelNames: ['action', 'status'] as const,
    registers: [registry],
  });
  // One read per scrape for both gauges, not one each (they are collected concurrently: the read in
  // flight is shared; a failed read is not kept).
  let last: { at: number; counts: ReturnType<typeof outboxCounts> } | null = null;
  const counts = async () => {
    if (!last || Date.now() - last.at > 1000) {
      const read = outboxCounts(db);
      last = { at: Date.now(), counts: read };
      void read.catch(() => {
        if (last?.counts === read) last = null;
      });
    }
    return last.counts;
  };
  new Gauge({
    name: 'outbox_messages',
    help: 'Notifications in the outbox by status: unconfirmed and pending (the backlog), sending, sent, failed (given up after the last attempt: GET /v1/notifications/failed), superseded',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, n] of Object.entries((await counts()).byStatus)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'outbox_oldest_waiting_seconds',
    help: 'How long the oldest pending or sending notification has waited (0 when none waits)',
    registers: [registry],
    async collect() {
      this.set((await counts()).oldestWaitingSeconds);
    },
  });
  return { registry, requestDuration, decisions };
}

/** Times every request; counts decisions by their action. */
export const metricsPlugin = fp<{ db: Db }>(async (app, opts) => {
  const m = createApiMetrics(opts.db);
  app.decorate('metrics', { registry: m.registry });
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    // An unmatched path is one series, whatever was asked for.
    const route = req.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    m.requestDuration.observe({ method: req.method, route, status }, reply.elapsedTime / 1000);
    if (route === DECISION_ROUTE && req.method === 'POST') {
      const action = (req.body as { action?: unknown } | undefined)?.action;
      m.decisions.inc({ action: typeof action === 'string' && KNOWN_ACTIONS.has(action) ? action : 'invalid', status });
    }
  });
});

/** Serves GET /metrics on its own port (METRICS_PORT, METRICS_HOST default 127.0.0.1). */
export async function serveMetrics(app: FastifyInstance, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    app.metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': app.metrics.registry.contentType }).end(text),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
