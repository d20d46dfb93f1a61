// The yardsticks' worker, a process of its own like the case worker, so they are measured alike: the
// floor (bare workflows, no codec) and, with PAYLOAD_KEYS, the "bare + edge" workflow behind the same
// payload codec as ours.
// Env: TEMPORAL_ADDRESS, TASK_QUEUE, WORKFLOW_BUNDLE (built from bench/workflows/index.ts); optional
// PAYLOAD_KEYS (seal payloads), METRICS_PORT (Core's Prometheus metrics, as worker.ts), MAX_CACHED_WORKFLOWS.
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { temporalTls } from '../security/temporal-tls.js';
import { AesGcmCodec, parseKeyList } from '../security/index.js';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.TASK_QUEUE ?? 'bench-baseline';
const bundle = process.env.WORKFLOW_BUNDLE;
if (!bundle) throw new Error('WORKFLOW_BUNDLE is required');
const config = loadConfig();
if (config.metrics) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: `${config.metrics.host}:${config.metrics.port}` } } } });

// Mutual TLS when TEMPORAL_TLS_* are set (the PostgreSQL-backed production server).
const connection = await NativeConnection.connect({ address, tls: temporalTls(config) });
const worker = await Worker.create({
  connection,
  namespace: 'default',
  taskQueue,
  workflowBundle: { codePath: resolve(bundle) },
  ...(process.env.PAYLOAD_KEYS ? { dataConverter: { payloadCodecs: [new AesGcmCodec(parseKeyList(process.env.PAYLOAD_KEYS))] } } : {}),
  ...(process.env.MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(process.env.MAX_CACHED_WORKFLOWS) } : {}),
  // As the case worker (worker.ts), so the yardsticks route work the same way.
  stickyQueueScheduleToStartTimeout: process.env.STICKY_TIMEOUT ?? '3s',
});
const stop = () => worker.shutdown();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.log(`baseline worker: task queue "${taskQueue}" on ${address}`);
await worker.run();
await connection.close();
