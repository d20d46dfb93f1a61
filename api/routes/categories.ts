// The catalogue of service categories (派单目录): everyone with a token reads it (integrators and
// officers name a code at intake); administrators add, change, deactivate and import it from CSV.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/tiers.js';
import { CATEGORY_CSV_COLUMNS, CategoryCode, CategoryPatch, createCategory, importCategories, listCategories, NewCategory, updateCategory } from '../../services/categories.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { problemOf, ProblemSchema } from '../errors.js';

const CategoryRecord = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    defaultUnitId: z.string().describe('The unit that takes a case of this category when the intake names none (派单)'),
    active: z.boolean(),
  })
  .meta({ id: 'Category' });
const CategoryImport = z
  .object({ dryRun: z.boolean(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), deactivated: z.array(z.string()) })
  .meta({ id: 'CategoryImport' });
const ADMIN = ['admin'] as const;
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

const categoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.addContentTypeParser(['text/csv'], { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get(
    '/categories',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['categories'],
        summary: 'The catalogue of service categories (派单目录)',
        description: 'The codes an intake may name as `category`, each with the unit that takes such a case when the intake names none.',
        security: bearerSecurity,
        querystring: z.object({ active: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(CategoryRecord) }), ...errors },
      },
    },
    async (req) => ({ items: (await listCategories(db, { active: req.query.active === undefined ? undefined : req.query.active === 'true' })) }),
  );

  app.post(
    '/categories',
    { config: { roles: ADMIN }, schema: { tags: ['categories'], summary: 'Add a category', security: bearerSecurity, body: NewCategory, response: { 201: CategoryRecord, ...errors } } },
    async (req, reply) => reply.code(201).send((await createCategory(db, callerOf(req).id, req.body))),
  );

  app.patch(
    '/categories/:code',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['categories'],
        summary: 'Rename a category, change its unit, or deactivate it (`active: false`: intakes may no longer name it)',
        security: bearerSecurity,
        params: z.object({ code: CategoryCode }),
        body: CategoryPatch,
        response: { 200: CategoryRecord, ...errors },
      },
    },
    async (req) => updateCategory(db, callerOf(req).id, req.params.code, req.body),
  );

  app.post(
    '/categories/import',
    {
      config: { roles: ADMIN },
      preValidation: async (req) => {
        if (!String(req.headers['content-type'] ?? '').startsWith('text/csv')) throw problemOf('UNSUPPORTED_MEDIA_TYPE', 'Send the catalogue as text/csv.');
      },
      schema: {
        tags: ['categories'],
        summary: 'Replace the whole catalogue from CSV (all rows checked first; all or nothing)',
        description: [
          `One row per category; the first line names the columns: \`${CATEGORY_CSV_COLUMNS.join(',')}\`.`,
          'Codes in the file are created or updated and active; codes it leaves out are deactivated (cases keep naming them).',
          'Any error in any row answers 422 `IMPORT_INVALID` with every error as `errors: [{ path: "rows.<line>.<column>", message }]` and changes nothing. `?dryRun=true` checks and counts without writing.',
        ].join('\n\n'),
        security: bearerSecurity,
        consumes: ['text/csv'],
        querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.string().min(1).describe('The catalogue as CSV (UTF-8)'),
        response: { 200: CategoryImport, ...errors, 415: ProblemSchema },
      },
    },
    async (req) => importCategories(db, callerOf(req).id, req.body, req.query.dryRun === 'true'),
  );
};
export default categoryRoutes;
