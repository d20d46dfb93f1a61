// axe-core (pinned in package.json) run inside a page of the Chromium tests: the violations of impact
// serious or critical, each with the elements it names, so a failure says what to fix. The pages'
// CSP allows scripts from 'self' only: axe goes in through Playwright's evaluate (and the contexts
// of the accessibility tests bypass the CSP, as the platform notes advise).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * The serious and critical violations on the page as it is now (WCAG 2.x A and AA rules and axe's best
 * practices); with `enhancedContrast`, also the AAA contrast rule (7:1), which 长辈版 must meet.
 */
export async function seriousViolations(page: Page, opts: { enhancedContrast?: boolean } = {}): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (enhanced) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'], rules: { 'color-contrast-enhanced': { enabled: enhanced } } });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ')) }));
  }, opts.enhancedContrast === true);
}
