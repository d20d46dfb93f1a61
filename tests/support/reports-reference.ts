// The month's figures recomputed the long way, as docs/reports.md words them: every step of the
// audit copy, every officer event, complaint, review and record loaded and walked case by case in
// memory. The endpoints count with grouped SQL over the read model and indexes; this reads the audit
// copy (a case's close and rating from its own steps, not from its row), so the two agree only if
// both follow the written rules. Shared with the service: the rules themselves (responseOf, the
// satisfied ratings, the step vocabulary), never a query.
import { caseJudgement } from '../../domain/satisfaction.js';
import type { Db } from '../../db/client.js';
import { accountabilityRecords, caseSteps, cases, complaints, directoryAudit, officerEvents, principals, reviewFindings, reviews, units } from '../../db/schema.js';
import { responseOf, SATISFIED_RATINGS } from '../../services/stats.js';

type StepRow = typeof caseSteps.$inferSelect;

export interface RefRatio {
  numerator: number;
  denominator: number;
}
export interface RefFigures {
  rates: { response: RefRatio; onTime: RefRatio; resolution: RefRatio; satisfaction: RefRatio; escalation: RefRatio };
  counts: {
    received: number;
    resolved: number;
    refused: number;
    withdrawn: number;
    lapses: number;
    shelved: number;
    complaintsFiled: number;
    complaintsUpheld: number;
    findings: number;
    accountability: number;
  };
}

/** [from, to) of a month in Beijing time, worked out here on its own: UTC midnight of the 1st, less 8 hours. */
export function referenceBounds(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number);
  return { from: Date.UTC(y, m - 1, 1) - 8 * 3_600_000, to: Date.UTC(y, m, 1) - 8 * 3_600_000 };
}

const empty = (): RefFigures => ({
  rates: { response: z(), onTime: z(), resolution: z(), satisfaction: z(), escalation: z() },
  counts: { received: 0, resolved: 0, refused: 0, withdrawn: 0, lapses: 0, shelved: 0, complaintsFiled: 0, complaintsUpheld: 0, findings: 0, accountability: 0 },
});
function z(): RefRatio {
  return { numerator: 0, denominator: 0 };
}

/** Every unit's figures and the city's (counted over everything, not summed from the units), from the audit copy. */
export async function referenceMonth(db: Db, month: string): Promise<{ units: Map<string, RefFigures>; city: RefFigures; listed: string[] }> {
  const { from, to } = referenceBounds(month);
  const inMonth = (iso: string | null | undefined) => !!iso && Date.parse(iso) >= from && Date.parse(iso) < to;
  const byUnit = new Map<string, RefFigures>();
  const city = empty();
  const of = (unitId: string) => byUnit.get(unitId) ?? (byUnit.set(unitId, empty()), byUnit.get(unitId)!);
  /** Adds to a unit's figure and to the city's alike. */
  const both = (unitId: string | null, f: (x: RefFigures) => void) => {
    if (!unitId) return;
    f(of(unitId));
    f(city);
  };

  const steps = new Map<string, StepRow[]>();
  for (const s of (await db.select().from(caseSteps))) steps.set(s.caseId, [...(steps.get(s.caseId) ?? []), s]);
  for (const list of steps.values()) list.sort((a, b) => a.seq - b.seq);

  for (const c of (await db.select().from(cases))) {
    const list = steps.get(c.id) ?? [];
    if (list.length === 0) continue; // a row whose workflow never started is no case yet
    if (inMonth(c.createdAt)) {
      both(c.leadUnitId, (x) => x.counts.received++);
      const r = responseOf(list);
      if (r) both(c.leadUnitId, (x) => {
        x.rates.response.denominator++;
        if (r === 'on_time') x.rates.response.numerator++;
      });
    }
    // The case's last close, unless a reopening came after it.
    let close: StepRow | null = null;
    for (const s of list) {
      if (s.action === 'resolved' || s.action === 'refused' || s.action === 'withdrawn') close = s;
      if (s.action === 'reopened') close = null;
    }
    if (close && inMonth(close.at)) {
      const kind = close.action as 'resolved' | 'refused' | 'withdrawn';
      both(c.leadUnitId, (x) => x.counts[kind]++);
      if (kind !== 'withdrawn') {
        const lapsed = list.some((s) => s.action === 'deadline_lapsed' && s.seq < close!.seq);
        both(c.leadUnitId, (x) => {
          x.rates.resolution.denominator++;
          x.rates.onTime.denominator++;
          if (kind === 'resolved') x.rates.resolution.numerator++;
          if (!lapsed) x.rates.onTime.numerator++;
        });
      }
    }
    // The case's counted judgement (domain/satisfaction.ts), in the month it was given.
    const judged = caseJudgement(list.map((s) => ({ ...s, data: s.data as Record<string, unknown> | null })));
    if (judged && inMonth(judged.at)) {
      const satisfied = SATISFIED_RATINGS.includes(judged.rating);
      both(c.leadUnitId, (x) => {
        x.rates.satisfaction.denominator++;
        if (satisfied) x.rates.satisfaction.numerator++;
      });
    }
  }

  // Escalation: per officer of a unit's four tiers, the cases handed to them in the month or escalated
  // by them in it; of those, the escalated ones. Summed over the unit's officers.
  const officers = new Map(
    (await db
      .select()
      .from(principals))
      .filter((p) => ['first_contact', 'section_chief', 'deputy_head', 'principal_head'].includes(p.role))
      .map((p) => [p.id, p.unitId]),
  );
  const held = new Map<string, Set<string>>();
  const escalated = new Map<string, Set<string>>();
  const put = (m: Map<string, Set<string>>, k: string, v: string) => m.set(k, (m.get(k) ?? new Set()).add(v));
  for (const list of steps.values()) {
    for (const s of list) {
      if (['assigned', 'escalated', 'referred_to_city', 'reopened'].includes(s.action) && s.subjectId && officers.has(s.subjectId) && inMonth(s.at)) put(held, s.subjectId, s.caseId);
    }
  }
  const events = (await db.select().from(officerEvents));
  for (const e of events) {
    if ((e.kind === 'escalated' || e.kind === 'referred') && officers.has(e.officerId) && inMonth(e.at)) {
      put(held, e.officerId, e.caseId);
      put(escalated, e.officerId, e.caseId);
    }
  }
  for (const [officerId, set] of held) {
    both(officers.get(officerId) ?? null, (x) => {
      x.rates.escalation.denominator += set.size;
      x.rates.escalation.numerator += escalated.get(officerId)?.size ?? 0;
    });
  }

  // Lapses of cases and of units' parts (not of complaints), and the distinct cases they hit.
  const shelvedCases = new Map<string, Set<string>>();
  const cityShelved = new Set<string>();
  for (const e of events) {
    if (e.kind !== 'shelved' || !e.unitId || e.caseId.startsWith('complaint:') || !inMonth(e.at)) continue;
    both(e.unitId, (x) => x.counts.lapses++);
    const caseId = e.caseId.split('#')[0];
    shelvedCases.set(e.unitId, (shelvedCases.get(e.unitId) ?? new Set()).add(caseId));
    cityShelved.add(`${e.unitId}:${caseId}`);
  }
  for (const [unitId, set] of shelvedCases) of(unitId).counts.shelved = set.size;
  city.counts.shelved = cityShelved.size;

  for (const c of (await db.select().from(complaints))) {
    if (inMonth(c.filedAt)) both(c.unitId, (x) => x.counts.complaintsFiled++);
    if (c.upheld === true && inMonth(c.closedAt)) both(c.unitId, (x) => x.counts.complaintsUpheld++);
  }
  const opened = new Map((await db.select().from(reviews)).map((r) => [r.id, r.openedAt]));
  for (const f of (await db.select().from(reviewFindings))) {
    if (f.status !== 'rejected' && inMonth(opened.get(f.reviewId))) both(f.unitId, (x) => x.counts.findings++);
  }
  for (const r of (await db.select().from(accountabilityRecords))) if (inMonth(r.recordedAt)) both(r.unitId, (x) => x.counts.accountability++);

  // The units of the month: those the directory had before it ended (or with a figure in it).
  const created = new Map<string, number>();
  for (const a of (await db.select().from(directoryAudit))) {
    if (a.action === 'unit_created' && a.subjectKind === 'unit') created.set(a.subjectId, Math.min(created.get(a.subjectId) ?? Infinity, Date.parse(a.at)));
  }
  const listed = (await db
    .select()
    .from(units))
    .filter((u) => !created.has(u.id) || created.get(u.id)! < to || byUnit.has(u.id))
    .map((u) => u.id)
    .sort();
  return { units: byUnit, city, listed };
}

/** The endpoint's figures without their rounded rates and absent counts, to compare with the reference. */
export function comparable(f: { rates: Record<string, { numerator: number; denominator: number; rate: number | null }>; counts: Record<string, number | null> }): RefFigures {
  const r = (k: string) => ({ numerator: f.rates[k].numerator, denominator: f.rates[k].denominator });
  const c = f.counts as Record<string, number>;
  return {
    rates: { response: r('response'), onTime: r('onTime'), resolution: r('resolution'), satisfaction: r('satisfaction'), escalation: r('escalation') },
    counts: {
      received: c.received,
      resolved: c.resolved,
      refused: c.refused,
      withdrawn: c.withdrawn,
      lapses: c.lapses,
      shelved: c.shelved,
      complaintsFiled: c.complaintsFiled,
      complaintsUpheld: c.complaintsUpheld,
      findings: c.findings,
      accountability: c.accountability,
    },
  };
}

export const emptyReference = empty;
