// Directory administration (admin only): units, their sections, principals (role, section, stand-in,
// active), a whole directory imported from CSV, and the audit trail of every change. Deactivating a
// principal (here or by an import that leaves them out) hands their open work over: every workflow
// holding it gets directoryChanged and passes it to the stand-in or the next tier up (缺位递补).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/tiers.js';
import {
  auditTrail, createPrincipal, createSection, createUnit, CSV_COLUMNS, DirectoryId, importDirectory, listPrincipals, NewPrincipal, NewSection,
  NewUnit, PrincipalPatch, resendHandOver, UnitPatch, updatePrincipal, updateUnit,
} from '../../services/directory-admin.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { problemOf, ProblemSchema } from '../errors.js';

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
    needsConfirmation: z.boolean().describe('The file deactivates more principals than `threshold`: it runs only with the `confirmation` of its dry run'),
    threshold: z.number().int().describe('How many principals an import may deactivate without a dry run first (DIRECTORY_IMPORT_DEACTIVATE_SHARE of the active ones, at least DIRECTORY_IMPORT_DEACTIVATE_FLOOR)'),
    confirmation: z.string().nullable().describe('On a dry run: send it back as `?confirm=` to run this very file; bound to the file and to whom it deactivates'),
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
const ADMIN = ['admin'] as const;
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

const directoryAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client } = app.deps;
  const taskQueue = app.deps.config.taskQueue;
  // CSV bodies (the import) arrive as text; everything else stays JSON.
  app.addContentTypeParser(['text/csv'], { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post(
    '/units',
    { config: { roles: ADMIN }, schema: { tags: ['admin'], summary: 'Add a unit', security: bearerSecurity, body: NewUnit, response: { 201: UnitRecord, ...errors } } },
    async (req, reply) => reply.code(201).send((await createUnit(db, callerOf(req).id, req.body))),
  );

  app.patch(
    '/units/:id',
    { config: { roles: ADMIN }, schema: { tags: ['admin'], summary: 'Rename a unit or change its city leader', security: bearerSecurity, params: z.object({ id: DirectoryId }), body: UnitPatch, response: { 200: UnitRecord, ...errors } } },
    async (req) => updateUnit(db, callerOf(req).id, req.params.id, req.body),
  );

  app.post(
    '/units/:id/sections',
    { config: { roles: ADMIN }, schema: { tags: ['admin'], summary: 'Add a section (科室) to a unit', security: bearerSecurity, params: z.object({ id: DirectoryId }), body: NewSection, response: { 201: SectionRecord, ...errors } } },
    async (req, reply) => reply.code(201).send((await createSection(db, callerOf(req).id, req.params.id, req.body))),
  );

  app.get(
    '/principals',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Every principal, with role, unit, section, stand-in and whether active',
        security: bearerSecurity,
        querystring: z.object({ unitId: z.string().max(64).optional(), role: z.enum(ROLES).optional(), active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(PrincipalView) }), ...errors },
      },
    },
    async (req) => {
      const { unitId, role, active } = req.query;
      return { items: (await listPrincipals(db, { unitId, role, active: active === undefined ? undefined : active === 'true' })) };
    },
  );

  app.post(
    '/principals',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Add a principal (officer, city leader, supervisor, integrator or admin); issue its token with POST /v1/tokens',
        security: bearerSecurity,
        body: NewPrincipal,
        response: { 201: PrincipalView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send((await createPrincipal(db, callerOf(req).id, req.body))),
  );

  app.patch(
    '/principals/:id',
    {
      config: { roles: ADMIN },
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
    async (req) => updatePrincipal({ db, client, taskQueue }, callerOf(req).id, req.params.id, req.body),
  );

  app.post(
    '/principals/:id/hand-over',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Send the hand-over of an inactive principal\'s open work again (after Temporal was unreachable)',
        security: bearerSecurity,
        params: z.object({ id: DirectoryId }),
        response: { 200: HandOverSchema, ...errors },
      },
    },
    async (req) => resendHandOver({ db, client, taskQueue }, callerOf(req).id, req.params.id),
  );

  app.post(
    '/directory/import',
    {
      bodyLimit: 5 * 1024 * 1024,
      config: { roles: ADMIN },
      // Before the body is checked against its schema: JSON here is the wrong kind of body, not a bad one.
      preValidation: async (req) => {
        if (!String(req.headers['content-type'] ?? '').startsWith('text/csv')) throw problemOf('UNSUPPORTED_MEDIA_TYPE', 'Send the directory as text/csv.');
      },
      schema: {
        tags: ['admin'],
        summary: 'Replace the whole directory from CSV (all rows checked first; all or nothing)',
        description: [
          `One row per unit, section or principal; the first line names the columns: \`${CSV_COLUMNS.join(',')}\`.`,
          '`type` is `unit` (id, name, name_en, kind, city_leader_id), `section` (id, name, unit_id) or `principal` (id, name, role, unit_id, section_id, phone, stand_in_id, deputy_section_ids separated by `;`).',
          'Units and sections are added or updated, never removed. Principals in the file are created or updated and active; principals the file leaves out are deactivated and their open work handed over, except admins, who are kept.',
          'Any error in any row answers 422 `IMPORT_INVALID` with every error as `errors: [{ path: "rows.<line>.<column>", message }]` and changes nothing. `?dryRun=true` checks and counts without writing.',
          'A file that would deactivate more than `threshold` principals (a tenth of the active ones, at least 5: DIRECTORY_IMPORT_DEACTIVATE_SHARE, _FLOOR) answers 422 `IMPORT_NEEDS_DRY_RUN` and changes nothing: its dry run answers a `confirmation`, and the same file sent with `?confirm=<confirmation>` runs (a directory that changed meanwhile needs a new dry run).',
        ].join('\n\n'),
        security: bearerSecurity,
        consumes: ['text/csv'],
        querystring: z.object({ dryRun: z.enum(['true', 'false']).optional(), confirm: z.string().max(64).optional() }),
        body: z.string().min(1).describe('The directory as CSV (UTF-8)'),
        response: { 200: ImportAnswer, ...errors, 415: ProblemSchema },
      },
    },
    async (req) => importDirectory({ db, client, taskQueue }, callerOf(req).id, req.body, req.query.dryRun === 'true', req.query.confirm),
  );

  app.get(
    '/directory/audit',
    {
      config: { roles: ADMIN },
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
    async (req) => ({ items: (await auditTrail(db, req.query)) }),
  );
};
export default directoryAdminRoutes;
