// Recording: the draft of one transition (a copy of the state, the event's time, the effects asked
// so far) and the moves every concern shares: a timeline step, a notice, an officer event, the end of a
// job, a window opened or cleared, the case handed to a tier.
import { TIER_RULES, statusAtTier, type Tier } from '../../tiers.js';
import type { Assignee, NotificationRequest, OfficerEvent, TimelineStep } from '../../case.js';
import type { StepAction } from '../../steps.js';
import { BACKSTOP_WINDOWS, type AssignThen, type CaseEffect, type CaseState, type DeadlineAnswer, type WindowKind } from './model.js';

export class Draft {
  /** The state being changed: a copy, so a refused event leaves the caller's state as it was. */
  readonly s: CaseState;
  readonly fx: CaseEffect[] = [];

  constructor(
    state: CaseState,
    readonly at: string,
  ) {
    this.s = JSON.parse(JSON.stringify(state)) as CaseState;
  }

  step(action: StepAction, actor: string, fields: Partial<TimelineStep> = {}): TimelineStep {
    const s = this.s;
    const st: TimelineStep = { seq: s.timeline.length + 1, at: this.at, tier: s.tier, actor, action, ...fields };
    s.timeline.push(st);
    s.version = s.timeline.length;
    return st;
  }

  /**
   * A notice about a step; its key (case, step, recipient) makes it one outbox row however often it is
   * written. `tag` tells a second message about the same step to the same recipient apart.
   */
  notify(st: TimelineStep, n: Omit<NotificationRequest, 'key'>, tag?: string): void {
    const who = 'principalId' in n.to ? n.to.principalId : 'unitHeadOf' in n.to ? `head:${n.to.unitHeadOf}` : 'requester';
    this.fx.push({ type: 'notify', notification: { ...n, key: `${this.s.id}:${st.seq}:${who}${tag ? `:${tag}` : ''}` } });
  }

  /** A progress message to the requester about a step (notify/requester.ts decides whether and when it goes). */
  tellRequester(st: TimelineStep, template: Extract<NotificationRequest['template'], 'progress_tier' | 'progress_coordinated' | 'progress_city' | 'progress_extended'>, vars: Record<string, string>): void {
    this.notify(st, { to: { requester: true }, recipientKind: 'requester', template, vars: { caseId: this.s.id, ...vars } });
  }

  /** What a step means for supervision, on the step itself (the store derives officer events from steps). */
  officerEvent(st: TimelineStep, e: OfficerEvent): void {
    (st.officerEvents ??= []).push(e);
  }

  /** The end of a job: the shell copies the new steps out. A signalled decision's last step says so. */
  record(): void {
    const s = this.s;
    if (s.engine.via) {
      const last = s.timeline[s.timeline.length - 1];
      last.data = { ...last.data, via: 'signal', requestId: s.engine.via.requestId };
      delete s.engine.via;
    }
    this.fx.push({ type: 'record' });
  }

  assignedNotice(st: TimelineStep, a: Assignee): void {
    const s = this.s;
    this.notify(st, {
      to: { principalId: a.principalId },
      recipientKind: 'officer',
      template: 'case_assigned',
      vars: { caseId: s.id, title: s.title, tier: TIER_RULES[s.tier].label, deadline: s.deadlineAt ?? '' },
    });
  }

  setWindow(kind: WindowKind, from: string, d: DeadlineAnswer, withReminder = true): void {
    const s = this.s;
    s.engine.reminded = false;
    s.deadlineAt = d.deadlineAt;
    s.reminderAt = withReminder ? d.reminderAt : null;
    s.deadlineProvisional = d.provisional;
    s.deadlineNote = d.note;
    s.overdue = false;
    s.engine.window = { kind, from, told: d.deadlineAt };
  }

  clearWindow(): void {
    this.s.deadlineAt = null;
    this.s.reminderAt = null;
    this.s.engine.window = null;
  }

  /** Hands the case to a tier: the directory finds the holder, then their window opens. */
  assign(tier: Tier, then: AssignThen): void {
    const s = this.s;
    s.tier = tier;
    // Answers back from coordinated units stay with the case as it climbs: the lead may still use them.
    s.status = tier !== 'city' && s.coordination?.back && !s.coordination.closed ? 'coordinating' : statusAtTier(tier);
    s.phase = 'handling';
    this.fx.push({ type: 'assign', tier, officerId: then.officerId, previous: then.previous ?? null, replacing: then.replacing, then });
  }

  endHolding(): void {
    const last = this.s.holders[this.s.holders.length - 1];
    if (last && !last.until) last.until = this.at;
  }

  /** Open parts and a running consultation end with the case. */
  cancelChildren(): void {
    const s = this.s;
    for (const part of s.coordination?.parts ?? []) {
      if (part.status === 'open') {
        this.fx.push({ type: 'cancelPart', workflowId: part.workflowId });
        part.status = 'withdrawn';
      }
    }
    if (s.consultation && !s.consultation.outcomeSent && s.consultation.running !== false) {
      this.fx.push({ type: 'cancelConsultation' });
      s.consultation.running = false;
    }
  }

  /** How long a waiting phase waits beyond the window it replaced before it stops waiting. */
  backstop(windowFrom: string, windowEnd: string): void {
    const span = Math.max(Date.parse(windowEnd) - Date.parse(windowFrom), 1000);
    this.s.engine.backstopAt = new Date(Date.parse(this.at) + span * BACKSTOP_WINDOWS).toISOString();
  }
}
