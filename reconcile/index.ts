// How the store follows Temporal outside the store call: notices wait for the workflow's confirmation
// (confirmer.ts), and the store catches up with resets, terminations and restores by itself
// (sweeper.ts). Both run in every worker process; each is idempotent, so two workers may run them.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { createConfirmer } from './confirmer.js';
import { createSweeper } from './sweeper.js';

export interface ReconciliationOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  sweepIntervalMs?: number;
  confirmPollMs?: number;
  /** A job its workflow still has not confirmed after this long was a dead attempt's (default 2 min). */
  abandonAfterMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export function startReconciliation(o: ReconciliationOptions) {
  const log = o.log ?? ((level, message) => (level === 'info' ? console.log(message) : console.error(`[reconcile:${level}] ${message}`)));
  const confirmer = createConfirmer({ db: o.db, client: o.client, pollMs: o.confirmPollMs, abandonAfterMs: o.abandonAfterMs, log });
  const sweeper = createSweeper({ db: o.db, client: o.client, taskQueue: o.taskQueue, intervalMs: o.sweepIntervalMs, log });
  confirmer.start();
  sweeper.start();
  return {
    confirmer,
    sweeper,
    async stop() {
      await Promise.all([confirmer.stop(), sweeper.stop()]);
    },
  };
}
