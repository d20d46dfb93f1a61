// The month's dates: the collection opened, the reception's, the mid-month check's and the month-end
// follow-up's dates answered by the calendar, what each date does when it falls due, and a calendar
// change that recounts them (never earlier than what the town was told).
import { concerns, notEarlier } from '../../deadline-retiming.js';
import type { Draft } from './draft.js';
import { STAGE_LABEL, nextWake, type Outcome, type VillageMonthEvent } from './model.js';
import { openStages } from './draft.js';

export function onStarted(j: Draft, _e: Extract<VillageMonthEvent, { type: 'started' }>): Outcome {
  j.fx.push({ type: 'prepare' });
}

export function onPrepared(j: Draft, e: Extract<VillageMonthEvent, { type: 'prepared' }>): Outcome {
  const { s, at } = j;
  s.engine.townName = e.townName;
  s.villages = e.villages;
  j.due({ kind: 'opened' }, { stage: 'collection', from: at });
}

export function onStagesDue(j: Draft, e: Extract<VillageMonthEvent, { type: 'stagesDue' }>): Outcome {
  const { s, at } = j;
  const t = e.then;
  if (t.kind === 'opened') {
    s.collectionClosesAt = j.take(e.answers[0]);
    j.event('opened', 'system', `collection until ${s.collectionClosesAt}`);
    s.engine.opened = true;
    j.record();
  } else if (t.kind === 'hostChosen') {
    s.receptionDueBy = j.take(e.answers[0]);
    j.event('host_chosen', 'system', `${s.host!.villageName}: score ${t.score}`, { scores: s.scores });
    j.notifyHead('host_chosen', 'village_host_chosen', { month: s.month, villageName: s.host!.villageName, score: String(t.score) });
    j.record();
  } else if (t.kind === 'receivedMid') {
    s.midCheck = { dueAt: j.take(e.answers[0]) };
    j.due({ ...t, kind: 'receivedEnd' }, { stage: 'monthEnd', from: s.midCheck.dueAt });
  } else if (t.kind === 'receivedEnd') {
    s.monthEnd = { dueAt: j.take(e.answers[0]) };
    const b = t.env.body;
    j.event('reception_recorded', t.env.actorId, b.note, {
      date: b.date,
      leaders: b.leaders,
      hostVillageId: s.host?.villageId,
      cases: Object.fromEntries(Object.entries(t.started).map(([k, v]) => [k, v.caseId])),
    });
    j.record();
  } else if (t.kind === 'monthEndDue') {
    s.monthEnd = { ...s.monthEnd!, closesBy: j.take(e.answers[0]) };
    j.event('month_end_due', 'system', s.midCheck!.recorded ? undefined : 'the mid-month check was not recorded');
    j.notifyHead('month_end_due', 'village_check_due', { month: s.month, check: '月底回访 month-end follow-up' });
    j.record();
  } else {
    // A loaded calendar: each concerned stage recounted from its start, never earlier than told.
    let changed = false;
    for (const a of e.answers) {
      const o = openStages(s).find((x) => x.stage === a.stage);
      const oldAt = o?.get();
      if (!o || !oldAt) continue;
      const was = s.engine.provisional.includes(a.stage);
      const newAt = notEarlier(oldAt, a.dueAt);
      if (newAt === oldAt && a.provisional === was) continue;
      o.set(newAt);
      j.take({ ...a, from: s.engine.stageFrom[a.stage] ?? a.from });
      s.engine.retimed += 1;
      changed = true;
      const documentNo = t.change.documentNo ? { documentNo: t.change.documentNo } : {};
      j.event('deadline_retimed', 'system', `${STAGE_LABEL[a.stage]}: ${oldAt} → ${newAt}${a.provisional ? ' (provisional)' : ''}`, { stage: a.stage, oldAt, newAt, provisional: a.provisional, ...documentNo });
      j.fx.push({
        type: 'retimed',
        record: { subjectKind: 'village_month', subjectId: s.workflowId, window: a.stage, n: s.engine.retimed, oldAt, newAt, provisional: a.provisional, ...documentNo, at, holder: { headOfUnit: s.townUnitId }, subjectText: `${s.engine.townName}${s.month}村干部跑办代访${STAGE_LABEL[a.stage].split(' ')[0]}` },
      });
    }
    if (changed) j.record();
  }
}

export function onTimer(j: Draft, _e: Extract<VillageMonthEvent, { type: 'timer' }>): Outcome {
  const { s, at } = j;
  const wake = nextWake(s);
  if (wake === null || wake > Date.parse(at)) return;
  if (s.phase === 'collecting') j.fx.push({ type: 'loadCarried', actorId: 'system', note: 'collection window ended' });
  else if (s.phase === 'awaiting_reception') {
    for (const p of s.problems) p.outcome = { kind: 'carried', note: 'no reception was recorded this month', derived: true };
    j.closeMonth('no_reception', 'no reception was recorded before the month ended');
  } else if (s.phase === 'in_progress') {
    s.phase = 'mid_check_due';
    j.event('mid_check_due', 'system', s.midCheck!.recorded ? 'already recorded' : undefined);
    if (!s.midCheck!.recorded) j.notifyHead('mid_check_due', 'village_check_due', { month: s.month, check: '月中实地察看 mid-month on-site check' });
    j.record();
  } else if (s.phase === 'mid_check_due') {
    s.phase = 'month_end_due';
    j.due({ kind: 'monthEndDue' }, { stage: 'closeGrace', from: at });
  } else if (s.phase === 'month_end_due') {
    j.fx.push({ type: 'caseStatuses', caseIds: s.problems.map((p) => p.path?.caseId).filter((x): x is string => !!x), then: { kind: 'derive' } });
  }
}

export function onCalendarChanged(j: Draft, e: Extract<VillageMonthEvent, { type: 'calendarChanged' }>): Outcome {
  const { s } = j;
  const requests = openStages(s)
    .filter((o) => {
      const oldAt = o.get();
      const from = s.engine.stageFrom[o.stage];
      return oldAt && from && concerns(e.change, { deadlineAt: oldAt, provisional: s.engine.provisional.includes(o.stage), from });
    })
    .map((o) => ({ stage: o.stage, from: s.engine.stageFrom[o.stage]! }));
  if (requests.length) j.due({ kind: 'retime', change: e.change }, ...requests);
}
