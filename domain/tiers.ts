// The rules of "escalate before saying no" (说"不"提级管理) as data and pure functions.
// Read by the case workflow's validators, by the API, and by the BPMN generator: one source of truth.

export const TIERS = ['1', '2', '3', '4', 'city'] as const;
export type Tier = (typeof TIERS)[number];

export const ACTIONS = [
  'resolve',
  'request_materials',
  'escalate',
  'coordinate',
  'consult_city',
  'refuse',
  'refer_to_city',
  'direct',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLES = [
  'first_contact',
  'section_chief',
  'deputy_head',
  'principal_head',
  'city_leader',
  'supervisor',
  'integrator',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
export const OFFICER_ROLES = ['first_contact', 'section_chief', 'deputy_head', 'principal_head'] as const;
/** Whether a role is an officer's (one of OFFICER_ROLES). */
export const isOfficerRole = (role: string): boolean => (OFFICER_ROLES as readonly string[]).includes(role);

export const CASE_STATUSES = [
  'in_progress',
  'awaiting_materials',
  'coordinating',
  'at_city',
  'resolved',
  'refused',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CLOSED_STATUSES: readonly CaseStatus[] = ['resolved', 'refused', 'withdrawn'];
/** How ledgers and reports name each status, Chinese first. */
export const CASE_STATUS_LABELS: Record<CaseStatus, { label: string; labelEn: string }> = {
  in_progress: { label: '办理中', labelEn: 'in progress' },
  awaiting_materials: { label: '待补正材料', labelEn: 'awaiting materials' },
  coordinating: { label: '协调中', labelEn: 'coordinating' },
  at_city: { label: '市级研究', labelEn: 'at the city' },
  resolved: { label: '已办结', labelEn: 'resolved' },
  refused: { label: '说"不"并说明理由', labelEn: 'refused with reasons' },
  withdrawn: { label: '已撤回', labelEn: 'withdrawn' },
};

/** "Closed": the case has its outcome; it takes no more decisions. */
export function isClosed(status: string): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/** "Overdue": an open deadline that has passed. */
export function isOverdue(deadlineAt: string | null | undefined, now: number, closed = false): boolean {
  return !closed && !!deadlineAt && Date.parse(deadlineAt) < now;
}

export const ESCALATION_REASONS = ['beyond_remit', 'unsure', 'cross_department', 'legacy', 'no_precedent'] as const;
/** Labels of the escalation reasons, Chinese as officers say it, English beside. */
export const REASON_LABELS: Record<(typeof ESCALATION_REASONS)[number], { label: string; labelEn: string }> = {
  beyond_remit: { label: '超出职权范围', labelEn: 'beyond my remit' },
  unsure: { label: '拿不准', labelEn: 'unsure' },
  cross_department: { label: '涉及多个部门', labelEn: 'several departments' },
  legacy: { label: '历史遗留问题', labelEn: 'legacy problem' },
  no_precedent: { label: '本市无先例', labelEn: 'no local precedent' },
};

export interface TierRule {
  tier: Tier;
  role: Role;
  /** Chinese term first, as officers say it; English beside it. */
  label: string;
  labelEn: string;
  /** What the tier must do, in the report's words. */
  duty: string;
  actions: readonly Action[];
  /** Where escalation (or a lapsed window) leads; null at the top. */
  next: Tier | null;
}

export const TIER_RULES: Record<Tier, TierRule> = {
  '1': {
    tier: '1',
    role: 'first_contact',
    label: '首问负责人',
    labelEn: 'first-contact owner',
    duty: '能办的立即办，完善手续能办的想办法办；不能说"不"，只能提级',
    actions: ['resolve', 'request_materials', 'escalate', 'coordinate'],
    next: '2',
  },
  '2': {
    tier: '2',
    role: 'section_chief',
    label: '科室负责人',
    labelEn: 'section chief',
    duty: '综合研判：能办的办，不能办的提级',
    actions: ['resolve', 'request_materials', 'escalate', 'coordinate'],
    next: '3',
  },
  '3': {
    tier: '3',
    role: 'deputy_head',
    label: '单位分管负责人',
    labelEn: 'deputy head in charge',
    duty: '审核研判：能办的、努力能办的承接办理，否则提级',
    actions: ['resolve', 'request_materials', 'escalate', 'coordinate'],
    next: '4',
  },
  '4': {
    tier: '4',
    role: 'principal_head',
    label: '单位主要负责人',
    labelEn: 'principal head',
    duty: '限时反馈说"行"的建议或说"不"的理由；仍拿不准的提请市级领导研究',
    actions: ['resolve', 'request_materials', 'coordinate', 'refuse', 'refer_to_city'],
    next: 'city',
  },
  city: {
    tier: 'city',
    role: 'city_leader',
    label: '市级领导',
    labelEn: 'city leader',
    duty: '研究提请事项；协调无果时主持会商并交办',
    actions: ['resolve', 'refuse', 'direct'],
    next: null,
  },
};

export const ACTION_LABELS: Record<Action, { label: string; labelEn: string }> = {
  resolve: { label: '办结', labelEn: 'resolve' },
  request_materials: { label: '补正材料', labelEn: 'request materials' },
  escalate: { label: '提级', labelEn: 'escalate' },
  coordinate: { label: '牵头协调', labelEn: 'coordinate' },
  consult_city: { label: '提请市级领导会商', labelEn: 'consult city leaders' },
  refuse: { label: '说"不"并说明理由', labelEn: 'refuse with reasons' },
  refer_to_city: { label: '提请市级领导研究', labelEn: 'refer to city' },
  direct: { label: '交办', labelEn: 'direct units' },
};

export function nextTier(tier: Tier): Tier | null {
  return TIER_RULES[tier].next;
}

/** A tier as a requester is told it: its level and its post (第2级（科室负责人）), never the person. */
export function tierWordsZh(tier: Tier): string {
  return tier === 'city' ? `市级（${TIER_RULES.city.label}）` : `第${tier}级（${TIER_RULES[tier].label}）`;
}

/** "Who may refuse": the tiers whose actions include a refusal with reasons (说"不"). */
export function mayRefuse(tier: Tier): boolean {
  return TIER_RULES[tier].actions.includes('refuse');
}

/** The lowest tier that may refuse, as officers name it (for messages). */
export function refusalTierLabel(): string {
  const t = TIERS.find(mayRefuse);
  return t ? `${TIER_RULES[t].labelEn} (tier ${t})` : 'no tier';
}

/** "Top of the unit": the unit's last tier, above which only the city stands. */
export function isTopOfUnit(tier: Tier): boolean {
  return tier !== 'city' && TIER_RULES[tier].next === 'city';
}

/** An unsatisfied requester reopens a case this many times; after that it goes to review (倒查复盘). */
export const MAX_REOPENS = 1;

/** "Reopen": one tier above the tier that closed the case; the city stays the city. */
export function reopenTier(closedAt: Tier): Tier {
  return nextTier(closedAt) ?? 'city';
}

export function tierOfRole(role: Role): Tier | null {
  for (const t of TIERS) if (TIER_RULES[t].role === role) return t;
  return null;
}

/** Status a case takes when it stands at a tier with no special phase. */
export function statusAtTier(tier: Tier): CaseStatus {
  return tier === 'city' ? 'at_city' : 'in_progress';
}

/** The codes a rule check can answer with (their HTTP statuses are the API's: api/errors.ts). */
export const RULE_ERROR_CODES = [
  'CASE_CLOSED',
  'REFUSAL_BELOW_TIER_4',
  'ACTION_NOT_ALLOWED_AT_TIER',
  'MISSING_LEGAL_BASIS',
  'ACTION_NOT_ALLOWED_IN_STATUS',
  'NOT_ASSIGNEE',
  'STALE_DECISION',
] as const;
export type RuleErrorCode = (typeof RULE_ERROR_CODES)[number];

export interface RuleViolation {
  code: RuleErrorCode;
  message: string;
}

/** What a rule check needs to know of a case. */
export interface RuleContext {
  status: CaseStatus;
  tier: Tier;
  assigneeId: string | null;
  /** The case's version now; a decision made on an older one is stale. */
  version?: number;
  /** Who held the case before: their decisions arrive after it moved on (stale), not from strangers. */
  formerHolderIds?: readonly string[];
  /** True once the parts of a coordination have all answered (consult_city becomes possible). */
  coordinationBack?: boolean;
  /** City directives are out: the case waits for units, not for a decision. */
  directivesOut?: boolean;
}

export interface DecisionLike {
  action: Action;
  legalBasis?: string;
  explanation?: string;
  expectedTier?: Tier;
}

const stale = (message: string): RuleViolation => ({ code: 'STALE_DECISION', message });

/** A legal basis names a law or rule and its article, so a bare word is not one. */
export function isLegalBasis(text: string | undefined): boolean {
  return typeof text === 'string' && text.trim().length >= 4;
}

/**
 * Checks one decision against the rules. Returns the first violation, or null when allowed.
 * Order matters: a closed case or a wrong caller is reported before the content of the decision.
 */
export function checkDecision(ctx: RuleContext, actorId: string, d: DecisionLike, expectedVersion?: number): RuleViolation | null {
  if (isClosed(ctx.status)) {
    return { code: 'CASE_CLOSED', message: `The case is ${ctx.status}; no further decisions are taken.` };
  }
  if (expectedVersion !== undefined && ctx.version !== undefined && expectedVersion !== ctx.version) {
    return stale(`The case changed since it was read (version ${expectedVersion}, now ${ctx.version}): read it again.`);
  }
  if (ctx.assigneeId !== actorId) {
    if (ctx.formerHolderIds?.includes(actorId)) return stale('The case moved on from you: someone else holds it now.');
    return { code: 'NOT_ASSIGNEE', message: 'Only the officer who currently holds the case may decide it.' };
  }
  if (d.expectedTier !== undefined && d.expectedTier !== ctx.tier) {
    return stale(`The case moved on: it stands at tier ${ctx.tier}, the decision expected tier ${d.expectedTier}.`);
  }
  const rule = TIER_RULES[ctx.tier];
  if (d.action === 'refuse' && !mayRefuse(ctx.tier)) {
    return {
      code: 'REFUSAL_BELOW_TIER_4',
      message: `At tier ${ctx.tier} a case may not be refused (only ${refusalTierLabel()} and above): escalate it instead (提级).`,
    };
  }
  if (d.action === 'consult_city') {
    if (ctx.status !== 'coordinating' || !ctx.coordinationBack) {
      return {
        code: 'ACTION_NOT_ALLOWED_IN_STATUS',
        message: 'consult_city is for the lead unit once every coordinated unit has answered.',
      };
    }
  } else if (!rule.actions.includes(d.action)) {
    return {
      code: 'ACTION_NOT_ALLOWED_AT_TIER',
      message: `${d.action} is not allowed at tier ${ctx.tier} (${rule.labelEn}); allowed: ${rule.actions.join(', ')}.`,
    };
  }
  if (ctx.directivesOut) {
    return {
      code: 'ACTION_NOT_ALLOWED_IN_STATUS',
      message: 'City directives are out; the case resolves when every unit reports its directive done.',
    };
  }
  if (ctx.status === 'coordinating' && d.action !== 'coordinate' && d.action !== 'consult_city' && d.action !== 'resolve') {
    return {
      code: 'ACTION_NOT_ALLOWED_IN_STATUS',
      message: 'While units coordinate, the lead may add units, resolve with their answers, or consult the city.',
    };
  }
  if (ctx.status === 'coordinating' && d.action === 'resolve' && !ctx.coordinationBack) {
    return {
      code: 'ACTION_NOT_ALLOWED_IN_STATUS',
      message: 'Wait until every coordinated unit has answered before resolving.',
    };
  }
  if (d.action === 'refuse' && (!isLegalBasis(d.legalBasis) || !d.explanation?.trim())) {
    return {
      code: 'MISSING_LEGAL_BASIS',
      message: 'A refusal must name the law or rule and article that forbids the request, and explain it to the requester.',
    };
  }
  return null;
}

// ---- A unit's part of a coordinated case: the same table decides ----

export type PartDecisionLike =
  | { action: 'opinion'; opinion: { stance: 'can_do' } | { stance: 'cannot'; legalBasis?: string; explanation?: string } }
  | { action: 'escalate' };

export interface PartRuleContext {
  open: boolean;
  tier: Tier;
  assigneeId: string | null;
  formerHolderIds?: readonly string[];
}

/**
 * A unit's opinion follows the case's rules: "can do" where the tier may resolve, "cannot" only where
 * it may refuse (with a legal basis), escalation inside the unit up to its top.
 */
export function checkPartDecision(ctx: PartRuleContext, actorId: string, d: PartDecisionLike): RuleViolation | null {
  if (!ctx.open) return { code: 'CASE_CLOSED', message: "This unit's part is closed." };
  if (ctx.assigneeId !== actorId) {
    if (ctx.formerHolderIds?.includes(actorId)) return stale("The part moved on from you: someone else holds it now.");
    return { code: 'NOT_ASSIGNEE', message: "Only the officer who holds this unit's part may decide it." };
  }
  const rule = TIER_RULES[ctx.tier];
  if (d.action === 'escalate') {
    if (isTopOfUnit(ctx.tier) || !rule.actions.includes('escalate') || !rule.next) {
      return { code: 'ACTION_NOT_ALLOWED_AT_TIER', message: `Inside a unit, escalation stops at the ${rule.labelEn}: answer can_do or cannot.` };
    }
    return null;
  }
  if (d.opinion.stance === 'cannot') {
    if (!mayRefuse(ctx.tier)) {
      return { code: 'REFUSAL_BELOW_TIER_4', message: `Only ${refusalTierLabel()} may answer "cannot"; escalate it inside the unit.` };
    }
    if (!isLegalBasis(d.opinion.legalBasis) || !d.opinion.explanation?.trim()) {
      return { code: 'MISSING_LEGAL_BASIS', message: '"cannot" needs the law or rule and article, and an explanation.' };
    }
  }
  return null;
}
