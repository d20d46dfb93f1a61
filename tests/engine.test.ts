// The case engine without a server: each defect found on paths nobody walked, as a pure test, and
// random sequences of decisions, lapses, children's outcomes and vacancies against the invariants.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CaseSim, DEFAULT_SEATS, HOUR, SUPERVISION_CMDS, decisionFor, superviseCmd, type SupervisionCmd } from './support/engine-sim.js';
import { violationOf, nextWake, rulesOf, type CaseState } from '../domain/engine/case.js';
import { countedJudgements } from '../domain/satisfaction.js';
import { initialPartState, partTransition, type PartState } from '../domain/engine/part.js';
import { ACTIONS, TIERS, TIER_RULES, isClosed, mayRefuse, type Action, type Tier } from '../domain/tiers.js';
import { DirectSchema, RATINGS, type Decision } from '../domain/messages.js';
import { STEP_ACTIONS, elementForPartStep, elementForStep } from '../domain/steps.js';
import { buildCaseProcess, decisionFlowId, traceCase } from '../domain/process.js';
import { ELEMENT } from '../domain/elements.js';

const actions = (s: CaseState) => s.timeline.map((x) => x.action);
const last = (s: CaseState) => s.timeline[s.timeline.length - 1];

describe('vacancies (缺位递补) never fail a case', () => {
  it('an escalation into a vacant tier goes to the tier above, says so, and tells the unit head and the efficiency office', () => {
    const sim = new CaseSim({ seats: { ...DEFAULT_SEATS, '3': null } });
    sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    const r = sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    expect(r.error).toBeUndefined();
    expect(sim.state).toMatchObject({ tier: '4', status: 'in_progress', assignee: { principalId: 'u.head' } });
    expect(actions(sim.state).slice(-2)).toEqual(['vacancy', 'escalated']);
    const vacancyNotes = sim.log.effects.filter((f) => f.type === 'notify' && f.notification.template === 'vacancy');
    expect(vacancyNotes.map((f) => f.type === 'notify' && f.notification.to)).toEqual([{ unitHeadOf: 'u' }, { supervisors: true }]);
  });

  it('with nobody at any tier the case waits with a running deadline, and the directory is asked again when it lapses', () => {
    const sim = new CaseSim({ seats: { '1': null, '2': null, '3': null, '4': null, city: null } });
    expect(sim.state.assignee).toBeNull();
    expect(sim.state.deadlineAt).not.toBeNull();
    sim.seats['1'] = 'u.fc2';
    sim.tick();
    expect(sim.state).toMatchObject({ tier: '1', assignee: { principalId: 'u.fc2' } });
  });

  it('a holder who leaves hands the case over; their late decision is stale, not a stranger\'s', () => {
    const sim = new CaseSim();
    sim.seats['1'] = 'u.fc.standin';
    sim.apply({ type: 'directoryChanged', at: '', principalIds: ['u.fc'] });
    expect(sim.state.assignee?.principalId).toBe('u.fc.standin');
    expect(last(sim.state).action).toBe('handed_over');
    expect(sim.decide({ action: 'resolve', result: 'r' }, 'u.fc').error?.code).toBe('STALE_DECISION');
    expect(sim.decide({ action: 'resolve', result: 'r' }, 'someone.else').error?.code).toBe('NOT_ASSIGNEE');
  });
});

describe('a holder who leaves while the case waits hands over the wait (工作交接)', () => {
  const leave = (sim: CaseSim, standIn: string) => {
    const id = sim.state.assignee!.principalId;
    sim.seats[sim.state.tier] = standIn;
    return sim.apply({ type: 'directoryChanged', at: '', principalIds: [id] });
  };

  it('during a materials request the stand-in holds the case, still waiting, on the same deadline; the materials then come to them', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'request_materials', items: ['户口簿'], note: 'n' });
    const waiting = { phase: sim.state.phase, status: sim.state.status, deadlineAt: sim.state.deadlineAt };
    expect(waiting.phase).toBe('materials');
    leave(sim, 'u.fc.standin');
    expect(last(sim.state).action).toBe('handed_over');
    expect(sim.state).toMatchObject({ ...waiting, assignee: { principalId: 'u.fc.standin' } });
    expect(sim.requester({ type: 'materialsSupplied', at: sim.at, body: { items: ['户口簿'] } }).error).toBeUndefined();
    expect(sim.state).toMatchObject({ phase: 'handling', assignee: { principalId: 'u.fc.standin' } });
  });

  it('during a coordination the case keeps waiting for its parts, and goes on with the stand-in once they answer', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'coordinate', unitIds: ['a', 'b'], question: 'q' });
    const deadlineAt = sim.state.deadlineAt;
    leave(sim, 'u.fc.standin');
    expect(sim.state).toMatchObject({ phase: 'coordinating', status: 'coordinating', deadlineAt, assignee: { principalId: 'u.fc.standin' } });
    expect(sim.openParts()).toHaveLength(2);
    sim.answerPart('a', 'can_do');
    sim.answerPart('b', 'can_do');
    expect(sim.state).toMatchObject({ phase: 'handling', assignee: { principalId: 'u.fc.standin' } });
    expect(sim.decide({ action: 'resolve', result: 'r' }).error).toBeUndefined();
  });
});

describe('children', () => {
  it('a part that fails counts as lapsed at the top of its unit, and the case goes to the city', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'coordinate', unitIds: ['a', 'b'], question: 'q' });
    const [pa] = sim.openParts();
    sim.apply({ type: 'childFailed', at: '', kind: 'part', workflowId: pa.workflowId, reason: 'terminated' });
    sim.answerPart('b', 'can_do');
    expect(actions(sim.state)).toContain('part_failed');
    expect(sim.state).toMatchObject({ tier: 'city', consultation: { reason: 'part_lapsed' }, assignee: { principalId: 'city.leader' } });
  });

  it('a coordination whose parts never answer stops waiting at its backstop', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'coordinate', unitIds: ['a'], question: 'q' });
    expect(sim.state.phase).toBe('coordinating');
    expect(nextWake(sim.state)).not.toBeNull();
    sim.tick();
    expect(sim.log.cancelled).toHaveLength(1);
    expect(sim.state.tier).toBe('city');
  });

  it('a key project whose Saturday session never comes goes to the leader at the backstop, and so does a failed consultation', () => {
    for (const how of ['backstop', 'failed'] as const) {
      const sim = new CaseSim({ input: { keyProject: true }, seats: { ...DEFAULT_SEATS } });
      for (let i = 0; i < 3; i++) sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
      sim.decide({ action: 'refer_to_city', suggestions: 's' });
      expect(sim.state.phase).toBe('awaiting_session');
      if (how === 'backstop') sim.tick();
      else sim.apply({ type: 'childFailed', at: '', kind: 'consultation', workflowId: sim.state.consultation!.workflowId, reason: 'terminated' });
      expect(sim.state).toMatchObject({ phase: 'handling', tier: 'city', assignee: { principalId: 'city.leader' } });
      expect(sim.state.deadlineAt).not.toBeNull();
    }
  });

  it('a second round asks a unit again under a new workflow id', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'coordinate', unitIds: ['a'], question: 'q' });
    sim.answerPart('a', 'can_do');
    sim.decide({ action: 'resolve', result: 'r' });
    sim.requester({ type: 'rated', at: '', body: { rating: 'unsatisfied' } });
    sim.decide({ action: 'coordinate', unitIds: ['a'], question: 'q2' });
    expect(sim.log.started).toEqual(['case-SIM-part-a', 'case-SIM-part-a-r2']);
    const keys = sim.log.effects.flatMap((f) => (f.type === 'notify' ? [f.notification.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('messages', () => {
  it('a repeated async decision changes nothing and records nothing', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'refuse', legalBasis: '《x法》第一条', explanation: 'e' }, undefined, 'signal', 'req-1');
    const before = sim.state.timeline.length;
    for (let i = 0; i < 40; i++) sim.decide({ action: 'refuse', legalBasis: '《x法》第一条', explanation: 'e' }, undefined, 'signal', 'req-1');
    expect(sim.state.timeline.length).toBe(before);
    sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' }, undefined, 'signal', 'req-2');
    sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' }, 'u.chief', 'signal', 'req-2');
    expect(sim.state.tier).toBe('2');
  });

  it('a decision on an older version of the case is stale and changes nothing', () => {
    const sim = new CaseSim();
    const seen = sim.state.version!;
    sim.apply({ type: 'timer', at: '' }); // nothing due yet
    sim.clock += HOUR * 0.8;
    sim.tick(); // the reminder: a new step, a new version
    expect(sim.state.version).toBe(seen + 1);
    expect(violationOf(sim.state, { actorId: 'u.fc', decision: { action: 'resolve', result: 'r' }, expectedVersion: seen })?.code).toBe('STALE_DECISION');
    expect(violationOf(sim.state, { actorId: 'u.fc', decision: { action: 'resolve', result: 'r' }, expectedVersion: seen + 1 })).toBeNull();
  });

  it('a city direction names each unit once', () => {
    const due = '2026-12-31T00:00:00+08:00';
    expect(DirectSchema.safeParse({ action: 'direct', directives: [{ unitId: 'a', task: 't', dueAt: due }, { unitId: 'a', task: 't2', dueAt: due }] }).success).toBe(false);
    expect(DirectSchema.safeParse({ action: 'direct', directives: [{ unitId: 'a', task: 't', dueAt: due }, { unitId: 'b', task: 't2', dueAt: due }] }).success).toBe(true);
  });
});

describe('one rule table', () => {
  const saved = [...TIER_RULES['3'].actions];
  afterEach(() => {
    (TIER_RULES['3'] as { actions: readonly Action[] }).actions = saved;
  });

  it('lets tier 3 refuse once the table says so: the case, a unit\'s part and the drawing all follow', () => {
    const atTier3 = () => {
      const sim = new CaseSim();
      sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
      sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
      return sim;
    };
    const refusal: Decision = { action: 'refuse', legalBasis: '《x法》第一条', explanation: 'e' };
    expect(atTier3().decide(refusal).error?.code).toBe('REFUSAL_BELOW_TIER_4');
    expect(buildCaseProcess().flows.some((f) => f.id === decisionFlowId('3', 'refuse'))).toBe(false);

    (TIER_RULES['3'] as { actions: readonly Action[] }).actions = [...saved, 'refuse'];
    const sim = atTier3();
    expect(sim.decide(refusal).error).toBeUndefined();
    expect(sim.state).toMatchObject({ status: 'refused', outcome: { tier: '3' } });
    expect(buildCaseProcess().flows.some((f) => f.id === decisionFlowId('3', 'refuse'))).toBe(true);
    // A unit's part answers "cannot" at tier 3 now too.
    let p: PartState = initialPartState({ caseId: 'X', unitId: 'a', leadUnitId: 'u', title: 't', question: 'q', parentWorkflowId: 'case-X' }, 'case-X-part-a');
    p = { ...p, tier: '3', assignee: { principalId: 'a.deputy', name: 'd', role: 'deputy_head', unitId: 'a', sectionId: null } };
    const r = partTransition(p, { type: 'decided', at: '2026-12-01T00:00:00Z', env: { actorId: 'a.deputy', decision: { action: 'opinion', opinion: { stance: 'cannot', legalBasis: '《x法》第一条', explanation: 'e' } } } }, { title: 't', leadUnitId: 'u' });
    expect(r.error).toBeUndefined();
    expect(r.state.answer?.stance).toBe('cannot');
  });
});

describe('the calendar changes under running windows', () => {
  it('a case and a unit\'s part re-time a provisional window, never earlier than what the holder was told', () => {
    const sim = new CaseSim();
    const told = sim.state.deadlineAt!;
    sim.state.deadlineProvisional = true;
    sim.windowMs = 2 * HOUR; // the official calendar makes the same window longer
    sim.apply({ type: 'calendarChanged', at: '', years: [2027] });
    expect(last(sim.state)).toMatchObject({ action: 'deadline_retimed', data: { from: told, to: sim.state.deadlineAt } });
    expect(Date.parse(sim.state.deadlineAt!)).toBeGreaterThan(Date.parse(told));
    sim.windowMs = HOUR / 2; // a later notice that would shorten it: the holder keeps what they were told
    const before = sim.state.timeline.length;
    const kept0 = sim.state.deadlineAt;
    sim.apply({ type: 'calendarChanged', at: '', years: [2026] });
    const kept = sim.state.deadlineAt;
    expect(sim.state.timeline.length).toBe(before); // nothing moved, nothing to record
    expect(kept).toBe(kept0);

    const input = { title: 't', leadUnitId: 'u' };
    let p: PartState = initialPartState({ caseId: 'X', unitId: 'a', leadUnitId: 'u', title: 't', question: 'q', parentWorkflowId: 'case-X' }, 'case-X-part-a');
    p = { ...p, assignee: { principalId: 'a.fc', name: 'f', role: 'first_contact', unitId: 'a', sectionId: null }, deadlineAt: '2027-01-04T09:30:00.000Z', engine: { ...p.engine, window: { from: '2026-12-01T01:00:00.000Z', told: '2027-01-04T09:30:00.000Z' } } };
    const ask = partTransition(p, { type: 'calendarChanged', at: '2026-12-02T00:00:00.000Z', years: [2027] }, input);
    expect(ask.effects).toEqual([{ type: 'recompute', from: '2026-12-01T01:00:00.000Z', years: [2027] }]);
    const later = partTransition(p, { type: 'retimed', at: '2026-12-02T00:00:00.000Z', years: [2027], deadline: { deadlineAt: '2027-01-05T09:30:00.000Z', reminderAt: null, provisional: false } }, input);
    expect(later.state.deadlineAt).toBe('2027-01-05T09:30:00.000Z');
    expect(later.state.timeline.at(-1)).toMatchObject({ action: 'deadline_retimed', data: { from: '2027-01-04T09:30:00.000Z', to: '2027-01-05T09:30:00.000Z' } });
    const earlier = partTransition(p, { type: 'retimed', at: '2026-12-02T00:00:00.000Z', years: [2027], deadline: { deadlineAt: '2027-01-01T09:30:00.000Z', reminderAt: null, provisional: false } }, input);
    expect(earlier.state.deadlineAt).toBe('2027-01-04T09:30:00.000Z');
  });
});

describe('the step vocabulary', () => {
  it('draws every step: each action has an element on the case or the part process', () => {
    for (const a of STEP_ACTIONS) expect(elementForStep({ action: a, tier: '2' }) ?? elementForPartStep({ action: a, tier: '2' }), a).toBeTruthy();
  });

  it('draws a case that went through city consultation through the consultation, then the leader\'s task', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'coordinate', unitIds: ['a'], question: 'q' });
    sim.answerPart('a', 'can_do');
    sim.decide({ action: 'consult_city', note: '协调无果' });
    sim.decide({ action: 'resolve', result: 'r' }, 'city.leader');
    const steps = sim.state.timeline.map((st) => ({ ...st, elementId: elementForStep(st) ?? undefined }));
    expect(steps.every((st) => st.elementId)).toBe(true);
    const trace = traceCase(buildCaseProcess(), steps, sim.clock);
    expect(trace.visited).toEqual(expect.arrayContaining([ELEMENT.coordination, ELEMENT.consultCity, ELEMENT.task('city'), ELEMENT.resolved]));
    expect(trace.visited.indexOf(ELEMENT.consultCity)).toBeLessThan(trace.visited.indexOf(ELEMENT.task('city')));
  });
});

// ---- random sequences ----
type Cmd =
  | { k: 'decide'; action: Action; who: 'holder' | 'stranger' | 'former'; basis: boolean }
  | { k: 'tick' }
  | { k: 'answer'; stance: 'can_do' | 'cannot' | 'lapsed' }
  | { k: 'childFail'; consultation: boolean }
  | { k: 'seat'; tier: Tier; vacant: boolean }
  | { k: 'leave' }
  | { k: 'materials' }
  | { k: 'withdraw' }
  | { k: 'rate'; rating: (typeof RATINGS)[number]; verified: boolean }
  | { k: 'directiveDone' }
  | SupervisionCmd;

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('decide' as const), action: fc.constantFrom(...ACTIONS), who: fc.constantFrom('holder' as const, 'holder' as const, 'stranger' as const, 'former' as const), basis: fc.boolean() }) },
  { weight: 3, arbitrary: fc.constant({ k: 'tick' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('answer' as const), stance: fc.constantFrom('can_do' as const, 'cannot' as const, 'lapsed' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('childFail' as const), consultation: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('seat' as const), tier: fc.constantFrom(...TIERS), vacant: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'leave' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'materials' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'withdraw' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rate' as const), rating: fc.constantFrom(...RATINGS), verified: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'directiveDone' as const }) },
  // Supervision of the live case and what follows its feedback.
  ...SUPERVISION_CMDS,
);

function play(sim: CaseSim, c: Cmd) {
  const s = sim.state;
  switch (c.k) {
    case 'decide': {
      const holder = s.assignee?.principalId ?? 'nobody';
      const former = s.holders.find((h) => h.principalId !== holder)?.principalId ?? 'nobody';
      return sim.decide(decisionFor(sim, c.action, c.basis), c.who === 'holder' ? holder : c.who === 'former' ? former : 'stranger');
    }
    case 'tick':
      return sim.tick();
    case 'answer': {
      const p = sim.openParts()[0];
      return p && sim.answerPart(p.unitId, c.stance);
    }
    case 'childFail': {
      if (c.consultation && s.consultation) return sim.apply({ type: 'childFailed', at: '', kind: 'consultation', workflowId: s.consultation.workflowId, reason: 'x' });
      const p = sim.openParts()[0];
      return p && sim.apply({ type: 'childFailed', at: '', kind: 'part', workflowId: p.workflowId, reason: 'x' });
    }
    case 'seat':
      sim.seats[c.tier] = c.vacant ? null : `${DEFAULT_SEATS[c.tier]}.${s.timeline.length}`;
      return;
    case 'leave':
      if (s.assignee) {
        const id = s.assignee.principalId;
        for (const t of TIERS) if (sim.seats[t] === id) sim.seats[t] = null;
        return sim.apply({ type: 'directoryChanged', at: '', principalIds: [id] });
      }
      return;
    case 'materials':
      return sim.requester({ type: 'materialsSupplied', at: sim.at, body: { items: ['证明'] } });
    case 'withdraw':
      return sim.requester({ type: 'withdrawn', at: sim.at, body: {} });
    case 'rate':
      return sim.requester({ type: 'rated', at: sim.at, body: { rating: c.rating, ...(c.verified ? { verified: true } : {}) } });
    case 'directiveDone': {
      const d = s.directives?.find((x) => !x.doneAt);
      return d && sim.requester({ type: 'directiveDone', at: sim.at, unitId: d.unitId, actorId: `${d.unitId}.officer` });
    }
    default:
      return superviseCmd(sim, c);
  }
}

/** What must hold after every step of every sequence. */
function checkInvariants(before: CaseState, sim: CaseSim, c: Cmd) {
  const s = sim.state;
  // Timeline: sequence strictly increasing, every step drawn.
  s.timeline.forEach((st, i) => expect(st.seq).toBe(i + 1));
  for (const st of s.timeline) expect(elementForStep(st), st.action).toBeTruthy();
  // No "no" below the tier the table allows.
  if (s.outcome?.kind === 'refused') expect(mayRefuse(s.outcome.tier)).toBe(true);
  // Every open state waits on something that will wake it: a deadline, a backstop, or a directive.
  if (s.phase !== 'done') expect(nextWake(s), JSON.stringify({ phase: s.phase, c })).not.toBeNull();
  // A closed case accepts no decision.
  if (isClosed(s.status)) expect(violationOf(s, { actorId: s.assignee?.principalId ?? 'x', decision: { action: 'resolve', result: 'r' } })?.code).toBe('CASE_CLOSED');
  // A lapse moves the case on: a tier lapse escalates, or (at the top) opens a fresh window.
  const lapsedTier = s.timeline.slice(before.timeline.length).find((st) => st.action === 'deadline_lapsed' && !st.data?.unitId);
  if (lapsedTier && before.phase === 'handling') {
    expect(s.tier !== before.tier || Date.parse(s.deadlineAt ?? '0') > Date.parse(before.deadlineAt ?? '0')).toBe(true);
  }
  // ---- supervision ----
  const added = s.timeline.slice(before.timeline.length);
  // At most one open 督办 on the case and on each part; none once the case ended.
  const open = (s.supervisionNotices ?? []).filter((n) => n.status === 'open');
  expect(new Set(open.map((n) => n.unitId)).size).toBe(open.length);
  if (s.status === 'withdrawn' || s.phase === 'done') expect(open).toEqual([]);
  // A lapsed 督办 or rectification is a shelved event on its own step.
  for (const st of added.filter((x) => x.action === 'supervision_lapsed' || x.action === 'rectification_lapsed')) expect(st.officerEvents?.map((e) => e.kind)).toEqual(['shelved']);
  // Extensions: never more granted than the rules allow, one pending at most, a grant moves the deadline later.
  expect((s.extensions ?? []).filter((x) => x.status === 'granted').length).toBeLessThanOrEqual(rulesOf(s).extension.perCase);
  expect((s.extensions ?? []).filter((x) => x.status === 'pending').length).toBeLessThanOrEqual(1);
  if (added.some((x) => x.action === 'extension_granted')) expect(Date.parse(s.deadlineAt!)).toBeGreaterThan(Date.parse(before.deadlineAt!));
  // Only a grant moves a running deadline: a refusal, a lapse or a 督办 leaves it as it was.
  if (added.length && added.every((x) => /^(extension_(requested|refused|lapsed)|supervision_(issued|withdrawn|lapsed))$/.test(x.action))) expect(s.deadlineAt).toBe(before.deadlineAt);
  // A rectification is closed only once reported and verified by a return visit that reached the requester after the report.
  if (s.rectification?.status === 'closed') {
    const visit = s.callbacks?.find((c) => c.no === s.rectification!.callbackNo);
    expect(visit?.reached && visit.at >= s.rectification.report!.at).toBe(true);
  }
  // Each answer is judged at most once, never by a rating an upheld appeal struck out.
  const struck = new Set((s.appeals ?? []).filter((a) => a.status === 'upheld').map((a) => a.ratingSeq));
  const judged = countedJudgements(s.timeline);
  expect(judged.length).toBeLessThanOrEqual(s.timeline.filter((x) => x.action === 'resolved' || x.action === 'refused').length);
  for (const j of judged) expect(struck.has(j.seq)).toBe(false);
}

describe('random sequences of decisions, lapses, children and vacancies', () => {
  it('keep every invariant', () => {
    fc.assert(
      fc.property(fc.array(cmdArb, { minLength: 1, maxLength: 60 }), (cmds) => {
        const sim = new CaseSim();
        for (const c of cmds) {
          const before = sim.state;
          play(sim, c);
          checkInvariants(before, sim, c);
        }
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
