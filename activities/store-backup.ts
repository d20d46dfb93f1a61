// The nightly backup's one activity (workflows/store-backup.ts): a consistent copy of the store file
// beside it (BACKUP_DIR, default <data dir>/backups), the newest BACKUP_KEEP (7) kept.
import { dirname, join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { backupStore, type BackupResult } from '../db/backup.js';

export function createStoreBackupActivities(db: Db, env: NodeJS.ProcessEnv = process.env) {
  return {
    async backupStore(): Promise<BackupResult> {
      // A copy of the SQLite file: PostgreSQL is backed up by its own tools (pg_dump, base backups).
      const sqlite = db.sqlite;
      if (!sqlite) {
        // Not retried: no attempt on this store can ever succeed.
        throw ApplicationFailure.nonRetryable(`the store backup copies the SQLite file; this store is ${db.storeKind}: back PostgreSQL up with its own tools (pg_dump, base backups)`, 'BACKUP_NEEDS_SQLITE');
      }
      const dir = env.BACKUP_DIR || join(dirname(sqlite.name), 'backups');
      const keep = env.BACKUP_KEEP ? Number(env.BACKUP_KEEP) : undefined;
      return backupStore(sqlite, dir, { keep });
    },
  };
}
