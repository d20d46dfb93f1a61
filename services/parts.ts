// Each unit's part of a coordinated case, as the read model holds it.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseParts } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CaseView } from '../domain/case.js';
import { first } from '../db/store.js';

export type PartRow = typeof caseParts.$inferSelect;

/** A unit asked in several rounds: its open part first, else the latest. */
const OPEN_FIRST = sql`${caseParts.status} = 'open' DESC`;

/** That unit's part of that case (its open one first); PART_NOT_FOUND when it has none. */
export async function partOf(db: Db, caseId: string, unitId: string): Promise<PartRow> {
  const row = (await first(db.select().from(caseParts).where(and(eq(caseParts.caseId, caseId), eq(caseParts.unitId, unitId))).orderBy(OPEN_FIRST, desc(caseParts.updatedAt))));
  if (!row) throw new AppError('PART_NOT_FOUND', 'That unit has no part in this case.');
  return row;
}

/**
 * The part a unit may still answer. The lead's withdrawal is in the case's read model as soon as the
 * lead is told it is done, a moment before the part's own workflow hears of it: from then on the
 * part takes no answer (PART_CLOSED), so a withdrawn part cannot answer.
 */
export async function openPartOf(db: Db, caseId: string, unitId: string, caseView: unknown): Promise<PartRow> {
  const row = (await partOf(db, caseId, unitId));
  const listed = (caseView as Partial<CaseView> | null)?.coordination?.parts.find((x) => x.workflowId === row.workflowId);
  if (listed?.status === 'withdrawn') throw new AppError('PART_CLOSED', "The lead withdrew this unit's part.");
  return row;
}

/** The part's view (its state as the workflow last wrote it); PART_NOT_FOUND before it has one. */
export async function partViewOf(db: Db, caseId: string, unitId: string): Promise<unknown> {
  const row = (await partOf(db, caseId, unitId));
  if (!row.view) throw new AppError('PART_NOT_FOUND', 'That unit has no part in this case.');
  return row.view;
}
