// The efficiency office's month (效能月报): each unit's figures for a Beijing month, the city's row as
// their sum, the ranking with its change from last month, the month's classes of problems for 每月一题
// and the topic picked, the records the bulletin names (shelved cases, accountability), and the
// ranking policy administrators set. Every figure is a grouped count over indexed columns (no table
// is read whole); docs/reports.md defines each one. The rules reused, not restated: "closed"
// (CLOSED_STATUSES), the response rule (RESPONSE_DECIDING_STEP), "satisfied" (SATISFIED_RATINGS),
// the over-escalation detector's tally (escalationTallies).
//
// Written to port to PostgreSQL: drizzle's query builder, awaited; CASE WHEN instead of summing
// booleans; LIKE instead of SQLite's string functions; no JSON functions in SQL.
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lt, ne, notLike, sql, type Column, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  accountabilityRecords,
  caseSteps,
  caseUnits,
  cases,
  complaints,
  directoryAudit,
  libraryRules,
  monthlyTopics,
  officerEvents,
  principals,
  rankingPolicies,
  reviewFindings,
  reviews,
  supervisionItems,
  units,
} from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { maskPersonal } from '../domain/privacy.js';
import {
  COUNT_KEYS,
  DEFAULT_RANKING_POLICY,
  FIGURES,
  monthBounds,
  parseRankingPolicy,
  previousMonth,
  RankingPolicySchema,
  RATE_KEYS,
  ranksOf,
  ratio,
  scoreOf,
  TITLE_TERMS_MIN_CASES,
  TITLE_TERMS_SHOWN,
  titleTerms,
  TOPIC_KIND_LABELS,
  type CountKey,
  type PickTopic,
  type RankingPolicy,
  type RankingPolicyInputSchema,
  type RateKey,
  type Ratio,
  type TopicKind,
} from '../domain/reports.js';
import { complaintRef } from '../domain/supervision.js';
import { CLOSED_STATUSES, ESCALATION_REASONS, REASON_LABELS, type Role } from '../domain/tiers.js';
import type { z } from 'zod';
import type { Reader } from './cases.js';
import { recordsBetween } from './reviews.js';
import { escalationTallies, RESPONSE_DECIDING_STEP, SATISFIED_RATINGS } from './stats.js';

export interface UnitFigures {
  rates: Record<RateKey, Ratio>;
  /** null: a figure whose records the system does not keep yet (see ABSENT). */
  counts: Record<CountKey, number | null>;
}

export interface UnitMonth extends UnitFigures {
  unitId: string;
  name: string;
  nameEn: string;
  kind: string;
  /** When the unit was added to the directory, if the directory's audit says (the demo's units: null). */
  createdAt: string | null;
}

/**
 * Figures whose records the system does not keep (none today: issue 30 brought extensions and 督办
 * notices). A figure listed here is null in every row and marked unavailable, never a made-up 0.
 */
const ABSENT: Partial<Record<CountKey, string>> = {};

/** The figures' labels and whether each is counted today. */
export const figureCatalogue = () =>
  [...RATE_KEYS.map((key) => ({ key, kind: 'rate' as const })), ...COUNT_KEYS.map((key) => ({ key, kind: 'count' as const }))].map(({ key, kind }) => ({
    key,
    kind,
    label: FIGURES[key].label,
    labelEn: FIGURES[key].labelEn,
    counts: FIGURES[key].counts,
    available: !(key in ABSENT),
    ...(ABSENT[key as CountKey] ? { note: ABSENT[key as CountKey]! } : {}),
  }));

const CITY_WIDE: readonly Role[] = ['supervisor', 'city_leader', 'admin'];
const UNIT_HEADS: readonly Role[] = ['principal_head', 'deputy_head'];

/** A month that has not begun has no figures to show. */
export function assertMonthBegun(month: string, now: Date): { from: string; to: string; complete: boolean } {
  const b = monthBounds(month);
  if (b.from > now.toISOString()) throw new AppError('MONTH_NOT_STARTED', `${month} has not begun (Beijing time).`);
  return { ...b, complete: b.to <= now.toISOString() };
}

/**
 * Which units a reader sees: the efficiency office, city leaders and admins every unit (or the one
 * asked for); a unit's principal or deputy head their own unit's row only.
 */
export async function reportScope(db: Db, reader: Reader, unitId: string | undefined): Promise<string | undefined> {
  if (UNIT_HEADS.includes(reader.role)) {
    if (!reader.unitId) throw new AppError('FORBIDDEN_UNIT', 'A unit head without a unit has no row to read.');
    if (unitId && unitId !== reader.unitId) throw new AppError('FORBIDDEN_UNIT', "A unit's heads read their own unit's row; the whole month is the efficiency office's.");
    return reader.unitId;
  }
  if (!CITY_WIDE.includes(reader.role)) throw new AppError('FORBIDDEN_ROLE', 'The month is read by the efficiency office, city leaders, administrators and unit heads.');
  if (unitId && !(await db.select({ id: units.id }).from(units).where(eq(units.id, unitId))).length) throw new AppError('UNIT_NOT_FOUND', `No unit ${unitId}.`);
  return unitId;
}

// ---- The figures ----

const n = (x: unknown) => Number(x ?? 0);
const inRange = (col: Column, b: { from: string; to: string }) => and(gte(col, b.from), lt(col, b.to));
/** A sum of the rows where a condition holds: CASE WHEN, which PostgreSQL takes too (it sums no booleans). */
const countWhere = (cond: SQL) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;

type Tally = Map<string, number>;
const tally = (rows: { unitId: string | null; n: unknown }[]): Tally => {
  const m: Tally = new Map();
  for (const r of rows) if (r.unitId) m.set(r.unitId, (m.get(r.unitId) ?? 0) + n(r.n));
  return m;
};

/** Every figure of every unit that has one, for [from, to). */
async function figuresByUnit(db: Db, b: { from: string; to: string }): Promise<Map<string, UnitFigures>> {
  // Received, and the response of each (responseOf: the first deciding step; a lapse is late).
  // (The inner case_steps is aliased so the outer one stays nameable; RESPONSE_DECIDING_STEP's bare
  // columns read the inner one.)
  const received = await db
    .select({
      unitId: cases.leadUnitId,
      received: count(),
      known: count(caseSteps.seq),
      onTime: countWhere(sql`${caseSteps.action} <> 'deadline_lapsed'`),
    })
    .from(cases)
    .leftJoin(caseSteps, and(eq(caseSteps.caseId, cases.id), eq(caseSteps.seq, sql`(select min(l.seq) from case_steps l where l.case_id = ${cases.id} and ${RESPONSE_DECIDING_STEP})`)))
    .where(and(gt(cases.lastSeq, 0), inRange(cases.createdAt, b)))
    .groupBy(cases.leadUnitId);

  // Closed in the month (the read model holds each case's last close), and of those, the ones no
  // window lapsed on.
  const noLapse = sql`not exists (select 1 from case_steps where case_id = ${cases.id} and action = 'deadline_lapsed')`;
  const closed = await db
    .select({ unitId: cases.leadUnitId, status: cases.status, n: count(), onTime: countWhere(noLapse) })
    .from(cases)
    .where(and(gt(cases.lastSeq, 0), inArray(cases.status, [...CLOSED_STATUSES]), isNotNull(cases.closedAt), inRange(cases.closedAt, b)))
    .groupBy(cases.leadUnitId, cases.status);

  // The judgement each case's satisfaction counts (domain/satisfaction.ts: its last answer's rating or
  // the return visit that replaced it, never a rating an appeal struck out), in the month it was given.
  const rated = await db
    .select({ unitId: cases.leadUnitId, rated: count(), satisfied: countWhere(inArray(cases.countedRating, [...SATISFIED_RATINGS])) })
    .from(cases)
    .where(and(gt(cases.lastSeq, 0), isNotNull(cases.countedRating), inRange(cases.countedRatingAt, b)))
    .groupBy(cases.leadUnitId);

  // Supervision of live cases (supervision_items, the workflow's own record): extensions granted,
  // 督办 notices issued, rectifications of bad ratings opened, and those whose report came late.
  const itemsBy = (kind: string, col: Column, extra?: SQL) =>
    db
      .select({ unitId: supervisionItems.unitId, n: count() })
      .from(supervisionItems)
      .where(and(eq(supervisionItems.kind, kind), inRange(col, b), extra))
      .groupBy(supervisionItems.unitId);
  const extensions = await itemsBy('extension', supervisionItems.closedAt, eq(supervisionItems.status, 'granted'));
  const notices = await itemsBy('notice', supervisionItems.openedAt);
  const rectifications = await itemsBy('rectification', supervisionItems.openedAt);
  const rectificationsLapsed = await itemsBy('rectification', supervisionItems.lapsedAt);

  const escalation = (await escalationTallies(db, b.from, b.to)).units;

  // Lapses: the shelved officer events of cases and of units' parts (`<case>#<unit>`), not complaints'.
  const lapseRows = await db
    .select({ unitId: officerEvents.unitId, caseId: officerEvents.caseId })
    .from(officerEvents)
    .where(and(eq(officerEvents.kind, 'shelved'), inRange(officerEvents.at, b), isNotNull(officerEvents.unitId), notLike(officerEvents.caseId, `${complaintRef('')}%`)));

  const filed = await db.select({ unitId: complaints.unitId, n: count() }).from(complaints).where(inRange(complaints.filedAt, b)).groupBy(complaints.unitId);
  const upheld = await db
    .select({ unitId: complaints.unitId, n: count() })
    .from(complaints)
    .where(and(eq(complaints.upheld, true), isNotNull(complaints.closedAt), inRange(complaints.closedAt, b)))
    .groupBy(complaints.unitId);
  const findings = await db
    .select({ unitId: reviewFindings.unitId, n: count() })
    .from(reviewFindings)
    .innerJoin(reviews, eq(reviews.id, reviewFindings.reviewId))
    .where(and(inRange(reviews.openedAt, b), ne(reviewFindings.status, 'rejected')))
    .groupBy(reviewFindings.unitId);
  const records = await db
    .select({ unitId: accountabilityRecords.unitId, n: count() })
    .from(accountabilityRecords)
    .where(inRange(accountabilityRecords.recordedAt, b))
    .groupBy(accountabilityRecords.unitId);

  const out = new Map<string, UnitFigures>();
  const row = (unitId: string) => {
    let f = out.get(unitId);
    if (!f) {
      f = emptyFigures();
      out.set(unitId, f);
    }
    return f;
  };
  const acc = new Map<string, { response: [number, number]; onTime: [number, number]; resolution: [number, number]; satisfaction: [number, number] }>();
  const accOf = (u: string) => acc.get(u) ?? (acc.set(u, { response: [0, 0], onTime: [0, 0], resolution: [0, 0], satisfaction: [0, 0] }), acc.get(u)!);
  for (const r of received) {
    row(r.unitId).counts.received = n(r.received);
    accOf(r.unitId).response = [n(r.onTime), n(r.known)];
  }
  for (const r of closed) {
    const f = row(r.unitId);
    const a = accOf(r.unitId);
    f.counts[r.status as 'resolved' | 'refused' | 'withdrawn'] = n(r.n);
    if (r.status === 'withdrawn') continue;
    a.onTime = [a.onTime[0] + n(r.onTime), a.onTime[1] + n(r.n)];
    a.resolution = [a.resolution[0] + (r.status === 'resolved' ? n(r.n) : 0), a.resolution[1] + n(r.n)];
  }
  for (const r of rated) accOf(r.unitId).satisfaction = [n(r.satisfied), n(r.rated)];
  for (const [unitId, a] of acc) {
    const f = row(unitId);
    for (const k of ['response', 'onTime', 'resolution', 'satisfaction'] as const) f.rates[k] = ratio(a[k][0], a[k][1]);
  }
  for (const [unitId, t] of escalation) row(unitId).rates.escalation = ratio(t.escalated, t.handled);
  const shelvedCases = new Map<string, Set<string>>();
  for (const e of lapseRows) {
    const f = row(e.unitId!);
    f.counts.lapses = (f.counts.lapses ?? 0) + 1;
    const set = shelvedCases.get(e.unitId!) ?? new Set<string>();
    set.add(e.caseId.split('#')[0]);
    shelvedCases.set(e.unitId!, set);
  }
  for (const [unitId, set] of shelvedCases) row(unitId).counts.shelved = set.size;
  for (const [unitId, v] of tally(filed)) row(unitId).counts.complaintsFiled = v;
  for (const [unitId, v] of tally(upheld)) row(unitId).counts.complaintsUpheld = v;
  for (const [unitId, v] of tally(findings)) row(unitId).counts.findings = v;
  for (const [unitId, v] of tally(records)) row(unitId).counts.accountability = v;
  for (const [unitId, v] of tally(extensions)) row(unitId).counts.extensions = v;
  for (const [unitId, v] of tally(notices)) row(unitId).counts.supervisionNotices = v;
  for (const [unitId, v] of tally(rectifications)) row(unitId).counts.rectifications = v;
  for (const [unitId, v] of tally(rectificationsLapsed)) row(unitId).counts.rectificationsLapsed = v;
  return out;
}

function emptyFigures(): UnitFigures {
  const rates = Object.fromEntries(RATE_KEYS.map((k) => [k, ratio(0, 0)])) as Record<RateKey, Ratio>;
  const counts = Object.fromEntries(COUNT_KEYS.map((k) => [k, k in ABSENT ? null : 0])) as Record<CountKey, number | null>;
  return { rates, counts };
}

/** The city's row: the units' numerators and denominators summed, never an average of their rates. */
export function sumOf(rows: UnitFigures[]): UnitFigures {
  const city = emptyFigures();
  for (const k of RATE_KEYS) {
    const num = rows.reduce((s, r) => s + r.rates[k].numerator, 0);
    const den = rows.reduce((s, r) => s + r.rates[k].denominator, 0);
    city.rates[k] = ratio(num, den);
  }
  for (const k of COUNT_KEYS) city.counts[k] = k in ABSENT ? null : rows.reduce((s, r) => s + (r.counts[k] ?? 0), 0);
  return city;
}

/** The units of the directory that existed in the month (or that have figures in it), with when each was added. */
async function unitsOfMonth(db: Db, to: string, withFigures: Set<string>) {
  const created = new Map(
    (
      await db
        .select({ unitId: directoryAudit.subjectId, at: sql<string>`min(${directoryAudit.at})` })
        .from(directoryAudit)
        .where(and(eq(directoryAudit.subjectKind, 'unit'), eq(directoryAudit.action, 'unit_created')))
        .groupBy(directoryAudit.subjectId)
    ).map((r) => [r.unitId, r.at]),
  );
  const all = await db.select({ id: units.id, name: units.name, nameEn: units.nameEn, kind: units.kind }).from(units).orderBy(asc(units.id));
  return all
    .map((u) => ({ ...u, createdAt: created.get(u.id) ?? null }))
    .filter((u) => u.createdAt === null || u.createdAt < to || withFigures.has(u.id));
}

export interface MonthlyReport {
  month: string;
  from: string;
  to: string;
  timeZone: 'Asia/Shanghai';
  /** False while the month is still running: its figures still move. */
  complete: boolean;
  generatedAt: string;
  units: UnitMonth[];
  city: UnitFigures;
  figures: ReturnType<typeof figureCatalogue>;
}

/** Every unit's month; `unitId` keeps one unit's row (the city's row stays the whole city's). */
export async function monthlyReport(db: Db, month: string, now: Date, unitId?: string): Promise<MonthlyReport> {
  const b = assertMonthBegun(month, now);
  const figures = await figuresByUnit(db, b);
  const all = (await unitsOfMonth(db, b.to, new Set(figures.keys()))).map((u) => ({ unitId: u.id, name: u.name, nameEn: u.nameEn, kind: u.kind, createdAt: u.createdAt, ...(figures.get(u.id) ?? emptyFigures()) }));
  return {
    month,
    from: b.from,
    to: b.to,
    timeZone: 'Asia/Shanghai',
    complete: b.complete,
    generatedAt: now.toISOString(),
    units: unitId ? all.filter((u) => u.unitId === unitId) : all,
    city: sumOf(all),
    figures: figureCatalogue(),
  };
}

// ---- The ranking ----

export async function rankingPolicy(db: Db): Promise<{ policy: RankingPolicy; source: 'default' | 'set'; setBy: string | null; setAt: string | null }> {
  const [row] = await db.select().from(rankingPolicies).orderBy(desc(rankingPolicies.id)).limit(1);
  if (!row) return { policy: DEFAULT_RANKING_POLICY, source: 'default', setBy: null, setAt: null };
  return { policy: RankingPolicySchema.parse(row.policy), source: 'set', setBy: row.setBy, setAt: row.setAt };
}

/** An administrator sets the weights: any part of the policy, the rest from the defaults. Every version is kept. */
export async function setRankingPolicy(db: Db, input: z.infer<typeof RankingPolicyInputSchema>, by: string, now: Date) {
  let policy: RankingPolicy;
  try {
    policy = parseRankingPolicy(input);
  } catch {
    throw new AppError('RANKING_POLICY_INVALID', 'At least one weight must be above 0.', { errors: [{ path: 'body.weights', message: 'at least one weight above 0' }] });
  }
  await db.insert(rankingPolicies).values({ policy, setBy: by, setAt: now.toISOString() });
  return rankingPolicy(db);
}

/** The month's ranking by the policy's score, with each unit's rank last month under the same policy. */
export async function rankings(db: Db, month: string, now: Date) {
  const { policy, source } = await rankingPolicy(db);
  const current = await monthlyReport(db, month, now);
  const before = previousMonth(month);
  const last = await monthlyReport(db, before, now);
  const score = (u: UnitMonth) => ({ unitId: u.unitId, ...scoreOf({ rates: u.rates, counts: { received: u.counts.received ?? 0, complaintsUpheld: u.counts.complaintsUpheld ?? 0, accountability: u.counts.accountability ?? 0 } }, policy) });
  const scores = current.units.map(score);
  const rank = ranksOf(scores);
  const rankBefore = ranksOf(last.units.map(score));
  const scored = new Map(scores.map((s) => [s.unitId, s]));
  const rows = current.units.map((u) => {
    const s = scored.get(u.unitId)!;
    const r = rank.get(u.unitId) ?? null;
    const p = rankBefore.get(u.unitId) ?? null;
    return {
      rank: r,
      unitId: u.unitId,
      name: u.name,
      score: s.score,
      base: s.base,
      deductions: s.deductions,
      ranked: s.ranked,
      reason: s.reason,
      previousRank: p,
      /** Places moved up since last month (negative: down); null when either month has no rank. */
      change: r !== null && p !== null ? p - r : null,
      /** The figures the score was made of. */
      rates: { response: u.rates.response, onTime: u.rates.onTime, resolution: u.rates.resolution, satisfaction: u.rates.satisfaction },
      counts: { received: u.counts.received ?? 0, complaintsUpheld: u.counts.complaintsUpheld ?? 0, accountability: u.counts.accountability ?? 0 },
      createdAt: u.createdAt,
    };
  });
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitId.localeCompare(b.unitId));
  return { month, previousMonth: before, complete: current.complete, generatedAt: now.toISOString(), policy, policySource: source, units: rows };
}

// ---- 每月一题: the month's classes of problems ----

interface ClassCount {
  key: string;
  label: string;
  cases: number;
  units: { unitId: string; name: string; cases: number }[];
}

/** The cases opened in the month, by category, by escalation reason and by the terms of their titles, each with the units involved. */
export async function categories(db: Db, month: string, now: Date) {
  const b = assertMonthBegun(month, now);
  const opened = and(gt(cases.lastSeq, 0), inRange(cases.createdAt, b));
  const rows = await db
    .select({ id: cases.id, title: cases.title, category: cases.category, requesterKind: cases.requesterKind, requesterName: cases.requesterName })
    .from(cases)
    .where(opened);
  const involved = await db.select({ caseId: caseUnits.caseId, unitId: caseUnits.unitId }).from(caseUnits).innerJoin(cases, eq(cases.id, caseUnits.caseId)).where(opened);
  const escalations = await db
    .select({ caseId: caseSteps.caseId, data: caseSteps.data })
    .from(caseSteps)
    .innerJoin(cases, eq(cases.id, caseSteps.caseId))
    .where(and(opened, eq(caseSteps.action, 'escalated')));
  const unitNames = new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((u) => [u.id, u.name]));
  const unitsOf = new Map<string, Set<string>>();
  for (const r of involved) (unitsOf.get(r.caseId) ?? unitsOf.set(r.caseId, new Set()).get(r.caseId)!).add(r.unitId);

  const group = (pairs: Iterable<[string, string]>, label: (key: string) => string): ClassCount[] => {
    const byKey = new Map<string, Set<string>>();
    for (const [key, caseId] of pairs) (byKey.get(key) ?? byKey.set(key, new Set()).get(key)!).add(caseId);
    return [...byKey]
      .map(([key, ids]) => {
        const perUnit = new Map<string, number>();
        for (const id of ids) for (const u of unitsOf.get(id) ?? []) perUnit.set(u, (perUnit.get(u) ?? 0) + 1);
        return {
          key,
          label: label(key),
          cases: ids.size,
          units: [...perUnit].map(([unitId, c]) => ({ unitId, name: unitNames.get(unitId) ?? unitId, cases: c })).sort((x, y) => y.cases - x.cases || x.unitId.localeCompare(y.unitId)),
        };
      })
      .sort((x, y) => y.cases - x.cases || x.key.localeCompare(y.key));
  };
  const byCategory = group(
    rows.filter((r) => r.category).map((r) => [r.category!, r.id] as [string, string]),
    (k) => k,
  );
  const reasons = (ESCALATION_REASONS as readonly string[]);
  const byEscalationReason = group(
    escalations.flatMap((e) => {
      const reason = (e.data as { reason?: unknown } | null)?.reason;
      return typeof reason === 'string' && reasons.includes(reason) ? [[reason, e.caseId] as [string, string]] : [];
    }),
    (k) => REASON_LABELS[k as (typeof ESCALATION_REASONS)[number]].label,
  );
  // Titles are read with personal data masked first: a requester's name is no term of a class.
  const titleTermsCounted = group(
    rows.flatMap((r) => titleTerms(maskPersonal(r.title, r.requesterKind === 'person' ? r.requesterName : null)).map((t) => [t, r.id] as [string, string])),
    (k) => k,
  )
    .filter((t) => t.cases >= TITLE_TERMS_MIN_CASES)
    .slice(0, TITLE_TERMS_SHOWN);
  return {
    month,
    from: b.from,
    to: b.to,
    complete: b.complete,
    cases: rows.length,
    uncategorised: rows.filter((r) => !r.category).length,
    byCategory,
    byEscalationReason,
    titleTerms: titleTermsCounted,
    topic: await topicOf(db, month),
  };
}

async function topicOf(db: Db, month: string) {
  const [t] = await db.select().from(monthlyTopics).where(eq(monthlyTopics.month, month));
  if (!t) return null;
  const [rule] = t.ruleId
    ? await db.select({ id: libraryRules.id, title: libraryRules.title, documentNo: libraryRules.documentNo, issuedOn: libraryRules.issuedOn }).from(libraryRules).where(eq(libraryRules.id, t.ruleId))
    : [];
  return {
    month: t.month,
    kind: t.kind as TopicKind,
    kindLabel: TOPIC_KIND_LABELS[t.kind as TopicKind].label,
    key: t.key,
    label: t.label,
    cases: t.cases,
    note: t.note,
    pickedBy: t.pickedBy,
    pickedAt: t.pickedAt,
    rule: rule ? { ...rule, linkedBy: t.ruleLinkedBy, linkedAt: t.ruleLinkedAt } : null,
  };
}
export type Topic = NonNullable<Awaited<ReturnType<typeof topicOf>>>;

/**
 * Records the month's topic (每月一题), one of the month's counted classes, and the library rule formed
 * from it when there is one. Picking again replaces the topic; a rule stays linked while the class does.
 */
export async function pickTopic(db: Db, month: string, body: PickTopic, by: string, now: Date): Promise<{ topic: Topic; created: boolean }> {
  const c = await categories(db, month, now);
  const counted = { category: c.byCategory, escalation_reason: c.byEscalationReason, title_term: c.titleTerms }[body.kind];
  const cls = counted.find((x) => x.key === body.key);
  if (!cls) throw new AppError('TOPIC_NOT_IN_MONTH', `No case of ${month} is counted under ${body.kind} "${body.key}"; pick one of GET /v1/reports/categories.`);
  if (body.ruleId && !(await db.select({ id: libraryRules.id }).from(libraryRules).where(eq(libraryRules.id, body.ruleId))).length) {
    throw new AppError('UNKNOWN_RULE', `No rule ${body.ruleId} in the case library.`);
  }
  const [before] = await db.select().from(monthlyTopics).where(eq(monthlyTopics.month, month));
  const at = now.toISOString();
  const sameClass = before && before.kind === body.kind && before.key === body.key;
  const ruleId = body.ruleId ?? (sameClass ? before.ruleId : null);
  const ruleChanged = ruleId !== (before?.ruleId ?? null);
  const row = {
    month,
    kind: body.kind,
    key: body.key,
    label: cls.label,
    cases: cls.cases,
    note: body.note ?? (sameClass ? before.note : null),
    pickedBy: sameClass ? before.pickedBy : by,
    pickedAt: sameClass ? before.pickedAt : at,
    ruleId,
    ruleLinkedBy: ruleId ? (ruleChanged ? by : before!.ruleLinkedBy) : null,
    ruleLinkedAt: ruleId ? (ruleChanged ? at : before!.ruleLinkedAt) : null,
  };
  await db.insert(monthlyTopics).values(row).onConflictDoUpdate({ target: monthlyTopics.month, set: row });
  return { topic: (await topicOf(db, month))!, created: !before };
}

/** Every topic picked, newest month first. */
export async function topics(db: Db) {
  const months = await db.select({ month: monthlyTopics.month }).from(monthlyTopics).orderBy(desc(monthlyTopics.month));
  const out: Topic[] = [];
  for (const m of months) out.push((await topicOf(db, m.month))!);
  return out;
}

// ---- What the bulletin names: the cases shelved and the accountability records ----

/** The month's lapses with their cases (titles masked: a bulletin goes round), and its accountability records. */
export async function monthRecords(db: Db, month: string, now: Date) {
  const b = assertMonthBegun(month, now);
  const lapses = await db
    .select({ caseKey: officerEvents.caseId, officerId: officerEvents.officerId, unitId: officerEvents.unitId, tier: officerEvents.tier, at: officerEvents.at })
    .from(officerEvents)
    .where(and(eq(officerEvents.kind, 'shelved'), inRange(officerEvents.at, b), isNotNull(officerEvents.unitId), notLike(officerEvents.caseId, `${complaintRef('')}%`)))
    .orderBy(asc(officerEvents.at), asc(officerEvents.caseId));
  const caseIds = [...new Set(lapses.map((l) => l.caseKey.split('#')[0]))];
  const caseRows = new Map<string, { title: string; requesterKind: string; requesterName: string; leadUnitId: string }>();
  for (let i = 0; i < caseIds.length; i += 500) {
    for (const r of await db
      .select({ id: cases.id, title: cases.title, requesterKind: cases.requesterKind, requesterName: cases.requesterName, leadUnitId: cases.leadUnitId })
      .from(cases)
      .where(inArray(cases.id, caseIds.slice(i, i + 500)))) {
      caseRows.set(r.id, r);
    }
  }
  const names = new Map((await db.select({ id: principals.id, name: principals.name }).from(principals)).map((p) => [p.id, p.name]));
  const unitNames = new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((u) => [u.id, u.name]));
  const shelved = lapses.map((l) => {
    const caseId = l.caseKey.split('#')[0];
    const c = caseRows.get(caseId);
    return {
      caseId,
      /** Set when the lapse was a unit's part of a coordinated case. */
      part: l.caseKey.includes('#'),
      title: c ? maskPersonal(c.title, c.requesterKind === 'person' ? c.requesterName : null) : null,
      unit: { id: l.unitId!, name: unitNames.get(l.unitId!) ?? l.unitId! },
      officer: { id: l.officerId, name: names.get(l.officerId) ?? l.officerId },
      tier: l.tier,
      at: l.at,
    };
  });
  return { month, from: b.from, to: b.to, shelved, accountability: await recordsBetween(db, b.from, b.to) };
}
