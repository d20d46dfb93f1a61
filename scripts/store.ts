// The store's operations (docs/operations.md):
//
//   npm run store:backup  -- [--dir <folder>] [--keep 7]   a consistent copy now (VACUUM INTO), while the system runs
//   npm run store:restore -- <backup file>                  with the system stopped: that copy in place of the store
//   npm run store:rebuild                                   the read model and the audit copy rebuilt from the workflows
//
// Backups also run every night from a Temporal Schedule (store-backup-daily, schedules/store-backup.ts).
// A restore holds the notices that may have gone out since the backup and asks the reconciliation for
// a full pass at the next worker start: every case is rebuilt from its workflow, and tokens revoked
// since come back revoked from the directory's journal. A rebuild runs that full pass now, from this
// process (workers must be running: they answer the state queries).
import { parseArgs } from 'node:util';
import { boundMessages } from '../security/bound-messages.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config.js';
import { dbFile, openDb } from '../db/client.js';
import { backupStore, restoreStore } from '../db/backup.js';
import { temporalAccess } from '../security/index.js';
import { createSweeper } from '../reconcile/sweeper.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' }, keep: { type: 'string' } } });
const [command, arg] = positionals;
const config = loadConfig();
const storeFile = dbFile(config.dataDir);
const out = (v: unknown) => console.log(JSON.stringify(v, null, 2));

if (command === 'backup') {
  const sqlite = new Database(storeFile, { fileMustExist: true });
  try {
    out(backupStore(sqlite, values.dir ?? process.env.BACKUP_DIR ?? join(config.dataDir, 'backups'), { keep: values.keep ? Number(values.keep) : undefined }));
  } finally {
    sqlite.close();
  }
} else if (command === 'restore') {
  if (!arg) throw new Error('store:restore needs the backup file: npm run store:restore -- <file>');
  const r = restoreStore(arg, storeFile);
  // Brings the restored copy's schema up to date now, so the first process to start finds it ready.
  await openDb(storeFile).close();
  out({ ...r, next: 'start the system: the first worker rebuilds every case from its workflow and revokes again what was revoked since' });
} else if (command === 'rebuild') {
  const db = openDb(storeFile);
  const access = temporalAccess(config);
  const connection = await Connection.connect({ address: access.address, tls: access.tls });
  const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: access.dataConverter , interceptors: boundMessages() });
  try {
    out(await createSweeper({ db, client, taskQueue: config.taskQueue, log: (level, m) => console.error(`[${level}] ${m}`) }).runOnce({ full: true }));
  } finally {
    await connection.close();
    await db.close();
  }
} else {
  console.error('usage: npm run store:backup | store:restore -- <file> | store:rebuild');
  process.exit(2);
}
