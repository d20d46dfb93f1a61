// The slice on Temporal's time-skipping test server, for tests whose subject is a workflow's own
// timers (a tier window lapsing, reminders, the materials, rating, coordination and contact windows):
// the test moves the server's clock instead of waiting on the wall clock, so the windows can be as
// long as in life and nothing lapses unless the test says so. Each file gets its own server (time is
// global to one). The test server answers no list queries (no advanced visibility: the store's
// reconciliation passes find nothing there) and does not skip time while a client waits on an
// Update, so tests of the system (faults, resets, restores, visibility) stay on the dev server.
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Duration } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../../workflows/definitions.js';
import { startHarness, type Harness } from './harness.js';

/** temporal.api.enums.v1.IndexedValueType, by the type names the dev server's flags use. */
const INDEXED_VALUE_TYPE: Record<(typeof SEARCH_ATTRIBUTES)[string], number> = { Text: 1, Keyword: 2, Int: 3, Bool: 5, Datetime: 6, KeywordList: 7 };

export interface SkippingHarness extends Harness {
  /**
   * Moves the server's clock forward by `duration` (ms or '65m'). Timers due on the way fire in
   * order, and the workflow tasks and activities they cause run before time moves on.
   */
  skip(duration: Duration): Promise<void>;
  /** The server's clock (workflow time), in ms. */
  now(): Promise<number>;
}

export async function startSkippingHarness(opts: Omit<Parameters<typeof startHarness>[0], 'address'> = {}): Promise<SkippingHarness> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } });
  try {
    // The workflows set our search attributes; the test server knows only those registered.
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]])),
    });
    const h = await startHarness({ ...opts, address: env.address });
    const closeSlice = h.close;
    return Object.assign(h, {
      skip: (duration: Duration) => env.sleep(duration),
      now: () => env.currentTimeMs(),
      async close(o?: { keepData?: boolean }) {
        await closeSlice(o);
        await env.teardown();
      },
    });
  } catch (e) {
    await env.teardown();
    throw e;
  }
}
