// The rate counters' sweep on SQLite (api/public-limits.ts); db/pg/rate-counters.ts exports the same names.

/**
 * Deletes up to 200 expired counters (`@now`). A batch, so a sweep never holds the write lock long;
 * SQLite serializes writers, so two sweeps never meet.
 */
export const SWEEP_EXPIRED_COUNTERS: string = `DELETE FROM rate_counters WHERE rowid IN (SELECT rowid FROM rate_counters WHERE expires_at < @now LIMIT 200)`;
