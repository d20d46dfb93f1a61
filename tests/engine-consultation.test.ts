// City leaders' consultation (市级领导会商) engine without a server: convened at once or at the Saturday
// session, answered by the city leader's outcome, withdrawn when the case ends first; random signal
// orders never leave it stuck once its outcome or withdrawal has come.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  consultationOpen,
  consultationResult,
  consultationTransition,
  initialConsultation,
  type ConsultationEffect,
  type ConsultationEvent,
  type ConsultationInput,
  type ConsultationState,
} from '../domain/engine/consultation.js';

const input = (keyProject: boolean): ConsultationInput => ({ caseId: 'K1', parentWorkflowId: 'case-K1', leadUnitId: 'housing', unitIds: ['gas'], cityLeaderId: 'city.vice1', keyProject, reason: 'consult_city' });
type Ev = ConsultationEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

function walk(keyProject: boolean, events: Ev[]) {
  let s: ConsultationState = initialConsultation(input(keyProject));
  const effects: ConsultationEffect[] = [];
  let n = 0;
  for (const e of [{ type: 'started' } as Ev, ...events]) {
    const t = consultationTransition(s, { ...e, at: `2026-12-05T0${n++}:00:00.000Z` } as ConsultationEvent);
    s = t.state;
    effects.push(...t.effects);
  }
  return { s, effects, statuses: effects.flatMap((f) => (f.type === 'show' ? [f.status] : [])), told: effects.filter((f) => f.type === 'tellCase') };
}
const resolved = { type: 'outcome' as const, outcome: { kind: 'resolved' as const, by: 'city.vice1', at: '2026-12-05T09:00:00.000Z', summary: '会商议定由燃气公司施工' } };

describe('the consultation engine', () => {
  it('an ordinary consultation convenes at once and tells the case; the outcome closes it', () => {
    const w = walk(false, []);
    expect(w.s).toMatchObject({ phase: 'convened', session: 'immediate', convenedAt: '2026-12-05T00:00:00.000Z' });
    expect(w.told).toEqual([{ type: 'tellCase', session: 'immediate', at: '2026-12-05T00:00:00.000Z' }]);
    const done = walk(false, [resolved]);
    expect(done.statuses).toEqual(['convened', 'resolved']);
    expect(consultationOpen(done.s)).toBe(false);
    expect(consultationResult(done.s)).toEqual({ caseId: 'K1', session: 'immediate', convenedAt: '2026-12-05T00:00:00.000Z', outcome: resolved.outcome });
  });

  it('a key project waits for the Saturday session; convening twice tells the case once', () => {
    const waiting = walk(true, []);
    expect(waiting.s.phase).toBe('awaiting_session');
    expect(waiting.told).toHaveLength(0);
    const w = walk(true, [{ type: 'convene' }, { type: 'convene' }, { ...resolved, outcome: { ...resolved.outcome, kind: 'refused' } }]);
    expect(w.statuses).toEqual(['awaiting_session', 'convened', 'refused']);
    expect(w.told).toEqual([{ type: 'tellCase', session: 'saturday', at: '2026-12-05T01:00:00.000Z' }]);
  });

  it('a case that ends first withdraws it, and nothing moves it after', () => {
    const w = walk(true, [{ type: 'withdrawn' }, { type: 'convene' }, resolved]);
    expect(w.statuses).toEqual(['awaiting_session', 'withdrawn']);
    expect(w.s.outcome).toBeUndefined();
    expect(w.told).toHaveLength(0);
  });
});

describe('random consultations (fast-check)', () => {
  it('never throw; tell the case at most once and only when convened; an outcome or a withdrawal always closes it', () => {
    const ev = fc.constantFrom<Ev>({ type: 'convene' }, resolved, { type: 'withdrawn' });
    fc.assert(
      fc.property(fc.boolean(), fc.array(ev, { maxLength: 12 }), (key, events) => {
        const w = walk(key, events);
        expect(w.told.length).toBeLessThanOrEqual(1);
        if (w.told.length) expect(w.s.convenedAt).toBeDefined();
        const closer = events.findIndex((e) => e.type === 'withdrawn' || (e.type === 'outcome' && (!key || events.slice(0, events.indexOf(e)).some((x) => x.type === 'convene'))));
        if (closer >= 0) expect(consultationOpen(w.s)).toBe(false);
        // Whatever comes, a withdrawal closes an open consultation.
        const end = consultationTransition(w.s, { type: 'withdrawn', at: '2026-12-06T00:00:00.000Z' });
        expect(consultationOpen(end.state)).toBe(false);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
