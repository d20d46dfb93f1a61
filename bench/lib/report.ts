// The short markdown beside the JSON: the targets first, then one table per item.
import type { Anatomy } from './anatomy.js';
import type { DeadlinesResult } from '../stages/deadlines.js';
import type { GrowthResult } from '../stages/growth.js';
import type { MemoryResult } from '../stages/memory.js';
import type { ProfileResult } from '../stages/profile.js';
import type { ReadsResult } from '../stages/reads.js';
import type { StoreResult } from '../stages/store.js';
import type { LatencyResult, OverheadLevel } from '../stages/throughput.js';
import type { OpenLoopResult } from '../stages/openloop.js';
import type { EvictedResult } from '../stages/evicted.js';
import type { PeakResult } from '../stages/peak.js';

type Results = Record<string, unknown> & {
  overhead?: OverheadLevel[];
  latency?: LatencyResult;
  deadlines?: DeadlinesResult;
  reads?: ReadsResult;
  growth?: GrowthResult;
  profile?: ProfileResult[];
  memory?: MemoryResult;
  store?: StoreResult;
  openloop?: OpenLoopResult;
  evicted?: EvictedResult;
  peak?: PeakResult;
  failedRequests?: Record<string, number | null>;
};

const row = (xs: unknown[]) => `| ${xs.map((x) => (x === undefined || x === null || (typeof x === 'number' && Number.isNaN(x)) ? '–' : String(x))).join(' | ')} |`;
const table = (head: string[], rows: unknown[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const yes = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? 'yes' : '**no**');

function targets(r: Results): string {
  const rows: unknown[][] = [];
  if (r.overhead) {
    for (const v of ['current', 'proposed']) {
      for (const [yard, label, limit] of [['baseline', 'the floor', 0.6], ['edge', 'bare + edge', 0.72]] as const) {
        const xs = r.overhead.map((l) => l.ratios[`${v}/${yard}`]).filter(Boolean);
        if (!xs.length) continue;
        const min = Math.min(...xs.map((x) => x.throughput));
        rows.push(['1', `lifecycles/s ÷ ${label} (${v})`, `≥ ${limit} at every level`, r.overhead.map((l) => `c=${l.concurrency}: ${l.ratios[`${v}/${yard}`]?.throughput} (CPU ${l.ratios[`${v}/${yard}`]?.cpu})`).join('; '), yes(min >= limit)]);
      }
    }
  }
  const ten = r.latency?.levels.find((l) => l.officers === 10);
  if (ten) {
    for (const v of ['current', 'proposed']) {
      const x = ten.variants[v];
      if (!x) continue;
      rows.push(['2', `decision latency at 10 officers (${v})`, 'p50 < 50 ms, p99 < 250 ms', `p50 ${x.p50} ms, p99 ${x.p99} ms (baseline Update p50 ${ten.variants.baseline?.p50}, p99 ${ten.variants.baseline?.p99})`, yes(x.p50 < 50 && x.p99 < 250)]);
    }
  }
  if (r.deadlines) {
    const d = r.deadlines;
    rows.push(['3', `${d.opened} windows due at once: escalated after the deadline`, 'p99 < 5 s', `p50 ${sec(d.delayAfterRelease.p50)}, p99 ${sec(d.delayAfterRelease.p99)}, max ${sec(d.delayAfterRelease.max)}`, yes(d.delayAfterRelease.p99 < 5000)]);
  }
  if (r.reads) {
    const inbox = r.reads.queries.filter((q) => q.name.startsWith('inbox'));
    const worst = Math.max(...inbox.map((q) => q.latency.p99));
    rows.push(['4', `inbox page, ${r.reads.cases.toLocaleString('en')} cases`, 'p99 < 10 ms', inbox.map((q) => `${q.name}: ${q.latency.p99} ms`).join('; '), yes(worst < 10)]);
    const monthly = r.reads.queries.find((q) => q.name.startsWith('monthly report '));
    if (monthly) rows.push(['4', `the month's report, ${r.reads.cases.toLocaleString('en')} cases`, 'p99 < 1 s', `${monthly.name}: p50 ${monthly.latency.p50} ms, p99 ${monthly.latency.p99} ms`, yes(monthly.latency.p99 < 1000)]);
  }
  if (r.memory) {
    for (const v of ['current', 'proposed']) {
      const x = r.memory.variants[v];
      if (x) rows.push(['5', `worker memory per open (cached) case, ${r.memory.open} open beyond the first ${r.memory.base} (${v})`, '< 1 MB', `${x.perOpenKiB} KiB (baseline ${r.memory.variants.baseline?.perOpenKiB} KiB)`, yes(x.perOpenKiB < 1024)]);
    }
  }
  if (r.growth) {
    const g = r.growth;
    const perCached = Math.max(...g.levels.map((l) => l.perCachedCaseKiB));
    const full = g.series.filter((p) => p.open >= g.cacheSize);
    const flat = full.length >= 2 ? `${full[0].workerRssMiB} → ${full[full.length - 1].workerRssMiB} MiB from ${full[0].open} to ${full[full.length - 1].open} open` : `cache (${g.cacheSize}) not filled in this run`;
    rows.push(['5', 'worker memory per cached case as cases pile up (current); flat once the cache is full', '< 1 MB; flat', `${perCached} KiB per cached case; ${flat}`, yes(perCached < 1024)]);
    const first = g.levels[0];
    const last = g.levels[g.levels.length - 1];
    if (first && last && first !== last) {
      rows.push([
        '6',
        `cost growth ${first.open} → ${last.open} open cases`,
        'state it',
        `current ${first.lifecycles.current.perSecond} → ${last.lifecycles.current.perSecond}/s, baseline ${first.lifecycles.baseline.perSecond} → ${last.lifecycles.baseline.perSecond}/s; decision p50 ${first.lifecycles.current.decision.p50} → ${last.lifecycles.current.decision.p50} ms; old-case decision p50 ${first.oldCaseDecision.p50} → ${last.oldCaseDecision.p50} ms`,
        '–',
      ]);
    }
  }
  return table(['#', 'what', 'target', 'measured', 'met'], rows);
}

const sec = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function overhead(levels: OverheadLevel[]): string {
  const names = Object.keys(levels[0].variants);
  const t1 = table(
    ['concurrency', ...names.map((n) => `${n} /s`), ...Object.keys(levels[0].ratios).map((k) => `${k} (throughput / CPU)`)],
    levels.map((l) => [l.concurrency, ...names.map((n) => `${l.variants[n].perSecond}${l.variants[n].failed ? ` (${l.variants[n].failed} failed)` : ''}`), ...Object.values(l.ratios).map((x) => `${x.throughput} / ${x.cpu}`)]),
  );
  const keys = ['server', 'worker', 'api', ...(levels.some((l) => Object.values(l.variants).some((v) => 'store' in v.cpuMsPerLifecycle)) ? ['store'] : []), 'client', 'total'];
  const t2 = table(
    ['concurrency', 'variant', ...keys.map((k) => `${k} CPU ms`), 'visibility writes', 'intake p50', 'decision p50', 'rating p50'],
    levels.flatMap((l) => names.map((n) => [l.concurrency, n, ...keys.map((k) => l.variants[n].cpuMsPerLifecycle[k]), l.variants[n].visibilityWritesPerLifecycle, l.variants[n].intake.p50, l.variants[n].decision.p50, l.variants[n].rating.p50])),
  );
  return `${t1}\n\nPer lifecycle, absolute: CPU by process (ms; "server" is the shared Temporal server, "client" the bench process driving the load; the floor has no API), writes to the server's visibility store (its own metrics), and call latencies (ms):\n\n${t2}`;
}

function anatomy(a: Record<string, Anatomy | null>): string {
  const names = Object.keys(a).filter((k) => a[k]);
  if (!names.length) return '';
  const phases: [keyof Anatomy, string][] = [
    ['taskWait', 'admitted → workflow task started'],
    ['task', 'workflow task (validator, handler, local activities)'],
    ['activityWait', 'activity scheduled → started'],
    ['activityRun', 'activity (projection, outbox)'],
    ['secondTaskWait', 'activity done → second workflow task started'],
    ['secondTask', 'second workflow task (answers the Update)'],
    ['total', 'total, server clock'],
    ['workflowTasks', 'workflow tasks per Update'],
    ['activityTasks', 'activity tasks per Update'],
    ['events', 'history events per Update'],
  ];
  return table(
    ['phase (p50, ms)', ...names],
    phases.map(([k, label]) => [label, ...names.map((n) => (a[n]![k] as { p50: number }).p50)]),
  );
}

/** The three figures of the store's move (issue 26 item 9), as [figure, value] rows; empty when none was measured. */
export function storeFigures(r: Results): [string, string][] {
  const rows: [string, string][] = [];
  const calls = r.store?.storeCall;
  if (calls && !('error' in calls)) for (const [k, f] of Object.entries(calls)) rows.push([`store call CPU on ${k} (ms per call, caller + backends)`, `${f.cpuMsPerJob.total} (${f.cpuMsPerJob.caller} + ${f.cpuMsPerJob.backend}); wall p50 ${f.msPerJob.p50} ms, p99 ${f.msPerJob.p99} ms; ${f.jobs} calls`]);
  for (const l of r.latency?.levels ?? []) {
    const c = l.variants.current;
    if (c) rows.push([`decision p50, ${l.officers} officer${l.officers === 1 ? '' : 's'} (current)`, `${c.p50} ms (p99 ${c.p99} ms, n ${c.n}${c.failed ? `, ${c.failed} failed` : ''}); baseline Update p50 ${l.variants.baseline?.p50} ms`]);
  }
  if (r.reads) for (const q of r.reads.queries.filter((x) => x.name.startsWith('inbox'))) rows.push([`${q.name}, ${r.reads.cases.toLocaleString('en')} cases: p99`, `${q.latency.p99} ms (p50 ${q.latency.p50} ms, n ${q.latency.n})`]);
  return rows;
}

export function renderMarkdown(all: Results): string {
  // A stage that failed carries { error } instead of its figures: named, and left out of the tables.
  const failed = Object.entries(all).filter(([, v]) => v && typeof v === 'object' && 'error' in (v as object));
  const r = Object.fromEntries(Object.entries(all).filter(([, v]) => !(v && typeof v === 'object' && 'error' in (v as object)))) as Results;
  const m = r.machine as Record<string, unknown>;
  const out: string[] = [];
  out.push(`# Benchmark results (${r.mode})`);
  out.push('');
  out.push(`\`${r.command}\` · started ${r.startedAt} · ${r.elapsedSeconds} s · status: ${String(r.status).split('\n')[0]}`);
  out.push('');
  const env = Object.entries((r.env as Record<string, string> | undefined) ?? {});
  if (env.length) out.push(`Run with ${env.map(([k, v]) => `${k}=${v}`).join(' ')} in every process's environment.`, '');
  const caseStore = (r.settings as { caseStore?: string } | undefined)?.caseStore;
  if (caseStore) out.push(`Case store: ${caseStore}`, '');
  const commits = (r.settings as { commits?: { current?: string | null; proposed?: string | null } } | undefined)?.commits;
  if (commits) out.push(`Code: current ${commits.current ?? 'not in git'}${commits.proposed !== undefined ? `, proposed ${commits.proposed ?? 'not in git'}` : ''}`, '');
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; Temporal SDK ${m.temporalSdk}, ${m.temporalCli}. Load average at start ${JSON.stringify(m.loadAverageAtStart)}${m.loadAverageAtEnd ? `, at end ${JSON.stringify(m.loadAverageAtEnd)}` : ''} (a shared machine: the ratios, measured side by side, are the figures to read).`);
  out.push('');
  const targetRows = Array.isArray(all.targets) ? (all.targets as { id: string; target: string; measured: number | null; met: boolean | null; note: string }[]) : [];
  if (targetRows.length) {
    out.push('## Targets, by id (`targets` in the JSON)');
    out.push('');
    out.push('| id | target | measured | met | how |');
    out.push('| --- | --- | --- | --- | --- |');
    for (const t of targetRows) out.push(`| ${t.id} | ${t.target} | ${t.measured ?? '—'} | ${t.met === null ? 'not measured' : t.met ? 'yes' : 'no'} | ${t.note} |`);
    out.push('');
  }
  out.push('Variants: **baseline** = the floor, bare Temporal (same six Updates, no logic, no HTTP, no codec); **edge** = bare + edge, a minimal fastify API (bearer map, JSON.stringify) with the same codec and request bodies in front of a small case workflow (bench/edge/, bench/workflows/edge.ts); **current** = the case system as it is; **proposed** = another checkout or environment (`--proposed <dir>`, `--proposed-env K=V`, named in the JSON `settings`), when a change is being tried.');
  out.push('');
  for (const x of (r.reruns as { stages: string[]; startedAt: string; loadAverageAtStart: number[] }[] | undefined) ?? []) {
    out.push(`Re-run into these results: ${x.stages.join(', ')} at ${x.startedAt} (load average ${JSON.stringify(x.loadAverageAtStart)}).`, '');
  }
  for (const [k, v] of failed) out.push(`**Stage ${k} failed**: ${String((v as { error: string }).error).split('\n')[0]}`, '');
  if (r.failedRequests) {
    out.push(`Failed requests per stage: ${Object.entries(r.failedRequests).map(([k, x]) => `${k} ${x === null || Number.isNaN(x) ? 'stage failed' : x}`).join(', ')}.`, '');
  }
  const key = storeFigures(r);
  if (key.length) out.push('## The case store\'s figures (issue 26: SQLite and PostgreSQL side by side, one run per store)', '', table(['figure', 'value'], key), '');
  out.push('## Targets');
  out.push('');
  out.push(targets(r));
  if (r.overhead) {
    out.push('', '## 1. Lifecycles per second against the floor and bare + edge', '', overhead(r.overhead));
  }
  if (r.latency) {
    out.push('', '## 2. Decision latency (request to answer over HTTP; baseline: its Update)', '');
    out.push(
      table(
        ['officers at once', 'variant', 'n', 'p50', 'p95', 'p99', 'max', 'failed'],
        r.latency.levels.flatMap((l) => Object.entries(l.variants).map(([k, v]) => [l.officers, k, v.n, v.p50, v.p95, v.p99, v.max, v.failed])),
      ),
    );
    const an = anatomy(r.latency.anatomy);
    if (an) out.push('', 'Where an Update\'s time goes (every Update of sampled lifecycles, from their histories):', '', an);
  }
  if (r.openloop) {
    const o = r.openloop;
    out.push('', `## Open loop: decisions arriving at ${o.rate}/s for ${o.seconds} s (Poisson, the same schedule for every variant), request to answer (ms)`, '');
    out.push(table(['variant', 'n', 'p50', 'p95', 'p99', 'max', 'CPU ms per decision', 'sent late', 'failed'], Object.entries(o.variants).map(([k, v]) => [k, v.n, v.p50, v.p95, v.p99, v.max, v.cpuMsPerDecision.total, v.sentLate, v.failed])));
    out.push('', `Ratios p50: ${Object.entries(o.p50Ratios).map(([k, x]) => `${k} ${x}`).join(', ')}; p99: ${Object.entries(o.p99Ratios).map(([k, x]) => `${k} ${x}`).join(', ')}.`);
  }
  if (r.evicted) {
    const e = r.evicted;
    out.push('', `## Decisions on evicted cases (${e.cases} opened on a worker caching ${e.cache}, ${e.concurrency} at once; Core's metrics count the cache misses)`, '');
    out.push(
      table(
        ['variant', 'cached: p50 / p99', 'evicted: p50 / p95 / p99', 'decisions', 'cache misses', 'history fetches', 'CPU ms per evicted decision (server / worker / api / total)', 'failed'],
        Object.entries(e.variants).map(([k, v]) => [k, `${v.cached.p50} / ${v.cached.p99}`, `${v.evicted.p50} / ${v.evicted.p95} / ${v.evicted.p99}`, v.evicted.n, v.core.misses, v.core.historyFetches, `${v.cpuMsPerEvictedDecision.server} / ${v.cpuMsPerEvictedDecision.worker} / ${v.cpuMsPerEvictedDecision.api ?? '–'} / ${v.cpuMsPerEvictedDecision.total}`, v.failed]),
      ),
    );
    out.push('', `Ratios of the evicted p50: ${Object.entries(e.p50Ratios).map(([k, x]) => `${k} ${x}`).join(', ')}.`);
  }
  if (r.peak) {
    const k = r.peak;
    out.push('', `## The 17:30 peak: ${k.opened} windows ending at one instant`, '');
    out.push(
      table(
        ['windows', 'server frozen', 'escalated before', 'drain', 'escalations/s', 'escalated after the instant: p50 / p99 / max', 'workflow acted: p50 / p99', 'cache misses', 'missing'],
        [[k.opened, `${k.frozenSeconds} s`, k.escalatedBeforeFreeze, `${k.drainSeconds} s`, k.escalationsPerSecond, `${sec(k.lateAfterInstant.p50)} / ${sec(k.lateAfterInstant.p99)} / ${sec(k.lateAfterInstant.max)}`, `${sec(k.workflowActed.p50)} / ${sec(k.workflowActed.p99)}`, k.core.misses, k.missing]],
      ),
    );
    const f = k.floor;
    if (f && 'error' in f) out.push('', `The floor at the same instant did not run: ${f.error}`);
    else if (f) {
      out.push('', 'The floor at the same instant (bare timers on a warm worker, the server frozen across it; closed, after the instant):', '');
      out.push(table(['timers', 'server frozen', 'drain', 'timers/s', 'closed after the instant: p50 / p99 / max', 'missing'], [[f.workflows, `${f.frozenSeconds} s`, `${f.drainSeconds} s`, f.timersPerSecond, `${sec(f.lateAfterInstant.p50)} / ${sec(f.lateAfterInstant.p99)} / ${sec(f.lateAfterInstant.max)}`, f.missing]]));
    }
  }
  if (r.memory) {
    const m = r.memory;
    out.push('', `## 5. Worker memory: ${m.base} open workflows each (the worker's one-time costs), then ${m.open} more, side by side`, '');
    out.push(table(['variant', 'worker RSS fresh, MiB', `with ${m.base} open`, `with ${m.base + m.open} open`, `per open workflow beyond ${m.base}, KiB`, 'failed opens'], Object.entries(m.variants).map(([k, v]) => [k, v.freshMiB, v.beforeMiB, v.afterMiB, v.perOpenKiB, v.failed])));
  }
  if (r.deadlines) {
    const d = r.deadlines;
    out.push('', '## 3. Deadlines due at once', '');
    out.push(
      table(
        ['open cases', 'tier-1 window', 'deadline span', 'worker held', 'drain', 'escalations/s', 'escalated after due: p50 / p99 / max', 'workflow acted: p50 / p99', 'missing'],
        [[d.opened, `${d.windowSeconds} s`, `${d.deadlineSpanSeconds} s`, `${d.heldSeconds} s`, `${d.drainSeconds} s`, d.escalationsPerSecond, `${sec(d.delayAfterRelease.p50)} / ${sec(d.delayAfterRelease.p99)} / ${sec(d.delayAfterRelease.max)}`, `${sec(d.workflowActedAfterRelease.p50)} / ${sec(d.workflowActedAfterRelease.p99)}`, d.missing]],
      ),
    );
  }
  if (r.reads) {
    const x = r.reads;
    out.push('', `## 4. Reads with ${x.cases.toLocaleString('en')} cases in the read model (${x.open.toLocaleString('en')} open; loaded in ${x.loadSeconds} s, ${x.dbMiB} MiB), one request at a time over HTTP`, '');
    out.push(table(['query', 'items', 'p50', 'p95', 'p99', 'max'], x.queries.map((q) => [q.name, q.items, q.latency.p50, q.latency.p95, q.latency.p99, q.latency.max])));
    if (x.inboxQuery?.length) {
      out.push('', 'The inbox\'s own query in-process (ms): as written in api/routes/inbox.ts (every open case, all columns, sorted and paged in JavaScript) and as proposed (summary columns, sorted and paged by SQLite, counted apart):', '');
      out.push(table(['officer', 'open cases', 'as written p50 / p99', 'proposed p50 / p99', 'speed-up (p50)'], x.inboxQuery.map((q) => [q.officer, q.open, `${q.asWritten.p50} / ${q.asWritten.p99}`, `${q.proposed.p50} / ${q.proposed.p99}`, q.speedup])));
    }
    if (x.listQuery?.length) {
      out.push('', 'Case-list queries in-process (ms): as written in api/routes/cases.ts, the same with an index on cases(created_at, id), and as proposed (summary columns, unit scope as EXISTS, with the index):', '');
      out.push(table(['query', 'as written p50 / p99', 'index only p50 / p99', 'proposed p50 / p99', 'speed-up (p50)'], x.listQuery.map((q) => [q.query, `${q.asWritten.p50} / ${q.asWritten.p99}`, `${q.withIndex.p50} / ${q.withIndex.p99}`, `${q.proposed.p50} / ${q.proposed.p99}`, q.speedup])));
    }
  }
  if (r.growth) {
    const g = r.growth;
    out.push('', `## 5–6. Memory and cost as open cases pile up (worker cache: ${g.cacheSize} workflows)`, '');
    out.push(
      table(
        ['open cases', 'worker RSS MiB', 'per open case KiB', 'per cached case KiB', 'server RSS MiB', 'Temporal db MiB', 'read model MiB', `${g.variant} /s`, 'edge /s', 'floor /s', 'ratio to the floor', 'new-case decision p50 / p99', 'floor Update p50', 'old-case decision p50 / p99 (cache misses)', 'jobs confirmed after, p50 / p99 ms (still waiting)', 'failed intakes (taken in with 202)'],
        [
          [0, `${g.zero.warm.workerRssMiB} (cold ${g.zero.cold.workerRssMiB})`, '', '', g.zero.warm.serverRssMiB, g.zero.warm.temporalDbMiB, g.zero.warm.readModelMiB],
          ...g.levels.map((l) => [
            l.open,
            l.memory.workerRssMiB,
            l.perOpenCaseKiB,
            l.perCachedCaseKiB,
            l.memory.serverRssMiB,
            l.memory.temporalDbMiB,
            l.memory.readModelMiB,
            l.lifecycles[g.variant]?.perSecond,
            l.lifecycles.edge?.perSecond,
            l.lifecycles.baseline.perSecond,
            l.throughputRatio,
            `${l.lifecycles[g.variant]?.decision.p50} / ${l.lifecycles[g.variant]?.decision.p99}`,
            l.lifecycles.baseline.decision.p50,
            `${l.oldCaseDecision.p50} / ${l.oldCaseDecision.p99}${l.oldCaseCore ? ` (${l.oldCaseCore.misses})` : ''}`,
            l.confirmation ? `${l.confirmation.waits.p50} / ${l.confirmation.waits.p99} (${l.confirmation.unconfirmed})` : '–',
            `${l.failedIntakes} (${l.pendingIntakes ?? 0})`,
          ]),
        ],
      ),
    );
    out.push('', `Worker RSS as cases were opened: ${g.series.map((p) => `${p.open}: ${p.workerRssMiB}`).join(', ')} (MiB).`);
    for (const l of g.levels) {
      if (l.workerThreads?.length) out.push('', `Case worker CPU by thread during the rounds at ${l.open} open (ms; tid relative to the pid: +0 the main JS thread, the four "node" threads just after it V8's platform workers, where concurrent GC runs): ${l.workerThreads.map((t) => `${t.comm}(+${t.tid}) ${t.ms}`).join(', ')}.`);
    }
    if (g.workerDied) out.push('', `**The case worker died** with ${g.workerDied.atOpen} open cases (exit ${g.workerDied.exit}). Last output:`, '', '```', g.workerDied.logTail.split('\n').slice(-15).join('\n'), '```');
  }
  if (r.store?.storeCall && !('error' in r.store.storeCall)) {
    out.push('', `## The store call alone (activities/store-call.ts caseJob in the bench process: a case's start, then an escalation; ms per call)`, '');
    out.push(table(['store', 'calls', 'p50', 'p95', 'p99', 'CPU ms per call: caller', 'PostgreSQL backends', 'total'], Object.entries(r.store.storeCall).map(([k, f]) => [k, f.jobs, f.msPerJob.p50, f.msPerJob.p95, f.msPerJob.p99, f.cpuMsPerJob.caller, f.cpuMsPerJob.backend, f.cpuMsPerJob.total])));
  }
  if (r.store) {
    out.push('', `## The dev server's store as the ceiling (concurrency ${r.store.concurrency})`, '');
    const pgCol = Object.values(r.store.runs).some((v) => 'store' in v.cpuMsPerLifecycle);
    out.push(
      table(
        ['run', 'lifecycles/s', 'server CPU ms per lifecycle', ...(pgCol ? ['case store (PostgreSQL) CPU ms per lifecycle'] : []), 'total CPU ms per lifecycle', 'decision p50'],
        Object.entries(r.store.runs).map(([k, v]) => [k, v.perSecond, v.cpuMsPerLifecycle.server, ...(pgCol ? [v.cpuMsPerLifecycle.store] : []), v.cpuMsPerLifecycle.total, v.decision.p50]),
      ),
    );
  }
  for (const p of r.profile ?? []) {
    out.push('', `## Profile, ${p.variant} (node --cpu-prof, ${p.lifecycles} lifecycles in ${p.seconds} s at concurrency ${p.concurrency}, samples of the load only; busy ms per lifecycle in brackets)`, '');
    for (const proc of p.processes) {
      for (const t of proc.threads) {
        out.push(`**${proc.process}, ${t.thread}**: busy ${t.busyMs} ms of ${t.wallMs} ms (${Math.round(t.busyMs / (p.lifecycles || 1))} ms per lifecycle).`, '');
        out.push(`- by origin: ${t.byOrigin.slice(0, 7).map((f) => `${f.frame} ${f.share} %`).join(', ')}`);
        out.push(`- top frames (self): ${t.selfTop.slice(0, 8).map((f) => `\`${f.frame}\` ${f.share} %`).join(', ')}`);
        if (t.ownInclusive.length) out.push(`- our code (inclusive): ${t.ownInclusive.slice(0, 6).map((f) => `\`${f.frame}\` ${f.share} %`).join(', ')}`);
        out.push('');
      }
    }
  }
  return out.join('\n') + '\n';
}
