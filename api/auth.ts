// Bearer tokens (stored only as hashes) and role guards. A requester has no account: their tracking
// code, checked per case, stands in for one.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { OFFICER_ROLES, type Role } from '../domain/tiers.js';
import { principalOfToken, type Principal } from '../services/tokens.js';
import { problemOf } from './errors.js';

export type { Principal };

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

/** The officers of a unit, bottom tier to top (domain/tiers.ts). */
export const OFFICER: readonly Role[] = OFFICER_ROLES;

export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('tokenHash', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (!header) return;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw problemOf('UNAUTHENTICATED', 'Use "Authorization: Bearer <token>".');
    const { principal, hash } = await principalOfToken(opts.db, m[1]);
    req.principal = principal;
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
  if (!req.principal) throw problemOf('UNAUTHENTICATED', 'A bearer token is required.');
  return req.principal;
}

/** The caller, who must hold one of the roles. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Principal {
  if (!req.principal) throw problemOf('UNAUTHENTICATED', 'A bearer token is required.');
  if (!roles.includes(req.principal.role)) {
    throw problemOf('FORBIDDEN_ROLE', `This needs one of the roles: ${roles.join(', ')}.`);
  }
  return req.principal;
}

export const bearerSecurity = [{ bearerAuth: [] }];
