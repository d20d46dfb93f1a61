// A month's records written straight into the store, at chosen instants, for the report tests: a
// case as the store call leaves it (its steps in the audit copy, its read-model row, its unit link,
// the officer events of its escalations, referrals and lapses), complaints, reviews with findings and
// accountability records, and a town's village month. The read-model row is derived from the steps
// the way the case engine would leave it (the last close, undone by a reopening; the last rating).
import { caseJudgement } from '../../domain/satisfaction.js';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accountabilityRecords, caseSteps, caseUnits, cases, complaints, officerEvents, principals, reviewFindings, reviews, villageMonths } from '../../db/schema.js';
import type { VillageMonthView, VillageProblem } from '../../domain/village.js';
import { first } from '../../db/store.js';

export interface StepSpec {
  at: string;
  action: string;
  actor: string;
  tier?: string;
  subjectId?: string;
  deadlineAt?: string;
  data?: Record<string, unknown>;
}

export interface CaseSpec {
  id: string;
  unitId: string;
  createdAt: string;
  title?: string;
  category?: string;
  requester?: { kind: 'person' | 'enterprise'; name: string; phone?: string };
  steps: StepSpec[];
  involved?: string[];
  /** Officer events of units' parts (case id `<case>#<unit>`). */
  partLapses?: { unitId: string; officerId: string; at: string; tier?: string }[];
}

const unitOf = async (db: Db, id: string) => (await first(db.select({ unitId: principals.unitId }).from(principals).where(eq(principals.id, id))))?.unitId ?? null;

/** The judgement the satisfaction figures count, by the one rule, as the store writes it. */
function countedOf(steps: CaseSpec['steps']) {
  const j = caseJudgement(steps.map((s, i) => ({ seq: i + 1, at: s.at, actor: s.actor, action: s.action, data: s.data ?? null })));
  return { countedRating: j?.rating ?? null, countedRatingAt: j?.at ?? null, countedRatingSource: j?.source ?? null };
}

export async function seedCase(db: Db, c: CaseSpec): Promise<void> {
  let status = 'in_progress';
  let closedAt: string | null = null;
  let closedTier: string | null = null;
  let rating: string | null = null;
  let tier = '1';
  let assignee: string | null = null;
  for (const s of c.steps) {
    tier = s.tier ?? tier;
    if (['assigned', 'escalated', 'referred_to_city', 'reopened'].includes(s.action)) {
      assignee = s.subjectId ?? assignee;
      status = s.action === 'referred_to_city' ? 'at_city' : 'in_progress';
      closedAt = null;
      closedTier = null;
    }
    if (['resolved', 'refused', 'withdrawn'].includes(s.action)) {
      status = s.action;
      closedAt = s.at;
      closedTier = s.tier ?? tier;
      assignee = null;
    }
    if (s.action === 'rated') rating = String(s.data?.rating);
  }
  const requester = c.requester ?? { kind: 'enterprise' as const, name: '铜陵某公司', phone: '13905621234' };
  await db.insert(cases)
    .values({
      id: c.id,
      workflowId: `case-${c.id}`,
      trackingCodeHash: `seed-${c.id}`,
      createdBy: 'int-12345',
      title: c.title ?? `事项 ${c.id}`,
      description: '测试数据',
      category: c.category ?? null,
      channel: 'hotline',
      requesterKind: requester.kind,
      requesterName: requester.name,
      requesterPhone: requester.phone ?? null,
      status,
      tier,
      leadUnitId: c.unitId,
      assigneeId: assignee,
      assigneeName: assignee,
      closedTier,
      closedAt,
      rating,
      ...countedOf(c.steps),
      lastSeq: c.steps.length,
      createdAt: c.createdAt,
      updatedAt: c.steps.at(-1)?.at ?? c.createdAt,
    });
  await db.insert(caseUnits).values({ caseId: c.id, unitId: c.unitId, role: 'lead' });
  for (const u of c.involved ?? []) await db.insert(caseUnits).values({ caseId: c.id, unitId: u, role: 'involved' });
  for (const [i, s] of c.steps.entries()) {
    const seq = i + 1;
    await db.insert(caseSteps)
      .values({ caseId: c.id, seq, at: s.at, tier: s.tier ?? '1', actor: s.actor, action: s.action, subjectId: s.subjectId ?? null, deadlineAt: s.deadlineAt ?? null, data: s.data ?? null });
    const event = async (officerId: string, kind: string) =>
      (await db.insert(officerEvents).values({ caseId: c.id, seq, officerId, unitId: (await unitOf(db, officerId)), tier: s.tier ?? '1', kind, at: s.at }));
    // A lapse's own escalation (actor system) is the holder's shelved event, no escalation of theirs.
    if (s.action === 'escalated' && s.actor !== 'system') await event(s.actor, 'escalated');
    if (s.action === 'referred_to_city') await event(s.actor, 'referred');
    if (s.action === 'deadline_lapsed' && s.subjectId) await event(s.subjectId, 'shelved');
  }
  for (const [i, p] of (c.partLapses ?? []).entries())
    await db.insert(officerEvents).values({ caseId: `${c.id}#${p.unitId}`, seq: i + 1, officerId: p.officerId, unitId: p.unitId, tier: p.tier ?? '1', kind: 'shelved', at: p.at });
}

/** A case's usual steps, from its intake at `t0`, each a given number of minutes later. */
export function path(t0: string, unit: string, moves: [number, string, Partial<StepSpec>?][]): StepSpec[] {
  const at = (min: number) => new Date(Date.parse(t0) + min * 60_000).toISOString();
  const out: StepSpec[] = [
    { at: t0, action: 'received', actor: 'int-12345', tier: '1', data: { channel: 'hotline' } },
    { at: t0, action: 'assigned', actor: 'system', tier: '1', subjectId: `${unit}.fc1` },
  ];
  for (const [min, action, extra] of moves) out.push({ at: at(min), action, actor: 'system', ...extra });
  return out;
}

export async function seedComplaint(db: Db, c: { id: string; unitId: string; filedAt: string; caseId?: string; closedAt?: string; upheld?: boolean; contactLapsedAt?: string; phone?: string; name?: string }): Promise<void> {
  await db.insert(complaints)
    .values({
      id: c.id,
      workflowId: `complaint-${c.id}`,
      unitId: c.unitId,
      caseId: c.caseId ?? null,
      contactName: c.name ?? '王小明',
      contactPhone: c.phone ?? '13905629999',
      content: '窗口推诿，办不成',
      status: c.closedAt ? 'closed' : 'open',
      filedAt: c.filedAt,
      contactLapsedAt: c.contactLapsedAt ?? null,
      closedAt: c.closedAt ?? null,
      closedBy: c.closedAt ? 'sup-1' : null,
      upheld: c.closedAt ? (c.upheld ?? false) : null,
      findings: c.closedAt ? '调查属实' : null,
    });
}

/** A review opened at `openedAt` with findings; each confirmed one becomes a record at its `decidedAt`. */
export async function seedReview(
  db: Db,
  r: { id: string; caseId: string; openedAt: string; findings: { id: string; officerId: string; status: 'proposed' | 'confirmed' | 'rejected'; level?: string; decidedAt?: string; kind?: string }[] },
): Promise<void> {
  await db.insert(reviews).values({ id: r.id, caseId: r.caseId, openedBy: 'sup-1', openedAt: r.openedAt });
  for (const [i, f] of r.findings.entries()) {
    const unitId = (await unitOf(db, f.officerId));
    const kind = f.kind ?? 'shelved';
    await db.insert(reviewFindings)
      .values({
        id: f.id,
        reviewId: r.id,
        kind,
        officerId: f.officerId,
        unitId,
        subjectRef: r.caseId,
        seq: i + 1,
        proposedBy: 'system',
        summary: `${f.officerId} 让问题搁置`,
        status: f.status,
        level: f.status === 'confirmed' ? (f.level ?? 'notice') : null,
        decidedBy: f.status === 'proposed' ? null : 'sup-1',
        decidedAt: f.status === 'proposed' ? null : (f.decidedAt ?? r.openedAt),
      });
    if (f.status === 'confirmed') {
      await db.insert(accountabilityRecords)
        .values({
          id: `A-${f.id}`,
          findingId: f.id,
          reviewId: r.id,
          kind,
          level: f.level ?? 'notice',
          officerId: f.officerId,
          unitId,
          caseId: r.caseId,
          summary: `${f.officerId} 让问题搁置`,
          recordedBy: 'sup-1',
          recordedAt: f.decidedAt ?? r.openedAt,
        });
    }
  }
}

/** A town's month as its read model holds it, closed, with its problems and their outcomes. */
export async function seedVillageMonth(db: Db, m: { townUnitId: string; month: string; closedAt: string; problems: Pick<VillageProblem, 'id' | 'villageId' | 'villageName' | 'title' | 'urgency' | 'residents' | 'carryCount' | 'path' | 'outcome'>[] }): Promise<void> {
  const id = `village-month-${m.townUnitId}-${m.month}`;
  const solved = m.problems.filter((p) => p.outcome?.kind === 'solved').length;
  const carried = m.problems.filter((p) => p.outcome?.kind === 'carried').length;
  const view: VillageMonthView = {
    workflowId: id,
    townUnitId: m.townUnitId,
    month: m.month,
    phase: 'closed',
    version: 9,
    villages: [],
    problems: m.problems.map((p) => ({ ...p, description: p.title, submittedBy: `${m.townUnitId}.fc1`, submittedAt: m.closedAt })),
    collectionClosesAt: null,
    scores: [],
    host: { villageId: m.problems[0].villageId, villageName: m.problems[0].villageName, suggestedVillageId: m.problems[0].villageId, chosenBy: 'score', at: m.closedAt },
    reception: { date: `${m.month}-05`, leaders: [`${m.townUnitId}.head`], recordedBy: `${m.townUnitId}.head`, at: m.closedAt },
    report: { total: m.problems.length, solved, inProgress: m.problems.length - solved - carried, carried, flagged: [], midCheck: 'recorded', monthEnd: 'recorded', closedAt: m.closedAt },
    events: [],
  };
  await db.insert(villageMonths)
    .values({ id, townUnitId: m.townUnitId, month: m.month, phase: 'closed', hostVillageId: view.host!.villageId, version: 9, view, createdAt: m.closedAt, updatedAt: m.closedAt, closedAt: m.closedAt });
}

/** An instant given in Beijing wall-clock time ('2026-10-31 23:50' or with seconds). */
export const bj = (t: string) => new Date(Date.parse(`${t.replace(' ', 'T')}${t.length === 16 ? ':00' : ''}+08:00`)).toISOString();
/** Minutes after an instant. */
const plus = (iso: string, min: number) => new Date(Date.parse(iso) + min * 60_000).toISOString();
const step = (at: string, action: string, actor: string, extra: Partial<StepSpec> = {}): StepSpec => ({ at, action, actor, ...extra });

/**
 * October and November 2026 in three units (tests/reports.test.ts spells out what each case is for):
 * cases at the months' edges, a reopened one, a lapse, a refusal, a withdrawal, a referral to the
 * city, a unit's part that lapses; complaints, two reviews, accountability records, a village month.
 */
export async function seedAutumn(db: Db): Promise<void> {
  // ---- housing ----
  const h1 = bj('2026-10-31 23:50'); // October by ten minutes; rated in November
  await seedCase(db, { id: 'H1', unitId: 'housing', createdAt: h1, steps: [...path(h1, 'housing', []), step(plus(h1, 5), 'resolved', 'housing.fc1'), step(plus(h1, 20), 'rated', 'requester', { data: { rating: 'satisfied' } })] });
  const h2 = bj('2026-11-01 00:00'); // November's first instant
  await seedCase(db, { id: 'H2', unitId: 'housing', createdAt: h2, title: '新厂燃气管道接入', category: 'utilities', steps: [...path(h2, 'housing', []), step(bj('2026-11-01 09:00'), 'resolved', 'housing.fc1')] });
  const h3 = bj('2026-10-10 10:00'); // resolved, rated unsatisfied, reopened in October; resolved and rated again in November
  await seedCase(db, {
    id: 'H3',
    unitId: 'housing',
    createdAt: h3,
    category: 'housing',
    steps: [
      ...path(h3, 'housing', []),
      step(plus(h3, 30), 'escalated', 'housing.fc1', { tier: '2', subjectId: 'housing.chief1', data: { reason: 'cross_department' } }),
      step(bj('2026-10-10 12:00'), 'resolved', 'housing.chief1', { tier: '2' }),
      step(bj('2026-10-11 09:00'), 'rated', 'requester', { tier: '2', data: { rating: 'unsatisfied' } }),
      step(bj('2026-10-11 09:00'), 'reopened', 'system', { tier: '3', subjectId: 'housing.deputy' }),
      step(bj('2026-11-03 10:00'), 'resolved', 'housing.deputy', { tier: '3' }),
      step(bj('2026-11-04 10:00'), 'rated', 'requester', { tier: '3', data: { rating: 'satisfied' } }),
    ],
  });
  const h4 = bj('2026-10-12 09:00'); // its first window lapses (搁置), then up to the head, who says no
  await seedCase(db, {
    id: 'H4',
    unitId: 'housing',
    createdAt: h4,
    category: 'housing',
    steps: [
      ...path(h4, 'housing', []),
      step(bj('2026-10-13 17:30'), 'deadline_lapsed', 'system', { subjectId: 'housing.fc1' }),
      step(bj('2026-10-13 17:30'), 'escalated', 'system', { tier: '2', subjectId: 'housing.chief1', data: { reason: 'deadline_lapsed' } }),
      step(bj('2026-10-14 09:00'), 'escalated', 'housing.chief1', { tier: '3', subjectId: 'housing.deputy', data: { reason: 'beyond_remit' } }),
      step(bj('2026-10-15 09:00'), 'escalated', 'housing.deputy', { tier: '4', subjectId: 'housing.head', data: { reason: 'unsure' } }),
      step(bj('2026-10-20 09:00'), 'refused', 'housing.head', { tier: '4' }),
    ],
  });
  const h5 = bj('2026-10-15 09:00'); // withdrawn before anyone acted: no response either way
  await seedCase(db, { id: 'H5', unitId: 'housing', createdAt: h5, steps: [...path(h5, 'housing', []), step(bj('2026-10-16 09:00'), 'withdrawn', 'requester')] });
  const h6 = '2026-09-30T15:59:59.999Z'; // the last millisecond of September, Beijing time
  await seedCase(db, { id: 'H6', unitId: 'housing', createdAt: h6, steps: [...path(h6, 'housing', []), step(bj('2026-10-01 08:00'), 'resolved', 'housing.fc1')] });
  // ---- civil ----
  const c1 = bj('2026-10-01 00:00');
  await seedCase(db, { id: 'C1', unitId: 'civil', createdAt: c1, category: '户籍证明', steps: [...path(c1, 'civil', []), step(bj('2026-10-02 09:00'), 'resolved', 'civil.fc1'), step(bj('2026-10-03 09:00'), 'rated', 'requester', { data: { rating: 'basically_satisfied' } })] });
  const c2 = bj('2026-11-05 09:00');
  await seedCase(db, {
    id: 'C2',
    unitId: 'civil',
    createdAt: c2,
    title: '小区燃气管道报装',
    steps: [
      ...path(c2, 'civil', []),
      step(bj('2026-11-05 10:00'), 'escalated', 'civil.fc1', { tier: '2', subjectId: 'civil.chief1', data: { reason: 'legacy' } }),
      step(bj('2026-11-06 09:00'), 'resolved', 'civil.chief1', { tier: '2' }),
      step(bj('2026-11-07 09:00'), 'rated', 'requester', { tier: '2', data: { rating: 'very_satisfied' } }),
    ],
  });
  const c3 = bj('2026-11-08 09:00'); // planning's part of it lapses
  await seedCase(db, {
    id: 'C3',
    unitId: 'civil',
    createdAt: c3,
    title: '张三丰反映燃气费用',
    requester: { kind: 'person', name: '张三丰', phone: '13800001111' },
    involved: ['planning'],
    partLapses: [{ unitId: 'planning', officerId: 'planning.fc1', at: bj('2026-11-12 17:30') }],
    steps: [...path(c3, 'civil', []), step(bj('2026-11-20 09:00'), 'resolved', 'civil.fc1')],
  });
  // ---- planning ----
  const p1 = bj('2026-10-20 09:00');
  await seedCase(db, {
    id: 'P1',
    unitId: 'planning',
    createdAt: p1,
    steps: [
      ...path(p1, 'planning', []),
      step(bj('2026-10-20 10:00'), 'escalated', 'planning.fc1', { tier: '2', subjectId: 'planning.chief1', data: { reason: 'no_precedent' } }),
      step(bj('2026-10-21 10:00'), 'escalated', 'planning.chief1', { tier: '3', subjectId: 'planning.deputy', data: { reason: 'cross_department' } }),
      step(bj('2026-10-22 10:00'), 'escalated', 'planning.deputy', { tier: '4', subjectId: 'planning.head', data: { reason: 'cross_department' } }),
      step(bj('2026-10-23 09:00'), 'referred_to_city', 'planning.head', { tier: 'city', subjectId: 'city-vice-wang' }),
    ],
  });
  const p2 = bj('2026-11-30 23:59:59'); // opened in November's last second, resolved in December's first
  await seedCase(db, { id: 'P2', unitId: 'planning', createdAt: p2, title: '不动产登记证明', steps: [...path(p2, 'planning', []), step(bj('2026-12-01 00:00'), 'resolved', 'planning.fc1')] });
  // ---- complaints, reviews, accountability ----
  await seedComplaint(db, { id: 'K1', unitId: 'housing', caseId: 'H4', filedAt: bj('2026-10-20 10:00'), closedAt: bj('2026-11-02 10:00'), upheld: true });
  await seedComplaint(db, { id: 'K2', unitId: 'civil', filedAt: bj('2026-11-10 10:00') });
  await seedComplaint(db, { id: 'K3', unitId: 'housing', filedAt: bj('2026-11-30 23:59:59'), closedAt: bj('2026-12-01 09:00'), upheld: false });
  await seedReview(db, {
    id: 'R1',
    caseId: 'H4',
    openedAt: bj('2026-10-25 10:00'),
    findings: [
      { id: 'F1', officerId: 'housing.fc1', status: 'confirmed', level: 'notice', decidedAt: bj('2026-11-01 09:00') },
      { id: 'F2', officerId: 'housing.chief1', status: 'proposed' },
      { id: 'F3', officerId: 'civil.fc1', status: 'rejected', decidedAt: bj('2026-10-26 09:00') },
    ],
  });
  await seedReview(db, {
    id: 'R2',
    caseId: 'C3',
    openedAt: bj('2026-11-21 10:00'),
    findings: [
      { id: 'F4', officerId: 'planning.fc1', status: 'confirmed', level: 'reminder', decidedAt: bj('2026-11-21 11:00') },
      { id: 'F5', officerId: 'planning.chief1', status: 'confirmed', level: 'accountability', decidedAt: bj('2026-11-21 11:30') },
    ],
  });
  await seedVillageMonth(db, {
    townUnitId: 'shuncheng',
    month: '2026-11',
    closedAt: bj('2026-11-30 18:00'),
    problems: [
      { id: 'VP1', villageId: 'shuncheng.v1', villageName: '朱村', title: '村道路灯损坏', urgency: 4, residents: 120, carryCount: 0, path: { responsibleUnitId: 'housing', deadline: '2026-11-20', caseId: 'H2', caseWorkflowId: 'case-H2', caseReused: false }, outcome: { kind: 'solved' } },
      { id: 'VP2', villageId: 'shuncheng.v1', villageName: '朱村', title: '灌溉渠淤塞', urgency: 3, residents: 60, carryCount: 1, outcome: { kind: 'carried', expectedBy: '2026-12-15' } },
      { id: 'VP3', villageId: 'shuncheng.v2', villageName: '董店村', title: '宅基地确权', urgency: 2, residents: 8, carryCount: 0, outcome: { kind: 'in_progress', expectedBy: '2026-12-30' } },
    ],
  });
}
