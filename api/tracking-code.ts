// The requester's tracking code may come in a request header (`X-Tracking-Code`) as well as in the
// query (`?trackingCode=`, kept for integrators). A header never lands in an access log or a proxy's
// request line, so the requester's own page sends it there. One hook serves every route that reads
// the query parameter: the header fills it in before validation when the query has none, and the
// route's documented headers gain the same field, so /openapi.json tells the whole truth.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';

export const TRACKING_CODE_HEADER = 'x-tracking-code';

const HeaderField = z
  .string()
  .max(64)
  .optional()
  .describe("The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs");

type ZodObjectLike = { shape?: Record<string, unknown>; extend?: (s: Record<string, unknown>) => unknown };

function readsTrackingCode(route: RouteOptions): boolean {
  const q = route.schema?.querystring as ZodObjectLike | undefined;
  return !!q?.shape && 'trackingCode' in q.shape;
}

/** Fills `trackingCode` from the header, before validation, when the query has none. */
async function fromHeader(req: FastifyRequest) {
  const header = req.headers[TRACKING_CODE_HEADER];
  if (typeof header !== 'string' || !header) return;
  const query = req.query as Record<string, unknown> | null | undefined;
  // The query form wins when both are given: it is what integrators already send.
  if (query && typeof query === 'object') {
    if (query.trackingCode === undefined) query.trackingCode = header;
  } else {
    (req as { query: unknown }).query = { trackingCode: header };
  }
}

export const trackingCodePlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!readsTrackingCode(route)) return;
    const headers = route.schema!.headers as ZodObjectLike | undefined;
    const field = { [TRACKING_CODE_HEADER]: HeaderField };
    route.schema = { ...route.schema, headers: headers?.extend ? headers.extend(field) : z.looseObject(field) };
    // Only on the routes that read the code, so no other route's query sees a field it did not ask for.
    const own = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
    route.onRequest = [...own, fromHeader] as RouteOptions['onRequest'];
  });
});
