// Problem details (RFC 9457) for every error: a `code` machines can switch on, a `detail` people can
// read, and nothing of our internals (no stack, no SQL, no Temporal names).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RuleErrorCode } from '../domain/tiers.js';
import type { NoticeIssue } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';
import { isStoreUnavailable } from '../services/store-health.js';

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

/** The tier rules' codes (domain/tiers.ts): the domain names them, the API gives their statuses. */
const RULE_STATUSES = {
  CASE_CLOSED: 422,
  REFUSAL_BELOW_TIER_4: 422,
  ACTION_NOT_ALLOWED_AT_TIER: 422,
  MISSING_LEGAL_BASIS: 422,
  ACTION_NOT_ALLOWED_IN_STATUS: 422,
  NOT_ASSIGNEE: 403,
  STALE_DECISION: 409,
} as const satisfies Record<RuleErrorCode, number>;

/** A calendar notice's issues (domain/calendar.ts): each is a 422 naming what is wrong. */
const NOTICE_STATUSES = {
  DATE_OUTSIDE_YEAR: 422,
  RANGE_UNORDERED: 422,
  HOLIDAYS_OVERLAP: 422,
  WORKDAY_NOT_WEEKEND: 422,
  WORKDAY_IN_HOLIDAY: 422,
  WORKDAY_DUPLICATE: 422,
} as const satisfies Record<NoticeIssue['code'], number>;

/**
 * Every code the API can answer with, and its HTTP status: one table, so a code has one status
 * everywhere. Services and activities raise codes (AppError); only the edge turns them into statuses.
 * A workflow failure whose type is not listed here is never passed through (it would leak an
 * internal name); it is mapped to a listed code instead.
 */
export const ERROR_CATALOGUE = {
  ...RULE_STATUSES,
  VALIDATION_FAILED: 400,
  /** The If-Match header is not an ETag this API gave (`"v12"`). */
  BAD_IF_MATCH: 400,
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
  /** A case taken in with 202 whose workflow has not set its first assignee yet: it takes no change until then; retry after Retry-After. */
  CASE_OPENING: 409,
  /** Too many asynchronous decisions for one case in the window; decide synchronously or retry after Retry-After. */
  ASYNC_DECISION_LIMIT: 429,
  /** Intake: an officer names a first-contact unit or officer outside their own unit. */
  ASSIGNMENT_OUTSIDE_UNIT: 403,
  /** Intake: the named first-contact officer has left their post. */
  OFFICER_INACTIVE: 422,
  /** Intake: too many new cases from one account in a minute (INTAKE_PER_MINUTE); retry after Retry-After. */
  INTAKE_RATE_LIMITED: 429,
  WORKER_UNAVAILABLE: 503,
  /** The workflow's store call gave up for now (workflows/mailbox.ts): nothing changed; trying again later helps. */
  STORE_UNAVAILABLE: 503,
  TEMPORAL_UNAVAILABLE: 503,
  ENGINE_ERROR: 503,
  /** The S3-compatible bucket did not answer, or this API has no access to the storage a file is in. */
  ATTACHMENT_STORAGE_UNAVAILABLE: 503,

  // ---- The edge itself: requests that never reach a route, or fail in it ----
  MALFORMED_REQUEST: 400,
  BAD_CURSOR: 400,
  /** The change feed's `types` names a type that is not an event type (domain/integration-events.ts). */
  UNKNOWN_EVENT_TYPE: 400,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** An attachment above ATTACHMENT_MAX_BYTES (10 MB by default). */
  ATTACHMENT_TOO_LARGE: 413,
  /** An attachment whose bytes are not a PDF, JPEG or PNG, whatever its name says. */
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  RATE_LIMITED: 429,
  COMPLAINT_LIMIT_PHONE: 429,
  COMPLAINT_LIMIT_UNIT: 429,
  /** Anonymous complaints not confirmed by a code, from one address (IPv4, IPv6 /64) in a day. */
  COMPLAINT_LIMIT_ADDRESS: 429,
  /** The same from one network (IPv4 /24, IPv6 /48) in a day. */
  COMPLAINT_LIMIT_NETWORK: 429,
  /** The city's verification SMS for the hour or the day are spent (SMS_CODES_PER_HOUR, SMS_CODES_PER_DAY). */
  SMS_BUDGET_EXHAUSTED: 429,
  /** Verification SMS to one number block (the first 7 digits) for the day are spent. */
  SMS_PREFIX_LIMIT: 429,
  /** A requester's code was sent moments ago (REQUESTER_CODE_RESEND_SECONDS). */
  SMS_CODE_TOO_SOON: 429,
  /** A case's codes for 24 hours are spent (REQUESTER_CODES_PER_CASE_PER_DAY). */
  SMS_CODE_LIMIT: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,

  // ---- Who is asking ----
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  TRACKING_CODE_REQUIRED: 401,
  /** A requester action (withdraw, rating) on a case with a mobile phone on file needs the one-time code sent there (X-Sms-Code). */
  SMS_CODE_REQUIRED: 428,
  /** A requester route called with an officer's, a leader's, a supervisor's or an admin's token: it is the requester's own. */
  REQUESTER_ONLY: 403,
  FORBIDDEN_ROLE: 403,
  FORBIDDEN_UNIT: 403,
  FORBIDDEN_PORTRAIT: 403,
  NOT_CONTACT_OFFICER: 403,
  NOT_UNIT_HEAD: 403,
  /** Extensions are decided by the efficiency office (and, by policy, the lead unit's principal head), never by whoever asked. */
  NOT_EXTENSION_DECIDER: 403,
  /** The codec server opens payloads; it never seals one (a sealed payload is one our workflows trust). */
  CODEC_ENCODE_REFUSED: 403,

  // ---- Things that are not there ----
  CASE_NOT_FOUND: 404,
  CATEGORY_NOT_FOUND: 404,
  /** No failed delivery of that event to that subscription (the dead-letter list). */
  DELIVERY_NOT_FOUND: 404,
  SUBSCRIPTION_NOT_FOUND: 404,
  CODEC_SESSION_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  COMPLAINT_NOT_FOUND: 404,
  NOTICE_NOT_FOUND: 404,
  EXTENSION_NOT_FOUND: 404,
  APPEAL_NOT_FOUND: 404,
  FINDING_NOT_FOUND: 404,
  MONTH_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,
  OFFICER_NOT_FOUND: 404,
  PART_NOT_FOUND: 404,
  PRECEDENT_NOT_FOUND: 404,
  PRINCIPAL_NOT_FOUND: 404,
  REVIEW_NOT_FOUND: 404,
  RULE_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  TOWN_NOT_FOUND: 404,
  UNIT_NOT_FOUND: 404,
  VERIFICATION_NOT_FOUND: 404,
  WINDOW_NOT_FOUND: 404,

  // ---- Conflicts with what is there ----
  ALREADY_CONTACTED: 409,
  ALREADY_PROMOTED: 409,
  COMPLAINT_CLOSED: 409,
  COMPLAINT_NOT_RUNNING: 409,
  FINDING_ALREADY_DECIDED: 409,
  MONTH_CLOSED: 409,
  MONTH_NOT_CLOSED: 409,
  NOT_FAILED: 409,
  PRINCIPAL_ACTIVE: 409,
  PRINCIPAL_EXISTS: 409,
  SECTION_EXISTS: 409,
  UNIT_EXISTS: 409,
  CATEGORY_EXISTS: 409,
  /** A requester's code asked for a case with no mobile phone on file: the tracking code alone opens its actions. */
  NO_PHONE_ON_FILE: 409,
  /** A precedent, or a village problem's check, needs a resolved case. */
  CASE_NOT_RESOLVED: 409,
  // Supervision of a live case (督办, extensions, 差评整改, 回访, appeals): domain/engine/case/rules.ts.
  /** A 督办 is issued on a case that awaits its holder's decision, or on a unit's open part. */
  NOTICE_NOT_APPLICABLE: 409,
  /** A 督办 on the case (or that part) is still open: withdraw it first. */
  NOTICE_ALREADY_OPEN: 409,
  NOTICE_NOT_OPEN: 409,
  /** More time is asked for a tier's running window, while the case awaits its holder. */
  EXTENSION_NOT_APPLICABLE: 409,
  EXTENSION_PENDING: 409,
  /** The case has had the extensions the policy allows (extension.perCase, default 1). */
  EXTENSION_LIMIT: 409,
  EXTENSION_NOT_PENDING: 409,
  NO_RECTIFICATION: 409,
  RECTIFICATION_ALREADY_REPORTED: 409,
  RECTIFICATION_NOT_REPORTED: 409,
  /** A rectification is closed after a return visit that reached the requester since the unit's report. */
  RECTIFICATION_NOT_VERIFIED: 409,
  /** Return visits are recorded once the case gave its answer, until it is archived. */
  CALLBACK_NOT_OPEN: 409,
  CALLBACK_LIMIT: 409,
  /** An appeal is against the case's final unsatisfied rating, until the case is archived. */
  APPEAL_NOT_OPEN: 409,
  APPEAL_EXISTS: 409,
  APPEAL_NOT_PENDING: 409,

  // ---- Well-formed requests a rule refuses ----
  /** An image that does not decode as the JPEG or PNG its bytes claim to be. */
  ATTACHMENT_UNREADABLE: 422,
  /** A decision or materials naming a file that is not this case's (or with another SHA-256 or size). */
  UNKNOWN_ATTACHMENT: 422,
  /** A materials answer ticking an item that was not asked for, or a file for an item it does not tick. */
  MATERIALS_NOT_REQUESTED: 422,
  /** A unit's part that is closed (answered, lapsed, or withdrawn by the lead) takes no answer. */
  PART_CLOSED: 422,
  /** A coordination that would ask no unit not already asked. */
  NO_NEW_UNITS: 422,
  /** The officer named to call a complainant is not an active officer of the complaint's unit. */
  NOT_UNIT_OFFICER: 422,
  CASE_ID_REQUIRED: 422,
  CASE_NOT_VERIFIED: 422,
  CASE_UNIT_MISMATCH: 422,
  CREATOR_UNKNOWN: 422,
  DIRECTORY_RULE: 422,
  FIRST_CONTACT_MISMATCH: 422,
  FIRST_CONTACT_REQUIRED: 422,
  ICAL_INVALID: 422,
  IMPORT_INVALID: 422,
  /** A CSV import that would deactivate more principals than the threshold runs only after its dry run (`?confirm=`). */
  IMPORT_NEEDS_DRY_RUN: 422,
  INVALID_DEADLINE_REQUEST: 422,
  MOBILE_REQUIRED: 422,
  TIMING_NOT_ALLOWED: 422,
  UNIT_REQUIRED: 422,
  UNKNOWN_CASE: 422,
  /** Intake: the category is not an active code of the catalogue (GET /v1/categories). */
  UNKNOWN_CATEGORY: 422,
  /** A webhook URL that is not http(s), carries credentials, or (in production) leads to a loopback, link-local or private address not allow-listed. */
  SUBSCRIPTION_URL_REFUSED: 422,
  UNKNOWN_COMPLAINT: 422,
  UNKNOWN_OFFICER: 422,
  UNKNOWN_PRINCIPAL: 422,
  UNKNOWN_RULE: 422,
  UNKNOWN_WINDOW: 422,
  /** The efficiency office's month (services/reports.ts): a month that has not begun (Beijing time) has no figures. */
  MONTH_NOT_STARTED: 422,
  /** One request for more time asks for at most extension.maxWorkingDays working days. */
  EXTENSION_TOO_LONG: 422,
  /** A topic (每月一题) must be one of the classes the month's cases are counted under. */
  TOPIC_NOT_IN_MONTH: 422,
  /** A ranking policy whose weights are all 0 ranks nothing. */
  RANKING_POLICY_INVALID: 422,
  VERIFICATION_CODE_WRONG: 422,
  /** The requester's one-time code does not match (attemptsLeft says how many tries remain). */
  SMS_CODE_WRONG: 422,
  VERIFICATION_FAILED: 422,
  WINDOW_UNIT_MISMATCH: 422,
  // ---- The village reception's month (workflows/village-month.ts) ----
  COLLECTION_CLOSED: 409,
  NOT_COLLECTING: 409,
  HOST_LOCKED: 409,
  RECEPTION_NOT_OPEN: 409,
  MID_CHECK_NOT_OPEN: 409,
  MID_CHECK_ALREADY_RECORDED: 409,
  MONTH_END_NOT_DUE: 409,
  DATE_OUTSIDE_MONTH: 422,
  DEADLINE_BEFORE_RECEPTION: 422,
  EXPECTED_BY_NOT_AFTER_CHECK: 422,
  EXPECTED_BY_REQUIRED: 422,
  HOST_UNCHANGED: 422,
  UNKNOWN_PROBLEM: 422,
  UNKNOWN_VILLAGE: 422,
  /** A year's official notice (domain/calendar.ts `checkNotice`): the first issue's code. */
  ...NOTICE_STATUSES,
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
  428: 'Precondition Required',
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
  if (isStoreUnavailable(err)) {
    // The store restarting or out of reach: nothing was written; the client sends it again.
    req.log.warn({ err }, 'store unavailable');
    reply.header('retry-after', '2');
    return sendProblem(reply, 503, 'STORE_UNAVAILABLE', 'The case store is unavailable; nothing was changed. Try again shortly.');
  }
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, 500, 'INTERNAL', 'Something went wrong on our side; the request may be retried.');
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => sendProblem(reply, 404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`));
}
