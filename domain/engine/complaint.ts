// A complaint (效能铜都) as a pure transition function, the same shape as the case engine. Filing tells
// the unit, the data resources bureau and the efficiency office, and texts the unit's principal head;
// the unit's contact window starts once it has been told (policy `complaintContact`); a lapse is
// recorded as shelved; the unit records the contact; a supervisor closes with findings. A loaded
// calendar re-times a waiting window, never earlier than what the unit was told.
import { concerns, notEarlier, type CalendarChange } from '../deadline-retiming.js';
import type { Engine } from './driver.js';

// The shape of a complaint as its workflow holds it and answers it. Personal data (the complainant's
// name and phone, the text) stays in SQLite and never enters a Temporal payload.
export interface ComplaintInput {
  complaintId: string;
  unitId: string;
  caseId?: string;
  windowCode?: string;
  filedAt: string;
}

export interface ComplaintState {
  id: string;
  unitId: string;
  caseId?: string;
  status: 'open' | 'contacted' | 'closed';
  filedAt: string;
  /** When the unit must have contacted the complainant (set once the notifications are out). */
  contactDueAt?: string;
  /** The contact deadline was counted on the plain Mon–Fri rule (its year's notice was not loaded). */
  contactDueProvisional?: boolean;
  contactedAt?: string;
  contactedBy?: string;
  /** The contact window passed first: shelved (搁置) against the unit's principal head. */
  contactLapsedAt?: string;
  closedAt?: string;
  closedBy?: string;
  upheld?: boolean;
}

/** Who hears of a complaint, in this order: the unit first, the head's SMS last (it points at what the unit already has). */
export const COMPLAINT_NOTICE_ORDER = ['unit', 'data_bureau', 'efficiency', 'head_sms'] as const;

export interface ComplaintEngineState extends ComplaintState {
  engine: { windowFrom: string | null; retimed: number };
}

export interface Contact {
  actorId: string;
  note: string;
}
export interface Closing {
  actorId: string;
  upheld: boolean;
  findings: string;
  officerIds?: string[];
}
export type ComplaintMessage = { type: 'contacted'; req: Contact } | { type: 'closed'; req: Closing };

export type ComplaintEvent = { at: string } & (
  | { type: 'started' }
  /** The window as the calendar counts it from `from` (the moment the unit had been told). */
  | { type: 'windowSet'; from: string; deadlineAt: string; provisional: boolean }
  | ComplaintMessage
  | { type: 'timer' }
  | { type: 'calendarChanged'; change: CalendarChange }
  | { type: 'windowRecounted'; deadlineAt: string; provisional: boolean; change: CalendarChange }
);

export type ComplaintEffect =
  | { type: 'notifyFiled'; group: (typeof COMPLAINT_NOTICE_ORDER)[number] }
  /** Count the contact window from now; answers `windowSet`. */
  | { type: 'startWindow' }
  | { type: 'recountWindow'; from: string; change: CalendarChange }
  | { type: 'recordDeadline'; contactDueAt: string; provisional: boolean }
  | { type: 'searchProvisional'; value: boolean }
  | { type: 'recordLapsed'; at: string }
  | { type: 'recordContact'; by: string; note: string; at: string }
  | { type: 'recordClosed'; by: string; upheld: boolean; findings: string; officerIds: string[]; at: string }
  | { type: 'recordRetimed'; n: number; oldAt: string; newAt: string; provisional: boolean; documentNo?: string; at: string };

export interface ComplaintRejection {
  code: string;
  message: string;
}

export interface ComplaintTransition {
  state: ComplaintEngineState;
  effects: ComplaintEffect[];
  error?: ComplaintRejection;
}

export function initialComplaint(input: ComplaintInput): ComplaintEngineState {
  return { id: input.complaintId, unitId: input.unitId, ...(input.caseId ? { caseId: input.caseId } : {}), status: 'open', filedAt: input.filedAt, engine: { windowFrom: null, retimed: 0 } };
}

export function complaintView(s: ComplaintEngineState): ComplaintState {
  const { engine: _engine, ...rest } = s;
  return { ...rest };
}

/** The contact window still runs: open, its date set, not lapsed. */
const waiting = (s: ComplaintState) => s.status === 'open' && !!s.contactDueAt && !s.contactLapsedAt;

/** When the contact window lapses (epoch ms), or null when nothing is timed. */
export function complaintWake(s: ComplaintState): number | null {
  return waiting(s) ? Date.parse(s.contactDueAt!) : null;
}

const blank = (x: unknown) => typeof x !== 'string' || !x.trim();

/** Why the complaint refuses a message as it stands, or null. */
export function complaintViolation(s: ComplaintState, m: ComplaintMessage): ComplaintRejection | null {
  if (m.type === 'contacted') {
    if (!m.req || blank(m.req.note)) return { code: 'VALIDATION_FAILED', message: 'note: say what was done' };
    if (s.status === 'closed') return { code: 'COMPLAINT_CLOSED', message: 'The complaint is closed.' };
    if (s.contactedAt) return { code: 'ALREADY_CONTACTED', message: `The contact was recorded at ${s.contactedAt}.` };
    return null;
  }
  if (!m.req || typeof m.req.upheld !== 'boolean' || blank(m.req.findings)) return { code: 'VALIDATION_FAILED', message: 'findings and upheld are required' };
  if (s.status === 'closed') return { code: 'COMPLAINT_CLOSED', message: 'The complaint is already closed.' };
  return null;
}

export function complaintTransition(state: ComplaintEngineState, e: ComplaintEvent): ComplaintTransition {
  const s: ComplaintEngineState = { ...state, engine: { ...state.engine } };
  const fx: ComplaintEffect[] = [];
  switch (e.type) {
    case 'started':
      // At once, and each exactly once: every group is its own idempotent activity.
      for (const group of COMPLAINT_NOTICE_ORDER) fx.push({ type: 'notifyFiled', group });
      // The unit's clock starts once it has been told (a worker outage is not the unit's delay).
      fx.push({ type: 'startWindow' });
      break;
    case 'windowSet':
      if (s.status !== 'open') break;
      s.contactDueAt = e.deadlineAt;
      s.contactDueProvisional = e.provisional;
      s.engine.windowFrom = e.from;
      // Administrators list provisional deadlines in Temporal UI (DeadlineProvisional).
      fx.push({ type: 'recordDeadline', contactDueAt: e.deadlineAt, provisional: e.provisional }, { type: 'searchProvisional', value: e.provisional });
      break;
    case 'contacted':
    case 'closed': {
      const v = complaintViolation(s, e);
      if (v) return { state, effects: [], error: v };
      if (e.type === 'contacted') {
        Object.assign(s, { status: 'contacted', contactedAt: e.at, contactedBy: e.req.actorId });
        fx.push({ type: 'recordContact', by: e.req.actorId, note: e.req.note, at: e.at });
      } else {
        Object.assign(s, { status: 'closed', closedAt: e.at, closedBy: e.req.actorId, upheld: e.req.upheld });
        fx.push({ type: 'recordClosed', by: e.req.actorId, upheld: e.req.upheld, findings: e.req.findings, officerIds: e.req.officerIds ?? [], at: e.at });
      }
      break;
    }
    case 'timer': {
      const wake = complaintWake(s);
      if (wake === null || wake > Date.parse(e.at)) break;
      s.contactLapsedAt = e.at;
      fx.push({ type: 'recordLapsed', at: e.at });
      break;
    }
    case 'calendarChanged':
      if (!waiting(s) || !s.engine.windowFrom) break;
      if (!concerns(e.change, { deadlineAt: s.contactDueAt!, provisional: s.contactDueProvisional, from: s.engine.windowFrom })) break;
      fx.push({ type: 'recountWindow', from: s.engine.windowFrom, change: e.change });
      break;
    case 'windowRecounted': {
      if (!waiting(s)) break;
      const oldAt = s.contactDueAt!;
      const newAt = notEarlier(oldAt, e.deadlineAt);
      if (newAt === oldAt && e.provisional === !!s.contactDueProvisional) break;
      s.contactDueAt = newAt;
      s.contactDueProvisional = e.provisional;
      s.engine.retimed += 1;
      fx.push(
        { type: 'searchProvisional', value: e.provisional },
        { type: 'recordRetimed', n: s.engine.retimed, oldAt, newAt, provisional: e.provisional, ...(e.change.documentNo ? { documentNo: e.change.documentNo } : {}), at: e.at },
      );
      break;
    }
  }
  return { state: s, effects: fx };
}

/** The complaint's look-ups: the contact window counted by the calendar, answered by `windowSet` / `windowRecounted`. */
export const isComplaintLookup = (fx: ComplaintEffect): boolean => fx.type === 'startWindow' || fx.type === 'recountWindow';

/** The complaint engine as the driver runs it (domain/engine/driver.ts). */
export const complaintEngine: Engine<ComplaintEngineState, ComplaintEvent, ComplaintEffect> = { transition: complaintTransition, isLookup: isComplaintLookup };

/** What Temporal UI shows as the complaint's current state. */
export function describeComplaint(s: ComplaintState): string {
  return (
    `**Complaint ${s.id}** about ${s.unitId}: ${s.status}` +
    (s.contactDueAt && !s.contactedAt ? `, contact due ${s.contactDueAt}${s.contactDueProvisional ? ' (provisional)' : ''}` : '') +
    (s.contactLapsedAt ? ' — CONTACT WINDOW LAPSED' : '')
  );
}
