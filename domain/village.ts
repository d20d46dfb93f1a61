// The monthly rotating village reception (村干部跑办代访): message schemas, the month's shape, and the
// urgency score that chooses the host village. Pure and deterministic: the month workflow, the API
// and docs/village-reception.md all read the rule from here.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().trim().min(1).max(64);
/**
 * A Beijing date, 'YYYY-MM-DD'. Not z.iso.date(): inside the workflow bundle it validated like
 * z.date() and refused every string.
 */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD')
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === d;
  }, 'not a calendar date');
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

export const VILLAGE_KINDS = ['village', 'community'] as const;

/** Durations ("30s", "5m", "2h", "3d") that replace the calendar's dates; tests shrink a month with them. */
const duration = z.string().regex(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/, 'like "30s", "5m", "2h" or "3d"');
export const TimingSchema = z.strictObject({
  /** From the month's start to the close of collection (default: 17:30 of the 2nd working day after the start). */
  collection: duration.optional(),
  /** From the close of collection: how long the reception may take to be recorded (default: until the month ends). */
  reception: duration.optional(),
  /** From the reception to the mid-month on-site check (default: 09:00 of the first working day from the 15th). */
  midCheck: duration.optional(),
  /** From the mid-month check falling due to the month-end follow-up (default: 09:00 of the month's last working day). */
  monthEnd: duration.optional(),
  /** From the month-end follow-up falling due to the month closing on its own (default: the month's end). */
  closeGrace: duration.optional(),
});
export type Timing = z.infer<typeof TimingSchema>;
export type TimingStage = keyof Timing;

// ---- Messages (API bodies; the workflow's validators parse the same schemas) ----

export const SubmitProblemSchema = z.strictObject({
  villageId: id,
  title: text(200),
  description: text(4000),
  /** 1 (can wait) … 5 (pressing: safety, livelihood). */
  urgency: z.number().int().min(1).max(5),
  /** How many residents the problem touches. */
  residents: z.number().int().min(1).max(100_000),
});
export type SubmitProblem = z.infer<typeof SubmitProblemSchema>;

export const OverrideHostSchema = z.strictObject({
  villageId: id,
  /** Why the town head departs from the score: on record for supervision. */
  reason: text(1000),
});
export type OverrideHost = z.infer<typeof OverrideHostSchema>;

export const PathSchema = z.strictObject({
  problemId: id,
  /** The unit that carries the problem out (责任单位): its case starts there. */
  responsibleUnitId: id,
  /** The date agreed at the reception (承诺时限). */
  deadline: DateSchema,
  note: z.string().trim().max(2000).optional(),
});
export type Path = z.infer<typeof PathSchema>;

export const ReceptionSchema = z.strictObject({
  /** The day the town leaders received people in the host village. */
  date: DateSchema,
  /** Town leaders present (names, e.g. 镇长 时雨). */
  leaders: z.array(text(100)).min(1).max(20),
  note: z.string().trim().max(2000).optional(),
  /** One agreed path for every problem of the month. */
  paths: z.array(PathSchema).min(1).max(200),
});
export type Reception = z.infer<typeof ReceptionSchema>;

export const MID_PROGRESS = ['solved', 'on_track', 'delayed'] as const;
export const OUTCOMES = ['solved', 'in_progress', 'carried'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** How ledgers name a problem's month-end outcome, Chinese first. */
export const OUTCOME_LABELS: Record<Outcome, { label: string; labelEn: string }> = {
  solved: { label: '已解决', labelEn: 'solved' },
  in_progress: { label: '办理中', labelEn: 'in progress' },
  carried: { label: '结转下月', labelEn: 'carried over' },
};

const checkCommon = {
  date: DateSchema,
  inspectors: z.array(text(100)).min(1).max(20),
  note: z.string().trim().max(2000).optional(),
};
export const MidCheckSchema = z.strictObject({
  kind: z.literal('mid_month'),
  ...checkCommon,
  findings: z
    .array(z.strictObject({ problemId: id, progress: z.enum(MID_PROGRESS), note: z.string().trim().max(2000).optional() }))
    .min(1)
    .max(200),
});
export const MonthEndCheckSchema = z.strictObject({
  kind: z.literal('month_end'),
  ...checkCommon,
  findings: z
    .array(
      z.strictObject({
        problemId: id,
        outcome: z.enum(OUTCOMES),
        /** For `in_progress`: the date it will be done. */
        expectedBy: DateSchema.optional(),
        note: z.string().trim().max(2000).optional(),
      }),
    )
    .min(1)
    .max(200),
});
export const CheckSchema = z.discriminatedUnion('kind', [MidCheckSchema, MonthEndCheckSchema]);
export type Check = z.infer<typeof CheckSchema>;
export type MidCheck = z.infer<typeof MidCheckSchema>;
export type MonthEndCheck = z.infer<typeof MonthEndCheckSchema>;

/** What reaches the workflow: the body and who sent it (set by the API from the token). */
export interface Envelope<T> {
  actorId: string;
  body: T;
}

// ---- The month as the workflow holds it ----

export type VillageRef = {
  id: string;
  name: string;
  kind: (typeof VILLAGE_KINDS)[number];
};

export type VillageProblem = {
  id: string;
  villageId: string;
  villageName: string;
  title: string;
  description: string;
  urgency: number;
  residents: number;
  submittedBy: string;
  submittedAt: string;
  /** The problem of an earlier month this one continues, and how many months it has been carried. */
  carriedFromId?: string;
  carryCount: number;
  /** A carried problem's case from an earlier month: kept while it is still open. */
  priorCaseId?: string;
  path?: { responsibleUnitId: string; deadline: string; note?: string; caseId: string; caseWorkflowId: string; caseReused: boolean };
  midCheck?: { progress: (typeof MID_PROGRESS)[number]; note?: string };
  outcome?: { kind: Outcome; expectedBy?: string; note?: string; derived?: boolean };
  /** Set when the month-end follow-up carried it a second time: flagged to the town's principal head. */
  flagged?: boolean;
};

export type VillageScore = {
  villageId: string;
  villageName: string;
  score: number;
  problems: number;
  maxUrgency: number;
};

export const PHASES = ['collecting', 'awaiting_reception', 'in_progress', 'mid_check_due', 'month_end_due', 'closed'] as const;
export type Phase = (typeof PHASES)[number];
/** How ledgers name a month's phase, Chinese first. */
export const PHASE_LABELS: Record<Phase, { label: string; labelEn: string }> = {
  collecting: { label: '收集问题', labelEn: 'collecting problems' },
  awaiting_reception: { label: '待接访', labelEn: 'awaiting the reception' },
  in_progress: { label: '办理中', labelEn: 'in progress' },
  mid_check_due: { label: '待月中督查', labelEn: 'mid-month check due' },
  month_end_due: { label: '待月末验收', labelEn: 'month-end check due' },
  closed: { label: '已闭环', labelEn: 'closed' },
};

export type MonthEvent = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  note?: string;
  data?: Record<string, unknown>;
};

export type VillageMonthReport = {
  total: number;
  solved: number;
  inProgress: number;
  carried: number;
  /** Problems carried for the second time (or more): flagged to the town's principal head. */
  flagged: string[];
  midCheck: 'recorded' | 'missed';
  /** `derived`: nobody recorded the follow-up in time; outcomes came from the cases' status. */
  monthEnd: 'recorded' | 'derived' | 'no_reception' | 'no_problems';
  closedAt: string;
};

export type VillageMonthView = {
  workflowId: string;
  townUnitId: string;
  month: string;
  phase: Phase;
  /** Bumped on every change: the read model never goes backwards. */
  version: number;
  villages: VillageRef[];
  problems: VillageProblem[];
  collectionClosesAt: string | null;
  collectionClosedBy?: string;
  scores: VillageScore[];
  host?: {
    villageId: string;
    villageName: string;
    /** What the score chose; differs from villageId after an override. */
    suggestedVillageId: string;
    chosenBy: 'score' | 'override';
    overriddenBy?: string;
    reason?: string;
    at: string;
  };
  receptionDueBy?: string;
  reception?: { date: string; leaders: string[]; note?: string; recordedBy: string; at: string };
  midCheck?: { dueAt: string; recorded?: { date: string; inspectors: string[]; note?: string; recordedBy: string; at: string } };
  monthEnd?: { dueAt: string; closesBy?: string; recorded?: { date: string; inspectors: string[]; note?: string; recordedBy: string; at: string } };
  report?: VillageMonthReport;
  events: MonthEvent[];
  /**
   * Stage dates still ahead that are provisional: they rest on a year whose official calendar is not
   * loaded, so they were read with the plain Mon–Fri rule (loading the notice re-times them).
   */
  provisionalDates?: TimingStage[];
};

// ---- The urgency score (紧迫度) ----

/** Each month a problem has been carried weighs this much more (0.5: once carried, 1.5×; twice, 2×). */
export const CARRY_WEIGHT = 0.5;

/**
 * One problem's weight: urgency × ln(1 + residents) × (1 + CARRY_WEIGHT × carryCount).
 * Urgency counts linearly; residents with diminishing returns (a problem of 1,000 residents weighs
 * about 1.5× one of 100, not 10×), so one pressing problem can outweigh several minor ones; a problem
 * left over from earlier months gains weight so it is not passed over again.
 */
export function problemWeight(p: Pick<VillageProblem, 'urgency' | 'residents' | 'carryCount'>): number {
  return p.urgency * Math.log(1 + p.residents) * (1 + CARRY_WEIGHT * p.carryCount);
}

/**
 * Every village's score (the sum of its problems' weights), highest first. Ties go to the village
 * with more problems, then the higher single urgency, then the village id, so the choice never
 * depends on the order of submissions. Villages without problems are left out.
 */
export function scoreVillages(problems: readonly VillageProblem[]): VillageScore[] {
  const by = new Map<string, VillageScore>();
  for (const p of problems) {
    const s = by.get(p.villageId) ?? { villageId: p.villageId, villageName: p.villageName, score: 0, problems: 0, maxUrgency: 0 };
    s.score += problemWeight(p);
    s.problems += 1;
    s.maxUrgency = Math.max(s.maxUrgency, p.urgency);
    by.set(p.villageId, s);
  }
  return [...by.values()]
    .map((s) => ({ ...s, score: Math.round(s.score * 100) / 100 }))
    .sort((a, b) => b.score - a.score || b.problems - a.problems || b.maxUrgency - a.maxUrgency || (a.villageId < b.villageId ? -1 : 1));
}

export function villageMonthWorkflowId(townUnitId: string, month: string): string {
  return `village-month-${townUnitId}-${month}`;
}

/** Problem ids: town, month and a running number, e.g. shuncheng-202601-03. */
export function problemId(townUnitId: string, month: string, n: number): string {
  return `${townUnitId}-${month.replace('-', '')}-${String(n).padStart(2, '0')}`;
}
