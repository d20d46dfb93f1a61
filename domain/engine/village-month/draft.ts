// Recording: the draft of one transition of the month (a copy of the state, the event's time, the
// effects asked so far) and the moves its concerns share: an entry in the month's record, a notice to
// the town head, the end of a job, a date asked of the calendar, the month's close.
import type { TimingStage, VillageMonthReport } from '../../village.js';
import type { DueAnswer, StageThen, VillageMonthEffect, VillageMonthState, VillageNotice } from './model.js';

/** The stages whose date is still ahead in this phase, with where that date is kept. */
export function openStages(s: VillageMonthState): { stage: TimingStage; get: () => string | undefined; set: (v: string) => void }[] {
  const mid = { stage: 'midCheck' as const, get: () => s.midCheck?.dueAt, set: (v: string) => (s.midCheck = { ...s.midCheck!, dueAt: v }) };
  const end = { stage: 'monthEnd' as const, get: () => s.monthEnd?.dueAt, set: (v: string) => (s.monthEnd = { ...s.monthEnd!, dueAt: v }) };
  switch (s.phase) {
    case 'collecting':
      return [{ stage: 'collection', get: () => s.collectionClosesAt ?? undefined, set: (v) => (s.collectionClosesAt = v) }];
    case 'in_progress':
      return [mid, end];
    case 'mid_check_due':
      return [end];
    case 'month_end_due':
      return [{ stage: 'closeGrace', get: () => s.monthEnd?.closesBy, set: (v) => (s.monthEnd = { ...s.monthEnd!, closesBy: v }) }];
    default:
      return [];
  }
}

export class Draft {
  /** The month being changed: a copy, so a refused event leaves the caller's month as it was. */
  readonly s: VillageMonthState;
  readonly fx: VillageMonthEffect[] = [];

  constructor(
    state: VillageMonthState,
    readonly at: string,
  ) {
    this.s = JSON.parse(JSON.stringify(state)) as VillageMonthState;
  }

  event(action: string, actor: string, note?: string, data?: Record<string, unknown>): void {
    const s = this.s;
    s.events.push({ seq: s.events.length + 1, at: this.at, actor, action, ...(note ? { note } : {}), ...(data ? { data } : {}) });
  }

  /** A notice to the town's principal head (主要负责人), sent with the next record. */
  notifyHead(key: string, template: VillageNotice['template'], vars: Record<string, string>): void {
    this.s.engine.pending.push({ key: `${this.s.workflowId}:${key}`, toHeadOf: this.s.townUnitId, template, vars });
  }

  /** The end of a job: the month goes to the read model with its pending notices. */
  record(): void {
    const s = this.s;
    const open = openStages(s).filter((o) => s.engine.provisional.includes(o.stage)).map((o) => o.stage);
    s.provisionalDates = open;
    if (s.engine.searchProvisional !== open.length > 0) {
      s.engine.searchProvisional = open.length > 0;
      this.fx.push({ type: 'searchProvisional', value: open.length > 0 });
    }
    s.version += 1;
    this.fx.push({ type: 'record', notifications: s.engine.pending.splice(0) });
  }

  /** Asks the calendar for stages' dates; the answer comes back as `stagesDue` with `then`. */
  due(then: StageThen, ...requests: { stage: TimingStage; from: string }[]): void {
    this.fx.push({ type: 'stageDue', requests, then });
  }

  /** Takes a stage's date from the calendar's answer, remembering where it was counted from. */
  take(a: DueAnswer): string {
    const s = this.s;
    s.engine.stageFrom[a.stage] = a.from;
    s.engine.provisional = s.engine.provisional.filter((x) => x !== a.stage).concat(a.provisional ? [a.stage] : []);
    return a.dueAt;
  }

  /** The month closes with its report; a problem carried for the second time goes to the town's head. */
  closeMonth(monthEnd: VillageMonthReport['monthEnd'], note?: string): void {
    const s = this.s;
    const flagged: string[] = [];
    for (const p of s.problems) {
      if (p.outcome?.kind !== 'carried' || p.carryCount + 1 < 2) continue;
      p.flagged = true;
      flagged.push(p.id);
      this.notifyHead(`carried:${p.id}`, 'village_problem_carried_twice', { villageName: p.villageName, title: p.title, months: String(p.carryCount + 1) });
    }
    const count = (k: string) => s.problems.filter((p) => p.outcome?.kind === k).length;
    const report: VillageMonthReport = { total: s.problems.length, solved: count('solved'), inProgress: count('in_progress'), carried: count('carried'), flagged, midCheck: s.midCheck?.recorded ? 'recorded' : 'missed', monthEnd, closedAt: this.at };
    s.report = report;
    s.phase = 'closed';
    this.event('closed', 'system', note, { ...report, flagged });
    this.notifyHead('report', 'village_month_report', { month: s.month, townName: s.engine.townName, total: String(report.total), solved: String(report.solved), inProgress: String(report.inProgress), carried: String(report.carried) });
    this.record();
  }
}
