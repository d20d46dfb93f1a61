// The workflow bundle preloads zod and the domain modules (workflows/preload.ts); the SDK deep-freezes
// them once per worker thread. Inside that sandbox the case workflow's validators must still parse
// and reject with the frozen schemas, case after case.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { startHarness, type Harness } from './support/harness.js';
import { openCase } from './support/cases.js';
import { decideUpdate, supplyMaterialsUpdate } from '../workflows/definitions.js';

describe('preloaded schemas inside the workflow sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the bundle the workers run preloads the shared modules', () => {
    const code = readFileSync(inject('workflowBundlePath'), 'utf8');
    const preloads = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    expect(preloads).toMatch(/workflows\/preload\.ts/);
  });

  it('a case workflow validates with them: rejects a malformed decision and materials, accepts a valid decision', async () => {
    const c = await openCase(h, 'housing.fc1');
    const handle = h.client.workflow.getHandle(c.workflowId);
    const code = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return ((err as WorkflowUpdateFailedError).cause as { type?: string }).type;
    };
    expect(await code(handle.executeUpdate(decideUpdate, { args: [{ actorId: 'housing.fc1', decision: { action: 'shelve' } } as never] }))).toBe('VALIDATION_FAILED');
    expect(await code(handle.executeUpdate(supplyMaterialsUpdate, { args: [{ items: 'x' } as never] }))).toBe('VALIDATION_FAILED');
    const ok = await handle.executeUpdate(decideUpdate, { args: [{ actorId: 'housing.fc1', decision: { action: 'escalate', reason: 'unsure', note: '请科长研判' } }] });
    expect(ok.summary.tier).toBe('2');
    // A second case on the same worker thread uses the same frozen schemas.
    const d = await openCase(h, 'housing.fc1');
    expect(await code(h.client.workflow.getHandle(d.workflowId).executeUpdate(decideUpdate, { args: [{ actorId: 'housing.fc1', decision: {} } as never] }))).toBe('VALIDATION_FAILED');
  });
});
