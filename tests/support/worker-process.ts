// The worker as production runs it (worker.ts in a process of its own) on a test's slice: its task
// queue, store, dev server and payload keys, with more environment from the test.
import { inject } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Harness } from './harness.js';
import { eventually } from './cases.js';

export function spawnWorkerProcess(h: Harness, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'worker.ts'], {
    env: {
      ...process.env,
      ...h.storeEnv,
      TASK_QUEUE: h.taskQueue,
      TEMPORAL_ADDRESS: h.address,
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      PAYLOAD_KEYS: inject('payloadKeys'), // the harness's client seals with these
      ...env,
    },
    stdio: 'ignore',
  });
}

/** Until this process polls the slice's task queue (its start takes a few seconds under load). */
export async function untilPolling(h: Harness, p: ChildProcess): Promise<void> {
  await eventually(
    async () => (await h.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: h.taskQueue }, taskQueueType: 1 /* WORKFLOW */ })).pollers ?? [],
    (pollers) => pollers.some((x) => x.identity?.startsWith(`${p.pid}@`)),
    60_000,
  );
}
