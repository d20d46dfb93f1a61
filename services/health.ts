// Readiness: whether the store and Temporal answer, and what needs an administrator without making
// the service unready.
import { sql } from 'drizzle-orm';
import type { Client, Connection } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { calendarWarnings } from './calendar.js';
import { missingChannel } from '../notify/index.js';

export interface Readiness {
  ok: boolean;
  checks: Record<string, 'ok' | 'unavailable'>;
  warnings: { code: string; message: string }[];
}

export async function readiness(db: Db, client: Client, now = new Date(), opts: { production?: boolean; env?: Record<string, string | undefined> } = {}): Promise<Readiness> {
  const checks: Record<string, 'ok' | 'unavailable'> = {};
  // In production, notifications need a channel that reaches people (the worker refuses to start without one).
  const missing = missingChannel(opts.env ?? process.env, opts.production ?? false);
  if (opts.production) checks.notifications = missing ? 'unavailable' : 'ok';
  try {
    await db.get(sql`select 1`);
    checks.database = 'ok';
  } catch {
    checks.database = 'unavailable';
  }
  try {
    await client.withDeadline(Date.now() + 2000, () => (client.connection as Connection).healthService.check({}));
    checks.temporal = 'ok';
  } catch {
    checks.temporal = 'unavailable';
  }
  // Next year's official calendar: a warning only, deadlines are still computed (provisionally).
  const warnings = checks.database === 'ok' ? (await calendarWarnings(db, now)) : [];
  if (missing) warnings.push({ code: 'NOTIFY_CHANNEL_MISSING', message: missing });
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks, warnings };
}
