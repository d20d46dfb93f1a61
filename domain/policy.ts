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
};

/** Merges a partial policy (as read from a file) over the defaults and validates the result. */
export function parsePolicy(input: unknown): Policy {
  const partial = (input ?? {}) as Partial<Policy> & { tiers?: Partial<Policy['tiers']>; retention?: Partial<Retention> };
  return PolicySchema.parse({
    ...DEFAULT_POLICY,
    ...partial,
    tiers: { ...DEFAULT_POLICY.tiers, ...(partial.tiers ?? {}) },
    retention: { ...DEFAULT_POLICY.retention, ...(partial.retention ?? {}) },
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
