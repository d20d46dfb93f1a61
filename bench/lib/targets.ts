// The performance targets (issue "one workflow task per decision"), read from one run's results:
// every ratio is of two variants measured side by side in that run. A target a mode does not measure
// says so (`measured: null` with the reason) instead of borrowing another run's figure.

export interface Target {
  id: string;
  /** The target in words: a comparison and a number. */
  target: string;
  measured: number | null;
  met: boolean | null;
  /** How it was read, or why it was not measured. */
  note: string;
}

type Json = Record<string, unknown> | undefined;
const obj = (x: unknown): Json => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const r2 = (x: number) => Math.round(x * 100) / 100;

function target(id: string, text: string, cmp: 'le' | 'ge' | 'lt', limit: number, measured: number | null, note: string): Target {
  const met = measured === null ? null : cmp === 'le' ? measured <= limit : cmp === 'ge' ? measured >= limit : measured < limit;
  return { id, target: text, measured: measured === null ? null : r2(measured), met, note };
}

export function targetsOf(results: Record<string, unknown>): Target[] {
  const mode = String(results.mode ?? '');
  const out: Target[] = [];

  // Throughput and server CPU: the worst concurrency level of the overhead stage.
  const levels = Array.isArray(results.overhead) ? (results.overhead as Record<string, unknown>[]) : [];
  const perLevel = levels.map((l) => {
    const v = obj(l.variants);
    const base = obj(v?.baseline);
    const cur = obj(v?.current);
    const tp = num(base?.perSecond) && num(cur?.perSecond) ? num(cur!.perSecond)! / num(base!.perSecond)! : null;
    const cpu = (x: Json) => num(obj(x?.cpuMsPerLifecycle)?.server);
    const sc = cpu(base) && cpu(cur) !== null ? cpu(cur)! / cpu(base)! : null;
    return { concurrency: num(l.concurrency), tp, sc };
  });
  const tps = perLevel.filter((x) => x.tp !== null);
  const worstTp = tps.length ? tps.reduce((a, b) => (b.tp! < a.tp! ? b : a)) : null;
  out.push(
    target('throughput_ratio', '≥ 0.7 at every concurrency', 'ge', 0.7, worstTp?.tp ?? null, worstTp ? `lifecycles/s current ÷ baseline, worst at concurrency ${worstTp.concurrency} (levels: ${tps.map((x) => `${x.concurrency}: ${r2(x.tp!)}`).join(', ')})` : 'overhead stage not in this run'),
  );

  // Decision latency p50 ratios.
  const lat = obj(results.latency);
  const latLevels = Array.isArray(lat?.levels) ? (lat!.levels as Record<string, unknown>[]) : [];
  for (const officers of [1, 10]) {
    const l = latLevels.find((x) => x.officers === officers);
    const ratio = num(obj(l?.p50Ratios)?.['current/baseline']);
    out.push(target(`decision_p50_ratio_${officers}`, '≤ 1.5', 'le', 1.5, ratio, l ? `decision p50 current ÷ baseline, ${officers} officer(s) deciding at once` : 'latency stage not in this run'));
  }

  // History events per Update (from the histories of the latency stage).
  const events = num(obj(obj(obj(lat?.anatomy)?.current)?.events)?.p50);
  const baseEvents = num(obj(obj(obj(lat?.anatomy)?.baseline)?.events)?.p50);
  out.push(target('events_per_update', '≤ 7', 'le', 7, events, events === null ? 'latency stage (history anatomy) not in this run' : `p50 events from the task that takes an Update to its completion (baseline: ${baseEvents})`));

  const scs = perLevel.filter((x) => x.sc !== null);
  const worstSc = scs.length ? scs.reduce((a, b) => (b.sc! > a.sc! ? b : a)) : null;
  out.push(
    target('server_cpu_ratio', '≤ 1.3', 'le', 1.3, worstSc?.sc ?? null, worstSc ? `Temporal server CPU ms per lifecycle, current ÷ baseline, worst at concurrency ${worstSc.concurrency}` : 'overhead stage not in this run'),
  );

  // Deadline drain against the bare timers.
  const dl = obj(results.deadlines);
  const base = obj(dl?.baseline);
  const drain = num(dl?.escalationsPerSecond) !== null && num(base?.timersPerSecond) ? num(dl!.escalationsPerSecond)! / num(base!.timersPerSecond)! : null;
  out.push(
    target('deadline_drain_ratio', '≥ 0.7', 'ge', 0.7, drain, drain === null ? (dl ? `no baseline drain in this run${base?.error ? `: ${String(base.error)}` : ''}` : 'deadlines stage not in this run') : `escalations/s ${num(dl!.escalationsPerSecond)} ÷ bare timers/s ${num(base!.timersPerSecond)}, ${num(dl!.cases)} due together`),
  );

  // The busiest officer's inbox over HTTP, on 100,000 cases (the full run's read model).
  const reads = obj(results.reads);
  const queries = Array.isArray(reads?.queries) ? (reads!.queries as Record<string, unknown>[]) : [];
  const busiest = queries.find((q) => String(q.name).startsWith('inbox, busiest officer (') && !String(q.name).includes('offset'));
  const p99 = num(obj(busiest?.latency)?.p99);
  const cases = num(reads?.cases);
  if (mode === 'full' && cases !== null && cases >= 100_000) {
    out.push(target('inbox_busiest_p99_ms', '< 10 ms (100,000 cases, over HTTP)', 'lt', 10, p99, `${String(busiest?.name)}, ${cases} cases in the read model`));
  } else {
    out.push({
      id: 'inbox_busiest_p99_ms',
      target: '< 10 ms (100,000 cases, over HTTP)',
      measured: null,
      met: null,
      note: busiest ? `this mode loads ${cases} cases, not 100,000 (p99 here ${p99} ms for ${String(busiest.name)}): the full run measures it` : 'reads stage not in this run',
    });
  }

  // The efficiency office's month over the same store (issue 29).
  const monthly = queries.find((q) => String(q.name).startsWith('monthly report '));
  const monthlyP99 = num(obj(monthly?.latency)?.p99);
  if (mode === 'full' && cases !== null && cases >= 100_000) {
    out.push(target('monthly_report_p99_ms', '< 1000 ms (100,000 cases, over HTTP)', 'lt', 1000, monthlyP99, `${String(monthly?.name)}, ${cases} cases in the read model`));
  } else {
    out.push({
      id: 'monthly_report_p99_ms',
      target: '< 1000 ms (100,000 cases, over HTTP)',
      measured: null,
      met: null,
      note: monthly ? `this mode loads ${cases} cases, not 100,000 (p99 here ${monthlyP99} ms for ${String(monthly.name)}): the full run measures it` : 'reads stage not in this run',
    });
  }

  // Memory per cached case, side by side.
  const mem = obj(obj(results.memory)?.variants);
  const perOpen = (v: string) => num(obj(mem?.[v])?.perOpenKiB);
  // A figure at or below zero is the garbage collector's, not the cases' (small runs): not a measure.
  const usable = (x: number | null) => x !== null && x > 0;
  const memRatio = usable(perOpen('current')) && usable(perOpen('baseline')) ? perOpen('current')! / perOpen('baseline')! : null;
  const memNote = !mem
    ? 'memory stage not in this run'
    : memRatio === null
      ? `worker KiB per open workflow came out at current ${perOpen('current')}, baseline ${perOpen('baseline')}: garbage collection outweighs this few workflows (the full run opens 1,000)`
      : `worker KiB per open workflow, current ${perOpen('current')} ÷ baseline ${perOpen('baseline')} (flatness: see growth in the full run)`;
  out.push(target('memory_ratio', '≤ 1.3, flat once the cache is full', 'le', 1.3, memRatio, memNote));

  return out;
}
