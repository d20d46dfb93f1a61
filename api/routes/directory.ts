// The directory: who the caller is, the units with their sections and officers, the city leaders.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { principals, sections, units, windows } from '../../db/schema.js';
import { ROLES } from '../../domain/tiers.js';
import { Problem, ProblemSchema } from '../errors.js';
import { bearerSecurity, requireRole } from '../auth.js';

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
  const unitView = (u: typeof units.$inferSelect) => ({
    id: u.id,
    name: u.name,
    nameEn: u.nameEn,
    kind: u.kind,
    cityLeaderId: u.cityLeaderId,
    sections: db.select({ id: sections.id, name: sections.name }).from(sections).where(eq(sections.unitId, u.id)).all(),
    officers: db
      .select()
      .from(principals)
      // Officers who left their post (deactivated) are no longer the unit's; admins see them at /v1/principals.
      .where(and(eq(principals.unitId, u.id), eq(principals.active, true)))
      .all()
      .map((p) => ({ id: p.id, name: p.name, role: p.role as (typeof ROLES)[number], ...(p.sectionId ? { sectionId: p.sectionId } : {}) })),
  });

  app.get('/me', { schema: { tags: ['directory'], security: bearerSecurity, response: { 200: Me, 401: ProblemSchema } } }, async (req) => {
    const p = requireRole(req, ALL_ROLES);
    return { id: p.id, name: p.name, role: p.role, ...(p.unitId ? { unitId: p.unitId } : {}), ...(p.sectionId ? { sectionId: p.sectionId } : {}) };
  });

  app.get('/units', { schema: { tags: ['directory'], security: bearerSecurity, response: { 200: z.array(Unit), 401: ProblemSchema } } }, async (req) => {
    requireRole(req, ALL_ROLES);
    return db.select().from(units).orderBy(units.id).all().map(unitView);
  });

  app.get(
    '/units/:id',
    { schema: { tags: ['directory'], security: bearerSecurity, params: z.object({ id: z.string().max(64) }), response: { 200: UnitDetail, 401: ProblemSchema, 404: ProblemSchema } } },
    async (req) => {
      requireRole(req, ALL_ROLES);
      const u = db.select().from(units).where(eq(units.id, req.params.id)).get();
      if (!u) throw new Problem(404, 'UNIT_NOT_FOUND', `No unit ${req.params.id}.`);
      return { ...unitView(u), windows: db.select({ code: windows.code, name: windows.name }).from(windows).where(eq(windows.unitId, u.id)).all() };
    },
  );

  app.get('/city-leaders', { schema: { tags: ['directory'], security: bearerSecurity, response: { 200: z.array(CityLeader), 401: ProblemSchema } } }, async (req) => {
    requireRole(req, ALL_ROLES);
    const all = db.select().from(units).all();
    return db
      .select()
      .from(principals)
      .where(and(eq(principals.role, 'city_leader'), eq(principals.active, true)))
      .all()
      .map((l) => ({ id: l.id, name: l.name, unitIds: all.filter((u) => u.cityLeaderId === l.id).map((u) => u.id) }));
  });
};
export default directoryRoutes;
