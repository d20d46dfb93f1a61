// The dev server that npm start, the bench and the fault suite persist to a file writes ahead (WAL):
// the CLI's rollback journal cost the 17:30 peak a third of its drain (docs/performance.md).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Connection, Client } from '@temporalio/client';
import { startDevServer } from '../scripts/dev-server.js';

const dir = mkdtempSync(join(tmpdir(), 'dev-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the persisted dev server', () => {
  it('keeps its SQLite file in WAL mode, and what it committed is there after a restart', async () => {
    const dbFile = join(dir, 'temporal.sqlite');
    let server = await startDevServer({ dbFile, headless: true, logLevel: 'error' });
    const port = server.port;
    try {
      expect(existsSync(`${dbFile}-wal`)).toBe(true);
      expect(existsSync(`${dbFile}-journal`)).toBe(false);
      const connection = await Connection.connect({ address: server.address });
      const client = new Client({ connection });
      // A workflow nobody runs: its start is a commit the server must not lose.
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
