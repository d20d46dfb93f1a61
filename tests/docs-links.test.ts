// The documentation holds together: every relative link and picture in README.md, CHANGELOG.md and
// docs/*.md points at a file of the repository, every #anchor at a heading of its page (as GitHub
// names headings), and every repository path a page names in code (`activities/store-call.ts`) is
// there. A file moved or a heading renamed fails here, not in a newcomer's hands.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const pages = ['README.md', 'CHANGELOG.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
/** The changelog names files that are gone on purpose (what a release removed); its paths are history. */
const PAGES_NAMING_CURRENT_FILES = pages.filter((p) => p !== 'CHANGELOG.md');
/** The project's brief lives beside the repository, not in it: the only places links may leave it for (from the root). */
const OUTSIDE_LINKS = ['../shared/domain.md', '../shared/spec/api.md'];
/** The folders whose paths a page may name in code; data/, .tools/ and the like are made at run time. */
const SOURCE_FOLDERS = ['activities', 'api', 'bench', 'bpmn', 'db', 'deploy', 'docs', 'domain', 'examples', 'notify', 'reconcile', 'reports', 'schedules', 'scripts', 'security', 'services', 'tests', 'workflows'];
/** Made by a script, git-ignored: named by the pages, never in a clone. */
const MADE_AT_RUN_TIME = ['deploy/tls/certs/'];

/** A page without its fenced code blocks, and with the text of inline code blanked (links in code are not links). */
function prose(text: string): string {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s*(```|~~~)/.exec(line);
    if (m && (fence === null || fence === m[1])) {
      fence = fence === null ? m[1] : null;
      lines.push('');
      continue;
    }
    lines.push(fence === null ? line : '');
  }
  return lines.join('\n').replace(/`[^`\n]*`/g, (c) => '`' + 'x'.repeat(Math.max(0, c.length - 2)) + '`');
}

/** GitHub's anchor of a heading: the rendered text, lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(page: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const text = readFileSync(join(root, page), 'utf8');
  const lines = text.split('\n');
  // Headings outside code blocks, read from the page as written (inline code still in them).
  prose(text)
    .split('\n')
    .forEach((line, i) => {
      const m = line.startsWith('#') ? /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]) : null;
      if (!m) return;
      const base = slug(m[2]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    });
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  return out;
}

interface Link {
  page: string;
  line: number;
  target: string;
}

function linksOf(page: string): Link[] {
  const text = prose(readFileSync(join(root, page), 'utf8'));
  const out: Link[] = [];
  // [text](target) and ![alt](target), the text possibly holding one level of brackets; an optional "title".
  for (const m of text.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    out.push({ page, line: text.slice(0, m.index).split('\n').length, target: m[1] });
  }
  // Reference definitions: [name]: target
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/gm)) out.push({ page, line: text.slice(0, m.index).split('\n').length, target: m[1] });
  return out;
}

const isExternal = (t: string) => /^[a-z][a-z0-9+.-]*:/i.test(t);
const where = (l: Link) => `${l.page}:${l.line} → ${l.target}`;
/** Where a link leads, relative to the repository's root (its own page for an anchor alone). */
function targetOf(l: Link): string {
  const path = decodeURI(l.target.split('#')[0]);
  return path ? relative(root, resolve(dirname(join(root, l.page)), path)) || '.' : l.page;
}
const leaves = (rel: string) => rel.startsWith('..') || rel.startsWith(sep);
/** A link's file in the repository, or null when it leaves the repository. */
function fileOf(l: Link): string | null {
  const rel = targetOf(l);
  return leaves(rel) ? null : rel;
}

const allLinks = pages.flatMap(linksOf).filter((l) => !isExternal(l.target));

describe('the documentation links', () => {
  it('finds the pages and their links (the scan reads the files)', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/architecture.md', 'docs/performance.md', 'docs/production.md']));
    expect(allLinks.length).toBeGreaterThan(30);
    expect(allLinks.some((l) => l.target.includes('#'))).toBe(true);
  });

  it('points every relative link and picture at a file or folder of the repository', () => {
    const broken = allLinks.filter((l) => {
      const file = fileOf(l);
      return file !== null && !existsSync(join(root, file));
    });
    expect(broken.map(where)).toEqual([]);
  });

  it('leaves the repository only for the project brief', () => {
    const outside = allLinks.filter((l) => fileOf(l) === null && !OUTSIDE_LINKS.includes(targetOf(l)));
    expect(outside.map(where)).toEqual([]);
  });

  it('names with every #anchor a heading of the page it points to', () => {
    const anchors = new Map<string, Set<string>>();
    const broken = allLinks.filter((l) => {
      const [, frag] = l.target.split('#');
      if (frag === undefined) return false;
      const file = fileOf(l);
      if (file === null || !file.endsWith('.md') || !existsSync(join(root, file))) return false;
      if (!anchors.has(file)) anchors.set(file, anchorsOf(file));
      return !anchors.get(file)!.has(decodeURIComponent(frag));
    });
    expect(broken.map(where)).toEqual([]);
  });

  it('names in code only repository paths that exist', () => {
    const missing: string[] = [];
    for (const page of PAGES_NAMING_CURRENT_FILES) {
      const text = readFileSync(join(root, page), 'utf8');
      for (const m of text.matchAll(/`([^`\s]+)`/g)) {
        const path = m[1].replace(/[,.;:]$/, '');
        const top = path.split('/')[0];
        if (!path.includes('/') || !SOURCE_FOLDERS.includes(top) || /[*<>{}…]/.test(path)) continue;
        if (MADE_AT_RUN_TIME.some((p) => path.startsWith(p))) continue;
        // A module specifier (`db/schema`) names its .ts file.
        if (existsSync(join(root, path)) || existsSync(join(root, `${path}.ts`))) continue;
        missing.push(`${page}: ${path}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});

// The slug rule against headings whose anchors the pages already use.
describe('anchors as GitHub names them', () => {
  it('drops punctuation and code marks and keeps Chinese', () => {
    expect(slug('OWASP API Security Top 10 (2023) — `tests/security.test.ts`')).toBe('owasp-api-security-top-10-2023--testssecuritytestts');
    expect(slug('The official calendar (节假日安排): when the State Council\'s notice comes out')).toBe('the-official-calendar-节假日安排-when-the-state-councils-notice-comes-out');
    expect(slug('`npm run test:production`')).toBe('npm-run-testproduction');
  });
});
