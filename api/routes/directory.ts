// The directory: who the caller is, the units with their sections and officers, the city leaders.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/tiers.js';
import { cityLeaders, listUnits, unitDetail } from '../../services/directory.js';
import { ProblemSchema } from '../errors.js';
import { bearerSecurity, callerOf } from '../auth.js';

const Me = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), unitId: z.string().optional(), sectionId: z.string().optional() });
const Officer = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), sectionId: z.string().optional() });
const Unit = z
  .object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string(),
    kind: z.string(),
    sections: z.array(z.object({ id: z.string(), name: z.string() })),
    officers: z.array(Officer),
    cityLeaderId: z.string().nullable(),
  })
  .meta({ id: 'Unit' });
const UnitDetail = Unit.extend({ windows: z.array(z.object({ code: z.string(), name: z.string() })) });
const CityLeader = z.object({ id: z.string(), name: z.string(), unitIds: z.array(z.string()) });

const ALL_ROLES = ROLES;

const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.db;

  app.get('/me', { config: { roles: ALL_ROLES }, schema: { tags: ['directory'], security: bearerSecurity, response: { 200: Me, 401: ProblemSchema } } }, async (req) => {
    const p = callerOf(req);
    return { id: p.id, name: p.name, role: p.role, ...(p.unitId ? { unitId: p.unitId } : {}), ...(p.sectionId ? { sectionId: p.sectionId } : {}) };
  });

  app.get('/units', { config: { roles: ALL_ROLES }, schema: { tags: ['directory'], security: bearerSecurity, response: { 200: z.array(Unit), 401: ProblemSchema } } }, async () => listUnits(db));

  app.get(
    '/units/:id',
    { config: { roles: ALL_ROLES }, schema: { tags: ['directory'], security: bearerSecurity, params: z.object({ id: z.string().max(64) }), response: { 200: UnitDetail, 401: ProblemSchema, 404: ProblemSchema } } },
    async (req) => unitDetail(db, req.params.id),
  );

  app.get('/city-leaders', { config: { roles: ALL_ROLES }, schema: { tags: ['directory'], security: bearerSecurity, response: { 200: z.array(CityLeader), 401: ProblemSchema } } }, async () => cityLeaders(db));
};
export default directoryRoutes;
