// Retrospective reviews (倒查复盘): lay out the path of a case or complaint from the audit copy
// (who held it and for how long, which windows lapsed, what was decided and why, which decisions
// were rejected), propose findings, and turn the confirmed ones into accountability records.
import { and, asc, desc, eq, gte, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { accountabilityRecords, caseSteps, cases, complaints, officerEvents, principals, reviewFindings, reviews, units } from '../db/schema.js';
import {
  complaintRef,
  FINDING_KINDS,
  FINDING_LABELS,
  LEVEL_LABELS,
  LEVELS,
  proposeFindings,
  type FindingDecision,
  type OfficerAssessment,
  type PathEvent,
  type PathStep,
  type ProposedFinding,
  type SupervisionPolicy,
} from '../domain/supervision.js';
import { AppError } from '../domain/errors.js';
import { TIERS } from '../domain/tiers.js';
import { ComplaintOnCaseSchema, complaintsForCase } from './complaints.js';
import { newId } from './ids.js';
import { escalationRates, holdingsFromSteps } from './stats.js';
import { first } from '../db/store.js';


const Holder = z.object({
  officerId: z.string(),
  name: z.string(),
  unitId: z.string().nullable(),
  tier: z.enum(TIERS),
  via: z.string(),
  from: z.string(),
  until: z.string().nullable(),
  heldMs: z.number().nullable(),
});
const Lapse = z.object({ seq: z.number().int(), at: z.string(), tier: z.enum(TIERS), officerId: z.string().nullable(), deadlineAt: z.string().nullable(), unitId: z.string().nullable() });
const Decision = z.looseObject({ seq: z.number().int(), at: z.string(), tier: z.enum(TIERS), by: z.string(), action: z.string(), note: z.string().nullable() });
const Rejected = z.object({ seq: z.number().int(), at: z.string(), tier: z.enum(TIERS), by: z.string().nullable(), code: z.string(), attempted: z.string().nullable(), note: z.string().nullable() });
const Event = z.object({ subject: z.string(), seq: z.number().int(), officerId: z.string(), unitId: z.string().nullable(), tier: z.string().nullable(), kind: z.string(), at: z.string() });

export const FindingSchema = z
  .object({
    id: z.string(),
    kind: z.enum(FINDING_KINDS),
    label: z.string(),
    officer: z.object({ id: z.string(), name: z.string() }),
    unitId: z.string().nullable(),
    subject: z.string(),
    seq: z.number().int(),
    summary: z.string(),
    evidence: z.record(z.string(), z.unknown()).nullable(),
    proposedBy: z.string(),
    status: z.enum(['proposed', 'confirmed', 'rejected']),
    level: z.enum(LEVELS).nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    note: z.string().nullable(),
    accountabilityRecordId: z.string().nullable(),
  })
  .meta({ id: 'ReviewFinding' });

export const ReviewSchema = z
  .object({
    id: z.string(),
    subject: z.object({ kind: z.enum(['case', 'complaint', 'officer']), id: z.string() }),
    caseId: z.string().nullable(),
    complaintId: z.string().nullable(),
    officerId: z.string().nullable(),
    openedBy: z.string(),
    openedAt: z.string(),
    note: z.string().nullable(),
    /** open while any finding awaits a decision. */
    status: z.enum(['open', 'concluded']),
    path: z.object({
      case: z.object({ id: z.string(), title: z.string(), status: z.string(), tier: z.string(), leadUnitId: z.string(), createdAt: z.string(), closedAt: z.string().nullable() }).nullable(),
      holders: z.array(Holder),
      lapses: z.array(Lapse),
      decisions: z.array(Decision),
      rejected: z.array(Rejected),
      events: z.array(Event),
      complaint: z
        .object({
          id: z.string(),
          unitId: z.string(),
          filedAt: z.string(),
          contactDueAt: z.string().nullable(),
          contactedAt: z.string().nullable(),
          contactedBy: z.string().nullable(),
          contactLapsedAt: z.string().nullable(),
          closedAt: z.string().nullable(),
          upheld: z.boolean().nullable(),
        })
        .nullable(),
      complaints: z.array(ComplaintOnCaseSchema),
      escalation: z
        .object({ handled: z.number().int(), escalated: z.number().int(), rate: z.number().nullable(), ceiling: z.number(), evaluated: z.boolean(), flagged: z.boolean(), since: z.string() })
        .nullable(),
    }),
    findings: z.array(FindingSchema),
  })
  .meta({ id: 'Review' });
export type ReviewView = z.infer<typeof ReviewSchema>;

type StepRow = typeof caseSteps.$inferSelect;

async function nameOf(db: Db, id: string): Promise<string> {
  return (await first(db.select({ name: principals.name }).from(principals).where(eq(principals.id, id))))?.name ?? id;
}
async function unitOf(db: Db, id: string): Promise<string | null> {
  return (await first(db.select({ unitId: principals.unitId }).from(principals).where(eq(principals.id, id))))?.unitId ?? null;
}
const asPathStep = (s: StepRow): PathStep => ({ ...s, tier: s.tier as PathStep['tier'], data: (s.data as Record<string, unknown> | null) ?? null });

/** What a review needs of its subject: the path laid out, and what findings rest on. */
async function gather(db: Db, subject: { caseId: string | null; complaintId: string | null; officerId: string | null }, policy: SupervisionPolicy, now: Date) {
  const complaint = subject.complaintId ? (await first(db.select().from(complaints).where(eq(complaints.id, subject.complaintId)))) ?? null : null;
  const caseId = subject.caseId ?? complaint?.caseId ?? null;
  const caseRow = caseId ? (await first(db.select().from(cases).where(eq(cases.id, caseId)))) ?? null : null;
  const steps = caseRow ? (await db.select().from(caseSteps).where(eq(caseSteps.caseId, caseRow.id)).orderBy(asc(caseSteps.seq))) : [];
  const refs = [...(caseRow ? [caseRow.id] : []), ...(complaint ? [complaintRef(complaint.id)] : [])];
  const events = refs.length ? (await db.select().from(officerEvents).where(inArray(officerEvents.caseId, refs)).orderBy(asc(officerEvents.at))) : [];
  const rates = (await escalationRates(db, policy, now));
  const holdings = caseRow ? holdingsFromSteps(caseRow.id, steps) : [];
  const holderIds = new Set(holdings.map((h) => h.officerId));
  const assessed: OfficerAssessment[] = subject.officerId
    ? rates.officers.filter((a) => a.officerId === subject.officerId)
    : rates.officers.filter((a) => holderIds.has(a.officerId));
  const officerAssessment = subject.officerId ? (rates.officers.find((a) => a.officerId === subject.officerId) ?? null) : null;

  const holders: ReviewView['path']['holders'] = [];
  for (const h of holdings) {
    holders.push({
      officerId: h.officerId,
      name: await nameOf(db, h.officerId),
      unitId: await unitOf(db, h.officerId),
      tier: h.tier as (typeof TIERS)[number],
      via: h.via,
      from: h.from,
      until: h.until,
      heldMs: h.until ? Date.parse(h.until) - Date.parse(h.from) : null,
    });
  }
  const path: ReviewView['path'] = {
    case: caseRow
      ? { id: caseRow.id, title: caseRow.title, status: caseRow.status, tier: caseRow.tier, leadUnitId: caseRow.leadUnitId, createdAt: caseRow.createdAt, closedAt: caseRow.closedAt }
      : null,
    holders,
    lapses: steps
      .filter((s) => s.action === 'deadline_lapsed')
      .map((s) => ({
        seq: s.seq,
        at: s.at,
        tier: s.tier as (typeof TIERS)[number],
        officerId: s.subjectId ?? events.find((e) => e.caseId === s.caseId && e.seq === s.seq && e.kind === 'shelved')?.officerId ?? null,
        deadlineAt: s.deadlineAt,
        unitId: String((s.data as { unitId?: string } | null)?.unitId ?? '') || null,
      })),
    decisions: steps
      .filter((s) => s.actor !== 'system' && s.actor !== 'requester' && s.action !== 'received')
      .map((s) => {
        const d = (s.data as Record<string, unknown> | null) ?? {};
        return {
          seq: s.seq,
          at: s.at,
          tier: s.tier as (typeof TIERS)[number],
          by: s.actor,
          action: s.action,
          note: s.note,
          ...(d.reason ? { reason: d.reason } : {}),
          ...(d.result ? { result: d.result } : {}),
          ...(d.legalBasis ? { legalBasis: d.legalBasis } : {}),
          ...(d.explanation ? { explanation: d.explanation } : {}),
          ...(d.items ? { items: d.items } : {}),
        };
      }),
    rejected: steps
      .filter((s) => s.action === 'rejected')
      .map((s) => {
        const d = (s.data as Record<string, unknown> | null) ?? {};
        return {
          seq: s.seq,
          at: s.at,
          tier: s.tier as (typeof TIERS)[number],
          by: (d.by as string | undefined) ?? s.subjectId ?? null,
          code: String(d.code ?? 'REJECTED'),
          attempted: (d.attempted as string | undefined) ?? null,
          note: s.note,
        };
      }),
    events: events.map((e) => ({ subject: e.caseId, seq: e.seq, officerId: e.officerId, unitId: e.unitId, tier: e.tier, kind: e.kind, at: e.at })),
    complaint: complaint
      ? {
          id: complaint.id,
          unitId: complaint.unitId,
          filedAt: complaint.filedAt,
          contactDueAt: complaint.contactDueAt,
          contactedAt: complaint.contactedAt,
          contactedBy: complaint.contactedBy,
          contactLapsedAt: complaint.contactLapsedAt,
          closedAt: complaint.closedAt,
          upheld: complaint.upheld,
        }
      : null,
    complaints: caseRow ? (await complaintsForCase(db, caseRow.id)) : [],
    escalation: officerAssessment
      ? {
          handled: officerAssessment.handled,
          escalated: officerAssessment.escalated,
          rate: officerAssessment.rate,
          ceiling: officerAssessment.ceiling,
          evaluated: officerAssessment.evaluated,
          flagged: officerAssessment.flagged,
          since: rates.since,
        }
      : null,
  };

  const proposals: ProposedFinding[] = [];
  const byRef = (ref: string): PathEvent[] => events.filter((e) => e.caseId === ref);
  // proposeFindings asks for units synchronously: read every officer it may ask about first.
  const pathSteps = steps.map(asPathStep);
  const askable = new Set<string>(events.map((e) => e.officerId));
  for (const s of pathSteps) {
    if (s.subjectId) askable.add(s.subjectId);
    if (s.data?.by != null) askable.add(String(s.data.by));
  }
  const unitById = new Map<string, string | null>();
  for (const id of askable) unitById.set(id, await unitOf(db, id));
  const knownUnitOf = (id: string) => unitById.get(id) ?? null;
  if (caseRow) {
    proposals.push(...proposeFindings({ subjectRef: caseRow.id, steps: pathSteps, events: byRef(caseRow.id), unitOf: knownUnitOf, flagged: [] }));
  }
  if (complaint) {
    proposals.push(...proposeFindings({ subjectRef: complaintRef(complaint.id), steps: [], events: byRef(complaintRef(complaint.id)), unitOf: knownUnitOf, flagged: [] }));
  }
  proposals.push(...proposeFindings({ subjectRef: '', steps: [], events: [], unitOf: knownUnitOf, flagged: assessed }));
  return { path, proposals, caseRow, complaint };
}

/**
 * A finding another review already holds (awaiting a decision, or decided) is not proposed again:
 * one lapse, one record. An escalation pattern is judged once per window, not once for ever.
 */
async function alreadyHeld(db: Db, p: ProposedFinding, policy: SupervisionPolicy, now: Date): Promise<boolean> {
  const same = (await db
    .select({ status: reviewFindings.status, decidedAt: reviewFindings.decidedAt })
    .from(reviewFindings)
    .where(and(eq(reviewFindings.kind, p.kind), eq(reviewFindings.officerId, p.officerId), eq(reviewFindings.subjectRef, p.subjectRef), eq(reviewFindings.seq, p.seq))));
  if (p.kind !== 'over_escalation') return same.length > 0;
  const since = new Date(now.getTime() - policy.windowDays * 86_400_000).toISOString();
  return same.some((f) => f.status === 'proposed' || (f.decidedAt !== null && f.decidedAt >= since));
}

export async function openReview(
  db: Db,
  body: { caseId?: string; complaintId?: string; officerId?: string; note?: string },
  by: string,
  policy: SupervisionPolicy,
  now: Date,
): Promise<{ review: ReviewView; created: boolean }> {
  if (body.caseId && !(await first(db.select({ id: cases.id }).from(cases).where(eq(cases.id, body.caseId))))) throw new AppError('UNKNOWN_CASE', `No case ${body.caseId}.`);
  if (body.complaintId && !(await first(db.select({ id: complaints.id }).from(complaints).where(eq(complaints.id, body.complaintId))))) {
    throw new AppError('UNKNOWN_COMPLAINT', `No complaint ${body.complaintId}.`);
  }
  if (body.officerId && !(await first(db.select({ id: principals.id }).from(principals).where(eq(principals.id, body.officerId))))) {
    throw new AppError('UNKNOWN_OFFICER', `No officer ${body.officerId}.`);
  }
  const subject = { caseId: body.caseId ?? null, complaintId: body.complaintId ?? null, officerId: body.officerId ?? null };
  // A review of the same subject that still awaits decisions is the one to continue.
  const existing = (await db
    .select()
    .from(reviews)
    .where(
      body.caseId
        ? and(eq(reviews.caseId, body.caseId), isNull(reviews.complaintId))
        : body.complaintId
          ? eq(reviews.complaintId, body.complaintId)
          : eq(reviews.officerId, body.officerId!),
    ));
  for (const r of existing) {
    const pending = (await first(db.select({ id: reviewFindings.id }).from(reviewFindings).where(and(eq(reviewFindings.reviewId, r.id), eq(reviewFindings.status, 'proposed')))));
    if (pending) return { review: (await reviewView(db, r.id, policy, now))!, created: false };
  }
  const { proposals } = (await gather(db, subject, policy, now));
  const id = newId('R', now);
  await db.tx(async (tx) => {
    await tx.insert(reviews)
      .values({
        id,
        caseId: subject.caseId,
        complaintId: subject.complaintId,
        officerId: subject.officerId,
        openedBy: by,
        openedAt: now.toISOString(),
        note: body.note ?? null,
      });
    for (const p of proposals) {
      if ((await alreadyHeld(db, p, policy, now))) continue;
      await tx.insert(reviewFindings)
        .values({ id: newId('F', now), reviewId: id, kind: p.kind, officerId: p.officerId, unitId: p.unitId, subjectRef: p.subjectRef, seq: p.seq, proposedBy: 'system', summary: p.summary, evidence: p.evidence, status: 'proposed' })
        .onConflictDoNothing();
    }
  });
  return { review: (await reviewView(db, id, policy, now))!, created: true };
}

async function findingView(db: Db, f: typeof reviewFindings.$inferSelect) {
  const record = (await first(db.select({ id: accountabilityRecords.id }).from(accountabilityRecords).where(eq(accountabilityRecords.findingId, f.id))));
  return {
    id: f.id,
    kind: f.kind as (typeof FINDING_KINDS)[number],
    label: `${FINDING_LABELS[f.kind as (typeof FINDING_KINDS)[number]].label} ${FINDING_LABELS[f.kind as (typeof FINDING_KINDS)[number]].labelEn}`,
    officer: { id: f.officerId, name: (await nameOf(db, f.officerId)) },
    unitId: f.unitId,
    subject: f.subjectRef,
    seq: f.seq,
    summary: f.summary,
    evidence: (f.evidence as Record<string, unknown> | null) ?? null,
    proposedBy: f.proposedBy,
    status: f.status as 'proposed' | 'confirmed' | 'rejected',
    level: (f.level as (typeof LEVELS)[number] | null) ?? null,
    decidedBy: f.decidedBy,
    decidedAt: f.decidedAt,
    note: f.decisionNote,
    accountabilityRecordId: record?.id ?? null,
  };
}

export async function reviewView(db: Db, id: string, policy: SupervisionPolicy, now: Date): Promise<ReviewView | null> {
  const r = (await first(db.select().from(reviews).where(eq(reviews.id, id))));
  if (!r) return null;
  const officerId = r.officerId;
  const { path } = (await gather(db, { caseId: r.caseId, complaintId: r.complaintId, officerId }, policy, now));
  const findings: Awaited<ReturnType<typeof findingView>>[] = [];
  for (const f of await db.select().from(reviewFindings).where(eq(reviewFindings.reviewId, id)).orderBy(asc(reviewFindings.kind), asc(reviewFindings.seq), asc(reviewFindings.id))) {
    findings.push(await findingView(db, f));
  }
  const subject = r.caseId ? { kind: 'case' as const, id: r.caseId } : r.complaintId ? { kind: 'complaint' as const, id: r.complaintId } : { kind: 'officer' as const, id: officerId ?? '' };
  return {
    id: r.id,
    subject,
    caseId: r.caseId,
    complaintId: r.complaintId,
    officerId,
    openedBy: r.openedBy,
    openedAt: r.openedAt,
    note: r.note,
    status: findings.some((f) => f.status === 'proposed') ? 'open' : 'concluded',
    path,
    findings,
  };
}

/** A supervisor adds a finding the record cannot show. */
export async function addFinding(db: Db, reviewId: string, body: { kind: (typeof FINDING_KINDS)[number]; officerId: string; summary: string }, by: string, now: Date) {
  const r = (await first(db.select().from(reviews).where(eq(reviews.id, reviewId))));
  if (!r) throw new AppError('REVIEW_NOT_FOUND', 'No such review.');
  const officer = (await first(db.select().from(principals).where(eq(principals.id, body.officerId))));
  if (!officer) throw new AppError('UNKNOWN_OFFICER', `No officer ${body.officerId}.`);
  const id = newId('F', now);
  const subjectRef = r.caseId ?? (r.complaintId ? complaintRef(r.complaintId) : `officer:${body.officerId}`);
  // seq is negative for hand-made findings, so they never collide with a step's own finding.
  const seq = -((await db.select({ id: reviewFindings.id }).from(reviewFindings).where(eq(reviewFindings.reviewId, reviewId))).length + 1);
  await db.insert(reviewFindings)
    .values({ id, reviewId, kind: body.kind, officerId: officer.id, unitId: officer.unitId, subjectRef, seq, proposedBy: by, summary: body.summary, evidence: null, status: 'proposed' });
  return id;
}

/**
 * Confirms or rejects one finding. Confirmation writes the accountability record in the same
 * transaction. Deciding a finding again the same way answers the same result; the other way is a 409.
 */
export async function decideFinding(db: Db, reviewId: string, findingId: string, d: FindingDecision, by: string, now: Date): Promise<void> {
  await db.tx(async (tx) => {
      const f = (await first(tx.select().from(reviewFindings).where(and(eq(reviewFindings.id, findingId), eq(reviewFindings.reviewId, reviewId)))));
      if (!f) throw new AppError('FINDING_NOT_FOUND', 'No such finding in this review.');
      const target = d.decision === 'confirm' ? 'confirmed' : 'rejected';
      if (f.status !== 'proposed') {
        const same = f.status === target && (d.decision === 'reject' || f.level === d.level);
        if (same) return;
        throw new AppError('FINDING_ALREADY_DECIDED', `This finding was already ${f.status}${f.level ? ` (${f.level})` : ''} by ${f.decidedBy}.`);
      }
      const at = now.toISOString();
      await tx.update(reviewFindings)
        .set({ status: target, level: d.decision === 'confirm' ? d.level : null, decidedBy: by, decidedAt: at, decisionNote: d.note ?? null })
        .where(eq(reviewFindings.id, f.id));
      if (d.decision === 'confirm') {
        const r = (await first(tx.select().from(reviews).where(eq(reviews.id, reviewId))))!;
        const caseId = f.subjectRef.startsWith('complaint:') || f.subjectRef.startsWith('officer:') ? r.caseId : f.subjectRef;
        await tx.insert(accountabilityRecords)
          .values({
            id: newId('A', now),
            findingId: f.id,
            reviewId,
            kind: f.kind,
            level: d.level,
            officerId: f.officerId,
            unitId: f.unitId,
            caseId: caseId ?? null,
            complaintId: f.subjectRef.startsWith('complaint:') ? f.subjectRef.slice('complaint:'.length) : r.complaintId,
            summary: f.summary,
            note: d.note ?? null,
            recordedBy: by,
            recordedAt: at,
          })
          .onConflictDoNothing();
      }
    });
}

/** A review must exist before it is read or its findings decided. */
export async function requireReview(db: Db, id: string): Promise<void> {
  if (!(await first(db.select({ id: reviews.id }).from(reviews).where(eq(reviews.id, id))))) throw new AppError('REVIEW_NOT_FOUND', 'No such review.');
}

/** Reviews, newest first, with how many findings await, were confirmed and were rejected. */
export async function listReviews(db: Db, q: { caseId?: string; complaintId?: string; limit: number }) {
  const where: SQL[] = [];
  if (q.caseId) where.push(eq(reviews.caseId, q.caseId));
  if (q.complaintId) where.push(eq(reviews.complaintId, q.complaintId));
  const rows = (await db.select().from(reviews).where(and(...where)).orderBy(desc(reviews.openedAt), desc(reviews.id)).limit(q.limit));
  const items = [];
  for (const r of rows) {
    const fs = await db.select({ status: reviewFindings.status }).from(reviewFindings).where(eq(reviewFindings.reviewId, r.id));
    const count = (s: string) => fs.filter((f) => f.status === s).length;
    items.push({
      id: r.id,
      caseId: r.caseId,
      complaintId: r.complaintId,
      officerId: r.officerId,
      openedBy: r.openedBy,
      openedAt: r.openedAt,
      findings: { proposed: count('proposed'), confirmed: count('confirmed'), rejected: count('rejected') },
    });
  }
  return items;
}

export const AccountabilityRecordSchema = z
  .object({
    id: z.string(),
    kind: z.enum(FINDING_KINDS),
    kindLabel: z.string(),
    level: z.enum(LEVELS),
    levelLabel: z.string(),
    officer: z.object({ id: z.string(), name: z.string() }),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
    caseId: z.string().nullable(),
    complaintId: z.string().nullable(),
    reviewId: z.string(),
    findingId: z.string(),
    summary: z.string(),
    note: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'AccountabilityRecord' });

type RecordRow = typeof accountabilityRecords.$inferSelect;

/** Records as the lists show them: the officer's and the unit's names beside their ids, the labels beside the codes. */
function recordItems(rows: RecordRow[], names: Map<string, string>, unitNames: Map<string, string>): z.infer<typeof AccountabilityRecordSchema>[] {
  return rows.map((r) => {
    const kind = r.kind as (typeof FINDING_KINDS)[number];
    const level = r.level as (typeof LEVELS)[number];
    return {
      id: r.id,
      kind,
      kindLabel: `${FINDING_LABELS[kind].label} ${FINDING_LABELS[kind].labelEn}`,
      level,
      levelLabel: `${LEVEL_LABELS[level].label} ${LEVEL_LABELS[level].labelEn}`,
      officer: { id: r.officerId, name: names.get(r.officerId) ?? r.officerId },
      unit: r.unitId ? { id: r.unitId, name: unitNames.get(r.unitId) ?? r.unitId } : null,
      caseId: r.caseId,
      complaintId: r.complaintId,
      reviewId: r.reviewId,
      findingId: r.findingId,
      summary: r.summary,
      note: r.note,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt,
    };
  });
}

/** The records made in [from, to), oldest first, as the lists show them. */
export async function recordsBetween(db: Db, from: string, to: string) {
  const rows = await db
    .select()
    .from(accountabilityRecords)
    .where(and(gte(accountabilityRecords.recordedAt, from), lt(accountabilityRecords.recordedAt, to)))
    .orderBy(asc(accountabilityRecords.recordedAt), asc(accountabilityRecords.id));
  const names = new Map((await db.select({ id: principals.id, name: principals.name }).from(principals)).map((r) => [r.id, r.name]));
  const unitNames = new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((r) => [r.id, r.name]));
  return recordItems(rows, names, unitNames);
}

/** Accountability records (不提级, 搁置, 事事提级), newest first, cursor-paged, with totals per officer and unit over every match. */
export async function accountability(
  db: Db,
  q: { officerId?: string; unitId?: string; kind?: (typeof FINDING_KINDS)[number]; level?: (typeof LEVELS)[number]; limit: number; cursor?: string },
) {
  const where: SQL[] = [];
  if (q.officerId) where.push(eq(accountabilityRecords.officerId, q.officerId));
  if (q.unitId) where.push(eq(accountabilityRecords.unitId, q.unitId));
  if (q.kind) where.push(eq(accountabilityRecords.kind, q.kind));
  if (q.level) where.push(eq(accountabilityRecords.level, q.level));
  const all = (await db.select().from(accountabilityRecords).where(and(...where)).orderBy(desc(accountabilityRecords.recordedAt), desc(accountabilityRecords.id)));
  const names = new Map((await db.select({ id: principals.id, name: principals.name }).from(principals)).map((r) => [r.id, r.name]));
  const unitNames = new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((r) => [r.id, r.name]));
  const zero = () => Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<(typeof FINDING_KINDS)[number], number>;
  const byOfficer = new Map<string, { officerId: string; name: string; unitId: string | null; total: number; byKind: ReturnType<typeof zero> }>();
  const byUnit = new Map<string, { unitId: string; name: string; total: number; byKind: ReturnType<typeof zero> }>();
  for (const r of all) {
    const kind = r.kind as (typeof FINDING_KINDS)[number];
    const o = byOfficer.get(r.officerId) ?? { officerId: r.officerId, name: names.get(r.officerId) ?? r.officerId, unitId: r.unitId, total: 0, byKind: zero() };
    o.total++;
    o.byKind[kind]++;
    byOfficer.set(r.officerId, o);
    if (r.unitId) {
      const u = byUnit.get(r.unitId) ?? { unitId: r.unitId, name: unitNames.get(r.unitId) ?? r.unitId, total: 0, byKind: zero() };
      u.total++;
      u.byKind[kind]++;
      byUnit.set(r.unitId, u);
    }
  }
  let page = all;
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    if (!at || !id) throw new AppError('BAD_CURSOR', 'The cursor is not one this API gave.');
    page = all.filter((r) => r.recordedAt < at || (r.recordedAt === at && r.id < id));
  }
  const items = page.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: recordItems(items, names, unitNames),
    nextCursor: page.length > q.limit && last ? Buffer.from(`${last.recordedAt}|${last.id}`).toString('base64url') : null,
    totals: {
      total: all.length,
      byOfficer: [...byOfficer.values()].sort((a, b) => b.total - a.total || a.officerId.localeCompare(b.officerId)),
      byUnit: [...byUnit.values()].sort((a, b) => b.total - a.total || a.unitId.localeCompare(b.unitId)),
    },
  };
}
