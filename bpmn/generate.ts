/// <reference path="./bpmn-moddle.d.ts" />
// BPMN 2.0 XML of the whole process, generated from the rules the workflow runs (domain/tiers.ts)
// and the deadline policy: the case process, the unit-part process its coordination calls, and the
// city consultation, each with its own diagram. Served at GET /v1/process.bpmn; opens in Camunda
// Modeler and bpmn.io. Nobody draws it by hand: change the rules and the diagram changes with them.
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { buildProcessModels, type ProcessModel, type ProcessNode } from '../domain/process.js';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.js';
import { TIER_RULES, type Tier, type TierRule } from '../domain/tiers.js';
import { layoutCaseProcess, layoutConsultationProcess, layoutUnitPartProcess, type Layout } from './layout.js';

/** Conditions are JavaScript expressions over the process variables (domain/process.ts SIMULATION_VARIABLES). */
export const CONDITION_LANGUAGE = 'javascript';
/** The extension namespace that says who executes the process and that a BPMN engine only simulates it. */
export const SIM_NAMESPACE = 'urn:escalate-before-no:simulation';
const SIM_PREFIX = 'ebn';

export const DIAGRAM_IDS = { case: 'Diagram_Case', unitPart: 'Diagram_UnitPart', consultation: 'Diagram_Consultation' } as const;

const TYPE: Record<ProcessNode['kind'], string> = {
  startEvent: 'bpmn:StartEvent',
  endEvent: 'bpmn:EndEvent',
  intermediateThrowEvent: 'bpmn:IntermediateThrowEvent',
  intermediateCatchEvent: 'bpmn:IntermediateCatchEvent',
  boundaryEvent: 'bpmn:BoundaryEvent',
  userTask: 'bpmn:UserTask',
  receiveTask: 'bpmn:ReceiveTask',
  callActivity: 'bpmn:CallActivity',
  exclusiveGateway: 'bpmn:ExclusiveGateway',
  eventBasedGateway: 'bpmn:EventBasedGateway',
  subProcess: 'bpmn:SubProcess',
};

function toModdle(moddle: BpmnModdle, model: ProcessModel, layout: Layout, diagramId: string) {
  const elements = new Map<string, ModdleElement>();
  // Each message event names its own message: a thrown reminder is no withdrawal (an engine matches
  // a message catch without a message to whatever message is thrown).
  const messages: ModdleElement[] = [];
  const docs = (text: string | undefined) => (text ? [moddle.create('bpmn:Documentation', { text })] : []);

  for (const n of model.nodes) {
    const attrs: Record<string, unknown> = { id: n.id };
    if (n.name) attrs.name = n.name;
    const doc = [n.documentation, n.timer ? `Timer (${n.timer.field}): ${n.timer.expression} — ${n.timer.text}` : undefined].filter(Boolean).join('\n');
    attrs.documentation = docs(doc || undefined);
    if (n.eventDefinition === 'timer' && n.timer) {
      const expr = moddle.create('bpmn:FormalExpression', { body: n.timer.expression });
      attrs.eventDefinitions = [moddle.create('bpmn:TimerEventDefinition', { [n.timer.field]: expr })];
    } else if (n.eventDefinition === 'message') {
      const message = moddle.create('bpmn:Message', { id: `Message_${n.id}`, name: `${n.name?.split('\n')[0] ?? ''} ${n.id}`.trim() });
      messages.push(message);
      attrs.eventDefinitions = [moddle.create('bpmn:MessageEventDefinition', { messageRef: message })];
    }
    if (n.kind === 'boundaryEvent') attrs.cancelActivity = n.cancelActivity !== false;
    if (n.kind === 'startEvent' && n.isInterrupting !== undefined) attrs.isInterrupting = n.isInterrupting;
    if (n.calledElement) attrs.calledElement = n.calledElement;
    if (n.multiInstance) {
      attrs.loopCharacteristics = moddle.create('bpmn:MultiInstanceLoopCharacteristics', {
        isSequential: false,
        ...(n.loopCardinality ? { loopCardinality: moddle.create('bpmn:FormalExpression', { body: n.loopCardinality }) } : {}),
      });
    }
    if (n.triggeredByEvent) {
      attrs.triggeredByEvent = true;
      attrs.flowElements = [];
    }
    const el = moddle.create(TYPE[n.kind], attrs);
    el.incoming = [];
    el.outgoing = [];
    elements.set(n.id, el);
  }
  for (const n of model.nodes) if (n.attachedTo) elements.get(n.id)!.attachedToRef = elements.get(n.attachedTo);

  const flows = new Map<string, ModdleElement>();
  for (const f of model.flows) {
    const source = elements.get(f.source)!;
    const target = elements.get(f.target)!;
    const flow = moddle.create('bpmn:SequenceFlow', {
      id: f.id,
      ...(f.name ? { name: f.name } : {}),
      sourceRef: source,
      targetRef: target,
      // JavaScript a BPMN engine evaluates (bpmn-engine hands the script `next(error, result)`).
      ...(f.condition ? { conditionExpression: moddle.create('bpmn:FormalExpression', { language: CONDITION_LANGUAGE, body: `next(null, ${f.condition})` }) } : {}),
    });
    (source.outgoing as ModdleElement[]).push(flow);
    (target.incoming as ModdleElement[]).push(flow);
    flows.set(f.id, flow);
  }

  const top: ModdleElement[] = [];
  const parentOf = (id: string) => model.nodes.find((n) => n.id === id)?.parent;
  for (const n of model.nodes) {
    const el = elements.get(n.id)!;
    if (n.parent) (elements.get(n.parent)!.flowElements as ModdleElement[]).push(el);
    else top.push(el);
  }
  for (const f of model.flows) {
    const parent = parentOf(f.source);
    if (parent) (elements.get(parent)!.flowElements as ModdleElement[]).push(flows.get(f.id)!);
    else top.push(flows.get(f.id)!);
  }
  const process = moddle.create('bpmn:Process', {
    id: model.id,
    name: model.name,
    // Temporal runs the case; the XML describes it. Its conditions and timers are executable so that a
    // BPMN engine can simulate it beside the workflow (the conformance test), which the attribute says.
    isExecutable: false,
    documentation: docs(model.documentation),
    flowElements: top,
  });
  process.set(`${SIM_PREFIX}:executedBy`, 'temporal-workflow');
  process.set(`${SIM_PREFIX}:bpmnEngine`, 'simulation');

  const bounds = (b: { x: number; y: number; width: number; height: number }) => moddle.create('dc:Bounds', { ...b });
  const planeElement: ModdleElement[] = [];
  for (const n of model.nodes) {
    const s = layout.shapes.get(n.id)!;
    planeElement.push(
      moddle.create('bpmndi:BPMNShape', {
        id: `${n.id}_di`,
        bpmnElement: elements.get(n.id),
        bounds: bounds(s.bounds),
        ...(n.kind === 'subProcess' ? { isExpanded: true } : {}),
        ...(n.kind === 'exclusiveGateway' ? { isMarkerVisible: true } : {}),
        ...(s.label ? { label: moddle.create('bpmndi:BPMNLabel', { bounds: bounds(s.label) }) } : {}),
      }),
    );
  }
  for (const f of model.flows) {
    const e = layout.edges.get(f.id)!;
    planeElement.push(
      moddle.create('bpmndi:BPMNEdge', {
        id: `${f.id}_di`,
        bpmnElement: flows.get(f.id),
        waypoint: e.points.map((p) => moddle.create('dc:Point', { x: p.x, y: p.y })),
        ...(e.label ? { label: moddle.create('bpmndi:BPMNLabel', { bounds: bounds(e.label) }) } : {}),
      }),
    );
  }
  const diagram = moddle.create('bpmndi:BPMNDiagram', {
    id: diagramId,
    name: model.name,
    plane: moddle.create('bpmndi:BPMNPlane', { id: `${diagramId}_plane`, bpmnElement: process, planeElement }),
  });
  return { process, diagram, messages };
}

/**
 * The process as BPMN 2.0 XML. `rules` defaults to the rules the workflow runs; a test passes a
 * changed table to see the diagram change with it.
 */
export async function generateProcessXml(policy: Policy = DEFAULT_POLICY, rules: Record<Tier, TierRule> = TIER_RULES): Promise<string> {
  const moddle = new BpmnModdle();
  const models = buildProcessModels({ rules, policy });
  const parts = [
    toModdle(moddle, models.case, layoutCaseProcess(models.case), DIAGRAM_IDS.case),
    toModdle(moddle, models.unitPart, layoutUnitPartProcess(models.unitPart), DIAGRAM_IDS.unitPart),
    toModdle(moddle, models.consultation, layoutConsultationProcess(models.consultation), DIAGRAM_IDS.consultation),
  ];
  const definitions = moddle.create('bpmn:Definitions', {
    id: 'Definitions_EscalateBeforeNo',
    name: '说"不"提级管理 (escalate before saying no)',
    targetNamespace: 'urn:escalate-before-no:process',
    exporter: 'escalate-before-no (bpmn/generate.ts)',
    exporterVersion: '1',
    rootElements: [...parts.flatMap((p) => p.messages), ...parts.map((p) => p.process)],
    diagrams: parts.map((p) => p.diagram),
  });
  definitions.set(`xmlns:${SIM_PREFIX}`, SIM_NAMESPACE);
  const { xml } = await moddle.toXML(definitions, { format: true });
  return xml;
}
