// Talking to the case workflows from HTTP handlers: bounded waits, and Temporal's errors turned into
// the contract's codes (no Temporal names leak to callers).
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
  type Client,
  type Connection,
} from '@temporalio/client';
import { ApplicationFailure, TemporalFailure, type UpdateDefinition } from '@temporalio/common';
import { AppError } from '../domain/errors.js';
import { isCatalogued, Problem, problemOf } from './errors.js';

/**
 * A Problem whose cause says only that the workflow would not take the call any more (closed while
 * we waited, or gone): what it really means (closed case, halted case, a run that continued as new)
 * is read from the workflow's status when the caller names it.
 */
const NOT_TAKING = Symbol('notTaking');
type Unsure = Problem & { [NOT_TAKING]?: true };

/** What our workflows' validators answer with; Temporal's own failure types are CamelCase. */
const RULE_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{2,}$/;

const closedProblem = () => problemOf('CASE_CLOSED', 'The case has closed; no further changes are taken.');
/** A case whose workflow stopped on an error (told by Temporal, or by the store's `halted_at`). */
export const haltedProblem = () => problemOf('CASE_HALTED', 'The case stopped on an internal error and takes no changes until it is repaired; nothing was changed.');

export const UPDATE_WAIT_MS = Number(process.env.UPDATE_WAIT_MS ?? 10_000);

const ABORTED_ATTEMPTS = 4;

/**
 * The server aborts an Update when the workflow task carrying it fails, e.g. the task that would
 * complete the case met an event that came in meanwhile (a part ending as the requester withdraws:
 * UnhandledCommand). The task runs again without it, so the Update was not applied.
 */
export function abortedByTaskFailure(err: unknown): boolean {
  const cause = (err as { cause?: unknown })?.cause;
  const e = isGrpcServiceError(cause) ? cause : isGrpcServiceError(err) ? err : null;
  return !!e && e.code === 9 /* FAILED_PRECONDITION */ && /unexpected workflow task failure/i.test(e.details ?? e.message ?? '');
}

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

/**
 * Runs a Temporal call with a deadline, mapping every failure to a Problem. With `workflowId`, a
 * call the workflow no longer takes is told apart by its status: a completed case is CASE_CLOSED,
 * a failed or terminated one CASE_HALTED, a running one (it continued as new under us) ENGINE_ERROR
 * to retry.
 */
export async function callWorkflow<T>(client: Client, fn: () => Promise<T>, waitMs = UPDATE_WAIT_MS, workflowId?: string): Promise<T> {
  const until = Date.now() + waitMs;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.withDeadline(until, fn);
      } catch (err) {
        // Nothing of an aborted Update was applied: send it again while the wait allows.
        if (!abortedByTaskFailure(err) || attempt >= ABORTED_ATTEMPTS || Date.now() + 50 >= until) throw err;
        await new Promise((r) => setTimeout(r, 25 * attempt));
      }
    }
  } catch (err) {
    let problem: Unsure = toProblem(err);
    if (problem[NOT_TAKING] && workflowId) problem = await whyNotTaking(client, workflowId, problem);
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

/** An Idempotency-Key as an Update id, scoped to its caller so the keys of two callers never meet. */
export const updateIdOf = (who: string, key: string | undefined) => (key ? `${who}:${key}` : undefined);

/**
 * One Update to a case's workflow for an HTTP request: callWorkflow with the case's workflow id, so
 * the wait is bounded, an aborted Update is sent again, and a case that no longer takes it answers
 * CASE_CLOSED or CASE_HALTED. `updateId` (the caller's Idempotency-Key, scoped) makes a retry apply once.
 */
export function updateCase<Ret, Args extends [unknown, ...unknown[]]>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId: string | undefined,
  waitMs?: number,
): Promise<Ret> {
  return callWorkflow(client, () => client.workflow.getHandle(workflowId).executeUpdate(update, { args, updateId }), waitMs, workflowId);
}

async function whyNotTaking(client: Client, workflowId: string, guess: Problem): Promise<Problem> {
  try {
    const d = await client.withDeadline(Date.now() + 2000, () => client.workflow.getHandle(workflowId).describe());
    switch (d.status.name) {
      case 'COMPLETED':
        return closedProblem();
      case 'RUNNING':
      case 'CONTINUED_AS_NEW':
        return problemOf('ENGINE_ERROR', 'The case was busy moving on; nothing was changed. Retry with the same Idempotency-Key.');
      default:
        return haltedProblem();
    }
  } catch (e) {
    return e instanceof WorkflowNotFoundError ? closedProblem() : guess;
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
  // A service's refusal inside the call: its catalogued status, its headers.
  if (err instanceof AppError && isCatalogued(err.code)) return Object.assign(problemOf(err.code, err.message, err.extra), { headers: { ...err.headers } });
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    // Only the contract's own codes pass through; any other failure type is Temporal's or a defect's
    // (e.g. AcceptedUpdateCompletedWorkflow: the workflow closed while the update waited).
    if (cause instanceof ApplicationFailure && cause.type && isCatalogued(cause.type)) return problemOf(cause.type, cause.message);
    // A rule code of another workflow kind (village month, complaint: upper snake case, as ours);
    // their routes map these to their own statuses.
    if (cause instanceof ApplicationFailure && cause.type && RULE_CODE.test(cause.type)) return new Problem(422, cause.type, cause.message);
    if (cause instanceof TemporalFailure || cause === undefined) return notTaking(closedProblem());
  }
  if (err instanceof WorkflowNotFoundError) {
    // Callers look the case up in the read model first: a workflow that no longer runs has closed.
    return notTaking(closedProblem());
  }
  const msg = (err as Error)?.message ?? '';
  if (/workflow execution already completed|already completed/i.test(msg)) return notTaking(closedProblem());
  if (isDeadline(err)) {
    return problemOf('WORKER_UNAVAILABLE', 'The case engine did not answer in time. Retry with the same Idempotency-Key: a decision is applied at most once.');
  }
  if (isUnavailable(err)) {
    return problemOf('TEMPORAL_UNAVAILABLE', 'The case engine is unreachable; nothing was changed. Retry later.');
  }
  return problemOf('ENGINE_ERROR', 'The case engine could not take the request; retry later.');
}

function notTaking(p: Problem): Problem {
  return Object.assign(p, { [NOT_TAKING]: true as const });
}
