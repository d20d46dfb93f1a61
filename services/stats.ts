// The numbers supervision reads: who held which case for how long, escalation rates (the
// over-escalation detector's input), officer portraits (画像), the unit view and the city's
// statistics. All read from the audit copy (case_steps), officer_events, the read model (cases),
// complaints and accountability records; one definition per number, documented in docs/supervision.md.
import { and, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accountabilityRecords, caseSteps, cases, complaints, officerEvents, principals, supervisionItems, units } from '../db/schema.js';
import {
  assessOfficer,
  assessUnit,
  FINDING_KINDS,
  LEVELS,
  median,
  type OfficerAssessment,
  type OfficerTally,
  type OfficerTier,
  type SupervisionPolicy,
  type UnitAssessment,
} from '../domain/supervision.js';
import { CASE_STATUSES, CLOSED_STATUSES, TIERS, tierOfRole, type Role } from '../domain/tiers.js';
import { RATINGS } from '../domain/messages.js';
import { countedJudgements } from '../domain/satisfaction.js';
import { ratio } from '../domain/reports.js';
import { first } from '../db/store.js';

/** Steps that hand a case to a new holder (subjectId = the holder). */
export const HOLD_ACTIONS = ['assigned', 'escalated', 'referred_to_city', 'reopened'] as const;
/** Steps that end the holding without a new holder. */
export const END_ACTIONS = ['resolved', 'refused', 'withdrawn', 'directed'] as const;
/** Officer events that count as the officer's own escalation (a principal head's is the referral to the city). */
export const ESCALATION_EVENTS = ['escalated', 'referred'] as const;
export const SATISFIED_RATINGS: readonly string[] = ['very_satisfied', 'satisfied', 'basically_satisfied'];

type StepRow = typeof caseSteps.$inferSelect;

export interface Holding {
  caseId: string;
  officerId: string;
  tier: string;
  from: string;
  until: string | null;
  /** The step that handed the case over: assigned, escalated, referred_to_city, reopened. */
  via: string;
  seq: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const isHold = (a: string) => (HOLD_ACTIONS as readonly string[]).includes(a);
const isEnd = (a: string) => (END_ACTIONS as readonly string[]).includes(a);
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

function groupByCase(rows: StepRow[]): Map<string, StepRow[]> {
  const m = new Map<string, StepRow[]>();
  for (const r of rows) {
    const list = m.get(r.caseId) ?? [];
    list.push(r);
    m.set(r.caseId, list);
  }
  for (const list of m.values()) list.sort((a, b) => a.seq - b.seq);
  return m;
}

/** Each holding of a case: from the step that gave it to someone to the next hand-over or close. */
export function holdingsFromSteps(caseId: string, steps: StepRow[]): Holding[] {
  const out: Holding[] = [];
  let open: Holding | null = null;
  for (const s of steps) {
    if (isHold(s.action) || isEnd(s.action)) {
      if (open) {
        open.until = s.at;
        open = null;
      }
    }
    if (isHold(s.action) && s.subjectId) {
      open = { caseId, officerId: s.subjectId, tier: s.tier, from: s.at, until: null, via: s.action, seq: s.seq };
      out.push(open);
    }
  }
  return out;
}

/**
 * Each answer's counted judgement (domain/satisfaction.ts: its rating, or the return visit that
 * replaced it; a rating struck by an upheld appeal counts nowhere), attributed to the officer whose
 * resolve or refusal it judged.
 */
export function ratingsFromSteps(caseId: string, steps: StepRow[]): { caseId: string; officerId: string | null; rating: string; at: string }[] {
  return countedJudgements(steps.map((s) => ({ ...s, data: s.data as Record<string, unknown> | null }))).map((j) => ({ caseId, officerId: j.officerId, rating: j.rating, at: j.at }));
}

/**
 * An officer's part in the supervision of live cases: the extensions they asked for and were granted
 * (延期), and the rectifications (差评整改) that a bad rating of their answer opened.
 */
export function supervisionOfSteps(steps: StepRow[], officerId: string, inWindow: (at: string) => boolean) {
  let asked = 0;
  let granted = 0;
  let rectifications = 0;
  let answerer: string | null = null;
  const answererOfRating = new Map<number, string | null>();
  for (const s of steps) {
    if (s.action === 'resolved' || s.action === 'refused') answerer = s.actor;
    if (s.action === 'rated') answererOfRating.set(s.seq, answerer);
    if (!inWindow(s.at)) continue;
    if (s.action === 'extension_requested' && s.actor === officerId) asked++;
    if (s.action === 'extension_granted' && s.subjectId === officerId) granted++;
    if (s.action === 'rectification_opened' && answererOfRating.get(Number((s.data as { ratingSeq?: number } | null)?.ratingSeq)) === officerId) rectifications++;
  }
  return { asked, granted, rectifications };
}

/**
 * responseOf in SQL, over case_steps (its columns unqualified, so it reads inside any subquery on the
 * table): a step that decides the response. The first one of a case decides; a lapse means late.
 */
export const RESPONSE_DECIDING_STEP = sql`(action = 'deadline_lapsed' or (action <> 'received' and actor not in ('system', 'requester')))`;

/** How many rows meet `cond`, 0 over none: `sum(<boolean>)` is SQLite-only (PostgreSQL cannot sum booleans). */
export const countWhere = (cond: SQL) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;

/**
 * Whether the first-contact tier answered in time (the 12345 response rate): the case's first
 * officer action came before any lapsed window. null when neither happened yet (or the requester
 * withdrew first).
 */
export function responseOf(steps: StepRow[]): 'on_time' | 'late' | null {
  for (const s of steps) {
    if (s.action === 'deadline_lapsed') return 'late';
    if (s.action === 'received' || s.actor === 'system' || s.actor === 'requester') continue;
    return 'on_time';
  }
  return null;
}

async function stepsOfCases(db: Db, caseIds: string[]): Promise<Map<string, StepRow[]>> {
  if (caseIds.length === 0) return new Map();
  const rows: StepRow[] = [];
  // SQLite caps bound parameters; read in slices.
  for (let i = 0; i < caseIds.length; i += 500) {
    rows.push(...(await db.select().from(caseSteps).where(inArray(caseSteps.caseId, caseIds.slice(i, i + 500)))));
  }
  return groupByCase(rows);
}

async function casesHeldBy(db: Db, officerIds: string[]): Promise<string[]> {
  if (officerIds.length === 0) return [];
  return (await db
    .selectDistinct({ id: caseSteps.caseId })
    .from(caseSteps)
    .where(and(inArray(caseSteps.subjectId, officerIds), inArray(caseSteps.action, [...HOLD_ACTIONS]))))
    .map((r) => r.id);
}

// ---- the over-escalation detector's tallies ----

interface Directory {
  officers: Map<string, { id: string; name: string; role: Role; unitId: string | null; tier: OfficerTier }>;
}

const unitNamesOf = async (db: Db) => new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((u) => [u.id, u.name]));

async function directory(db: Db): Promise<Directory> {
  const officers = new Map<string, { id: string; name: string; role: Role; unitId: string | null; tier: OfficerTier }>();
  for (const p of (await db.select().from(principals))) {
    const tier = tierOfRole(p.role as Role);
    if (tier && tier !== 'city') officers.set(p.id, { id: p.id, name: p.name, role: p.role as Role, unitId: p.unitId, tier });
  }
  return { officers };
}

/**
 * The over-escalation detector's tallies over [from, to) (`to` open-ended when absent): for each
 * officer of a unit, the distinct cases they held (handed to them in the window) or escalated in it,
 * and of those the ones they escalated; summed per unit (a case held by three officers counts three
 * times: each held it). Officers belong to the unit the directory names now.
 */
export async function escalationTallies(db: Db, from: string, to?: string): Promise<{ officers: OfficerTally[]; units: Map<string, { handled: number; escalated: number }> }> {
  const dir = (await directory(db));
  const handled = new Map<string, Set<string>>();
  const escalated = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, v: string) => {
    const set = m.get(k) ?? new Set<string>();
    set.add(v);
    m.set(k, set);
  };
  const held = (await db
    .select({ caseId: caseSteps.caseId, officerId: caseSteps.subjectId })
    .from(caseSteps)
    .where(and(inArray(caseSteps.action, [...HOLD_ACTIONS]), isNotNull(caseSteps.subjectId), gte(caseSteps.at, from), to ? lt(caseSteps.at, to) : undefined)));
  for (const h of held) if (h.officerId && dir.officers.has(h.officerId)) add(handled, h.officerId, h.caseId);
  const esc = (await db
    .select({ caseId: officerEvents.caseId, officerId: officerEvents.officerId })
    .from(officerEvents)
    .where(and(inArray(officerEvents.kind, [...ESCALATION_EVENTS]), gte(officerEvents.at, from), to ? lt(officerEvents.at, to) : undefined)));
  for (const e of esc) {
    if (!dir.officers.has(e.officerId)) continue;
    // An escalation is of a case the officer handled, even if they received it before the window.
    add(escalated, e.officerId, e.caseId);
    add(handled, e.officerId, e.caseId);
  }
  const officers: OfficerTally[] = [];
  const unitTotals = new Map<string, { handled: number; escalated: number }>();
  for (const [officerId, set] of handled) {
    const o = dir.officers.get(officerId)!;
    const t: OfficerTally = { officerId, name: o.name, unitId: o.unitId, tier: o.tier, handled: set.size, escalated: escalated.get(officerId)?.size ?? 0 };
    officers.push(t);
    if (o.unitId) {
      const u = unitTotals.get(o.unitId) ?? { handled: 0, escalated: 0 };
      u.handled += t.handled;
      u.escalated += t.escalated;
      unitTotals.set(o.unitId, u);
    }
  }
  return { officers, units: unitTotals };
}

/** Escalation rates of every officer and unit over the rolling window ending `now`. */
export async function escalationRates(db: Db, policy: SupervisionPolicy, now: Date): Promise<{ since: string; officers: OfficerAssessment[]; units: UnitAssessment[] }> {
  const since = new Date(now.getTime() - policy.windowDays * DAY_MS).toISOString();
  const unitNames = (await unitNamesOf(db));
  const tallies = (await escalationTallies(db, since));
  const officers = tallies.officers.map((t) => assessOfficer(t, policy));
  officers.sort((a, b) => Number(b.flagged) - Number(a.flagged) || (b.rate ?? 0) - (a.rate ?? 0) || a.officerId.localeCompare(b.officerId));
  const unitsOut = [...tallies.units].map(([unitId, u]) => assessUnit({ unitId, name: unitNames.get(unitId) ?? unitId, ...u }, policy));
  unitsOut.sort((a, b) => Number(b.belowFloor) - Number(a.belowFloor) || (a.rate ?? 0) - (b.rate ?? 0) || a.unitId.localeCompare(b.unitId));
  return { since, officers, units: unitsOut };
}

// ---- portraits (画像) ----

function accountabilityTotals(rows: { kind: string; level: string }[]) {
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<(typeof FINDING_KINDS)[number], number>;
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<(typeof LEVELS)[number], number>;
  for (const r of rows) {
    if (r.kind in byKind) byKind[r.kind as keyof typeof byKind]++;
    if (r.level in byLevel) byLevel[r.level as keyof typeof byLevel]++;
  }
  return { total: rows.length, byKind, byLevel };
}

function satisfactionOf(ratings: { rating: string }[]) {
  const satisfied = ratings.filter((r) => SATISFIED_RATINGS.includes(r.rating)).length;
  return { rated: ratings.length, satisfied, unsatisfied: ratings.length - satisfied, rate: ratings.length ? round(satisfied / ratings.length) : null };
}

function medianHours(holdings: Holding[]): number | null {
  const done = holdings.filter((h) => h.until).map((h) => Date.parse(h.until!) - Date.parse(h.from));
  const m = median(done);
  return m === null ? null : round(m / HOUR_MS, 6);
}

export interface PortraitEntry {
  key: string;
  label: string;
  labelEn: string;
  value: number | null;
}

/** One officer's record over the window: handled, resolved, escalated, shelved, complaints, accountability... */
export async function officerPortrait(db: Db, officerId: string, policy: SupervisionPolicy, now: Date, days = policy.windowDays) {
  const p = (await first(db.select().from(principals).where(eq(principals.id, officerId))));
  if (!p) return null;
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const inWindow = (at: string) => at >= since && at <= now.toISOString();
  const caseIds = (await casesHeldBy(db, [officerId]));
  const steps = (await stepsOfCases(db, caseIds));
  const holdings: Holding[] = [];
  const ratings: ReturnType<typeof ratingsFromSteps> = [];
  const resolved = new Set<string>();
  const refused = new Set<string>();
  const extensions = { asked: 0, granted: 0 };
  let rectifications = 0;
  for (const [caseId, list] of steps) {
    holdings.push(...holdingsFromSteps(caseId, list).filter((h) => h.officerId === officerId && inWindow(h.from)));
    ratings.push(...ratingsFromSteps(caseId, list).filter((r) => r.officerId === officerId && inWindow(r.at)));
    const sup = supervisionOfSteps(list, officerId, inWindow);
    extensions.asked += sup.asked;
    extensions.granted += sup.granted;
    rectifications += sup.rectifications;
    for (const s of list) {
      if (s.actor !== officerId || !inWindow(s.at)) continue;
      if (s.action === 'resolved') resolved.add(caseId);
      if (s.action === 'refused') refused.add(caseId);
    }
  }
  const events = (await db
    .select()
    .from(officerEvents)
    .where(and(eq(officerEvents.officerId, officerId), gte(officerEvents.at, since))))
    .filter((e) => inWindow(e.at));
  const escalatedCases = new Set(events.filter((e) => (ESCALATION_EVENTS as readonly string[]).includes(e.kind)).map((e) => e.caseId));
  const handledCases = new Set([...holdings.map((h) => h.caseId), ...escalatedCases]);
  const shelved = events.filter((e) => e.kind === 'shelved').length;
  const complaintRows = caseIds.length
    ? (await db.select().from(complaints).where(inArray(complaints.caseId, caseIds))).filter((c) => inWindow(c.filedAt))
    : [];
  const upheld = (await db
    .select()
    .from(complaints)
    .where(and(eq(complaints.upheld, true), isNotNull(complaints.closedAt))))
    .filter((c) => inWindow(c.closedAt!) && ((c.findingsData as { officerIds?: string[] } | null)?.officerIds ?? []).includes(officerId));
  const records = (await db
    .select({ kind: accountabilityRecords.kind, level: accountabilityRecords.level, at: accountabilityRecords.recordedAt })
    .from(accountabilityRecords)
    .where(eq(accountabilityRecords.officerId, officerId)))
    .filter((r) => inWindow(r.at));
  const tier = tierOfRole(p.role as Role);
  const assessment =
    tier && tier !== 'city'
      ? assessOfficer({ officerId, name: p.name, unitId: p.unitId, tier, handled: handledCases.size, escalated: escalatedCases.size }, policy)
      : null;
  const satisfaction = satisfactionOf(ratings);
  const accountability = accountabilityTotals(records);
  const metrics = {
    handled: handledCases.size,
    resolvedAtOwnTier: resolved.size,
    refused: refused.size,
    escalated: escalatedCases.size,
    escalationRate: handledCases.size ? round(escalatedCases.size / handledCases.size) : null,
    shelved,
    complaints: { received: complaintRows.length, upheld: upheld.length },
    accountability,
    medianHoursHeld: medianHours(holdings),
    satisfaction,
    extensions,
    rectifications,
  };
  const unit = p.unitId ? (await first(db.select().from(units).where(eq(units.id, p.unitId)))) : undefined;
  return {
    officer: { id: p.id, name: p.name, role: p.role, tier: tier ?? null, unitId: p.unitId, unitName: unit?.name ?? null },
    window: { days, from: since, to: now.toISOString() },
    ...metrics,
    overEscalation: assessment
      ? { evaluated: assessment.evaluated, flagged: assessment.flagged, ceiling: assessment.ceiling, minCases: policy.minCases }
      : null,
    record: {
      positive: [
        { key: 'handled', label: '经办', labelEn: 'cases handled', value: metrics.handled },
        { key: 'resolvedAtOwnTier', label: '本级办结', labelEn: 'resolved at own tier', value: metrics.resolvedAtOwnTier },
        { key: 'satisfied', label: '满意评价', labelEn: 'satisfied ratings', value: satisfaction.satisfied },
      ] as PortraitEntry[],
      negative: [
        { key: 'shelved', label: '搁置', labelEn: 'windows lapsed (shelved)', value: shelved },
        { key: 'unsatisfied', label: '不满意评价', labelEn: 'unsatisfied ratings', value: satisfaction.unsatisfied },
        { key: 'complaintsUpheld', label: '投诉属实', labelEn: 'complaints upheld', value: metrics.complaints.upheld },
        { key: 'accountability', label: '通报问责', labelEn: 'accountability records', value: accountability.total },
        { key: 'overEscalation', label: '事事提级', labelEn: 'over-escalation flagged', value: assessment?.flagged ? 1 : 0 },
        { key: 'extensions', label: '延期', labelEn: 'extensions granted', value: extensions.granted },
        { key: 'rectifications', label: '差评整改', labelEn: 'rectifications of a bad rating of their answer', value: rectifications },
      ] as PortraitEntry[],
    },
  };
}
export type OfficerPortrait = NonNullable<ReturnType<typeof officerPortrait>>;

/** The unit view: its cases, its officers' record, complaints about it, and the floor check. */
export async function unitView(db: Db, unitId: string, policy: SupervisionPolicy, now: Date, days = policy.windowDays) {
  const u = (await first(db.select().from(units).where(eq(units.id, unitId))));
  if (!u) return null;
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const inWindow = (at: string) => at >= since && at <= now.toISOString();
  const officers = (await db
    .select()
    .from(principals)
    .where(eq(principals.unitId, unitId)))
    .filter((p) => {
      const t = tierOfRole(p.role as Role);
      return t !== null && t !== 'city';
    });
  const portraits: NonNullable<Awaited<ReturnType<typeof officerPortrait>>>[] = [];
  for (const o of officers) portraits.push((await officerPortrait(db, o.id, policy, now, days))!);
  const led = (await db.select().from(cases).where(eq(cases.leadUnitId, unitId))).filter((c) => inWindow(c.createdAt));
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<(typeof CASE_STATUSES)[number], number>;
  for (const c of led) if (c.status in byStatus) byStatus[c.status as keyof typeof byStatus]++;
  const unitComplaints = (await db.select().from(complaints).where(eq(complaints.unitId, unitId))).filter((c) => inWindow(c.filedAt));
  const handled = portraits.reduce((n, p) => n + p.handled, 0);
  const escalated = portraits.reduce((n, p) => n + p.escalated, 0);
  const floorCheck = assessUnit({ unitId, name: u.name, handled, escalated }, policy);
  const records = (await db
    .select({ kind: accountabilityRecords.kind, level: accountabilityRecords.level, at: accountabilityRecords.recordedAt })
    .from(accountabilityRecords)
    .where(eq(accountabilityRecords.unitId, unitId)))
    .filter((r) => inWindow(r.at));
  // Holdings and ratings of the unit's officers, pooled (a median of medians would mislead).
  const officerIds = officers.map((o) => o.id);
  const steps = (await stepsOfCases(db, (await casesHeldBy(db, officerIds))));
  const holdings: Holding[] = [];
  const ratings: { rating: string }[] = [];
  for (const [caseId, list] of steps) {
    holdings.push(...holdingsFromSteps(caseId, list).filter((h) => officerIds.includes(h.officerId) && inWindow(h.from)));
    ratings.push(...ratingsFromSteps(caseId, list).filter((r) => r.officerId !== null && officerIds.includes(r.officerId) && inWindow(r.at)));
  }
  return {
    unit: { id: u.id, name: u.name, nameEn: u.nameEn, kind: u.kind },
    window: { days, from: since, to: now.toISOString() },
    cases: {
      led: led.length,
      byStatus,
      overdueNow: led.filter((c) => isOverdue(c, now)).length,
    },
    handled,
    resolvedAtOwnTier: portraits.reduce((n, p) => n + p.resolvedAtOwnTier, 0),
    escalated,
    escalationRate: handled ? round(escalated / handled) : null,
    floor: { floor: floorCheck.floor, evaluated: floorCheck.evaluated, belowFloor: floorCheck.belowFloor, minCases: policy.unitMinCases },
    shelved: portraits.reduce((n, p) => n + p.shelved, 0),
    complaints: {
      filed: unitComplaints.length,
      contactLapsed: unitComplaints.filter((c) => c.contactLapsedAt).length,
      upheld: unitComplaints.filter((c) => c.upheld === true).length,
    },
    accountability: accountabilityTotals(records),
    medianHoursHeld: medianHours(holdings),
    satisfaction: satisfactionOf(ratings),
    extensions: { asked: portraits.reduce((n, p) => n + p.extensions.asked, 0), granted: portraits.reduce((n, p) => n + p.extensions.granted, 0) },
    rectifications: (await unitRectifications(db, unitId, inWindow)),
    officers: portraits.map((p) => ({
      id: p.officer.id,
      name: p.officer.name,
      role: p.officer.role,
      handled: p.handled,
      resolvedAtOwnTier: p.resolvedAtOwnTier,
      escalationRate: p.escalationRate,
      shelved: p.shelved,
      accountability: p.accountability.total,
      overEscalationFlagged: p.overEscalation?.flagged ?? false,
    })),
  };
}

/** The unit's rectifications of bad ratings (差评整改) opened in the window: how many, how many reported late or not yet by their due time, how many closed. */
async function unitRectifications(db: Db, unitId: string, inWindow: (at: string) => boolean) {
  const rows = (await db
    .select()
    .from(supervisionItems)
    .where(and(eq(supervisionItems.kind, 'rectification'), eq(supervisionItems.unitId, unitId))))
    .filter((r) => inWindow(r.openedAt));
  return { opened: rows.length, lapsed: rows.filter((r) => r.lapsedAt).length, closed: rows.filter((r) => r.status === 'closed').length };
}

function isOverdue(c: typeof cases.$inferSelect, now: Date): boolean {
  return !CLOSED_STATUSES.includes(c.status as (typeof CASE_STATUSES)[number]) && !!c.deadlineAt && c.deadlineAt < now.toISOString();
}

// ---- the city's statistics ----

/** Monday (Beijing time) of the week an instant falls in, as 'YYYY-MM-DD'. */
export function weekStartOf(iso: string): string {
  const day = Math.floor((Date.parse(iso) + 8 * HOUR_MS) / DAY_MS);
  // Day 0 (1970-01-01) was a Thursday: (day + 3) % 7 counts days since Monday.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The city's statistics, each number a SQL aggregate (GROUP BY and counts over indexed columns): no
 * table is loaded into memory, so the cost grows with the number of units and weeks shown, not with
 * the number of cases, steps or complaints.
 */
export async function cityStats(db: Db, now: Date, weeks = 12) {
  const nowIso = now.toISOString();
  const closed = sql.join(CLOSED_STATUSES.map((s) => sql`${s}`), sql`, `);
  const overdue = sql`(status not in (${closed}) and deadline_at is not null and deadline_at < ${nowIso})`;
  const isOpen = sql`(status not in (${closed}))`;

  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<(typeof CASE_STATUSES)[number], number>;
  let total = 0;
  let open = 0;
  for (const r of (await db.all<{ status: string; n: number; open: number }>(
    sql`select status, count(*) as n, ${countWhere(isOpen)} as open from cases where last_seq > 0 group by status`,
  ))) {
    total += r.n;
    open += Number(r.open);
    if (r.status in byStatus) byStatus[r.status as keyof typeof byStatus] = r.n;
  }

  const closing = new Map<string, { resolved: number; refused: number }>(TIERS.map((t) => [t, { resolved: 0, refused: 0 }]));
  for (const r of (await db.all<{ tier: string; status: 'resolved' | 'refused'; n: number }>(
    sql`select closed_tier as tier, status, count(*) as n from cases
        where last_seq > 0 and status in ('resolved', 'refused') and closed_tier is not null group by closed_tier, status`,
  ))) {
    const c = closing.get(r.tier);
    if (c) c[r.status] = r.n;
  }

  const unitNames = (await unitNamesOf(db));
  const byUnit = (await db
    .all<{ unitId: string; total: number; open: number; resolved: number; refused: number; withdrawn: number; overdue: number }>(
      sql`select lead_unit_id as "unitId", count(*) as total,
            ${countWhere(sql`status not in ('resolved', 'refused', 'withdrawn')`)} as open,
            ${countWhere(sql`status = 'resolved'`)} as resolved, ${countWhere(sql`status = 'refused'`)} as refused,
            ${countWhere(sql`status = 'withdrawn'`)} as withdrawn, ${countWhere(overdue)} as overdue
          from cases where last_seq > 0 group by lead_unit_id`,
    ))
    .map((r) => ({
      unitId: r.unitId,
      name: unitNames.get(r.unitId) ?? r.unitId,
      total: r.total,
      open: Number(r.open),
      resolved: Number(r.resolved),
      refused: Number(r.refused),
      withdrawn: Number(r.withdrawn),
      overdue: Number(r.overdue),
    }))
    .sort((a, b) => b.total - a.total || a.unitId.localeCompare(b.unitId));
  const overdueNow = (await db.get<{ n: number }>(sql`select count(*) as n from cases where last_seq > 0 and ${overdue}`))?.n ?? 0;

  // responseOf in SQL: per case, the first step that is either a lapse or an officer's own action
  // decides (late or on time).
  const response = (await db.get<{ known: number; onTime: number }>(
    sql`select count(*) as known, ${countWhere(sql`s.action <> 'deadline_lapsed'`)} as "onTime"
        from case_steps s
        join (select case_id, min(seq) as seq from case_steps where ${RESPONSE_DECIDING_STEP}
              group by case_id) f on f.case_id = s.case_id and f.seq = s.seq`,
  )) ?? { known: 0, onTime: 0 };

  const ratings = sql.join(RATINGS.map((r) => sql`${r}`), sql`, `);
  const satisfiedList = sql.join(SATISFIED_RATINGS.map((r) => sql`${r}`), sql`, `);
  const rated = (await db.get<{ rated: number; satisfied: number }>(
    sql`select count(*) as rated, ${countWhere(sql`counted_rating in (${satisfiedList})`)} as satisfied from cases where last_seq > 0 and counted_rating in (${ratings})`,
  )) ?? { rated: 0, satisfied: 0 };

  const thisWeek = weekStartOf(nowIso);
  const perWeek: { weekStart: string; count: number }[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    perWeek.push({ weekStart: new Date(Date.parse(thisWeek) - i * 7 * DAY_MS).toISOString().slice(0, 10), count: 0 });
  }
  // A week starts on Monday 00:00 Beijing time, i.e. Sunday 16:00 UTC.
  const bound = (weekStart: string) => new Date(Date.parse(weekStart) - 8 * HOUR_MS).toISOString();
  const firstBound = bound(perWeek[0].weekStart);
  const lastBound = new Date(Date.parse(bound(thisWeek)) + 7 * DAY_MS).toISOString();
  // The week by comparing the ISO text with each week's end (both dialects compare text alike; date
  // arithmetic in SQL differs between them).
  const weekOf = sql`(case ${sql.join(
    perWeek.map((_, i) => sql`when filed_at < ${new Date(Date.parse(firstBound) + (i + 1) * 7 * DAY_MS).toISOString()} then ${sql.raw(String(i))}`),
    sql` `,
  )} end)`;
  for (const r of (await db.all<{ w: number; n: number }>(
    sql`select ${weekOf} as w, count(*) as n from complaints where filed_at >= ${firstBound} and filed_at < ${lastBound} group by w`,
  ))) {
    if (r.w >= 0 && r.w < perWeek.length) perWeek[r.w].count = r.n;
  }
  const cs = (await db.get<{ total: number; open: number; contacted: number; closed: number; contactLapsed: number }>(
    sql`select count(*) as total, ${countWhere(sql`status = 'open'`)} as open, ${countWhere(sql`status = 'contacted'`)} as contacted,
          ${countWhere(sql`status = 'closed'`)} as closed, ${countWhere(sql`contact_lapsed_at is not null`)} as "contactLapsed" from complaints`,
  ))!;

  return {
    generatedAt: nowIso,
    totals: { cases: total, open },
    byStatus,
    byClosingTier: TIERS.map((tier) => ({ tier, ...closing.get(tier)! })),
    byUnit,
    overdueNow,
    rates: {
      response: ratio(Number(response.onTime), response.known),
      resolution: ratio(byStatus.resolved, byStatus.resolved + byStatus.refused),
      satisfaction: ratio(Number(rated.satisfied), rated.rated),
    },
    complaints: { total: cs.total, open: cs.open, contacted: cs.contacted, closed: cs.closed, contactLapsed: cs.contactLapsed, perWeek },
    accountability: (await accountabilityTotalsFromDb(db)),
  };
}

/** accountabilityTotals over every record, grouped in SQL. */
async function accountabilityTotalsFromDb(db: Db) {
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<(typeof FINDING_KINDS)[number], number>;
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<(typeof LEVELS)[number], number>;
  let total = 0;
  for (const r of (await db.all<{ kind: string; level: string; n: number }>(sql`select kind, level, count(*) as n from accountability_records group by kind, level`))) {
    total += r.n;
    if (r.kind in byKind) byKind[r.kind as keyof typeof byKind] += r.n;
    if (r.level in byLevel) byLevel[r.level as keyof typeof byLevel] += r.n;
  }
  return { total, byKind, byLevel };
}
export type CityStats = ReturnType<typeof cityStats>;

