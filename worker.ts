// The worker process: runs the workflows and activities on the task queue, and the notification
// dispatcher beside them. `createCaseWorker` is also what the tests use, with their own task queue.
import { NativeConnection, Runtime, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { ensureSchedules } from './schedules/index.js';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { faultHooks, loadConfig, loadPolicy, type FaultHooks } from './config.js';
import { openStore, type Db } from './db/client.js';
import { loadDemoDirectory } from './db/demo.js';
import { createActivities } from './activities/index.js';
import { startReconciliation } from './reconcile/index.js';
import type { Policy } from './domain/policy.js';
import { channelFromEnv, createDispatcher } from './notify/index.js';
import { webhookDispatcherFromEnv } from './webhooks/index.js';
import { temporalAccess } from './security/index.js';
import { FAILURE_CONVERTER_PATH } from './security/payload-codec.js';
import { boundMessages } from './security/bound-messages.js';
import type { DataConverter } from '@temporalio/common';

const here = dirname(fileURLToPath(import.meta.url));
export const workflowsPath = join(here, 'workflows', 'index.ts');
/** zod and the domain modules, evaluated once per worker thread instead of once per cached workflow. */
export const preloadPath = join(here, 'workflows', 'preload.ts');
/** Checks every message's binding before a handler sees it (workflows/interceptors.ts). */
export const interceptorsPath = join(here, 'workflows', 'interceptors.ts');

/**
 * The workflow bundle, with the failure converter that moves failure messages into sealed payloads,
 * and the shared modules preloaded.
 */
export async function bundleCaseWorkflows(logger?: Parameters<typeof bundleWorkflowCode>[0]['logger']): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: [interceptorsPath], failureConverterPath: FAILURE_CONVERTER_PATH, preloadModules: [preloadPath], logger });
  return code;
}

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  policy: Policy;
  /** A prebuilt bundle (production, tests); otherwise the worker bundles `workflows/` itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  maxCachedWorkflows?: number;
  /** Seals payloads (security/): every worker of ours has one; a prebuilt bundle must carry its failure converter. */
  dataConverter: DataConverter;
  /** Test faults (config.ts); refused in production. */
  faults?: FaultHooks;
}

export async function createCaseWorker(o: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules: [preloadPath] } }),
    // The activities' client binds the messages it sends; a bundle carries the workflows' interceptors itself.
    interceptors: { client: boundMessages(), ...(o.workflowBundle ? {} : { workflowModules: [interceptorsPath] }) },
    activities: createActivities({ db: o.db, policy: o.policy, faults: o.faults }),
    maxCachedWorkflows: o.maxCachedWorkflows,
    dataConverter: o.dataConverter,
    // After a worker dies, its cached cases move to another worker after 3 s instead of the default 10 s.
    stickyQueueScheduleToStartTimeout: '3s',
  });
}

/**
 * Temporal Core's own metrics (workflow and activity task latencies, the sticky cache's hits, misses
 * and evictions, slots, polls, the store call as a local activity) in Prometheus' format on
 * METRICS_HOST:METRICS_PORT/metrics, served by Core itself. Must run before any connection is made.
 */
export function installWorkerMetrics(metrics: { port: number; host: string }): void {
  Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: `${metrics.host}:${metrics.port}` } } } });
}

async function main() {
  const config = loadConfig();
  if (config.metrics) installWorkerMetrics(config.metrics);
  // Before anything starts: production delivers notifications, or it does not run.
  const channel = channelFromEnv(process.env, undefined, { production: config.production });
  const db = await openStore({ dataDir: config.dataDir, storeUrl: config.storeUrl });
  await loadDemoDirectory(db, { dataDir: config.dataDir, production: config.production });
  const policy = loadPolicy(config.policyFile);
  const access = temporalAccess(config);
  const connection = await NativeConnection.connect({ address: access.address, tls: access.tls });
  const bundlePath = process.env.WORKFLOW_BUNDLE;
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    db,
    policy,
    workflowBundle: bundlePath ? { codePath: resolve(bundlePath) } : undefined,
    dataConverter: access.dataConverter,
    faults: faultHooks(config),
    // How many cases stay in memory between their decisions (SDK default: from the heap size).
    maxCachedWorkflows: process.env.MAX_CACHED_WORKFLOWS ? Number(process.env.MAX_CACHED_WORKFLOWS) : undefined,
  });
  // Schedules (weekly consultations, monthly receptions) are created idempotently at every start.
  const clientConnection = await Connection.connect({ address: access.address, tls: access.tls });
  const client = new Client({ connection: clientConnection, namespace: config.temporalNamespace, dataConverter: access.dataConverter, interceptors: boundMessages() });
  await ensureSchedules({ client, taskQueue: config.taskQueue });
  // The store follows the workflows: notices wait for their job's confirmation, resets and
  // terminations reach the read model by themselves (reconcile/).
  const reconciliation = startReconciliation({ db, client, taskQueue: config.taskQueue, sweepIntervalMs: process.env.RECONCILE_INTERVAL_MS ? Number(process.env.RECONCILE_INTERVAL_MS) : undefined });
  // NOTIFY_LEASE_MS: how long a dead worker's claimed notifications wait before another worker sends them.
  const leaseMs = process.env.NOTIFY_LEASE_MS ? Number(process.env.NOTIFY_LEASE_MS) : undefined;
  const dispatcher = createDispatcher({ db, channel, leaseMs });
  dispatcher.start();
  // Integrators' events to their subscriptions: a lane per subscription, nothing in a case's way.
  const webhooks = webhookDispatcherFromEnv(db, config.production);
  webhooks.start();
  console.log(`worker: task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace})${config.metrics ? `; metrics at http://${config.metrics.host}:${config.metrics.port}/metrics` : ''}`);
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.run();
  await reconciliation.stop();
  await clientConnection.close();
  await dispatcher.stop();
  await webhooks.stop();
  await connection.close();
  await db.close();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error('worker failed:', err);
    process.exit(1);
  });
}
