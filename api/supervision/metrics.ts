// The numbers supervision reads: who held which case for how long, escalation rates (the
// over-escalation detector's input), officer portraits (画像), the unit view and the city's
// statistics. All read from the audit copy (case_steps), officer_events, the read model (cases),
// complaints and accountability records; one definition per number, documented in docs/supervision.md.
import { and, eq, gt, gte, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accountabilityRecords, caseSteps, cases, complaints, officerEvents, principals, units } from '../../db/schema.js';
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
} from '../../domain/supervision.js';
import { CASE_STATUSES, CLOSED_STATUSES, TIERS, tierOfRole, type Role } from '../../domain/tiers.js';
import { RATINGS } from '../../domain/messages.js';

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
const ratio = (num: number, den: number) => ({ numerator: num, denominator: den, rate: den > 0 ? round(num / den) : null });

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

/** Each rating, attributed to the officer whose resolve or refusal it rated. */
export function ratingsFromSteps(caseId: string, steps: StepRow[]): { caseId: string; officerId: string | null; rating: string; at: string }[] {
  const out: { caseId: string; officerId: string | null; rating: string; at: string }[] = [];
  let closer: string | null = null;
  for (const s of steps) {
    if (s.action === 'resolved' || s.action === 'refused') closer = s.actor === 'system' ? null : s.actor;
    if (s.action === 'rated') {
      const rating = String((s.data as { rating?: string } | null)?.rating ?? '');
      if (rating) out.push({ caseId, officerId: closer, rating, at: s.at });
    }
  }
  return out;
}

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

function stepsOfCases(db: Db, caseIds: string[]): Map<string, StepRow[]> {
  if (caseIds.length === 0) return new Map();
  const rows: StepRow[] = [];
  // SQLite caps bound parameters; read in slices.
  for (let i = 0; i < caseIds.length; i += 500) {
    rows.push(...db.select().from(caseSteps).where(inArray(caseSteps.caseId, caseIds.slice(i, i + 500))).all());
  }
  return groupByCase(rows);
}

function casesHeldBy(db: Db, officerIds: string[]): string[] {
  if (officerIds.length === 0) return [];
  return db
    .selectDistinct({ id: caseSteps.caseId })
    .from(caseSteps)
    .where(and(inArray(caseSteps.subjectId, officerIds), inArray(caseSteps.action, [...HOLD_ACTIONS])))
    .all()
    .map((r) => r.id);
}

// ---- the over-escalation detector's tallies ----

interface Directory {
  officers: Map<string, { id: string; name: string; role: Role; unitId: string | null; tier: OfficerTier }>;
  unitNames: Map<string, string>;
}

function directory(db: Db): Directory {
  const officers = new Map<string, { id: string; name: string; role: Role; unitId: string | null; tier: OfficerTier }>();
  for (const p of db.select().from(principals).all()) {
    const tier = tierOfRole(p.role as Role);
    if (tier && tier !== 'city') officers.set(p.id, { id: p.id, name: p.name, role: p.role as Role, unitId: p.unitId, tier });
  }
  const unitNames = new Map(db.select({ id: units.id, name: units.name }).from(units).all().map((u) => [u.id, u.name]));
  return { officers, unitNames };
}

/** Escalation rates of every officer and unit over the rolling window ending `now`. */
export function escalationRates(db: Db, policy: SupervisionPolicy, now: Date): { since: string; officers: OfficerAssessment[]; units: UnitAssessment[] } {
  const since = new Date(now.getTime() - policy.windowDays * DAY_MS).toISOString();
  const dir = directory(db);
  const handled = new Map<string, Set<string>>();
  const escalated = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, v: string) => {
    const set = m.get(k) ?? new Set<string>();
    set.add(v);
    m.set(k, set);
  };
  const held = db
    .select({ caseId: caseSteps.caseId, officerId: caseSteps.subjectId })
    .from(caseSteps)
    .where(and(inArray(caseSteps.action, [...HOLD_ACTIONS]), isNotNull(caseSteps.subjectId), gte(caseSteps.at, since)))
    .all();
  for (const h of held) if (h.officerId && dir.officers.has(h.officerId)) add(handled, h.officerId, h.caseId);
  const esc = db
    .select({ caseId: officerEvents.caseId, officerId: officerEvents.officerId })
    .from(officerEvents)
    .where(and(inArray(officerEvents.kind, [...ESCALATION_EVENTS]), gte(officerEvents.at, since)))
    .all();
  for (const e of esc) {
    if (!dir.officers.has(e.officerId)) continue;
    // An escalation is of a case the officer handled, even if they received it before the window.
    add(escalated, e.officerId, e.caseId);
    add(handled, e.officerId, e.caseId);
  }
  const officers: OfficerAssessment[] = [];
  const unitTotals = new Map<string, { handled: number; escalated: number }>();
  for (const [officerId, set] of handled) {
    const o = dir.officers.get(officerId)!;
    const t: OfficerTally = { officerId, name: o.name, unitId: o.unitId, tier: o.tier, handled: set.size, escalated: escalated.get(officerId)?.size ?? 0 };
    officers.push(assessOfficer(t, policy));
    if (o.unitId) {
      const u = unitTotals.get(o.unitId) ?? { handled: 0, escalated: 0 };
      u.handled += t.handled;
      u.escalated += t.escalated;
      unitTotals.set(o.unitId, u);
    }
  }
  officers.sort((a, b) => Number(b.flagged) - Number(a.flagged) || (b.rate ?? 0) - (a.rate ?? 0) || a.officerId.localeCompare(b.officerId));
  const unitsOut = [...unitTotals].map(([unitId, u]) => assessUnit({ unitId, name: dir.unitNames.get(unitId) ?? unitId, ...u }, policy));
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
export function officerPortrait(db: Db, officerId: string, policy: SupervisionPolicy, now: Date, days = policy.windowDays) {
  const p = db.select().from(principals).where(eq(principals.id, officerId)).get();
  if (!p) return null;
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const inWindow = (at: string) => at >= since && at <= now.toISOString();
  const caseIds = casesHeldBy(db, [officerId]);
  const steps = stepsOfCases(db, caseIds);
  const holdings: Holding[] = [];
  const ratings: ReturnType<typeof ratingsFromSteps> = [];
  const resolved = new Set<string>();
  const refused = new Set<string>();
  for (const [caseId, list] of steps) {
    holdings.push(...holdingsFromSteps(caseId, list).filter((h) => h.officerId === officerId && inWindow(h.from)));
    ratings.push(...ratingsFromSteps(caseId, list).filter((r) => r.officerId === officerId && inWindow(r.at)));
    for (const s of list) {
      if (s.actor !== officerId || !inWindow(s.at)) continue;
      if (s.action === 'resolved') resolved.add(caseId);
      if (s.action === 'refused') refused.add(caseId);
    }
  }
  const events = db
    .select()
    .from(officerEvents)
    .where(and(eq(officerEvents.officerId, officerId), gte(officerEvents.at, since)))
    .all()
    .filter((e) => inWindow(e.at));
  const escalatedCases = new Set(events.filter((e) => (ESCALATION_EVENTS as readonly string[]).includes(e.kind)).map((e) => e.caseId));
  const handledCases = new Set([...holdings.map((h) => h.caseId), ...escalatedCases]);
  const shelved = events.filter((e) => e.kind === 'shelved').length;
  const complaintRows = caseIds.length
    ? db.select().from(complaints).where(inArray(complaints.caseId, caseIds)).all().filter((c) => inWindow(c.filedAt))
    : [];
  const upheld = db
    .select()
    .from(complaints)
    .where(and(eq(complaints.upheld, true), isNotNull(complaints.closedAt)))
    .all()
    .filter((c) => inWindow(c.closedAt!) && ((c.findingsData as { officerIds?: string[] } | null)?.officerIds ?? []).includes(officerId));
  const records = db
    .select({ kind: accountabilityRecords.kind, level: accountabilityRecords.level, at: accountabilityRecords.recordedAt })
    .from(accountabilityRecords)
    .where(eq(accountabilityRecords.officerId, officerId))
    .all()
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
  };
  const unit = p.unitId ? db.select().from(units).where(eq(units.id, p.unitId)).get() : undefined;
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
      ] as PortraitEntry[],
    },
  };
}
export type OfficerPortrait = NonNullable<ReturnType<typeof officerPortrait>>;

/** The unit view: its cases, its officers' record, complaints about it, and the floor check. */
export function unitView(db: Db, unitId: string, policy: SupervisionPolicy, now: Date, days = policy.windowDays) {
  const u = db.select().from(units).where(eq(units.id, unitId)).get();
  if (!u) return null;
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const inWindow = (at: string) => at >= since && at <= now.toISOString();
  const officers = db
    .select()
    .from(principals)
    .where(eq(principals.unitId, unitId))
    .all()
    .filter((p) => {
      const t = tierOfRole(p.role as Role);
      return t !== null && t !== 'city';
    });
  const portraits = officers.map((o) => officerPortrait(db, o.id, policy, now, days)!);
  const led = db.select().from(cases).where(eq(cases.leadUnitId, unitId)).all().filter((c) => inWindow(c.createdAt));
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<(typeof CASE_STATUSES)[number], number>;
  for (const c of led) if (c.status in byStatus) byStatus[c.status as keyof typeof byStatus]++;
  const unitComplaints = db.select().from(complaints).where(eq(complaints.unitId, unitId)).all().filter((c) => inWindow(c.filedAt));
  const handled = portraits.reduce((n, p) => n + p.handled, 0);
  const escalated = portraits.reduce((n, p) => n + p.escalated, 0);
  const floorCheck = assessUnit({ unitId, name: u.name, handled, escalated }, policy);
  const records = db
    .select({ kind: accountabilityRecords.kind, level: accountabilityRecords.level, at: accountabilityRecords.recordedAt })
    .from(accountabilityRecords)
    .where(eq(accountabilityRecords.unitId, unitId))
    .all()
    .filter((r) => inWindow(r.at));
  // Holdings and ratings of the unit's officers, pooled (a median of medians would mislead).
  const officerIds = officers.map((o) => o.id);
  const steps = stepsOfCases(db, casesHeldBy(db, officerIds));
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

export function cityStats(db: Db, now: Date, weeks = 12) {
  const all = db.select().from(cases).where(gt(cases.lastSeq, 0)).all(); // started cases only
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<(typeof CASE_STATUSES)[number], number>;
  const closing = new Map<string, { resolved: number; refused: number }>(TIERS.map((t) => [t, { resolved: 0, refused: 0 }]));
  const unitRows = new Map<string, { total: number; open: number; resolved: number; refused: number; withdrawn: number; overdue: number }>();
  for (const c of all) {
    if (c.status in byStatus) byStatus[c.status as keyof typeof byStatus]++;
    if ((c.status === 'resolved' || c.status === 'refused') && c.closedTier) closing.get(c.closedTier)![c.status]++;
    const u = unitRows.get(c.leadUnitId) ?? { total: 0, open: 0, resolved: 0, refused: 0, withdrawn: 0, overdue: 0 };
    u.total++;
    if (c.status === 'resolved' || c.status === 'refused' || c.status === 'withdrawn') u[c.status]++;
    else u.open++;
    if (isOverdue(c, now)) u.overdue++;
    unitRows.set(c.leadUnitId, u);
  }
  const unitNames = new Map(db.select({ id: units.id, name: units.name }).from(units).all().map((u) => [u.id, u.name]));

  let respondedOnTime = 0;
  let responseKnown = 0;
  for (const list of groupByCase(db.select().from(caseSteps).all()).values()) {
    const r = responseOf(list);
    if (r) responseKnown++;
    if (r === 'on_time') respondedOnTime++;
  }
  const rated = all.filter((c) => c.rating && (RATINGS as readonly string[]).includes(c.rating));

  const allComplaints = db.select().from(complaints).all();
  const thisWeek = weekStartOf(now.toISOString());
  const perWeek: { weekStart: string; count: number }[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    perWeek.push({ weekStart: new Date(Date.parse(thisWeek) - i * 7 * DAY_MS).toISOString().slice(0, 10), count: 0 });
  }
  const weekIndex = new Map(perWeek.map((w, i) => [w.weekStart, i]));
  for (const c of allComplaints) {
    const i = weekIndex.get(weekStartOf(c.filedAt));
    if (i !== undefined) perWeek[i].count++;
  }
  const records = db.select({ kind: accountabilityRecords.kind, level: accountabilityRecords.level }).from(accountabilityRecords).all();

  return {
    generatedAt: now.toISOString(),
    totals: { cases: all.length, open: all.filter((c) => !CLOSED_STATUSES.includes(c.status as (typeof CASE_STATUSES)[number])).length },
    byStatus,
    byClosingTier: TIERS.map((tier) => ({ tier, ...closing.get(tier)! })),
    byUnit: [...unitRows]
      .map(([unitId, r]) => ({ unitId, name: unitNames.get(unitId) ?? unitId, ...r }))
      .sort((a, b) => b.total - a.total || a.unitId.localeCompare(b.unitId)),
    overdueNow: all.filter((c) => isOverdue(c, now)).length,
    rates: {
      response: ratio(respondedOnTime, responseKnown),
      resolution: ratio(byStatus.resolved, byStatus.resolved + byStatus.refused),
      satisfaction: ratio(rated.filter((c) => SATISFIED_RATINGS.includes(c.rating!)).length, rated.length),
    },
    complaints: {
      total: allComplaints.length,
      open: allComplaints.filter((c) => c.status === 'open').length,
      contacted: allComplaints.filter((c) => c.status === 'contacted').length,
      closed: allComplaints.filter((c) => c.status === 'closed').length,
      contactLapsed: allComplaints.filter((c) => c.contactLapsedAt).length,
      perWeek,
    },
    accountability: accountabilityTotals(records),
  };
}
export type CityStats = ReturnType<typeof cityStats>;

