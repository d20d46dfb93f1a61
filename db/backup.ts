// Online backups of the SQLite store and the restore of one (docs/operations.md). A backup is
// `VACUUM INTO`: a consistent copy taken while the system runs, without stopping writers for long. A
// restore puts an older copy in place with the system stopped, and marks what it cannot know:
// - every case, part, step and read model that changed since the backup is rebuilt from the
//   workflows by the reconciliation's first full pass (store_meta 'rebuild_requested_at');
// - a notice that was waiting to go out at backup time may have gone since: it is held in the
//   dead-letter list (status 'failed', its reason said) for a person to resend, never sent twice;
// - tokens revoked and principals deactivated since are revoked again from the directory's journal
//   in Temporal (workflows/directory-journal.ts), read by the same full pass.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Backups are named `cases-<UTC instant>.sqlite`; the newest `keep` stay. */
export const BACKUP_PREFIX = 'cases-';

export interface BackupResult {
  file: string;
  bytes: number;
  takenAt: string;
  /** Older backups removed to keep `keep`. */
  removed: string[];
}

/** A consistent copy of the store at `dir/cases-<instant>.sqlite`, with the instant written into it. */
export function backupStore(sqlite: Database.Database, dir: string, opts: { keep?: number; now?: Date } = {}): BackupResult {
  const takenAt = (opts.now ?? new Date()).toISOString();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${BACKUP_PREFIX}${takenAt.replace(/[:.]/g, '-')}.sqlite`);
  sqlite.prepare('VACUUM INTO ?').run(file);
  const copy = new Database(file);
  try {
    copy.prepare(`insert into store_meta (key, value) values ('backup_taken_at', ?) on conflict (key) do update set value = excluded.value`).run(takenAt);
  } finally {
    copy.close();
  }
  const keep = opts.keep ?? 7;
  const all = readdirSync(dir)
    .filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith('.sqlite'))
    .sort();
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const f of removed) rmSync(join(dir, f));
  return { file, bytes: statSync(file).size, takenAt, removed };
}

export interface RestoreResult {
  restoredFrom: string;
  backupTakenAt: string | null;
  /** Notices that were waiting at backup time, now held for a person to resend (never sent twice). */
  heldNotices: number;
}

/**
 * Puts a backup in place of the store file. Only with the system stopped: the file is replaced, and
 * the WAL of the old one goes with it. The next worker start rebuilds from the workflows.
 */
export function restoreStore(backupFile: string, storeFile: string, now = new Date()): RestoreResult {
  if (!existsSync(backupFile)) throw new Error(`no backup at ${backupFile}`);
  mkdirSync(dirname(storeFile), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(storeFile + suffix, { force: true });
  copyFileSync(backupFile, storeFile);
  const db = new Database(storeFile);
  try {
    const takenAt = (db.prepare(`select value from store_meta where key = 'backup_taken_at'`).pluck().get() as string | undefined) ?? null;
    const reason = `held after a restore from ${basename(backupFile)}${takenAt ? ` (taken ${takenAt})` : ''}: it may have gone out before; resend it if it did not`;
    const held = db
      .prepare(`update outbox set status = 'failed', last_error = ?, claimed_at = null, claimed_by = null where status in ('pending', 'sending', 'unconfirmed') and superseded_at is null`)
      .run(reason).changes;
    db.prepare(`insert into store_meta (key, value) values ('rebuild_requested_at', ?) on conflict (key) do update set value = excluded.value`).run(now.toISOString());
    return { restoredFrom: backupFile, backupTakenAt: takenAt, heldNotices: held };
  } finally {
    db.close();
  }
}
