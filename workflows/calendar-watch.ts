// The daily check of the official calendar (started by the `calendar-notice-daily` schedule): from
// 1 November, while next year's State Council notice is not loaded, every administrator is reminded
// once a day (the outbox key carries the day, so a repeated run sends nothing twice).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from './shared.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
  summary: 'remind administrators of a missing calendar year',
});

export async function calendarWatchWorkflow(): Promise<{ missingYear: number | null; notified: number }> {
  return store.remindMissingCalendar({ at: new Date().toISOString() });
}
