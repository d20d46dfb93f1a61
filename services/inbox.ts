// The inbox (待办): what awaits one officer, soonest deadline first. One SQL query over the read
// models' summary columns (never the stored views): cases they hold, units' parts of coordinated
// cases they hold, and, for a unit's principal head, the city directives to their unit. Paged by
// offset, or by a keyset cursor that stays put while cases come and go.
import { inArray, sql } from 'drizzle-orm';
import { cases } from '../db/schema.js';
import { similarPrecedents } from '../db/library.js';
import type { Db } from '../db/client.js';
import { CLOSED_STATUSES } from '../domain/tiers.js';
import { AppError } from '../domain/errors.js';

export type InboxKind = 'case' | 'part' | 'directive';

/** One row of the inbox: the case's summary columns, the item's own deadline, and what share it is. */
export interface InboxRow {
  kind: InboxKind;
  id: string;
  title: string;
  status: string;
  tier: string;
  leadUnitId: string;
  assigneeId: string | null;
  assigneeName: string | null;
  deadlineAt: string | null;
  createdAt: string;
  unitId: string | null;
  task: string | null;
}

export interface InboxQuery {
  principalId: string;
  /** The caller's unit, when they are its principal head: the city's directives to it are theirs. */
  headOfUnit: string | null;
  limit: number;
  offset?: number;
  cursor?: string;
}

export interface InboxPage {
  rows: InboxRow[];
  total: number;
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/** Items without a deadline sort last (the same key in SQL and in the cursor). */
const NO_DEADLINE = '\uffff';

type Key = [sortKey: string, id: string, kind: string];
const encodeCursor = (k: Key) => Buffer.from(JSON.stringify(k), 'utf8').toString('base64url');
function decodeCursor(cursor: string): Key {
  try {
    const k = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(k) && k.length === 3 && k.every((x) => typeof x === 'string')) return k as Key;
  } catch {
    // fall through
  }
  throw new AppError('BAD_CURSOR', 'The cursor is not one this inbox gave.');
}

export function inboxPage(db: Db, q: InboxQuery): InboxPage {
  const closed = sql.join(CLOSED_STATUSES.map((s) => sql`${s}`), sql`, `);
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const isHead = q.headOfUnit ? 1 : 0;
  // Each branch reads its own index: cases_inbox, case_parts_inbox, case_units_unit (CROSS JOIN keeps
  // SQLite from starting at the cases of every unit at the city).
  const rows = db.all<InboxRow & { sortKey: string; total: number }>(sql`
    WITH items AS (
      SELECT 'case' AS kind, c.id, c.title, c.status, c.tier, c.lead_unit_id AS leadUnitId, c.assignee_id AS assigneeId,
             c.assignee_name AS assigneeName, c.deadline_at AS deadlineAt, c.created_at AS createdAt, NULL AS unitId, NULL AS task
        FROM cases c
       WHERE c.assignee_id = ${q.principalId} AND c.status NOT IN (${closed})
      UNION ALL
      SELECT 'part', c.id, c.title, c.status, c.tier, c.lead_unit_id, c.assignee_id, c.assignee_name, p.deadline_at, c.created_at, p.unit_id, NULL
        FROM case_parts p JOIN cases c ON c.id = p.case_id
       WHERE p.assignee_id = ${q.principalId} AND p.status = 'open'
      UNION ALL
      SELECT 'directive', c.id, c.title, c.status, c.tier, c.lead_unit_id, c.assignee_id, c.assignee_name,
             json_extract(d.value, '$.dueAt'), c.created_at, u.unit_id, json_extract(d.value, '$.task')
        FROM case_units u CROSS JOIN cases c ON c.id = u.case_id, json_each(c.view, '$.directives') d
       WHERE ${isHead} = 1 AND u.unit_id = ${q.headOfUnit ?? ''} AND c.status = 'at_city'
         AND json_extract(d.value, '$.unitId') = u.unit_id AND json_extract(d.value, '$.doneAt') IS NULL
    ),
    keyed AS (SELECT items.*, coalesce(deadlineAt, ${NO_DEADLINE}) AS sortKey, count(*) OVER () AS total FROM items)
    SELECT * FROM keyed
     ${after ? sql`WHERE (sortKey, id, kind) > (${after[0]}, ${after[1]}, ${after[2]})` : sql``}
     ORDER BY sortKey, id, kind
     LIMIT ${q.limit + 1} OFFSET ${after ? 0 : (q.offset ?? 0)}
  `);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  // A page past the last item carries no total: count it from the first page then.
  const total = rows[0]?.total ?? (after || q.offset ? inboxPage(db, { ...q, cursor: undefined, offset: 0, limit: 1 }).total : 0);
  return {
    rows: page.map(({ sortKey: _k, total: _t, ...r }) => r),
    total,
    nextCursor: more && last ? encodeCursor([last.sortKey, last.id, last.kind]) : null,
  };
}

/** The case library's closest precedents for each case of a page (the inbox's `include=precedents`). */
export function precedentsFor(db: Db, caseIds: string[]): Map<string, { id: string; title: string; sourceKind: string; place: string | null }[]> {
  const out = new Map<string, { id: string; title: string; sourceKind: string; place: string | null }[]>();
  if (!caseIds.length) return out;
  const rows = db.select({ id: cases.id, title: cases.title, description: cases.description, category: cases.category }).from(cases).where(inArray(cases.id, [...new Set(caseIds)])).all();
  for (const r of rows) {
    out.set(
      r.id,
      similarPrecedents(db, { title: r.title, description: r.description, category: r.category, excludeCaseId: r.id }, 3).map((p) => ({ id: p.id, title: p.title, sourceKind: p.sourceKind, place: p.place })),
    );
  }
  return out;
}
