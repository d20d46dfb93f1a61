// Notifications through the outbox: enqueueing, channels and the dispatcher (the templates they
// render are the domain's notice vocabulary, domain/notices.ts).
import { createLogChannel, webhookChannel, type Channel } from './channels.js';

export * from './outbox.js';
export * from './channels.js';
export * from './dispatcher.js';

/**
 * The channel the environment asks for: a webhook when NOTIFY_WEBHOOK_URL is set (signed with
 * NOTIFY_WEBHOOK_SECRET when that is set; timeout NOTIFY_WEBHOOK_TIMEOUT_MS, default 10 s), else the
 * log channel.
 */
export function channelFromEnv(
  env: Record<string, string | undefined> = process.env,
  log?: (line: string) => void,
): Channel {
  const url = env.NOTIFY_WEBHOOK_URL?.trim();
  if (!url) return createLogChannel(log);
  new URL(url); // throws early on a malformed URL
  const timeoutMs = Number(env.NOTIFY_WEBHOOK_TIMEOUT_MS ?? '') || 10_000;
  const secret = env.NOTIFY_WEBHOOK_SECRET || undefined;
  return webhookChannel({ url, secret, timeoutMs });
}
