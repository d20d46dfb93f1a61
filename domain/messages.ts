// One zod schema per message, shared by the API (request validation, OpenAPI) and the workflows
// (update and signal validators). Types are inferred here and nowhere else.
import { z } from 'zod';
import { CASE_STATUSES, ESCALATION_REASONS, ROLES, TIERS } from './tiers.js';
import { LimitSchema } from './policy.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().trim().min(1).max(64);
export const TierSchema = z.enum(TIERS);

export const RequesterSchema = z.strictObject({
  kind: z.enum(['person', 'enterprise']),
  name: text(100),
  phone: z.string().trim().regex(/^\+?[0-9 -]{5,20}$/, 'a phone number').optional(),
});

export const CHANNELS = ['window', 'hotline', 'mini_program', 'visit', 'api', 'village_reception'] as const;
/** How ledgers name each channel, Chinese first. */
export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], { label: string; labelEn: string }> = {
  window: { label: '窗口', labelEn: 'service window' },
  hotline: { label: '12345热线', labelEn: 'hotline' },
  mini_program: { label: '小程序', labelEn: 'mini-program' },
  visit: { label: '来访', labelEn: 'visit' },
  api: { label: '系统对接', labelEn: 'integration' },
  village_reception: { label: '村干部跑办代访', labelEn: 'village reception' },
};

export const IntakeSchema = z.strictObject({
  externalId: z.string().trim().min(1).max(128).optional(),
  requester: RequesterSchema,
  channel: z.enum(CHANNELS),
  title: text(200),
  description: text(5000),
  category: text(64).optional(),
  firstContactOfficerId: id.optional(),
  firstContactUnitId: id.optional(),
  involvedUnitIds: z.array(id).max(20).optional(),
  requestedBy: text(100).optional(),
  keyProject: z.boolean().optional(),
});
export type Intake = z.infer<typeof IntakeSchema>;

/**
 * A file attached to a message (domain/attachments.ts): the workflow sees its id, SHA-256 and size,
 * never its bytes. `item` names the requested material (补正材料) it answers.
 */
export const AttachmentRefSchema = z.strictObject({
  id: id,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  size: z.number().int().positive(),
  item: text(200).optional(),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;
const attachmentRefs = z.array(AttachmentRefSchema).max(20).optional();

const common = {
  note: z.string().trim().max(2000).optional(),
  /** Files uploaded to the case first (POST /v1/cases/{id}/attachments), sent by reference. */
  attachments: attachmentRefs,
  /** The tier the officer saw when deciding: a decision for a case that moved on is stale. */
  expectedTier: TierSchema.optional(),
  precedentIds: z.array(id).max(10).optional(),
};

export const ResolveSchema = z.strictObject({ action: z.literal('resolve'), result: text(4000), ...common });
export const RequestMaterialsSchema = z.strictObject({
  action: z.literal('request_materials'),
  items: z.array(text(200)).min(1).max(30),
  ...common,
});
export const EscalateSchema = z.strictObject({
  action: z.literal('escalate'),
  reason: z.enum(ESCALATION_REASONS),
  ...common,
  note: text(2000),
});
export const CoordinateSchema = z.strictObject({
  action: z.literal('coordinate'),
  unitIds: z.array(id).min(1).max(20),
  question: text(2000),
  ...common,
});
export const ConsultCitySchema = z.strictObject({ action: z.literal('consult_city'), ...common, note: text(2000) });
// legalBasis and explanation are checked by the rules (MISSING_LEGAL_BASIS), not here, so that a
// refusal without them answers with the contract's code rather than a generic validation error.
export const RefuseSchema = z.strictObject({
  action: z.literal('refuse'),
  legalBasis: z.string().trim().max(500).optional(),
  explanation: z.string().trim().max(4000).optional(),
  ...common,
});
export const ReferToCitySchema = z.strictObject({
  action: z.literal('refer_to_city'),
  suggestions: text(4000),
  ...common,
});
export const DirectiveSchema = z.strictObject({
  unitId: id,
  task: text(1000),
  dueAt: z.iso.datetime({ offset: true }),
});
export const DirectSchema = z.strictObject({
  action: z.literal('direct'),
  // One directive per unit: a unit reports "done" once, so a second directive to it could never close.
  directives: z
    .array(DirectiveSchema)
    .min(1)
    .max(20)
    .refine((ds) => new Set(ds.map((d) => d.unitId)).size === ds.length, 'one directive per unit'),
  ...common,
});

export const DecisionSchema = z.discriminatedUnion('action', [
  ResolveSchema,
  RequestMaterialsSchema,
  EscalateSchema,
  CoordinateSchema,
  ConsultCitySchema,
  RefuseSchema,
  ReferToCitySchema,
  DirectSchema,
]);
export type Decision = z.infer<typeof DecisionSchema>;
export type Directive = z.infer<typeof DirectiveSchema>;

/** What reaches the workflow: the decision plus who made it (set by the API from the token). */
export const DecisionEnvelopeSchema = z.strictObject({
  actorId: id,
  decision: DecisionSchema,
  /** Set on signals so a rejection on the timeline can name the request, and a repeat is ignored. */
  requestId: z.string().max(128).optional(),
  /** The case version (`ETag`) the officer saw: a decision on an older version is stale. */
  expectedVersion: z.number().int().nonnegative().optional(),
});
export type DecisionEnvelope = z.infer<typeof DecisionEnvelopeSchema>;

/**
 * How a requester action reached us, recorded on its timeline step so the audit shows who acted how:
 * the requester with the tracking code (their page, or their own client), or an integrator (the 12345
 * platform) relaying it with its own token for a case it filed. Set by the API, never by the caller.
 */
export const REQUESTER_CHANNELS = ['tracking_page', 'integrator'] as const;
export type RequesterChannel = (typeof REQUESTER_CHANNELS)[number];
export const REQUESTER_CHANNEL_LABELS: Record<RequesterChannel, { label: string; labelEn: string }> = {
  tracking_page: { label: '查询码（办件查询页）', labelEn: 'tracking code (the tracking page)' },
  integrator: { label: '集成平台代办', labelEn: 'integrator, relayed' },
};
const requesterChannel = { channel: z.enum(REQUESTER_CHANNELS).optional() };
/** A requester action's channel for its step's data; nothing where none was given. */
export const channelOf = (b: { channel?: RequesterChannel }) => (b.channel ? { channel: b.channel } : {});

export const MaterialsSchema = z.strictObject({
  /** The requested items this answer ticks off. */
  items: z.array(text(200)).min(1).max(30),
  note: z.string().trim().max(2000).optional(),
  ...requesterChannel,
  attachments: attachmentRefs,
});
export type Materials = z.infer<typeof MaterialsSchema>;

export const WithdrawSchema = z.strictObject({ reason: z.string().trim().max(1000).optional(), ...requesterChannel });
export type Withdraw = z.infer<typeof WithdrawSchema>;

/** The national 好差评 scale has five levels; the contract's three are among them. */
export const RATINGS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied', 'very_unsatisfied'] as const;
export const RatingSchema = z.strictObject({
  rating: z.enum(RATINGS),
  comment: z.string().trim().max(2000).optional(),
  ...requesterChannel,
  /** Set by the API: the rating came with the one-time code sent to the phone on file (a verified rating). */
  verified: z.boolean().optional(),
});
export type Rating = z.infer<typeof RatingSchema>;

/** What a requester sends: the message without its channel, which the API sets from how the request came. */
export const MaterialsBodySchema = MaterialsSchema.omit({ channel: true });
export const WithdrawBodySchema = WithdrawSchema.omit({ channel: true });
export const RatingBodySchema = RatingSchema.omit({ channel: true, verified: true });
export function isUnsatisfied(r: Rating['rating']): boolean {
  return r === 'unsatisfied' || r === 'very_unsatisfied';
}
/** The five levels of the national 好差评 scale, Chinese first. */
export const RATING_LABELS: Record<(typeof RATINGS)[number], { label: string; labelEn: string }> = {
  very_satisfied: { label: '非常满意', labelEn: 'very satisfied' },
  satisfied: { label: '满意', labelEn: 'satisfied' },
  basically_satisfied: { label: '基本满意', labelEn: 'basically satisfied' },
  unsatisfied: { label: '不满意', labelEn: 'unsatisfied' },
  very_unsatisfied: { label: '非常不满意', labelEn: 'very unsatisfied' },
};

export const DirectiveDoneSchema = z.strictObject({ note: z.string().trim().max(2000).optional() });

export const OpinionSchema = z.discriminatedUnion('stance', [
  z.strictObject({ stance: z.literal('can_do'), plan: text(4000), dueAt: z.iso.datetime({ offset: true }).optional() }),
  z.strictObject({
    stance: z.literal('cannot'),
    legalBasis: z.string().trim().max(500).optional(),
    explanation: z.string().trim().max(4000).optional(),
  }),
]);
export type Opinion = z.infer<typeof OpinionSchema>;

/** What a unit's part accepts: its opinion, or an escalation inside that unit (same rules as a case). */
export const PartDecisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('opinion'), opinion: OpinionSchema }),
  EscalateSchema,
]);
export const PartDecisionEnvelopeSchema = z.strictObject({ actorId: id, decision: PartDecisionSchema });
export type PartDecisionEnvelope = z.infer<typeof PartDecisionEnvelopeSchema>;

// ---- Signals between our own workflows and broadcasts: checked too, so a payload that did not come
// from us (e.g. one the codec could not open) is dropped instead of acted on. ----
const instant = z.iso.datetime({ offset: true });
export const PartAnswerSchema = z.object({
  unitId: id,
  workflowId: z.string().max(200).optional(),
  stance: z.enum(['can_do', 'cannot', 'lapsed']),
  plan: z.string().optional(),
  dueAt: z.string().optional(),
  legalBasis: z.string().optional(),
  explanation: z.string().optional(),
  by: z.string().min(1),
  tier: TierSchema,
  at: instant,
});
export const ConsultationConvenedSchema = z.object({ session: z.string().min(1), at: instant });
export const ConsultationOutcomeSchema = z.object({ kind: z.enum(['resolved', 'refused']), by: z.string().min(1), at: instant, summary: z.string() });
export const ConveneSchema = z.object({ session: z.string().min(1) });
export const DirectoryChangedSchema = z.object({ principalIds: z.array(id).min(1).max(1000) });
export const CalendarChangedSchema = z.object({ years: z.array(z.number().int().min(2000).max(2100)).min(1), documentNo: z.string().optional() });

// ---- Supervision of a live case (督查督办) and what follows its feedback: 督办 notices, extensions
// (延期申请), rectifying a bad rating (差评整改), return visits (回访), appeals against a rating. The
// bodies are what callers send; each message to the workflow adds who acts, from their token. ----

/** The three levels of a supervision notice (督办), mildest first. */
export const NOTICE_LEVELS = ['reminder', 'supervision', 'listed'] as const;
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];
export const NOTICE_LEVEL_LABELS: Record<NoticeLevel, { label: string; labelEn: string }> = {
  reminder: { label: '提醒', labelEn: 'reminder' },
  supervision: { label: '督办', labelEn: 'supervision' },
  listed: { label: '挂牌督办', labelEn: 'listed supervision' },
};

export const SupervisionNoticeSchema = z
  .strictObject({
    level: z.enum(NOTICE_LEVELS),
    /** By when the holder must decide: working hours or days on the official calendar (a duration runs on the wall clock). */
    due: LimitSchema,
    note: text(2000),
    /** A unit's part of a coordinated case, instead of the case itself. */
    unitId: id.optional(),
  })
  .meta({ id: 'SupervisionNoticeIntake' });
export type SupervisionNoticeBody = z.infer<typeof SupervisionNoticeSchema>;
export const WithdrawNoticeSchema = z.strictObject({ note: z.string().trim().max(2000).optional() }).meta({ id: 'SupervisionNoticeWithdrawal' });

export const ExtensionRequestSchema = z
  .strictObject({
    workingDays: z.number().int().min(1).max(60),
    /** Why more time is needed, in words the requester reads on the tracking page once it is granted. */
    reason: text(1000),
  })
  .meta({ id: 'ExtensionRequest' });
export const ExtensionDecisionSchema = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(2000).optional() }).meta({ id: 'ExtensionDecision' });

export const RectificationReportSchema = z
  .strictObject({
    /** What the unit changed (整改措施). */
    changes: text(4000),
    attachments: attachmentRefs,
  })
  .meta({ id: 'RectificationReport' });
export const RectificationCloseSchema = z.strictObject({ note: z.string().trim().max(2000).optional() }).meta({ id: 'RectificationClose' });

export const CALLBACK_METHODS = ['phone', 'sms', 'visit', 'online'] as const;
export const CALLBACK_METHOD_LABELS: Record<(typeof CALLBACK_METHODS)[number], { label: string; labelEn: string }> = {
  phone: { label: '电话回访', labelEn: 'phone' },
  sms: { label: '短信回访', labelEn: 'text message' },
  visit: { label: '上门回访', labelEn: 'visit' },
  online: { label: '网上回访', labelEn: 'online' },
};
export const CallbackSchema = z
  .strictObject({
    method: z.enum(CALLBACK_METHODS),
    /** Whether the requester was reached; only a reached requester gives a satisfaction. */
    reached: z.boolean(),
    satisfaction: z.enum(RATINGS).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((b) => b.reached || b.satisfaction === undefined, { message: 'a requester who was not reached gives no satisfaction', path: ['satisfaction'] })
  .meta({ id: 'Callback' });
export type CallbackBody = z.infer<typeof CallbackSchema>;

export const APPEAL_REASONS = ['mistaken', 'malicious'] as const;
export const APPEAL_REASON_LABELS: Record<(typeof APPEAL_REASONS)[number], { label: string; labelEn: string }> = {
  mistaken: { label: '误评', labelEn: 'mistaken' },
  malicious: { label: '恶意差评', labelEn: 'malicious' },
};
export const AppealSchema = z
  .strictObject({
    reason: z.enum(APPEAL_REASONS),
    /** The unit's case, with the evidence (files uploaded to the case first). */
    explanation: text(4000),
    attachments: attachmentRefs,
  })
  .meta({ id: 'Appeal' });
export const AppealDecisionSchema = z.strictObject({ uphold: z.boolean(), note: text(2000) }).meta({ id: 'AppealDecision' });

/** Who acts, as the API knows them from their token: the engine checks role and unit against the case. */
export const ActorSchema = z.strictObject({ id, role: z.enum(ROLES), unitId: id.nullable() });
export type Actor = z.infer<typeof ActorSchema>;
const no = z.number().int().positive();
/** A supervision message to the workflow: who acts, what they sent, and (for a decision) which item. */
const envelope = <T extends z.ZodType>(body: T) => z.strictObject({ actor: ActorSchema, body });
const numbered = <T extends z.ZodType>(body: T) => z.strictObject({ actor: ActorSchema, no, body });
export const NoticeMessageSchema = z.strictObject({
  actor: ActorSchema,
  body: SupervisionNoticeSchema,
  /** The holder of the unit's part when the notice names one (the API reads it from the parts' read model). */
  partHolderId: id.optional(),
});
export const NoticeWithdrawMessageSchema = numbered(WithdrawNoticeSchema);
export const ExtensionRequestMessageSchema = envelope(ExtensionRequestSchema);
export const ExtensionDecisionMessageSchema = numbered(ExtensionDecisionSchema);
export const RectificationReportMessageSchema = envelope(RectificationReportSchema);
export const RectificationCloseMessageSchema = envelope(RectificationCloseSchema);
export const CallbackMessageSchema = envelope(CallbackSchema);
export const AppealMessageSchema = envelope(AppealSchema);
export const AppealDecisionMessageSchema = numbered(AppealDecisionSchema);
export type NoticeMessage = z.infer<typeof NoticeMessageSchema>;
export type NoticeWithdrawMessage = z.infer<typeof NoticeWithdrawMessageSchema>;
export type ExtensionRequestMessage = z.infer<typeof ExtensionRequestMessageSchema>;
export type ExtensionDecisionMessage = z.infer<typeof ExtensionDecisionMessageSchema>;
export type RectificationReportMessage = z.infer<typeof RectificationReportMessageSchema>;
export type RectificationCloseMessage = z.infer<typeof RectificationCloseMessageSchema>;
export type CallbackMessage = z.infer<typeof CallbackMessageSchema>;
export type AppealMessage = z.infer<typeof AppealMessageSchema>;
export type AppealDecisionMessage = z.infer<typeof AppealDecisionMessageSchema>;

/** Flattens a zod error into the contract's `errors: [{ path, message }]`. */
export function zodIssues(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

/**
 * What an update on a case answers (decide, materials, withdraw, rate, directive done): the case's
 * summary as the workflow holds it, without its timeline, and the steps the update added. The
 * timeline itself is read from the store (GET /v1/cases/{id}): an answer that carried it would make
 * history bytes grow with the square of the steps.
 */
export const CaseUpdateResultSchema = z.object({
  summary: z.looseObject({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(CASE_STATUSES),
    tier: z.enum(TIERS),
    phase: z.string(),
    version: z.number().int(),
    assignee: z.looseObject({ principalId: z.string(), name: z.string(), role: z.string() }).nullable(),
    deadlineAt: z.string().nullable(),
    overdue: z.boolean(),
    /** Always empty here: the timeline is not part of the answer. */
    timeline: z.array(z.never()).max(0),
  }),
  steps: z.array(
    z.looseObject({ seq: z.number().int(), at: z.string(), tier: z.enum(TIERS), actor: z.string(), action: z.string() }),
  ),
});
