// The generated process run by an independent BPMN engine (bpmn-engine): the side of the conformance
// test that knows nothing of the case engine. It is driven the way the world drives a case: a user
// task completed with the decision's data, a timer fired, a called process answered as the child did.
// Where the token goes from there is for the engine to decide, from the model's own conditions.
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import { Activity, Timers } from 'bpmn-elements';
import { CASE_PROCESS_ID, type ProcessModels, type ProcessNode } from '../../domain/process.js';
import { ELEMENT, tierKey } from '../../domain/elements.js';

/** What bpmn-engine hands listeners and returns as postponed activities (the part used here). */
interface Api {
  id: string;
  executionId: string;
  type: string;
  environment: { variables: Record<string, unknown> };
  content: { parent?: { executionId?: string } };
  signal(message?: unknown): void;
}
interface TimerRef {
  /** The timer's message: the boundary or catch event, and the process instance it belongs to. */
  owner?: { id: string; parent?: { executionId?: string } };
  timerRef?: { fire: () => void };
  callback: (...args: unknown[]) => void;
  args: unknown[];
}
const processOf = (x: { content?: { parent?: { executionId?: string } }; parent?: { executionId?: string } } | undefined) => x?.content?.parent?.executionId ?? x?.parent?.executionId;

/**
 * Dead-path elimination stops at the first element. When an exclusive gateway takes one way,
 * bpmn-engine sends a "discard" down every way it did not take, element after element, so that joins
 * waiting for all their inbound flows (parallel, inclusive) know not to wait; through this model's
 * loops that costs exponential time (seconds per decision). The model joins with exclusive gateways
 * only, which never wait for a discard: an element that is discarded passes nothing on, and no path
 * changes.
 */
let deadPathsShort = false;
function discardsStopAtFirstElement() {
  if (deadPathsShort) return;
  deadPathsShort = true;
  const proto = Activity.prototype as unknown as { _doOutbound(this: unknown, from: unknown, isDiscarded: boolean, callback: (e: unknown, out: unknown[]) => unknown): unknown };
  const original = proto._doOutbound;
  proto._doOutbound = function (from, isDiscarded, callback) {
    if (isDiscarded) return callback(null, []);
    return original.call(this, from, isDiscarded, callback);
  };
}

/** The case process, marked executable for the simulation only (the served model says who executes it). */
export function executableCase(xml: string): string {
  const re = new RegExp(`(<bpmn:process id="${CASE_PROCESS_ID}"[^>]*?)isExecutable="false"`);
  if (!re.test(xml)) throw new Error('the case process is not in the model');
  return xml.replace(re, '$1isExecutable="true"');
}

const CONTEXTS = new Map<string, unknown>();
/** No debug loggers: one per element and run is most of what starting an engine costs. */
const QUIET = () => ({ debug() {}, error() {}, warn() {} });

export type TimerKind = 'remind' | 'lapse';
/** Which boundary timers stand for a reminder and which for a lapse, by the role the model gives them. */
const TIMER_ROLES: Record<TimerKind, string[]> = {
  remind: ['reminderTimer', 'materialsReminderTimer', 'directivesTimer'],
  lapse: ['deadlineTimer', 'materialsTimer', 'ratingTimer', 'coordinationTimer', 'directivesTimer'],
};

export class BpmnRun {
  private engine!: Engine;
  private execution!: Awaited<ReturnType<Engine['execute']>>;
  private timers: Timers;
  private nodes: Map<string, ProcessNode>;
  private caseIds: Set<string>;
  /** Case-process elements entered (boundary events: fired), since the last `drain`. */
  private recent: string[] = [];
  /** Every node entered or fired and every flow taken, in any process. */
  readonly covered = new Set<string>();
  readonly errors: string[] = [];
  /** The unit-part instances in the order they started, and the units still to be matched to one. */
  private parts: { unit: string; pid: string | undefined }[] = [];
  private unitsStarting: string[] = [];
  private consultation: string | undefined | null = null;
  /** The case process ended at this element. */
  endedAt: string | null = null;

  constructor(xml: string, models: ProcessModels, variables: Record<string, unknown>) {
    const all = [...models.case.nodes, ...models.unitPart.nodes, ...models.consultation.nodes];
    if (all.some((n) => /parallel|inclusive|complex/i.test(n.kind))) throw new Error('the model joins with more than exclusive gateways: dead-path elimination is needed');
    discardsStopAtFirstElement();
    this.nodes = new Map([...models.case.nodes, ...models.unitPart.nodes, ...models.consultation.nodes].map((n) => [n.id, n]));
    this.caseIds = new Set(models.case.nodes.map((n) => n.id));
    // Timers never run by the clock: the test fires each one as the case's own timer fired.
    this.timers = new Timers({
      setTimeout: (fn: (...a: unknown[]) => void, _delay: number, ...args: unknown[]) => ({ fire: () => fn(...args) }),
      clearTimeout: () => undefined,
    } as never);
    this.xml = xml;
    this.variables = variables;
  }
  private xml: string;
  private variables: Record<string, unknown>;

  async start() {
    // Parsed once per model: reading 130 kB of XML is most of what a run costs.
    let context = CONTEXTS.get(this.xml);
    if (!context) {
      context = await (new Engine() as unknown as { _serializeSource(s: string): Promise<unknown> })._serializeSource(executableCase(this.xml));
      CONTEXTS.set(this.xml, context);
    }
    this.engine = new Engine({ name: 'conformance', sourceContext: context, variables: this.variables, timers: this.timers, Logger: QUIET } as never);
    const listener = new EventEmitter();
    listener.on('activity.enter', (api: Api) => {
      const n = this.nodes.get(api.id);
      if (this.firesOnEnd(n)) return; // attached or armed, not fired
      this.covered.add(api.id);
      if (this.caseIds.has(api.id)) this.recent.push(api.id);
      if (this.isCaseEnd(api.id)) this.endedAt = api.id;
      if (api.id === 'StartEvent_PartRequested') this.parts.push({ unit: this.unitsStarting.shift() ?? `?${this.parts.length}`, pid: processOf(api) });
      if (api.id === 'StartEvent_ConsultRequested') this.consultation = processOf(api);
    });
    listener.on('activity.end', (api: Api) => {
      const n = this.nodes.get(api.id);
      if (!this.firesOnEnd(n)) return;
      this.covered.add(api.id);
      if (this.caseIds.has(api.id)) this.recent.push(api.id);
    });
    listener.on('flow.take', (f: { id: string }) => this.covered.add(f.id));
    listener.on('activity.error', (api: Api & { content: { error?: { message?: string } } }) => this.errors.push(`${api.id}: ${api.content.error?.message ?? 'error'}`));
    this.execution = await this.engine.execute({ listener });
    this.caseVariables();
  }

  /**
   * Events that count when they fire, not when the token arrives: boundary events (attached), event
   * sub-processes' starts (armed), and catch events (an event-based gateway arms all of its ways).
   */
  private firesOnEnd(n: ProcessNode | undefined): boolean {
    return n?.kind === 'boundaryEvent' || (n?.kind === 'startEvent' && !!n.parent) || n?.kind === 'intermediateCatchEvent';
  }

  stop() {
    void this.engine.stop(); // settles at once: the engine stops its running elements synchronously
  }

  private isCaseEnd(id: string) {
    return ['EndEvent_Closed', 'EndEvent_NoRating', 'EndEvent_Review', 'EndEvent_Withdrawn'].includes(id);
  }

  /** Case-process elements entered or fired since the last call. */
  drain(): string[] {
    return this.recent.splice(0);
  }

  private postponed(): Api[] {
    if (!this.execution) return [];
    const top = this.execution.getPostponed() as unknown as (Api & { getPostponed?: () => Api[] })[];
    // A running sub-process waits with its own elements inside it.
    const inside = top.flatMap((a) => (this.nodes.get(a.id)?.kind === 'subProcess' && a.getPostponed ? a.getPostponed().filter((x) => x.id !== a.id) : []));
    return [...top, ...inside].filter((a) => this.nodes.has(a.id));
  }

  /** Where the case process waits: its one waiting task, receive task or call activity, or the aftercare (sub-processes run beside it). */
  position(): string | null {
    if (this.interrupted) return this.endedAt;
    const waits = (n: ProcessNode) => !n.parent && (['userTask', 'receiveTask', 'callActivity'].includes(n.kind) || n.role === 'aftercare');
    const waiting = this.postponed().filter((a) => this.caseIds.has(a.id) && waits(this.nodes.get(a.id)!));
    const ids = [...new Set(waiting.map((a) => a.id))];
    if (ids.length > 1) this.errors.push(`waits at several elements at once: ${ids.join(', ')}`);
    return ids[0] ?? this.endedAt;
  }

  private caseEnv: Api['environment'] | null = null;
  private caseVariables(): Record<string, unknown> {
    // The process's environment is the same object for all its activities, for its whole run.
    this.caseEnv ??= this.postponed().find((a) => this.caseIds.has(a.id))?.environment ?? null;
    if (!this.caseEnv) throw new Error('the case process never waited');
    return this.caseEnv.variables;
  }

  /** Sets process variables of the case (what the decision carried, what the model counts). */
  set(vars: Record<string, unknown>) {
    Object.assign(this.caseVariables(), vars);
  }

  get(name: string): unknown {
    return this.caseVariables()[name];
  }

  /** Completes the waiting case task `id` (a user or receive task), with the decision in the variables. */
  complete(id: string, vars: Record<string, unknown> = {}): boolean {
    const task = this.postponed().find((a) => a.id === id);
    if (!task) {
      this.errors.push(`no waiting ${id} to complete (waits at ${this.position()})`);
      return false;
    }
    Object.assign(task.environment.variables, vars);
    // An instance of a multi-instance task takes a signal addressed by the element's id.
    if (this.nodes.get(id)?.multiInstance) {
      const done = this.instancesDone.get(task.executionId) ?? 0;
      this.instancesDone.set(task.executionId, done + 1);
      this.guard(() => this.execution.signal({ id, executionId: `${task.executionId}_${done}` }));
    } else this.guard(() => task.signal({}));
    return true;
  }

  /** Fires the timer of that kind attached to the element the case waits at. */
  fire(kind: TimerKind): string | null {
    const at = this.position();
    const ref = (this.timers.executing as unknown as TimerRef[]).find((t) => {
      const n = t.owner ? this.nodes.get(t.owner.id) : undefined;
      return n && n.attachedTo === at && TIMER_ROLES[kind].includes(n.role);
    });
    if (!ref) {
      this.errors.push(`no ${kind} timer to fire at ${at}`);
      return null;
    }
    this.guard(() => this.fireRef(ref));
    return ref.owner!.id;
  }

  /** Fires the running timer of event `id` of the case (a catch event's, or a boundary event's in a sub-process). */
  fireTimer(id: string): boolean {
    const ref = (this.timers.executing as unknown as TimerRef[]).find((t) => t.owner?.id === id);
    if (!ref) {
      this.errors.push(`no running timer ${id}`);
      return false;
    }
    this.guard(() => this.fireRef(ref));
    return true;
  }

  /** Starts a non-interrupting event sub-process of the case with the message of its start event. */
  startSub(subProcess: string, startEvent: string) {
    // As for the withdrawal: bpmn-engine starts an event sub-process on a message thrown inside the
    // process only, so the test starts it and delivers the message.
    const message = { id: `Message_${startEvent}` };
    type Runnable = { run(m: unknown): void };
    const definitions = (this.execution as unknown as { definitions: { getProcesses(): { id: string; execution?: { getActivityById(id: string): Runnable | undefined } }[]; sendMessage(m: unknown): void }[] }).definitions;
    for (const d of definitions) {
      d.getProcesses().find((p) => p.id === CASE_PROCESS_ID)?.execution?.getActivityById(subProcess)?.run(message);
      d.sendMessage(message);
    }
  }

  /** Delivers the message of a message event of the case (a catch event, or a boundary event). */
  message(eventId: string) {
    const definitions = (this.execution as unknown as { definitions: { sendMessage(m: unknown): void }[] }).definitions;
    this.guard(() => {
      for (const d of definitions) d.sendMessage({ id: `Message_${eventId}` });
    });
  }

  /** Completes a waiting receive task of a sub-process. */
  signalTask(id: string) {
    const task = this.postponed().find((a) => a.id === id);
    if (!task) return void this.errors.push(`no waiting ${id}`);
    this.guard(() => task.signal({}));
  }

  /** The model left the engine with no way on (no condition held): a disagreement, not a crash. */
  private guard(f: () => void) {
    try {
      f();
    } catch (e) {
      this.errors.push(e instanceof Error ? e.message : String(e));
    }
  }

  /** Fires a timer now. Timers further off than setTimeout can wait (24.8 days) have no handle: they are fired through their callback. */
  private fireRef(ref: TimerRef) {
    if (ref.timerRef) return ref.timerRef.fire();
    (this.timers as unknown as Record<symbol, Set<unknown>>)[Symbol.for('executing')].delete(ref);
    ref.callback(...ref.args);
  }

  /** The running timer of event `id` in one process instance (a timer names the event's execution). */
  private timerIn(pid: string | undefined, id: string): TimerRef | undefined {
    const event = this.postponed().find((a) => a.id === id && processOf(a) === pid);
    return event && (this.timers.executing as unknown as TimerRef[]).find((t) => t.owner?.parent?.executionId === event.executionId);
  }

  /** The requester withdraws: the message that starts the event sub-process. */
  withdraw() {
    // bpmn-engine starts an event sub-process only on a message thrown inside the process, and does
    // not implement an interrupting start: the test starts it, delivers the message, and ends the
    // rest of the process once the sub-process reached its end.
    const message = { id: `Message_${ELEMENT.withdrawStart}` };
    type Runnable = { run(m: unknown): void };
    const definitions = (this.execution as unknown as { definitions: { getProcesses(): { id: string; execution?: { getActivityById(id: string): Runnable | undefined } }[]; sendMessage(m: unknown): void }[] }).definitions;
    for (const d of definitions) {
      d.getProcesses().find((p) => p.id === CASE_PROCESS_ID)?.execution?.getActivityById(ELEMENT.withdraw)?.run(message);
      d.sendMessage(message);
    }
    if (this.endedAt === ELEMENT.withdrawEnd) {
      this.interrupted = true;
      void this.engine.stop();
    } else this.errors.push('the withdrawal did not reach its end');
  }
  private interrupted = false;
  /** Instances of a multi-instance task completed so far (they are addressed by `<execution>_<index>`). */
  private instancesDone = new Map<string, number>();

  /** The lead withdraws a unit's part: the message that starts the part's event sub-process. */
  withdrawPart(unit: string) {
    const part = [...this.parts].reverse().find((p) => p.unit === unit);
    if (!part) return void this.errors.push(`no part of ${unit} to withdraw`);
    const message = { id: `Message_${ELEMENT.partWithdrawStart}` };
    type Proc = { id: string; executionId?: string; getApi(): { discard(): void }; execution?: { executionId?: string; getActivityById(id: string): { run(m: unknown): void } | undefined } };
    const definitions = (this.execution as unknown as { definitions: { getRunningProcesses(): Proc[]; sendMessage(m: unknown): void }[] }).definitions;
    for (const d of definitions) {
      const bp = d.getRunningProcesses().find((p) => (p.execution?.executionId ?? p.executionId) === part.pid);
      if (!bp) continue;
      bp.execution?.getActivityById(ELEMENT.partWithdraw)?.run(message);
      d.sendMessage(message);
      // No interrupting start in bpmn-engine: once the withdrawal reached its end, the rest of the
      // part is discarded, which cancels its call.
      bp.getApi().discard();
    }
  }

  // ---- the children ----
  /** The units the next coordination asks, in the order their parts start. */
  expectUnits(units: string[]) {
    this.unitsStarting.push(...units);
  }

  private partTask(unit: string): Api | undefined {
    const part = [...this.parts].reverse().find((p) => p.unit === unit);
    return part && this.postponed().find((a) => processOf(a) === part.pid && a.id.startsWith('Task_Part_'));
  }

  /** Drives a unit's part to the answer the unit gave: can do, cannot (where its rules allow), lapsed. */
  answerPart(unit: string, stance: 'can_do' | 'cannot' | 'lapsed', mayRefuse: (tier: string) => boolean, atTier = '1') {
    const part = [...this.parts].reverse().find((p) => p.unit === unit);
    for (let guard = 0; guard < 10; guard++) {
      const task = this.partTask(unit);
      if (!task) return; // the part ended: bpmn-engine answers its call
      const tier = this.nodes.get(task.id)!.tier!;
      if (stance === 'lapsed') {
        const ref = this.timerIn(part!.pid, `Timer_Part_${task.id.slice('Task_Part_'.length)}_Deadline`);
        if (!ref) return void this.errors.push(`part ${unit}: no deadline to lapse at ${task.id}`);
        this.guard(() => this.fireRef(ref));
        continue;
      }
      // Up inside the unit to the tier that answered, and the answer there.
      const there = stance === 'can_do' ? tier === atTier || !this.nodes.has(`Task_Part_${tierKey(atTier)}`) : mayRefuse(tier);
      const opinion = !there ? 'escalate' : stance;
      task.environment.variables.opinion = opinion;
      this.guard(() => task.signal({}));
    }
    this.errors.push(`part ${unit} never answered`);
  }

  /** The city leaders' consultation convenes (on Saturday for a key project) and ends with directives. */
  convene() {
    const pid = this.consultation;
    if (pid === null) return;
    const saturday = this.timerIn(pid, 'Timer_Saturday');
    if (saturday) this.fireRef(saturday);
    const task = this.postponed().find((a) => processOf(a) === pid && a.id === 'Task_Consult');
    if (task) task.signal({});
    this.consultation = null;
  }

  /** Whether the consultation is still running (it waits for the session or the leaders). */
  consulting(): boolean {
    return this.consultation !== null;
  }
}
