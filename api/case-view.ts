// The case as the API answers it, built from the workflow's state (or its last copy in the read
// model) and the requester's data, which only SQLite holds. Also: who may see which case.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { CASE_STATUSES, CLOSED_STATUSES, isOverdue, ROLES, TIERS } from '../domain/tiers.js';
import { maskPhone } from '../domain/privacy.js';
import { AttachmentRefSchema, NOTICE_LEVEL_LABELS, NOTICE_LEVELS, RATINGS } from '../domain/messages.js';
import { REQUESTER_STEP_ACTIONS, stepLabel } from '../domain/steps.js';
import { needsRequesterCode } from '../services/requester-codes.js';
import { caseForCaller, partsOf, startGivenUp, stepsOf, type CaseCaller as ServiceCaseCaller, type CaseRow, type PartHolder } from '../services/cases.js';
import { phaseHasDeadline, type CaseUpdateResult, type CaseView, type TimelineStep } from '../domain/case.js';
import { caseJudgement } from '../domain/satisfaction.js';
import type { Principal } from './auth.js';
import { Problem, problemOf } from './errors.js';
import { haltedProblem } from './temporal.js';
import { ComplaintOnCaseSchema } from './complaint-view.js';
import { ownReference } from '../domain/integration-events.js';

export { hashTrackingCode } from '../services/intake.js';
export { partsOf, stepsOf, trackingCodeFor, type CaseRow, type PartHolder } from '../services/cases.js';

const Assignee = z.object({ principalId: z.string(), name: z.string(), role: z.enum(ROLES) }).nullable();
export const TimelineStepSchema = z
  .looseObject({
    seq: z.number().int(),
    at: z.string(),
    tier: z.enum(TIERS),
    actor: z.string(),
    action: z.string(),
    note: z.string().nullable().optional(),
    subjectId: z.string().nullable().optional(),
    deadlineAt: z.string().nullable().optional(),
    elementId: z.string().nullable().optional(),
  })
  .meta({ id: 'TimelineStep' });

export const CaseStateSchema = z
  .looseObject({
    id: z.string(),
    workflowId: z.string(),
    title: z.string(),
    description: z.string(),
    category: z.string().nullable().describe('The category code (派单目录, GET /v1/categories)'),
    externalId: z.string().nullable().optional().describe('The reference its creator gave at intake (an integrator\'s ticket number)'),
    channel: z.string(),
    requester: z.object({ kind: z.enum(['person', 'enterprise']), name: z.string(), phone: z.string().optional() }),
    status: z.enum(CASE_STATUSES),
    tier: z.enum(TIERS),
    phase: z.string(),
    keyProject: z.boolean(),
    leadUnitId: z.string(),
    involvedUnitIds: z.array(z.string()),
    assignee: Assignee,
    deadlineAt: z.string().nullable(),
    deadlineProvisional: z.boolean(),
    deadlineNote: z.string().optional(),
    overdue: z.boolean(),
    holders: z.array(z.looseObject({ tier: z.enum(TIERS), principalId: z.string(), name: z.string(), from: z.string() })),
    materials: z.looseObject({ items: z.array(z.string()) }).optional(),
    directives: z.array(z.looseObject({ unitId: z.string(), task: z.string(), dueAt: z.string() })).optional(),
    outcome: z.looseObject({ kind: z.string(), tier: z.enum(TIERS), at: z.string() }).optional(),
    rating: z.looseObject({ rating: z.string(), at: z.string() }).optional(),
    reopened: z.number().int(),
    /** The case version, also sent as the `ETag` header ("v12"); send it back as `If-Match` with a decision. */
    version: z.number().int(),
    reviewRequested: z.boolean(),
    createdAt: z.string(),
    timeline: z.array(TimelineStepSchema),
    links: z.object({ page: z.string(), temporalUi: z.string() }),
    /** The case's workflow stopped without finishing (terminated by an operator, failed, timed out): nobody's to act on. */
    halted: z.object({ at: z.string(), reason: z.string() }).optional(),
    /** The progress messages sent to the requester, on the timeline as notices (tracking codes and phones masked). */
    notices: z.array(z.object({ at: z.string(), kind: z.literal('sms'), template: z.string(), text: z.string() })).optional(),
    /** Whether progress messages reach the requester's mobile, and whether they stopped them (退订). */
    textMessages: z.object({ mobile: z.boolean(), stopped: z.boolean(), stoppedAt: z.string().optional() }).optional(),
    /** Complaints about the case (效能铜都), for principals only: the complainant may not be the requester. */
    complaints: z.array(ComplaintOnCaseSchema).optional(),
    // Supervision of the live case and what follows its feedback (docs/supervision.md).
    /** 督办 notices, in the order issued; an open one stays until the holder decides. */
    supervisionNotices: z.array(z.looseObject({ no: z.number().int(), level: z.enum(NOTICE_LEVELS), label: z.string(), labelEn: z.string(), status: z.string(), dueAt: z.string(), unitId: z.string().nullable() })).optional(),
    /** Requests for more time (延期申请) and what became of them. */
    extensions: z.array(z.looseObject({ no: z.number().int(), by: z.string(), workingDays: z.number().int(), status: z.string(), decideBy: z.string() })).optional(),
    /** The rectification of a bad rating (差评整改). */
    rectification: z.looseObject({ status: z.string(), unitId: z.string(), dueAt: z.string() }).optional(),
    /** Return visits (回访): for officers and the efficiency office, never in a requester's view. */
    callbacks: z.array(z.looseObject({ no: z.number().int(), method: z.string(), reached: z.boolean() })).optional(),
    /** The lead unit's appeals against a rating. */
    appeals: z.array(z.looseObject({ no: z.number().int(), status: z.string(), ratingSeq: z.number().int(), decideBy: z.string() })).optional(),
    /** Return visits and appeals are taken until then (phase `aftercare`). */
    aftercareUntil: z.string().optional(),
    /** The judgement the satisfaction figures count (domain/satisfaction.ts): a rating or a return visit; none when struck by an upheld appeal. */
    judgement: z.object({ rating: z.enum(RATINGS), at: z.string(), source: z.enum(['rating', 'callback']) }).nullable().optional(),
  })
  .meta({ id: 'CaseState' });
export type CaseState = z.infer<typeof CaseStateSchema>;

/**
 * The requester's own view of their case (a read or an action by tracking code): where it stands, by
 * tier, and the words meant for them (the materials asked for, the answer, the reasons for a "no").
 * Never who: no holder, no officer's id or name, no actor on a step, no internal note. The one
 * schema of it, strict, so an answer carrying anything else fails instead of leaking it.
 */
export const RequesterViewSchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    status: z.enum(CASE_STATUSES),
    tier: z.enum(TIERS),
    phase: z.string(),
    deadlineAt: z.string().nullable().describe('The promised time of an answer or the next step; null once it is answered'),
    deadlineProvisional: z.boolean(),
    requester: z.strictObject({
      phone: z.string().optional().describe('The phone on file, masked'),
      smsCodeRequired: z.boolean().describe('Withdrawing and rating need a one-time code sent to that (mobile) phone: POST /v1/cases/{id}/requester-code, then the X-Sms-Code header'),
    }),
    materials: z
      .strictObject({
        items: z.array(z.string()),
        requestedAt: z.string(),
        dueAt: z.string(),
        suppliedAt: z.string().optional(),
        /** What the requester ticked off, and the files they sent for it (their own). */
        supplied: z.array(z.string()).optional(),
        attachments: z.array(AttachmentRefSchema).optional(),
      })
      .optional(),
    outcome: z
      .strictObject({
        kind: z.enum(['resolved', 'refused', 'withdrawn']),
        tier: z.enum(TIERS),
        at: z.string(),
        result: z.string().optional(),
        legalBasis: z.string().optional(),
        explanation: z.string().optional(),
      })
      .optional(),
    rating: z.strictObject({ rating: z.enum(RATINGS), comment: z.string().optional(), at: z.string() }).optional(),
    reopened: z.number().int(),
    reviewRequested: z.boolean(),
    createdAt: z.string(),
    timeline: z.array(
      z.strictObject({ seq: z.number().int(), at: z.string(), tier: z.enum(TIERS), action: z.string(), label: z.string(), labelEn: z.string() }),
    ),
    /** The text messages the requester was sent about the case (the tracking code masked in them). */
    notices: z.array(z.strictObject({ at: z.string(), kind: z.literal('sms'), template: z.string(), text: z.string() })).optional(),
    /** Whether progress messages reach the requester (a mobile on file) and whether they stopped them (回TD退订). */
    textMessages: z.strictObject({ mobile: z.boolean(), stopped: z.boolean(), stoppedAt: z.string().optional() }).optional(),
    /** The last extension granted (延期): the promised time moved from `from` to `to`, and why. */
    extension: z.strictObject({ grantedAt: z.string(), from: z.string(), to: z.string(), reason: z.string() }).optional(),
  })
  .meta({ id: 'RequesterView' });
export type RequesterView = z.infer<typeof RequesterViewSchema>;

const SHOWN_TO_REQUESTER: ReadonlySet<string> = new Set(REQUESTER_STEP_ACTIONS);

/** The requester's view from the workflow's state (or its read-model copy) and the stored steps. */
export function requesterView(row: CaseRow, view: CaseView | null, timeline: TimelineStep[]): RequesterView {
  const v = view ?? (row.view as CaseView | null);
  const status = (v?.status ?? row.status) as RequesterView['status'];
  const deadlineAt = v && !phaseHasDeadline(v.phase) ? null : v ? v.deadlineAt : row.deadlineAt;
  const m = v?.materials;
  const granted = v?.extensions?.filter((x) => x.status === 'granted').at(-1);
  const o = v?.outcome;
  const r = v?.rating;
  return {
    id: row.id,
    title: row.title,
    status,
    tier: (v?.tier ?? row.tier) as RequesterView['tier'],
    phase: v?.phase ?? 'handling',
    deadlineAt: deadlineAt ?? null,
    deadlineProvisional: v?.deadlineProvisional ?? row.deadlineProvisional,
    requester: { ...(row.requesterPhone ? { phone: maskPhone(row.requesterPhone) } : {}), smsCodeRequired: needsRequesterCode(row) },
    ...(m
      ? {
          materials: {
            items: m.items,
            requestedAt: m.requestedAt,
            dueAt: m.dueAt,
            ...(m.suppliedAt ? { suppliedAt: m.suppliedAt } : {}),
            ...(m.supplied ? { supplied: m.supplied } : {}),
            ...(m.attachments?.length ? { attachments: m.attachments } : {}),
          },
        }
      : {}),
    ...(o
      ? {
          outcome: {
            kind: o.kind,
            tier: o.tier,
            at: o.at,
            ...(o.result ? { result: o.result } : {}),
            ...(o.legalBasis ? { legalBasis: o.legalBasis } : {}),
            ...(o.explanation ? { explanation: o.explanation } : {}),
          },
        }
      : {}),
    ...(r ? { rating: { rating: r.rating, ...(r.comment ? { comment: r.comment } : {}), at: r.at } } : {}),
    reopened: v?.reopened ?? 0,
    reviewRequested: v?.reviewRequested ?? false,
    createdAt: row.createdAt,
    // The new promised time and the holder's reason, written for the requester (the request's form says so).
    ...(granted?.from && granted.to && granted.decidedAt ? { extension: { grantedAt: granted.decidedAt, from: granted.from, to: granted.to, reason: granted.reason } } : {}),
    timeline: timeline
      .filter((st) => SHOWN_TO_REQUESTER.has(st.action))
      .map((st) => ({ seq: st.seq, at: st.at, tier: st.tier, action: st.action, ...stepLabel(st.action) })),
  };
}

export interface Links {
  publicUrl: string;
  temporalUiUrl: string;
  namespace: string;
}

/** Builds the answer; `view` is the workflow's state, `timeline` its steps. */
export function caseState(row: CaseRow, view: CaseView | null, timeline: TimelineStep[], links: Links, opts: { showPhone: boolean; now: Date; parts?: PartHolder[] }): CaseState {
  const v = view ?? (row.view as CaseView | null);
  const deadlineAt = v && !phaseHasDeadline(v.phase) ? null : v ? v.deadlineAt : row.deadlineAt;
  const closed = CLOSED_STATUSES.includes((v?.status ?? row.status) as (typeof CASE_STATUSES)[number]);
  const overdue = Boolean(v?.overdue) || isOverdue(deadlineAt, opts.now.getTime(), closed);
  return {
    id: row.id,
    workflowId: row.workflowId,
    title: row.title,
    description: row.description,
    category: row.category,
    externalId: ownReference(row.externalId),
    channel: row.channel,
    requester: {
      kind: row.requesterKind as 'person' | 'enterprise',
      name: row.requesterName,
      ...(row.requesterPhone ? { phone: opts.showPhone ? row.requesterPhone : maskPhone(row.requesterPhone) } : {}),
    },
    status: (v?.status ?? row.status) as CaseState['status'],
    tier: (v?.tier ?? row.tier) as CaseState['tier'],
    phase: v?.phase ?? 'handling',
    keyProject: row.keyProject,
    leadUnitId: row.leadUnitId,
    involvedUnitIds: v?.involvedUnitIds ?? [],
    assignee: v?.assignee ? { principalId: v.assignee.principalId, name: v.assignee.name, role: v.assignee.role } : null,
    deadlineAt: deadlineAt ?? null,
    deadlineProvisional: v?.deadlineProvisional ?? row.deadlineProvisional,
    ...(v?.deadlineProvisional && v.deadlineNote ? { deadlineNote: v.deadlineNote } : {}),
    overdue,
    holders: v?.holders ?? [],
    ...(v?.materials ? { materials: v.materials } : {}),
    ...(v?.directives ? { directives: v.directives } : {}),
    ...(v?.outcome ? { outcome: v.outcome } : {}),
    ...(v?.rating ? { rating: v.rating } : {}),
    ...(v?.coordination
      ? {
          coordination: {
            ...v.coordination,
            // Who holds each unit's part now, from the parts' own read model.
            parts: v.coordination.parts.map((p) => {
              const held = opts.parts?.find((x) => x.unitId === p.unitId);
              return { ...p, ...(held ? { tier: held.tier, holder: held.assigneeId ? { principalId: held.assigneeId, name: held.assigneeName } : null, deadlineAt: held.deadlineAt } : {}) };
            }),
          },
        }
      : {}),
    ...(v?.consultation ? { consultation: v.consultation } : {}),
    ...(v?.supervisionNotices?.length ? { supervisionNotices: v.supervisionNotices.map((n) => ({ ...n, label: NOTICE_LEVEL_LABELS[n.level].label, labelEn: NOTICE_LEVEL_LABELS[n.level].labelEn })) } : {}),
    ...(v?.extensions?.length ? { extensions: v.extensions } : {}),
    ...(v?.rectification ? { rectification: v.rectification } : {}),
    ...(v?.callbacks?.length ? { callbacks: v.callbacks } : {}),
    ...(v?.appeals?.length ? { appeals: v.appeals } : {}),
    ...(v?.aftercareUntil ? { aftercareUntil: v.aftercareUntil } : {}),
    judgement: judgementOf(timeline),
    ...(row.haltedAt ? { halted: { at: row.haltedAt, reason: row.haltedReason ?? 'unknown' } } : {}),
    reopened: v?.reopened ?? 0,
    version: caseVersion(row, view),
    reviewRequested: v?.reviewRequested ?? false,
    createdAt: row.createdAt,
    timeline: timeline as CaseState['timeline'],
    links: {
      page: `${links.publicUrl}/cases/${row.id}`,
      temporalUi: `${links.temporalUiUrl}/namespaces/${links.namespace}/workflows/${encodeURIComponent(row.workflowId)}`,
    },
  } as CaseState; // the workflow's own types are narrower than the loose response schema
}

/** The judgement the satisfaction figures count, as the officers' view shows it. */
function judgementOf(timeline: TimelineStep[]): CaseState['judgement'] {
  const j = caseJudgement(timeline);
  return j ? { rating: j.rating, at: j.at, source: j.source } : null;
}

/**
 * The whole case as the contract answers an update: the row read before it, the summary the update
 * answered, and the steps from the store (which holds them before the workflow answers). A worker of
 * an older build may still answer with the whole view.
 */
export async function updatedCase(db: Db, row: CaseRow, r: CaseUpdateResult | CaseView, links: Links, showPhone: boolean): Promise<CaseState> {
  const view: CaseView = 'summary' in r ? r.summary : r;
  // The parts' holders show only on a coordinated case: no read for the others.
  return caseState(row, view, await stepsOf(db, row.id), links, { showPhone, now: new Date(), parts: view.coordination ? await partsOf(db, row.id) : [] });
}

/**
 * The case's version: the workflow's own when it has one, else (cases from before versions) the
 * length of its timeline, which the read model keeps as the last step's number.
 */
export function caseVersion(row: CaseRow, view: CaseView | null): number {
  if (view) return view.version ?? view.timeline?.length ?? row.lastSeq;
  const stored = row.view as CaseView | null;
  return stored?.version ?? row.lastSeq;
}

/** The ETag of a version: a strong tag, `"v12"`. */
export const etagOf = (version: number) => `"v${version}"`;

/**
 * The version an If-Match header names: a number, `'any'` for `*` (or no header), or null when it
 * is not an ETag this API gives (weak tags `W/"v12"` and bare `v12` are read too).
 */
export function parseIfMatch(header: string | undefined): number | 'any' | null {
  if (header === undefined) return 'any';
  const h = header.trim();
  if (h === '*') return 'any';
  const m = /^(?:W\/)?"?v(\d{1,9})"?$/.exec(h);
  return m ? Number(m[1]) : null;
}

/** Who is asking about a case: a principal with a token, or the requester with the tracking code. */
export type CaseCaller = ServiceCaseCaller<Principal>;

/** Seconds a caller waits before asking again about a case still being opened (a 202 intake, CASE_OPENING). */
export const OPENING_RETRY_AFTER_S = 5;

/**
 * A case taken in with 202 (the engine late or down) has no workflow step yet: nothing can change it
 * until its workflow sets the first assignee. Said as such, rather than the engine's "not found",
 * which would read as a closed case; and not as "retry shortly" when it will not open by itself (it
 * halted before its first step, or the sweep gave its start up and a supervisor must act).
 */
export async function mustBeOpened(db: Db, row: CaseRow): Promise<void> {
  if (row.lastSeq > 0) return;
  if (row.haltedAt) throw haltedProblem();
  if (await startGivenUp(db, row.id)) {
    throw problemOf('CASE_OPENING', 'The case could not be opened yet (受理未启动): the office\'s supervisors have it on their list. Nothing was changed.');
  }
  const p = problemOf('CASE_OPENING', 'The case is still being opened (受理中): its first assignee is not set yet. Try again in a few seconds.');
  p.headers['retry-after'] = String(OPENING_RETRY_AFTER_S);
  throw p;
}

/**
 * Finds the case and checks the caller may see it (services/cases.ts): anyone else gets 404, so case
 * ids cannot be probed. Without credentials the answer must not depend on whether the case exists.
 */
export async function loadCaseFor(db: Db, req: FastifyRequest, id: string, trackingCode?: string): Promise<{ row: CaseRow; caller: CaseCaller }> {
  if (!req.principal && !trackingCode) throw new Problem(401, 'UNAUTHENTICATED', 'A bearer token, or the case\'s trackingCode, is required.');
  return caseForCaller(db, req.principal, id, trackingCode);
}
