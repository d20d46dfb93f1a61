// The official calendar (国务院办公厅节假日安排): read a year, load next year's notice (admin, JSON or
// iCalendar), compute a deadline with the very function the workflows use, and the administrators'
// page that draws a year as a month grid. A successful load re-times every running deadline
// (api/calendar-retiming.ts). Registered without a prefix: its paths span /v1, the page and /assets.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { ROLES } from '../../domain/tiers.js';
import { CalendarNoticeSchema, ICalError, parseICalNotice } from '../../domain/calendar.js';
import { calendarYear, explainDeadline, loadYear } from '../../services/calendar.js';
import { bearerSecurity, callerOf } from '../auth.js';
import { problemOf, ProblemSchema } from '../errors.js';
import { broadcastCalendarChanges, calendarBroadcastSettled } from '../calendar-retiming.js';

const own = (name: string) => readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');

// The Content-Security-Policy (no inline script, no framing) is the app's own, on every answer (api/edge.ts).
const PAGE_HEADERS = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const YearParams = z.object({ year: z.coerce.number().int().min(1990).max(2200).describe('The calendar year, e.g. 2027') });

const Holiday = z.object({ name: z.string(), from: z.string(), to: z.string() });
const Workday = z.object({ date: z.string(), name: z.string().optional() });
const LoadEntry = z.object({
  id: z.number().int(),
  documentNo: z.string(),
  loadedBy: z.string(),
  loadedAt: z.string(),
  format: z.enum(['json', 'ical']),
  replaced: z.object({ source: z.enum(['official', 'package', 'none']), documentNo: z.string().nullable() }).describe('What this load replaced'),
  retiming: z
    .object({ status: z.enum(['pending', 'done']), signalled: z.number().int(), doneAt: z.string().nullable(), error: z.string().nullable() })
    .describe('Telling the running workflows: pending until every one was told'),
});
const YearCalendarSchema = z
  .object({
    year: z.number().int(),
    source: z.enum(['official', 'package', 'none']).describe('official: loaded from the State Council notice; package: the chinese-days data; none: not known'),
    provisional: z.boolean().describe('Deadlines in this year are counted on the plain Mon–Fri rule'),
    documentNo: z.string().nullable(),
    loadedBy: z.string().nullable(),
    loadedAt: z.string().nullable(),
    holidays: z.array(Holiday),
    workdays: z.array(Workday).describe('Make-up working days (调休上班)'),
    history: z.array(LoadEntry).describe('Every load of the year, newest first'),
  })
  .meta({ id: 'CalendarYear' });
const LoadAnswer = YearCalendarSchema.extend({
  unchanged: z.boolean().describe('The same notice was already loaded: nothing changed, nothing re-timed'),
}).meta({ id: 'CalendarLoad' });

const DeadlineQuery = z
  .object({
    from: z.string().max(40).optional().describe('ISO 8601 instant with offset; default now'),
    workingDays: z.coerce.number().positive().max(365).optional(),
    workingHours: z.coerce.number().positive().max(2000).optional(),
  })
  .refine((q) => (q.workingDays === undefined) !== (q.workingHours === undefined), { message: 'give workingDays or workingHours (one of them)' });
const DeadlineAnswer = z
  .object({
    from: z.string(),
    deadlineAt: z.string(),
    provisional: z.boolean().describe('Depends on days outside the published calendar'),
    note: z.string().optional(),
    days: z.array(z.object({ date: z.string(), working: z.boolean(), known: z.boolean(), reason: z.string() })).describe('Each day from the start to the deadline, and why it counts or not'),
  })
  .meta({ id: 'CalendarDeadline' });

const MAX_ICAL = 200 * 1024;

const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, client, config } = app.deps;

  // An iCalendar body becomes a notice in the JSON shape, then faces the same schema and checks.
  app.addContentTypeParser(['text/calendar'], { parseAs: 'string', bodyLimit: MAX_ICAL }, (req, body, done) => {
    try {
      const q = req.query as { documentNo?: string } | undefined;
      const parsed = parseICalNotice(String(body), typeof q?.documentNo === 'string' && q.documentNo ? q.documentNo : undefined);
      done(null, parsed);
    } catch (e) {
      if (e instanceof ICalError) done(problemOf('ICAL_INVALID', e.message, { errors: [{ path: e.path, message: e.message }] }) as never, undefined);
      else done(problemOf('ICAL_INVALID', 'The iCalendar file could not be read.') as never, undefined);
    }
  });

  const retime = () =>
    broadcastCalendarChanges({ db, client, taskQueue: config.taskQueue, log: app.log }).catch((err) => {
      app.log.warn({ err: (err as Error).message }, 'calendar re-timing pass failed');
      return 0;
    });
  app.addHook('onClose', async () => {
    await calendarBroadcastSettled(db);
  });

  app.get(
    '/v1/calendar/deadline',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['calendar'],
        summary: 'A deadline as the workflows compute it (办理时限)',
        description:
          'Counts `workingDays` (close of office, 17:30 Beijing, of the Nth working day after the day of `from`) or `workingHours` (office hours) under the official calendar: loaded notices over the package data, and the city\'s overrides. The same function as the workflows\' computeDeadline activity.',
        security: bearerSecurity,
        querystring: DeadlineQuery,
        response: { 200: DeadlineAnswer, 422: ProblemSchema },
      },
    },
    async (req) => {
      const from = req.query.from ?? new Date().toISOString();
      const limit = req.query.workingDays !== undefined ? { workingDays: req.query.workingDays } : { workingHours: req.query.workingHours! };
      return explainDeadline(db, from, limit);
    },
  );

  app.get(
    '/v1/calendar/:year',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['calendar'],
        summary: "A year's holidays and make-up working days (节假日安排)",
        description: 'Where the year comes from (a loaded notice, the package data, or nothing: provisional), its holidays, its make-up working days (调休上班) and the history of its loads.',
        security: bearerSecurity,
        params: YearParams,
        response: { 200: YearCalendarSchema },
      },
    },
    async (req) => calendarYear(db, req.params.year),
  );

  app.put(
    '/v1/calendar/:year',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: "Load the year from the State Council's notice (admin)",
        description:
          'Replaces the year as a whole and keeps what it replaced. Send JSON (`CalendarNotice`) or the same year as `text/calendar` (iCalendar: all-day VEVENTs; a make-up working day carries `CATEGORIES:WORKDAY` (or 调休上班/补班) or `X-WORKDAY:TRUE`; the document number is the calendar\'s `X-DOCUMENT-NO` or the `documentNo` query parameter). ' +
          'Checked before anything changes: dates inside the year (`DATE_OUTSIDE_YEAR`), ranges ordered (`RANGE_UNORDERED`), no overlapping holidays (`HOLIDAYS_OVERLAP`), a make-up day on a weekend (`WORKDAY_NOT_WEEKEND`) outside every holiday (`WORKDAY_IN_HOLIDAY`), named once (`WORKDAY_DUPLICATE`); an unreadable iCalendar file is `ICAL_INVALID`. ' +
          'Every running deadline that falls in the year or was provisional is then re-timed (never earlier than what its holder was told); `history[0].retiming` shows the progress.',
        security: bearerSecurity,
        consumes: ['application/json', 'text/calendar'],
        params: YearParams,
        querystring: z.object({ documentNo: z.string().max(120).optional().describe('For an iCalendar body without X-DOCUMENT-NO') }),
        body: CalendarNoticeSchema,
        response: { 200: LoadAnswer, 403: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (req) => {
      const admin = callerOf(req);
      const year = req.params.year;
      // The body was read from iCalendar by the parser above exactly when it came as text/calendar.
      const format = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('text/calendar') ? 'ical' : 'json';
      const result = (await loadYear(db, { year, input: req.body, format, loadedBy: admin.id, now: new Date() }));
      req.log.info({ year, documentNo: req.body.documentNo, by: admin.id, unchanged: result.unchanged }, 'calendar year loaded');
      // Told in the background: the answer does not wait for thousands of signals (progress in history).
      if (!result.unchanged) void retime();
      return { ...(await calendarYear(db, year)), unchanged: result.unchanged };
    },
  );

  // ---- the administrators' page ----
  const assets: Record<string, string> = { 'calendar-page.js': 'text/javascript; charset=utf-8', 'calendar-page.css': 'text/css; charset=utf-8' };
  for (const [name, type] of Object.entries(assets)) {
    let body: string | null = null;
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (_req, reply) => reply.type(type).header('cache-control', 'no-cache').send((body ??= own(name))));
  }
  app.get('/calendar', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(own('calendar-page.html')));
};

export default calendarRoutes;
