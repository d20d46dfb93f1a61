// The page tests' browser: Debian's Chromium, launched the one way scripts/browser.ts does.
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { CHROMIUM, launchBrowser } from '../../scripts/browser.js';

/**
 * Where a test writes a screenshot: docs/images (the README's pictures) only on request
 * (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean; else a file in the temp folder.
 */
export function screenshotPath(name: string): string {
  return process.env.UPDATE_SCREENSHOTS ? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images', name) : join(tmpdir(), `${process.pid}-${name}`);
}
