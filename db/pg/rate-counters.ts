// The rate counters' sweep on PostgreSQL (api/public-limits.ts); db/sqlite/rate-counters.ts exports the
// same names.

/**
 * Deletes up to 200 expired counters (`@now`). Rows another transaction holds (a sweep of another API
 * process, or a filing's transaction counting on them) are skipped, so two sweeps never wait on, or
 * deadlock with, each other.
 */
export const SWEEP_EXPIRED_COUNTERS: string = `DELETE FROM rate_counters WHERE (bucket, window_start) IN (
  SELECT bucket, window_start FROM rate_counters WHERE expires_at < @now LIMIT 200 FOR UPDATE SKIP LOCKED)`;
