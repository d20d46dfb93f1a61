// The deadline policy: how long each tier, the requester and the units have. Its shape, defaults and
// file format live here; the file named by ESCALATION_POLICY overrides them (read at the edge:
// config.ts, loadPolicy). Only activities turn a limit into a date (calendar arithmetic never runs in
// workflow code).
import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

export const LimitSchema = z.union([
  z.strictObject({ workingDays: z.number().positive().max(365) }),
  z.strictObject({ workingHours: z.number().positive().max(2000) }),
  z.strictObject({ duration: z.string().regex(DURATION, 'like "30s", "5m", "2h" or "3d"') }),
]);
export type Limit = z.infer<typeof LimitSchema>;

const Duration = z.string().regex(DURATION, 'like "30s", "5m", "2h" or "3d"');

// ---- Supervision of live cases (docs/supervision.md, "While a case is alive") ----

/** Extensions (延期申请): how many a case may be granted, who decides, in what window, how long at most. */
export const ExtensionPolicySchema = z.strictObject({
  /** Extensions granted per case at most (a refused request does not count). */
  perCase: z.number().int().min(0).max(10),
  /** Who decides besides the efficiency office: `unit_head` lets the lead unit's principal head decide too (never their own request). */
  decidedBy: z.enum(['supervisor', 'unit_head']),
  /** The decider's window: a request not decided in it lapses, and the deadline stands. */
  window: LimitSchema,
  /** The most working days one request may ask for. */
  maxWorkingDays: z.number().int().min(1).max(60),
});
/** 差评整改: which unsatisfied rating opens a rectification item, and when the unit's report is due. */
export const RectificationPolicySchema = z.strictObject({
  /** `after_reopen`: the unsatisfied rating after the one reopening is used; `at_once`: the first one (the case reopens as well). */
  opensOn: z.enum(['after_reopen', 'at_once']),
  within: LimitSchema,
});
/** 回访: whether a reached return visit's satisfaction replaces a rating the requester gave without a one-time code. */
export const CallbackPolicySchema = z.strictObject({ replacesUnverifiedRating: z.boolean() });
/** Appeals against a rating: the efficiency office's window to uphold or reject one. */
export const AppealPolicySchema = z.strictObject({ window: LimitSchema });

/**
 * How long personal data is kept (docs/retention.md). After each span the daily retention run masks
 * or deletes it; what the statistics, portraits and accountability need (ids, tiers, steps and who
 * took them, dates, rating levels) is kept.
 */
export const RetentionSchema = z.strictObject({
  /** After a case closed (resolved, refused, withdrawn): the requester's name (a person's), phone and free text. */
  closedCases: Duration,
  /** After a complaint closed: the complainant's name, phone and text. */
  closedComplaints: Duration,
  /** After a notification was sent or given up: its body and variables (phones, names, codes). */
  notifications: Duration,
  /** After a one-time code expired or was used, and after a pending complaint expired: deleted. */
  codes: Duration,
});
export type Retention = z.infer<typeof RetentionSchema>;

export const PolicySchema = z.strictObject({
  tiers: z.strictObject({
    '1': LimitSchema,
    '2': LimitSchema,
    '3': LimitSchema,
    '4': LimitSchema,
    city: LimitSchema,
  }),
  materials: LimitSchema,
  rating: LimitSchema,
  coordination: LimitSchema,
  complaintContact: LimitSchema,
  /** Share of a window after which the holder is reminded (0 disables reminders). */
  reminderAt: z.number().min(0).max(1),
  retention: RetentionSchema,
  /**
   * After the feedback phase (rated, or its window ended): how long return visits (回访) and appeals
   * are still taken before the case is archived. A zero duration ("0s") archives it at once.
   */
  aftercare: LimitSchema,
  extension: ExtensionPolicySchema,
  rectification: RectificationPolicySchema,
  callback: CallbackPolicySchema,
  appeal: AppealPolicySchema,
});
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyKey = 'materials' | 'rating' | 'coordination' | 'complaintContact';

export const DEFAULT_POLICY: Policy = {
  tiers: {
    '1': { workingDays: 1 },
    '2': { workingDays: 2 },
    '3': { workingDays: 2 },
    '4': { workingDays: 3 },
    city: { workingDays: 10 },
  },
  materials: { workingDays: 5 },
  rating: { workingDays: 10 },
  coordination: { workingDays: 3 },
  complaintContact: { workingHours: 2 },
  reminderAt: 0.75,
  retention: { closedCases: '1095d', closedComplaints: '365d', notifications: '90d', codes: '1d' },
  aftercare: { workingDays: 5 },
  extension: { perCase: 1, decidedBy: 'supervisor', window: { workingDays: 1 }, maxWorkingDays: 15 },
  rectification: { opensOn: 'after_reopen', within: { workingDays: 15 } },
  callback: { replacesUnverifiedRating: true },
  appeal: { window: { workingDays: 5 } },
};

/** Merges a partial policy (as read from a file) over the defaults and validates the result. */
export function parsePolicy(input: unknown): Policy {
  const partial = (input ?? {}) as { [K in keyof Policy]?: Policy[K] extends Record<string, unknown> ? Partial<Policy[K]> : Policy[K] };
  const merged = (k: 'tiers' | 'retention' | 'extension' | 'rectification' | 'callback' | 'appeal') => ({ ...DEFAULT_POLICY[k], ...(partial[k] ?? {}) });
  return PolicySchema.parse({
    ...DEFAULT_POLICY,
    ...partial,
    tiers: merged('tiers'),
    retention: merged('retention'),
    extension: merged('extension'),
    rectification: merged('rectification'),
    callback: merged('callback'),
    appeal: merged('appeal'),
  });
}

/** A policy file's text (JSON, a partial policy over the defaults), validated. */
export function parsePolicyFile(text: string): Policy {
  return parsePolicy(JSON.parse(text));
}

/** Milliseconds of a `{ duration }` limit. */
export function durationMs(spec: string): number {
  const m = DURATION.exec(spec);
  if (!m) throw new Error(`not a duration: ${spec}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

/** A limit of no time at all ("0s"): the phase it times is skipped. */
export function isZeroLimit(limit: Limit): boolean {
  return 'duration' in limit && durationMs(limit.duration) === 0;
}

/**
 * The supervision rules a case runs by: the policy's as it was when the case started (the store call
 * answers them to the workflow once), so a later change of policy never changes a running case or a
 * replay.
 */
export interface CaseRules {
  /** null: no aftercare, the case is archived as soon as its feedback phase ends. */
  aftercare: Limit | null;
  extension: z.infer<typeof ExtensionPolicySchema>;
  rectification: z.infer<typeof RectificationPolicySchema>;
  callback: z.infer<typeof CallbackPolicySchema>;
  appeal: z.infer<typeof AppealPolicySchema>;
}

export function caseRulesOf(p: Policy): CaseRules {
  return { aftercare: isZeroLimit(p.aftercare) ? null : p.aftercare, extension: p.extension, rectification: p.rectification, callback: p.callback, appeal: p.appeal };
}

/** The rules of a case that started before rules were recorded, and of the pure engine tests. */
export const DEFAULT_CASE_RULES: CaseRules = caseRulesOf(DEFAULT_POLICY);
