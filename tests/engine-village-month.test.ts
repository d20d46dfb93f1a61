// The village month's engine (村干部跑办代访) without a server: what a town would notice — the host
// chosen by urgency, an override on record with its reason, the reception's paths and cases, the
// mid-month and month-end timers, the closed-loop report — and random months that never get stuck.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DAY, MONTH, STAGE_MS, TOWN, VillageMonthSim } from './support/village-month-sim.js';
import { OverrideHostSchema, problemWeight } from '../domain/village.js';
import { nextWake, type VillageMonthEffect } from '../domain/engine/village-month.js';

const notices = (sim: VillageMonthSim) => sim.effects.flatMap((f) => (f.type === 'record' ? f.notifications : []));
const actions = (sim: VillageMonthSim) => sim.state.events.map((e) => e.action);
const ids = (sim: VillageMonthSim) => sim.state.problems.map((p) => p.id);

/** A month with three problems (the urgent one in 凤凰村), collection closed, the reception recorded. */
function received(): VillageMonthSim {
  const sim = new VillageMonthSim();
  sim.submit('fenghuang', 5, 300);
  sim.submit('changlong', 2, 40);
  sim.submit('changlong', 2, 40);
  expect(sim.apply({ type: 'closeCollection', actorId: 'shuncheng.head' }).error).toBeUndefined();
  const r = sim.apply({ type: 'reception', env: { actorId: 'shuncheng.fc1', body: { date: `${MONTH}-06`, leaders: ['镇长'], paths: ids(sim).map((problemId) => ({ problemId, responsibleUnitId: 'yian', deadline: `${MONTH}-30` })) } } });
  expect(r.error).toBeUndefined();
  return sim;
}

describe('the village month engine', () => {
  it('opens with a collection date and is recorded at once', () => {
    const sim = new VillageMonthSim();
    expect(sim.state).toMatchObject({ phase: 'collecting', version: 1, collectionClosesAt: new Date(Date.parse(sim.iso) + STAGE_MS.collection).toISOString() });
    expect(sim.state.engine.opened).toBe(true);
    expect(sim.state.villages.map((v) => v.id)).toEqual(['fenghuang', 'changlong', 'xinhe']);
    expect(sim.effects.filter((f) => f.type === 'record')).toHaveLength(1);
  });

  it('chooses the host village by urgency, not by the number of problems', () => {
    const sim = new VillageMonthSim();
    sim.submit('changlong', 2, 40);
    sim.submit('changlong', 2, 40);
    sim.submit('fenghuang', 5, 300);
    sim.apply({ type: 'closeCollection', actorId: 'shuncheng.head' });
    expect(sim.state.phase).toBe('awaiting_reception');
    expect(sim.state.host).toMatchObject({ villageId: 'fenghuang', chosenBy: 'score', suggestedVillageId: 'fenghuang' });
    expect(sim.state.scores[0].score).toBeCloseTo(problemWeight({ urgency: 5, residents: 300, carryCount: 0 }), 1);
    expect(notices(sim).map((n) => n.template)).toEqual(['village_host_chosen']);
    expect(sim.state.receptionDueBy).toBe(new Date(Date.parse(sim.iso) + STAGE_MS.reception).toISOString());
  });

  it('refuses a problem from a village outside the town, and any problem once the collection is closed', () => {
    const sim = new VillageMonthSim();
    expect(sim.submit('elsewhere', 3, 10).error?.code).toBe('UNKNOWN_VILLAGE');
    sim.submit('fenghuang', 3, 10);
    sim.apply({ type: 'closeCollection', actorId: 'shuncheng.head' });
    expect(sim.submit('fenghuang', 3, 10).error?.code).toBe('COLLECTION_CLOSED');
    expect(sim.state.problems).toHaveLength(1);
  });

  it('an override needs a reason, is on record with it, and only before the reception', () => {
    expect(OverrideHostSchema.safeParse({ villageId: 'changlong' }).success).toBe(false);
    expect(OverrideHostSchema.safeParse({ villageId: 'changlong', reason: '  ' }).success).toBe(false);
    const sim = new VillageMonthSim();
    const override = { type: 'overridden' as const, env: { actorId: 'shuncheng.head', body: { villageId: 'changlong', reason: '长龙村道路施工，群众集中' } } };
    expect(sim.apply(override).error?.code).toBe('HOST_LOCKED');
    sim.submit('fenghuang', 5, 300);
    sim.submit('changlong', 2, 40);
    sim.apply({ type: 'closeCollection', actorId: 'shuncheng.head' });
    expect(sim.apply({ ...override, env: { ...override.env, body: { ...override.env.body, villageId: 'fenghuang' } } }).error?.code).toBe('HOST_UNCHANGED');
    expect(sim.apply(override).error).toBeUndefined();
    expect(sim.state.host).toMatchObject({ villageId: 'changlong', suggestedVillageId: 'fenghuang', chosenBy: 'override', overriddenBy: 'shuncheng.head', reason: '长龙村道路施工，群众集中' });
    expect(sim.state.events.at(-1)).toMatchObject({ action: 'host_overridden', note: '长龙村道路施工，群众集中', data: { from: 'fenghuang', to: 'changlong' } });
  });

  it('the reception gives every problem a path and a case; an unknown unit or a failed intake changes nothing', () => {
    const sim = new VillageMonthSim();
    sim.submit('fenghuang', 5, 300);
    sim.submit('changlong', 2, 40);
    sim.apply({ type: 'closeCollection', actorId: 'shuncheng.head' });
    const [a, b] = ids(sim);
    const reception = (paths: { problemId: string; responsibleUnitId: string; deadline: string }[]) => ({ type: 'reception' as const, env: { actorId: 'shuncheng.fc1', body: { date: `${MONTH}-06`, leaders: ['镇长'], paths } } });
    const before = sim.state;
    expect(sim.apply(reception([{ problemId: a, responsibleUnitId: 'yian', deadline: `${MONTH}-20` }])).error?.code).toBe('PATHS_INCOMPLETE');
    expect(sim.apply(reception([{ problemId: a, responsibleUnitId: 'yian', deadline: `${MONTH}-01` }, { problemId: b, responsibleUnitId: 'yian', deadline: `${MONTH}-20` }])).error?.code).toBe('DEADLINE_BEFORE_RECEPTION');
    const ok = [{ problemId: a, responsibleUnitId: 'yian', deadline: `${MONTH}-20` }, { problemId: b, responsibleUnitId: 'nowhere', deadline: `${MONTH}-20` }];
    expect(sim.apply(reception(ok)).error).toEqual({ code: 'UNKNOWN_UNIT', message: 'No unit nowhere.' });
    sim.knownUnits.add('nowhere');
    sim.intakeFails = { code: 'DIRECTORY_GAP', message: 'no first-contact officer' };
    expect(sim.apply(reception(ok)).error?.code).toBe('DIRECTORY_GAP');
    expect(sim.state).toBe(before);
    sim.intakeFails = null;
    expect(sim.apply(reception(ok)).error).toBeUndefined();
    expect(sim.state.phase).toBe('in_progress');
    expect(sim.state.problems.map((p) => p.path?.caseId)).toEqual(['C-1', 'C-2']);
    expect(sim.state.midCheck?.dueAt).toBe(new Date(Date.parse(sim.iso) + STAGE_MS.midCheck).toISOString());
    expect(sim.state.monthEnd?.dueAt).toBe(new Date(Date.parse(sim.iso) + STAGE_MS.midCheck + STAGE_MS.monthEnd).toISOString());
    expect(actions(sim).at(-1)).toBe('reception_recorded');
  });

  it('a carried problem keeps its case while it is open, and a second carry flags it to the town head', () => {
    const sim = new VillageMonthSim();
    sim.carried = [{ fromId: 'shuncheng-202602-01', villageId: 'changlong', title: '碎石路面', description: 'd', urgency: 3, residents: 200, carryCount: 1, caseId: 'OLD' }];
    sim.apply({ type: 'closeCollection', actorId: 'shuncheng.head' });
    expect(sim.state.problems[0]).toMatchObject({ carriedFromId: 'shuncheng-202602-01', carryCount: 1, priorCaseId: 'OLD', submittedBy: 'system' });
    sim.apply({ type: 'reception', env: { actorId: 'shuncheng.fc1', body: { date: `${MONTH}-06`, leaders: ['镇长'], paths: [{ problemId: ids(sim)[0], responsibleUnitId: 'yian', deadline: `${MONTH}-30` }] } } });
    expect(sim.state.problems[0].path).toMatchObject({ caseId: 'OLD', caseReused: true });
    sim.advance(STAGE_MS.midCheck + STAGE_MS.monthEnd);
    sim.apply({ type: 'checked', env: { actorId: 'shuncheng.fc1', body: { kind: 'month_end', date: `${MONTH}-29`, inspectors: ['于谦'], findings: [{ problemId: ids(sim)[0], outcome: 'carried' }] } } });
    expect(sim.state.report).toMatchObject({ carried: 1, flagged: [ids(sim)[0]], monthEnd: 'recorded', midCheck: 'missed' });
    expect(notices(sim).map((n) => n.template)).toContain('village_problem_carried_twice');
  });

  it('the mid-month check and the month-end follow-up fall due on their timers and tell the town head', () => {
    const sim = received();
    sim.advance(STAGE_MS.midCheck - 1000);
    // A wake before the date (a timer set for an earlier, re-timed date) moves nothing.
    sim.apply({ type: 'timer' });
    expect(sim.state.phase).toBe('in_progress');
    sim.advance(1000);
    expect(sim.state.phase).toBe('mid_check_due');
    expect(notices(sim).filter((n) => n.template === 'village_check_due').map((n) => n.vars.check)).toEqual(['月中实地察看 mid-month on-site check']);
    const mid = sim.apply({ type: 'checked', env: { actorId: 'shuncheng.fc1', body: { kind: 'mid_month', date: `${MONTH}-15`, inspectors: ['于谦'], findings: ids(sim).map((problemId) => ({ problemId, progress: 'on_track' as const })) } } });
    expect(mid.error).toBeUndefined();
    expect(sim.apply({ type: 'checked', env: { actorId: 'x', body: { kind: 'mid_month', date: `${MONTH}-16`, inspectors: ['于谦'], findings: ids(sim).map((problemId) => ({ problemId, progress: 'on_track' as const })) } } }).error?.code).toBe('MID_CHECK_ALREADY_RECORDED');
    sim.advance(STAGE_MS.monthEnd);
    expect(sim.state.phase).toBe('month_end_due');
    expect(sim.state.monthEnd?.closesBy).toBe(new Date(Date.parse(sim.iso) + STAGE_MS.closeGrace).toISOString());
    expect(notices(sim).filter((n) => n.template === 'village_check_due')).toHaveLength(2);
  });

  it('the month-end follow-up closes the loop: "solved" needs a resolved case, "in progress" a later date; the report adds up', () => {
    const sim = received();
    sim.advance(STAGE_MS.midCheck + STAGE_MS.monthEnd);
    const [a, b, c] = ids(sim);
    const check = (findings: { problemId: string; outcome: 'solved' | 'in_progress' | 'carried'; expectedBy?: string }[]) => sim.apply({ type: 'checked', env: { actorId: 'shuncheng.fc1', body: { kind: 'month_end', date: `${MONTH}-29`, inspectors: ['于谦'], findings } } });
    const findings = [{ problemId: a, outcome: 'solved' as const }, { problemId: b, outcome: 'in_progress' as const, expectedBy: `${MONTH}-31` }, { problemId: c, outcome: 'carried' as const }];
    expect(check(findings).error?.code).toBe('CASE_NOT_RESOLVED');
    expect(check([findings[0], { problemId: b, outcome: 'in_progress' }, findings[2]]).error?.code).toBe('EXPECTED_BY_REQUIRED');
    sim.caseStatus['C-1'] = 'resolved';
    expect(check(findings).error).toBeUndefined();
    expect(sim.state.phase).toBe('closed');
    expect(sim.state.report).toMatchObject({ total: 3, solved: 1, inProgress: 1, carried: 1, flagged: [], midCheck: 'missed', monthEnd: 'recorded' });
    expect(notices(sim).at(-1)).toMatchObject({ template: 'village_month_report', vars: { total: '3', solved: '1', inProgress: '1', carried: '1', townName: '顺城镇' } });
    expect(nextWake(sim.state)).toBeNull();
    expect(check(findings).error?.code).toBe('MONTH_CLOSED');
  });

  it('a follow-up nobody recorded closes the month from the cases; a reception nobody recorded carries everything', () => {
    const sim = received();
    sim.caseStatus['C-2'] = 'resolved';
    sim.advance(STAGE_MS.midCheck + STAGE_MS.monthEnd + STAGE_MS.closeGrace);
    expect(sim.state.report).toMatchObject({ solved: 1, carried: 2, monthEnd: 'derived' });
    expect(sim.state.problems.every((p) => p.outcome?.derived)).toBe(true);

    const none = new VillageMonthSim();
    none.submit('xinhe', 3, 30);
    none.advance(STAGE_MS.collection);
    expect(none.state.collectionClosedBy).toBe('system');
    none.advance(STAGE_MS.reception);
    expect(none.state.report).toMatchObject({ total: 1, carried: 1, monthEnd: 'no_reception' });

    const empty = new VillageMonthSim();
    empty.advance(STAGE_MS.collection);
    expect(empty.state.report).toMatchObject({ total: 0, monthEnd: 'no_problems' });
  });

  it('a loaded calendar re-times a provisional stage, never earlier than the town was told, and says so', () => {
    // 2026's notice is not loaded yet: the collection date is provisional, shown and searchable as such.
    const sim = new VillageMonthSim({ provisional: ['collection'] });
    expect(sim.state.provisionalDates).toEqual(['collection']);
    expect(sim.effects.filter((f) => f.type === 'searchProvisional')).toEqual([{ type: 'searchProvisional', value: true }]);
    const told = sim.state.collectionClosesAt!;
    // The notice for 2026 adds a day off inside the window: the date moves later, and is confirmed.
    sim.provisional.clear();
    sim.extraMs = DAY;
    sim.apply({ type: 'calendarChanged', change: { years: [2026], documentNo: '国办发明电〔2025〕7号' } });
    expect(sim.state.collectionClosesAt).toBe(new Date(Date.parse(told) + DAY).toISOString());
    expect(sim.state.events.at(-1)).toMatchObject({ action: 'deadline_retimed', data: { stage: 'collection', oldAt: told, documentNo: '国办发明电〔2025〕7号' } });
    const retimed = sim.effects.filter((f): f is Extract<VillageMonthEffect, { type: 'retimed' }> => f.type === 'retimed');
    expect(retimed.map((f) => [f.record.window, f.record.n, f.record.holder])).toEqual([['collection', 1, { headOfUnit: TOWN }]]);
    expect(sim.state.provisionalDates).toEqual([]);
    expect(sim.effects.filter((f) => f.type === 'searchProvisional').at(-1)).toEqual({ type: 'searchProvisional', value: false });
    // Confirmed now: a notice of another year concerns it no more.
    sim.apply({ type: 'calendarChanged', change: { years: [2030] } });
    expect(retimed.length).toBe(sim.effects.filter((f) => f.type === 'retimed').length);
    // A notice that would bring the date forward leaves it where the town was told.
    sim.extraMs = -DAY;
    sim.apply({ type: 'calendarChanged', change: { years: [2026] } });
    expect(sim.state.collectionClosesAt).toBe(new Date(Date.parse(told) + DAY).toISOString());
  });
});

// ---- random months: nothing throws, nothing is stuck, a refusal changes nothing ----
type Cmd =
  | { k: 'submit'; village: string; urgency: number }
  | { k: 'close' }
  | { k: 'override'; village: string }
  | { k: 'reception'; unit: string; complete: boolean }
  | { k: 'mid' }
  | { k: 'end'; outcome: 'solved' | 'in_progress' | 'carried' }
  | { k: 'resolve' }
  | { k: 'wait'; days: number }
  | { k: 'calendar' };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ k: fc.constant('submit' as const), village: fc.constantFrom('fenghuang', 'changlong', 'xinhe', 'nowhere'), urgency: fc.integer({ min: 1, max: 5 }) }),
  fc.constant({ k: 'close' as const }),
  fc.record({ k: fc.constant('override' as const), village: fc.constantFrom('fenghuang', 'changlong', 'xinhe') }),
  fc.record({ k: fc.constant('reception' as const), unit: fc.constantFrom('yian', 'nowhere'), complete: fc.boolean() }),
  fc.constant({ k: 'mid' as const }),
  fc.record({ k: fc.constant('end' as const), outcome: fc.constantFrom('solved' as const, 'in_progress' as const, 'carried' as const) }),
  fc.constant({ k: 'resolve' as const }),
  fc.record({ k: fc.constant('wait' as const), days: fc.integer({ min: 0, max: 12 }) }),
  fc.constant({ k: 'calendar' as const }),
);

function play(sim: VillageMonthSim, c: Cmd) {
  const all = ids(sim);
  switch (c.k) {
    case 'submit':
      return sim.submit(c.village, c.urgency, 50);
    case 'close':
      return sim.apply({ type: 'closeCollection', actorId: 'shuncheng.head' });
    case 'override':
      return sim.apply({ type: 'overridden', env: { actorId: 'shuncheng.head', body: { villageId: c.village, reason: 'r' } } });
    case 'reception':
      return sim.apply({ type: 'reception', env: { actorId: 'a', body: { date: `${MONTH}-06`, leaders: ['镇长'], paths: (c.complete ? all : all.slice(1)).map((problemId) => ({ problemId, responsibleUnitId: c.unit, deadline: `${MONTH}-30` })) } } });
    case 'mid':
      return sim.apply({ type: 'checked', env: { actorId: 'a', body: { kind: 'mid_month', date: `${MONTH}-15`, inspectors: ['i'], findings: all.map((problemId) => ({ problemId, progress: 'on_track' as const })) } } });
    case 'end':
      return sim.apply({ type: 'checked', env: { actorId: 'a', body: { kind: 'month_end', date: `${MONTH}-29`, inspectors: ['i'], findings: all.map((problemId) => ({ problemId, outcome: c.outcome, ...(c.outcome === 'in_progress' ? { expectedBy: `${MONTH}-31` } : {}) })) } } });
    case 'resolve':
      for (const p of sim.state.problems) if (p.path) sim.caseStatus[p.path.caseId] = 'resolved';
      return {};
    case 'wait':
      sim.advance(c.days * DAY);
      return {};
    case 'calendar':
      sim.extraMs += DAY;
      return sim.apply({ type: 'calendarChanged', change: { years: [2026] } });
  }
}

describe('random months (fast-check)', () => {
  it('never throw; a refusal changes nothing; an open month always has a date to wake for; every month closes with a report that adds up', () => {
    fc.assert(
      fc.property(fc.array(cmdArb, { minLength: 1, maxLength: 40 }), (cmds) => {
        const sim = new VillageMonthSim();
        let version = sim.state.version;
        for (const c of cmds) {
          const before = sim.state;
          const r = play(sim, c);
          if ('error' in r && r.error) expect(sim.state).toBe(before);
          expect(sim.state.version).toBeGreaterThanOrEqual(version);
          version = sim.state.version;
          if (sim.state.phase === 'closed') expect(nextWake(sim.state)).toBeNull();
          else expect(nextWake(sim.state)).not.toBeNull();
          expect(sim.state.events.map((e) => e.seq)).toEqual(sim.state.events.map((_, i) => i + 1));
        }
        sim.advance(90 * DAY);
        expect(sim.state.phase).toBe('closed');
        const r = sim.state.report!;
        expect(r.solved + r.inProgress + r.carried).toBe(r.total);
        expect(r.total).toBe(sim.state.problems.length);
        expect(play(sim, { k: 'submit', village: 'xinhe', urgency: 3 })).toMatchObject({ error: { code: 'COLLECTION_CLOSED' } });
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
