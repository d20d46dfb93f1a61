// The city's statistics as they were computed before they moved to SQL aggregates: every started case,
// every step and every complaint loaded and counted in memory. Kept only as the reference the
// aggregate version must agree with (tests/public-doors.test.ts).
import { gt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accountabilityRecords, caseSteps, cases, complaints, units } from '../../db/schema.js';
import { FINDING_KINDS, LEVELS } from '../../domain/supervision.js';
import { CASE_STATUSES, CLOSED_STATUSES, TIERS } from '../../domain/tiers.js';
import { RATINGS } from '../../domain/messages.js';
import { responseOf, SATISFIED_RATINGS, weekStartOf } from '../../services/stats.js';

const DAY_MS = 86_400_000;
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (num: number, den: number) => ({ numerator: num, denominator: den, rate: den > 0 ? round(num / den) : null });
type StepRow = typeof caseSteps.$inferSelect;

function groupByCase(rows: StepRow[]): Map<string, StepRow[]> {
  const m = new Map<string, StepRow[]>();
  for (const r of rows) m.set(r.caseId, [...(m.get(r.caseId) ?? []), r]);
  for (const list of m.values()) list.sort((a, b) => a.seq - b.seq);
  return m;
}
function isOverdue(c: typeof cases.$inferSelect, now: Date): boolean {
  return !CLOSED_STATUSES.includes(c.status as (typeof CASE_STATUSES)[number]) && !!c.deadlineAt && c.deadlineAt < now.toISOString();
}
function accountabilityTotals(rows: { kind: string; level: string }[]) {
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<(typeof FINDING_KINDS)[number], number>;
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<(typeof LEVELS)[number], number>;
  for (const r of rows) {
    if (r.kind in byKind) byKind[r.kind as keyof typeof byKind]++;
    if (r.level in byLevel) byLevel[r.level as keyof typeof byLevel]++;
  }
  return { total: rows.length, byKind, byLevel };
}

export async function cityStatsInMemory(db: Db, now: Date, weeks = 12) {
  const all = (await db.select().from(cases).where(gt(cases.lastSeq, 0)));
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
  const unitNames = new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((u) => [u.id, u.name]));
  let respondedOnTime = 0;
  let responseKnown = 0;
  for (const list of groupByCase((await db.select().from(caseSteps))).values()) {
    const r = responseOf(list);
    if (r) responseKnown++;
    if (r === 'on_time') respondedOnTime++;
  }
  // Each case's counted judgement (domain/satisfaction.ts), as the read model keeps it.
  const rated = all.filter((c) => c.countedRating && (RATINGS as readonly string[]).includes(c.countedRating));
  const allComplaints = (await db.select().from(complaints));
  const thisWeek = weekStartOf(now.toISOString());
  const perWeek: { weekStart: string; count: number }[] = [];
  for (let i = weeks - 1; i >= 0; i--) perWeek.push({ weekStart: new Date(Date.parse(thisWeek) - i * 7 * DAY_MS).toISOString().slice(0, 10), count: 0 });
  const weekIndex = new Map(perWeek.map((w, i) => [w.weekStart, i]));
  for (const c of allComplaints) {
    const i = weekIndex.get(weekStartOf(c.filedAt));
    if (i !== undefined) perWeek[i].count++;
  }
  const records = (await db.select({ kind: accountabilityRecords.kind, level: accountabilityRecords.level }).from(accountabilityRecords));
  return {
    generatedAt: now.toISOString(),
    totals: { cases: all.length, open: all.filter((c) => !CLOSED_STATUSES.includes(c.status as (typeof CASE_STATUSES)[number])).length },
    byStatus,
    byClosingTier: TIERS.map((tier) => ({ tier, ...closing.get(tier)! })),
    byUnit: [...unitRows].map(([unitId, r]) => ({ unitId, name: unitNames.get(unitId) ?? unitId, ...r })).sort((a, b) => b.total - a.total || a.unitId.localeCompare(b.unitId)),
    overdueNow: all.filter((c) => isOverdue(c, now)).length,
    rates: {
      response: ratio(respondedOnTime, responseKnown),
      resolution: ratio(byStatus.resolved, byStatus.resolved + byStatus.refused),
      satisfaction: ratio(rated.filter((c) => SATISFIED_RATINGS.includes(c.countedRating!)).length, rated.length),
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
