// Bearer tokens: an admin lists them, issues one for a principal, revokes one; anyone rotates their
// own. A token is shown once, when issued; the store keeps only its SHA-256 hash. A token's public id
// is the first 16 hex digits of that hash: enough to name it, useless to authenticate with. Every
// token expires (TOKEN_TTL for people, TOKEN_TTL_INTEGRATOR for integrators; db/tokens.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { principals, tokens } from '../../db/schema.js';
import { issueToken } from '../../db/tokens.js';
import { ROLES } from '../../domain/tiers.js';
import { bearerSecurity, requireRole } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';

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

type TokenRow = typeof tokens.$inferSelect;
const idOf = (hash: string) => hash.slice(0, 16);
const info = (t: TokenRow) => ({ id: idOf(t.hash), principalId: t.principalId, label: t.label, createdAt: t.createdAt, revokedAt: t.revokedAt, expiresAt: t.expiresAt });

const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const byId = (id: string) => db.select().from(tokens).where(sql`substr(${tokens.hash}, 1, 16) = ${id}`).get();

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['admin'],
        summary: 'Bearer tokens, newest first (hashes are never shown)',
        security: bearerSecurity,
        querystring: z.object({ principalId: z.string().max(64).optional(), active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(TokenInfo) }), ...errors },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const where: SQL[] = [];
      if (req.query.principalId) where.push(eq(tokens.principalId, req.query.principalId));
      if (req.query.active === 'true') where.push(sql`${tokens.revokedAt} is null`);
      if (req.query.active === 'false') where.push(sql`${tokens.revokedAt} is not null`);
      return { items: db.select().from(tokens).where(and(...where)).orderBy(desc(tokens.createdAt)).all().map(info) };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['admin'],
        summary: 'Issue a token for a principal (shown once)',
        security: bearerSecurity,
        body: IssueSchema,
        response: { 201: IssuedToken, ...errors },
      },
    },
    async (req, reply) => {
      const admin = requireRole(req, ['admin']);
      const p = db.select().from(principals).where(eq(principals.id, req.body.principalId)).get();
      if (!p || !p.active) throw new Problem(422, 'UNKNOWN_PRINCIPAL', `No active principal ${req.body.principalId}.`);
      const { token, row } = issueToken(db, p, { label: req.body.label ?? `issued by ${admin.id}` });
      return reply.code(201).send({ ...info(row), token });
    },
  );

  app.post(
    '/tokens/rotate',
    {
      schema: {
        tags: ['directory'],
        summary: 'Swap my token for a new one (shown once); the old one stops working at once',
        description:
          'For any principal, with the token to be replaced. The new token lives for the full time of the role (TOKEN_TTL / TOKEN_TTL_INTEGRATOR) from now. An expired token cannot be rotated (401 TOKEN_EXPIRED): an administrator issues a new one.',
        security: bearerSecurity,
        response: { 201: IssuedToken, 401: ProblemSchema },
      },
    },
    async (req, reply) => {
      const p = requireRole(req, ROLES);
      const oldHash = req.tokenHash!;
      const now = new Date();
      // One transaction: the old token is revoked exactly when the new one exists. Two concurrent
      // rotations with the same token: the second finds it revoked and issues nothing.
      const issued = db.transaction(
        () => {
          const revoked = db
            .update(tokens)
            .set({ revokedAt: now.toISOString() })
            .where(and(eq(tokens.hash, oldHash), sql`${tokens.revokedAt} is null`))
            .run();
          if (revoked.changes !== 1) return null;
          return issueToken(db, p, { label: `rotated from ${idOf(oldHash)}`, now });
        },
        { behavior: 'immediate' },
      );
      if (!issued) throw new Problem(401, 'UNAUTHENTICATED', 'The token is unknown or revoked.');
      return reply.code(201).send({ ...info(issued.row), token: issued.token });
    },
  );

  app.post(
    '/tokens/:id/revoke',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke a token: it stops working at once (revoking twice changes nothing)',
        security: bearerSecurity,
        params: TokenId,
        response: { 200: TokenInfo, ...errors },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const t = byId(req.params.id);
      if (!t) throw new Problem(404, 'TOKEN_NOT_FOUND', `No token ${req.params.id}.`);
      if (!t.revokedAt) db.update(tokens).set({ revokedAt: new Date().toISOString() }).where(and(eq(tokens.hash, t.hash), sql`${tokens.revokedAt} is null`)).run();
      return info(byId(req.params.id)!);
    },
  );
};
export default tokenRoutes;
