// Directory administration (admin only): units, their sections, principals (role, section, stand-in,
// active), a whole directory imported from CSV, and the audit trail of every change. Deactivating a
// principal (here or by an import that leaves them out) hands their open work over: every workflow
// holding it gets directoryChanged and passes it to the stand-in or the next tier up (缺位递补).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { directoryAudit, principals, sections, units } from '../../db/schema.js';
import { ROLES } from '../../domain/tiers.js';
import { bearerSecurity, requireRole } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import {
  applyImport, audit, checkPrincipal, checkWhole, CSV_COLUMNS, handOver, loadDirectory, NewPrincipal, NewSection, NewUnit, planImport,
  PrincipalPatch, recordHandOver, samePrincipal, UnitPatch, writePrincipal, DirectoryId, type FieldError, type PrincipalState,
} from '../directory-admin.js';

const PrincipalView = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    unitId: z.string().nullable(),
    sectionId: z.string().nullable(),
    phone: z.string().nullable(),
    standInId: z.string().nullable(),
    active: z.boolean(),
    deputySectionIds: z.array(z.string()),
  })
  .meta({ id: 'PrincipalRecord' });
const UnitRecord = z.object({ id: z.string(), name: z.string(), nameEn: z.string(), kind: z.string(), cityLeaderId: z.string().nullable() }).meta({ id: 'UnitRecord' });
const SectionRecord = z.object({ id: z.string(), unitId: z.string(), name: z.string() }).meta({ id: 'SectionRecord' });
const HandOverSchema = z
  .object({
    principalIds: z.array(z.string()),
    signalled: z.array(z.string()).describe('Workflows told to hand the work over (directoryChanged)'),
    failed: z.array(z.string()).describe('Workflows that could not be told now; POST /v1/principals/{id}/hand-over sends again'),
  })
  .meta({ id: 'HandOver' });
const ImportAnswer = z
  .object({
    dryRun: z.boolean(),
    units: z.object({ created: z.number().int(), updated: z.number().int() }),
    sections: z.object({ created: z.number().int(), updated: z.number().int() }),
    principals: z.object({ created: z.number().int(), updated: z.number().int(), deactivated: z.array(z.string()), unchanged: z.number().int() }),
    handOver: HandOverSchema.nullable(),
  })
  .meta({ id: 'DirectoryImport' });
const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorId: z.string(),
    action: z.string(),
    subjectKind: z.string(),
    subjectId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    handedOver: z.unknown(),
  })
  .meta({ id: 'DirectoryAuditEntry' });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };
const ruleProblem = (errs: FieldError[]) => new Problem(422, 'DIRECTORY_RULE', 'The change would break a rule of the directory.', { errors: errs });

const directoryAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client } = app.deps;
  // CSV bodies (the import) arrive as text; everything else stays JSON.
  app.addContentTypeParser(['text/csv'], { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  const principalView = (id: string) => loadDirectory(db).principals.get(id)!;

  app.post(
    '/units',
    { schema: { tags: ['admin'], summary: 'Add a unit', security: bearerSecurity, body: NewUnit, response: { 201: UnitRecord, ...errors } } },
    async (req, reply) => {
      const admin = requireRole(req, ['admin']);
      const u = { ...req.body, cityLeaderId: req.body.cityLeaderId ?? null };
      const created = db.transaction(() => {
        if (db.select().from(units).where(eq(units.id, u.id)).get()) throw new Problem(409, 'UNIT_EXISTS', `Unit ${u.id} exists.`);
        const dir = loadDirectory(db);
        dir.units.set(u.id, u);
        const errs = checkWhole(dir).map((e) => (e.path === `units.${u.id}.cityLeaderId` ? { ...e, path: 'body.cityLeaderId' } : e));
        if (errs.length) throw ruleProblem(errs);
        db.insert(units).values(u).run();
        audit(db, { actorId: admin.id, action: 'unit_created', kind: 'unit', id: u.id, after: u });
        return u;
      }, { behavior: 'immediate' });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/units/:id',
    { schema: { tags: ['admin'], summary: 'Rename a unit or change its city leader', security: bearerSecurity, params: z.object({ id: DirectoryId }), body: UnitPatch, response: { 200: UnitRecord, ...errors } } },
    async (req) => {
      const admin = requireRole(req, ['admin']);
      return db.transaction(() => {
        const dir = loadDirectory(db);
        const old = dir.units.get(req.params.id);
        if (!old) throw new Problem(404, 'UNIT_NOT_FOUND', `No unit ${req.params.id}.`);
        const next = { ...old, ...req.body, cityLeaderId: req.body.cityLeaderId === undefined ? old.cityLeaderId : req.body.cityLeaderId };
        dir.units.set(next.id, next);
        const errs = checkWhole(dir).map((e) => (e.path === `units.${next.id}.cityLeaderId` ? { ...e, path: 'body.cityLeaderId' } : e));
        if (errs.length) throw ruleProblem(errs);
        if (JSON.stringify(old) !== JSON.stringify(next)) {
          db.update(units).set(next).where(eq(units.id, next.id)).run();
          audit(db, { actorId: admin.id, action: 'unit_updated', kind: 'unit', id: next.id, before: old, after: next });
        }
        return next;
      }, { behavior: 'immediate' });
    },
  );

  app.post(
    '/units/:id/sections',
    { schema: { tags: ['admin'], summary: 'Add a section (科室) to a unit', security: bearerSecurity, params: z.object({ id: DirectoryId }), body: NewSection, response: { 201: SectionRecord, ...errors } } },
    async (req, reply) => {
      const admin = requireRole(req, ['admin']);
      const s = { ...req.body, unitId: req.params.id };
      db.transaction(() => {
        if (!db.select().from(units).where(eq(units.id, s.unitId)).get()) throw new Problem(404, 'UNIT_NOT_FOUND', `No unit ${s.unitId}.`);
        if (db.select().from(sections).where(eq(sections.id, s.id)).get()) throw new Problem(409, 'SECTION_EXISTS', `Section ${s.id} exists.`);
        db.insert(sections).values(s).run();
        audit(db, { actorId: admin.id, action: 'section_created', kind: 'section', id: s.id, after: s });
      }, { behavior: 'immediate' });
      return reply.code(201).send(s);
    },
  );

  app.get(
    '/principals',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every principal, with role, unit, section, stand-in and whether active',
        security: bearerSecurity,
        querystring: z.object({ unitId: z.string().max(64).optional(), role: z.enum(ROLES).optional(), active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(PrincipalView) }), ...errors },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const { unitId, role, active } = req.query;
      const items = [...loadDirectory(db).principals.values()]
        .filter((p) => (!unitId || p.unitId === unitId) && (!role || p.role === role) && (!active || String(p.active) === active))
        .sort((a, b) => a.id.localeCompare(b.id));
      return { items };
    },
  );

  app.post(
    '/principals',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a principal (officer, city leader, supervisor, integrator or admin); issue its token with POST /v1/tokens',
        security: bearerSecurity,
        body: NewPrincipal,
        response: { 201: PrincipalView, ...errors },
      },
    },
    async (req, reply) => {
      const admin = requireRole(req, ['admin']);
      const b = req.body;
      const p: PrincipalState = {
        id: b.id, name: b.name, role: b.role, unitId: b.unitId ?? null, sectionId: b.sectionId ?? null, phone: b.phone ?? null,
        standInId: b.standInId ?? null, active: true, deputySectionIds: [...new Set(b.deputySectionIds ?? [])].sort(),
      };
      db.transaction(() => {
        const dir = loadDirectory(db);
        if (dir.principals.has(p.id)) throw new Problem(409, 'PRINCIPAL_EXISTS', `Principal ${p.id} exists.`);
        dir.principals.set(p.id, p);
        const errs = checkPrincipal(dir, p).map((e) => ({ ...e, path: `body.${e.path}` }));
        if (errs.length) throw ruleProblem(errs);
        writePrincipal(db, p, new Date().toISOString());
        audit(db, { actorId: admin.id, action: 'principal_created', kind: 'principal', id: p.id, after: p });
      }, { behavior: 'immediate' });
      return reply.code(201).send(p);
    },
  );

  app.patch(
    '/principals/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a principal\'s role, unit, section, stand-in or name, or deactivate them',
        description:
          'Deactivating (`active: false`) revokes their tokens and hands their open work over: every running workflow holding it (cases they are assigned, unit parts, directives to a unit they head, consultations they chair) is told, and passes it to their stand-in if active, else the next tier up (缺位递补). A move to another unit or role hands over the work held in the old post the same way.',
        security: bearerSecurity,
        params: z.object({ id: DirectoryId }),
        body: PrincipalPatch,
        response: { 200: z.object({ principal: PrincipalView, handOver: HandOverSchema.nullable() }), ...errors },
      },
    },
    async (req) => {
      const admin = requireRole(req, ['admin']);
      const { auditId, deactivated } = db.transaction(() => {
        const dir = loadDirectory(db);
        const old = dir.principals.get(req.params.id);
        if (!old) throw new Problem(404, 'PRINCIPAL_NOT_FOUND', `No principal ${req.params.id}.`);
        const b = req.body;
        const next: PrincipalState = { ...old };
        for (const k of ['name', 'role', 'unitId', 'sectionId', 'phone', 'standInId', 'active'] as const) if (b[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = b[k];
        if (b.deputySectionIds) next.deputySectionIds = [...new Set(b.deputySectionIds)].sort();
        // A unit-less role leaves the unit's section and deputy charge behind with it.
        if (b.unitId === null || (b.unitId !== undefined && b.unitId !== old.unitId && b.sectionId === undefined)) next.sectionId = b.sectionId ?? null;
        if (next.role !== 'deputy_head' && !b.deputySectionIds) next.deputySectionIds = [];
        dir.principals.set(next.id, next);
        const errs = [...checkPrincipal(dir, next).map((e) => ({ ...e, path: `body.${e.path}` })), ...checkWhole(dir)];
        if (errs.length) throw ruleProblem(errs);
        if (samePrincipal(old, next)) return { auditId: null, deactivated: false };
        writePrincipal(db, next, new Date().toISOString());
        const id = audit(db, { actorId: admin.id, action: 'principal_updated', kind: 'principal', id: next.id, before: old, after: next });
        // Leaving the post, or the unit or role it was held in: the work held there goes to others.
        return { auditId: id, deactivated: old.active && (!next.active || next.unitId !== old.unitId || next.role !== old.role) };
      }, { behavior: 'immediate' });
      let h = null;
      if (deactivated && auditId !== null) {
        h = await handOver(client, db, [req.params.id]);
        recordHandOver(db, auditId, h);
      }
      return { principal: principalView(req.params.id), handOver: h };
    },
  );

  app.post(
    '/principals/:id/hand-over',
    {
      schema: {
        tags: ['admin'],
        summary: 'Send the hand-over of an inactive principal\'s open work again (after Temporal was unreachable)',
        security: bearerSecurity,
        params: z.object({ id: DirectoryId }),
        response: { 200: HandOverSchema, ...errors },
      },
    },
    async (req) => {
      const admin = requireRole(req, ['admin']);
      const p = db.select().from(principals).where(eq(principals.id, req.params.id)).get();
      if (!p) throw new Problem(404, 'PRINCIPAL_NOT_FOUND', `No principal ${req.params.id}.`);
      if (p.active) throw new Problem(409, 'PRINCIPAL_ACTIVE', `${p.id} is active: their work is theirs.`);
      const h = await handOver(client, db, [p.id]);
      audit(db, { actorId: admin.id, action: 'hand_over_sent', kind: 'principal', id: p.id, handedOver: h });
      return h;
    },
  );

  app.post(
    '/directory/import',
    {
      bodyLimit: 5 * 1024 * 1024,
      // Before the body is checked against its schema: JSON here is the wrong kind of body, not a bad one.
      preValidation: async (req) => {
        if (!String(req.headers['content-type'] ?? '').startsWith('text/csv')) throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the directory as text/csv.');
      },
      schema: {
        tags: ['admin'],
        summary: 'Replace the whole directory from CSV (all rows checked first; all or nothing)',
        description: [
          `One row per unit, section or principal; the first line names the columns: \`${CSV_COLUMNS.join(',')}\`.`,
          '`type` is `unit` (id, name, name_en, kind, city_leader_id), `section` (id, name, unit_id) or `principal` (id, name, role, unit_id, section_id, phone, stand_in_id, deputy_section_ids separated by `;`).',
          'Units and sections are added or updated, never removed. Principals in the file are created or updated and active; principals the file leaves out are deactivated and their open work handed over, except admins, who are kept.',
          'Any error in any row answers 422 `IMPORT_INVALID` with every error as `errors: [{ path: "rows.<line>.<column>", message }]` and changes nothing. `?dryRun=true` checks and counts without writing.',
        ].join('\n\n'),
        security: bearerSecurity,
        consumes: ['text/csv'],
        querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.string().min(1).describe('The directory as CSV (UTF-8)'),
        response: { 200: ImportAnswer, ...errors, 415: ProblemSchema },
      },
    },
    async (req) => {
      const admin = requireRole(req, ['admin']);
      const dryRun = req.query.dryRun === 'true';
      const planned = planImport(db, req.body);
      if ('errors' in planned) throw new Problem(422, 'IMPORT_INVALID', `The directory was not imported: ${planned.errors.length} error(s); nothing changed.`, { errors: planned.errors });
      const { auditId, handOver: leaving, ...summary } = applyImport(db, planned.plan, admin.id, { dryRun });
      let h = null;
      if (!dryRun && leaving.length) {
        h = await handOver(client, db, leaving.sort());
        if (auditId !== null) recordHandOver(db, auditId, h);
      }
      return { dryRun, ...summary, handOver: h };
    },
  );

  app.get(
    '/directory/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every change to the directory, newest first',
        security: bearerSecurity,
        querystring: z.object({
          subjectId: z.string().max(64).optional(),
          before: z.coerce.number().int().min(1).optional().describe('Cursor: entries with a smaller id'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(AuditEntry) }), ...errors },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const where: SQL[] = [];
      if (req.query.subjectId) where.push(eq(directoryAudit.subjectId, req.query.subjectId));
      if (req.query.before) where.push(lt(directoryAudit.id, req.query.before));
      return { items: db.select().from(directoryAudit).where(and(...where)).orderBy(desc(directoryAudit.id)).limit(req.query.limit).all() };
    },
  );
};
export default directoryAdminRoutes;
