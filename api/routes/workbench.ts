// Two static pages over the same REST contract: the officer's workbench (办件工作台, /app) and the
// requester's tracking page (/t/{caseId}#code=…). No second backend: everything they show and do goes
// through /v1 with the caller's own token or tracking code, so the API's rules are the only ones.
// Scripts and styles are files of their own, so the pages run under a CSP with no inline script.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { DRAWING_PAGE_HELMET } from '../edge.js';

const own = (name: string) => readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');

// The Content-Security-Policy (no inline script, no framing) is the app's own, on every answer (api/edge.ts).
const headers = () => ({
  // The tracking page's address carries the code in its fragment; no Referer leaves with any part of it.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
});
const WORKBENCH_HEADERS = headers();
const TRACKING_HEADERS = headers();

const ASSETS: Record<string, string> = {
  'workbench.js': 'text/javascript; charset=utf-8',
  'workbench.css': 'text/css; charset=utf-8',
  'tracking.js': 'text/javascript; charset=utf-8',
  'tracking.css': 'text/css; charset=utf-8',
  'problems.js': 'text/javascript; charset=utf-8',
};

const workbenchRoutes: FastifyPluginAsync = async (app) => {
  // Read once and kept: the files ship with the code.
  const cache = new Map<string, string>();
  const file = (name: string) => {
    let body = cache.get(name);
    if (body === undefined) cache.set(name, (body = own(name)));
    return body;
  };

  for (const [name, type] of Object.entries(ASSETS)) {
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (_req, reply) => reply.type(type).header('cache-control', 'no-cache').send(file(name)));
  }

  const workbench = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').headers(WORKBENCH_HEADERS).send(file('workbench.html'));
  // The workbench draws a case on the process: bpmn-js sets style attributes on the drawing.
  app.get('/app', { helmet: DRAWING_PAGE_HELMET, schema: { hide: true } }, async (_req, reply) => workbench(reply));
  app.get('/app/', { helmet: DRAWING_PAGE_HELMET, schema: { hide: true } }, async (_req, reply) => workbench(reply));
  app.get(
    '/t/:caseId',
    { schema: { hide: true, params: z.object({ caseId: z.string().max(64) }) } },
    async (_req, reply) => reply.type('text/html; charset=utf-8').headers(TRACKING_HEADERS).send(file('tracking.html')),
  );
};
export default workbenchRoutes;
