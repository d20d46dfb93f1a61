// The API's request log at the production level: one line per request, saying what an operator
// reads it for (method, path, route, status, duration, request id); fastify's "incoming request"
// line only at debug. Errors still get their own line.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { appOver, startHarness, type Harness } from './support/harness.js';
import { loggerOptions } from '../api/log.js';

let h: Harness;
const apps: FastifyInstance[] = [];

async function appLogging(level: string): Promise<{ app: FastifyInstance; lines: () => Record<string, unknown>[] }> {
  let logged = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logged += chunk.toString();
      cb();
    },
  });
  const app = await appOver(h, { logger: { ...loggerOptions(level), stream } });
  apps.push(app);
  return { app, lines: () => logged.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await h?.close();
});

describe('request log', () => {
  it('writes one line per request at info, with method, path, route, the caller\'s address, status, duration and request id', async () => {
    const { app, lines } = await appLogging('info');
    const inbox = await app.inject({ method: 'GET', url: '/v1/inbox?limit=5', headers: { authorization: `Bearer ${h.tokens['housing.fc1']}` } });
    expect(inbox.statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/v1/cases/NO-SUCH-CASE', headers: { authorization: `Bearer ${h.tokens['housing.fc1']}` } });
    expect(missing.statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'GET', url: '/v1/inbox' });
    expect(anonymous.statusCode).toBe(401);

    const logged = lines().filter((l) => l.reqId);
    expect(logged.map((l) => l.msg)).toEqual(['request completed', 'request completed', 'request completed']);
    expect(logged.map((l) => [l.method, l.url, l.route, l.statusCode])).toEqual([
      ['GET', '/v1/inbox?limit=5', '/v1/inbox', 200],
      ['GET', '/v1/cases/NO-SUCH-CASE', '/v1/cases/:id', 404],
      ['GET', '/v1/inbox', '/v1/inbox', 401],
    ]);
    for (const l of logged) expect(typeof l.responseTime).toBe('number');
    // The caller's address, by which abuse of the public forms is traced.
    for (const l of logged) expect(l.remoteAddress).toBe('127.0.0.1');
    expect(new Set(logged.map((l) => l.reqId)).size).toBe(3);
  });

  it('adds the incoming request line at debug, its URL without credentials', async () => {
    const { app, lines } = await appLogging('debug');
    await app.inject({ method: 'GET', url: '/v1/cases/NO-SUCH-CASE?trackingCode=SECRET123456' });
    const logged = lines().filter((l) => l.reqId);
    expect(logged.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(logged[0].req).toMatchObject({ method: 'GET', url: '/v1/cases/NO-SUCH-CASE?trackingCode=[redacted]' });
    expect(logged[1].url).toBe('/v1/cases/NO-SUCH-CASE?trackingCode=[redacted]');
    expect(JSON.stringify(logged)).not.toContain('SECRET123456');
  });
});
