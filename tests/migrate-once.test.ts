// The API and the worker start together on a store that needs migrating (a first boot, the first
// start after an upgrade): each process applies what is pending under the store's write lock, so
// one migrates and the others find it done. Before, the second failed on a table the first had made.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const journal = JSON.parse(readFileSync(new URL('../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
// Each process loads the code first, then opens the store at one agreed instant: together, as a
// restart of the whole deployment does it.
const opener = `import { openDb } from ${JSON.stringify(new URL('../db/client.ts', import.meta.url).pathname)};
const at = Number(process.argv[2]);
while (Date.now() < at) await new Promise((r) => setTimeout(r, 1));
await openDb(process.argv[1]).close();`;

function openInProcess(file: string, at: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', opener, file, String(at)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('migrating at start', () => {
  it('four processes opening one new store at once all start, and every migration is applied once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-once-'));
    try {
      for (let round = 0; round < 4; round++) {
        const file = join(dir, `cases-${round}.sqlite`);
        const at = Date.now() + 6_000;
        const results = await Promise.all([0, 1, 2, 3].map(() => openInProcess(file, at)));
        for (const r of results) expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
        const db = new Database(file, { readonly: true });
        const applied = db.prepare('select hash from __drizzle_migrations').pluck().all();
        db.close();
        expect(applied).toHaveLength(journal.entries.length);
        expect(new Set(applied).size).toBe(applied.length);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
