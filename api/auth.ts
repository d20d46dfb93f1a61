// Bearer tokens (stored only as hashes) and role guards. A requester has no account: their tracking
// code, checked per case, stands in for one.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { principals, tokens } from '../db/schema.js';
import { hashToken } from '../db/tokens.js';
import type { Role } from '../domain/tiers.js';
import { Problem } from './errors.js';

export interface Principal {
  id: string;
  name: string;
  role: Role;
  unitId: string | null;
  sectionId: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: read by one hook, so a handler never checks roles by hand. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The hash of the bearer token the request came with (for rotation). */
    tokenHash: string | null;
  }
}

export const OFFICER: readonly Role[] = ['first_contact', 'section_chief', 'deputy_head', 'principal_head'];

export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('tokenHash', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (!header) return;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new Problem(401, 'UNAUTHENTICATED', 'Use "Authorization: Bearer <token>".');
    const hash = hashToken(m[1]);
    const row = opts.db
      .select({ p: principals, t: tokens })
      .from(tokens)
      .innerJoin(principals, eq(tokens.principalId, principals.id))
      .where(eq(tokens.hash, hash))
      .get();
    // A deactivated principal's tokens read as unknown, like revoked ones: nothing to tell apart.
    if (!row || row.t.revokedAt || !row.p.active) throw new Problem(401, 'UNAUTHENTICATED', 'The token is unknown or revoked.');
    if (row.t.expiresAt && Date.parse(row.t.expiresAt) <= Date.now()) {
      throw new Problem(401, 'TOKEN_EXPIRED', 'The token has expired; ask an administrator for a new one (rotate a token before it expires: POST /v1/tokens/rotate).');
    }
    req.principal = { id: row.p.id, name: row.p.name, role: row.p.role as Role, unitId: row.p.unitId, sectionId: row.p.sectionId };
    req.tokenHash = hash;
  });
  // Runs after the token is resolved (hooks run in the order they were added), before the body is parsed.
  app.addHook('onRequest', async (req) => {
    const roles = req.routeOptions.config?.roles;
    if (roles) requireRole(req, roles);
  });
});

/** The caller of a route declared with `config: { roles }`: the hook has already checked them. */
export function callerOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Problem(401, 'UNAUTHENTICATED', 'A bearer token is required.');
  return req.principal;
}

/** The caller, who must hold one of the roles. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Principal {
  if (!req.principal) throw new Problem(401, 'UNAUTHENTICATED', 'A bearer token is required.');
  if (!roles.includes(req.principal.role)) {
    throw new Problem(403, 'FORBIDDEN_ROLE', `This needs one of the roles: ${roles.join(', ')}.`);
  }
  return req.principal;
}

export const bearerSecurity = [{ bearerAuth: [] }];
