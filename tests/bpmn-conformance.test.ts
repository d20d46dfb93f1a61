// The drawing is the code: for generated sequences of decisions, lapses, children's outcomes,
// vacancies and withdrawals, the case engine's transition functions and an independent BPMN engine
// (bpmn-engine) running the generated model take the same paths and end in the same state; every
// element of the model is reached by some sequence; and a model with one condition flipped is caught.
// With UPDATE_CONFORMANCE_REPORT=1 (npm run conformance) the run is written to docs/conformance.md
// and docs/conformance.json for the administrators.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProcessXml } from '../bpmn/generate.js';
import { buildProcessModels, decisionFlowId, type ProcessModels } from '../domain/process.js';
import { ELEMENT } from '../domain/elements.js';
import { elementForStep } from '../domain/steps.js';
import { CaseSim } from './support/engine-sim.js';
import { KNOWN_DIFFERENCES, WALKS, firstDifference, runBoth, scenarioArb, type RunResult, type Scenario } from './support/conformance.js';
import { buildConformanceReport, renderConformanceMarkdown } from './support/conformance-report.js';

const SEED = 20261130;
const RUNS = 200;

/** Both sides agree on one scenario, or the message says where they part. */
function verdict(r: RunResult): string | null {
  if (r.errors.length) return r.errors.join('; ');
  if (JSON.stringify(r.engine) !== JSON.stringify(r.bpmn)) return firstDifference(r.engine, r.bpmn);
  if (r.engineEnd !== r.bpmnEnd) return `end state: engine ${r.engineEnd}, bpmn-engine ${r.bpmnEnd}`;
  return null;
}

const allElements = (m: ProcessModels) => [m.case, m.unitPart, m.consultation].flatMap((p) => [...p.nodes.map((n) => n.id), ...p.flows.map((f) => f.id)]);

describe('the generated BPMN model and the case engine take the same paths (bpmn-engine)', () => {
  let xml: string;
  let models: ProcessModels;
  beforeAll(async () => {
    xml = await generateProcessXml();
    models = buildProcessModels();
  });

  it(`agrees on ${RUNS} generated sequences and reaches every element of the model`, async () => {
    const started = Date.now();
    const runs: { scenario: Scenario; result: RunResult }[] = [];
    for (const scenario of WALKS) {
      const result = await runBoth(scenario, xml, models);
      expect(verdict(result), JSON.stringify(scenario.cmds)).toBeNull();
      runs.push({ scenario, result });
    }
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const result = await runBoth(scenario, xml, models);
        const why = verdict(result);
        if (why) throw new Error(`${why}\n  engine:      ${result.engine.join(' → ')}\n  bpmn-engine: ${result.bpmn.join(' → ')}`);
        runs.push({ scenario, result });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(runs).toHaveLength(WALKS.length + RUNS);

    const covered = new Set(runs.flatMap((r) => [...r.result.covered]));
    const missing = allElements(models).filter((id) => !covered.has(id));
    expect(missing, 'elements no sequence reached').toEqual([]);

    if (process.env.UPDATE_CONFORMANCE_REPORT) {
      const report = buildConformanceReport({ seed: SEED, walks: WALKS.length, known: KNOWN_DIFFERENCES, runs, models, xml, at: new Date(), ms: Date.now() - started });
      const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
      writeFileSync(join(docs, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(join(docs, 'conformance.md'), renderConformanceMarkdown(report));
    }
  }, 180_000);

  it("draws the reminder a lapse at the city records on the city's overdue end, not on its reminder timer", () => {
    const sim = new CaseSim();
    for (let i = 0; i < 3; i++) sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    sim.decide({ action: 'refer_to_city', suggestions: 's' });
    sim.tick(); // the reminder
    sim.tick(); // the lapse
    const [lapse, reminder] = sim.state.timeline.slice(-2);
    expect([lapse.action, reminder.action]).toEqual(['deadline_lapsed', 'reminded']);
    expect(elementForStep(reminder)).toBe(ELEMENT.overdue('city'));
    expect(sim.state.timeline.slice(-3, -2).map(elementForStep)).toEqual([ELEMENT.reminder('city')]);
  });

  it('catches a model with one condition flipped, and names the shortest sequence that shows it', async () => {
    // Tier 2's escalation flow taken when the decision is anything but an escalation.
    const flow = decisionFlowId('2', 'escalate');
    const right = `next(null, environment.variables.decision.action === "escalate")`;
    const at = xml.indexOf(`id="${flow}"`);
    const end = xml.indexOf('</bpmn:sequenceFlow>', at);
    const original = xml.slice(at, end);
    expect(original).toContain(right);
    const wrong = xml.slice(0, at) + original.replace(right, `next(null, environment.variables.decision.action !== "escalate")`) + xml.slice(end);

    const out = await fc.check(
      fc.asyncProperty(scenarioArb, async (scenario) => verdict(await runBoth(scenario, wrong, models)) === null),
      { numRuns: RUNS, seed: SEED },
    );
    expect(out.failed).toBe(true);
    const [shortest] = out.counterexample!;
    const r = await runBoth(shortest, wrong, models);
    expect(verdict(r)).not.toBeNull();
    // Shrunk to a handful of events that lead to tier 2 and decide there.
    expect(shortest.cmds.length).toBeLessThanOrEqual(4);
  }, 180_000);
});
