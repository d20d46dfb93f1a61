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
import { dialectOf } from '../db/dialect.js';
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
 * for reading each of them. Its text is the dialect's (db/sqlite/inbox.ts, db/pg/inbox.ts): the city's
 * directives are read out of the view's JSON.
 */
const inboxStatement = preparedFor((db) => {
  const closed = CLOSED_STATUSES.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');
  const { inboxSql } = dialectOf(db).inbox;
  const build = (withCursor: boolean) => db.statement<InboxStatementRow>(inboxSql(closed, withCursor));
  return { first: build(false), after: build(true) };
});

export async function inboxPage(db: Db, q: InboxQuery): Promise<InboxPage> {
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
  const rows = after ? await stmt.after.all({ ...params, afterKey: after[0], afterId: after[1], afterKind: after[2] }) : await stmt.first.all(params);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  // A page past the last item carries no total: count it from the first page then.
  const total = rows[0]?.total ?? (after || q.offset ? (await inboxPage(db, { ...q, cursor: undefined, offset: 0, limit: 1 })).total : 0);
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
