// One slice of the system: a fresh SQLite file with the demo directory, a worker on its own task queue
// against a running dev server, and the fastify app (exercised with app.inject). Used by the tests
// (tests/support/harness.ts) and by scripts that record histories, so it lives outside tests/.
import { Client, Connection } from '@temporalio/client';
import { boundMessages } from '../security/bound-messages.js';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from '../db/client.js';
import { pgStore } from '../db/store.js';
import { testDatabaseFor, testStoreIsPostgres } from './pg/test-store.js';
import { loadDemoDirectory } from '../db/demo.js';
import { parsePolicy, type Policy } from '../domain/policy.js';
import { buildApp } from '../api/server.js';
import { createCaseWorker } from '../worker.js';
import { startReconciliation } from '../reconcile/index.js';
import { webhookDispatcherFromEnv, type WebhookDispatcher, type WebhookDispatcherOptions } from '../webhooks/index.js';
import type { DataConverter } from '@temporalio/common';
import { dataConverterFor, type KeyRing } from '../security/payload-codec.js';
import { newKeyFile, parseKeyList } from '../security/keys.js';

export interface Harness {
  app: FastifyInstance;
  db: Db;
  client: Client;
  tokens: Record<string, string>;
  taskQueue: string;
  dataDir: string;
  /** What a process of this slice is started with to open its store: DATA_DIR, and STORE_URL under test:pg. */
  storeEnv: Record<string, string>;
  address: string;
  policy: Policy;
  /** The payload keys of this slice and the converter its client and worker seal payloads with. */
  keyRing: KeyRing;
  dataConverter: DataConverter | undefined;
  /** Headers for a principal of the demo directory. */
  as(principalId: string, extra?: Record<string, string>): Record<string, string>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** `keepData`: the store stays on disk for a slice that takes over (a restart, a restore). */
  close(o?: { keepData?: boolean }): Promise<void>;
}

/** Short windows so deadlines act within a test; override per file. */
export const FAST_POLICY = {
  tiers: { '1': { duration: '1h' }, '2': { duration: '1h' }, '3': { duration: '1h' }, '4': { duration: '1h' }, city: { duration: '1h' } },
  materials: { duration: '1h' },
  rating: { duration: '1h' },
  coordination: { duration: '1h' },
  complaintContact: { duration: '1h' },
  reminderAt: 0.75,
  // No aftercare: a rated case is archived at once (the tests of return visits and appeals set one).
  aftercare: { duration: '0s' },
};

export interface SliceOptions {
  address: string;
  uiPort: number;
  bundlePath: string;
  policy?: unknown;
  withWorker?: boolean;
  /** PAYLOAD_KEYS format; a fresh key when absent. */
  payloadKeys?: string;
  /** false: payloads travel plain (recording replay fixtures that anyone can read back). */
  sealed?: boolean;
  /** Between the store reconciliation's passes (reconcile/sweeper.ts); 2 s in a slice. */
  sweepIntervalMs?: number;
  /** The webhook dispatcher's timings (webhooks/dispatcher.ts); seconds in a slice. */
  webhooks?: Partial<WebhookDispatcherOptions>;
  /** How long the API waits for the engine's answer before a 503 (8 s in a slice). */
  updateWaitMs?: number;
  /** Take over another slice's store and task queue (a restart after its close with `keepData`). */
  dataDir?: string;
  taskQueue?: string;
}

/** The slice itself, usable outside vitest (e.g. by scripts that record histories). */
export async function startSlice(opts: SliceOptions): Promise<Harness> {
  const { address, bundlePath } = opts;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'escalate-case-'));
  const storeUrl = testStoreIsPostgres() ? await testDatabaseFor(join(dataDir, 'cases.sqlite')) : undefined;
  const db = storeUrl ? pgStore(storeUrl) : openDb(join(dataDir, 'cases.sqlite'));
  // An API on PostgreSQL takes its secrets from the environment (no shared folder): the slice's own.
  const storeEnv: Record<string, string> = storeUrl
    ? { DATA_DIR: dataDir, STORE_URL: storeUrl, TRACKING_SECRET: 'test-tracking-secret', CODEC_SESSION_KEY: 'test-codec-session-key' }
    : { DATA_DIR: dataDir };
  const tokens = (await loadDemoDirectory(db, { dataDir })) ?? (JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8')) as Record<string, string>);
  const policy = parsePolicy(opts.policy ?? FAST_POLICY);
  const taskQueue = opts.taskQueue ?? `test-${randomUUID()}`;
  const keyRing = parseKeyList(opts.payloadKeys ?? (() => {
    const k = newKeyFile('slice');
    return `slice:${k.keys.slice}`;
  })());
  const dataConverter = opts.sealed === false ? undefined : dataConverterFor(keyRing);
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, dataConverter , interceptors: boundMessages() });
  const app = await buildApp({
    db,
    client,
    keyRing,
    config: { taskQueue, temporalNamespace: 'default', temporalUiUrl: `http://localhost:${opts.uiPort}`, publicUrl: 'http://localhost:3000', production: false },
    trackingSecret: 'test-tracking-secret',
    // A missing worker still answers 503 within a test; a busy CI machine gets time to answer.
    updateWaitMs: opts.updateWaitMs ?? 8000,
  });
  let worker: Worker | null = null;
  let running: Promise<void> | null = null;
  let reconciliation: ReturnType<typeof startReconciliation> | null = null;
  let webhooks: WebhookDispatcher | null = null;
  let workerConnection: NativeConnection | null = null;

  const h: Harness = {
    app,
    db,
    client,
    tokens,
    taskQueue,
    dataDir,
    storeEnv,
    address,
    policy,
    keyRing,
    dataConverter,
    as(principalId, extra = {}) {
      const t = tokens[principalId];
      if (!t) throw new Error(`no demo token for ${principalId}`);
      return { authorization: `Bearer ${t}`, ...extra };
    },
    async startWorker() {
      workerConnection ??= await NativeConnection.connect({ address });
      worker = await createCaseWorker({ connection: workerConnection, namespace: 'default', taskQueue, db, policy, workflowBundle: { codePath: bundlePath }, dataConverter: dataConverter ?? {} });
      running = worker.run();
      // As the worker process runs it; a short pass interval so a test sees a reset within seconds.
      reconciliation = startReconciliation({ db, client, taskQueue, sweepIntervalMs: opts.sweepIntervalMs ?? 2_000, confirmPollMs: 100, abandonAfterMs: 15_000, log: () => {} });
      // Integrators' webhooks, as the worker process delivers them; retried within seconds in a slice.
      webhooks = webhookDispatcherFromEnv(db, false, process.env, { pollMs: 100, baseDelayMs: 200, maxDelayMs: 2_000, timeoutMs: 3_000, leaseMs: 10_000, log: () => {}, ...opts.webhooks });
      webhooks.start();
    },
    async stopWorker() {
      if (!worker) return;
      await reconciliation?.stop();
      reconciliation = null;
      await webhooks?.stop();
      webhooks = null;
      worker.shutdown();
      await running;
      worker = null;
    },
    async close(o = {}) {
      await h.stopWorker();
      await workerConnection?.close();
      await app.close();
      await clientConnection.close();
      await db.close();
      if (!o.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (opts.withWorker !== false) await h.startWorker();
  return h;
}
