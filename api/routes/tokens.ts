// Bearer tokens: an admin lists them, issues one for a principal, revokes one; anyone rotates their
// own. A token is shown once, when issued; the store keeps only its SHA-256 hash. A token's public id
// is the first 16 hex digits of that hash: enough to name it, useless to authenticate with. Every
// token expires (TOKEN_TTL for people, TOKEN_TTL_INTEGRATOR for integrators; db/tokens.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/tiers.js';
import { issueTokenFor, listTokens, revokeToken, rotateToken, tokenHashOf } from '../../services/tokens.js';
import { journal } from '../../services/journal.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { ProblemSchema } from '../errors.js';

const TokenInfo = z
  .object({
    id: z.string(),
    principalId: z.string(),
    label: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable().describe('After this instant the token answers 401 TOKEN_EXPIRED; null only for demo tokens outside production'),
  })
  .meta({ id: 'TokenInfo' });
const IssuedToken = TokenInfo.extend({ token: z.string().describe('The bearer token itself; shown only in this answer.') }).meta({ id: 'IssuedToken' });

const IssueSchema = z.strictObject({
  principalId: z.string().trim().min(1).max(64),
  label: z.string().trim().min(1).max(100).optional(),
});
const TokenId = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, '16 hex digits') });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema };

const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Bearer tokens, newest first (hashes are never shown)',
        security: bearerSecurity,
        querystring: z.object({ principalId: z.string().max(64).optional(), active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(TokenInfo) }), ...errors },
      },
    },
    async (req) => {
      const active = req.query.active === undefined ? undefined : req.query.active === 'true';
      return { items: (await listTokens(db, { principalId: req.query.principalId, active })) };
    },
  );

  app.post(
    '/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Issue a token for a principal (shown once)',
        security: bearerSecurity,
        body: IssueSchema,
        response: { 201: IssuedToken, ...errors },
      },
    },
    async (req, reply) => {
      const admin = callerOf(req);
      return reply.code(201).send((await issueTokenFor(db, req.body.principalId, req.body.label ?? `issued by ${admin.id}`, admin.id)));
    },
  );

  app.post(
    '/tokens/rotate',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['directory'],
        summary: 'Swap my token for a new one (shown once); the old one stops working at once',
        description:
          'For any principal, with the token to be replaced. The new token lives for the full time of the role (TOKEN_TTL / TOKEN_TTL_INTEGRATOR) from now, but never past the first token of its chain plus the role\'s maximum age (TOKEN_MAX_AGE / TOKEN_MAX_AGE_INTEGRATOR): rotating does not keep a sign-in alive for ever. An expired token cannot be rotated (401 TOKEN_EXPIRED): an administrator issues a new one. Issuing, rotating and revoking are in the directory\'s audit trail (GET /v1/directory/audit).',
        security: bearerSecurity,
        response: { 201: IssuedToken, 401: ProblemSchema },
      },
    },
    async (req, reply) => {
      const issued = (await rotateToken(db, callerOf(req), req.tokenHash!));
      // A restored store must not bring the old token back (workflows/directory-journal.ts).
      await journal(app.deps.client, app.deps.config.taskQueue, [{ kind: 'token_revoked', tokenHash: req.tokenHash!, at: new Date().toISOString() }]);
      return reply.code(201).send(issued);
    },
  );

  app.post(
    '/tokens/:id/revoke',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Revoke a token: it stops working at once (revoking twice changes nothing)',
        security: bearerSecurity,
        params: TokenId,
        response: { 200: TokenInfo, ...errors },
      },
    },
    async (req) => {
      const revoked = (await revokeToken(db, req.params.id, callerOf(req).id));
      const tokenHash = (await tokenHashOf(db, req.params.id));
      if (tokenHash && revoked.revokedAt) await journal(app.deps.client, app.deps.config.taskQueue, [{ kind: 'token_revoked', tokenHash, at: revoked.revokedAt }]);
      return revoked;
    },
  );
};
export default tokenRoutes;
