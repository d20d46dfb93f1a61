// The efficiency office's month (效能月报) as rules: what a month is (Beijing time), the figures of a
// unit's month with their labels, the ranking's score and its policy (weights are policy: the
// defaults are here, administrators set others), how a title is cut into terms for 每月一题, and what
// a picked topic looks like. Pure: the store's queries are services/reports.ts, and every counting
// rule is written out in docs/reports.md.
import { z } from 'zod';
import { MonthSchema } from './village.js';

export { MonthSchema };

// ---- Months, in Beijing time ----

/** The first instant of a month and of the next one, as UTC ISO strings: [from, to). */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  // Beijing is UTC+8 all year: the month starts at 00:00 Beijing on its first day.
  const at = (mm: string) => new Date(Date.parse(`${mm}-01T00:00:00+08:00`)).toISOString();
  return { from: at(month), to: at(next) };
}

/** The Beijing month an instant falls in, 'YYYY-MM'. */
export function monthOf(iso: string | Date): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 7);
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

// ---- The figures of a unit's month ----

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator to four places; null when nothing was counted. */
  rate: number | null;
}

export const ratio = (numerator: number, denominator: number): Ratio => ({
  numerator,
  denominator,
  rate: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
});

export const RATE_KEYS = ['response', 'onTime', 'resolution', 'satisfaction', 'escalation'] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export const COUNT_KEYS = [
  'received',
  'resolved',
  'refused',
  'withdrawn',
  'lapses',
  'shelved',
  'complaintsFiled',
  'complaintsUpheld',
  'findings',
  'accountability',
  'extensions',
  'supervisionNotices',
  'rectifications',
  'rectificationsLapsed',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export interface FigureDef {
  label: string;
  labelEn: string;
  /** One line of what is counted; docs/reports.md has the whole rule. */
  counts: string;
}

/** Every figure of the month, Chinese first: the API, the ledgers and the bulletin read their labels here. */
export const FIGURES: Record<RateKey | CountKey, FigureDef> = {
  response: { label: '响应率', labelEn: 'response rate', counts: 'cases received in the month whose first officer action came before any window lapsed, over those where either happened' },
  onTime: { label: '按时办结率', labelEn: 'on-time rate', counts: 'cases resolved or refused in the month with no window lapsed on the way, over all resolved or refused in the month' },
  resolution: { label: '解决率', labelEn: 'resolution rate', counts: 'cases resolved in the month over cases resolved or refused in the month' },
  satisfaction: { label: '满意率', labelEn: 'satisfaction rate', counts: 'cases whose counted judgement (the last rating, or the return visit that replaced it; never a rating an upheld appeal struck out) fell in the month and was at least 基本满意, over cases whose counted judgement fell in the month' },
  escalation: { label: '提级率', labelEn: 'escalation rate', counts: "cases the unit's officers escalated in the month, over the cases they held or escalated in it (the over-escalation detector's tally)" },
  received: { label: '受理', labelEn: 'received', counts: 'cases opened in the month, by their lead unit' },
  resolved: { label: '办结', labelEn: 'resolved', counts: 'cases whose last close in the month was a resolution' },
  refused: { label: '说"不"', labelEn: 'refused with reasons', counts: 'cases whose last close in the month was a refusal with reasons' },
  withdrawn: { label: '撤回', labelEn: 'withdrawn', counts: 'cases the requester withdrew in the month' },
  lapses: { label: '超时', labelEn: 'windows lapsed', counts: "windows of the unit's officers that lapsed in the month (cases and units' parts)" },
  shelved: { label: '搁置案件', labelEn: 'cases shelved', counts: 'distinct cases with at least one of those lapses' },
  complaintsFiled: { label: '投诉', labelEn: 'complaints filed', counts: 'complaints about the unit filed in the month' },
  complaintsUpheld: { label: '投诉属实', labelEn: 'complaints upheld', counts: 'complaints about the unit closed as upheld (属实) in the month' },
  findings: { label: '复盘发现', labelEn: 'review findings', counts: "findings against the unit's officers in reviews opened in the month, rejected ones left out" },
  accountability: { label: '通报问责', labelEn: 'accountability records', counts: 'accountability records against the unit recorded in the month' },
  extensions: { label: '延期', labelEn: 'extensions', counts: "extensions granted in the month on the unit's cases" },
  supervisionNotices: { label: '督办', labelEn: 'supervision notices', counts: "supervision notices issued in the month on the unit's cases or its parts" },
  rectifications: { label: '差评整改', labelEn: 'rectifications opened', counts: 'rectification items a bad rating opened for the unit in the month' },
  rectificationsLapsed: { label: '整改逾期', labelEn: 'rectifications late', counts: "rectification items whose report was due in the month and had not come by then" },
};

/** The three rates the 12345 practice ranks on, drawn per unit on the bulletin. */
export const THREE_RATES = ['response', 'resolution', 'satisfaction'] as const satisfies readonly RateKey[];

// ---- The ranking (排名) ----

const weight = z.number().min(0).max(1);
export const RankingPolicySchema = z
  .strictObject({
    /** Weight of each rate in the score; a unit's score is the weighted mean of the rates it has. */
    weights: z.strictObject({ response: weight, onTime: weight, resolution: weight, satisfaction: weight }),
    /** Points taken off the score per upheld complaint and per accountability record of the month. */
    deductions: z.strictObject({ complaintUpheld: z.number().min(0).max(100), accountability: z.number().min(0).max(100) }),
    /** A unit is ranked only with at least this many cases received in the month. */
    minCases: z.number().int().min(0).max(100_000),
  })
  .refine((p) => Object.values(p.weights).some((w) => w > 0), { message: 'at least one weight above 0', path: ['weights'] })
  .meta({ id: 'RankingPolicy' });
export type RankingPolicy = z.infer<typeof RankingPolicySchema>;

/**
 * Defaults: Beijing's 接诉即办 weighs response, resolution and satisfaction 10 / 45 / 45; the on-time
 * rate (our deadlines) takes its share from the last two. docs/reports.md explains each number.
 */
export const DEFAULT_RANKING_POLICY: RankingPolicy = {
  weights: { response: 0.1, onTime: 0.2, resolution: 0.35, satisfaction: 0.35 },
  deductions: { complaintUpheld: 1, accountability: 2 },
  minCases: 5,
};

/** What an administrator sends: any part of the policy; the rest keeps its default. */
export const RankingPolicyInputSchema = z
  .strictObject({
    weights: z.strictObject({ response: weight.optional(), onTime: weight.optional(), resolution: weight.optional(), satisfaction: weight.optional() }).optional(),
    deductions: z.strictObject({ complaintUpheld: z.number().min(0).max(100).optional(), accountability: z.number().min(0).max(100).optional() }).optional(),
    minCases: z.number().int().min(0).max(100_000).optional(),
  })
  .meta({ id: 'RankingPolicyChange' });

export function parseRankingPolicy(input: z.infer<typeof RankingPolicyInputSchema>): RankingPolicy {
  return RankingPolicySchema.parse({
    weights: { ...DEFAULT_RANKING_POLICY.weights, ...input.weights },
    deductions: { ...DEFAULT_RANKING_POLICY.deductions, ...input.deductions },
    minCases: input.minCases ?? DEFAULT_RANKING_POLICY.minCases,
  });
}

export const SCORED_RATES = ['response', 'onTime', 'resolution', 'satisfaction'] as const satisfies readonly RateKey[];

export interface Scored {
  /** 0–100, two places; null when the unit is not ranked. */
  score: number | null;
  /** The weighted mean of the rates the unit has, ×100, before deductions. */
  base: number | null;
  deductions: number;
  ranked: boolean;
  /** Why a unit is not ranked. */
  reason: 'too_few_cases' | 'no_rates' | null;
}

/**
 * A unit's score: the weighted mean of the rates that have a denominator (a unit with no rating is
 * not marked down for it), ×100, minus the deductions, never below 0. Exact numerators and
 * denominators, not the rounded rates.
 */
export function scoreOf(
  f: { rates: Record<(typeof SCORED_RATES)[number], Ratio>; counts: { received: number; complaintsUpheld: number; accountability: number } },
  p: RankingPolicy,
): Scored {
  let sum = 0;
  let weights = 0;
  for (const k of SCORED_RATES) {
    const r = f.rates[k];
    if (r.denominator > 0 && p.weights[k] > 0) {
      sum += p.weights[k] * (r.numerator / r.denominator);
      weights += p.weights[k];
    }
  }
  const deductions = f.counts.complaintsUpheld * p.deductions.complaintUpheld + f.counts.accountability * p.deductions.accountability;
  const base = weights > 0 ? Math.round((sum / weights) * 100 * 100) / 100 : null;
  const reason = f.counts.received < p.minCases ? 'too_few_cases' : base === null ? 'no_rates' : null;
  if (reason) return { score: null, base, deductions, ranked: false, reason };
  return { score: Math.max(0, Math.round((base! - deductions) * 100) / 100), base, deductions, ranked: true, reason: null };
}

/** Ranks by score, highest first; equal scores share a rank (1, 2, 2, 4). Unranked units get null. */
export function ranksOf<T extends { unitId: string; score: number | null }>(rows: T[]): Map<string, number> {
  const ranked = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || a.unitId.localeCompare(b.unitId));
  const out = new Map<string, number>();
  ranked.forEach((r, i) => out.set(r.unitId, i > 0 && ranked[i - 1].score === r.score ? out.get(ranked[i - 1].unitId)! : i + 1));
  return out;
}

// ---- 每月一题: classes of problems ----

export const TOPIC_KINDS = ['category', 'escalation_reason', 'title_term'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];
export const TOPIC_KIND_LABELS: Record<TopicKind, { label: string; labelEn: string }> = {
  category: { label: '事项类别', labelEn: 'category' },
  escalation_reason: { label: '提级原因', labelEn: 'escalation reason' },
  title_term: { label: '标题高频词', labelEn: 'frequent title term' },
};

/** Words in nearly every request's title that say nothing of its class (某某: a name masked out). */
export const GENERIC_TERMS: readonly string[] = ['某某', '问题', '办理', '申请', '相关', '有关', '关于', '反映', '咨询', '要求', '需要', '情况', '事项', '处理', '无法', '如何', '没有', '一直', '进行'];

/**
 * The terms of a title: each pair of adjacent Han characters (most Chinese words are two characters),
 * once per title, generic words left out. Without a word segmenter this finds 燃气, 消防, 公积金's 公积
 * and 积金; the office reads them as hints, not as a catalogue.
 */
export function titleTerms(title: string): string[] {
  const out = new Set<string>();
  for (const run of title.match(/\p{Script=Han}+/gu) ?? []) {
    const c = Array.from(run);
    for (let i = 0; i + 2 <= c.length; i++) {
      const t = c[i] + c[i + 1];
      if (!GENERIC_TERMS.includes(t)) out.add(t);
    }
  }
  return [...out];
}

/** Title terms are shown when at least this many of the month's cases share one, at most this many. */
export const TITLE_TERMS_MIN_CASES = 2;
export const TITLE_TERMS_SHOWN = 20;

export const PickTopicSchema = z
  .strictObject({
    kind: z.enum(TOPIC_KINDS),
    key: z.string().trim().min(1).max(64),
    note: z.string().trim().max(2000).optional(),
    /** The library rule formed for this class of problem (案例汇编), when there is one. */
    ruleId: z.string().trim().min(1).max(64).optional(),
  })
  .meta({ id: 'PickTopic' });
export type PickTopic = z.infer<typeof PickTopicSchema>;

// ---- Ledgers ----

export const LEDGERS = ['cases', 'complaints', 'accountability', 'village_months', 'monthly_report'] as const;
export type LedgerKind = (typeof LEDGERS)[number];
export const LEDGER_LABELS: Record<LedgerKind, { label: string; labelEn: string }> = {
  cases: { label: '办件台账', labelEn: 'case ledger' },
  complaints: { label: '投诉台账', labelEn: 'complaints ledger' },
  accountability: { label: '复盘问责台账', labelEn: 'reviews and accountability ledger' },
  village_months: { label: '跑办代访台账', labelEn: 'village reception ledger' },
  monthly_report: { label: '效能月报', labelEn: 'monthly report' },
};
