// One real Temporal dev server for the whole test run (from the project's own CLI install, on free
// ports, in memory), and the workflow code bundled once. Test files each use their own task queue.
// Files that test a workflow's own timers start their own time-skipping test server
// (tests/support/time-skipping.ts) from the path given here.
import type { TestProject } from 'vitest/node';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lowFreePort, startDevServer } from '../scripts/dev-server.js';
import { bundleCaseWorkflows } from '../worker.js';
import { newKeyFile } from '../security/keys.js';
import { startCluster } from '../scripts/pg/cluster.js';
import { migratePostgres } from '../db/pg/migrate.js';
import { TEST_PG_ADMIN_URL, TEST_PG_TEMPLATE } from '../scripts/pg/test-store.js';
// @ts-expect-error plain ESM script without types
import { ensureTemporalTestServer } from '../scripts/temporal-cli.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalUiPort: number;
    /** The port the dev server's Temporal UI expects our codec server on (tests/codec-ui.test.ts listens there). */
    codecApiPort: number;
    workflowBundlePath: string;
    payloadKeys: string;
    /** The Java time-skipping test server binary (installed by scripts/setup.mjs --test). */
    testServerPath: string;
  }
}

/**
 * Under `npm run test:pg` (TEST_STORE=postgres): a PostgreSQL 15 cluster of the run's own, and one
 * migrated template database that each store of the run is copied from (scripts/pg/test-store.ts).
 */
async function startTestPostgres(): Promise<() => Promise<void>> {
  if (process.env.TEST_STORE !== 'postgres') return async () => {};
  const cluster = await startCluster({ unsafeFast: true, maxConnections: 400 });
  const template = 'escalate_template';
  const url = await cluster.createDatabase(template);
  await migratePostgres(url);
  process.env[TEST_PG_ADMIN_URL] = cluster.url('postgres');
  process.env[TEST_PG_TEMPLATE] = template;
  return async () => cluster.stop();
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'escalate-tests-'));
  const stopPostgres = await startTestPostgres();
  // Temporal UI shows sealed payloads through our API's /codec, as `npm start` wires it; the one test
  // file that reads cases in the UI serves its API on this port.
  const codecApiPort = await lowFreePort();
  const [server, bundle] = await Promise.all([
    startDevServer({ logLevel: 'error', codecEndpoint: `http://127.0.0.1:${codecApiPort}/codec` }),
    bundleCaseWorkflows({ info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never),
  ]);
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle);
  // One throw-away payload key for the run (PAYLOAD_KEYS format), made here and never written down.
  const key = newKeyFile('test');
  project.provide('payloadKeys', `test:${key.keys.test}`);
  project.provide('temporalAddress', server.address);
  project.provide('temporalUiPort', server.uiPort!);
  project.provide('codecApiPort', codecApiPort);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('testServerPath', ensureTemporalTestServer({ log() {} }) as string);
  return async () => {
    await server.stop();
    await stopPostgres();
    rmSync(dir, { recursive: true, force: true });
  };
}
