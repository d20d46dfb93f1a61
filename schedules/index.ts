// Temporal Schedules the system needs, created idempotently whenever the worker starts.
import { ensureVillageMonthSchedule } from './village-month.js';
import { ensureSaturdayConsultationSchedule } from './saturday-consultation.js';
import { ensureCalendarNoticeSchedule } from './calendar-notice.js';
import { ensureRetentionSchedule } from './retention.js';
import { ensureStoreBackupSchedule } from './store-backup.js';
import type { ScheduleContext } from './context.js';

type EnsureSchedule = (ctx: ScheduleContext) => Promise<void>;

/** Each feature that runs on a calendar adds its own ensure function here. */
export const SCHEDULES: EnsureSchedule[] = [ensureVillageMonthSchedule, ensureSaturdayConsultationSchedule, ensureCalendarNoticeSchedule, ensureRetentionSchedule, ensureStoreBackupSchedule];

export async function ensureSchedules(ctx: ScheduleContext): Promise<void> {
  for (const ensure of SCHEDULES) await ensure(ctx);
}
