// Supervision of a live case and what follows its feedback, in the case engine without a server:
// 督办 notices, extensions, rectifying a bad rating, return visits, appeals, the aftercare. The same
// rules the workflow's validators run (requesterViolation), through the sim's shell.
import { describe, expect, it } from 'vitest';
import { CaseSim, HOTLINE, HOUR, SUPERVISOR, officerOf, type SupervisionEvent } from './support/engine-sim.js';
import { hasOpenItems, nextWake, type CaseEffect, type CaseState } from '../domain/engine/case.js';
import { caseJudgement, countedJudgements } from '../domain/satisfaction.js';
import { elementForStep } from '../domain/steps.js';

const actions = (s: CaseState) => s.timeline.map((x) => x.action);
const notices = (sim: CaseSim, from = 0) =>
  sim.log.effects.slice(from).flatMap((f: CaseEffect) => (f.type === 'notify' ? [{ template: f.notification.template, to: f.notification.to }] : []));
const issue = (sim: CaseSim, body: Partial<Extract<SupervisionEvent, { type: 'noticeIssued' }>['m']['body']> = {}, actor: { id: string; role: string; unitId: string | null } = SUPERVISOR) =>
  sim.supervise({ type: 'noticeIssued', m: { actor: actor as never, body: { level: 'supervision', due: { workingHours: 4 }, note: '请加快办理', ...body } } });
const resolveAndRate = (sim: CaseSim, rating: 'satisfied' | 'unsatisfied' | 'very_unsatisfied', verified = false) => {
  sim.decide({ action: 'resolve', result: 'r' });
  return sim.requester({ type: 'rated', at: sim.at, body: { rating, ...(verified ? { verified } : {}) } });
};

describe('督办 notices', () => {
  it('tell the holder and the unit head, and are answered by the holder\'s next decision (recorded before it)', () => {
    const sim = new CaseSim();
    const mark = sim.log.effects.length;
    expect(issue(sim).error).toBeUndefined();
    expect(sim.state.supervisionNotices).toMatchObject([{ no: 1, level: 'supervision', status: 'open', unitId: null }]);
    expect(notices(sim, mark)).toEqual([
      { template: 'supervision_notice', to: { principalId: 'u.fc' } },
      { template: 'supervision_notice_head', to: { unitHeadOf: 'u' } },
    ]);
    sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    expect(actions(sim.state).slice(-2)).toEqual(['supervision_answered', 'escalated']);
    expect(sim.state.supervisionNotices![0]).toMatchObject({ status: 'answered', holderId: 'u.fc' });
  });

  it('lapse with no decision: a shelved event against the holder, the efficiency office and the unit head told; the case goes on', () => {
    const sim = new CaseSim();
    sim.clock += HOUR / 4;
    sim.windowMs = HOUR / 4; // the notice falls due before the tier's window
    issue(sim);
    sim.windowMs = HOUR;
    const mark = sim.log.effects.length;
    sim.tick();
    const lapse = sim.state.timeline.at(-1)!;
    expect(lapse).toMatchObject({ action: 'supervision_lapsed', subjectId: 'u.fc', officerEvents: [{ officer: { principalId: 'u.fc' }, unitId: 'u', tier: '1', kind: 'shelved' }] });
    expect(notices(sim, mark).map((n) => n.template)).toEqual(['supervision_lapsed', 'supervision_lapsed']);
    expect(notices(sim, mark).map((n) => n.to)).toEqual([{ supervisors: true }, { unitHeadOf: 'u' }]);
    expect(sim.state).toMatchObject({ tier: '1', phase: 'handling', supervisionNotices: [{ status: 'lapsed', holderId: 'u.fc' }] });
    // A lapsed notice no longer wakes the case: the next wake-up is the tier's reminder.
    expect(nextWake(sim.state)).toBe(Date.parse(sim.state.reminderAt!));
  });

  it('follow the case when its window lapses: the new holder is told and answers it', () => {
    const sim = new CaseSim();
    sim.windowMs = 2 * HOUR;
    issue(sim);
    sim.windowMs = HOUR;
    sim.tick(); // reminder
    const mark = sim.log.effects.length;
    sim.tick(); // the tier lapses before the notice
    expect(sim.state.tier).toBe('2');
    expect(notices(sim, mark)).toContainEqual({ template: 'supervision_notice', to: { principalId: 'u.chief' } });
    sim.decide({ action: 'resolve', result: 'r' });
    expect(sim.state.supervisionNotices![0]).toMatchObject({ status: 'answered', holderId: 'u.chief' });
  });

  it('only the efficiency office issues or withdraws one, one open at a time, on a case that awaits its holder', () => {
    const sim = new CaseSim();
    expect(issue(sim, {}, officerOf('u.head', 'principal_head')).error?.code).toBe('FORBIDDEN_ROLE');
    expect(issue(sim).error).toBeUndefined();
    expect(issue(sim).error?.code).toBe('NOTICE_ALREADY_OPEN');
    expect(sim.supervise({ type: 'noticeWithdrawn', m: { actor: officerOf('u.head', 'principal_head') as never, no: 1, body: {} } }).error?.code).toBe('FORBIDDEN_ROLE');
    expect(sim.supervise({ type: 'noticeWithdrawn', m: { actor: SUPERVISOR as never, no: 2, body: {} } }).error?.code).toBe('NOTICE_NOT_FOUND');
    const mark = sim.log.effects.length;
    expect(sim.supervise({ type: 'noticeWithdrawn', m: { actor: SUPERVISOR as never, no: 1, body: { note: '已了解情况' } } }).error).toBeUndefined();
    expect(notices(sim, mark)).toEqual([{ template: 'supervision_withdrawn', to: { principalId: 'u.fc' } }]);
    expect(sim.supervise({ type: 'noticeWithdrawn', m: { actor: SUPERVISOR as never, no: 1, body: {} } }).error?.code).toBe('NOTICE_NOT_OPEN');
    sim.decide({ action: 'request_materials', items: ['证明'] });
    expect(issue(sim).error?.code).toBe('NOTICE_NOT_APPLICABLE');
  });

  it("on a unit's part: the part's holder and the unit's head are told; the unit's answer answers it, a lapse is its head's", () => {
    const sim = new CaseSim();
    sim.decide({ action: 'coordinate', unitIds: ['a', 'b'], question: 'q' });
    expect(issue(sim).error?.code).toBe('NOTICE_NOT_APPLICABLE');
    expect(issue(sim, { unitId: 'z' }).error?.code).toBe('NOTICE_NOT_APPLICABLE');
    const mark = sim.log.effects.length;
    sim.supervise({ type: 'noticeIssued', m: { actor: SUPERVISOR as never, partHolderId: 'a.fc', body: { level: 'listed', due: { workingDays: 1 }, note: '挂牌督办', unitId: 'a' } } });
    expect(notices(sim, mark)).toEqual([
      { template: 'supervision_notice', to: { principalId: 'a.fc' } },
      { template: 'supervision_notice_head', to: { unitHeadOf: 'a' } },
    ]);
    issue(sim, { unitId: 'b' });
    sim.answerPart('a', 'can_do');
    expect(sim.state.supervisionNotices!.map((n) => n.status)).toEqual(['answered', 'open']);
    expect(actions(sim.state)).toContain('supervision_answered');
    sim.tick(); // the notice on b's part falls due (the parts have their own clocks)
    const lapse = sim.state.timeline.find((x) => x.action === 'supervision_lapsed')!;
    expect(lapse.officerEvents).toEqual([{ officer: { unitHeadOf: 'b' }, unitId: 'b', tier: '4', kind: 'shelved' }]);
  });

  it('end quietly with a withdrawn case', () => {
    const sim = new CaseSim();
    issue(sim);
    sim.requester({ type: 'withdrawn', at: sim.at, body: {} });
    expect(sim.state.supervisionNotices![0].status).toBe('ended');
    expect(nextWake(sim.state)).toBeNull();
  });
});

describe('extensions (延期申请)', () => {
  const ask = (sim: CaseSim, who = 'u.fc', workingDays = 3) => sim.supervise({ type: 'extensionRequested', m: { actor: officerOf(who, 'first_contact') as never, body: { workingDays, reason: '需要外单位出具证明' } } });
  const decide = (sim: CaseSim, approve: boolean, actor: { id: string; role: string; unitId: string | null } = SUPERVISOR, no = 1) =>
    sim.supervise({ type: 'extensionDecided', m: { actor: actor as never, no, body: { approve, note: approve ? '同意' : '理由不充分' } } });

  it('granted: the deadline moves on, the reminder and the wake-up with it, and the requester is told the new time and why', () => {
    const sim = new CaseSim();
    const before = sim.state.deadlineAt!;
    expect(ask(sim, 'u.chief').error?.code).toBe('NOT_ASSIGNEE');
    expect(ask(sim).error).toBeUndefined();
    expect(sim.state.extensions).toMatchObject([{ no: 1, status: 'pending', workingDays: 3 }]);
    expect(ask(sim).error?.code).toBe('EXTENSION_PENDING');
    expect(decide(sim, true, officerOf('u.head', 'principal_head')).error?.code).toBe('NOT_EXTENSION_DECIDER');
    const mark = sim.log.effects.length;
    expect(decide(sim, true).error).toBeUndefined();
    const to = sim.state.deadlineAt!;
    expect(Date.parse(to)).toBe(Date.parse(before) + HOUR);
    expect(sim.state.extensions![0]).toMatchObject({ status: 'granted', from: before, to, decidedBy: SUPERVISOR.id });
    expect(sim.state.reminderAt).toBe(new Date(Date.parse(sim.state.timeline[1].at) + 2 * HOUR * 0.75).toISOString());
    expect(nextWake(sim.state)).toBe(Date.parse(sim.state.reminderAt!));
    expect(notices(sim, mark)).toEqual([
      { template: 'extension_granted', to: { principalId: 'u.fc' } },
      { template: 'progress_extended', to: { requester: true } },
    ]);
    // Past the old deadline nothing lapses.
    sim.clock = Date.parse(before) + 1000;
    sim.apply({ type: 'timer', at: sim.at });
    expect(actions(sim.state)).not.toContain('deadline_lapsed');
    // One extension per case by default.
    expect(ask(sim).error?.code).toBe('EXTENSION_LIMIT');
  });

  it('refused, or not decided in time: the deadline stands', () => {
    const sim = new CaseSim();
    const before = sim.state.deadlineAt;
    ask(sim);
    decide(sim, false);
    expect(sim.state).toMatchObject({ deadlineAt: before, extensions: [{ status: 'refused' }] });
    expect(decide(sim, true).error?.code).toBe('EXTENSION_NOT_PENDING');
    // Refused requests do not count: the holder may ask again; the office lets this one lapse.
    sim.windowMs = HOUR / 2;
    ask(sim);
    sim.windowMs = HOUR;
    sim.tick();
    expect(sim.state.timeline.at(-1)!.action).toBe('extension_lapsed');
    expect(sim.state).toMatchObject({ deadlineAt: before, extensions: [{ status: 'refused' }, { status: 'lapsed' }] });
  });

  it('is overtaken by the holder\'s decision, and by the window lapsing', () => {
    const sim = new CaseSim();
    ask(sim);
    sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    expect(actions(sim.state).slice(-2)).toEqual(['extension_overtaken', 'escalated']);
    sim.windowMs = 3 * HOUR;
    sim.supervise({ type: 'extensionRequested', m: { actor: officerOf('u.chief', 'section_chief') as never, body: { workingDays: 1, reason: 'x' } } });
    sim.windowMs = HOUR;
    sim.tick();
    sim.tick(); // tier 2 lapses with the request still pending
    expect(actions(sim.state)).toEqual(expect.arrayContaining(['extension_overtaken', 'deadline_lapsed']));
    expect(sim.state.extensions!.map((x) => x.status)).toEqual(['overtaken', 'overtaken']);
  });

  it("by policy the lead unit's principal head decides too, never their own request; too many days are refused", () => {
    const sim = new CaseSim({ rules: { extension: { perCase: 2, decidedBy: 'unit_head', window: { workingDays: 1 }, maxWorkingDays: 5 } } });
    expect(ask(sim, 'u.fc', 6).error?.code).toBe('EXTENSION_TOO_LONG');
    ask(sim);
    expect(decide(sim, true, officerOf('x.head', 'principal_head', 'x')).error?.code).toBe('NOT_EXTENSION_DECIDER');
    expect(decide(sim, true, officerOf('u.head', 'principal_head')).error).toBeUndefined();
    expect(sim.state.extensions![0].status).toBe('granted');
    for (let i = 0; i < 3; i++) sim.decide({ action: 'escalate', reason: 'unsure', note: 'n' });
    sim.supervise({ type: 'extensionRequested', m: { actor: officerOf('u.head', 'principal_head') as never, body: { workingDays: 1, reason: 'x' } } });
    expect(decide(sim, true, officerOf('u.head', 'principal_head'), 2).error?.code).toBe('NOT_EXTENSION_DECIDER');
  });
});

describe('the aftercare, rectifying a bad rating, return visits, appeals', () => {
  it('a rating leaves the case in aftercare; return visits are taken; then it is archived', () => {
    const sim = new CaseSim();
    resolveAndRate(sim, 'satisfied');
    expect(sim.state).toMatchObject({ phase: 'aftercare', status: 'resolved' });
    expect(sim.supervise({ type: 'callbackRecorded', m: { actor: officerOf('u.fc', 'first_contact') as never, body: { method: 'phone', reached: true, satisfaction: 'satisfied' } } }).error?.code).toBe('FORBIDDEN_ROLE');
    expect(sim.supervise({ type: 'callbackRecorded', m: { actor: HOTLINE as never, body: { method: 'phone', reached: true, satisfaction: 'satisfied' } } }).error).toBeUndefined();
    sim.tick();
    expect(sim.state.phase).toBe('done');
    expect(sim.state.timeline.at(-1)).toMatchObject({ action: 'aftercare_ended', data: { end: 'closed' } });
    expect(nextWake(sim.state)).toBeNull();
    expect(sim.supervise({ type: 'callbackRecorded', m: { actor: SUPERVISOR as never, body: { method: 'phone', reached: false } } }).error?.code).toBe('CALLBACK_NOT_OPEN');
  });

  it('without an aftercare in the rules a rating archives the case at once', () => {
    const sim = new CaseSim({ rules: { aftercare: null } });
    resolveAndRate(sim, 'satisfied');
    expect(sim.state.phase).toBe('done');
    expect(actions(sim.state).at(-1)).toBe('rated');
  });

  it('a very unsatisfied rating after the reopening opens a rectification for the principal head; reported, verified by a return visit, closed', () => {
    const sim = new CaseSim();
    resolveAndRate(sim, 'unsatisfied');
    expect(sim.state.rectification).toBeUndefined(); // the one reopening comes first
    const mark = sim.log.effects.length;
    resolveAndRate(sim, 'very_unsatisfied');
    expect(sim.state.rectification).toMatchObject({ status: 'open', unitId: 'u', rating: 'very_unsatisfied' });
    expect(notices(sim, mark)).toContainEqual({ template: 'rectification_opened', to: { unitHeadOf: 'u' } });
    const report = (role: 'first_contact' | 'principal_head', unitId = 'u') =>
      sim.supervise({ type: 'rectificationReported', m: { actor: officerOf(`${unitId}.x`, role, unitId) as never, body: { changes: '窗口增设引导员' } } });
    const close = () => sim.supervise({ type: 'rectificationClosed', m: { actor: SUPERVISOR as never, body: {} } });
    expect(close().error?.code).toBe('RECTIFICATION_NOT_REPORTED');
    expect(report('first_contact').error?.code).toBe('NOT_UNIT_HEAD');
    expect(report('principal_head', 'x').error?.code).toBe('NOT_UNIT_HEAD');
    expect(report('principal_head').error).toBeUndefined();
    expect(report('principal_head').error?.code).toBe('RECTIFICATION_ALREADY_REPORTED');
    expect(close().error?.code).toBe('RECTIFICATION_NOT_VERIFIED');
    sim.supervise({ type: 'callbackRecorded', m: { actor: SUPERVISOR as never, body: { method: 'phone', reached: false } } });
    expect(close().error?.code).toBe('RECTIFICATION_NOT_VERIFIED');
    sim.supervise({ type: 'callbackRecorded', m: { actor: SUPERVISOR as never, body: { method: 'phone', reached: true, satisfaction: 'basically_satisfied' } } });
    expect(close().error).toBeUndefined();
    expect(sim.state.rectification).toMatchObject({ status: 'closed', callbackNo: 2 });
    expect(actions(sim.state).filter((a) => a.startsWith('rectification_'))).toEqual(['rectification_opened', 'rectification_reported', 'rectification_closed']);
  });

  it('a rectification not reported in time: shelved against the head, told; it stays open and keeps the workflow after the archive', () => {
    const sim = new CaseSim({ rules: { rectification: { opensOn: 'at_once', within: { workingDays: 15 } } } });
    resolveAndRate(sim, 'very_unsatisfied'); // at once: the case also reopens
    expect(sim.state).toMatchObject({ phase: 'handling', reopened: 1, rectification: { status: 'open' } });
    sim.decide({ action: 'resolve', result: 'r2' });
    sim.requester({ type: 'rated', at: sim.at, body: { rating: 'satisfied' } });
    sim.tick(); // the rectification falls due (opened first)
    const lapse = sim.state.timeline.find((x) => x.action === 'rectification_lapsed')!;
    expect(lapse.officerEvents).toEqual([{ officer: { unitHeadOf: 'u' }, unitId: 'u', tier: '4', kind: 'shelved' }]);
    sim.tick(); // the aftercare ends
    expect(sim.state.phase).toBe('done');
    expect(hasOpenItems(sim.state)).toBe(true);
    expect(sim.supervise({ type: 'rectificationReported', m: { actor: officerOf('u.head', 'principal_head') as never, body: { changes: 'c' } } }).error).toBeUndefined();
    expect(sim.state.timeline.at(-1)).toMatchObject({ action: 'rectification_reported', data: { late: true } });
  });

  it('an appeal upheld takes the rating out of the figures and voids its rectification; rejected, the rating stands', () => {
    const sim = new CaseSim();
    resolveAndRate(sim, 'unsatisfied');
    resolveAndRate(sim, 'unsatisfied');
    const appeal = (actor = officerOf('u.head', 'principal_head')) => sim.supervise({ type: 'appealFiled', m: { actor: actor as never, body: { reason: 'malicious', explanation: '评价人并非申请人' } } });
    expect(appeal(officerOf('x.head', 'principal_head', 'x')).error?.code).toBe('FORBIDDEN_UNIT');
    expect(appeal().error).toBeUndefined();
    expect(appeal().error?.code).toBe('APPEAL_EXISTS');
    const ratingSeq = sim.state.appeals![0].ratingSeq;
    expect(sim.state.timeline[ratingSeq - 1].action).toBe('rated');
    const decideAppeal = (uphold: boolean, actor: { id: string; role: string; unitId: string | null } = SUPERVISOR) => sim.supervise({ type: 'appealDecided', m: { actor: actor as never, no: 1, body: { uphold, note: '核实' } } });
    expect(decideAppeal(true, officerOf('u.head', 'principal_head')).error?.code).toBe('FORBIDDEN_ROLE');
    expect(countedJudgements(sim.state.timeline).map((x) => x.rating)).toEqual(['unsatisfied', 'unsatisfied']);
    expect(decideAppeal(true).error).toBeUndefined();
    expect(actions(sim.state).slice(-2)).toEqual(['appeal_upheld', 'rectification_voided']);
    expect(sim.state.rectification!.status).toBe('voided');
    expect(elementForStep(sim.state.timeline.at(-1)!)).toBe('Event_RectificationVoidedReport');
    // The rating stays in the audit; the figures count the first answer's only.
    expect(actions(sim.state).filter((a) => a === 'rated')).toHaveLength(2);
    expect(countedJudgements(sim.state.timeline).map((x) => x.rating)).toEqual(['unsatisfied']);
    expect(decideAppeal(false).error?.code).toBe('APPEAL_NOT_PENDING');

    const other = new CaseSim();
    resolveAndRate(other, 'unsatisfied');
    expect(other.supervise({ type: 'appealFiled', m: { actor: officerOf('u.head', 'principal_head') as never, body: { reason: 'mistaken', explanation: 'e' } } }).error?.code).toBe('APPEAL_NOT_OPEN');
    resolveAndRate(other, 'unsatisfied');
    other.supervise({ type: 'appealFiled', m: { actor: officerOf('u.head', 'principal_head') as never, body: { reason: 'mistaken', explanation: 'e' } } });
    other.supervise({ type: 'appealDecided', m: { actor: SUPERVISOR as never, no: 1, body: { uphold: false, note: '评价属实' } } });
    expect(other.state.rectification!.status).toBe('open');
    expect(caseJudgement(other.state.timeline)?.rating).toBe('unsatisfied');
  });
});

describe('which judgement counts (domain/satisfaction.ts)', () => {
  const visit = (sim: CaseSim, satisfaction: 'satisfied' | 'unsatisfied') =>
    sim.supervise({ type: 'callbackRecorded', m: { actor: SUPERVISOR as never, body: { method: 'phone', reached: true, satisfaction } } });

  it('a reached return visit replaces a rating given without the one-time code, never a verified one', () => {
    const unverified = new CaseSim();
    resolveAndRate(unverified, 'satisfied');
    visit(unverified, 'unsatisfied');
    expect(caseJudgement(unverified.state.timeline)).toMatchObject({ rating: 'unsatisfied', source: 'callback', officerId: 'u.fc' });

    const verified = new CaseSim();
    resolveAndRate(verified, 'satisfied', true);
    visit(verified, 'unsatisfied');
    expect(caseJudgement(verified.state.timeline)).toMatchObject({ rating: 'satisfied', source: 'rating' });
  });

  it('by policy, a return visit only counts where there is no rating', () => {
    const sim = new CaseSim({ rules: { callback: { replacesUnverifiedRating: false } } });
    resolveAndRate(sim, 'satisfied');
    visit(sim, 'unsatisfied');
    expect(caseJudgement(sim.state.timeline)).toMatchObject({ rating: 'satisfied', source: 'rating' });
    const unrated = new CaseSim({ rules: { callback: { replacesUnverifiedRating: false } } });
    unrated.decide({ action: 'resolve', result: 'r' });
    visit(unrated, 'satisfied');
    expect(caseJudgement(unrated.state.timeline)).toMatchObject({ rating: 'satisfied', source: 'callback' });
  });

  it('a return visit that did not reach the requester counts nothing', () => {
    const sim = new CaseSim();
    sim.decide({ action: 'resolve', result: 'r' });
    sim.supervise({ type: 'callbackRecorded', m: { actor: SUPERVISOR as never, body: { method: 'phone', reached: false } } });
    expect(caseJudgement(sim.state.timeline)).toBeNull();
  });
});
