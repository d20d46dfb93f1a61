// What every workflow shares: the local-activity proxy for short reads, and how a rule rejection is thrown.
import { ApplicationFailure, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';

export type Activities = ReturnType<typeof createActivities>;

/** Directory look-ups and deadline arithmetic are short reads: local activities, no task-queue trip. */
export const lookups = proxyLocalActivities<Activities>({ startToCloseTimeout: '10s', retry: { maximumInterval: '10s' } });

/** A rule rejection: the client gets `code` as the failure's type; it is never retried. */
export function fail(code: string, message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
}
