// What every route's contract says beyond its own file, so the OpenAPI document tells the whole
// truth (schemathesis holds us to it): any route that validates input can answer 400, any route can
// answer 401 (a malformed or revoked bearer token is refused before routing to a handler), a route
// with path parameters can answer 404, one with a query string 431 (a URL past Node's 16 KiB header
// limit, which long Chinese text reaches quickly once percent-encoded); errors are
// application/problem+json; and the errors raised before routing (an over-long path parameter, a
// malformed URL, oversized headers) answer as problems too.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemSchema, sendProblem } from './errors.js';

export const contractPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema;
    if (!schema?.response || schema.hide) return;
    const response = { ...(schema.response as Record<string, unknown>) };
    const add = (status: number) => {
      if (!(status in response)) response[status] = ProblemSchema;
    };
    if (schema.body || schema.querystring || schema.params || schema.headers) add(400);
    add(401);
    if (schema.params) add(404);
    if (schema.querystring || schema.headers) add(431);
    route.schema = { ...schema, response };
  });
});

/** Options for the Fastify constructor: router and HTTP-parser errors in the contract's own words. */
export const routerErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
    if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      // Longer than any id we issue: the same answer as a parameter over its schema's length.
      void sendProblem(reply, 400, 'VALIDATION_FAILED', 'The request does not match the schema.', { errors: [{ path: 'params', message: 'too long' }] });
      return;
    }
    void sendProblem(reply, 400, 'MALFORMED_REQUEST', 'The request URL is not valid.');
  },
  // Node's parser refused the request before Fastify saw it; answer as fastify would, as a problem.
  clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, detail] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The URL or the headers are too large; send long text in a request body.']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.']
          : [400, 'MALFORMED_REQUEST', 'The request is not valid HTTP.'];
    const title = STATUS_CODES[status] ?? 'Error';
    const body = JSON.stringify({ type: `https://errors.escalate.example/${code.toLowerCase().replace(/_/g, '-')}`, title, status, detail, code });
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${title}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
    }
    socket.destroy(err);
  },
};

type Doc = { paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>> };

/** Declares responses whose body is a Problem as application/problem+json, which is what they are. */
export function problemJsonContent<T>(doc: T): T {
  for (const ops of Object.values((doc as Doc).paths ?? {})) {
    for (const op of Object.values(ops)) {
      for (const res of Object.values(op?.responses ?? {})) {
        const json = res.content?.['application/json'];
        if (json?.schema?.$ref === '#/components/schemas/Problem') {
          delete res.content!['application/json'];
          res.content!['application/problem+json'] = json;
        }
      }
    }
  }
  return doc;
}
