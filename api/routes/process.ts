// The process as BPMN 2.0 (GET /v1/process.bpmn), each case walked over it (GET /v1/cases/{id}/trace),
// and the pages that draw them with bpmn-js' prebuilt viewer: /cases/{id} (one case on the process)
// and /process (the model alone); their Content-Security-Policy is the app's (api/edge.ts). Registered without a prefix: its paths span /v1, the pages and
// /assets. The pages are static; what they show comes from the API with the caller's own token, so
// the API's access rules are the only ones.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateProcessXml, DIAGRAM_IDS } from '../../bpmn/generate.js';
import { CASE_PROCESS_ID, buildCaseProcess, traceCase, type TraceStep } from '../../domain/process.js';
import { STEP_LABELS } from '../../domain/steps.js';
import type { Policy } from '../../domain/policy.js';
import { loadConfig, loadPolicy } from '../../config.js';
import { bearerSecurity } from '../auth.js';
import { DRAWING_PAGE_HELMET } from '../edge.js';
import { ProblemSchema } from '../errors.js';
import { loadCaseFor, stepsOf } from '../case-view.js';
import type { ConformanceReport } from '../../domain/conformance-report.js';

const require = createRequire(import.meta.url);
const own = (name: string) => readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');
const vendor = (path: string) => readFileSync(require.resolve(`bpmn-js/dist/${path}`), 'utf8');

const TraceSchema = z
  .object({
    caseId: z.string(),
    processId: z.string(),
    diagramId: z.string(),
    current: z.string().nullable(),
    visited: z.array(z.string()).describe('Elements (nodes and sequence flows) the case passed through and left, first visit first'),
    steps: z.array(z.object({ seq: z.number().int(), action: z.string(), elementId: z.string().nullable(), label: z.string(), labelEn: z.string() })),
    timeSpentMs: z.record(z.string(), z.number()).describe('Time the case waited at each task, in ms'),
    fired: z.record(z.string(), z.number().int()).describe('How often each timer fired (lapsed deadlines, reminders)'),
  })
  .meta({ id: 'CaseTrace' });

export interface ProcessRoutesOptions {
  /** The deadline policy the timers are drawn from; by default the one the worker loads (ESCALATION_POLICY). */
  policy?: Policy;
}

const processRoutes: FastifyPluginAsyncZod<ProcessRoutesOptions> = async (app, opts) => {
  const { db } = app.deps;
  const policy = opts.policy ?? loadPolicy(loadConfig().policyFile);
  const model = buildCaseProcess({ policy });
  let xml: Promise<string> | null = null;
  const processXml = () => (xml ??= generateProcessXml(policy));

  app.get(
    '/v1/process.bpmn',
    {
      schema: {
        tags: ['process'],
        summary: 'The process as BPMN 2.0 XML (流程图)',
        description:
          'Generated from the rules the case workflow runs and the deadline policy: the case process, the unit-part process its coordination calls and the city consultation, each with a diagram. Element ids match the `elementId` of timeline steps.',
        response: { 200: { description: 'BPMN 2.0 XML', content: { 'application/xml': { schema: z.string() } } } },
      },
    },
    async (_req, reply) => reply.type('application/xml; charset=utf-8').header('cache-control', 'no-cache').send(await processXml()),
  );

  app.get(
    '/v1/cases/:id/trace',
    {
      schema: {
        tags: ['process'],
        summary: 'Where the case went on the process diagram',
        description: 'The timeline walked over the case process: the elements it passed through, where it stands, time spent at each task and the timers that fired. Same access as the case itself.',
        security: [...bearerSecurity, {}],
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ trackingCode: z.string().max(64).optional() }),
        response: { 200: TraceSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => {
      const { row } = (await loadCaseFor(db, req, req.params.id, req.query.trackingCode));
      const steps: TraceStep[] = (await stepsOf(db, row.id)).map((s) => ({
        ...s,
        // The workflow records the element on new steps; older steps get it computed.
        elementId: (s as { elementId?: string }).elementId ?? (typeof s.data?.elementId === 'string' ? s.data.elementId : undefined),
      }));
      const trace = traceCase(model, steps, Date.now());
      return {
        caseId: row.id,
        processId: CASE_PROCESS_ID,
        diagramId: DIAGRAM_IDS.case,
        current: trace.current,
        visited: trace.visited,
        steps: trace.steps.map((s, i) => {
          const action = steps[i].action;
          const l = STEP_LABELS[action as keyof typeof STEP_LABELS] ?? { label: action, labelEn: action };
          return { seq: s.seq, action, elementId: s.elementId, label: l.label, labelEn: l.labelEn };
        }),
        timeSpentMs: trace.timeSpentMs,
        fired: trace.fired,
      };
    },
  );

  // ---- pages and their assets (no bundler: bpmn-js' own prebuilt viewer) ----
  const assets: Record<string, { type: string; body: () => string }> = {
    'bpmn-navigated-viewer.js': { type: 'text/javascript; charset=utf-8', body: () => vendor('bpmn-navigated-viewer.production.min.js') },
    'diagram-js.css': { type: 'text/css; charset=utf-8', body: () => vendor('assets/diagram-js.css') },
    'bpmn-js.css': { type: 'text/css; charset=utf-8', body: () => vendor('assets/bpmn-js.css') },
    'case-drawing.js': { type: 'text/javascript; charset=utf-8', body: () => own('case-drawing.js') },
    'process-page.js': { type: 'text/javascript; charset=utf-8', body: () => own('process-page.js') },
    'process-page.css': { type: 'text/css; charset=utf-8', body: () => own('process-page.css') },
  };
  for (const [name, a] of Object.entries(assets)) {
    let body: string | null = null;
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (_req, reply) =>
      reply.type(a.type).header('cache-control', 'no-cache').send((body ??= a.body())),
    );
  }

  const page = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(own('process-page.html'));
  app.get('/cases/:id', { helmet: DRAWING_PAGE_HELMET, schema: { hide: true, params: z.object({ id: z.string().max(64) }) } }, async (_req, reply) => page(reply));
  app.get('/process', { helmet: DRAWING_PAGE_HELMET, schema: { hide: true } }, async (_req, reply) => page(reply));
  // The last conformance run (npm run conformance writes docs/conformance.json): is the drawing what the system does?
  app.get('/process/conformance', { helmet: DRAWING_PAGE_HELMET, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(conformancePage(readConformance())),
  );
};

const esc = (x: unknown) => String(x).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readConformance(): ConformanceReport | null {
  try {
    return JSON.parse(readFileSync(new URL('../../docs/conformance.json', import.meta.url), 'utf8')) as ConformanceReport;
  } catch {
    return null;
  }
}

/** The report as a page: plain HTML, nothing to run. */
function conformancePage(r: ConformanceReport | null): string {
  const head = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>流程图一致性检验 (BPMN conformance)</title></head><body>
<h1>流程图一致性检验 (BPMN conformance)</h1>
<p><a href="/process">流程图 (the process)</a> · <a href="/v1/process.bpmn">BPMN 2.0 XML</a></p>`;
  if (!r) return `${head}<p>尚无检验记录 (no conformance run recorded): run <code>npm run conformance</code>.</p></body></html>`;
  const rows = r.processes
    .map((p) => `<tr><td><code>${esc(p.id)}</code></td><td>${esc(p.name)}</td><td>${esc(p.covered)} / ${esc(p.elements)}</td><td>${p.missing.length ? p.missing.map((m) => `<code>${esc(m)}</code>`).join(', ') : '—'}</td></tr>`)
    .join('\n');
  const outside = Object.entries(r.outsideTheModel)
    .map(([k, n]) => `<tr><td>${esc(k)}</td><td>${esc(n)}</td></tr>`)
    .join('\n');
  return `${head}
<p>Generated sequences of events were run through the case engine and, side by side, through an independent BPMN engine (${esc(r.engine)}) executing the drawn model. Each took the same elements in the same order and ended in the same state.</p>
<table>
<tr><th>上次检验 (last run)</th><td>${esc(r.generatedAt)}</td></tr>
<tr><th>序列 (sequences)</th><td>${esc(r.sequences)}, ${esc(r.agreed)} agreeing (${esc(r.sequences - r.walks)} generated from seed ${esc(r.seed)}, ${esc(r.walks)} written out)</td></tr>
<tr><th>事件 (events)</th><td>${esc(r.events)}</td></tr>
<tr><th>不同路径 (distinct paths)</th><td>${esc(r.distinctPaths)}</td></tr>
<tr><th>模型 (model sha256)</th><td><code>${esc(r.modelSha256)}</code></td></tr>
</table>
<h2>节点覆盖 (elements reached)</h2>
<table><tr><th>Process</th><th>Name</th><th>Reached</th><th>Not reached</th></tr>
${rows}</table>
<h2>未纳入流程图的情形 (what the model does not draw)</h2>
<table><tr><th>Event</th><th>Times left out</th></tr>
${outside || '<tr><td>—</td><td>0</td></tr>'}</table>
</body></html>`;
}

export default processRoutes;
