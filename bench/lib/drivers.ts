// What the benchmark does to the system: whole case lifecycles through the REST API, the same
// sequence of Updates on the baseline workflow, and closed-loop load at a given concurrency.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { baselineOpenedUpdate, baselineStepUpdate, baselineWorkflow } from '../workflows/baseline.js';
import type { Api, HttpAnswer } from './http.js';

// No mobile phone on file: the rating and the withdrawal take the tracking code alone, so a lifecycle
// stays the six Updates the baseline makes (with a phone, each would first ask for an SMS code).
export const intakeBody = (n: number) => ({
  requester: { kind: 'enterprise', name: '铜陵某新材料有限公司' },
  channel: 'window',
  title: `基准测试 bench case ${n}: 新厂投产前接通燃气管道`,
  description: '工厂即将投产，需要在20天内完成燃气管道接入。',
  category: 'utilities',
});

/** Units with a first-contact officer, so a lifecycle can start at fc1 and climb to the head. */
export function unitsOf(tokens: Record<string, string>): string[] {
  return Object.keys(tokens)
    .filter((k) => k.endsWith('.fc1'))
    .map((k) => k.slice(0, -4))
    .filter((u) => tokens[`${u}.chief1`] && tokens[`${u}.deputy`] && tokens[`${u}.head`])
    .sort();
}

export class BenchError extends Error {}

function expectOk(r: HttpAnswer, what: string): HttpAnswer {
  if (r.status < 200 || r.status >= 300) throw new BenchError(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r;
}

export interface Timings {
  intake: number[];
  decision: number[];
  rating: number[];
}
export const newTimings = (): Timings => ({ intake: [], decision: [], rating: [] });

export interface OpenCase {
  id: string;
  trackingCode: string;
  /** Empty while a case taken in with 202 waits for its first assignee. */
  assignee: string;
  openedBy: string;
  /** Taken in with 202: its first assignee (and deadline) come later, from its workflow. */
  pending: boolean;
}

/**
 * Intakes answered 202 in this process: taken in, their first assignee set later by the engine. Not
 * failures (the case exists and moves by itself), but the stages report them beside the failures.
 */
export const intakeCounts = { pending: 0 };

let serial = 0;
export async function intake(api: Api, unit: string, t?: Timings): Promise<OpenCase> {
  const openedBy = `${unit}.fc1`;
  const r = expectOk(await api.request('POST', '/v1/cases', { as: openedBy, body: intakeBody(++serial) }), 'intake');
  t?.intake.push(r.ms);
  if (r.status === 202) intakeCounts.pending++;
  return { id: r.body.id, trackingCode: r.body.trackingCode, assignee: r.body.assignee?.principalId ?? '', openedBy, pending: r.status === 202 };
}

/**
 * A case taken in with 202, once its workflow has set the first assignee and deadline (the stages
 * that read deadlines wait for this first). Any other case at once.
 */
export async function untilAssigned(api: Api, c: OpenCase): Promise<void> {
  if (!c.pending) return;
  for (const until = performance.now() + 120_000; performance.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    const r = await api.request('GET', `/v1/cases/${c.id}`, { as: c.openedBy });
    if (r.status === 200 && r.body.assignee?.principalId) {
      c.assignee = r.body.assignee.principalId;
      c.pending = false;
      return;
    }
  }
  throw new BenchError(`case ${c.id}, taken in with 202, had no assignee after 120 s`);
}

export async function decide(api: Api, c: OpenCase, body: Record<string, unknown>, t?: Timings): Promise<void> {
  await untilAssigned(api, c);
  const r = expectOk(await api.request('POST', `/v1/cases/${c.id}/decisions`, { as: c.assignee, body }), `decision ${body.action}`);
  t?.decision.push(r.ms);
  c.assignee = r.body.assignee?.principalId ?? '';
}

export const ESCALATE = { action: 'escalate', reason: 'beyond_remit', note: '超出本级权限，提级研判' };
export const RESOLVE = { action: 'resolve', result: '已协调燃气公司开通绿色通道，按期接气' };

export async function rate(api: Api, c: OpenCase, t?: Timings): Promise<void> {
  const r = expectOk(await api.request('POST', `/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, { body: { rating: 'satisfied' } }), 'rating');
  t?.rating.push(r.ms);
}

/** Intake, three escalations (fc1 → chief → deputy → head), a resolve by the head, a satisfied rating. */
export async function caseLifecycle(api: Api, unit: string, t?: Timings): Promise<void> {
  const c = await intake(api, unit, t);
  for (let i = 0; i < 3; i++) await decide(api, c, ESCALATE, t);
  await decide(api, c, RESOLVE, t);
  await rate(api, c, t);
}

/** The same six Updates on the baseline workflow, straight through the Temporal client. */
export async function baselineLifecycle(client: Client, taskQueue: string, t?: Timings): Promise<void> {
  const workflowId = `baseline-${randomUUID()}`;
  const op = new WithStartWorkflowOperation(baselineWorkflow, { workflowId, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' });
  let t0 = performance.now();
  await client.workflow.executeUpdateWithStart(baselineOpenedUpdate, { startWorkflowOperation: op, updateId: `opened-${workflowId}` });
  t?.intake.push(performance.now() - t0);
  const handle = client.workflow.getHandle(workflowId);
  for (const action of ['escalate', 'escalate', 'escalate', 'resolve', 'rate']) {
    t0 = performance.now();
    await handle.executeUpdate(baselineStepUpdate, { args: [{ action }] });
    (action === 'rate' ? t?.rating : t?.decision)?.push(performance.now() - t0);
  }
}

export interface LoopResult {
  done: number;
  failed: number;
  elapsedMs: number;
  errors: string[];
}

/**
 * Closed loop: `concurrency` callers, each starting its next job as soon as the last one answers,
 * until `stopAfterMs` has passed (jobs in flight then finish and count) or `count` jobs were started.
 */
export async function closedLoop(concurrency: number, limit: { stopAfterMs?: number; count?: number; abort?: () => boolean }, job: (i: number) => Promise<void>): Promise<LoopResult> {
  const t0 = performance.now();
  let started = 0;
  let done = 0;
  let failed = 0;
  const errors: string[] = [];
  const more = () =>
    (limit.count === undefined || started < limit.count) && (limit.stopAfterMs === undefined || performance.now() - t0 < limit.stopAfterMs) && !limit.abort?.();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (more()) {
        const i = started++;
        try {
          await job(i);
          done++;
        } catch (err) {
          failed++;
          if (errors.length < 10) errors.push((err as Error).message);
        }
      }
    }),
  );
  return { done, failed, elapsedMs: performance.now() - t0, errors };
}

/**
 * One system under test, seen the same way by every stage: the baseline (bare Temporal), the case
 * system as it is, or the case system with a proposed change.
 */
export type VariantName = 'baseline' | 'edge' | 'current' | 'proposed';

export interface Variant {
  /** baseline: the floor (bare Temporal); edge: bare + a minimal HTTP edge; current; proposed. */
  name: VariantName;
  /** Processes whose CPU this variant spends (besides the shared server and the bench itself). */
  pids: Record<string, number>;
  /** Its worker's Prometheus metrics (Temporal Core), when it serves them. */
  workerMetrics?: string;
  /** One decision: an escalation or the resolve. */
  decideOne(h: Handle, action: 'escalate' | 'resolve', t?: Timings): Promise<void>;
  lifecycle(i: number, t?: Timings): Promise<void>;
  /** Opens a case (or baseline workflow) and returns what the next calls need. */
  open(i: number, t?: Timings): Promise<Handle>;
  /** The four decisions: three escalations and a resolve. */
  decide(h: Handle, t?: Timings): Promise<void>;
  /** The rating that ends it. */
  close(h: Handle, t?: Timings): Promise<void>;
  /** Ends a case that was only opened (the requester withdraws; the baseline takes its last Update). */
  discard(h: Handle): Promise<void>;
  /** The Temporal workflow id behind a handle (for its history). */
  workflowId(h: Handle): string;
}
export type Handle = OpenCase | { workflowId: string };

export function caseVariant(name: 'current' | 'proposed' | 'edge', api: Api, units: string[], pids: Record<string, number>, workerMetrics?: string): Variant {
  return {
    name,
    pids,
    workerMetrics,
    decideOne: (h, action, t) => decide(api, h as OpenCase, action === 'escalate' ? ESCALATE : RESOLVE, t),
    lifecycle: (i, t) => caseLifecycle(api, units[i % units.length], t),
    open: (i, t) => intake(api, units[i % units.length], t),
    async decide(h, t) {
      const c = h as OpenCase;
      for (let k = 0; k < 3; k++) await decide(api, c, ESCALATE, t);
      await decide(api, c, RESOLVE, t);
    },
    close: (h, t) => rate(api, h as OpenCase, t),
    async discard(h) {
      const c = h as OpenCase;
      expectOk(await api.request('POST', `/v1/cases/${c.id}/withdraw?trackingCode=${c.trackingCode}`, { body: { reason: 'bench' } }), 'withdraw');
    },
    workflowId: (h) => `case-${(h as OpenCase).id}`,
  };
}

export function baselineVariant(client: Client, taskQueue: string, pids: Record<string, number>, workerMetrics?: string): Variant {
  return {
    name: 'baseline',
    pids,
    workerMetrics,
    async decideOne(h, action, t) {
      const t0 = performance.now();
      await client.workflow.getHandle((h as { workflowId: string }).workflowId).executeUpdate(baselineStepUpdate, { args: [{ action }] });
      t?.decision.push(performance.now() - t0);
    },
    lifecycle: (_i, t) => baselineLifecycle(client, taskQueue, t),
    async open(_i, t) {
      const workflowId = `baseline-${randomUUID()}`;
      const op = new WithStartWorkflowOperation(baselineWorkflow, { workflowId, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' });
      const t0 = performance.now();
      await client.workflow.executeUpdateWithStart(baselineOpenedUpdate, { startWorkflowOperation: op, updateId: `opened-${workflowId}` });
      t?.intake.push(performance.now() - t0);
      return { workflowId };
    },
    async decide(h, t) {
      const handle = client.workflow.getHandle((h as { workflowId: string }).workflowId);
      for (const action of ['escalate', 'escalate', 'escalate', 'resolve']) {
        const t0 = performance.now();
        await handle.executeUpdate(baselineStepUpdate, { args: [{ action }] });
        t?.decision.push(performance.now() - t0);
      }
    },
    async close(h, t) {
      const t0 = performance.now();
      await client.workflow.getHandle((h as { workflowId: string }).workflowId).executeUpdate(baselineStepUpdate, { args: [{ action: 'rate' }] });
      t?.rating.push(performance.now() - t0);
    },
    async discard(h) {
      await client.workflow.getHandle((h as { workflowId: string }).workflowId).executeUpdate(baselineStepUpdate, { args: [{ action: 'rate' }] });
    },
    workflowId: (h) => (h as { workflowId: string }).workflowId,
  };
}
