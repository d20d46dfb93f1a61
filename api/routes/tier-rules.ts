// The rule table as data for pages and integrators (GET /v1/tier-rules), generated from the same
// TIER_RULES the workflow validates against, and what the caller may decide on one case now
// (GET /v1/cases/{id}/allowed-decisions), answered by the same rule check. A page that draws its
// buttons from these never offers a refusal below the tier that may refuse.
// (The path /v1/rules already holds the case library's rules for whole classes of cases.)
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { violationOf } from '../../domain/engine/case.js';
import type { Decision } from '../../domain/messages.js';
import { ACTION_LABELS, ACTIONS, ESCALATION_REASONS, REASON_LABELS, ROLES, TIER_RULES, TIERS, checkDecision, type Action, type CaseStatus, type Tier } from '../../domain/tiers.js';
import { RATINGS, RATING_LABELS, isUnsatisfied } from '../../domain/messages.js';
import type { CaseView } from '../../domain/case.js';
import { bearerSecurity } from '../auth.js';
import { ProblemSchema } from '../errors.js';
import { loadCaseFor } from '../case-view.js';

const Labelled = { label: z.string(), labelEn: z.string() };
const TierRulesSchema = z
  .object({
    tiers: z.array(
      z.object({
        tier: z.enum(TIERS),
        role: z.enum(ROLES),
        ...Labelled,
        duty: z.string(),
        actions: z.array(z.enum(ACTIONS)).describe('What a holder of this tier may decide'),
        next: z.enum(TIERS).nullable().describe('Where escalation or a lapsed window leads'),
        mayRefuse: z.boolean().describe('Whether this tier may say "no" (说"不"), with a legal basis'),
      }),
    ),
    actions: z.array(z.object({ action: z.enum(ACTIONS), ...Labelled })),
    escalationReasons: z.array(z.object({ reason: z.enum(ESCALATION_REASONS), ...Labelled })),
    ratings: z.array(z.object({ rating: z.enum(RATINGS), ...Labelled, unsatisfied: z.boolean().describe('Reopens the case once, one tier up') })),
  })
  .meta({ id: 'TierRules' });

const AllowedSchema = z
  .object({
    caseId: z.string(),
    tier: z.enum(TIERS),
    status: z.string(),
    actions: z.array(z.enum(ACTIONS)).describe('The decisions the caller may take on this case now, in the order of the rule table'),
    blocked: z.object({ code: z.string(), message: z.string() }).optional().describe('Why nothing is allowed (not the holder, case closed…)'),
  })
  .meta({ id: 'AllowedDecisions' });

export function tierRules(): z.infer<typeof TierRulesSchema> {
  return {
    tiers: TIERS.map((t) => {
      const r = TIER_RULES[t];
      return { tier: t, role: r.role, label: r.label, labelEn: r.labelEn, duty: r.duty, actions: [...r.actions], next: r.next, mayRefuse: r.actions.includes('refuse') };
    }),
    actions: ACTIONS.map((a) => ({ action: a, ...ACTION_LABELS[a] })),
    escalationReasons: ESCALATION_REASONS.map((r) => ({ reason: r, ...REASON_LABELS[r] })),
    ratings: RATINGS.map((r) => ({ rating: r, ...RATING_LABELS[r], unsatisfied: isUnsatisfied(r) })),
  };
}

const tierRuleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const table = tierRules();

  app.get(
    '/v1/tier-rules',
    {
      schema: {
        tags: ['decisions'],
        summary: 'The four tiers and the city: who decides what (四级管理流程), with labels',
        description: 'Generated from the rule table the case workflow enforces. Public: the rules are the city\'s published policy.',
        security: [{}],
        response: { 200: TierRulesSchema },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'no-cache').send(table),
  );

  app.get(
    '/v1/cases/:id/allowed-decisions',
    {
      schema: {
        tags: ['decisions'],
        summary: 'What the caller may decide on this case now',
        description: 'Each action is put to the same rule check as a real decision (a complete one, so only who, where and when count). Same access as the case.',
        security: bearerSecurity,
        params: z.object({ id: z.string().max(64) }),
        response: { 200: AllowedSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => {
      const { row } = (await loadCaseFor(db, req, req.params.id));
      const view = row.view as CaseView | null;
      const actorId = req.principal?.id ?? '';
      // The engine's own check (violationOf) where the case's state is known: the same answer the
      // workflow gives, waiting phases included; the bare rule table for a case not projected yet.
      const ctx = {
        status: (view?.status ?? row.status) as CaseStatus,
        tier: (view?.tier ?? row.tier) as Tier,
        assigneeId: view ? (view.assignee?.principalId ?? null) : row.assigneeId,
      };
      const complete = (action: Action) => ({ action, legalBasis: '(the law and article)', explanation: '(an explanation)' }) as unknown as Decision;
      const verdicts = ACTIONS.map((action: Action) => ({
        action,
        // A complete refusal, so that only the rules of who, where and when answer, not missing fields.
        violation: view ? violationOf(view, { actorId, decision: complete(action) }) : checkDecision(ctx, actorId, complete(action)),
      }));
      const actions = verdicts.filter((v) => !v.violation).map((v) => v.action);
      const blocked = actions.length ? undefined : (verdicts.find((v) => v.violation)?.violation ?? undefined);
      return { caseId: row.id, tier: ctx.tier, status: ctx.status, actions, ...(blocked ? { blocked: { code: blocked.code, message: blocked.message } } : {}) };
    },
  );
};
export default tierRuleRoutes;
