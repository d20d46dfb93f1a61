// The village month's engine in memory: a clock, a town of villages, and look-ups answered at once, so
// tests walk the month the way the shell would without a server.
import {
  initialVillageMonth,
  nextWake,
  villageMonthTransition,
  type CarriedIn,
  type RuleViolation,
  type VillageMonthEffect,
  type VillageMonthEvent,
  type VillageMonthState,
} from '../../domain/engine/village-month.js';
import type { TimingStage, VillageProblem } from '../../domain/village.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const TOWN = 'shuncheng';
export const MONTH = '2026-03';
/** How long after its start each stage falls due in the simulation. */
export const STAGE_MS: Record<TimingStage, number> = { collection: 2 * DAY, reception: 20 * DAY, midCheck: 8 * DAY, monthEnd: 10 * DAY, closeGrace: 2 * DAY };

type Ev = DistributiveOmit<VillageMonthEvent, 'at'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class VillageMonthSim {
  now = Date.parse('2026-03-02T01:00:00Z');
  state: VillageMonthState;
  readonly effects: VillageMonthEffect[] = [];
  carried: CarriedIn[] = [];
  caseStatus: Record<string, string> = {};
  /** Stages whose date the calendar cannot confirm yet. */
  provisional = new Set<TimingStage>();
  /** Added to every stage's length once the calendar is loaded (a holiday inside the window). */
  extraMs = 0;
  knownUnits = new Set(['yian', 'tongguan', TOWN]);
  intakeFails: { code: string; message: string } | null = null;
  private cases = 0;

  constructor(opts: { provisional?: TimingStage[] } = {}) {
    for (const st of opts.provisional ?? []) this.provisional.add(st);
    this.state = initialVillageMonth({ townUnitId: TOWN, month: MONTH }, `village-month-${TOWN}-${MONTH}`);
    this.apply({ type: 'started' });
  }

  get iso(): string {
    return new Date(this.now).toISOString();
  }

  /** One event and its follow-ups, as the shell runs them; a refusal leaves the month as it was. */
  apply(e: Ev): { error?: RuleViolation; result?: VillageProblem } {
    const r = this.run(this.state, e);
    if (!r.error) this.state = r.state;
    return r;
  }

  /** Moves the clock and fires the open stage's timer if it is due, as the shell's wait would. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (let wake = nextWake(this.state); wake !== null && wake <= until; wake = nextWake(this.state)) {
      this.now = Math.max(this.now, wake);
      this.apply({ type: 'timer' });
    }
    this.now = until;
  }

  submit(villageId: string, urgency: number, residents: number, title = `problem in ${villageId}`) {
    return this.apply({ type: 'submitted', env: { actorId: 'shuncheng.fc1', body: { villageId, title, description: 'd', urgency, residents } } });
  }

  private run(st: VillageMonthState, e: Ev): { state: VillageMonthState; error?: RuleViolation; result?: VillageProblem } {
    const t = villageMonthTransition(st, { ...e, at: this.iso } as VillageMonthEvent);
    if (t.error) return { state: st, error: t.error };
    let next = t.state;
    let result = t.result;
    for (const fx of t.effects) {
      this.effects.push(fx);
      const r = this.carry(next, fx);
      if (r.error) return { state: st, error: r.error };
      next = r.state;
      result ??= r.result;
    }
    return { state: next, result };
  }

  private carry(st: VillageMonthState, fx: VillageMonthEffect): { state: VillageMonthState; error?: RuleViolation; result?: VillageProblem } {
    switch (fx.type) {
      case 'prepare':
        return this.run(st, {
          type: 'prepared',
          townName: '顺城镇',
          villages: [
            { id: 'fenghuang', name: '凤凰村', kind: 'village' },
            { id: 'changlong', name: '长龙村', kind: 'village' },
            { id: 'xinhe', name: '新河社区', kind: 'community' },
          ],
        });
      case 'stageDue':
        return this.run(st, {
          type: 'stagesDue',
          answers: fx.requests.map((r) => ({ ...r, dueAt: new Date(Date.parse(r.from) + STAGE_MS[r.stage] + (this.provisional.has(r.stage) ? 0 : this.extraMs)).toISOString(), provisional: this.provisional.has(r.stage) })),
          then: fx.then,
        });
      case 'loadCarried':
        return this.run(st, { type: 'carriedLoaded', carried: this.carried, actorId: fx.actorId, note: fx.note });
      case 'caseStatuses':
        return this.run(st, { type: 'caseStatuses', status: Object.fromEntries(fx.caseIds.map((id) => [id, this.caseStatus[id] ?? 'in_progress'])), then: fx.then });
      case 'checkUnits':
        return this.run(st, { type: 'unitsChecked', unknown: fx.unitIds.filter((u) => !this.knownUnits.has(u)), env: fx.env });
      case 'startCases': {
        if (this.intakeFails) return this.run(st, { type: 'intakeFailed', ...this.intakeFails });
        const started: Record<string, { caseId: string; workflowId: string; reused: boolean }> = {};
        for (const [p, caseId] of Object.entries(fx.reused)) started[p] = { caseId, workflowId: `case-${caseId}`, reused: true };
        for (const r of fx.requests) {
          const caseId = `C-${++this.cases}`;
          started[r.problemId] = { caseId, workflowId: `case-${caseId}`, reused: false };
        }
        return this.run(st, { type: 'casesStarted', started, env: fx.env });
      }
      default:
        return { state: st };
    }
  }
}
