// How long the API takes to exit on SIGTERM with intakes in flight: the API process as production
// starts it, on a dev server of its own, eight intakes that no worker takes (each waits its bounded
// time), then SIGTERM one second in. With the Temporal server alive, and with it killed just before.
//   node --import tsx bench/api-stop.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDevServer } from '../scripts/dev-server.js';
import { answers, root } from '../scripts/processes.js';

async function run(serverDies: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'api-stop-'));
  const server = await startDevServer({ headless: true, logLevel: 'error' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, TASK_QUEUE: 'no-worker', TEMPORAL_ADDRESS: server.address, API_PORT: String(port), API_HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: 'ignore',
  });
  const ready = answers(`${base}/healthz`);
  while (!(await ready())) await new Promise((r) => setTimeout(r, 200));
  const tokens = JSON.parse(readFileSync(join(dir, 'demo-tokens.json'), 'utf8')) as Record<string, string>;
  const t0 = Date.now();
  const intakes = Array.from({ length: 8 }, () =>
    fetch(`${base}/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['housing.fc1']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requester: { kind: 'person', name: '测试' }, channel: 'window', title: '测试', description: '测试' }),
    }).then((r) => `${r.status} after ${((Date.now() - t0) / 1000).toFixed(1)} s`, (e: Error) => e.message),
  );
  await new Promise((r) => setTimeout(r, 1000));
  if (serverDies) await server.stop('SIGKILL');
  const t = Date.now();
  const exited = new Promise((r) => api.once('exit', r));
  api.kill('SIGTERM');
  await exited;
  const took = ((Date.now() - t) / 1000).toFixed(1);
  console.log(`Temporal ${serverDies ? 'killed' : 'alive'}: the API exited ${took} s after SIGTERM; the intakes were answered: ${[...new Set(await Promise.all(intakes))].join(', ')}`);
  if (!serverDies) await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

await run(false);
await run(true);
process.exit(0);
