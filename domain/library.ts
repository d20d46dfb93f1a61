// The case library's (案例汇编) vocabulary and its text rules: the kinds of problem, sources and
// documents; how a query splits into terms, how a text is cut into trigrams, how a snippet is cut and
// marked, and how a citation is worded for the requester. Pure: the store's queries are db/library.ts.

export const PRECEDENT_KINDS = ['legacy', 'cross_department', 'no_precedent', 'other'] as const;
export type PrecedentKind = (typeof PRECEDENT_KINDS)[number];
export const PRECEDENT_KIND_LABELS: Record<PrecedentKind, { label: string; labelEn: string }> = {
  legacy: { label: '历史遗留问题', labelEn: 'legacy problem' },
  cross_department: { label: '跨部门事项', labelEn: 'cross-department' },
  no_precedent: { label: '本市无先例', labelEn: 'no precedent' },
  other: { label: '其他', labelEn: 'other' },
};
export const SOURCE_KINDS = ['local_case', 'elsewhere'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const DOC_TYPES = ['precedent', 'case', 'rule'] as const;
export type DocType = (typeof DOC_TYPES)[number];

// ---- query text ----

/** A text as characters (code points), so a Han character or an emoji counts once. */
export const chars = (s: string) => Array.from(s);

/** Splits a query into terms: whitespace and common Chinese separators divide them. */
export function queryTerms(q: string): string[] {
  const terms = q
    .toLowerCase()
    .replace(/\p{Cc}/gu, ' ') // a control character (NUL above all) breaks an FTS5 string literal
    .split(/[\s\u3000,，、;；。]+/u)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => chars(t).slice(0, 50).join(''));
  return [...new Set(terms)].slice(0, 8);
}

/** Character trigrams of the letters and digits in a text, in order of first appearance. */
export function trigramsOf(text: string, max = 64): string[] {
  const out = new Set<string>();
  for (const seg of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const c = chars(seg);
    for (let i = 0; i + 3 <= c.length && out.size < max; i++) out.add(c.slice(i, i + 3).join(''));
  }
  return [...out];
}

// ---- snippets ----

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** Where each occurrence of `term` starts in `text` (overlapping ones too), by KMP: linear in both. */
function occurrencesOf(text: readonly string[], term: readonly string[]): number[] {
  const m = term.length;
  const fail = new Array<number>(m).fill(0);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && term[i] !== term[k]) k = fail[k - 1];
    if (term[i] === term[k]) k++;
    fail[i] = k;
  }
  const out: number[] = [];
  for (let i = 0, k = 0; i < text.length; i++) {
    while (k > 0 && text[i] !== term[k]) k = fail[k - 1];
    if (text[i] === term[k]) k++;
    if (k === m) {
      out.push(i - m + 1);
      k = fail[k - 1];
    }
  }
  return out;
}

/**
 * A highlighted excerpt: HTML-escaped text with every occurrence of a term in <mark>, cut to the
 * window of `width` characters that holds the most matches (… where text was cut). Linear in the
 * text: KMP per term, marks as a difference array, and one sliding window over the sorted starts,
 * so a crafted document full of matches costs no more than a plain one.
 */
export function highlight(text: string, terms: string[], width = 90): string {
  const c = chars(text.replace(/\s+/g, ' ').trim());
  const low = c.map((x) => x.toLowerCase());
  const depth = new Int32Array(c.length + 1);
  const isStart = new Uint8Array(c.length);
  for (const t of terms) {
    const tc = chars(t.toLowerCase());
    if (!tc.length || tc.length > low.length) continue;
    for (const i of occurrencesOf(low, tc)) {
      isStart[i] = 1;
      depth[i]++;
      depth[i + tc.length]--;
    }
  }
  const marked = new Array<boolean>(c.length);
  for (let i = 0, d = 0; i < c.length; i++) {
    d += depth[i];
    marked[i] = d > 0;
  }
  const starts: number[] = [];
  for (let i = 0; i < c.length; i++) if (isStart[i]) starts.push(i);
  let from = 0;
  if (c.length > width && starts.length) {
    // The window start lo(s) never decreases as s grows: two pointers count the starts inside it.
    let best = -1;
    let left = 0;
    let right = 0;
    for (const s of starts) {
      const lo = Math.max(0, Math.min(s - 15, c.length - width));
      while (left < starts.length && starts[left] < lo) left++;
      if (right < left) right = left;
      while (right < starts.length && starts[right] < lo + width) right++;
      const n = right - left;
      if (n > best) {
        best = n;
        from = lo;
      }
    }
  }
  const to = Math.min(c.length, from + width);
  let out = from > 0 ? '…' : '';
  let open = false;
  for (let i = from; i < to; i++) {
    if (marked[i] && !open) (out += '<mark>'), (open = true);
    if (!marked[i] && open) (out += '</mark>'), (open = false);
    out += escapeHtml(c[i]);
  }
  if (open) out += '</mark>';
  return to < c.length ? `${out}…` : out;
}

// ---- citations ----

const clip = (s: string, n: number) => (chars(s).length > n ? `${chars(s).slice(0, n).join('')}…` : s);

/**
 * One short Chinese sentence for the requester's feedback naming what the decision followed, in the
 * order cited, e.g. 参照外地经验：江苏省南京市“商业用房改建养老机构先行消防验收”。 A practice from
 * another city says so (本市无先例、外地有经验的,要参照办理). Empty when nothing was cited.
 */
export function citationSentence(cited: readonly { title: string; place: string | null; sourceKind: string }[]): string {
  const elsewhere = cited.filter((p) => p.sourceKind === 'elsewhere').map((p) => `${p.place ?? '外地'}“${clip(p.title, 24)}”`);
  const local = cited.filter((p) => p.sourceKind !== 'elsewhere').map((p) => `“${clip(p.title, 24)}”`);
  const parts: string[] = [];
  if (elsewhere.length) parts.push(`参照外地经验：${elsewhere.join('、')}`);
  if (local.length) parts.push(`参照本市典型案例：${local.join('、')}`);
  return parts.length ? `${parts.join('；')}。` : '';
}
