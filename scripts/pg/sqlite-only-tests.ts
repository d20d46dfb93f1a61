// Test files that `npm run test:pg` does not run, each with the reason: what they test exists on
// SQLite only. Everything else runs on both stores.
export const SQLITE_ONLY: { file: string; why: string }[] = [
  { file: 'tests/migrate-once.test.ts', why: 'SQLite\'s migration under BEGIN IMMEDIATE and its WAL switch; PostgreSQL migrates under an advisory lock (tests/pg-store.test.ts)' },
  { file: 'tests/restore.test.ts', why: 'restores a SQLite backup file (VACUUM INTO); a PostgreSQL store is backed up with pg_dump or base backups' },
];
