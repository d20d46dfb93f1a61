// The statements every case transition runs (the worker's one local activity per transition, and the
// directory and outbox it calls), compiled once per connection instead of rebuilt by the query builder
// and re-prepared by SQLite on every call. Writes are plain SQL with the columns encoded as drizzle
// encodes them (json: JSON text, boolean: 0/1); reads are drizzle's prepared queries, so rows come back
// typed exactly as the builder's would.
import type { Db } from './client.js';
import { dialectOf } from './dialect.js';
import { preparedFor } from './prepared.js';
import type { principals, units } from './schema.js';
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

type Principal = typeof principals.$inferSelect;
type Unit = typeof units.$inferSelect;
const PRINCIPAL = 'id, name, role, unit_id as unitId, section_id as sectionId, phone, active, stand_in_id as standInId';

function compile(db: Db) {
  const insertStep = db.statement(
    `insert into case_steps (case_id, seq, at, tier, actor, action, note, subject_id, deadline_at, data, element_id, officer_events)
     values (@caseId, @seq, @at, @tier, @actor, @action, @note, @subjectId, @deadlineAt, @data, @elementId, @officerEvents) on conflict do nothing`,
  );
  // The read model is the workflow's state after the job: each job is written once, in the workflow's
  // order (store_jobs), so the last write is the newest state.
  const updateCase = db.statement(
    `update cases set status = @status, tier = @tier, assignee_id = @assigneeId, assignee_name = @assigneeName,
       assignee_role = @assigneeRole,
       deadline_at = case when @deadlineAtSet then @deadlineAt else deadline_at end,
       deadline_provisional = case when @deadlineProvisionalSet then @deadlineProvisional else deadline_provisional end,
       closed_tier = @closedTier, closed_at = @closedAt, rating = @rating, counted_rating = @countedRating, counted_rating_at = @countedRatingAt,
       counted_rating_source = @countedRatingSource, last_seq = @lastSeq, view = @view, updated_at = @updatedAt
     where id = @id`,
  );
  const dropSupervisionItems = db.statement(`delete from supervision_items where case_id = ?`);
  const insertSupervisionItem = db.statement(
    `insert into supervision_items (case_id, kind, no, unit_id, status, level, opened_by, opened_at, due_at, lapsed_at, closed_at, closed_by, data)
     values (@caseId, @kind, @no, @unitId, @status, @level, @openedBy, @openedAt, @dueAt, @lapsedAt, @closedAt, @closedBy, @data)`,
  );
  const insertCaseUnit = db.statement(`insert into case_units (case_id, unit_id, role) values (?, ?, ?) on conflict do nothing`);
  const insertOfficerEvent = db.statement(
    `insert into officer_events (case_id, seq, officer_id, unit_id, tier, kind, at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const insertOutbox = db.statement(
    `insert into outbox (key, case_id, recipient_id, recipient_kind, template, vars, body, status, attempts, next_attempt_at, created_at, workflow_id, job_no)
     values (@key, @caseId, @recipientId, @recipientKind, @template, @vars, @body, @status, @attempts, @nextAttemptAt, @createdAt, @workflowId, @jobNo)
     on conflict (key) do nothing`,
  );

  // ---- the store's copy of a workflow, and the jobs it carried out (activities/store-copy.ts) ----
  const copyOf = db.statement<CopyRow>(
    `select workflow_id as workflowId, kind, case_id as caseId, run_id as runId, job_no as jobNo, last_seq as lastSeq, halted_status as haltedStatus from workflow_copies where workflow_id = ?`,
  );
  const saveCopy = db.statement(
    `insert into workflow_copies (workflow_id, kind, case_id, run_id, job_no, last_seq, updated_at) values (@workflowId, @kind, @caseId, @runId, @jobNo, @lastSeq, @updatedAt)
     on conflict (workflow_id) do update set run_id = excluded.run_id, job_no = excluded.job_no, last_seq = excluded.last_seq, updated_at = excluded.updated_at,
       halted_status = null, halted_at = null`,
  );
  const liveJob = db.statement<JobRow>(
    `select job_no as jobNo, run_id as runId, event_id as eventId, at, answers, first_seq as firstSeq, last_seq as lastSeq from store_jobs where workflow_id = ? and job_no = ? and superseded_at is null`,
  );
  // A job a retried task found committed is taken again now: the confirmer must not give up on it.
  const retakeJob = db.statement(`update store_jobs set created_at = @at where workflow_id = @workflowId and job_no = @jobNo and superseded_at is null and confirmed_at is null`);
  // Writers of one workflow's jobs (its store calls, the confirmer giving up on a job) take the copy's
  // row first on PostgreSQL; SQLite has one writer at a time anyway.
  const lockCopy = db.storeKind === 'postgres' ? db.statement(`select 1 from workflow_copies where workflow_id = ? for update`) : null;
  const waitingSince = db.statement<{ at: string | null }>(
    `select case when sum(case when confirmed_at is null then 1 else 0 end) > 0 then max(created_at) end as at from store_jobs where workflow_id = ? and job_no > ? and superseded_at is null`,
  );
  const latestLiveAt = db.statement<{ at: string | null }>(`select max(at) as at from store_jobs where workflow_id = ? and job_no >= ? and superseded_at is null`);
  const insertJob = db.statement(
    `insert into store_jobs (workflow_id, job_no, run_id, event_id, at, answers, first_seq, last_seq, created_at) values (@workflowId, @jobNo, @runId, @eventId, @at, @answers, @firstSeq, @lastSeq, @createdAt)`,
  );
  const supersedeJobs = db.statement(`update store_jobs set superseded_at = @at, superseded_reason = @reason where workflow_id = @workflowId and job_no >= @fromJobNo and superseded_at is null`);
  const moveSteps = db.statement(
    `insert into superseded_steps (case_id, seq, at, tier, actor, action, note, subject_id, deadline_at, data, element_id, officer_events, superseded_at, reason, by_run_id)
     select case_id, seq, at, tier, actor, action, note, subject_id, deadline_at, data, element_id, officer_events, @at, @reason, @runId from case_steps where case_id = @caseId and seq > @afterSeq`,
  );
  const dropSteps = db.statement(`delete from case_steps where case_id = @caseId and seq > @afterSeq`);
  const dropCitations = db.statement(`delete from precedent_citations where case_id = @caseId and seq > @afterSeq`);
  const moveOfficerEvents = db.statement(
    `insert into superseded_officer_events (case_id, seq, officer_id, unit_id, tier, kind, at, superseded_at)
     select case_id, seq, officer_id, unit_id, tier, kind, at, @at from officer_events where case_id = @eventCase and seq > @afterSeq`,
  );
  const dropOfficerEvents = db.statement(`delete from officer_events where case_id = @eventCase and seq > @afterSeq`);
  // A notice of a superseded job: never sent if it has not gone yet; recorded as sent and superseded if
  // it has. Its key is set aside so the job that replaces it writes its own.
  // What the requester was sent of superseded steps stays counted against the day's cap, under a key
  // set aside: a reset's run numbers its steps again, and its messages' keys (case:seq:requester) would
  // otherwise look written before and never go out.
  const supersedeRequesterMessages = db.statement(
    `update requester_messages set key = key || '~superseded~' || @at
     where case_id = @caseId and key like @caseId || ':%' and ${dialectOf(db).messageKeys.STEP_OF_MESSAGE_KEY} > @afterSeq`,
  );
  const supersedeOutbox = db.statement(
    `update outbox set key = key || '~superseded~' || id, superseded_at = @at,
       status = case when status in ('sending', 'sent') then status else 'superseded' end
     where workflow_id = @workflowId and job_no >= @fromJobNo and superseded_at is null`,
  );
  const caseUnitsOf = db.statement<{ unitId: string }>(`select unit_id as unitId from case_units where case_id = ?`);
  const dropCaseUnit = db.statement(`delete from case_units where case_id = ? and unit_id = ?`);
  const caseRowExists = db.statement<{ id: string }>(`select id from cases where id = ?`);
  // A case the store lost (restored from an older backup): the requester's identity and the tracking
  // code's hash lived only here, so the row says they are gone (tracking_code_hash '' matches no code).
  const insertRestoredCase = db.statement(
    `insert into cases (id, workflow_id, tracking_code_hash, created_by, title, description, category, channel, requester_kind, requester_name,
       key_project, status, tier, lead_unit_id, created_at, updated_at)
     values (@id, @workflowId, '', @createdBy, @title, '', @category, @channel, @requesterKind, '（备份恢复：申请人信息未随备份保留）',
       @keyProject, @status, @tier, @leadUnitId, @createdAt, @updatedAt) on conflict (id) do nothing`,
  );
  const stepsOf = db.statement<{ seq: number; at: string; actor: string; action: string; subjectId: string | null }>(
    `select seq, at, actor, action, subject_id as subjectId from case_steps where case_id = ? order by seq`,
  );
  const partViewOf = db.statement<{ view: string | null }>(`select view from case_parts where workflow_id = ?`);
  // A part's row is the workflow's state after the job: each job is written once, in order.
  const upsertPart = db.statement(
    `insert into case_parts (case_id, unit_id, workflow_id, status, tier, assignee_id, assignee_name, deadline_at, stance, last_seq, view, updated_at)
     values (@caseId, @unitId, @workflowId, @status, @tier, @assigneeId, @assigneeName, @deadlineAt, @stance, @lastSeq, @view, @updatedAt)
     on conflict (workflow_id) do update set status = excluded.status, tier = excluded.tier, assignee_id = excluded.assignee_id,
       assignee_name = excluded.assignee_name, deadline_at = excluded.deadline_at, stance = excluded.stance, last_seq = excluded.last_seq,
       view = excluded.view, updated_at = excluded.updated_at`,
  );

  const calendarVersion = db.statement<{ version: number }>('select version from calendar_version where id = 1');

  // Directory reads of a transition, as prepared statements: rows come back as the builder's would.
  const principalById = db.statement<Principal>(`select ${PRINCIPAL} from principals where id = ?`);
  const officersOf = db.statement<Principal>(`select ${PRINCIPAL} from principals where unit_id = ? and role = ? and active = ? order by id`);
  const unitById = db.statement<Unit>(`select id, name, name_en as nameEn, kind, city_leader_id as cityLeaderId from units where id = ?`);
  const deputiesOfSection = db.statement<{ deputyId: string }>(`select deputy_id as deputyId from deputy_sections where section_id = ?`);
  const headOf = db.statement<{ id: string }>(`select id from principals where unit_id = ? and role = 'principal_head' and active = ? order by id limit 1`);
  const supervisors = db.statement<{ id: string }>(`select id from principals where role = 'supervisor' and active = ? order by id`);
  const principal = (r: Principal | undefined): Principal | undefined => (r ? { ...r, active: Boolean(r.active) } : undefined);

  return {
    insertStep: async (r: StepRow) => (await insertStep.run({ ...r, data: json(r.data), officerEvents: json(r.officerEvents) })).changes,
    updateCase: async (r: CaseRowUpdate) =>
      (
        await updateCase.run({
          ...r,
          deadlineAtSet: bool(r.deadlineAt !== undefined),
          deadlineAt: r.deadlineAt ?? null,
          deadlineProvisionalSet: bool(r.deadlineProvisional !== undefined),
          deadlineProvisional: r.deadlineProvisional === undefined ? null : bool(r.deadlineProvisional),
          view: json(r.view),
        })
      ).changes,
    insertCaseUnit: async (caseId: string, unitId: string, role: string) => (await insertCaseUnit.run(caseId, unitId, role)).changes,
    /** A case's supervision items, as its view now holds them (the old rows go). */
    replaceSupervisionItems: async (caseId: string, rows: SupervisionItem[]) => {
      await dropSupervisionItems.run(caseId);
      for (const r of rows) await insertSupervisionItem.run({ ...r, data: json(r.data) });
    },
    insertOfficerEvent: async (e: { caseId: string; seq: number; officerId: string; unitId: string | null; tier: string | null; kind: string; at: string }) =>
      (await insertOfficerEvent.run(e.caseId, e.seq, e.officerId, e.unitId, e.tier, e.kind, e.at)).changes,
    insertOutbox: async (r: OutboxRow) => (await insertOutbox.run({ workflowId: null, jobNo: null, ...r, vars: JSON.stringify(r.vars) })).changes,
    copyOf: (workflowId: string) => copyOf.get(workflowId),
    saveCopy: async (r: { workflowId: string; kind: string; caseId: string; runId: string; jobNo: number; lastSeq: number; updatedAt: string }) => (await saveCopy.run(r)).changes,
    liveJob: (workflowId: string, jobNo: number) => liveJob.get(workflowId, jobNo),
    /** A committed job taken again by a retried task: it waits for its confirmation afresh. */
    retakeJob: async (r: { workflowId: string; jobNo: number; at: string }) => (await retakeJob.run(r)).changes,
    /** Holds the copy's row until the transaction ends (PostgreSQL; SQLite's writer lock already does). */
    lockCopy: async (workflowId: string): Promise<void> => void (await lockCopy?.get(workflowId)),
    /**
     * Since when the live jobs past `afterJobNo` have lain untouched: the newest time one of them was
     * written or taken again by a retried task, confirmed ones included (null: none waits for its
     * confirmation). A task that took one of several waiting jobs has not always come to the next yet,
     * and another confirmer may have confirmed the one it took, so the oldest waiting job would say
     * too early that none is held.
     */
    waitingSince: async (workflowId: string, afterJobNo: number) => (await waitingSince.get(workflowId, afterJobNo))?.at ?? null,
    /** The newest time among the live jobs from this number on (null: none). */
    latestLiveAt: async (workflowId: string, fromJobNo: number) => (await latestLiveAt.get(workflowId, fromJobNo))?.at ?? null,
    insertJob: async (r: { workflowId: string; jobNo: number; runId: string; eventId: string; at: string; answers: unknown; firstSeq: number; lastSeq: number; createdAt: string }) =>
      (await insertJob.run({ ...r, answers: JSON.stringify(r.answers) })).changes,
    supersedeJobs: async (r: { workflowId: string; fromJobNo: number; at: string; reason: string }) => (await supersedeJobs.run(r)).changes,
    /** Moves a case's steps after `afterSeq` (with their officer events and citations) out of the current record. */
    supersedeSteps: async (r: { caseId: string; eventCase: string; afterSeq: number; at: string; reason: string; runId: string }) => {
      await moveSteps.run(r);
      const n = (await dropSteps.run(r)).changes;
      await dropCitations.run(r);
      return n;
    },
    supersedeOfficerEvents: async (r: { eventCase: string; afterSeq: number; at: string }) => {
      await moveOfficerEvents.run(r);
      return (await dropOfficerEvents.run(r)).changes;
    },
    supersedeOutbox: async (r: { workflowId: string; fromJobNo: number; at: string }) => (await supersedeOutbox.run(r)).changes,
    supersedeRequesterMessages: async (r: { caseId: string; afterSeq: number; at: string }) => (await supersedeRequesterMessages.run(r)).changes,
    caseUnitsOf: async (caseId: string) => (await caseUnitsOf.all(caseId)).map((r) => r.unitId),
    dropCaseUnit: async (caseId: string, unitId: string) => (await dropCaseUnit.run(caseId, unitId)).changes,
    caseRowExists: async (caseId: string) => !!(await caseRowExists.get(caseId)),
    insertRestoredCase: async (r: { id: string; workflowId: string; createdBy: string; title: string; category: string | null; channel: string; requesterKind: string; keyProject: boolean; status: string; tier: string; leadUnitId: string; createdAt: string; updatedAt: string }) =>
      (await insertRestoredCase.run({ ...r, keyProject: bool(r.keyProject) })).changes,
    /** The audit copy's steps of a case, in order (what a person reads of each). */
    stepsOf: (caseId: string) => stepsOf.all(caseId),
    /** The steps a part's row holds (its view's timeline). */
    partTimelineOf: async (workflowId: string): Promise<{ seq: number; at: string; actor: string; action: string; subjectId?: string }[]> => {
      const v = (await partViewOf.get(workflowId))?.view;
      return v ? ((JSON.parse(v) as { timeline?: [] }).timeline ?? []) : [];
    },
    upsertPart: async (r: { caseId: string; unitId: string; workflowId: string; status: string; tier: string; assigneeId: string | null; assigneeName: string | null; deadlineAt: string | null; stance: string | null; lastSeq: number; view: unknown; updatedAt: string }) =>
      (await upsertPart.run({ ...r, view: json(r.view) })).changes,
    principalById: async (id: string) => principal(await principalById.get(id)),
    officersOf: async (unitId: string, role: string, active: boolean) => (await officersOf.all(unitId, role, bool(active))).map((r) => principal(r)!),
    unitById: (id: string) => unitById.get(id),
    deputiesOfSection: async (sectionId: string) => (await deputiesOfSection.all(sectionId)).map((r) => r.deputyId),
    headOf: async (unitId: string) => (await headOf.get(unitId, bool(true)))?.id ?? null,
    supervisors: async () => (await supervisors.all(bool(true))).map((r) => r.id),
    /** The working-day calendar's change count (db/schema.ts calendarVersion); null without its row. */
    calendarVersion: async () => (await calendarVersion.get())?.version ?? null,
  };
}

export type TransitionStatements = ReturnType<typeof compile>;

/** The transition statements of this connection, compiled on first use. */
export const transitionStatements: (db: Db) => TransitionStatements = preparedFor(compile);
