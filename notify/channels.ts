// Where outbox messages go. A channel delivers one message and throws when it could not; the
// dispatcher owns retries. The webhook channel hands messages to an SMS gateway or any integrator,
// with the outbox key as Idempotency-Key so a redelivery after a lost answer can be recognised.
import { createHmac } from 'node:crypto';
import type { RecipientKind } from './outbox.js';
import type { TemplateId } from '../domain/notices.js';
import { maskTrackingCodes } from '../domain/privacy.js';

/** One outbox row as a channel sees it. */
export interface OutboxMessage {
  id: number;
  key: string;
  caseId: string | null;
  recipientId: string;
  recipientKind: RecipientKind;
  template: TemplateId;
  vars: Record<string, string>;
  body: string;
  /** Failed deliveries so far (0 on the first try). */
  attempts: number;
}

export interface Channel {
  name: string;
  /** Resolves when the message was handed over; throws on failure. */
  deliver(msg: OutboxMessage): Promise<void>;
  /** The longest one delivery may take, when the channel bounds it: the dispatcher's lease must outlast it. */
  timeoutMs?: number;
}

/** Mainland mobile numbers (optionally +86 / 86 prefixed), masked as 138****5678. */
const MOBILE = /(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

export function maskPhones(text: string): string {
  return text.replace(MOBILE, (_, head: string, _mid: string, tail: string) => `${head}****${tail}`);
}

/** Writes one line per message (phones and tracking codes masked); for development and as the default. */
export function createLogChannel(log: (line: string) => void = (line) => process.stdout.write(line + '\n')): Channel {
  return {
    name: 'log',
    async deliver(msg) {
      const line =
        `[notify] #${msg.id} ${msg.key} -> ${msg.recipientKind}:${msg.recipientId} ` +
        `${msg.template}${msg.caseId ? ` case=${msg.caseId}` : ''}: ${msg.body.replace(/\s+/g, ' ')}`;
      log(maskPhones(maskTrackingCodes(line)));
    },
  };
}

export const logChannel: Channel = createLogChannel();

export interface WebhookOptions {
  url: string;
  /** When set, the body is signed: `X-Signature: sha256=<hex HMAC-SHA256(secret, body)>`. */
  secret?: string;
  timeoutMs: number;
  /** Channel name recorded on sent rows; defaults to 'webhook'. */
  name?: string;
}

export function signBody(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** POSTs each message as JSON; a non-2xx answer, a network error or a timeout is a failure. */
export function webhookChannel(opts: WebhookOptions): Channel {
  const { url, secret, timeoutMs } = opts;
  if (!url) throw new Error('webhookChannel: url is required');
  if (!(timeoutMs > 0)) throw new Error('webhookChannel: timeoutMs must be positive');
  return {
    name: opts.name ?? 'webhook',
    timeoutMs,
    async deliver(msg) {
      const body = JSON.stringify({
        id: msg.id,
        key: msg.key,
        recipientId: msg.recipientId,
        recipientKind: msg.recipientKind,
        template: msg.template,
        vars: msg.vars,
        body: msg.body,
        caseId: msg.caseId,
      });
      const headers: Record<string, string> = {
        'Content-Type': 'application/json; charset=utf-8',
        'Idempotency-Key': msg.key,
      };
      if (secret) headers['X-Signature'] = signBody(secret, body);
      let res: Response;
      try {
        // redirect: 'error': following a redirect would re-send the message somewhere else.
        res = await fetch(url, { method: 'POST', redirect: 'error', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const e = err as Error;
        if (e.name === 'TimeoutError' || e.name === 'AbortError') {
          throw new Error(`webhook timed out after ${timeoutMs} ms`);
        }
        const cause = (e as { cause?: { message?: string } }).cause?.message;
        throw new Error(`webhook request failed: ${e.message}${cause ? ` (${cause})` : ''}`);
      }
      // Read the answer either way so the connection is released.
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        throw new Error(`webhook answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
      }
    },
  };
}
