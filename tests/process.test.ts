/// <reference path="../bpmn/bpmn-moddle.d.ts" />
// The process model: generated BPMN 2.0 that tools accept, one element for every decision the rules
// allow, timers from the policy, a diagram that follows the rules, and a case walked over it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { generateProcessXml, DIAGRAM_IDS } from '../bpmn/generate.js';
import { buildCaseProcess, decisionFlowId, traceCase, type TraceStep } from '../domain/process.js';
import { DRAWN_STEP_ACTIONS, elementForStep } from '../domain/steps.js';
import { ELEMENT } from '../domain/elements.js';
import { ACTIONS, ACTION_LABELS, TIERS, TIER_RULES, type Tier, type TierRule } from '../domain/tiers.js';
import { DEFAULT_POLICY, parsePolicy } from '../domain/policy.js';
import { startHarness, type Harness } from './support/harness.js';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as { Linter: new (o: unknown) => { lint(d: unknown): Promise<Record<string, { id: string; message: string; category: string }[]>> } };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new (o?: unknown) => unknown;

async function parse(xml: string) {
  const { rootElement, warnings, elementsById } = await new BpmnModdle().fromXML(xml);
  return { definitions: rootElement, warnings, byId: elementsById };
}

async function lint(definitions: ModdleElement) {
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver({ require }) });
  const reports = await linter.lint(definitions);
  return Object.entries(reports).flatMap(([rule, rs]) => rs.map((r) => `${r.category} ${rule} ${r.id}: ${r.message}`));
}

/** A copy of the rule table with some tiers' actions replaced. */
function rulesWith(changes: Partial<Record<Tier, TierRule['actions']>>): Record<Tier, TierRule> {
  const out = structuredClone(TIER_RULES) as Record<Tier, TierRule>;
  for (const [t, actions] of Object.entries(changes)) out[t as Tier] = { ...out[t as Tier], actions: actions! };
  return out;
}

const ref = (x: unknown) => (x as ModdleElement | undefined)?.id;

describe('the generated process (BPMN 2.0)', () => {
  let xml: string;
  let model: Awaited<ReturnType<typeof parse>>;
  beforeAll(async () => {
    xml = await generateProcessXml();
    model = await parse(xml);
  });

  it('parses back without warnings and passes bpmnlint\'s recommended rules without a single report', async () => {
    expect(model.warnings.map((w) => w.message)).toEqual([]);
    const processes = (model.definitions.rootElements as ModdleElement[]).filter((p) => p.$type === 'bpmn:Process').map((p) => p.id);
    expect(processes).toEqual(['Process_Case', 'Process_UnitPart', 'Process_Consultation']);
    expect((model.definitions.diagrams as ModdleElement[]).map((d) => d.id)).toEqual(Object.values(DIAGRAM_IDS));
    expect(await lint(model.definitions)).toEqual([]);
    // Chinese labels, English beside them.
    expect(model.byId.Task_Tier1.name).toBe('一级 首问负责人\n(first-contact owner)');
  });

  it('has a flow for every decision each tier allows, labelled as officers say it', () => {
    for (const t of TIERS) {
      for (const a of TIER_RULES[t].actions) {
        const flow = model.byId[decisionFlowId(t, a)];
        expect(flow, `${t}/${a}`).toBeDefined();
        expect(ref(flow.sourceRef)).toBe(ELEMENT.gateway(t));
        expect(flow.name).toContain(ACTION_LABELS[a].label);
      }
    }
    // Every action of the rules module is drawn somewhere (consult_city after a coordination).
    const flows = Object.values(model.byId).filter((e) => e.$type === 'bpmn:SequenceFlow');
    for (const a of ACTIONS) expect(flows.some((f) => String(f.name ?? '').includes(ACTION_LABELS[a].label)), a).toBe(true);
  });

  it('lets a refusal happen only after tier 4 and the city', () => {
    const into = (id: string) => (model.byId[id].incoming as ModdleElement[]).map((f) => ref(f.sourceRef));
    expect(into('Join_Refused').sort()).toEqual([ELEMENT.gateway('city'), ELEMENT.gateway('4')]);
  });

  it('gives every tier an escalating deadline and a non-interrupting reminder, timed from the policy', () => {
    for (const t of ['1', '2', '3', '4'] as const) {
      const deadline = model.byId[ELEMENT.deadline(t)];
      expect(deadline.cancelActivity).toBe(true);
      expect(ref(deadline.attachedToRef)).toBe(ELEMENT.task(t));
      const out = (deadline.outgoing as ModdleElement[])[0];
      expect(ref(out.targetRef)).toBe(t === '4' ? 'Join_City' : `Join_${ELEMENT.task(TIER_RULES[t].next!).slice(5)}`);
      expect(model.byId[ELEMENT.reminder(t)].cancelActivity).toBe(false);
    }
    // The city has no tier above: its lapse reminds and keeps the case.
    expect(model.byId[ELEMENT.deadline('city')].cancelActivity).toBe(false);
    const timer = (id: string) => ((model.byId[id].eventDefinitions as ModdleElement[])[0].timeDuration as ModdleElement).body;
    expect(timer(ELEMENT.deadline('1'))).toBe('P1D');
    // The city's window repeats: each lapse opens a fresh one.
    expect(((model.byId[ELEMENT.deadline('city')].eventDefinitions as ModdleElement[])[0].timeCycle as ModdleElement).body).toBe('R/P10D');
    expect(timer(ELEMENT.reminder('4'))).toBe('P2.25D'); // 75 % of 3 working days
    expect(String((model.byId[ELEMENT.deadline('1')].documentation as ModdleElement[])[0].text)).toContain('1 个工作日 (1 working day)');
  });

  it('names an existing element for every step the case workflow records', () => {
    const tierOf: Partial<Record<string, string>> = { escalated: '2', referred_to_city: 'city', directed: 'city', directive_done: 'city' };
    for (const action of DRAWN_STEP_ACTIONS) {
      const id = elementForStep({ action, tier: tierOf[action] ?? '1' });
      expect(id, action).not.toBeNull();
      expect(model.byId[id!], `${action} → ${id}`).toBeDefined();
    }
    expect(elementForStep({ action: 'reminded', tier: '2', data: { phase: 'materials' } })).toBe('Timer_Tier2_MaterialsReminder');
    expect(elementForStep({ action: 'deadline_lapsed', tier: 'city', data: { unitId: 'housing' } })).toBe(ELEMENT.directivesTimer);
    expect(elementForStep({ action: 'escalated', tier: '3', data: { reason: 'deadline_lapsed' } })).toBe('Task_Tier3');
    expect(elementForStep({ action: 'no_such_step', tier: '1' })).toBeNull();
  });

  it('changes with the rules and the policy: the rule table is the only source', async () => {
    const changed = rulesWith({
      '1': ['resolve', 'escalate', 'coordinate'], // no materials at tier 1
      '3': ['resolve', 'request_materials', 'escalate', 'coordinate', 'refuse'], // tier 3 may refuse
    });
    const policy = parsePolicy({ tiers: { '1': { duration: '30s' } }, reminderAt: 0.5 });
    const other = await generateProcessXml(policy, changed);
    expect(other).not.toBe(xml);
    const m = await parse(other);
    expect(m.warnings).toEqual([]);
    expect(await lint(m.definitions)).toEqual([]);
    expect(m.byId.Task_Tier1_Materials).toBeUndefined();
    expect(m.byId[decisionFlowId('1', 'request_materials')]).toBeUndefined();
    expect(ref(m.byId[decisionFlowId('3', 'refuse')].sourceRef)).toBe('Gateway_Tier3');
    expect((m.byId.Join_Refused.incoming as ModdleElement[]).map((f) => ref(f.sourceRef)).sort()).toEqual(['Gateway_City', 'Gateway_Tier3', 'Gateway_Tier4']);
    const timer = ((m.byId.Timer_Tier1_Deadline.eventDefinitions as ModdleElement[])[0].timeDuration as ModdleElement).body;
    expect(timer).toBe('PT30S');
    expect(m.byId.Timer_Tier1_Reminder.name).toContain('50%');

    // Without coordination anywhere, no call to the unit-part process is drawn.
    const none = rulesWith(Object.fromEntries(TIERS.map((t) => [t, TIER_RULES[t].actions.filter((a) => a !== 'coordinate')])));
    const plain = await parse(await generateProcessXml(DEFAULT_POLICY, none));
    expect(plain.byId.CallActivity_Coordination).toBeUndefined();
    expect(await lint(plain.definitions)).toEqual([]);
  });

  it('stays valid BPMN for any rule table, not only today\'s', async () => {
    let seed = 20210301;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 12; i++) {
      const table = Object.fromEntries(
        TIERS.map((t) => {
          const pool = ACTIONS.filter((a) => a !== 'consult_city' && !(a === 'escalate' && !TIER_RULES[t].next) && !(a === 'refer_to_city' && t === 'city'));
          const picked = pool.filter(() => random() < 0.5);
          return [t, picked.length ? picked : (['resolve'] as const)];
        }),
      );
      const m = await parse(await generateProcessXml({ ...DEFAULT_POLICY, reminderAt: i % 3 === 0 ? 0 : 0.75 }, rulesWith(table)));
      expect(m.warnings).toEqual([]);
      expect(await lint(m.definitions), JSON.stringify(table)).toEqual([]);
      for (const t of TIERS) for (const a of table[t]) expect(m.byId[decisionFlowId(t, a)], `${t}/${a}`).toBeDefined();
    }
  });
});

describe('a case walked over the process', () => {
  const model = buildCaseProcess();
  const t0 = Date.parse('2025-03-03T09:00:00+08:00');
  let seq = 0;
  const step = (minutes: number, action: string, tier: string, data?: Record<string, unknown>): TraceStep => ({
    seq: ++seq,
    at: new Date(t0 + minutes * 60_000).toISOString(),
    action,
    tier,
    ...(data ? { data } : {}),
  });

  it('follows a lapse, a materials loop, the resolution and a satisfied rating, with time and timers', () => {
    seq = 0;
    const steps = [
      step(0, 'received', '1'),
      step(0, 'assigned', '1'),
      step(45, 'reminded', '1'),
      step(60, 'deadline_lapsed', '1'),
      step(60, 'escalated', '2', { reason: 'deadline_lapsed', from: '1' }),
      step(90, 'materials_requested', '2'),
      step(100, 'reminded', '2', { phase: 'materials' }),
      step(120, 'materials_supplied', '2'),
      step(150, 'resolved', '2'),
      step(200, 'rated', '2', { rating: 'satisfied' }),
    ];
    // Rated: the case waits out its aftercare (return visits, appeals), then is archived.
    expect(traceCase(model, steps, t0 + 250 * 60_000).current).toBe(ELEMENT.aftercare);
    steps.push(step(260, 'aftercare_ended', '2', { end: 'closed' }));
    const tr = traceCase(model, steps, t0 + 300 * 60_000);
    expect(tr.current).toBe(ELEMENT.closed);
    expect(tr.visited).toEqual(expect.arrayContaining([
      'Timer_Tier1_Deadline', 'Flow_Timer_Tier1_Deadline_Join_Tier2', 'Task_Tier2', decisionFlowId('2', 'request_materials'),
      'Task_Tier2_Materials', 'Timer_Tier2_MaterialsReminder', 'Flow_Task_Tier2_Materials_Join_Tier2', decisionFlowId('2', 'resolve'),
      ELEMENT.resolved, ELEMENT.rating, 'Flow_Rating_satisfied', 'Timer_Tier1_Reminder', 'EndEvent_Tier1_Reminded',
    ]));
    // The way not taken stays unmarked: no decision flow out of tier 1, nothing of tier 3.
    expect(tr.visited.filter((id) => id.startsWith('Flow_Tier1_') || id.includes('Tier3'))).toEqual([]);
    expect(tr.fired).toEqual({ Timer_Tier1_Reminder: 1, Timer_Tier1_Deadline: 1, Timer_Tier2_MaterialsReminder: 1 });
    expect(tr.timeSpentMs.Task_Tier1).toBe(60 * 60_000);
    expect(tr.timeSpentMs.Task_Tier2).toBe((30 + 30) * 60_000);
    expect(tr.timeSpentMs.Task_Tier2_Materials).toBe(30 * 60_000);
    expect(tr.steps.map((s) => s.elementId)).toEqual([
      'StartEvent_Received', 'Task_Tier1', 'Timer_Tier1_Reminder', 'Timer_Tier1_Deadline', 'Task_Tier2',
      'Task_Tier2_Materials', 'Timer_Tier2_MaterialsReminder', 'Task_Tier2', 'Event_Resolved', 'Task_Rating', ELEMENT.aftercare,
    ]);
  });

  it('takes the refer-to-city flow, goes round the coordination loop, and reopens one tier up', () => {
    seq = 0;
    const steps = [
      step(0, 'received', '1'),
      step(0, 'assigned', '1'),
      step(5, 'coordinated', '1'),
      step(6, 'coordinated', '1'),
      step(9, 'part_answered', '1'),
      step(10, 'resolved', '1'),
      step(20, 'rated', '1', { rating: 'unsatisfied' }),
      step(20, 'reopened', '2'),
    ];
    const tr = traceCase(model, steps, t0 + 30 * 60_000);
    expect(tr.current).toBe('Task_Tier2');
    // The answers come back to the tier that led the coordination, which resolves with them.
    expect(tr.visited).toEqual(expect.arrayContaining([
      decisionFlowId('1', 'coordinate'), ELEMENT.coordination, 'Flow_Coordination_back_Tier1', decisionFlowId('1', 'resolve'),
      'Flow_Rating_reopen', 'Gateway_Reopen', 'Flow_Reopen_Tier2', 'Join_Tier2',
    ]));
    expect(tr.visited).not.toContain('Flow_Coordination_consult_city');
    expect(tr.timeSpentMs[ELEMENT.coordination]).toBe(5 * 60_000);

    seq = 0;
    const city = traceCase(model, [step(0, 'received', '1'), step(0, 'assigned', '1'), step(1, 'escalated', '2'), step(2, 'escalated', '3'), step(3, 'escalated', '4'), step(4, 'referred_to_city', 'city'), step(5, 'withdrawn', 'city')], t0 + 10 * 60_000);
    expect(city.visited).toContain(decisionFlowId('4', 'refer_to_city'));
    expect(city.visited).toContain('Task_City');
    expect(city.current).toBe(ELEMENT.withdrawEnd);
  });
});

describe('GET /v1/process.bpmn', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ withWorker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves the generated XML to anyone, and the OpenAPI document lists it and the case trace', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/v1/process.bpmn' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.body).toBe(await generateProcessXml(DEFAULT_POLICY));
    const api = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(api.paths['/v1/process.bpmn'].get.responses['200'].content)).toEqual(['application/xml']);
    expect(api.paths['/v1/cases/{id}/trace'].get.responses['200']).toBeDefined();

    // A trace is as private as its case: an unknown id gives nothing away.
    const anon = await h.app.inject({ method: 'GET', url: '/v1/cases/20250101-XXXXXX/trace', headers: h.as('housing.fc1') });
    expect(anon.statusCode).toBe(404);
    expect(anon.headers['content-type']).toMatch(/problem\+json/);
    const page = await h.app.inject({ method: 'GET', url: '/cases/20250101-XXXXXX' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('/assets/bpmn-navigated-viewer.js');
    const viewer = await h.app.inject({ method: 'GET', url: '/assets/bpmn-navigated-viewer.js' });
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body.length).toBeGreaterThan(100_000);
  });
});
