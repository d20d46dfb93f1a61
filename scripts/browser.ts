// Debian's Chromium, driven by playwright-core, for the page tests and test:production: one way to
// launch it. The flags keep its background connections quiet on a machine without a network (see
// the shared platform notes). scripts/ensure-chromium.mjs installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/ensure-chromium.mjs (as root)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}
