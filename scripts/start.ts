// `npm start`: the whole system as one supervised group — the Temporal dev server (persistent, with
// its Web UI and our search attributes), the worker and the API — with prefixed logs, restarts of a
// crashed part, and a clean shutdown on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { openStore } from '../db/client.js';
import { loadDemoDirectory } from '../db/demo.js';
import { devServerArgs, waitForTemporal } from './dev-server.js';
import { DEV_KEYS_FILE, ensureDevKeyFile } from '../security/keys.js';
import { temporalTls } from '../security/temporal-tls.js';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from './temporal-cli.mjs';

const config = loadConfig();
const colours = { temporal: 35, worker: 36, api: 32, start: 33 } as const;
type Name = keyof typeof colours;

function say(name: Name, line: string) {
  const tag = `\x1b[${colours[name]}m${name.padEnd(8)}|\x1b[0m`;
  process.stdout.write(`${tag} ${line}\n`);
}

interface Part {
  name: Name;
  command: string;
  args: string[];
  child?: ChildProcess;
  restarts: number;
}

let stopping = false;

function launch(part: Part) {
  const child = spawn(part.command, part.args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  part.child = child;
  const pipe = (buf: Buffer) => {
    for (const line of buf.toString().split('\n')) if (line.trim()) say(part.name, line);
  };
  child.stdout!.on('data', pipe);
  child.stderr!.on('data', pipe);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    part.restarts += 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(part.restarts, 5));
    say('start', `${part.name} exited (${signal ?? code}); restarting in ${delay / 1000}s`);
    setTimeout(() => !stopping && launch(part), delay);
  });
}

async function main() {
  mkdirSync(config.dataDir, { recursive: true });
  // Migrations and the demo directory once, before the worker and the API open the file.
  const db = await openStore({ dataDir: config.dataDir, storeUrl: config.storeUrl });
  const issued = (await loadDemoDirectory(db, { dataDir: config.dataDir, production: config.production }));
  await db.close();
  if (issued) say('start', `demo directory loaded; tokens in ${join(config.dataDir, 'demo-tokens.json')}`);
  // Payloads are sealed; development makes its key once, in the data folder (never in the repo).
  if (!process.env.PAYLOAD_KEYS && !process.env.PAYLOAD_KEYS_FILE) {
    if (config.production) throw new Error('set PAYLOAD_KEYS_FILE (or PAYLOAD_KEYS) in production');
    ensureDevKeyFile(config.dataDir);
    say('start', `payload key in ${join(config.dataDir, DEV_KEYS_FILE)}`);
  }

  const parts: Part[] = [];
  if (!config.externalTemporal) {
    const cli: string = ensureTemporalCli({ log: (m: string) => say('start', m) });
    parts.push({
      name: 'temporal',
      command: cli,
      args: devServerArgs({
        port: config.temporalPort,
        uiPort: config.temporalUiPort,
        namespace: config.temporalNamespace,
        dbFile: join(config.dataDir, 'temporal.sqlite'),
        logLevel: 'warn',
        // Temporal UI opens sealed payloads through our API, for administrators.
        codecEndpoint: `http://localhost:${config.apiPort}/codec`,
      }),
      restarts: 0,
    });
    launch(parts[0]);
  }
  say('start', `waiting for Temporal at ${config.temporalAddress}`);
  await waitForTemporal(config.temporalAddress, 120_000, config.temporalNamespace, temporalTls(config));
  const tsx = ['--import', 'tsx'];
  for (const [name, file] of [['worker', 'worker.ts'], ['api', 'api/main.ts']] as const) {
    const part: Part = { name, command: process.execPath, args: [...tsx, file], restarts: 0 };
    parts.push(part);
    launch(part);
  }
  say('start', [
    'the system is starting:',
    `  API             http://localhost:${config.apiPort}  (docs /docs, OpenAPI /openapi.json)`,
    `  Temporal UI     ${config.externalTemporal ? config.temporalUiUrl : `http://localhost:${config.temporalUiPort}`}`,
    `                  payloads are sealed: an admin opens http://localhost:${config.apiPort}/codec to read them there (and turns on "include cross-origin credentials" in the UI's codec settings once)`,
    `  Temporal gRPC   ${config.temporalAddress} (namespace ${config.temporalNamespace})`,
    `  data            ${config.dataDir}`,
    'Ctrl-C stops everything.',
  ].join('\n'));

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    say('start', 'stopping…');
    // API first (no new requests), then the worker (finishes its tasks), then Temporal.
    for (const part of [...parts].reverse()) {
      const c = part.child;
      if (!c || c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      // Past the API's own 25 s limit for requests in flight (api/shutdown.ts).
      const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
      say('start', `${part.name} stopped`);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  say('start', `failed: ${(err as Error).message}`);
  process.exit(1);
});
