// The requester's progress messages: stopping them from the tracking page (with the tracking code),
// and the SMS gateway's report of a reply ("TD" stops every case of that number). The messages
// themselves are written with the case's other notices (notify/requester.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { smsReply, stopTextMessages, textMessagesOf } from '../../services/requester-messages.js';
import { bearerSecurity } from '../auth.js';
import { Problem, ProblemSchema } from '../errors.js';
import { loadCaseFor } from '../case-view.js';

export const TextMessagesSchema = z
  .object({
    /** The requester gave a mobile number: progress messages go to it. */
    mobile: z.boolean(),
    /** They asked for no more (回TD退订, or the tracking page). */
    stopped: z.boolean(),
    stoppedAt: z.string().optional(),
  })
  .meta({ id: 'TextMessages' });

const requesterMessageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.post(
    '/cases/:id/text-messages/stop',
    {
      schema: {
        tags: ['requester'],
        summary: 'Stop the progress messages about this case (退订)',
        description: 'The requester, with the tracking code. Stopping twice is the same as once.',
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ trackingCode: z.string().max(64).optional() }),
        response: { 200: TextMessagesSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => {
      if (!req.query.trackingCode) throw new Problem(401, 'TRACKING_CODE_REQUIRED', 'The requester acts with the case\'s trackingCode.');
      const { row, caller } = (await loadCaseFor(db, { ...req, principal: null } as typeof req, req.params.id, req.query.trackingCode));
      if (caller.kind !== 'requester') throw new Problem(404, 'CASE_NOT_FOUND', 'No such case.');
      await stopTextMessages(db, row.id);
      return textMessagesOf(db, row);
    },
  );

  app.post(
    '/sms/replies',
    {
      config: { roles: ['integrator'] },
      schema: {
        tags: ['notifications'],
        summary: 'A text a requester sent back, as the SMS gateway received it',
        description: '"TD" (or 退订) stops the progress messages about every case of that number; anything else is not understood and changes nothing.',
        security: bearerSecurity,
        body: z.strictObject({ from: z.string().trim().min(5).max(24), text: z.string().max(500) }),
        response: { 200: z.object({ understood: z.boolean(), stoppedCases: z.number().int() }), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => {
      const r = await smsReply(db, req.body.from, req.body.text);
      req.log.info({ understood: r.understood, stoppedCases: r.stoppedCases }, 'sms reply');
      return r;
    },
  );
};
export default requesterMessageRoutes;
