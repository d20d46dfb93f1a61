// One catalogue of error codes (api/errors.ts): every code the code base raises has a status there,
// and a code raised with an explicit status has the catalogue's. Read from the sources, so a new code
// without a status fails here rather than answering 500 in production.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../api/errors.js';

const root = join(import.meta.dirname, '..');
const DIRS = ['api', 'services', 'activities', 'domain', 'db', 'workflows', 'notify'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Site {
  file: string;
  line: number;
  code: string;
  status?: number;
}

function sitesOf(re: RegExp, withStatus: boolean): Site[] {
  const out: Site[] = [];
  for (const file of DIRS.flatMap((d) => sources(join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(re)) {
      const line = text.slice(0, m.index).split('\n').length;
      out.push({ file: relative(root, file), line, code: withStatus ? m[2] : m[1], ...(withStatus ? { status: Number(m[1]) } : {}) });
    }
  }
  return out;
}

/** Codes raised without a status: services' AppError, the API's problemOf, a workflow's fail(). */
const bare = sitesOf(/(?:new AppError|problemOf|\bfail)\(\s*'([A-Z][A-Z0-9_]+)'/g, false);
/** Codes raised with a status beside them: `new Problem(404, 'X'`, `sendProblem(reply, 400, 'X'`, and the like. */
const withStatus = sitesOf(/(?:Problem|Error)\(\s*(?:reply,\s*)?(\d{3}),\s*'([A-Z][A-Z0-9_]+)'/g, true);

/**
 * Sites that answer a catalogued code with another status today. Each one is a decision for the
 * route's owner (change the status, or give the answer its own code); listed so the list only shrinks.
 */
const KNOWN_CONFLICTS: string[] = [
];

describe('the error catalogue', () => {
  it('finds the sites it checks (the scan reads the sources)', () => {
    expect(bare.length).toBeGreaterThan(20);
    expect(withStatus.length).toBeGreaterThan(20);
  });

  it('gives every code raised by a service, a route or a workflow a status', () => {
    const missing = bare.filter((s) => !Object.hasOwn(ERROR_CATALOGUE, s.code)).map((s) => `${s.file}:${s.line} ${s.code}`);
    expect(missing).toEqual([]);
  });

  it('gives a code one status everywhere', () => {
    const uncatalogued = withStatus.filter((s) => !Object.hasOwn(ERROR_CATALOGUE, s.code)).map((s) => `${s.file}:${s.line} ${s.code}`);
    expect(uncatalogued).toEqual([]);
    const conflicts = withStatus
      .filter((s) => ERROR_CATALOGUE[s.code as keyof typeof ERROR_CATALOGUE] !== s.status)
      .map((s) => `${s.file}:${s.code}:${s.status}`);
    expect([...new Set(conflicts)].sort()).toEqual([...KNOWN_CONFLICTS].sort());
  });
});
