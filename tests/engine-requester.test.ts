// What the case engine tells the requester, without a server: a message when the case goes up a tier
// (by a decision, a lapse or a reopening; the tier, never the person), when units are coordinated,
// when the city is consulted, with the materials request and the answer; nothing when a case only
// changes hands inside a tier. Whether a message is sent, and when, is notify/requester.ts.
import { describe, expect, it } from 'vitest';
import { CaseSim, DEFAULT_SEATS } from './support/engine-sim.js';
import type { NotificationRequest } from '../domain/case.js';

/** The requester's notices the engine asked for since `from` effects, in order. */
function told(sim: CaseSim, from = 0): NotificationRequest[] {
  return sim.log.effects
    .slice(from)
    .flatMap((f) => (f.type === 'notify' && 'requester' in f.notification.to ? [f.notification] : []));
}
const officers = Object.values(DEFAULT_SEATS).filter(Boolean) as string[];
const noOfficerIn = (ns: NotificationRequest[]) => {
  for (const n of ns) for (const v of Object.values(n.vars)) for (const o of officers) expect(v).not.toContain(o);
};

describe('progress messages the engine asks for', () => {
  it('an escalation tells the requester the new tier, never the holder', () => {
    const sim = new CaseSim();
    expect(told(sim)).toEqual([]); // the receipt comes from intake, which knows the tracking link
    const mark = sim.log.effects.length;
    sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    const ns = told(sim, mark);
    expect(ns).toEqual([expect.objectContaining({ template: 'progress_tier', recipientKind: 'requester', vars: { caseId: 'SIM', tier: '第2级（科室负责人）' } })]);
    expect(ns[0].key).toBe(`SIM:${sim.state.timeline.find((s) => s.action === 'escalated')!.seq}:requester`);
    noOfficerIn(ns);
  });

  it('a lapse that moves the case up tells it too; a reopening after "unsatisfied" tells the tier it went to', () => {
    const sim = new CaseSim();
    let mark = sim.log.effects.length;
    while (sim.state.tier === '1') sim.tick();
    expect(told(sim, mark).map((n) => [n.template, n.vars.tier])).toEqual([['progress_tier', '第2级（科室负责人）']]);
    sim.decide({ action: 'resolve', result: '已办结' });
    mark = sim.log.effects.length;
    sim.requester({ type: 'rated', at: sim.at, body: { rating: 'unsatisfied' } });
    expect(sim.state.tier).toBe('3');
    expect(told(sim, mark).map((n) => [n.template, n.vars.tier])).toEqual([['progress_tier', '第3级（单位分管负责人）']]);
  });

  it('coordination says how many units work on it; the city says the city, once', () => {
    const sim = new CaseSim();
    let mark = sim.log.effects.length;
    sim.decide({ action: 'coordinate', unitIds: ['a', 'b'], question: 'q' });
    expect(told(sim, mark)).toEqual([expect.objectContaining({ template: 'progress_coordinated', vars: { caseId: 'SIM', unitCount: '2' } })]);
    sim.answerPart('a', 'can_do');
    sim.answerPart('b', 'can_do');
    mark = sim.log.effects.length;
    sim.decide({ action: 'consult_city', note: '协调无果' });
    expect(sim.state.tier).toBe('city');
    expect(told(sim, mark).map((n) => n.template)).toEqual(['progress_city']);
  });

  it('materials and the answer reach the requester; a referral to the city says so once', () => {
    const sim = new CaseSim();
    let mark = sim.log.effects.length;
    sim.decide({ action: 'request_materials', items: ['购房合同'] });
    expect(told(sim, mark).map((n) => n.template)).toEqual(['materials_requested']);
    sim.requester({ type: 'materialsSupplied', at: sim.at, body: { items: ['购房合同'] } });
    for (let i = 0; i < 3; i++) sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    mark = sim.log.effects.length;
    sim.decide({ action: 'refer_to_city', suggestions: 's' });
    expect(told(sim, mark).map((n) => n.template)).toEqual(['progress_city']);
    mark = sim.log.effects.length;
    sim.decide({ action: 'resolve', result: '同意办理' });
    expect(told(sim, mark).map((n) => n.template)).toEqual(['feedback_resolved']);
    noOfficerIn(told(sim));
  });

  it('a hand-over inside a tier or a vacancy filled at the same tier tells the requester nothing', () => {
    const sim = new CaseSim();
    const mark = sim.log.effects.length;
    sim.seats['1'] = 'u.fc.standin';
    sim.apply({ type: 'directoryChanged', at: '', principalIds: ['u.fc'] });
    expect(sim.state.assignee?.principalId).toBe('u.fc.standin');
    expect(told(sim, mark)).toEqual([]);
  });

  it('a vacancy that skips a tier tells the tier the case reached', () => {
    const sim = new CaseSim({ seats: { ...DEFAULT_SEATS, '2': null } });
    const mark = sim.log.effects.length;
    sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    expect(told(sim, mark).map((n) => n.vars.tier)).toEqual(['第3级（单位分管负责人）']);
  });
});
