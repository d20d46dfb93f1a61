// Every table of the SQLite store, in one place. Temporal holds where each case stands; these tables
// hold the directory, the read models behind inboxes and reports, the audit copy of every step,
// the notification outbox, and (later) supervision and the case library.
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// ---- Directory (名录) ----

export const units = sqliteTable('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  /** department | district | town | utility | office */
  kind: text('kind').notNull(),
  cityLeaderId: text('city_leader_id'),
});

export const sections = sqliteTable('sections', {
  id: text('id').primaryKey(),
  unitId: text('unit_id').notNull().references(() => units.id),
  name: text('name').notNull(),
});

/** Every account: officers, city leaders, supervisors, integrators, admins. */
export const principals = sqliteTable(
  'principals',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    unitId: text('unit_id').references(() => units.id),
    sectionId: text('section_id').references(() => sections.id),
    phone: text('phone'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Who takes this officer's work while the post is vacant (缺位递补); null: the next tier up. */
    standInId: text('stand_in_id'),
  },
  (t) => [index('principals_unit_role').on(t.unitId, t.role)],
);

/** Which sections a deputy head (分管负责人) is in charge of. */
export const deputySections = sqliteTable(
  'deputy_sections',
  {
    deputyId: text('deputy_id').notNull().references(() => principals.id),
    sectionId: text('section_id').notNull().references(() => sections.id),
  },
  (t) => [primaryKey({ columns: [t.deputyId, t.sectionId] })],
);

/** Service windows; each has a QR code that opens its complaint page. */
export const windows = sqliteTable('windows', {
  code: text('code').primaryKey(),
  unitId: text('unit_id').notNull().references(() => units.id),
  name: text('name').notNull(),
});

/** Bearer tokens, stored only as SHA-256 hashes. */
export const tokens = sqliteTable('tokens', {
  hash: text('hash').primaryKey(),
  principalId: text('principal_id').notNull().references(() => principals.id),
  label: text('label'),
  createdAt: text('created_at').notNull(),
  revokedAt: text('revoked_at'),
  /** After this instant the token answers 401 TOKEN_EXPIRED; null: no expiry (demo tokens outside production). */
  expiresAt: text('expires_at'),
  /**
   * When the first token of its rotation chain was issued (null: this one, createdAt). Rotation never
   * gives a token life past this instant plus the role's maximum age (TOKEN_MAX_AGE).
   */
  chainStartedAt: text('chain_started_at'),
});

// ---- Cases: read model and audit copy ----

/** One row per case: the projection the inbox, lists and reports read. */
export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    trackingCodeHash: text('tracking_code_hash').notNull(),
    externalId: text('external_id'),
    /** The principal who started the case (integrator or officer); scopes externalId. */
    createdBy: text('created_by').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category'),
    channel: text('channel').notNull(),
    requesterKind: text('requester_kind').notNull(),
    requesterName: text('requester_name').notNull(),
    /** Personal data lives here, never in Temporal payloads. */
    requesterPhone: text('requester_phone'),
    keyProject: integer('key_project', { mode: 'boolean' }).notNull().default(false),
    status: text('status').notNull(),
    tier: text('tier').notNull(),
    leadUnitId: text('lead_unit_id').notNull(),
    /**
     * The first-contact owner (首问负责人) resolved at intake, when one is (an officer named, or the
     * officer who took the request in); null when the lead unit's roster picks. Every start of the
     * case's workflow reads it: a start left to the sweep, or a request sent again, keeps the owner.
     */
    firstContactOfficerId: text('first_contact_officer_id'),
    assigneeId: text('assignee_id'),
    assigneeName: text('assignee_name'),
    assigneeRole: text('assignee_role'),
    deadlineAt: text('deadline_at'),
    deadlineProvisional: integer('deadline_provisional', { mode: 'boolean' }).notNull().default(false),
    closedTier: text('closed_tier'),
    /** The requester's last rating, as given (the audit's word). */
    rating: text('rating'),
    /**
     * The judgement the satisfaction figures count (domain/satisfaction.ts): the last answer's rating,
     * or the return visit that replaced it, never a rating an upheld appeal struck out; when, and which.
     */
    countedRating: text('counted_rating'),
    countedRatingAt: text('counted_rating_at'),
    countedRatingSource: text('counted_rating_source'),
    lastSeq: integer('last_seq').notNull().default(0),
    /** The workflow's last answered state (timeline excluded), so reads need no worker. */
    view: text('view', { mode: 'json' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    closedAt: text('closed_at'),
    /**
     * The workflow stopped without finishing (terminated, failed, timed out): it is no longer anyone's
     * to act on, so it leaves the inboxes. Set by the store's reconciliation (reconcile/sweeper.ts).
     */
    haltedAt: text('halted_at'),
    haltedReason: text('halted_reason'),
    /** When the retention policy masked the requester's personal data (services/retention.ts). */
    purgedAt: text('purged_at'),
  },
  (t) => [
    uniqueIndex('cases_external').on(t.createdBy, t.externalId),
    index('cases_status').on(t.status, t.createdAt),
    index('cases_lead').on(t.leadUnitId, t.createdAt),
    index('cases_deadline').on(t.deadlineAt),
    // The case list, newest first: walked in order, so a page stops after its rows.
    index('cases_newest').on(t.createdAt, t.id),
    // The inbox's first phase reads an officer's open cases from the index alone (services/inbox.ts).
    index('cases_inbox_open').on(t.assigneeId, t.deadlineAt, t.status, t.id),
    // The month's reports count the cases closed in a month per lead unit from the index alone.
    index('cases_closed').on(t.closedAt, t.leadUnitId, t.status),
    // ...and their judgements (满意率) by the month each was given.
    index('cases_judged').on(t.countedRatingAt, t.leadUnitId),
  ],
);

/**
 * Supervision's items of each case as its workflow holds them (a projection of the case's view, written
 * with every job and rewritten when the store follows a reset): 督办 notices, requests for more time,
 * the rectification of a bad rating (the ledger, GET /v1/rectifications) and appeals.
 */
export const supervisionItems = sqliteTable(
  'supervision_items',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    /** notice | extension | rectification | appeal */
    kind: text('kind').notNull(),
    no: integer('no').notNull(),
    /** The unit it concerns: a notice's part, else the lead unit. */
    unitId: text('unit_id').notNull(),
    status: text('status').notNull(),
    /** A notice's level (提醒, 督办, 挂牌督办); an appeal's reason. */
    level: text('level'),
    /** Who opened it: the supervisor, the holder, the appealing officer (the system for a rectification). */
    openedBy: text('opened_by').notNull(),
    openedAt: text('opened_at').notNull(),
    /** When it falls due (a notice, a rectification's report) or must be decided (an extension, an appeal). */
    dueAt: text('due_at'),
    lapsedAt: text('lapsed_at'),
    closedAt: text('closed_at'),
    closedBy: text('closed_by'),
    /** The item as the case's view holds it. */
    data: text('data', { mode: 'json' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.kind, t.no] }),
    index('supervision_items_kind').on(t.kind, t.status, t.dueAt),
    index('supervision_items_opened').on(t.kind, t.openedAt, t.unitId),
    index('supervision_items_unit').on(t.unitId, t.kind, t.status),
  ],
);

/** Units a case touches (lead and coordinated), for access control and per-unit lists. */
export const caseUnits = sqliteTable(
  'case_units',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    unitId: text('unit_id').notNull(),
    role: text('role').notNull(), // lead | involved
  },
  (t) => [primaryKey({ columns: [t.caseId, t.unitId] }), index('case_units_unit').on(t.unitId)],
);

/** Each unit's part of a coordinated case (牵头协调): who holds it, until when, and its answer. */
export const caseParts = sqliteTable(
  'case_parts',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    unitId: text('unit_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    status: text('status').notNull(), // open | answered | lapsed | withdrawn
    tier: text('tier').notNull(),
    assigneeId: text('assignee_id'),
    assigneeName: text('assignee_name'),
    deadlineAt: text('deadline_at'),
    stance: text('stance'),
    lastSeq: integer('last_seq').notNull().default(0),
    /** The part workflow's state, timeline included. */
    view: text('view', { mode: 'json' }),
    updatedAt: text('updated_at').notNull(),
  },
  // One row per part workflow: a unit may be asked again in a later round of the same case.
  (t) => [primaryKey({ columns: [t.workflowId] }), index('case_parts_case_unit').on(t.caseId, t.unitId), index('case_parts_inbox').on(t.assigneeId, t.deadlineAt)],
);

/** The audit copy of every timeline step; outlives Temporal's retention. */
export const caseSteps = sqliteTable(
  'case_steps',
  {
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    tier: text('tier').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    note: text('note'),
    /** The officer a step is about (the holder whose window lapsed, the new assignee...). */
    subjectId: text('subject_id'),
    deadlineAt: text('deadline_at'),
    data: text('data', { mode: 'json' }),
    /** The BPMN element of the process model the step passed through. */
    elementId: text('element_id'),
    /** What the step means for supervision (officer_events is derived from it). */
    officerEvents: text('officer_events', { mode: 'json' }),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.seq] }),
    index('case_steps_subject').on(t.subjectId, t.action),
    // The month's reports find the steps of one kind in a month (ratings, hand-overs) by range.
    index('case_steps_action_at').on(t.action, t.at),
  ],
);

/** Events against an officer that supervision reads: shelved (搁置), escalated, resolved... */
export const officerEvents = sqliteTable(
  'officer_events',
  {
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    officerId: text('officer_id').notNull(),
    unitId: text('unit_id'),
    tier: text('tier'),
    kind: text('kind').notNull(),
    at: text('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.seq, t.officerId, t.kind] }),
    index('officer_events_officer').on(t.officerId, t.kind),
    // The month's reports and the over-escalation window: the events of a kind in a time range.
    index('officer_events_kind_at').on(t.kind, t.at),
  ],
);

/** A step the workflow no longer has (a retried task that went another way, a reset): kept for the audit. */
export const supersededSteps = sqliteTable(
  'superseded_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    tier: text('tier').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    note: text('note'),
    subjectId: text('subject_id'),
    deadlineAt: text('deadline_at'),
    data: text('data', { mode: 'json' }),
    elementId: text('element_id'),
    /** The officer events the step carried (they left officer_events with it). */
    officerEvents: text('officer_events', { mode: 'json' }),
    supersededAt: text('superseded_at').notNull(),
    /** Why: 'retried' (a task attempt that never completed), 'reset' (another run), 'resync'. */
    reason: text('reason').notNull(),
    /** The run whose job or state replaced it. */
    byRunId: text('by_run_id').notNull(),
  },
  (t) => [index('superseded_steps_case').on(t.caseId, t.seq)],
);

// ---- The store's copy of each workflow (how the store follows Temporal) ----

/** Per workflow that writes the store: which run and which job the store's copy is at. */
export const workflowCopies = sqliteTable(
  'workflow_copies',
  {
    workflowId: text('workflow_id').primaryKey(),
    /** case | part */
    kind: text('kind').notNull(),
    /** The case the workflow belongs to. */
    caseId: text('case_id').notNull(),
    runId: text('run_id').notNull(),
    /** The last job whose writes the store holds. */
    jobNo: integer('job_no').notNull(),
    /** The last step the store holds. */
    lastSeq: integer('last_seq').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** The run closed without finishing (TERMINATED, FAILED, TIMED_OUT, CANCELED) and when the store saw it. */
    haltedStatus: text('halted_status'),
    haltedAt: text('halted_at'),
  },
  (t) => [index('workflow_copies_case').on(t.caseId)],
);

/**
 * Each job the store carried out for a workflow (workflows/one-call.ts): its identity (run, number,
 * event), its time and its look-ups' answers, so a retried attempt takes what was committed.
 */
export const storeJobs = sqliteTable(
  'store_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workflowId: text('workflow_id').notNull(),
    jobNo: integer('job_no').notNull(),
    runId: text('run_id').notNull(),
    /** The event's identity: an update id, a signal's request id, the wake-up a timer answers, a digest. */
    eventId: text('event_id').notNull(),
    at: text('at').notNull(),
    answers: text('answers', { mode: 'json' }).notNull(),
    firstSeq: integer('first_seq').notNull(),
    lastSeq: integer('last_seq').notNull(),
    createdAt: text('created_at').notNull(),
    /** The workflow said it holds the job (its committed history): its notices went out then. */
    confirmedAt: text('confirmed_at'),
    supersededAt: text('superseded_at'),
    supersededReason: text('superseded_reason'),
  },
  // One live job per number; superseded ones stay beside it for the audit.
  (t) => [
    uniqueIndex('store_jobs_live').on(t.workflowId, t.jobNo).where(sql`superseded_at IS NULL`),
    index('store_jobs_unconfirmed').on(t.confirmedAt, t.supersededAt, t.workflowId),
  ],
);

/** Small facts about the store itself: e.g. `rebuild_requested_at`, set by a restore, cleared by the reconciliation's full pass. */
export const storeMeta = sqliteTable('store_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** An officer event of a superseded step (it no longer counts in portraits or reviews). */
export const supersededOfficerEvents = sqliteTable('superseded_officer_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: text('case_id').notNull(),
  seq: integer('seq').notNull(),
  officerId: text('officer_id').notNull(),
  unitId: text('unit_id'),
  tier: text('tier'),
  kind: text('kind').notNull(),
  at: text('at').notNull(),
  supersededAt: text('superseded_at').notNull(),
});

// ---- Notifications ----

/** The outbox: written by idempotent activities, delivered by the dispatcher, never twice. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** case:step:recipient (or another stable key): a retried activity writes nothing new. */
    key: text('key').notNull(),
    caseId: text('case_id'),
    recipientId: text('recipient_id').notNull(),
    /** officer | requester | unit | supervisor */
    recipientKind: text('recipient_kind').notNull(),
    template: text('template').notNull(),
    vars: text('vars', { mode: 'json' }).notNull(),
    body: text('body').notNull(),
    /**
     * unconfirmed (written by a job the workflow has not confirmed yet) | pending | sending | sent |
     * failed | superseded (its step was superseded before it went out; a sent one keeps 'sent' and
     * gets superseded_at).
     */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    channel: text('channel'),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    sentAt: text('sent_at'),
    /** When a dispatcher claimed the row (status 'sending'); a claim older than the lease is reclaimed. */
    claimedAt: text('claimed_at'),
    /** Which dispatcher holds the claim: its writes are fenced on (claimed_by, claimed_at). */
    claimedBy: text('claimed_by'),
    /** The workflow job that wrote the row: it goes out once the workflow has confirmed that job. */
    workflowId: text('workflow_id'),
    jobNo: integer('job_no'),
    /** The step it told of was superseded (reconcile: a retried task went another way, a reset). */
    supersededAt: text('superseded_at'),
  },
  (t) => [uniqueIndex('outbox_key').on(t.key), index('outbox_due').on(t.status, t.nextAttemptAt), index('outbox_unconfirmed').on(t.status, t.workflowId, t.jobNo)],
);

/**
 * Every progress message meant for a requester (notify/requester.ts), by its own key: the outbox row
 * that carries it (its own, or the next morning's digest it was folded into) and the Beijing day that
 * row goes out. A case's rows of one day count against the daily cap; a key seen before is not routed again.
 */
export const requesterMessages = sqliteTable(
  'requester_messages',
  {
    key: text('key').primaryKey(),
    caseId: text('case_id').notNull(),
    /** The outbox key of the row that carries the message. */
    carrierKey: text('carrier_key').notNull(),
    /** YYYY-MM-DD, Asia/Shanghai: the day the carrier goes out. */
    sendDay: text('send_day').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('requester_messages_case_day').on(t.caseId, t.sendDay)],
);

/** Requesters who asked for no more messages about a case (回TD退订, or the switch on the tracking page). */
export const requesterOptOuts = sqliteTable('requester_opt_outs', {
  caseId: text('case_id').primaryKey(),
  /** sms_reply | tracking_page */
  via: text('via').notNull(),
  at: text('at').notNull(),
});

// ---- Attachments (补正材料 and the documents of a case) ----
// Files never enter Temporal: the workflow sees an attachment's id, SHA-256 and size only. The bytes
// live in attachment_blobs (a blob column: bytea on PostgreSQL) or in an S3-compatible bucket.

export const attachments = sqliteTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => cases.id),
    /** Of the bytes as stored (after an image was re-encoded). */
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** Judged from the bytes: application/pdf | image/jpeg | image/png. */
    mediaType: text('media_type').notNull(),
    /** The name it came with, cleaned; only ever sent back in Content-Disposition. */
    fileName: text('file_name').notNull(),
    /** case | materials | decision */
    purpose: text('purpose').notNull(),
    /** The requested material (补正材料 item) it answers, when purpose is materials. */
    item: text('item'),
    /** requester | officer */
    uploaderKind: text('uploader_kind').notNull(),
    /** The officer's principal id, or 'requester'. */
    uploadedBy: text('uploaded_by').notNull(),
    /** store | s3: where the bytes are. */
    storage: text('storage').notNull(),
    /** reencoded (an image, its metadata gone) | none (a PDF, kept as sent) */
    processing: text('processing').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('attachments_case').on(t.caseId, t.createdAt)],
);

/** The bytes of attachments kept in the store (the default storage). */
export const attachmentBlobs = sqliteTable('attachment_blobs', {
  attachmentId: text('attachment_id').primaryKey(),
  data: blob('data', { mode: 'buffer' }).notNull(),
});

/** Every download of an attachment: who, as what, when (the audit the efficiency office reads). */
export const attachmentDownloads = sqliteTable(
  'attachment_downloads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    attachmentId: text('attachment_id').notNull(),
    caseId: text('case_id').notNull(),
    /** principal | requester */
    readerKind: text('reader_kind').notNull(),
    /** The principal id, or 'requester'. */
    readerId: text('reader_id').notNull(),
    readerRole: text('reader_role'),
    at: text('at').notNull(),
  },
  (t) => [index('attachment_downloads_case').on(t.caseId, t.at), index('attachment_downloads_attachment').on(t.attachmentId, t.at)],
);

// ---- Calendar ----

/**
 * Local amendments to the official working-day calendar (activities/calendar.ts): a day the city
 * declares off, or a make-up working day. They win over the published State Council arrangement.
 */
export const calendarOverrides = sqliteTable('calendar_overrides', {
  /** Asia/Shanghai date, 'YYYY-MM-DD'. */
  date: text('date').primaryKey(),
  /** work | rest */
  kind: text('kind').notNull(),
  /** Why (the notice that declared it). */
  note: text('note').notNull(),
  createdBy: text('created_by'),
});

// ---- Case library (案例汇编) ----
// Precedents officers find and cite, and the rules formed from them (从解决"一个问题"向解决"一类问题"转变).
// The full-text index over precedents, rules and resolved cases (library_fts, FTS5 with the trigram
// tokenizer) and the triggers that keep it current live in a custom migration: drizzle cannot
// express virtual tables. See db/library.ts.

/** A typical case (典型案例): a resolved case of this city, or a practice from elsewhere (外地经验). */
export const precedents = sqliteTable(
  'precedents',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    category: text('category'),
    /** legacy (历史遗留) | cross_department (跨部门) | no_precedent (无先例) | other (其他) */
    kind: text('kind').notNull(),
    problem: text('problem').notNull(),
    solution: text('solution').notNull(),
    /** local_case (本市案例) | elsewhere (外地经验) */
    sourceKind: text('source_kind').notNull(),
    /** The resolved case it was promoted from; a case is promoted once. */
    sourceCaseId: text('source_case_id').references(() => cases.id),
    /** For a practice from elsewhere: the city or province (e.g. 江苏省南京市). */
    place: text('place'),
    /** Where it is documented: a notice, its number, a report, a link. */
    documentedIn: text('documented_in'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('precedents_source_case').on(t.sourceCaseId), index('precedents_category').on(t.category, t.kind)],
);

/** The units a precedent involved (filter by unit). */
export const precedentUnits = sqliteTable(
  'precedent_units',
  {
    precedentId: text('precedent_id').notNull().references(() => precedents.id),
    unitId: text('unit_id').notNull().references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.precedentId, t.unitId] }), index('precedent_units_unit').on(t.unitId)],
);

/** A rule for a whole class of cases (e.g. a joint-review procedure for a building's change of use). */
export const libraryRules = sqliteTable(
  'library_rules',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    issuingUnitId: text('issuing_unit_id').notNull().references(() => units.id),
    /** Asia/Shanghai date the rule was issued, 'YYYY-MM-DD'. */
    issuedOn: text('issued_on').notNull(),
    /** The document number (文号), e.g. 铜建〔2023〕12号. */
    documentNo: text('document_no'),
    category: text('category'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('library_rules_unit').on(t.issuingUnitId, t.issuedOn)],
);

/** The cases a rule grew from. */
export const ruleCases = sqliteTable(
  'rule_cases',
  {
    ruleId: text('rule_id').notNull().references(() => libraryRules.id),
    caseId: text('case_id').notNull().references(() => cases.id),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.caseId] }), index('rule_cases_case').on(t.caseId)],
);

/** The precedents a rule grew from (read from the precedent's side: the rule it led to). */
export const rulePrecedents = sqliteTable(
  'rule_precedents',
  {
    ruleId: text('rule_id').notNull().references(() => libraryRules.id),
    precedentId: text('precedent_id').notNull().references(() => precedents.id),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.precedentId] }), index('rule_precedents_precedent').on(t.precedentId)],
);

/** Each decision (escalate, resolve) that cited a precedent: the library's count of uses. */
export const precedentCitations = sqliteTable(
  'precedent_citations',
  {
    caseId: text('case_id').notNull(),
    /** The timeline step that carried the citation. */
    seq: integer('seq').notNull(),
    precedentId: text('precedent_id').notNull().references(() => precedents.id),
    action: text('action').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq, t.precedentId] }), index('precedent_citations_precedent').on(t.precedentId, t.at)],
);

/**
 * One row per document in the full-text index: its id is the FTS rowid (stable, unlike the implicit
 * rowid of a text-keyed table). Written only by the library_fts triggers of the custom migration.
 */
export const libraryDocs = sqliteTable(
  'library_docs',
  {
    id: integer('id').primaryKey(),
    /** precedent | case | rule */
    docType: text('doc_type').notNull(),
    ref: text('ref').notNull(),
  },
  (t) => [uniqueIndex('library_docs_ref').on(t.docType, t.ref)],
);

// ---- Supervision (效能建设) ----
// The "效能铜都" complaint channel, retrospective reviews (倒查复盘) and the accountability records
// (通报、问责) they lead to. The path a review lays out is read from case_steps and officer_events.

/** A complaint from a requester, filed through a window's QR code or by naming a unit. */
export const complaints = sqliteTable(
  'complaints',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    /** SHA-256 of the client's Idempotency-Key: the same key files one complaint. */
    idempotencyKeyHash: text('idempotency_key_hash'),
    /** SHA-256 of the request body that came with the key: the same key with another body is refused. */
    bodyHash: text('body_hash'),
    windowCode: text('window_code').references(() => windows.code),
    unitId: text('unit_id').notNull().references(() => units.id),
    caseId: text('case_id').references(() => cases.id),
    /** Personal data stays here, never in Temporal payloads. */
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    content: text('content').notNull(),
    /** The principal who filed it for the complainant (12345 integrator, an officer), if any. */
    filedBy: text('filed_by'),
    /** open | contacted | closed */
    status: text('status').notNull(),
    filedAt: text('filed_at').notNull(),
    contactDueAt: text('contact_due_at'),
    /** The contact deadline was counted on the plain Mon–Fri rule: its year's notice is not loaded. */
    contactDueProvisional: integer('contact_due_provisional', { mode: 'boolean' }),
    contactedAt: text('contacted_at'),
    contactedBy: text('contacted_by'),
    contactNote: text('contact_note'),
    /** Set when the contact window passed without a contact (a shelved event was recorded). */
    contactLapsedAt: text('contact_lapsed_at'),
    closedAt: text('closed_at'),
    closedBy: text('closed_by'),
    /** Whether the complaint was upheld (属实) when closed. */
    upheld: integer('upheld', { mode: 'boolean' }),
    findings: text('findings'),
    /** Officers the findings name: { officerIds: string[] }. */
    findingsData: text('findings_data', { mode: 'json' }),
    /** The hash of the SMS code that confirmed it (verified complaints): asking again needs the same code. */
    verificationCodeHash: text('verification_code_hash'),
    /** When the retention policy masked the complainant's personal data (services/retention.ts). */
    purgedAt: text('purged_at'),
  },
  (t) => [
    uniqueIndex('complaints_idempotency').on(t.idempotencyKeyHash),
    index('complaints_unit').on(t.unitId, t.filedAt),
    index('complaints_case').on(t.caseId),
    index('complaints_filed').on(t.filedAt),
  ],
);

/** A retrospective review (倒查复盘) of a case or a complaint, opened by a supervisor. */
export const reviews = sqliteTable(
  'reviews',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').references(() => cases.id),
    complaintId: text('complaint_id').references(() => complaints.id),
    /** A review of one officer's escalation pattern (事事提级) rather than of one case. */
    officerId: text('officer_id'),
    openedBy: text('opened_by').notNull(),
    openedAt: text('opened_at').notNull(),
    note: text('note'),
  },
  (t) => [index('reviews_case').on(t.caseId), index('reviews_complaint').on(t.complaintId), index('reviews_officer').on(t.officerId)],
);

/** What a review found: proposed by the system (or added by the supervisor), then confirmed or rejected. */
export const reviewFindings = sqliteTable(
  'review_findings',
  {
    id: text('id').primaryKey(),
    reviewId: text('review_id').notNull().references(() => reviews.id),
    /** not_escalated | shelved | over_escalation */
    kind: text('kind').notNull(),
    officerId: text('officer_id').notNull(),
    unitId: text('unit_id'),
    /** The case (or `complaint:<id>`) and step the finding rests on; 0 when it rests on no one step. */
    subjectRef: text('subject_ref').notNull(),
    seq: integer('seq').notNull(),
    /** system | the supervisor who added it */
    proposedBy: text('proposed_by').notNull(),
    summary: text('summary').notNull(),
    evidence: text('evidence', { mode: 'json' }),
    /** proposed | confirmed | rejected */
    status: text('status').notNull(),
    /** reminder (提醒) | notice (通报) | accountability (问责), once confirmed */
    level: text('level'),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    decisionNote: text('decision_note'),
  },
  (t) => [uniqueIndex('review_findings_once').on(t.reviewId, t.kind, t.officerId, t.subjectRef, t.seq)],
);

/** Accountability records: confirmed findings, against an officer and their unit. */
export const accountabilityRecords = sqliteTable(
  'accountability_records',
  {
    id: text('id').primaryKey(),
    findingId: text('finding_id').notNull().references(() => reviewFindings.id),
    reviewId: text('review_id').notNull().references(() => reviews.id),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    officerId: text('officer_id').notNull(),
    unitId: text('unit_id'),
    caseId: text('case_id'),
    complaintId: text('complaint_id'),
    summary: text('summary').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [
    uniqueIndex('accountability_finding').on(t.findingId),
    index('accountability_officer').on(t.officerId, t.recordedAt),
    index('accountability_unit').on(t.unitId, t.recordedAt),
  ],
);

// ---- Village reception (村干部跑办代访) ----
// The villages and communities of a town, and the read model of each town's monthly cycle: the month
// workflow (workflows/village-month.ts) holds the state; these rows are its copy for lists, reports,
// the carry-over into the next month and the solved count.

/** A village (村) or community (社区) under a town; village cadres speak for its residents. */
export const villages = sqliteTable(
  'villages',
  {
    id: text('id').primaryKey(),
    townUnitId: text('town_unit_id').notNull().references(() => units.id),
    name: text('name').notNull(),
    /** village | community */
    kind: text('kind').notNull(),
  },
  (t) => [index('villages_town').on(t.townUnitId)],
);

/** One row per town and month: the month workflow's last state. */
export const villageMonths = sqliteTable(
  'village_months',
  {
    /** The workflow id, village-month-<town>-<YYYY-MM>. */
    id: text('id').primaryKey(),
    townUnitId: text('town_unit_id').notNull(),
    month: text('month').notNull(),
    phase: text('phase').notNull(),
    hostVillageId: text('host_village_id'),
    /** The workflow's change counter: an older copy never overwrites a newer one. */
    version: integer('version').notNull(),
    view: text('view', { mode: 'json' }).notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    closedAt: text('closed_at'),
  },
  (t) => [uniqueIndex('village_months_town_month').on(t.townUnitId, t.month)],
);

/** Every problem a village listed, with its agreed path and its month-end outcome. */
export const villageProblems = sqliteTable(
  'village_problems',
  {
    id: text('id').primaryKey(),
    monthId: text('month_id').notNull(),
    townUnitId: text('town_unit_id').notNull(),
    month: text('month').notNull(),
    villageId: text('village_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    urgency: integer('urgency').notNull(),
    residents: integer('residents').notNull(),
    /** How many months it had been carried when it entered this month. */
    carryCount: integer('carry_count').notNull().default(0),
    carriedFromId: text('carried_from_id'),
    /** Set on a carried problem once a later month has taken it up. */
    carriedIntoId: text('carried_into_id'),
    responsibleUnitId: text('responsible_unit_id'),
    /** The date agreed at the reception, 'YYYY-MM-DD'. */
    agreedDeadline: text('agreed_deadline'),
    caseId: text('case_id'),
    /** solved | in_progress | carried, once the month is closed. */
    outcome: text('outcome'),
    expectedBy: text('expected_by'),
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    submittedAt: text('submitted_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('village_problems_town_outcome').on(t.townUnitId, t.outcome), index('village_problems_month').on(t.monthId)],
);

/**
 * Asynchronous decisions (`Prefer: respond-async`) the API has sent to a case, one row per request
 * id. A repeat is answered from here without signalling again (a signal costs history events even
 * when the workflow ignores it), and the rows of the last window cap what one case accepts.
 */
export const asyncDecisions = sqliteTable(
  'async_decisions',
  {
    caseId: text('case_id').notNull(),
    /** The caller's Idempotency-Key scoped to the caller (`principalId:key`), or a generated id. */
    requestKey: text('request_key').notNull(),
    /** What the client sees as the request id (the key as sent, or the generated id). */
    requestId: text('request_id').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    /** Hash of the decision, so a key reused for a different decision is refused. */
    bodyHash: text('body_hash').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.requestKey] }), index('async_decisions_case_at').on(t.caseId, t.at)],
);

/**
 * Intake rows whose workflow the recovery sweep could not start. Each row is retried on its own
 * until it reaches its attempt count or deadline; then it is `start_failed` and waits for a
 * supervisor (GET /v1/intake/failed) instead of being retried every minute for ever.
 */
export const caseStartAttempts = sqliteTable('case_start_attempts', {
  caseId: text('case_id').primaryKey(),
  /** retrying | start_failed */
  status: text('status').notNull(),
  attempts: integer('attempts').notNull(),
  firstFailedAt: text('first_failed_at').notNull(),
  lastFailedAt: text('last_failed_at').notNull(),
  errorCode: text('error_code').notNull(),
  errorDetail: text('error_detail').notNull(),
});
// ---- The official calendar, as loaded by an administrator (国务院办公厅放假安排通知) ----

/**
 * A year loaded from the State Council's notice. It replaces the `chinese-days` package's data for
 * that year as a whole (activities/calendar.ts); a year neither here nor in the package is provisional.
 */
export const calendarYears = sqliteTable('calendar_years', {
  year: integer('year').primaryKey(),
  /** The notice's document number, e.g. 国办发明电〔2026〕N号. */
  documentNo: text('document_no').notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: text('loaded_at').notNull(),
  /** json | ical: how the notice was sent. */
  format: text('format').notNull(),
  /** The calendar_loads row that put this version in place. */
  loadId: integer('load_id').notNull(),
});

/** The holidays (放假) of a loaded year: first and last day, inclusive. */
export const calendarHolidays = sqliteTable(
  'calendar_holidays',
  {
    year: integer('year').notNull(),
    name: text('name').notNull(),
    /** Asia/Shanghai dates, 'YYYY-MM-DD'. */
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.fromDate] })],
);

/** The make-up working days (调休上班) of a loaded year: weekend days that are worked. */
export const calendarWorkdays = sqliteTable(
  'calendar_workdays',
  {
    /** The notice's year (a notice may also name 29–31 December of the year before). */
    year: integer('year').notNull(),
    date: text('date').notNull(),
    /** The holiday it makes up for, when the notice says. */
    name: text('name'),
  },
  (t) => [primaryKey({ columns: [t.year, t.date] })],
);

/**
 * Every load of a year (history and audit): who, when, the notice as loaded and the version it
 * replaced. Also the durable to-do of re-timing: `retiming` stays 'pending' until every running
 * workflow has been told (a later start of the API picks up what a crash left).
 */
export const calendarLoads = sqliteTable(
  'calendar_loads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    documentNo: text('document_no').notNull(),
    loadedBy: text('loaded_by').notNull(),
    loadedAt: text('loaded_at').notNull(),
    format: text('format').notNull(),
    /** { documentNo, holidays, workdays } as loaded. */
    notice: text('notice', { mode: 'json' }).notNull(),
    /** What the year was before: { source: 'official' | 'package' | 'none', documentNo?, holidays, workdays }. */
    replaced: text('replaced', { mode: 'json' }).notNull(),
    /** pending | done */
    retiming: text('retiming').notNull(),
    /** How many running workflows were told. */
    retimingSignalled: integer('retiming_signalled').notNull().default(0),
    retimingDoneAt: text('retiming_done_at'),
    retimingError: text('retiming_error'),
  },
  (t) => [index('calendar_loads_year').on(t.year, t.id), index('calendar_loads_retiming').on(t.retiming)],
);

/** Every deadline a calendar load moved (or confirmed), per running workflow: the audit of re-timing. */
export const deadlineRetimings = sqliteTable(
  'deadline_retimings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** workflowId:window:n, so a retried activity records once. */
    key: text('key').notNull(),
    workflowId: text('workflow_id').notNull(),
    /** complaint | village_month | case | part … */
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    /** Which deadline: e.g. complaintContact, monthEnd. */
    window: text('window').notNull(),
    oldAt: text('old_at').notNull(),
    newAt: text('new_at').notNull(),
    provisional: integer('provisional', { mode: 'boolean' }).notNull(),
    documentNo: text('document_no'),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('deadline_retimings_key').on(t.key), index('deadline_retimings_subject').on(t.subjectKind, t.subjectId)],
);

// ---- Public doors (the complaint form): limits, verification, the head's SMS digest ----

/**
 * Fixed-window counters for limits on what anyone can reach without an account (per address, per
 * phone, per unit). Kept in SQLite so every API process counts together and a restart forgets nothing.
 * `bucket` never holds a phone in clear (a hash). Rows past `expiresAt` are swept as new ones come.
 */
export const rateCounters = sqliteTable(
  'rate_counters',
  {
    bucket: text('bucket').notNull(),
    windowStart: text('window_start').notNull(),
    count: integer('count').notNull().default(0),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index('rate_counters_expiry').on(t.expiresAt)],
);

/**
 * A complaint waiting for its SMS verification code. It is not a complaint yet: no workflow, no
 * notice to the unit, no shelved mark, not in any list or statistic. Verified, it moves to
 * `complaints` under the same id; expired rows are deleted.
 */
export const pendingComplaints = sqliteTable(
  'pending_complaints',
  {
    id: text('id').primaryKey(),
    idempotencyKeyHash: text('idempotency_key_hash'),
    bodyHash: text('body_hash').notNull(),
    windowCode: text('window_code'),
    unitId: text('unit_id').notNull(),
    caseId: text('case_id'),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    content: text('content').notNull(),
    filedBy: text('filed_by'),
    createdAt: text('created_at').notNull(),
    /** SHA-256 of the complaint id and the code sent by SMS. */
    codeHash: text('code_hash').notNull(),
    expiresAt: text('expires_at').notNull(),
    /** Wrong codes so far; at the limit the pending complaint is dropped. */
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [uniqueIndex('pending_complaints_idempotency').on(t.idempotencyKeyHash), index('pending_complaints_expiry').on(t.expiresAt)],
);

/**
 * One-time codes sent by SMS to the phone on file of a case, which a requester action needs besides
 * the tracking code (withdraw, rate): the intake officer holds the tracking code, never the phone.
 * Only a hash of the code is kept; a code is short-lived and used once.
 */
export const requesterCodes = sqliteTable(
  'requester_codes',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    /** withdraw | rating */
    purpose: text('purpose').notNull(),
    /** SHA-256 of the id, the purpose and the code. */
    codeHash: text('code_hash').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    /** Wrong codes so far; at the limit the code is dropped. */
    attempts: integer('attempts').notNull().default(0),
    usedAt: text('used_at'),
    /** The Idempotency-Key of the request that used it: a retry of that request passes again. */
    usedKey: text('used_key'),
    /** The Idempotency-Key of the request that asked for it: a retry of that request sends no second SMS. */
    requestKey: text('request_key'),
  },
  (t) => [index('requester_codes_case').on(t.caseId, t.purpose, t.createdAt), index('requester_codes_expiry').on(t.expiresAt)],
);

/** The officer the unit's principal head chose to call the complainant: they (and the head) see who complained. */
export const complaintContactOfficers = sqliteTable('complaint_contact_officers', {
  complaintId: text('complaint_id').primaryKey().references(() => complaints.id),
  officerId: text('officer_id').notNull(),
  designatedBy: text('designated_by').notNull(),
  designatedAt: text('designated_at').notNull(),
});

/**
 * The SMS to a unit's principal head about complaints: at most one per 30 minutes. The first complaint
 * after a quiet spell goes at once; later ones gather in the next digest, sent when the 30 minutes are up.
 */
export const complaintSmsDigests = sqliteTable(
  'complaint_sms_digests',
  {
    /** The outbox key of the SMS. */
    key: text('key').primaryKey(),
    unitId: text('unit_id').notNull(),
    /** When the SMS may go out (the outbox row's first attempt). */
    sendAt: text('send_at').notNull(),
    complaintIds: text('complaint_ids', { mode: 'json' }).notNull().$type<string[]>(),
  },
  (t) => [index('complaint_sms_digests_unit').on(t.unitId, t.sendAt)],
);

// ---- Directory administration ----

/** Every change an administrator makes to the directory (units, sections, principals, imports). */
export const directoryAudit = sqliteTable(
  'directory_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** The admin who made the change, or `bootstrap` for the command that creates the first admin. */
    actorId: text('actor_id').notNull(),
    /** unit_created | section_created | principal_created | principal_updated | directory_imported */
    action: text('action').notNull(),
    /** unit | section | principal | directory */
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    /** Workflows told to hand the principal's open work over (directoryChanged), by workflow id. */
    handedOver: text('handed_over', { mode: 'json' }),
  },
  (t) => [index('directory_audit_subject').on(t.subjectKind, t.subjectId, t.at)],
);

// ---- Workflows still to start after their row (intake: the row, then the workflow, then the sweep) ----

/**
 * A complaint whose row is written but whose workflow has not been seen to start. Written in the
 * row's own transaction and deleted once the start succeeds; the one-minute sweep starts what is
 * left (a crash between the two). Cases need no such row: a case's read model shows it (last_seq 0).
 */
export const workflowStarts = sqliteTable(
  'workflow_starts',
  {
    subjectId: text('subject_id').primaryKey(),
    /** complaint */
    kind: text('kind').notNull(),
    createdAt: text('created_at').notNull(),
    /** pending (never failed) | retrying | start_failed (given up, waits for a supervisor) */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    firstFailedAt: text('first_failed_at'),
    lastFailedAt: text('last_failed_at'),
    errorCode: text('error_code'),
    errorDetail: text('error_detail'),
  },
  (t) => [index('workflow_starts_status').on(t.status, t.createdAt)],
);

/**
 * How many times the working-day calendar changed (one row, id 1): every insert, update or delete of
 * calendar_overrides, calendar_years, calendar_holidays and calendar_workdays counts it up, by triggers
 * (migration calendar_version_triggers), whoever writes. A process that keeps the calendar in memory
 * reads this number first and loads the calendar again when it moved, so no deadline is computed on
 * a stale calendar.
 */
export const calendarVersion = sqliteTable('calendar_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
});

/**
 * Codec sessions (api/routes/codec.ts): what lets an administrator's browser read sealed payloads in
 * Temporal UI. The cookie is a random secret; the row keeps only its keyed hash (HMAC with the codec
 * session key, never the tracking secret), so neither a copy of this table nor the key alone opens
 * anything. A session ends at `expires_at` or when revoked (by its holder or any administrator).
 */
export const codecSessions = sqliteTable(
  'codec_sessions',
  {
    id: text('id').primaryKey(),
    principalId: text('principal_id').notNull().references(() => principals.id),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('codec_sessions_expiry').on(t.expiresAt)],
);

// ---- Integrators (the 12345 hotline and others): categories, events, subscriptions ----

/**
 * The catalogue of service categories (派单目录): a code integrators and officers send at intake, its
 * names, and the unit that takes such a case by default. Managed by administrators (one at a time or
 * by CSV import); a code no longer offered is deactivated, never deleted, since cases name it.
 */
export const categories = sqliteTable('categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  defaultUnitId: text('default_unit_id').notNull().references(() => units.id),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * What an administrator lets an integrator see beyond the cases it started (the events of its
 * subscriptions and its change feed): every case (`all`), a lead unit's (`unit`) or a category's.
 */
export const integratorGrants = sqliteTable(
  'integrator_grants',
  {
    principalId: text('principal_id').notNull().references(() => principals.id),
    /** all | unit | category */
    kind: text('kind').notNull(),
    /** The unit id or category code; '' for `all`. */
    value: text('value').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: text('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.principalId, t.kind, t.value] })],
);

/**
 * The events integrators receive (domain/integration-events.ts), derived from the steps a store job
 * writes, in that job's transaction. They wait as 'unconfirmed' until the workflow confirms the job
 * (reconcile/confirmer.ts); then they are 'released': numbered in their stream (`seq`: 1, 2, 3… per
 * case, no gaps, since a job the workflow never took is 'superseded' before it is numbered) and placed
 * in the change feed (`feed_pos`, in the order of release). Complaint events are released as written.
 */
export const integrationEvents = sqliteTable(
  'integration_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The CloudEvent id, `<subject>.<seq>`; set at release. */
    eventId: text('event_id'),
    type: text('type').notNull(),
    /** The stream: the case id, or the complaint id of a complaint about no case. */
    subject: text('subject').notNull(),
    caseId: text('case_id'),
    complaintId: text('complaint_id'),
    /** When it happened (the step's time). */
    time: text('time').notNull(),
    data: text('data', { mode: 'json' }).notNull(),
    // Who may see it (services/event-feed.ts): the case's creator, the complaint's filer, the lead unit, the category.
    ownerId: text('owner_id'),
    filedBy: text('filed_by'),
    unitId: text('unit_id'),
    category: text('category'),
    /** The creator's own reference (cases.external_id): shown to the creator only. */
    externalId: text('external_id'),
    /** The store job that wrote it (case events); null for complaint events. */
    workflowId: text('workflow_id'),
    jobNo: integer('job_no'),
    stepSeq: integer('step_seq'),
    /** What a retried activity writes once (complaint events): complaint:<id>:<type>. */
    sourceKey: text('source_key'),
    /** unconfirmed | released | superseded */
    status: text('status').notNull(),
    seq: integer('seq'),
    feedPos: integer('feed_pos'),
    createdAt: text('created_at').notNull(),
    releasedAt: text('released_at'),
    supersededAt: text('superseded_at'),
  },
  (t) => [
    uniqueIndex('integration_events_event_id').on(t.eventId),
    uniqueIndex('integration_events_stream').on(t.subject, t.seq),
    uniqueIndex('integration_events_feed').on(t.feedPos),
    uniqueIndex('integration_events_source').on(t.sourceKey),
    index('integration_events_unconfirmed').on(t.status, t.workflowId, t.jobNo),
  ],
);

/** Counters that number released events: `feed` (the change feed's position) and one per stream (its last seq). */
export const eventCounters = sqliteTable('event_counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/**
 * Webhook subscriptions (POST /v1/subscriptions). The signing secret is shown once; after a rotation
 * the previous one keeps signing beside it until `previous_secret_until` (receivers switch meanwhile).
 */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    /** The integrator (or administrator) whose scope the subscription has. */
    ownerId: text('owner_id').notNull().references(() => principals.id),
    url: text('url').notNull(),
    /** The event types it receives. */
    events: text('events', { mode: 'json' }).notNull().$type<string[]>(),
    description: text('description').notNull(),
    /** `whsec_…` (Standard Webhooks); kept to sign with, never shown again. */
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: text('previous_secret_until'),
    /** active | disabled | deleted */
    status: text('status').notNull(),
    /** gone (the receiver answered 410) | by_owner | by_admin */
    disabledReason: text('disabled_reason'),
    disabledAt: text('disabled_at'),
    /** The change feed's position up to which deliveries were made for it. */
    fannedPos: integer('fanned_pos').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('subscriptions_owner').on(t.ownerId), index('subscriptions_status').on(t.status)],
);

/**
 * One delivery of one event to one subscription (webhooks/dispatcher.ts): retried with back-off for a
 * day from its first attempt, then 'failed' (the dead-letter list, GET /v1/subscriptions/{id}/failed).
 * An event of a case goes out only once every earlier event of that case has been delivered to the
 * same subscription.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: text('subscription_id').notNull(),
    /** integration_events.id */
    eventRowId: integer('event_row_id').notNull(),
    subject: text('subject').notNull(),
    seq: integer('seq').notNull(),
    feedPos: integer('feed_pos').notNull(),
    /** pending | sending | delivered | failed */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    firstAttemptAt: text('first_attempt_at'),
    lastAttemptAt: text('last_attempt_at'),
    nextAttemptAt: text('next_attempt_at').notNull(),
    /** The receiver's HTTP status of the last attempt (null: no answer). */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    claimedBy: text('claimed_by'),
    claimedAt: text('claimed_at'),
    deliveredAt: text('delivered_at'),
    failedAt: text('failed_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_once').on(t.subscriptionId, t.eventRowId),
    index('webhook_deliveries_due').on(t.subscriptionId, t.status, t.nextAttemptAt),
    index('webhook_deliveries_stream').on(t.subscriptionId, t.subject, t.seq),
  ],
);

// ---- The efficiency office's month (效能月报): the topic, the ranking weights, the ledgers' audit ----

/**
 * The month's topic (每月一题): the class of problem the efficiency office picked from the month's
 * categories, and the library rule (案例汇编) formed for that class once there is one.
 */
export const monthlyTopics = sqliteTable('monthly_topics', {
  /** 'YYYY-MM', Beijing time. */
  month: text('month').primaryKey(),
  /** category | escalation_reason | title_term: which count of GET /v1/reports/categories it came from. */
  kind: text('kind').notNull(),
  key: text('key').notNull(),
  label: text('label').notNull(),
  /** Cases of that class in the month when it was picked. */
  cases: integer('cases').notNull(),
  note: text('note'),
  pickedBy: text('picked_by').notNull(),
  pickedAt: text('picked_at').notNull(),
  ruleId: text('rule_id').references(() => libraryRules.id),
  ruleLinkedBy: text('rule_linked_by'),
  ruleLinkedAt: text('rule_linked_at'),
});

/** The ranking's weights as administrators set them, every version kept; the newest applies. */
export const rankingPolicies = sqliteTable('ranking_policies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The whole policy (domain/reports.ts RankingPolicySchema), defaults filled in. */
  policy: text('policy', { mode: 'json' }).notNull(),
  setBy: text('set_by').notNull(),
  setAt: text('set_at').notNull(),
});

/** Every Excel ledger exported: who, when, which ledger with which filters, how many rows, masked or not. */
export const exportAudit = sqliteTable(
  'export_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    principalId: text('principal_id').notNull(),
    role: text('role').notNull(),
    /** cases | complaints | accountability | village_months | monthly_report */
    ledger: text('ledger').notNull(),
    /** The filters as asked (month, unitId, townId). */
    params: text('params', { mode: 'json' }).notNull(),
    /** Whether personal data went out masked for this reader. */
    masked: integer('masked', { mode: 'boolean' }).notNull(),
    /** Rows written, once the file is complete (null: the download broke off). */
    rows: integer('rows'),
    finishedAt: text('finished_at'),
  },
  (t) => [index('export_audit_at').on(t.at), index('export_audit_principal').on(t.principalId, t.at)],
);
