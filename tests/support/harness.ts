// A test's own slice of the system (scripts/slice.ts), on the dev server and workflow bundle of the
// vitest global setup.
import { startSlice, type Harness, type SliceOptions } from '../../scripts/slice.js';
import { buildApp } from '../../api/server.js';

export { FAST_POLICY, startSlice, type Harness, type SliceOptions } from '../../scripts/slice.js';

/** For test files: the shared dev server and the workflow bundle come from the global setup. */
export async function startHarness(opts: { policy?: unknown; withWorker?: boolean; address?: string; uiPort?: number; dataDir?: string; taskQueue?: string; webhooks?: SliceOptions['webhooks']; updateWaitMs?: number } = {}): Promise<Harness> {
  const { inject } = await import('vitest'); // loaded here so scripts can use startSlice without vitest
  return startSlice({
    address: opts.address ?? inject('temporalAddress'),
    uiPort: opts.uiPort ?? inject('temporalUiPort'),
    bundlePath: inject('workflowBundlePath'),
    policy: opts.policy,
    withWorker: opts.withWorker,
    payloadKeys: inject('payloadKeys'),
    webhooks: opts.webhooks,
    dataDir: opts.dataDir,
    taskQueue: opts.taskQueue,
    updateWaitMs: opts.updateWaitMs,
  });
}

/** A second API over a harness's database and Temporal, for a test that needs options of its own (a logger, limits read when the app is built). */
export function appOver(h: Harness, extra: Partial<Parameters<typeof buildApp>[0]> = {}) {
  return buildApp({
    db: h.db,
    client: h.client,
    config: { taskQueue: h.taskQueue, temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
    trackingSecret: 'test-tracking-secret',
    keyRing: h.keyRing,
    ...extra,
  });
}
