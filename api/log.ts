// What the API's request log may hold: method, path, status and timing. Never a bearer token, a
// tracking code (it opens a case like a password) or a phone number, even when a later change logs
// more than fastify does by default.
import type { FastifyServerOptions } from 'fastify';
import { maskPhones } from '../notify/channels.js';

/** Query parameters that are credentials: their values are replaced in logged URLs. */
const SECRET_PARAMS = /([?&](?:trackingCode|tracking_code|token|access_token)=)[^&#]*/gi;

export function safeUrl(url: string): string {
  return maskPhones(url.replace(SECRET_PARAMS, '$1[redacted]'));
}

export function loggerOptions(level = process.env.LOG_LEVEL ?? 'info'): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'body.requester.phone', 'body.contact.phone', '*.phone'],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; socket?: { remoteAddress?: string } }) {
        return { method: req.method, url: safeUrl(req.url), remoteAddress: req.ip ?? req.socket?.remoteAddress };
      },
    },
  };
}
