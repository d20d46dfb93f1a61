// The nightly backup's one activity (workflows/store-backup.ts): a consistent copy of the store file
// beside it (BACKUP_DIR, default <data dir>/backups), the newest BACKUP_KEEP (7) kept.
import { dirname, join } from 'node:path';
import type { Db } from '../db/client.js';
import { backupStore, type BackupResult } from '../db/backup.js';

export function createStoreBackupActivities(db: Db, env: NodeJS.ProcessEnv = process.env) {
  return {
    async backupStore(): Promise<BackupResult> {
      const dir = env.BACKUP_DIR || join(dirname(db.sqlite!.name), 'backups');
      const keep = env.BACKUP_KEEP ? Number(env.BACKUP_KEEP) : undefined;
      return backupStore(db.sqlite!, dir, { keep });
    },
  };
}
