// Supervision of live cases as the store holds it (supervision_items, a projection of each case's
// view written by the case's own jobs): the rectification ledger (差评整改台账), the items awaiting the
// efficiency office, a unit's part holder for a 督办, and who acts as the workflow's rules read them.
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseParts, cases, supervisionItems, units } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { Actor } from '../domain/messages.js';
import type { Rectification } from '../domain/case.js';
import { monthBounds } from '../domain/reports.js';
import { SUPERVISION_ITEM_KINDS, type SupervisionItemKind } from '../domain/supervision-items.js';
import { caseListScope, type Reader } from './cases.js';
import { first } from '../db/store.js';

/** Who acts on a case, as its workflow's rules read them: from the caller's token. */
export const actorOf = (p: Reader): Actor => ({ id: p.id, role: p.role, unitId: p.unitId });

/** Who holds a unit's open part of the case now (told of a 督办 on it), from the parts' read model. */
export async function partHolderOf(db: Db, caseId: string, unitId: string): Promise<string | undefined> {
  const row = (await first(db
    .select({ assigneeId: caseParts.assigneeId })
    .from(caseParts)
    .where(and(eq(caseParts.caseId, caseId), eq(caseParts.unitId, unitId), eq(caseParts.status, 'open')))));
  return row?.assigneeId ?? undefined;
}

const encode = (at: string, caseId: string, no: number) => Buffer.from(`${at}|${caseId}|${no}`).toString('base64url');
function decode(cursor: string): [string, string, number] {
  const [at, caseId, no] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !caseId || !no || Number.isNaN(Number(no))) throw new AppError('BAD_CURSOR', 'The cursor is not one this API gave.');
  return [at, caseId, Number(no)];
}

export const RECTIFICATION_STATUSES = ['open', 'reported', 'closed', 'voided', 'ended'] as const;

export interface RectificationQuery {
  status?: (typeof RECTIFICATION_STATUSES)[number];
  unitId?: string;
  /** true: only items whose report came late or has not come by its due time. */
  lapsed?: 'true' | 'false';
  /** Items opened in this Beijing month. */
  month?: string;
  limit: number;
  cursor?: string;
}

/**
 * The rectification ledger (差评整改台账), newest first: supervisors, city leaders and admins every
 * unit's (or one), a unit's officers their own unit's.
 */
export async function rectificationLedger(db: Db, reader: Reader, q: RectificationQuery, now: Date) {
  const unitId = caseListScope(reader, q.unitId);
  const where: SQL[] = [eq(supervisionItems.kind, 'rectification')];
  if (unitId) where.push(eq(supervisionItems.unitId, unitId));
  if (q.status) where.push(eq(supervisionItems.status, q.status));
  if (q.lapsed === 'true') where.push(isNotNull(supervisionItems.lapsedAt));
  if (q.lapsed === 'false') where.push(sql`${supervisionItems.lapsedAt} is null`);
  if (q.month) {
    const b = monthBounds(q.month);
    where.push(gte(supervisionItems.openedAt, b.from), lt(supervisionItems.openedAt, b.to));
  }
  if (q.cursor) {
    const [at, caseId] = decode(q.cursor);
    where.push(or(lt(supervisionItems.openedAt, at), and(eq(supervisionItems.openedAt, at), lt(supervisionItems.caseId, caseId)))!);
  }
  const rows = (await db
    .select({ item: supervisionItems, title: cases.title, leadUnitId: cases.leadUnitId, unitName: units.name })
    .from(supervisionItems)
    .innerJoin(cases, eq(cases.id, supervisionItems.caseId))
    .leftJoin(units, eq(units.id, supervisionItems.unitId))
    .where(and(...where))
    .orderBy(desc(supervisionItems.openedAt), desc(supervisionItems.caseId))
    .limit(q.limit + 1));
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nowIso = now.toISOString();
  return {
    items: page.map(({ item, title, unitName }) => {
      const r = item.data as Rectification;
      return {
        caseId: item.caseId,
        title,
        unit: { id: item.unitId, name: unitName ?? item.unitId },
        rating: r.rating,
        status: r.status,
        openedAt: r.openedAt,
        dueAt: r.dueAt,
        /** The report came late, or has not come by its due time. */
        lapsed: Boolean(r.lapsedAt),
        lapsedAt: r.lapsedAt ?? null,
        overdue: r.status === 'open' && r.dueAt < nowIso,
        report: r.report ? { by: r.report.by, at: r.report.at, changes: r.report.changes } : null,
        closedAt: r.closedAt ?? null,
        closedBy: r.closedBy ?? null,
        callbackNo: r.callbackNo ?? null,
        note: r.note ?? null,
      };
    }),
    nextCursor: rows.length > q.limit && last ? encode(last.item.openedAt, last.item.caseId, last.item.no) : null,
  };
}

/** What is still open (or awaits a decision) of each kind. */
const OPEN_STATUSES: Record<SupervisionItemKind, string[]> = {
  notice: ['open'],
  extension: ['pending'],
  rectification: ['open', 'reported'],
  appeal: ['pending'],
};

export interface ItemQuery {
  kind?: SupervisionItemKind;
  /** open: what awaits someone (an open notice, a pending request or appeal, a rectification not closed). */
  state?: 'open' | 'all';
  unitId?: string;
  limit: number;
  cursor?: string;
}

/**
 * Supervision items across cases, soonest due first (what awaits the efficiency office: requests for
 * more time and appeals to decide, rectifications to verify, notices running), scoped as the case list.
 */
export async function supervisionItemList(db: Db, reader: Reader, q: ItemQuery) {
  const unitId = caseListScope(reader, q.unitId);
  const kinds = q.kind ? [q.kind] : [...SUPERVISION_ITEM_KINDS];
  const where: SQL[] = [inArray(supervisionItems.kind, kinds)];
  if (unitId) where.push(eq(supervisionItems.unitId, unitId));
  if ((q.state ?? 'open') === 'open') where.push(or(...kinds.map((k) => and(eq(supervisionItems.kind, k), inArray(supervisionItems.status, OPEN_STATUSES[k]))))!);
  const offset = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new AppError('BAD_CURSOR', 'The cursor is not one this API gave.');
  const rows = (await db
    .select({ item: supervisionItems, title: cases.title })
    .from(supervisionItems)
    .innerJoin(cases, eq(cases.id, supervisionItems.caseId))
    .where(and(...where))
    .orderBy(asc(sql`coalesce(${supervisionItems.dueAt}, '\uffff')`), asc(supervisionItems.caseId), asc(supervisionItems.kind), asc(supervisionItems.no))
    .limit(q.limit + 1)
    .offset(offset));
  return {
    items: rows.slice(0, q.limit).map(({ item, title }) => ({
      caseId: item.caseId,
      title,
      kind: item.kind as SupervisionItemKind,
      no: item.no,
      unitId: item.unitId,
      status: item.status,
      level: item.level,
      openedBy: item.openedBy,
      openedAt: item.openedAt,
      dueAt: item.dueAt,
      lapsedAt: item.lapsedAt,
      closedAt: item.closedAt,
    })),
    nextCursor: rows.length > q.limit ? Buffer.from(String(offset + q.limit)).toString('base64url') : null,
  };
}

/** The open 督办 of each case of a page (the inbox shows them until the holder decides). */
export interface OpenNotice {
  no: number;
  /** A unit's part; null: the case itself. */
  unitId: string | null;
  level: string;
  dueAt: string;
  note: string;
}
export async function openNoticesOf(db: Db, caseIds: string[]): Promise<Map<string, OpenNotice[]>> {
  const out = new Map<string, OpenNotice[]>();
  if (!caseIds.length) return out;
  const rows = (await db
    .select()
    .from(supervisionItems)
    .where(and(eq(supervisionItems.kind, 'notice'), eq(supervisionItems.status, 'open'), inArray(supervisionItems.caseId, [...new Set(caseIds)]))));
  for (const r of rows) {
    const n = r.data as { note: string; unitId: string | null };
    const list = out.get(r.caseId) ?? [];
    list.push({ no: r.no, unitId: n.unitId, level: r.level ?? '', dueAt: r.dueAt ?? '', note: n.note });
    out.set(r.caseId, list);
  }
  return out;
}
