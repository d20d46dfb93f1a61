// Notifications through the outbox: enqueueing, channels and the dispatcher (the templates they
// render are the domain's notice vocabulary, domain/notices.ts).
import { createLogChannel, webhookChannel, type Channel } from './channels.js';

export * from './outbox.js';
export * from './channels.js';
export * from './dispatcher.js';

/**
 * Why notifications would go nowhere a person reads them, or null: in production the log channel is
 * no delivery (a unit head's SMS, a requester's code would only be written to a log), so a webhook is
 * required there.
 */
export function missingChannel(env: Record<string, string | undefined>, production: boolean): string | null {
  if (!production || env.NOTIFY_WEBHOOK_URL?.trim()) return null;
  return 'NOTIFY_WEBHOOK_URL is not set: in production notifications (unit heads\' SMS, requesters\' codes, deadlines) must go to the SMS and message gateway, not to the log.';
}

/**
 * The channel the environment asks for: a webhook when NOTIFY_WEBHOOK_URL is set (signed with
 * NOTIFY_WEBHOOK_SECRET when that is set; timeout NOTIFY_WEBHOOK_TIMEOUT_MS, default 10 s), else the
 * log channel, which production refuses (missingChannel).
 */
export function channelFromEnv(
  env: Record<string, string | undefined> = process.env,
  log?: (line: string) => void,
  opts: { production?: boolean } = {},
): Channel {
  const missing = missingChannel(env, opts.production ?? false);
  if (missing) throw new Error(missing);
  const url = env.NOTIFY_WEBHOOK_URL?.trim();
  if (!url) return createLogChannel(log);
  new URL(url); // throws early on a malformed URL
  const timeoutMs = Number(env.NOTIFY_WEBHOOK_TIMEOUT_MS ?? '') || 10_000;
  const secret = env.NOTIFY_WEBHOOK_SECRET || undefined;
  return webhookChannel({ url, secret, timeoutMs });
}
