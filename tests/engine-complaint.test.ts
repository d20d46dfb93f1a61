// The complaint's engine (效能铜都) without a server: who is told and in what order, the contact window
// and its lapse, contact and close, re-timing by a loaded calendar; random sequences never stick.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COMPLAINT_NOTICE_ORDER,
  complaintTransition,
  complaintWake,
  initialComplaint,
  type ComplaintEffect,
  type ComplaintEngineState,
  type ComplaintEvent,
} from '../domain/engine/complaint.js';

const DAY = 86_400_000;
type Ev = ComplaintEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

/** The engine with its look-ups answered at once: the window is `windowMs` long (plus `extraMs` once the calendar is loaded). */
class ComplaintSim {
  now = Date.parse('2026-12-01T02:00:00Z');
  windowMs = 2 * DAY;
  extraMs = 0;
  provisional = true;
  effects: ComplaintEffect[] = [];
  state: ComplaintEngineState = initialComplaint({ complaintId: 'T-1', unitId: 'market', filedAt: '2026-12-01T02:00:00Z' });
  constructor() {
    this.apply({ type: 'started' });
  }
  get iso() {
    return new Date(this.now).toISOString();
  }
  apply(e: Ev) {
    const t = complaintTransition(this.state, { ...e, at: this.iso } as ComplaintEvent);
    if (t.error) return t.error;
    this.state = t.state;
    for (const fx of t.effects) {
      this.effects.push(fx);
      const due = (from: string) => new Date(Date.parse(from) + this.windowMs + (this.provisional ? 0 : this.extraMs)).toISOString();
      if (fx.type === 'startWindow') this.apply({ type: 'windowSet', from: this.iso, deadlineAt: due(this.iso), provisional: this.provisional });
      if (fx.type === 'recountWindow') this.apply({ type: 'windowRecounted', deadlineAt: due(fx.from), provisional: this.provisional, change: fx.change });
    }
    return undefined;
  }
  advance(ms: number) {
    const until = this.now + ms;
    const wake = complaintWake(this.state);
    if (wake !== null && wake <= until) {
      this.now = wake;
      this.apply({ type: 'timer' });
    }
    this.now = until;
  }
}
const kinds = (sim: ComplaintSim) => sim.effects.map((f) => f.type);

describe('the complaint engine', () => {
  it('tells the unit, the data bureau, the efficiency office and then the head by SMS, and only then starts the contact window', () => {
    const sim = new ComplaintSim();
    expect(sim.effects.filter((f) => f.type === 'notifyFiled').map((f) => f.type === 'notifyFiled' && f.group)).toEqual([...COMPLAINT_NOTICE_ORDER]);
    expect(COMPLAINT_NOTICE_ORDER.at(-1)).toBe('head_sms');
    expect(kinds(sim).slice(4)).toEqual(['startWindow', 'recordDeadline', 'searchProvisional']);
    expect(sim.state).toMatchObject({ status: 'open', contactDueAt: new Date(sim.now + 2 * DAY).toISOString(), contactDueProvisional: true });
  });

  it('a window that passes without contact is recorded as lapsed once; the complaint stays open for the supervisor', () => {
    const sim = new ComplaintSim();
    sim.advance(2 * DAY - 1);
    // A wake before the date (a timer set for an earlier, re-timed date) lapses nothing.
    sim.apply({ type: 'timer' });
    expect(sim.state.contactLapsedAt).toBeUndefined();
    sim.advance(1);
    expect(sim.state.contactLapsedAt).toBe(sim.iso);
    expect(kinds(sim).filter((k) => k === 'recordLapsed')).toHaveLength(1);
    expect(complaintWake(sim.state)).toBeNull();
    sim.advance(10 * DAY);
    expect(kinds(sim).filter((k) => k === 'recordLapsed')).toHaveLength(1);
    // A late contact is still recorded, then the supervisor closes.
    expect(sim.apply({ type: 'contacted', req: { actorId: 'market.fc1', note: '已电话联系' } })).toBeUndefined();
    expect(sim.apply({ type: 'closed', req: { actorId: 'sup', upheld: true, findings: '属实' } })).toBeUndefined();
    expect(sim.state).toMatchObject({ status: 'closed', upheld: true, closedBy: 'sup', contactedBy: 'market.fc1' });
  });

  it('a contact in time stops the window; a second contact, a blank note or anything after the close is refused', () => {
    const sim = new ComplaintSim();
    expect(sim.apply({ type: 'contacted', req: { actorId: 'market.fc1', note: ' ' } })?.code).toBe('VALIDATION_FAILED');
    expect(sim.apply({ type: 'contacted', req: { actorId: 'market.fc1', note: '已上门' } })).toBeUndefined();
    expect(sim.state.status).toBe('contacted');
    expect(complaintWake(sim.state)).toBeNull();
    sim.advance(5 * DAY);
    expect(sim.state.contactLapsedAt).toBeUndefined();
    expect(sim.apply({ type: 'contacted', req: { actorId: 'market.fc1', note: 'again' } })?.code).toBe('ALREADY_CONTACTED');
    expect(sim.apply({ type: 'closed', req: { actorId: 'sup', upheld: false, findings: '' } })?.code).toBe('VALIDATION_FAILED');
    expect(sim.apply({ type: 'closed', req: { actorId: 'sup', upheld: false, findings: '不属实', officerIds: ['market.fc1'] } })).toBeUndefined();
    expect(sim.effects.at(-1)).toMatchObject({ type: 'recordClosed', upheld: false, officerIds: ['market.fc1'] });
    expect(sim.apply({ type: 'closed', req: { actorId: 'sup', upheld: true, findings: 'x' } })?.code).toBe('COMPLAINT_CLOSED');
    expect(sim.apply({ type: 'contacted', req: { actorId: 'market.fc1', note: 'x' } })?.code).toBe('COMPLAINT_CLOSED');
  });

  it('a loaded calendar makes a provisional window firm and later, never earlier, and the unit is told', () => {
    const sim = new ComplaintSim();
    const told = sim.state.contactDueAt!;
    sim.provisional = false;
    sim.extraMs = DAY;
    sim.apply({ type: 'calendarChanged', change: { years: [2026], documentNo: 'No.1' } });
    expect(sim.state).toMatchObject({ contactDueAt: new Date(Date.parse(told) + DAY).toISOString(), contactDueProvisional: false });
    expect(sim.effects.at(-1)).toMatchObject({ type: 'recordRetimed', n: 1, oldAt: told, documentNo: 'No.1' });
    sim.extraMs = -DAY;
    sim.apply({ type: 'calendarChanged', change: { years: [2026] } });
    expect(sim.state.contactDueAt).toBe(new Date(Date.parse(told) + DAY).toISOString());
    expect(kinds(sim).filter((k) => k === 'recordRetimed')).toHaveLength(1);
    // Another year's notice concerns a firm window no more.
    sim.apply({ type: 'calendarChanged', change: { years: [2031] } });
    expect(kinds(sim).filter((k) => k === 'recountWindow')).toHaveLength(2);
  });
});

describe('random complaints (fast-check)', () => {
  const cmd = fc.oneof(
    fc.record({ k: fc.constant('contact' as const), blank: fc.boolean() }),
    fc.record({ k: fc.constant('close' as const), upheld: fc.boolean() }),
    fc.record({ k: fc.constant('wait' as const), days: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ k: fc.constant('calendar' as const), firm: fc.boolean(), extraDays: fc.integer({ min: -2, max: 2 }) }),
  );
  it('never throw; a refusal changes nothing; the deadline never moves earlier; an open window is always timed; a closed complaint accepts nothing', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 30 }), (cmds) => {
        const sim = new ComplaintSim();
        let due = sim.state.contactDueAt!;
        for (const c of cmds) {
          const before = sim.state;
          let err;
          if (c.k === 'contact') err = sim.apply({ type: 'contacted', req: { actorId: 'u', note: c.blank ? '' : 'n' } });
          else if (c.k === 'close') err = sim.apply({ type: 'closed', req: { actorId: 's', upheld: c.upheld, findings: 'f' } });
          else if (c.k === 'wait') sim.advance(c.days * DAY);
          else {
            sim.provisional = !c.firm;
            sim.extraMs = c.extraDays * DAY;
            sim.apply({ type: 'calendarChanged', change: { years: [2026] } });
          }
          if (err) expect(sim.state).toBe(before);
          expect(Date.parse(sim.state.contactDueAt!)).toBeGreaterThanOrEqual(Date.parse(due));
          due = sim.state.contactDueAt!;
          if (sim.state.status === 'open' && !sim.state.contactLapsedAt) expect(complaintWake(sim.state)).not.toBeNull();
        }
        sim.apply({ type: 'closed', req: { actorId: 's', upheld: true, findings: 'f' } });
        expect(sim.state.status).toBe('closed');
        expect(sim.apply({ type: 'contacted', req: { actorId: 'u', note: 'n' } })?.code).toBe('COMPLAINT_CLOSED');
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
