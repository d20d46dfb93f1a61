// Supervision (效能建设) as data and pure functions: the complaint and review messages, the
// over-escalation policy (ceilings and floors) with its defaults, the detector and the findings a
// review proposes from a case's path. No I/O here: the API reads the store and calls these.
import { z } from 'zod';
import { TIER_RULES, type Tier } from './tiers.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().trim().min(1).max(64);

// ---- Complaints (效能铜都) ----

/**
 * A phone as digits only: spaces, dashes, dots and brackets dropped, a +86 / 86 / 0086 prefix in front
 * of a mobile number dropped. '' when nothing is left.
 */
export function normalizePhone(raw: string): string {
  const d = raw.trim().replace(/[\s\-.()（）]/g, '');
  const m = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(d);
  return m ? m[1] : d;
}

/** A mainland mobile number: 1[3-9] and nine more digits (optionally +86). */
export function isMobilePhone(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizePhone(raw));
}

/** A mobile number, or a landline with its area code (0 + 2-3 digits, then 7-8 digits, e.g. 0562-2881234). */
export function isPhone(raw: string): boolean {
  if (!/^\+?[0-9\s\-.()（）]{5,24}$/.test(raw.trim())) return false;
  const n = normalizePhone(raw);
  return /^1[3-9]\d{9}$/.test(n) || /^0[1-9]\d{1,2}[2-9]\d{6,7}$/.test(n);
}

export const ComplaintSchema = z
  .strictObject({
    windowCode: z.string().trim().min(1).max(64).optional(),
    unitId: id.optional(),
    caseId: id.optional(),
    /** The case's tracking code: a complaint names a case only together with it. */
    trackingCode: z.string().trim().min(1).max(64).optional(),
    contact: z.strictObject({
      name: text(100),
      phone: z
        .string()
        .trim()
        .max(24)
        .refine(isPhone, 'a mainland mobile number (1[3-9] and 9 more digits, optionally +86) or a landline with its area code (e.g. 0562-2881234)'),
    }),
    content: text(4000),
  })
  .meta({ id: 'ComplaintIntake' });

export const VerifyComplaintSchema = z.strictObject({
  /** The 6-digit code the SMS carried. */
  code: z.string().trim().regex(/^\d{6}$/, 'the 6-digit code from the SMS'),
});

/** Designating the officer who calls the complainant (the unit's principal head, or a supervisor). */
export const ContactOfficerSchema = z.strictObject({ officerId: id });
export type ComplaintIntake = z.infer<typeof ComplaintSchema>;

export const ContactSchema = z.strictObject({
  /** What the unit did: the call, and what it led to. */
  note: text(2000),
});
export type ContactRecord = z.infer<typeof ContactSchema>;

export const CloseComplaintSchema = z.strictObject({
  /** Whether the complaint was upheld (属实). */
  upheld: z.boolean(),
  findings: text(4000),
  /** Officers the findings name; their portraits count an upheld complaint. */
  officerIds: z.array(id).max(20).optional(),
});
export type CloseComplaint = z.infer<typeof CloseComplaintSchema>;

export const COMPLAINT_STATUSES = ['open', 'contacted', 'closed'] as const;

/** What a complaint's officer events carry in officer_events.case_id (they belong to no case). */
export function complaintRef(complaintId: string): string {
  return `complaint:${complaintId}`;
}
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

// ---- Reviews (倒查复盘) and accountability (通报、问责) ----

export const FINDING_KINDS = ['not_escalated', 'shelved', 'over_escalation'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_LABELS: Record<FindingKind, { label: string; labelEn: string }> = {
  not_escalated: { label: '不提级', labelEn: 'did not escalate' },
  shelved: { label: '让问题搁置', labelEn: 'left the case on the shelf' },
  over_escalation: { label: '事事提级', labelEn: 'escalates everything' },
};

export const LEVELS = ['reminder', 'notice', 'accountability'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, { label: string; labelEn: string }> = {
  reminder: { label: '提醒', labelEn: 'reminder' },
  notice: { label: '通报', labelEn: 'public notice' },
  accountability: { label: '问责', labelEn: 'accountability' },
};

/** A review looks at one case, one complaint, or one officer's escalation pattern. */
export const OpenReviewSchema = z
  .strictObject({ caseId: id.optional(), complaintId: id.optional(), officerId: id.optional(), note: z.string().trim().max(2000).optional() })
  .refine((b) => [b.caseId, b.complaintId, b.officerId].filter(Boolean).length === 1, { message: 'name exactly one of caseId, complaintId, officerId' })
  .meta({ id: 'OpenReview' });

export const FindingDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('confirm'), level: z.enum(LEVELS), note: z.string().trim().max(2000).optional() }),
  z.strictObject({ decision: z.literal('reject'), note: text(2000) }),
]);
export type FindingDecision = z.infer<typeof FindingDecisionSchema>;

/** A finding the supervisor adds by hand (what the record cannot show, e.g. a "no" said off the record). */
export const AddFindingSchema = z.strictObject({
  kind: z.enum(FINDING_KINDS),
  officerId: id,
  summary: text(2000),
});

// ---- Over-escalation policy (事事提级) ----

const rate = z.number().min(0).max(1);
const tierRates = z.strictObject({ '1': rate.optional(), '2': rate.optional(), '3': rate.optional(), '4': rate.optional() });

export const SupervisionPolicySchema = z.strictObject({
  /** The rolling window an escalation rate is measured over. */
  windowDays: z.number().int().min(1).max(730),
  /** An officer is judged only with at least this many cases handled in the window. */
  minCases: z.number().int().min(1).max(10_000),
  /** Highest acceptable share of the cases an officer handled that they escalated, by their tier. */
  ceilings: z.strictObject({ '1': rate, '2': rate, '3': rate, '4': rate }),
  /** Ceilings for particular units (e.g. a district office that mostly receives cross-department matters). */
  unitCeilings: z.record(z.string(), tierRates),
  /** A unit whose officers escalate less than this share of what they handle is shown (saying "no" off the record?). */
  floor: rate,
  unitFloors: z.record(z.string(), rate),
  /** A unit is judged against its floor only with at least this many cases handled in the window. */
  unitMinCases: z.number().int().min(1).max(100_000),
});
export type SupervisionPolicy = z.infer<typeof SupervisionPolicySchema>;

/** Defaults; docs/supervision.md explains each number. */
export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = {
  windowDays: 90,
  minCases: 10,
  ceilings: { '1': 0.5, '2': 0.5, '3': 0.4, '4': 0.25 },
  unitCeilings: {},
  floor: 0.05,
  unitFloors: {},
  unitMinCases: 20,
};

export function parseSupervisionPolicy(input: unknown): SupervisionPolicy {
  const partial = (input ?? {}) as Partial<SupervisionPolicy>;
  return SupervisionPolicySchema.parse({
    ...DEFAULT_SUPERVISION_POLICY,
    ...partial,
    ceilings: { ...DEFAULT_SUPERVISION_POLICY.ceilings, ...(partial.ceilings ?? {}) },
  });
}

export type OfficerTier = Exclude<Tier, 'city'>;

export function ceilingFor(policy: SupervisionPolicy, unitId: string | null, tier: OfficerTier): number {
  return (unitId ? policy.unitCeilings[unitId]?.[tier] : undefined) ?? policy.ceilings[tier];
}

export function floorFor(policy: SupervisionPolicy, unitId: string): number {
  return policy.unitFloors[unitId] ?? policy.floor;
}

export interface OfficerTally {
  officerId: string;
  name: string;
  unitId: string | null;
  tier: OfficerTier;
  /** Distinct cases the officer held within the window. */
  handled: number;
  /** Of those, how many the officer escalated by decision (a principal head: referred to the city). */
  escalated: number;
}

export interface OfficerAssessment extends OfficerTally {
  rate: number | null;
  ceiling: number;
  /** Enough cases to judge (handled >= minCases). */
  evaluated: boolean;
  flagged: boolean;
}

export function assessOfficer(t: OfficerTally, policy: SupervisionPolicy): OfficerAssessment {
  const rate = t.handled > 0 ? t.escalated / t.handled : null;
  const ceiling = ceilingFor(policy, t.unitId, t.tier);
  const evaluated = t.handled >= policy.minCases;
  return { ...t, rate, ceiling, evaluated, flagged: evaluated && rate !== null && rate > ceiling };
}

export interface UnitTally {
  unitId: string;
  name: string;
  handled: number;
  escalated: number;
}

export interface UnitAssessment extends UnitTally {
  rate: number | null;
  floor: number;
  evaluated: boolean;
  belowFloor: boolean;
}

export function assessUnit(u: UnitTally, policy: SupervisionPolicy): UnitAssessment {
  const rate = u.handled > 0 ? u.escalated / u.handled : null;
  const floor = floorFor(policy, u.unitId);
  const evaluated = u.handled >= policy.unitMinCases;
  return { ...u, rate, floor, evaluated, belowFloor: evaluated && rate !== null && rate < floor };
}

// ---- Findings a review proposes ----

/** A step of the audit copy, as a review reads it. */
export interface PathStep {
  seq: number;
  at: string;
  tier: Tier;
  actor: string;
  action: string;
  note?: string | null;
  subjectId?: string | null;
  deadlineAt?: string | null;
  data?: Record<string, unknown> | null;
}

export interface PathEvent {
  seq: number;
  officerId: string;
  unitId: string | null;
  tier: string | null;
  kind: string;
  at: string;
}

export interface ProposedFinding {
  kind: FindingKind;
  officerId: string;
  unitId: string | null;
  subjectRef: string;
  seq: number;
  summary: string;
  evidence: Record<string, unknown>;
}

/**
 * Proposes findings from one subject's record (`subjectRef` is a case id or `complaint:<id>`):
 * - shelved (搁置): every shelved officer event (a lapsed window), and any lapse step whose event is missing;
 * - not_escalated (不提级): every rejected attempt to refuse below tier 4 (a "no" instead of escalating);
 * - over_escalation (事事提级): every holder of the case the detector flags.
 */
export function proposeFindings(input: {
  subjectRef: string;
  steps: PathStep[];
  events: PathEvent[];
  unitOf: (officerId: string) => string | null;
  flagged: OfficerAssessment[];
}): ProposedFinding[] {
  const out: ProposedFinding[] = [];
  const { subjectRef } = input;
  const shelvedSeqs = new Set<string>();
  for (const e of input.events) {
    if (e.kind !== 'shelved') continue;
    shelvedSeqs.add(`${e.seq}:${e.officerId}`);
    const step = input.steps.find((s) => s.seq === e.seq);
    out.push({
      kind: 'shelved',
      officerId: e.officerId,
      unitId: e.unitId ?? input.unitOf(e.officerId),
      subjectRef,
      seq: e.seq,
      summary: step?.deadlineAt
        ? `The window ending ${step.deadlineAt} lapsed with no decision (tier ${e.tier ?? step.tier}).`
        : `A window lapsed with no action (tier ${e.tier ?? '?'}).`,
      evidence: { at: e.at, tier: e.tier, deadlineAt: step?.deadlineAt ?? null, note: step?.note ?? null },
    });
  }
  for (const s of input.steps) {
    if (s.action === 'deadline_lapsed' && s.subjectId && !shelvedSeqs.has(`${s.seq}:${s.subjectId}`)) {
      out.push({
        kind: 'shelved',
        officerId: s.subjectId,
        unitId: input.unitOf(s.subjectId),
        subjectRef,
        seq: s.seq,
        summary: `The window ending ${s.deadlineAt ?? '?'} lapsed with no decision (tier ${s.tier}).`,
        evidence: { at: s.at, tier: s.tier, deadlineAt: s.deadlineAt ?? null },
      });
    }
    if (s.action === 'rejected' && s.data?.code === 'REFUSAL_BELOW_TIER_4') {
      const by = String(s.data.by ?? s.subjectId ?? '');
      if (!by) continue;
      out.push({
        kind: 'not_escalated',
        officerId: by,
        unitId: input.unitOf(by),
        subjectRef,
        seq: s.seq,
        summary: `Tried to refuse at tier ${s.tier} (${TIER_RULES[s.tier].label}) instead of escalating.`,
        evidence: { at: s.at, tier: s.tier, code: s.data.code, attempted: s.data.attempted ?? 'refuse', note: s.note ?? null },
      });
    }
  }
  for (const a of input.flagged) {
    if (!a.flagged) continue;
    out.push({
      kind: 'over_escalation',
      officerId: a.officerId,
      unitId: a.unitId,
      // A pattern, not a step: one finding per officer, whichever case or complaint led to it.
      subjectRef: `officer:${a.officerId}`,
      seq: 0,
      summary: `Escalated ${a.escalated} of ${a.handled} cases handled (${Math.round((a.rate ?? 0) * 100)}%), above the tier ${a.tier} ceiling of ${Math.round(a.ceiling * 100)}%.`,
      evidence: { handled: a.handled, escalated: a.escalated, rate: a.rate, ceiling: a.ceiling, tier: a.tier },
    });
  }
  return out;
}

/** Median of a list of numbers (null when empty). */
export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
