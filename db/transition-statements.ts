// The statements every case transition runs (the worker's one local activity per transition, and the
// directory and outbox it calls), compiled once per connection instead of rebuilt by the query builder
// and re-prepared by SQLite on every call. Writes are plain SQL with the columns encoded as drizzle
// encodes them (json: JSON text, boolean: 0/1); reads are drizzle's prepared queries, so rows come back
// typed exactly as the builder's would.
import { and, eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from './client.js';
import { deputySections, principals, units } from './schema.js';
import type { SupervisionItem } from '../domain/supervision-items.js';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const bool = (v: boolean) => (v ? 1 : 0);

export interface StepRow {
  caseId: string;
  seq: number;
  at: string;
  tier: string;
  actor: string;
  action: string;
  note: string | null;
  subjectId: string | null;
  deadlineAt: string | null;
  data: unknown;
  elementId: string | null;
  officerEvents: unknown;
}

export interface CaseRowUpdate {
  id: string;
  status: string;
  tier: string;
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeRole: string | null;
  /** undefined leaves the column as it is (as the query builder's `set` does). */
  deadlineAt: string | null | undefined;
  deadlineProvisional: boolean | undefined;
  closedTier: string | null;
  closedAt: string | null;
  rating: string | null;
  countedRating: string | null;
  countedRatingAt: string | null;
  countedRatingSource: string | null;
  lastSeq: number;
  view: unknown;
  updatedAt: string;
}


export interface CopyRow {
  workflowId: string;
  kind: string;
  caseId: string;
  runId: string;
  jobNo: number;
  lastSeq: number;
  haltedStatus: string | null;
}

export interface JobRow {
  jobNo: number;
  runId: string;
  eventId: string;
  at: string;
  /** JSON text of the answers. */
  answers: string;
  firstSeq: number;
  lastSeq: number;
}

export interface OutboxRow {
  key: string;
  caseId: string | null;
  recipientId: string;
  recipientKind: string;
  template: string;
  vars: Record<string, string>;
  body: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  /** The workflow job that wrote it (status 'unconfirmed' until the workflow confirms the job). */
  workflowId?: string | null;
  jobNo?: number | null;
}

function compile(db: Db) {
  const c: Database.Database = db.sqlite!;
  const insertStep = c.prepare(
    `insert into case_steps (case_id, seq, at, tier, actor, action, note, subject_id, deadline_at, data, element_id, officer_events)
     values (@caseId, @seq, @at, @tier, @actor, @action, @note, @subjectId, @deadlineAt, @data, @elementId, @officerEvents) on conflict do nothing`,
  );
  // The read model is the workflow's state after the job: each job is written once, in the workflow's
  // order (store_jobs), so the last write is the newest state.
  const updateCase = c.prepare(
    `update cases set status = @status, tier = @tier, assignee_id = @assigneeId, assignee_name = @assigneeName,
       assignee_role = @assigneeRole,
       deadline_at = case when @deadlineAtSet then @deadlineAt else deadline_at end,
       deadline_provisional = case when @deadlineProvisionalSet then @deadlineProvisional else deadline_provisional end,
       closed_tier = @closedTier, closed_at = @closedAt, rating = @rating, counted_rating = @countedRating, counted_rating_at = @countedRatingAt,
       counted_rating_source = @countedRatingSource, last_seq = @lastSeq, view = @view, updated_at = @updatedAt
     where id = @id`,
  );
  const dropSupervisionItems = c.prepare(`delete from supervision_items where case_id = ?`);
  const insertSupervisionItem = c.prepare(
    `insert into supervision_items (case_id, kind, no, unit_id, status, level, opened_by, opened_at, due_at, lapsed_at, closed_at, closed_by, data)
     values (@caseId, @kind, @no, @unitId, @status, @level, @openedBy, @openedAt, @dueAt, @lapsedAt, @closedAt, @closedBy, @data)`,
  );
  const insertCaseUnit = c.prepare(`insert into case_units (case_id, unit_id, role) values (?, ?, ?) on conflict do nothing`);
  const insertOfficerEvent = c.prepare(
    `insert into officer_events (case_id, seq, officer_id, unit_id, tier, kind, at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const insertOutbox = c.prepare(
    `insert into outbox (key, case_id, recipient_id, recipient_kind, template, vars, body, status, attempts, next_attempt_at, created_at, workflow_id, job_no)
     values (@key, @caseId, @recipientId, @recipientKind, @template, @vars, @body, @status, @attempts, @nextAttemptAt, @createdAt, @workflowId, @jobNo)
     on conflict (key) do nothing`,
  );

  // ---- the store's copy of a workflow, and the jobs it carried out (activities/store-copy.ts) ----
  const copyOf = c.prepare<[string], CopyRow>(
    `select workflow_id as workflowId, kind, case_id as caseId, run_id as runId, job_no as jobNo, last_seq as lastSeq, halted_status as haltedStatus from workflow_copies where workflow_id = ?`,
  );
  const saveCopy = c.prepare(
    `insert into workflow_copies (workflow_id, kind, case_id, run_id, job_no, last_seq, updated_at) values (@workflowId, @kind, @caseId, @runId, @jobNo, @lastSeq, @updatedAt)
     on conflict (workflow_id) do update set run_id = excluded.run_id, job_no = excluded.job_no, last_seq = excluded.last_seq, updated_at = excluded.updated_at,
       halted_status = null, halted_at = null`,
  );
  const liveJob = c.prepare<[string, number], JobRow>(
    `select job_no as jobNo, run_id as runId, event_id as eventId, at, answers, first_seq as firstSeq, last_seq as lastSeq from store_jobs where workflow_id = ? and job_no = ? and superseded_at is null`,
  );
  const latestLiveAt = c.prepare<[string, number], { at: string | null }>(`select max(at) as at from store_jobs where workflow_id = ? and job_no >= ? and superseded_at is null`);
  const insertJob = c.prepare(
    `insert into store_jobs (workflow_id, job_no, run_id, event_id, at, answers, first_seq, last_seq, created_at) values (@workflowId, @jobNo, @runId, @eventId, @at, @answers, @firstSeq, @lastSeq, @createdAt)`,
  );
  const supersedeJobs = c.prepare(`update store_jobs set superseded_at = @at, superseded_reason = @reason where workflow_id = @workflowId and job_no >= @fromJobNo and superseded_at is null`);
  const moveSteps = c.prepare(
    `insert into superseded_steps (case_id, seq, at, tier, actor, action, note, subject_id, deadline_at, data, element_id, officer_events, superseded_at, reason, by_run_id)
     select case_id, seq, at, tier, actor, action, note, subject_id, deadline_at, data, element_id, officer_events, @at, @reason, @runId from case_steps where case_id = @caseId and seq > @afterSeq`,
  );
  const dropSteps = c.prepare(`delete from case_steps where case_id = @caseId and seq > @afterSeq`);
  const dropCitations = c.prepare(`delete from precedent_citations where case_id = @caseId and seq > @afterSeq`);
  const moveOfficerEvents = c.prepare(
    `insert into superseded_officer_events (case_id, seq, officer_id, unit_id, tier, kind, at, superseded_at)
     select case_id, seq, officer_id, unit_id, tier, kind, at, @at from officer_events where case_id = @eventCase and seq > @afterSeq`,
  );
  const dropOfficerEvents = c.prepare(`delete from officer_events where case_id = @eventCase and seq > @afterSeq`);
  // A notice of a superseded job: never sent if it has not gone yet; recorded as sent and superseded if
  // it has. Its key is set aside so the job that replaces it writes its own.
  // What the requester was sent of superseded steps stays counted against the day's cap, under a key
  // set aside: a reset's run numbers its steps again, and its messages' keys (case:seq:requester) would
  // otherwise look written before and never go out.
  const supersedeRequesterMessages = c.prepare(
    `update requester_messages set key = key || '~superseded~' || @at
     where case_id = @caseId and key like @caseId || ':%' and cast(substr(key, length(@caseId) + 2) as integer) > @afterSeq`,
  );
  const supersedeOutbox = c.prepare(
    `update outbox set key = key || '~superseded~' || id, superseded_at = @at,
       status = case when status in ('sending', 'sent') then status else 'superseded' end
     where workflow_id = @workflowId and job_no >= @fromJobNo and superseded_at is null`,
  );
  const caseUnitsOf = c.prepare<[string], { unitId: string }>(`select unit_id as unitId from case_units where case_id = ?`);
  const dropCaseUnit = c.prepare(`delete from case_units where case_id = ? and unit_id = ?`);
  const caseRowExists = c.prepare<[string], { id: string }>(`select id from cases where id = ?`);
  // A case the store lost (restored from an older backup): the requester's identity and the tracking
  // code's hash lived only here, so the row says they are gone (tracking_code_hash '' matches no code).
  const insertRestoredCase = c.prepare(
    `insert into cases (id, workflow_id, tracking_code_hash, created_by, title, description, category, channel, requester_kind, requester_name,
       key_project, status, tier, lead_unit_id, created_at, updated_at)
     values (@id, @workflowId, '', @createdBy, @title, '', @category, @channel, @requesterKind, '（备份恢复：申请人信息未随备份保留）',
       @keyProject, @status, @tier, @leadUnitId, @createdAt, @updatedAt) on conflict (id) do nothing`,
  );
  const stepsOf = c.prepare<[string], { seq: number; at: string; actor: string; action: string; subjectId: string | null }>(
    `select seq, at, actor, action, subject_id as subjectId from case_steps where case_id = ? order by seq`,
  );
  const partViewOf = c.prepare<[string], { view: string | null }>(`select view from case_parts where workflow_id = ?`);
  // A part's row is the workflow's state after the job: each job is written once, in order.
  const upsertPart = c.prepare(
    `insert into case_parts (case_id, unit_id, workflow_id, status, tier, assignee_id, assignee_name, deadline_at, stance, last_seq, view, updated_at)
     values (@caseId, @unitId, @workflowId, @status, @tier, @assigneeId, @assigneeName, @deadlineAt, @stance, @lastSeq, @view, @updatedAt)
     on conflict (workflow_id) do update set status = excluded.status, tier = excluded.tier, assignee_id = excluded.assignee_id,
       assignee_name = excluded.assignee_name, deadline_at = excluded.deadline_at, stance = excluded.stance, last_seq = excluded.last_seq,
       view = excluded.view, updated_at = excluded.updated_at`,
  );

  const calendarVersion = c.prepare('select version from calendar_version where id = 1').pluck();

  const p = (name: string) => sql.placeholder(name);
  const principalById = db.select().from(principals).where(eq(principals.id, p('id'))).prepare();
  const officersOf = db
    .select()
    .from(principals)
    .where(and(eq(principals.unitId, p('unitId')), eq(principals.role, p('role')), eq(principals.active, p('active'))))
    .orderBy(principals.id)
    .prepare();
  const unitById = db.select().from(units).where(eq(units.id, p('id'))).prepare();
  const deputiesOfSection = db.select({ deputyId: deputySections.deputyId }).from(deputySections).where(eq(deputySections.sectionId, p('sectionId'))).prepare();
  const headOf = db
    .select({ id: principals.id })
    .from(principals)
    .where(and(eq(principals.unitId, p('unitId')), eq(principals.role, 'principal_head'), eq(principals.active, true)))
    .orderBy(principals.id)
    .prepare();
  const supervisors = db
    .select({ id: principals.id })
    .from(principals)
    .where(and(eq(principals.role, 'supervisor'), eq(principals.active, true)))
    .orderBy(principals.id)
    .prepare();

  return {
    insertStep: (r: StepRow) => insertStep.run({ ...r, data: json(r.data), officerEvents: json(r.officerEvents) }).changes,
    updateCase: (r: CaseRowUpdate) =>
      updateCase.run({
        ...r,
        deadlineAtSet: bool(r.deadlineAt !== undefined),
        deadlineAt: r.deadlineAt ?? null,
        deadlineProvisionalSet: bool(r.deadlineProvisional !== undefined),
        deadlineProvisional: r.deadlineProvisional === undefined ? null : bool(r.deadlineProvisional),
        view: json(r.view),
      }).changes,
    insertCaseUnit: (caseId: string, unitId: string, role: string) => insertCaseUnit.run(caseId, unitId, role).changes,
    /** A case's supervision items, as its view now holds them (the old rows go). */
    replaceSupervisionItems: (caseId: string, rows: SupervisionItem[]) => {
      dropSupervisionItems.run(caseId);
      for (const r of rows) insertSupervisionItem.run({ ...r, data: json(r.data) });
    },
    insertOfficerEvent: (e: { caseId: string; seq: number; officerId: string; unitId: string | null; tier: string | null; kind: string; at: string }) =>
      insertOfficerEvent.run(e.caseId, e.seq, e.officerId, e.unitId, e.tier, e.kind, e.at).changes,
    insertOutbox: (r: OutboxRow) => insertOutbox.run({ workflowId: null, jobNo: null, ...r, vars: JSON.stringify(r.vars) }).changes,
    copyOf: (workflowId: string) => copyOf.get(workflowId),
    saveCopy: (r: { workflowId: string; kind: string; caseId: string; runId: string; jobNo: number; lastSeq: number; updatedAt: string }) => saveCopy.run(r).changes,
    liveJob: (workflowId: string, jobNo: number) => liveJob.get(workflowId, jobNo),
    /** The newest time among the live jobs from this number on (null: none). */
    latestLiveAt: (workflowId: string, fromJobNo: number) => latestLiveAt.get(workflowId, fromJobNo)?.at ?? null,
    insertJob: (r: { workflowId: string; jobNo: number; runId: string; eventId: string; at: string; answers: unknown; firstSeq: number; lastSeq: number; createdAt: string }) =>
      insertJob.run({ ...r, answers: JSON.stringify(r.answers) }).changes,
    supersedeJobs: (r: { workflowId: string; fromJobNo: number; at: string; reason: string }) => supersedeJobs.run(r).changes,
    /** Moves a case's steps after `afterSeq` (with their officer events and citations) out of the current record. */
    supersedeSteps: (r: { caseId: string; eventCase: string; afterSeq: number; at: string; reason: string; runId: string }) => {
      moveSteps.run(r);
      const n = dropSteps.run(r).changes;
      dropCitations.run(r);
      return n;
    },
    supersedeOfficerEvents: (r: { eventCase: string; afterSeq: number; at: string }) => {
      moveOfficerEvents.run(r);
      return dropOfficerEvents.run(r).changes;
    },
    supersedeOutbox: (r: { workflowId: string; fromJobNo: number; at: string }) => supersedeOutbox.run(r).changes,
    supersedeRequesterMessages: (r: { caseId: string; afterSeq: number; at: string }) => supersedeRequesterMessages.run(r).changes,
    caseUnitsOf: (caseId: string) => caseUnitsOf.all(caseId).map((r) => r.unitId),
    dropCaseUnit: (caseId: string, unitId: string) => dropCaseUnit.run(caseId, unitId).changes,
    caseRowExists: (caseId: string) => !!caseRowExists.get(caseId),
    insertRestoredCase: (r: { id: string; workflowId: string; createdBy: string; title: string; category: string | null; channel: string; requesterKind: string; keyProject: boolean; status: string; tier: string; leadUnitId: string; createdAt: string; updatedAt: string }) =>
      insertRestoredCase.run({ ...r, keyProject: bool(r.keyProject) }).changes,
    /** The audit copy's steps of a case, in order (what a person reads of each). */
    stepsOf: (caseId: string) => stepsOf.all(caseId),
    /** The steps a part's row holds (its view's timeline). */
    partTimelineOf: (workflowId: string): { seq: number; at: string; actor: string; action: string; subjectId?: string }[] => {
      const v = partViewOf.get(workflowId)?.view;
      return v ? ((JSON.parse(v) as { timeline?: [] }).timeline ?? []) : [];
    },
    upsertPart: (r: { caseId: string; unitId: string; workflowId: string; status: string; tier: string; assigneeId: string | null; assigneeName: string | null; deadlineAt: string | null; stance: string | null; lastSeq: number; view: unknown; updatedAt: string }) =>
      upsertPart.run({ ...r, view: json(r.view) }).changes,
    principalById: (id: string) => principalById.get({ id }),
    // A where-clause placeholder is bound as given (no column encoding): the boolean as SQLite stores it.
    officersOf: (unitId: string, role: string, active: boolean) => officersOf.all({ unitId, role, active: bool(active) }),
    unitById: (id: string) => unitById.get({ id }),
    deputiesOfSection: (sectionId: string) => deputiesOfSection.all({ sectionId }).map((r) => r.deputyId),
    headOf: (unitId: string) => headOf.get({ unitId })?.id ?? null,
    supervisors: async () => (await supervisors).map((r) => r.id),
    /** The working-day calendar's change count (db/schema.ts calendarVersion); null without its row. */
    calendarVersion: () => (calendarVersion.get() as number | undefined) ?? null,
  };
}

export type TransitionStatements = ReturnType<typeof compile>;

const compiled = new WeakMap<Database.Database, TransitionStatements>();

/** The transition statements of this connection, compiled on first use. */
export function transitionStatements(db: Db): TransitionStatements {
  let s = compiled.get(db.sqlite!);
  if (!s) {
    s = compile(db);
    compiled.set(db.sqlite!, s);
  }
  return s;
}
