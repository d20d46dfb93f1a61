#!/usr/bin/env node
// The browser for the page tests: Debian's Chromium (`npx playwright install` cannot download here)
// and a CJK font, without which every Chinese label on the process diagram renders as empty boxes.
// Installs with apt-get when something is missing and we run as root; otherwise says what to run.
// Plain Node, no dependencies: setup calls it before anything else is known to work.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const FONT_PACKAGE = 'fonts-wqy-microhei'; // 1.6 MB; covers simplified Chinese
const log = (m) => console.error(`ensure-chromium: ${m}`);

function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  // Without fontconfig's tool, fall back to the file the package installs.
  if (r.error) return existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
  return r.status === 0 && r.stdout.trim().length > 0;
}

function run(cmd, args) {
  log(`running: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

export function ensureChromium() {
  const missing = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!hasCjkFont()) missing.push(FONT_PACKAGE);
  if (missing.length === 0) {
    log(`nothing to do: ${CHROMIUM_PATH} and a CJK font are present`);
    return { installed: [] };
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      `missing: ${missing.join(', ')}. ${hasApt ? 'Run as root' : 'On Debian, run'}: apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get finished but ${CHROMIUM_PATH} is still missing`);
  log(`installed: ${missing.join(', ')}`);
  return { installed: missing };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureChromium();
  } catch (e) {
    log(e.message);
    process.exit(1);
  }
}
