// Every table of the SQLite store, in one place. Temporal holds where each case stands; these tables
// hold the directory, the read models behind inboxes and reports, the audit copy of every step,
// the notification outbox, and (later) supervision and the case library.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
    assigneeId: text('assignee_id'),
    assigneeName: text('assignee_name'),
    assigneeRole: text('assignee_role'),
    deadlineAt: text('deadline_at'),
    deadlineProvisional: integer('deadline_provisional', { mode: 'boolean' }).notNull().default(false),
    closedTier: text('closed_tier'),
    rating: text('rating'),
    lastSeq: integer('last_seq').notNull().default(0),
    /** The workflow's last answered state (timeline excluded), so reads need no worker. */
    view: text('view', { mode: 'json' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    closedAt: text('closed_at'),
  },
  (t) => [
    uniqueIndex('cases_external').on(t.createdBy, t.externalId),
    index('cases_inbox').on(t.assigneeId, t.deadlineAt),
    index('cases_status').on(t.status, t.createdAt),
    index('cases_lead').on(t.leadUnitId, t.createdAt),
    index('cases_deadline').on(t.deadlineAt),
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
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] }), index('case_steps_subject').on(t.subjectId, t.action)],
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
  (t) => [primaryKey({ columns: [t.caseId, t.seq, t.officerId, t.kind] }), index('officer_events_officer').on(t.officerId, t.kind)],
);

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
    status: text('status').notNull().default('pending'), // pending | sending | sent | failed
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
  },
  (t) => [uniqueIndex('outbox_key').on(t.key), index('outbox_due').on(t.status, t.nextAttemptAt)],
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
