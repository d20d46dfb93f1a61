// The page tests' browser: Debian's Chromium, launched the one way scripts/browser.ts does.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { CHROMIUM, launchBrowser } from '../../scripts/browser.js';

/**
 * Where a page test puts a screenshot: the README's pictures in docs/images are rewritten only on
 * request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean; otherwise a scratch file.
 */
export function screenshotPath(name: string): string {
  const path = process.env.UPDATE_SCREENSHOTS ? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images', name) : join(tmpdir(), `${process.pid}-${name}`);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
