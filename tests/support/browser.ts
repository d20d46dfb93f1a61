// Debian's Chromium, driven by playwright-core, for the page tests: one way to launch it. The flags
// keep its background connections quiet on a machine without a network (see shared platform notes).
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/ensure-chromium.mjs (as root)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * Where a page test puts a screenshot: the README's pictures in docs/images are rewritten only on
 * request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean; otherwise a scratch file.
 */
export function screenshotPath(name: string): string {
  const path = process.env.UPDATE_SCREENSHOTS ? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images', name) : join(tmpdir(), `${process.pid}-${name}`);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
