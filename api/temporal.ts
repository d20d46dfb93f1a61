// Talking to the case workflows from HTTP handlers: bounded waits, and Temporal's errors turned into
// the contract's codes (no Temporal names leak to callers).
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
  type Client,
  type Connection,
} from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { RULE_ERRORS } from '../domain/tiers.js';
import { Problem } from './errors.js';

/** HTTP status of each code a workflow validator can answer with. */
const STATUS: Record<string, number> = {
  ...RULE_ERRORS,
  VALIDATION_FAILED: 400,
  NOT_AWAITING_MATERIALS: 409,
  RATING_NOT_OPEN: 409,
  NO_DIRECTIVE: 409,
  DIRECTIVE_ALREADY_DONE: 409,
  COORDINATION_NOT_AVAILABLE: 422,
};

export const UPDATE_WAIT_MS = Number(process.env.UPDATE_WAIT_MS ?? 10_000);

function isDeadline(err: unknown): boolean {
  const e = err as { code?: number; message?: string; cause?: unknown };
  if (isGrpcServiceError(err) && (e.code === 4 /* DEADLINE_EXCEEDED */ || e.code === 1 /* CANCELLED */)) return true;
  return /deadline|timed? ?out/i.test(e.message ?? '') || (e.cause ? isDeadline(e.cause) : false);
}

function isUnavailable(err: unknown): boolean {
  const e = err as { code?: number; cause?: unknown; name?: string };
  if (isGrpcServiceError(err) && e.code === 14) return true;
  if (e.name === 'ServiceError' && e.cause) return isUnavailable(e.cause);
  return false;
}

/** Runs a Temporal call with a deadline, mapping every failure to a Problem. */
export async function callWorkflow<T>(client: Client, fn: () => Promise<T>, waitMs = UPDATE_WAIT_MS): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + waitMs, fn);
  } catch (err) {
    const problem = toProblem(err);
    // Callers may still recognise what Temporal said (e.g. a start that found the workflow closed);
    // the cause is never serialised into the answer.
    if (problem !== err && problem.cause === undefined) problem.cause = err;
    // A call to a server that is down waits for the connection until its deadline, which looks like
    // a missing worker: ask the server itself, briefly, which of the two it is.
    if (problem.code === 'WORKER_UNAVAILABLE' && !(await serverAnswers(client))) {
      throw Object.assign(new Problem(503, 'TEMPORAL_UNAVAILABLE', 'The case engine is unreachable. Retry later with the same Idempotency-Key (or externalId): a request is applied at most once.'), { cause: err });
    }
    throw problem;
  }
}

async function serverAnswers(client: Client): Promise<boolean> {
  try {
    await client.withDeadline(Date.now() + 1000, () => (client.connection as Connection).healthService.check({}));
    return true;
  } catch {
    return false;
  }
}

export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.type) {
      return new Problem(STATUS[cause.type] ?? 422, cause.type, cause.message);
    }
    if (cause instanceof TemporalFailure) return new Problem(422, 'REJECTED', 'The case did not accept this.');
  }
  if (err instanceof WorkflowNotFoundError) {
    // Callers look the case up in the read model first: a workflow that no longer runs has closed.
    return new Problem(422, 'CASE_CLOSED', 'The case has closed; no further changes are taken.');
  }
  const msg = (err as Error)?.message ?? '';
  if (/workflow execution already completed|already completed/i.test(msg)) {
    return new Problem(422, 'CASE_CLOSED', 'The case has closed; no further changes are taken.');
  }
  if (isDeadline(err)) {
    return new Problem(503, 'WORKER_UNAVAILABLE', 'The case engine did not answer in time. Retry with the same Idempotency-Key: a decision is applied at most once.');
  }
  if (isUnavailable(err)) {
    return new Problem(503, 'TEMPORAL_UNAVAILABLE', 'The case engine is unreachable; nothing was changed. Retry later.');
  }
  return new Problem(503, 'ENGINE_ERROR', 'The case engine could not take the request; retry later.');
}
