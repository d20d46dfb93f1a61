// The API process: opens the store, connects to Temporal and serves the REST API.
import { Client, Connection } from '@temporalio/client';
import { boundMessages } from '../security/bound-messages.js';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { openStore } from '../db/client.js';
import { loadDemoDirectory } from '../db/demo.js';
import { buildApp } from './server.js';
import { sweepUnstarted } from '../services/intake.js';
import { callWorkflow } from './temporal.js';
import { trackingCodeFor } from './case-view.js';
import { logDestination, loggerOptions } from './log.js';
import { broadcastCalendarChanges } from './calendar-retiming.js';
import { temporalAccess } from '../security/index.js';
import { serveMetrics } from './metrics.js';
import { closeGracefully } from './shutdown.js';

/** The secret behind tracking codes: TRACKING_SECRET, else a file made once in the data folder. */
export function loadTrackingSecret(dataDir: string, env = process.env): string {
  return loadSecret(dataDir, 'tracking-secret', env.TRACKING_SECRET);
}

/** The key of codec sessions (services/codec.ts), a key of its own: CODEC_SESSION_KEY, else a file made once. */
export function loadCodecSessionKey(dataDir: string, env = process.env): string {
  return loadSecret(dataDir, 'codec-session-key', env.CODEC_SESSION_KEY);
}

/** A secret from the environment, else from a file of the data folder made once (shared by every API process). */
function loadSecret(dataDir: string, name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch {
      // another process made it first
    }
  }
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  const config = loadConfig();
  if (config.storeUrl) {
    // APIs on several hosts share no data folder: each must be given the same secrets.
    for (const name of ['TRACKING_SECRET', 'CODEC_SESSION_KEY']) {
      if (!process.env[name]) throw new Error(`${name} must be set when the store is on PostgreSQL (STORE_URL): every API process needs the same one, and there is no shared data folder to keep it in`);
    }
  }
  const db = await openStore({ dataDir: config.dataDir, storeUrl: config.storeUrl });
  await loadDemoDirectory(db, { dataDir: config.dataDir, production: config.production });
  // Lazy: the API starts (and serves reads) even while Temporal is still coming up.
  const access = temporalAccess(config);
  const connection = Connection.lazy({ address: access.address, tls: access.tls });
  const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: access.dataConverter , interceptors: boundMessages() });
  const app = await buildApp({
    db,
    client,
    config,
    keyRing: access.keyRing,
    trackingSecret: loadTrackingSecret(config.dataDir),
    codecSessionKey: loadCodecSessionKey(config.dataDir),
    logger: { ...loggerOptions(), stream: logDestination() }, // no tokens, tracking codes or phone numbers in the log
  });
  await app.listen({ port: config.apiPort, host: config.apiHost });
  // Metrics for operators on a port of their own, never the public one.
  const metricsServer = config.metrics ? await serveMetrics(app, config.metrics.port, config.metrics.host) : null;
  // A case or complaint whose row was written but whose workflow never started (a crash between the
  // two) is started now and then every minute: nothing taken in is lost.
  const intakeDeps = {
    db,
    client,
    taskQueue: config.taskQueue,
    publicUrl: config.publicUrl,
    trackingCodeFor: (id: string) => trackingCodeFor(app.deps.trackingSecret, id),
    // Bounded, and its errors in the contract's codes (what GET /v1/intake/failed shows supervisors).
    call: <T>(fn: () => Promise<T>, workflowId?: string) => callWorkflow(client, fn, undefined, workflowId),
  };
  let sweeping = false;
  const sweep = () => {
    if (sweeping) return; // a slow sweep (no worker answering) must not overlap the next
    sweeping = true;
    return sweepUnstarted(intakeDeps)
      .then((r) => {
        if (r.resumed.length) app.log.warn({ count: r.resumed.length, ids: r.resumed.slice(0, 20) }, 'started the workflows of rows left unstarted');
        for (const f of r.failed) app.log.error({ kind: f.kind, id: f.id, code: f.code, attempts: f.attempts, gaveUp: f.gaveUp }, f.gaveUp ? `gave up starting a ${f.kind}${f.kind === 'case' ? ': see GET /v1/intake/failed' : ''}` : `could not start a ${f.kind} yet`);
        if (r.deferred) app.log.warn('the engine is unreachable: unstarted rows wait for the next sweep');
      })
      .catch((err) => app.log.warn({ err: (err as Error).message }, 'could not resume unstarted cases yet'))
      .finally(() => {
        sweeping = false;
      });
  };
  // A calendar load whose running workflows were not all told (the API stopped mid-way) is finished
  // now and then every minute.
  const retime = () => broadcastCalendarChanges({ db, client, taskQueue: config.taskQueue, log: app.log }).catch(() => 0);
  void sweep();
  void retime();
  const sweeper = setInterval(() => {
    void sweep();
    void retime();
  }, 60_000);
  sweeper.unref();
  console.log(`api: http://localhost:${config.apiPort} (docs at /docs, OpenAPI at /openapi.json)${config.metrics ? `; metrics at http://${config.metrics.host}:${config.metrics.port}/metrics` : ''}`);
  const stop = async () => {
    metricsServer?.close();
    const { cutOff } = await closeGracefully(app);
    if (cutOff) app.log.warn('stopped with requests still running: their connections were closed unanswered');
    await connection.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error('api failed:', err);
  process.exit(1);
});
