// What the API's request log may hold: method, path, status and timing. Never a bearer token, a
// tracking code (it opens a case like a password) or a phone number, even when a later change logs
// more than fastify does by default.
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import pino from 'pino';
import { maskPhones } from '../notify/channels.js';

/** Query parameters that are credentials: their values are replaced in logged URLs. */
const SECRET_PARAMS = /([?&](?:trackingCode|tracking_code|token|access_token)=)[^&#]*/gi;

export function safeUrl(url: string): string {
  return maskPhones(url.replace(SECRET_PARAMS, '$1[redacted]'));
}

/**
 * Standard output, written asynchronously: a synchronous write per line blocked the API whenever the
 * reader of its output lagged. Lines are gathered up to 4 KiB, or for at most a second, before one
 * write: a system call per line was a tenth of the CPU of a decision. pino flushes what is buffered
 * when the process exits normally or on an uncaught exception; a SIGKILL or an out-of-memory kill
 * loses up to that second of lines.
 */
export function logDestination() {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });
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

/**
 * One line per request at info (method, path, route, status, duration; the request id is bound to
 * every line): fastify's own "incoming request" line moves to debug, since writing two lines per
 * request was a measurable share of the API's CPU. Errors are logged as before.
 */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    // The caller's address stays on the info line, as it was on fastify's own: abuse of the public forms is traced by it.
    const line = { method: request.method, url: safeUrl(request.url), route: request.routeOptions.url, remoteAddress: request.ip, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
