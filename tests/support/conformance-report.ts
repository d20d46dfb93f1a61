// The conformance run as administrators read it: docs/conformance.md (and .json, which the
// /process/conformance page shows): how many sequences, how many distinct paths, which elements were
// reached, and what the model leaves out.
import { createHash } from 'node:crypto';
import type { ProcessModels } from '../../domain/process.js';
import type { RunResult, Scenario } from './conformance.js';
import type { ConformanceReport } from '../../domain/conformance-report.js';

export function buildConformanceReport(o: { seed: number; walks: number; known: Record<string, string>; runs: { scenario: Scenario; result: RunResult }[]; models: ProcessModels; xml: string; at: Date; ms: number }): ConformanceReport {
  const coverage: Record<string, number> = {};
  for (const { result } of o.runs) for (const id of result.covered) coverage[id] = (coverage[id] ?? 0) + 1;
  const outside: Record<string, number> = {};
  for (const { result } of o.runs) for (const s of result.skipped) {
    const key = s.replace(/ at tier \S+| \(\w+\)$/g, '');
    outside[key] = (outside[key] ?? 0) + 1;
  }
  const processes = [o.models.case, o.models.unitPart, o.models.consultation].map((p) => {
    const ids = [...p.nodes.map((n) => n.id), ...p.flows.map((f) => f.id)];
    const missing = ids.filter((id) => !coverage[id]);
    return { id: p.id, name: p.name, elements: ids.length, covered: ids.length - missing.length, missing };
  });
  return {
    generatedAt: o.at.toISOString(),
    seed: o.seed,
    sequences: o.runs.length,
    walks: o.walks,
    agreed: o.runs.length,
    events: o.runs.reduce((n, r) => n + r.scenario.cmds.length, 0),
    distinctPaths: new Set(o.runs.map((r) => r.result.engine.join('>'))).size,
    durationMs: o.ms,
    modelSha256: createHash('sha256').update(o.xml).digest('hex'),
    engine: 'bpmn-engine 25.0.1 (bpmn-elements 17)',
    processes,
    coverage: Object.fromEntries(Object.entries(coverage).sort(([a], [b]) => a.localeCompare(b))),
    outsideTheModel: outside,
    knownDifferences: Object.entries(o.known).map(([key, description]) => ({ description, sequences: o.runs.filter((r) => r.result.known.includes(key)).length })),
  };
}

export function renderConformanceMarkdown(r: ConformanceReport): string {
  const rows = r.processes.map((p) => `| \`${p.id}\` | ${p.name} | ${p.covered} / ${p.elements} | ${p.missing.length ? p.missing.map((m) => `\`${m}\``).join(', ') : '—'} |`);
  const outside = Object.entries(r.outsideTheModel).map(([k, n]) => `| ${k} | ${n} |`);
  const known = r.knownDifferences.map((k) => `- ${k.description} (met in ${k.sequences} sequences)`);
  const cov = Object.entries(r.coverage).map(([id, n]) => `\`${id}\` ${n}`);
  return `# 流程图与系统一致性检验 (BPMN conformance)

*Written by \`npm run conformance\` (tests/bpmn-conformance.test.ts); do not edit by hand.*

The process diagram served at \`GET /v1/process.bpmn\` is the official description of the process
(绘制流程图). This report says how far it is proved to be what the system does: generated sequences of
events (decisions, deadline lapses, reminders, units' answers and failures, vacancies, hand-overs,
materials, withdrawals, ratings, city directives; supervision notices (督办), extensions, rectifications,
return visits, appeals and the aftercare) were run through the case engine's transition functions and,
side by side, through an independent BPMN engine (${r.engine}) executing the generated model. Every
sequence took the same elements in the same order on both, on each track (the case's own flow, and
each of supervision's event sub-processes that run beside it), and ended in the same state.

| | |
| --- | --- |
| Last run | ${r.generatedAt} |
| Sequences | ${r.sequences}, all agreeing: ${r.sequences - r.walks} generated (seed ${r.seed}), ${r.walks} written out to reach the far ends |
| Events in them | ${r.events} |
| Distinct paths through the model | ${r.distinctPaths} |
| Run time | ${(r.durationMs / 1000).toFixed(1)} s |
| Model checked (sha256) | \`${r.modelSha256.slice(0, 16)}…\` |

## Elements reached (节点覆盖)

An element (task, event, gateway or sequence flow) that no sequence reaches fails the run.

| Process | Name | Reached | Not reached |
| --- | --- | --- | --- |
${rows.join('\n')}

## What the model does not draw (未纳入流程图的情形)

The generator does not send these events, because the model has no path for them; each is a
difference between the drawing and the system that the efficiency office should know of.

| Event | Times left out |
| --- | --- |
${outside.join('\n') || '| — | 0 |'}

## Known differences, to be fixed in the case engine (已知差异)

Where the system's own record names another element than the model for the same event. The check
translates each and counts it; a test fails once the engine is fixed, so the exception goes with it.

${known.join('\n') || '—'}

## How the check works

- The case engine side: the element of every timeline step (what the workflow records on each step),
  then the element the case stands at (the task that holds it, or the end it reached).
- The BPMN side: bpmn-engine starts \`Process_Case\`, each user task is completed with the decision's
  data (its action: the gateways' conditions choose the way), each timer is fired when the case's own
  timer fired, each called process (a unit's part, the city consultation) is driven to the answer the
  child gave; the elements its token enters and the timers that fire are recorded.
- Joins and gateways are the engine's own way between named elements and are not compared; everything
  else must be equal, including the end.
- The model is marked \`isExecutable="false"\` (Temporal executes the case; \`ebn:bpmnEngine="simulation"\`):
  the check marks the case process executable for the simulation only.

## Reached per element (sequences)

${cov.join(' · ')}
`;
}
