// Integrators' webhooks: signing, the CloudEvents format, where they may go, and the dispatcher the
// worker runs (see dispatcher.ts for the guarantees).
import type { Db } from '../db/client.js';
import { createWebhookDispatcher, type WebhookDispatcherOptions } from './dispatcher.js';
import { targetPolicyFromEnv } from './targets.js';

export * from './dispatcher.js';
export * from './format.js';
export * from './signing.js';
export * from './targets.js';

const num = (v: string | undefined) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : undefined);

/**
 * The dispatcher the environment asks for: WEBHOOK_TIMEOUT_MS (10 s), WEBHOOK_LEASE_MS (60 s),
 * WEBHOOK_RETRY_HOURS (24), WEBHOOK_BASE_DELAY_MS (5 s) and WEBHOOK_MAX_DELAY_MS (1 h) for the
 * back-off, WEBHOOK_ALLOWED_TARGETS for internal receivers production may call.
 */
export function webhookDispatcherFromEnv(db: Db, production: boolean, env: NodeJS.ProcessEnv = process.env, extra: Partial<WebhookDispatcherOptions> = {}) {
  const hours = num(env.WEBHOOK_RETRY_HOURS);
  return createWebhookDispatcher({
    db,
    policy: targetPolicyFromEnv(env, production),
    timeoutMs: num(env.WEBHOOK_TIMEOUT_MS),
    leaseMs: num(env.WEBHOOK_LEASE_MS),
    retryForMs: hours === undefined ? undefined : hours * 3_600_000,
    baseDelayMs: num(env.WEBHOOK_BASE_DELAY_MS),
    maxDelayMs: num(env.WEBHOOK_MAX_DELAY_MS),
    ...extra,
  });
}
