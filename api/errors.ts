// Problem details (RFC 9457) for every error: a `code` machines can switch on, a `detail` people can
// read, and nothing of our internals (no stack, no SQL, no Temporal names).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RULE_ERRORS } from '../domain/tiers.js';
import { AppError } from '../domain/errors.js';

export class Problem extends Error {
  /** Headers the answer carries (Retry-After, the current ETag). */
  headers: Record<string, string> = {};
  constructor(
    public status: number,
    public code: string,
    message: string,
    public extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Every code a case workflow, the API's own checks around it, or Temporal's answers mapped by
 * `api/temporal.ts` can give, with its HTTP status: one table, so a code has one status everywhere.
 * A workflow failure whose type is not listed here is never passed through (it would leak an
 * internal name); it is mapped to a listed code instead.
 */
export const ERROR_CATALOGUE = {
  // The tier rules (domain/tiers.ts): 422 rule errors, 403 NOT_ASSIGNEE, 409 STALE_DECISION.
  ...RULE_ERRORS,
  VALIDATION_FAILED: 400,
  /** The If-Match header is not an ETag this API gave (`"v12"`). */
  BAD_IF_MATCH: 400,
  /** A paging cursor this API did not give. */
  BAD_CURSOR: 400,
  NOT_AWAITING_MATERIALS: 409,
  RATING_NOT_OPEN: 409,
  NO_DIRECTIVE: 409,
  DIRECTIVE_ALREADY_DONE: 409,
  COORDINATION_NOT_AVAILABLE: 422,
  UNKNOWN_UNIT: 422,
  UNKNOWN_PRECEDENT: 422,
  /** Two directives of one `direct` name the same unit (a unit reports "done" once). */
  DUPLICATE_UNIT: 422,
  /** The same Idempotency-Key was sent before with a different decision. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** The case's workflow stopped on an error (failed, terminated, timed out): it takes no changes until repaired. */
  CASE_HALTED: 409,
  /** Too many asynchronous decisions for one case in the window; decide synchronously or retry after Retry-After. */
  ASYNC_DECISION_LIMIT: 429,
  /** Intake: an officer names a first-contact unit or officer outside their own unit. */
  ASSIGNMENT_OUTSIDE_UNIT: 403,
  /** Intake: the named first-contact officer has left their post. */
  OFFICER_INACTIVE: 422,
  /** Intake: too many new cases from one account in a minute (INTAKE_PER_MINUTE); retry after Retry-After. */
  INTAKE_RATE_LIMITED: 429,
  WORKER_UNAVAILABLE: 503,
  TEMPORAL_UNAVAILABLE: 503,
  ENGINE_ERROR: 503,
} as const satisfies Record<string, number>;
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isCatalogued(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, code);
}

/** A Problem for a catalogued code, with the status the catalogue gives it. */
export function problemOf(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): Problem {
  return new Problem(ERROR_CATALOGUE[code], code, message, extra);
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const ProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `https://errors.escalate.example/${code.toLowerCase().replace(/_/g, '-')}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra });
}

/** The `errors` of a request that failed its route's schema, each with its zod issue code; null for any other error. */
export function schemaErrors(err: unknown): { path: string; message: string; issue: string }[] | null {
  if (!hasZodFastifySchemaValidationErrors(err)) return null;
  return err.validation.map((v) => ({
    path: [err.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('.'),
    message: v.message ?? 'invalid',
    issue: String(v.keyword ?? ''),
  }));
}

/** The answer to any error; routes with their own error handler fall back to it. */
export function handleError(err: FastifyError | Problem | AppError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    if (!isCatalogued(err.code)) {
      // A code without a status is our defect; say so in the log, and nothing of it to the caller.
      req.log.error({ err }, `error code ${err.code} is not in the catalogue`);
      return sendProblem(reply, 500, 'INTERNAL', 'Something went wrong on our side; the request may be retried.');
    }
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    return sendProblem(reply, ERROR_CATALOGUE[err.code], err.code, err.message, err.extra);
  }
  if (err instanceof Problem) {
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    return sendProblem(reply, err.status, err.code, err.message, err.extra);
  }
  const errors = schemaErrors(err);
  if (errors) return sendProblem(reply, 400, 'VALIDATION_FAILED', 'The request does not match the schema.', { errors: errors.map(({ path, message }) => ({ path, message })) });
  if (isResponseSerializationError(err)) {
    req.log.error({ err: err.cause }, 'response did not match its schema');
    return sendProblem(reply, 500, 'INTERNAL', 'The server could not form its answer.');
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 413, 'BODY_TOO_LARGE', 'The request body is too large.');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON (application/json).');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.statusCode === 400) {
    return sendProblem(reply, 400, 'MALFORMED_REQUEST', 'The request body is not valid JSON.');
  }
  if (fe.statusCode === 429) return sendProblem(reply, 429, 'RATE_LIMITED', 'Too many requests; try again shortly.');
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, 500, 'INTERNAL', 'Something went wrong on our side; the request may be retried.');
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => sendProblem(reply, 404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`));
}
