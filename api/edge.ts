// The edge of the API: which proxy addresses to believe (X-Forwarded-For), and the security headers
// every answer carries, pages and JSON alike (@fastify/helmet). One policy for the whole app: our
// pages load only their own scripts from /assets (no inline script anywhere), talk only to this API,
// and may not be framed by anyone (clickjacking on a counter PC).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/** The Content-Security-Policy of every answer. */
export const CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  // Stylesheets only from /assets, and no style attributes (pages style through classes or CSSOM).
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * Pages that draw a BPMN diagram (the process page, a case on it, the workbench): the viewer sets
 * style attributes on the SVG, so these allow style attributes (which cannot run code), nothing else.
 * Used as a route's `helmet` option.
 */
export const DRAWING_PAGE_HELMET = {
  contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES, 'style-src-attr': ["'unsafe-inline'"] } },
};

/**
 * The one <style> element Swagger UI (/docs, @fastify/swagger-ui pinned in package.json) adds at run
 * time, allowed by its hash on /docs only. tests/edge.test.ts loads /docs in a browser and fails on
 * any policy violation, so an upgrade that changes it is noticed.
 */
const SWAGGER_UI_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

export const securityHeaders = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Long-lived on purpose: the API is meant to be reached through the TLS proxy only.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.url !== '/docs' && !req.url.startsWith('/docs/')) return;
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') reply.header('content-security-policy', csp.replace("style-src 'self'", `style-src 'self' ${SWAGGER_UI_STYLE}`));
  });
});
