// The dev server that npm start, the bench and the fault suite persist to a file writes ahead (WAL):
// on the CLI's rollback journal the 17:30 peak drained a quarter slower, bare timers a third
// (one run each, docs/performance.md).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Connection, Client } from '@temporalio/client';
import { startDevServer } from '../scripts/dev-server.js';

const dir = mkdtempSync(join(tmpdir(), 'dev-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the persisted dev server', () => {
  it('keeps its SQLite file in WAL mode, and a start it acknowledged is there after it was killed', async () => {
    const dbFile = join(dir, 'temporal.sqlite');
    let server = await startDevServer({ dbFile, headless: true, logLevel: 'error' });
    const port = server.port;
    try {
      expect(existsSync(`${dbFile}-wal`)).toBe(true);
      const connection = await Connection.connect({ address: server.address });
      const client = new Client({ connection });
      // A workflow nobody runs: its start is a commit the server must not lose (a crash, not a power cut:
      // the kernel keeps what was written, so this shows the WAL recovered, not fsync).
      await client.workflow.start('nobodyRunsThis', { taskQueue: 'dev-server-test', workflowId: 'wal-probe' });
      await connection.close();
      await server.stop('SIGKILL');
      server = await startDevServer({ dbFile, port, headless: true, logLevel: 'error' });
      const again = await Connection.connect({ address: server.address });
      const described = await new Client({ connection: again }).workflow.getHandle('wal-probe').describe();
      expect(described.status.name).toBe('RUNNING');
      await again.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
