// The inbox (待办): what awaits one officer, soonest deadline first. One SQL query over the read
// models' summary columns (never the stored views): cases they hold, units' parts of coordinated
// cases they hold, and, for a unit's principal head, the city directives to their unit and the
// rectifications of bad ratings it owes (差评整改). Paged by offset, or by a keyset cursor that stays
// put while cases come and go.
import { inArray } from 'drizzle-orm';
import { cases } from '../db/schema.js';
import { similarPrecedents } from '../db/library.js';
import type { Db } from '../db/client.js';
import { preparedFor } from '../db/prepared.js';
import { CLOSED_STATUSES } from '../domain/tiers.js';
import { AppError } from '../domain/errors.js';

export type InboxKind = 'case' | 'part' | 'directive' | 'rectification';

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

type InboxStatementRow = InboxRow & { sortKey: string; total: number };

/**
 * The inbox's statement, prepared once per handle, with and without a cursor. Two phases: the items
 * are found, counted and paged on narrow columns (cases_inbox, case_parts_inbox, case_units_unit),
 * and only the page's rows are read whole, so an officer with thousands of open cases does not pay
 * for reading each of them.
 */
const inboxStatement = preparedFor((db) => {
  const closed = CLOSED_STATUSES.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');
  const build = (withCursor: boolean) =>
    db.sqlite!.prepare<Record<string, unknown>, InboxStatementRow>(`
    WITH items AS (
      SELECT 'case' AS kind, c.id, c.deadline_at AS deadlineAt, NULL AS unitId, NULL AS task
        FROM cases c
       WHERE c.assignee_id = @principalId AND c.status NOT IN (${closed})
      UNION ALL
      SELECT 'part', c.id, p.deadline_at, p.unit_id, NULL
        FROM case_parts p JOIN cases c ON c.id = p.case_id
       WHERE p.assignee_id = @principalId AND p.status = 'open'
      UNION ALL
      SELECT 'directive', c.id, json_extract(d.value, '$.dueAt'), u.unit_id, json_extract(d.value, '$.task')
        FROM case_units u CROSS JOIN cases c ON c.id = u.case_id, json_each(c.view, '$.directives') d
       WHERE @isHead = 1 AND u.unit_id = @headOfUnit AND c.status = 'at_city'
         AND json_extract(d.value, '$.unitId') = u.unit_id AND json_extract(d.value, '$.doneAt') IS NULL
      UNION ALL
      SELECT 'rectification', s.case_id, s.due_at, s.unit_id, NULL
        FROM supervision_items s
       WHERE @isHead = 1 AND s.unit_id = @headOfUnit AND s.kind = 'rectification' AND s.status = 'open'
    ),
    keyed AS (SELECT items.*, coalesce(deadlineAt, @noDeadline) AS sortKey, count(*) OVER () AS total FROM items),
    page AS (
      SELECT * FROM keyed
       ${withCursor ? 'WHERE (sortKey, id, kind) > (@afterKey, @afterId, @afterKind)' : ''}
       ORDER BY sortKey, id, kind
       LIMIT @limit OFFSET @offset
    )
    SELECT page.kind, c.id, c.title, c.status, c.tier, c.lead_unit_id AS leadUnitId, c.assignee_id AS assigneeId,
           c.assignee_name AS assigneeName, page.deadlineAt, c.created_at AS createdAt, page.unitId, page.task,
           page.sortKey, page.total
      FROM page JOIN cases c ON c.id = page.id
     ORDER BY page.sortKey, page.id, page.kind
  `);
  return { first: build(false), after: build(true) };
});

export function inboxPage(db: Db, q: InboxQuery): InboxPage {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const params = {
    principalId: q.principalId,
    isHead: q.headOfUnit ? 1 : 0,
    headOfUnit: q.headOfUnit ?? '',
    noDeadline: NO_DEADLINE,
    limit: q.limit + 1,
    offset: after ? 0 : (q.offset ?? 0),
  };
  const stmt = inboxStatement(db);
  const rows = after ? stmt.after.all({ ...params, afterKey: after[0], afterId: after[1], afterKind: after[2] }) : stmt.first.all(params);
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
export async function precedentsFor(db: Db, caseIds: string[]): Promise<Map<string, { id: string; title: string; sourceKind: string; place: string | null }[]>> {
  const out = new Map<string, { id: string; title: string; sourceKind: string; place: string | null }[]>();
  if (!caseIds.length) return out;
  const rows = (await db.select({ id: cases.id, title: cases.title, description: cases.description, category: cases.category }).from(cases).where(inArray(cases.id, [...new Set(caseIds)])));
  for (const r of rows) {
    out.set(
      r.id,
      (await similarPrecedents(db, { title: r.title, description: r.description, category: r.category, excludeCaseId: r.id }, 3)).map((p) => ({ id: p.id, title: p.title, sourceKind: p.sourceKind, place: p.place })),
    );
  }
  return out;
}
