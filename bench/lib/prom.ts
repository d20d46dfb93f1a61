// Reading Prometheus metrics where the system already counts what the bench needs: the Temporal
// server's visibility writes, the workers' sticky-cache misses (Temporal Core), the API's answers by
// status. One scrape is a snapshot; a stage takes the difference of two.
import http from 'node:http';

export type Scrape = Map<string, { labels: Record<string, string>; value: number }[]>;

/** GET a /metrics page and parse the text format (comments and histogram buckets skipped). */
export function scrape(url: string, timeoutMs = 5000): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parse(text: string): Scrape {
  const out: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m || m[1].endsWith('_bucket')) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = l[2];
    const list = out.get(m[1]) ?? [];
    list.push({ labels, value: Number(m[3]) });
    out.set(m[1], list);
  }
  return out;
}

/** The sum of a metric's series whose labels match (a string equal, a RegExp tested). */
export function sum(s: Scrape | null, name: string, match: Record<string, string | RegExp> = {}): number {
  if (!s) return NaN;
  let total = 0;
  for (const x of s.get(name) ?? []) {
    if (Object.entries(match).every(([k, v]) => (typeof v === 'string' ? x.labels[k] === v : v.test(x.labels[k] ?? '')))) total += x.value;
  }
  return total;
}

/** A scrape that answers null instead of failing (a process that has no metrics, or died). */
export async function tryScrape(url: string | undefined): Promise<Scrape | null> {
  if (!url) return null;
  try {
    return await scrape(url);
  } catch {
    return null;
  }
}

/** Every write to the server's visibility store: a start, an upsert of search attributes, a close, a delete. */
export const visibilityWrites = (s: Scrape | null) =>
  sum(s, 'visibility_persistence_latency_count', { operation: /^(RecordWorkflowExecutionStarted|UpsertWorkflowExecution|RecordWorkflowExecutionClosed|DeleteWorkflowExecution)$/ });

/** What a worker's Temporal Core counts about its cache of workflows. */
export function coreCache(s: Scrape | null) {
  return {
    /** A workflow task for a run not in the cache: the worker fetched its whole history and replayed it. */
    misses: sum(s, 'temporal_sticky_cache_miss'),
    hits: sum(s, 'temporal_sticky_cache_hit'),
    forcedEvictions: sum(s, 'temporal_sticky_cache_total_forced_eviction'),
    historyFetches: sum(s, 'temporal_request', { operation: 'GetWorkflowExecutionHistory' }),
    workflowTasks: sum(s, 'temporal_workflow_task_execution_latency_count'),
  };
}
export type CoreCache = ReturnType<typeof coreCache>;
export const cacheDelta = (a: CoreCache, b: CoreCache): CoreCache => Object.fromEntries(Object.keys(a).map((k) => [k, b[k as keyof CoreCache] - a[k as keyof CoreCache]])) as CoreCache;
