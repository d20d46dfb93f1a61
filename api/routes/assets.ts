// The scripts and stylesheets of the pages the API serves (complaint form, statistics, monthly
// bulletin, case library, the codec session page, and what pages share: the DOM helpers, the token
// store, the 长辈版 switch and its styles), from api/assets. Pages carry no inline script: the
// Content-Security-Policy (api/edge.ts) allows scripts from here only. The process page's own
// assets, with the vendored BPMN viewer, are served by routes/process.ts.
import type { FastifyPluginAsync } from 'fastify';
import { readFileSync } from 'node:fs';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
export const PAGE_ASSETS: Record<string, string> = {
  'dom.js': JS,
  'elder.js': JS,
  'token-store.js': JS,
  'complaint-page.js': JS,
  'stats-page.js': JS,
  'library-page.js': JS,
  'codec-page.js': JS,
  'bulletin-page.js': JS,
  'pages.css': CSS,
  'elder.css': CSS,
  'stats-page.css': CSS,
  'library-page.css': CSS,
  'codec-page.css': CSS,
  'bulletin-page.css': CSS,
};

const assetRoutes: FastifyPluginAsync = async (app) => {
  for (const [name, type] of Object.entries(PAGE_ASSETS)) {
    const body = readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (_req, reply) => reply.type(type).header('cache-control', 'no-cache').send(body));
  }
};
export default assetRoutes;
