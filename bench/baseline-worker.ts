// The baseline's worker, a process of its own like the case worker, so the two are measured alike.
// Env: TEMPORAL_ADDRESS, TASK_QUEUE, WORKFLOW_BUNDLE (built from bench/workflows/index.ts).
import { NativeConnection, Worker } from '@temporalio/worker';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { temporalTls } from '../security/temporal-tls.js';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.TASK_QUEUE ?? 'bench-baseline';
const bundle = process.env.WORKFLOW_BUNDLE;
if (!bundle) throw new Error('WORKFLOW_BUNDLE is required');

// Mutual TLS when TEMPORAL_TLS_* are set (the PostgreSQL-backed production server).
const connection = await NativeConnection.connect({ address, tls: temporalTls(loadConfig()) });
const worker = await Worker.create({ connection, namespace: 'default', taskQueue, workflowBundle: { codePath: resolve(bundle) } });
const stop = () => worker.shutdown();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.log(`baseline worker: task queue "${taskQueue}" on ${address}`);
await worker.run();
await connection.close();
