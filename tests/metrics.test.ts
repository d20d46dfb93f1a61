// Metrics for operators: the API and the worker each serve Prometheus' text on a port of their own
// (METRICS_PORT), never on the public one. The API counts what it answered, by route and status, and
// officers' decisions by action; the worker's are Temporal Core's own (tasks run, the sticky cache).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { startHarness, type Harness } from './support/harness.js';
import { spawnWorkerProcess, untilPolling } from './support/worker-process.js';
import { decide, eventually, openCase } from './support/cases.js';
import { serveMetrics } from '../api/metrics.js';
import { freePort } from '../scripts/dev-server.js';
import { parse, sum } from '../bench/lib/prom.js';
import { loadConfig } from '../config.js';

let h: Harness;
let worker: ChildProcess | null = null;
let apiMetrics: Server | null = null;
let workerPort = 0;

const scrape = async (url: string) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parse(await res.text());
};

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  workerPort = await freePort();
  // The worker as production runs it, with its metrics on a port of its own.
  worker = spawnWorkerProcess(h, { METRICS_PORT: String(workerPort) });
  await untilPolling(h, worker);
  apiMetrics = await serveMetrics(h.app, 0);
}, 90_000);

afterAll(async () => {
  worker?.kill('SIGTERM');
  apiMetrics?.close();
  await h?.close();
});

describe('/metrics', () => {
  it('the API counts requests by route and status and decisions by action, on its own port only', async () => {
    const c = await openCase(h, 'yian.fc1');
    const ok = await decide(h, c.id, 'yian.fc1', { action: 'escalate', reason: 'legacy', note: '历史遗留问题' });
    expect(ok.statusCode).toBe(200);
    const refused = await decide(h, c.id, 'yian.fc1', { action: 'escalate', reason: 'legacy', note: '又一次' }); // no longer the holder
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);

    const port = (apiMetrics!.address() as { port: number }).port;
    const m = await scrape(`http://127.0.0.1:${port}/metrics`);
    const route = '/v1/cases/:id/decisions';
    expect(sum(m, 'http_request_duration_seconds_count', { route, method: 'POST', status: '200' })).toBe(1);
    expect(sum(m, 'http_request_duration_seconds_count', { route, method: 'POST', status: String(refused.statusCode) })).toBe(1);
    expect(sum(m, 'http_request_duration_seconds_count', { route: '/v1/cases', method: 'POST', status: '201' })).toBe(1);
    // The case's id is not a label: one series per declared route.
    expect([...(m.get('http_request_duration_seconds_count') ?? [])].some((x) => x.labels.route.includes(c.id))).toBe(false);
    expect(sum(m, 'case_decisions_total', { action: 'escalate', status: '200' })).toBe(1);
    expect(sum(m, 'case_decisions_total', { action: 'escalate', status: String(refused.statusCode) })).toBe(1);
    // The outbox by status: the intake's and the escalation's notices are in it.
    expect(sum(m, 'outbox_messages')).toBeGreaterThan(0);
    expect(m.has('outbox_oldest_waiting_seconds')).toBe(true);
    expect(m.has('process_cpu_seconds_total')).toBe(true);

    // Not on the public app.
    const pub = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(pub.statusCode).toBe(404);
  });

  it('the worker serves Temporal Core\'s metrics: workflow tasks run and its sticky cache', async () => {
    const c = await openCase(h, 'yian.fc2');
    expect((await decide(h, c.id, 'yian.fc2', { action: 'escalate', reason: 'legacy', note: '历史遗留问题' })).statusCode).toBe(200);
    const url = `http://127.0.0.1:${workerPort}/metrics`;
    // Core exports on its own schedule: wait for the tasks of the case to show.
    const m = await eventually(
      () => scrape(url),
      (s) => sum(s, 'temporal_workflow_task_execution_latency_count', { task_queue: h.taskQueue }) >= 2,
      30_000,
    );
    expect(sum(m, 'temporal_workflow_task_execution_latency_count', { task_queue: h.taskQueue })).toBeGreaterThanOrEqual(2);
    // The store call runs as a local activity: Core times it.
    expect(sum(m, 'temporal_local_activity_execution_latency_count', { task_queue: h.taskQueue })).toBeGreaterThanOrEqual(1);
    expect(m.has('temporal_sticky_cache_size')).toBe(true);
  });

  it('are served only where METRICS_PORT says, never on the API\'s port', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(() => loadConfig({ METRICS_PORT: '3000', API_PORT: '3000' })).toThrow(/METRICS_PORT \(3000\) must not be API_PORT/);
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT must be a port number/);
  });
});
