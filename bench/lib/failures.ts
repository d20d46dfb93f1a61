// Failed requests per stage, read from one run's results: every stage counts the calls that did not
// answer as they should (an error status, a timeout, a case that never escalated) where it makes them.
type J = Record<string, unknown> | undefined;
const obj = (x: unknown): J => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);
const arr = (x: unknown): Record<string, unknown>[] => (Array.isArray(x) ? (x as Record<string, unknown>[]) : []);
const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const variantsFailed = (v: unknown) => Object.values(obj(v) ?? {}).reduce((a: number, x) => a + n(obj(x)?.failed), 0);

/** Stage → failed requests (only the stages present in the results). */
export function failedRequestsOf(r: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  if (Array.isArray(r.overhead)) out.overhead = arr(r.overhead).reduce((a, l) => a + variantsFailed(l.variants), 0);
  if (obj(r.latency)?.levels) out.latency = arr(obj(r.latency)!.levels).reduce((a, l) => a + variantsFailed(l.variants), 0);
  if (obj(r.openloop)?.variants) out.openloop = variantsFailed(obj(r.openloop)!.variants);
  if (obj(r.memory)?.variants) out.memory = variantsFailed(obj(r.memory)!.variants);
  if (obj(r.evicted)?.variants) out.evicted = variantsFailed(obj(r.evicted)!.variants);
  const dl = obj(r.deadlines);
  if (dl && !dl.error) out.deadlines = n(dl.failedIntakes) + n(dl.missing);
  const pk = obj(r.peak);
  if (pk && !pk.error) out.peak = n(pk.failedIntakes) + n(pk.missing);
  const st = obj(r.store);
  if (st?.runs) out.store = variantsFailed(st.runs);
  for (const key of ['growth', 'growthProposed']) {
    const g = obj(r[key]);
    if (!g?.levels) continue;
    out[key] = arr(g.levels).reduce((a, l) => a + n(l.failedIntakes) + n(obj(l.oldCaseDecision)?.failed) + variantsFailed(l.lifecycles), 0) + (g.workerDied ? 1 : 0);
  }
  for (const [k, v] of Object.entries(r)) if (obj(v)?.error) out[k] = NaN; // the stage itself failed
  return out;
}
