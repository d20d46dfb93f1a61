// The statements every case transition runs (the worker's one local activity per transition, and the
// directory and outbox it calls), compiled once per connection instead of rebuilt by the query builder
// and re-prepared by SQLite on every call. Writes are plain SQL with the columns encoded as drizzle
// encodes them (json: JSON text, boolean: 0/1); reads are drizzle's prepared queries, so rows come back
// typed exactly as the builder's would.
import { and, eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from './client.js';
import { deputySections, principals, units } from './schema.js';

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
  lastSeq: number;
  view: unknown;
  updatedAt: string;
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
}

function compile(db: Db) {
  const c: Database.Database = db.$client;
  const insertStep = c.prepare(
    `insert into case_steps (case_id, seq, at, tier, actor, action, note, subject_id, deadline_at, data, element_id)
     values (@caseId, @seq, @at, @tier, @actor, @action, @note, @subjectId, @deadlineAt, @data, @elementId) on conflict do nothing`,
  );
  // The read model only moves forward: a late retry of an older step never overwrites a newer one.
  const updateCase = c.prepare(
    `update cases set status = @status, tier = @tier, assignee_id = @assigneeId, assignee_name = @assigneeName,
       assignee_role = @assigneeRole,
       deadline_at = case when @deadlineAtSet then @deadlineAt else deadline_at end,
       deadline_provisional = case when @deadlineProvisionalSet then @deadlineProvisional else deadline_provisional end,
       closed_tier = @closedTier, closed_at = @closedAt, rating = @rating, last_seq = @lastSeq, view = @view, updated_at = @updatedAt
     where id = @id and last_seq < @lastSeq`,
  );
  const insertCaseUnit = c.prepare(`insert into case_units (case_id, unit_id, role) values (?, ?, ?) on conflict do nothing`);
  const insertOfficerEvent = c.prepare(
    `insert into officer_events (case_id, seq, officer_id, unit_id, tier, kind, at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const insertOutbox = c.prepare(
    `insert into outbox (key, case_id, recipient_id, recipient_kind, template, vars, body, status, attempts, next_attempt_at, created_at)
     values (@key, @caseId, @recipientId, @recipientKind, @template, @vars, @body, @status, @attempts, @nextAttemptAt, @createdAt)
     on conflict (key) do nothing`,
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
    insertStep: (r: StepRow) => insertStep.run({ ...r, data: json(r.data) }).changes,
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
    insertOfficerEvent: (e: { caseId: string; seq: number; officerId: string; unitId: string | null; tier: string | null; kind: string; at: string }) =>
      insertOfficerEvent.run(e.caseId, e.seq, e.officerId, e.unitId, e.tier, e.kind, e.at).changes,
    insertOutbox: (r: OutboxRow) => insertOutbox.run({ ...r, vars: JSON.stringify(r.vars) }).changes,
    principalById: (id: string) => principalById.get({ id }),
    // A where-clause placeholder is bound as given (no column encoding): the boolean as SQLite stores it.
    officersOf: (unitId: string, role: string, active: boolean) => officersOf.all({ unitId, role, active: bool(active) }),
    unitById: (id: string) => unitById.get({ id }),
    deputiesOfSection: (sectionId: string) => deputiesOfSection.all({ sectionId }).map((r) => r.deputyId),
    headOf: (unitId: string) => headOf.get({ unitId })?.id ?? null,
    supervisors: () => supervisors.all().map((r) => r.id),
    /** The working-day calendar's change count (db/schema.ts calendarVersion); null without its row. */
    calendarVersion: () => (calendarVersion.get() as number | undefined) ?? null,
  };
}

export type TransitionStatements = ReturnType<typeof compile>;

const compiled = new WeakMap<Database.Database, TransitionStatements>();

/** The transition statements of this connection, compiled on first use. */
export function transitionStatements(db: Db): TransitionStatements {
  let s = compiled.get(db.$client);
  if (!s) {
    s = compile(db);
    compiled.set(db.$client, s);
  }
  return s;
}
