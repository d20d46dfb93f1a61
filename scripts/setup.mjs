#!/usr/bin/env node
// Everything a fresh clone needs before it runs: the npm dependencies (from the lock file), the
// pinned Temporal CLI, and for the tests Temporal's time-skipping test server and Debian's Chromium.
// Plain Node, no dependencies, so it can run before `npm ci`. Each step is skipped when already done.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli, ensureTemporalTestServer } from './temporal-cli.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');
const log = (m) => console.error(`setup: ${m}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

// 1. npm dependencies, re-installed whenever the lock file changes.
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.setup-lock-hash');
const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  log('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockHash);
}

// 2. The Temporal CLI (dev server and Web UI).
try {
  ensureTemporalCli({ log });
} catch (e) {
  log(e.message);
  process.exit(1);
}

// 3. The time-skipping test server, for the tests of the workflows' own timers.
if (forTests) {
  try {
    ensureTemporalTestServer({ log });
  } catch (e) {
    log(e.message);
    process.exit(1);
  }
}

// 4. A browser for the page tests.
if (forTests && existsSync(join(root, 'scripts', 'ensure-chromium.mjs'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-chromium.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
