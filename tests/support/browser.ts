// The page tests' browser: Debian's Chromium, launched the one way scripts/browser.ts does.
export { CHROMIUM, launchBrowser } from '../../scripts/browser.js';
