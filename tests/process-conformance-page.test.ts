// The conformance report as administrators see it: /process/conformance shows the last run that
// docs/conformance.json records (written by npm run conformance), under the drawing pages' policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startHarness, type Harness } from './support/harness.js';

describe('GET /process/conformance', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ withWorker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says how many sequences agreed, how many paths, and which elements every process reached', async () => {
    const report = JSON.parse(readFileSync(new URL('../docs/conformance.json', import.meta.url), 'utf8'));
    const res = await h.app.inject({ method: 'GET', url: '/process/conformance' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).not.toContain('<script');
    expect(res.body).toContain(`${report.sequences}, ${report.agreed} agreeing`);
    expect(res.body).toContain(`<td>${report.distinctPaths}</td>`);
    expect(res.body).toContain(report.generatedAt);
    for (const p of report.processes) expect(res.body).toContain(`<td>${p.covered} / ${p.elements}</td>`);
    // Names are escaped, not markup: the case process's name has quotes in it.
    expect(res.body).toContain('说&#34;不&#34;提级管理');
  });
});
