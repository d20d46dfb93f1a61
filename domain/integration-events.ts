// The events integrators receive (the 12345 hotline and others): their types, which timeline step
// each comes from, and what each carries. One table beside the step vocabulary (steps.ts): the store
// derives a case's events from the steps a job writes (db/integration-events.ts), the webhooks and the
// change feed render them as CloudEvents (webhooks/format.ts), docs/integrators.md describes them.
//
// What an event carries is the case's position (which tier, never which person), the words meant for
// the requester (the answer, the legal basis of a "no", the materials asked for) and the integrator's
// own references (its externalId, the category code). Never a name, a phone, an officer's id or an
// internal note: what the requester's own view may not show, an integrator's event does not show.
import type { TimelineStep } from './case.js';
import type { StepAction } from './steps.js';

export const CASE_EVENT_TYPES = [
  'case.accepted',
  'case.escalated',
  'case.materials_requested',
  'case.materials_supplied',
  'case.coordinating',
  'case.referred_to_city',
  'case.resolved',
  'case.refused',
  'case.rated',
  'case.reopened',
  'case.withdrawn',
  'case.deadline_lapsed',
] as const;
export const COMPLAINT_EVENT_TYPES = ['complaint.filed', 'complaint.closed'] as const;
export const EVENT_TYPES = [...CASE_EVENT_TYPES, ...COMPLAINT_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** Labels for docs and pages, Chinese first. */
export const EVENT_LABELS: Record<EventType, string> = {
  'case.accepted': '受理',
  'case.escalated': '提级',
  'case.materials_requested': '补正材料',
  'case.materials_supplied': '已补正',
  'case.coordinating': '牵头协调',
  'case.referred_to_city': '提请市级领导研究',
  'case.resolved': '办结',
  'case.refused': '说"不"并说明理由',
  'case.rated': '评价',
  'case.reopened': '提级重办',
  'case.withdrawn': '撤回',
  'case.deadline_lapsed': '超时',
  'complaint.filed': '投诉受理',
  'complaint.closed': '投诉办结',
};

/**
 * The steps that become events. Both ways to the city leaders (a principal head's referral, a failed
 * coordination's consultation) are `case.referred_to_city`; every other step (reminders, staffing,
 * the units' parts, rejected attempts) is the government's internal business and makes no event.
 */
export const STEP_EVENTS: Partial<Record<StepAction, CaseEventType>> = {
  received: 'case.accepted',
  escalated: 'case.escalated',
  materials_requested: 'case.materials_requested',
  materials_supplied: 'case.materials_supplied',
  coordinated: 'case.coordinating',
  referred_to_city: 'case.referred_to_city',
  consulted_city: 'case.referred_to_city',
  resolved: 'case.resolved',
  refused: 'case.refused',
  rated: 'case.rated',
  reopened: 'case.reopened',
  withdrawn: 'case.withdrawn',
  deadline_lapsed: 'case.deadline_lapsed',
};

/** An event as the store keeps it before the integrator's own references are added (they depend on who reads). */
export interface DerivedEvent {
  type: EventType;
  /** The step's time. */
  time: string;
  /** The step it came from (0 for a complaint's). */
  stepSeq: number;
  data: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** What one step's event says, besides the tier: only the fields listed here ever leave. */
function dataOf(type: CaseEventType, st: TimelineStep, job: readonly TimelineStep[]): Record<string, unknown> {
  const d = st.data ?? {};
  switch (type) {
    case 'case.accepted': {
      // The first holder's window: the promised time of the first answer.
      const first = job.find((x) => x.action === 'assigned' && x.seq > st.seq);
      return defined({ channel: str(d.channel), deadlineAt: first?.deadlineAt });
    }
    case 'case.escalated':
      // An escalation by the holder names their reason; one by the clock says deadline_lapsed.
      return defined({ fromTier: str(d.from), reason: str(d.reason), deadlineAt: st.deadlineAt });
    case 'case.materials_requested':
      return defined({ items: Array.isArray(d.items) ? d.items.filter((x) => typeof x === 'string') : [], dueAt: st.deadlineAt });
    case 'case.materials_supplied':
      return defined({ deadlineAt: st.deadlineAt });
    case 'case.coordinating':
      return { unitIds: Array.isArray(d.unitIds) ? d.unitIds.filter((x) => typeof x === 'string') : [] };
    case 'case.referred_to_city':
      return { reason: st.action === 'consulted_city' ? 'coordination_failed' : 'referred' };
    case 'case.resolved':
      return defined({ result: str(d.result), deadlineAt: st.deadlineAt });
    case 'case.refused':
      return defined({ legalBasis: str(d.legalBasis), explanation: str(d.explanation), deadlineAt: st.deadlineAt });
    case 'case.rated':
      // The level only: the requester's comment is their own words.
      return defined({ rating: str(d.rating) });
    case 'case.reopened':
      return defined({ fromTier: str(d.from), deadlineAt: st.deadlineAt });
    case 'case.withdrawn':
      return {};
    case 'case.deadline_lapsed':
      // A lapsed city directive names its unit; a lapsed tier window is the case's.
      return defined({ deadlineAt: st.deadlineAt, unitId: str(d.unitId) });
  }
}

/** The events of a job's steps, in their order. */
export function eventsOfSteps(steps: readonly TimelineStep[]): DerivedEvent[] {
  const out: DerivedEvent[] = [];
  for (const st of steps) {
    const type = STEP_EVENTS[st.action as StepAction];
    if (!type) continue;
    out.push({ type, time: st.at, stepSeq: st.seq, data: { tier: st.tier, ...dataOf(type, st, steps) } });
  }
  return out;
}

/** The data of a complaint's events: which complaint, about which unit (and case); never the complainant. */
export function complaintEventData(c: { id: string; unitId: string; caseId: string | null; status: string; upheld?: boolean | null }, type: (typeof COMPLAINT_EVENT_TYPES)[number]) {
  return defined({ complaintId: c.id, unitId: c.unitId, caseId: c.caseId ?? undefined, status: c.status, upheld: type === 'complaint.closed' ? (c.upheld ?? false) : undefined });
}

/** Without an externalId, an intake's Idempotency-Key stands in for one (POST /v1/cases), under this prefix. */
export const idempotencyExternalId = (key: string) => `idem:${key}`;
/** The creator's reference as the creator sent it: a stand-in Idempotency-Key is not a reference to read back. */
export const ownReference = (externalId: string | null | undefined): string | null => (externalId && !externalId.startsWith('idem:') ? externalId : null);
