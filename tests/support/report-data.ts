// A month's records written straight into the store, at chosen instants, for the report tests: a
// case as the store call leaves it (its steps in the audit copy, its read-model row, its unit link,
// the officer events of its escalations, referrals and lapses), complaints, reviews with findings and
// accountability records, and a town's village month. The read-model row is derived from the steps
// the way the case engine would leave it (the last close, undone by a reopening; the last rating).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accountabilityRecords, caseSteps, caseUnits, cases, complaints, officerEvents, principals, reviewFindings, reviews, villageMonths } from '../../db/schema.js';
import type { VillageMonthView, VillageProblem } from '../../domain/village.js';

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

const unitOf = (db: Db, id: string) => db.select({ unitId: principals.unitId }).from(principals).where(eq(principals.id, id)).get()?.unitId ?? null;

export function seedCase(db: Db, c: CaseSpec): void {
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
  db.insert(cases)
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
      lastSeq: c.steps.length,
      createdAt: c.createdAt,
      updatedAt: c.steps.at(-1)?.at ?? c.createdAt,
    })
    .run();
  db.insert(caseUnits).values({ caseId: c.id, unitId: c.unitId, role: 'lead' }).run();
  for (const u of c.involved ?? []) db.insert(caseUnits).values({ caseId: c.id, unitId: u, role: 'involved' }).run();
  c.steps.forEach((s, i) => {
    const seq = i + 1;
    db.insert(caseSteps)
      .values({ caseId: c.id, seq, at: s.at, tier: s.tier ?? '1', actor: s.actor, action: s.action, subjectId: s.subjectId ?? null, deadlineAt: s.deadlineAt ?? null, data: s.data ?? null })
      .run();
    const event = (officerId: string, kind: string) =>
      db.insert(officerEvents).values({ caseId: c.id, seq, officerId, unitId: unitOf(db, officerId), tier: s.tier ?? '1', kind, at: s.at }).run();
    // A lapse's own escalation (actor system) is the holder's shelved event, no escalation of theirs.
    if (s.action === 'escalated' && s.actor !== 'system') event(s.actor, 'escalated');
    if (s.action === 'referred_to_city') event(s.actor, 'referred');
    if (s.action === 'deadline_lapsed' && s.subjectId) event(s.subjectId, 'shelved');
  });
  (c.partLapses ?? []).forEach((p, i) =>
    db.insert(officerEvents).values({ caseId: `${c.id}#${p.unitId}`, seq: i + 1, officerId: p.officerId, unitId: p.unitId, tier: p.tier ?? '1', kind: 'shelved', at: p.at }).run(),
  );
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

export function seedComplaint(db: Db, c: { id: string; unitId: string; filedAt: string; caseId?: string; closedAt?: string; upheld?: boolean; contactLapsedAt?: string; phone?: string; name?: string }): void {
  db.insert(complaints)
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
    })
    .run();
}

/** A review opened at `openedAt` with findings; each confirmed one becomes a record at its `decidedAt`. */
export function seedReview(
  db: Db,
  r: { id: string; caseId: string; openedAt: string; findings: { id: string; officerId: string; status: 'proposed' | 'confirmed' | 'rejected'; level?: string; decidedAt?: string; kind?: string }[] },
): void {
  db.insert(reviews).values({ id: r.id, caseId: r.caseId, openedBy: 'sup-1', openedAt: r.openedAt }).run();
  r.findings.forEach((f, i) => {
    const unitId = unitOf(db, f.officerId);
    const kind = f.kind ?? 'shelved';
    db.insert(reviewFindings)
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
      })
      .run();
    if (f.status === 'confirmed') {
      db.insert(accountabilityRecords)
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
        })
        .run();
    }
  });
}

/** A town's month as its read model holds it, closed, with its problems and their outcomes. */
export function seedVillageMonth(db: Db, m: { townUnitId: string; month: string; closedAt: string; problems: Pick<VillageProblem, 'id' | 'villageId' | 'villageName' | 'title' | 'urgency' | 'residents' | 'carryCount' | 'path' | 'outcome'>[] }): void {
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
  db.insert(villageMonths)
    .values({ id, townUnitId: m.townUnitId, month: m.month, phase: 'closed', hostVillageId: view.host!.villageId, version: 9, view, createdAt: m.closedAt, updatedAt: m.closedAt, closedAt: m.closedAt })
    .run();
}
