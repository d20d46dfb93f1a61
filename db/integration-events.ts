// The store side of integrators' events (domain/integration-events.ts says which and what): written
// with the steps of a store job, in its transaction, as 'unconfirmed'; released when the workflow
// confirms the job (reconcile/confirmer.ts), which is when each gets its number in its case's stream
// and its place in the change feed; superseded, unnumbered, when the job never happened.
//
// Numbers are given at release, never at writing: a job written by a task attempt that died takes no
// number, so a case's events count 1, 2, 3… without a gap, in the order the workflow confirmed them.
// Both counters are rows updated in the releasing transaction (event_counters), so on PostgreSQL too
// two releases queue on the row lock and the feed's order is the order of commits.
import type { Db } from './client.js';
import type { Statement } from './store.js';
import { preparedFor } from './prepared.js';
import type { TimelineStep } from '../domain/case.js';
import { complaintEventData, eventsOfSteps, ownReference, type DerivedEvent, type EventType } from '../domain/integration-events.js';

interface CaseFacts {
  createdBy: string;
  externalId: string | null;
  leadUnitId: string;
  category: string | null;
}

/** An event's CloudEvent id: its stream and its number there. */
export const eventIdOf = (subject: string, seq: number) => `${subject}.${seq}`;

function compile(db: Db) {
  const caseFacts = db.statement<CaseFacts>(`select created_by as createdBy, external_id as externalId, lead_unit_id as leadUnitId, category from cases where id = ?`);
  const insert = db.statement<{ id: number; subject: string }>(
    `insert into integration_events (type, subject, case_id, complaint_id, time, data, owner_id, filed_by, unit_id, category, external_id, workflow_id, job_no, step_seq, source_key, status, created_at)
     values (@type, @subject, @caseId, @complaintId, @time, @data, @ownerId, @filedBy, @unitId, @category, @externalId, @workflowId, @jobNo, @stepSeq, @sourceKey, @status, @createdAt)
     on conflict do nothing returning id, subject`,
  );
  const unconfirmedOf = db.statement<{ id: number; subject: string }>(
    `select id, subject from integration_events where status = 'unconfirmed' and workflow_id = @workflowId and job_no <= @jobs order by job_no, step_seq, id`,
  );
  const count = db.statement<{ value: number }>(
    `insert into event_counters (name, value) values (@name, 1) on conflict (name) do update set value = event_counters.value + 1 returning value`,
  );
  const released = db.statement(
    `update integration_events set status = 'released', seq = @seq, feed_pos = @feedPos, event_id = @eventId, released_at = @at where id = @id and seq is null`,
  );
  const supersede = db.statement(
    `update integration_events set status = 'superseded', superseded_at = @at where workflow_id = @workflowId and job_no >= @fromJobNo and status = 'unconfirmed'`,
  );
  const grants = db.statement<{ kind: string; value: string }>(`select kind, value from integrator_grants where principal_id = ?`);
  const feedHead = db.statement<{ value: number }>(`select value from event_counters where name = 'feed'`);
  return { caseFacts, insert, unconfirmedOf, count, released, supersede, grants, feedHead };
}

const statementsOf = preparedFor(compile);

/** The statements prepared so far per text (statementFor), one map per store. */
const textsOf = preparedFor((_db): Map<string, Statement<unknown>> => new Map());

/**
 * A statement whose text is built at run time (a list of types, a scope's units), prepared once per
 * text on this store: the same shapes come back again and again.
 */
export function statementFor<Row>(db: Db, text: string): Statement<Row> {
  const m = textsOf(db);
  let s = m.get(text);
  if (!s) {
    s = db.statement<unknown>(text);
    if (m.size > 500) m.clear();
    m.set(text, s);
  }
  return s as Statement<Row>;
}

/** The statements of integrators' events on this store; every call runs inside its caller's transaction. */
export function integrationEventStore(db: Db) {
  const s = statementsOf(db);

  /** Gives a written event its number in its stream and its place in the feed. */
  async function number(row: { id: number; subject: string }, at: string): Promise<void> {
    const seq = (await s.count.get({ name: `stream:${row.subject}` }))!.value;
    const feedPos = (await s.count.get({ name: 'feed' }))!.value;
    await s.released.run({ id: row.id, seq, feedPos, eventId: eventIdOf(row.subject, seq), at });
  }

  async function insertCaseEvents(caseId: string, events: DerivedEvent[], o: { workflowId: string | null; jobNo: number | null; status: 'unconfirmed' | 'released'; at: string }) {
    if (!events.length) return [];
    const f = await s.caseFacts.get(caseId);
    // One after another, in the steps' order (the ids give the order of release).
    const rows: { id: number; subject: string }[] = [];
    for (const e of events) {
      rows.push(...(await s.insert.all({
        type: e.type,
        subject: caseId,
        caseId,
        complaintId: null,
        time: e.time,
        data: JSON.stringify({ caseId, category: f?.category ?? null, ...e.data }),
        ownerId: f?.createdBy ?? null,
        filedBy: null,
        unitId: f?.leadUnitId ?? null,
        category: f?.category ?? null,
        externalId: ownReference(f?.externalId ?? null),
        workflowId: o.workflowId,
        jobNo: o.jobNo,
        stepSeq: e.stepSeq,
        sourceKey: null,
        status: o.status,
        createdAt: o.at,
      })));
    }
    return rows;
  }

  return {
    /** The events of a store job's steps, waiting for the workflow to confirm the job. */
    async writeJob(o: { caseId: string; workflowId: string; jobNo: number; steps: readonly TimelineStep[]; at: string }): Promise<number> {
      return (await insertCaseEvents(o.caseId, eventsOfSteps(o.steps), { workflowId: o.workflowId, jobNo: o.jobNo, status: 'unconfirmed', at: o.at })).length;
    },

    /**
     * Steps the workflow holds and the store had lost (a restore), written back by the store's resync:
     * confirmed by the workflow already, so released at once. Derived and numbered as before, their
     * ids come out as they were when the store had them.
     */
    async writeConfirmed(caseId: string, steps: readonly TimelineStep[], at: string): Promise<number> {
      const rows = await insertCaseEvents(caseId, eventsOfSteps(steps), { workflowId: null, jobNo: null, status: 'released', at });
      for (const r of rows) await number(r, at);
      return rows.length;
    },

    /** The workflow confirmed its jobs up to `jobs`: their events are numbered, in the jobs' order. */
    async releaseJobs(workflowId: string, jobs: number, at: string): Promise<number> {
      const rows = await s.unconfirmedOf.all({ workflowId, jobs });
      for (const r of rows) await number(r, at);
      return rows.length;
    },

    /** Jobs from `fromJobNo` on never happened: their events stay unnumbered and are never sent. */
    async supersedeJobs(workflowId: string, fromJobNo: number, at: string): Promise<number> {
      return (await s.supersede.run({ workflowId, fromJobNo, at })).changes;
    },

    /**
     * A complaint's event: its activity runs once its workflow task has completed, so it is released as
     * written; a retried activity writes nothing more (source key). About a case, it joins the case's
     * stream and is seen by whoever sees the case's events.
     */
    async writeComplaint(c: { id: string; unitId: string; caseId: string | null; status: string; upheld?: boolean | null; filedBy: string | null; at: string }, type: Extract<EventType, `complaint.${string}`>, now: string): Promise<boolean> {
      const f = c.caseId ? await s.caseFacts.get(c.caseId) : undefined;
      const rows = await s.insert.all({
        type,
        subject: c.caseId ?? c.id,
        caseId: c.caseId,
        complaintId: c.id,
        time: c.at,
        data: JSON.stringify({ ...(c.caseId ? { caseId: c.caseId, category: f?.category ?? null } : {}), ...complaintEventData(c, type) }),
        ownerId: f?.createdBy ?? null,
        filedBy: c.filedBy,
        unitId: f?.leadUnitId ?? c.unitId,
        category: f?.category ?? null,
        externalId: ownReference(f?.externalId ?? null),
        workflowId: null,
        jobNo: null,
        stepSeq: 0,
        sourceKey: `complaint:${c.id}:${type}`,
        status: 'released',
        createdAt: now,
      });
      for (const r of rows) await number(r, now);
      return rows.length > 0;
    },
  };
}

export type IntegrationEventStore = ReturnType<typeof integrationEventStore>;

// ---- Who sees which events ----

/**
 * What a principal's subscriptions and change feed carry: administrators every event; an integrator
 * the events of the cases it started and of the complaints it filed, and what an administrator
 * granted it beyond (integrator_grants: every case, a lead unit's, a category's).
 */
export interface EventScope {
  principalId: string;
  all: boolean;
  unitIds: string[];
  categories: string[];
}

export async function eventScopeOf(db: Db, p: { id: string; role: string }): Promise<EventScope> {
  const grants = await statementsOf(db).grants.all(p.id);
  return {
    principalId: p.id,
    all: p.role === 'admin' || grants.some((g) => g.kind === 'all'),
    unitIds: grants.filter((g) => g.kind === 'unit').map((g) => g.value).sort(),
    categories: grants.filter((g) => g.kind === 'category').map((g) => g.value).sort(),
  };
}

/** The scope as a condition on integration_events (under `alias`), with its parameters in order. */
export function scopeCondition(scope: EventScope, alias = 'e'): { sql: string; params: string[] } {
  if (scope.all) return { sql: '1 = 1', params: [] };
  const parts = [`${alias}.owner_id = ?`, `${alias}.filed_by = ?`];
  const params = [scope.principalId, scope.principalId];
  if (scope.unitIds.length) {
    parts.push(`${alias}.unit_id in (${scope.unitIds.map(() => '?').join(', ')})`);
    params.push(...scope.unitIds);
  }
  if (scope.categories.length) {
    parts.push(`${alias}.category in (${scope.categories.map(() => '?').join(', ')})`);
    params.push(...scope.categories);
  }
  return { sql: `(${parts.join(' or ')})`, params };
}

/** A released event as the store holds it, for rendering (webhooks/format.ts). */
export interface ReleasedEventRow {
  id: number;
  eventId: string;
  type: string;
  subject: string;
  caseId: string | null;
  time: string;
  seq: number;
  feedPos: number;
  data: Record<string, unknown>;
  ownerId: string | null;
  externalId: string | null;
}

export const RELEASED_COLUMNS = `e.id, e.event_id as eventId, e.type, e.subject, e.case_id as caseId, e.time, e.seq, e.feed_pos as feedPos, e.data, e.owner_id as ownerId, e.external_id as externalId`;

/** A row read with RELEASED_COLUMNS, its data parsed. */
export const releasedRow = (r: Omit<ReleasedEventRow, 'data'> & { data: string }): ReleasedEventRow => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> });

/** Released events after a feed position, in feed order, of the given types, within a scope. */
export async function releasedEvents(db: Db, o: { after: number; until?: number; types: readonly string[]; scope: EventScope; limit: number }): Promise<ReleasedEventRow[]> {
  if (!o.types.length) return [];
  const cond = scopeCondition(o.scope);
  const rows = await statementFor<Omit<ReleasedEventRow, 'data'> & { data: string }>(
    db,
    `select ${RELEASED_COLUMNS} from integration_events e
       where e.feed_pos > ? ${o.until !== undefined ? 'and e.feed_pos <= ?' : ''} and e.type in (${o.types.map(() => '?').join(', ')}) and ${cond.sql}
       order by e.feed_pos limit ?`,
  ).all(o.after, ...(o.until !== undefined ? [o.until] : []), ...o.types, ...cond.params, o.limit);
  return rows.map(releasedRow);
}

/** The newest position of the change feed (0: nothing released yet). */
export async function feedHead(db: Db): Promise<number> {
  return (await statementsOf(db).feedHead.get())?.value ?? 0;
}
