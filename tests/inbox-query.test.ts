// The inbox query (services/inbox.ts) on a read model filled by hand: what it lists for an officer and
// a unit's head, in which order, and that keyset pages walk the same items as offset pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client.js';
import { openTestStore } from '../scripts/pg/test-store.js';
import { caseParts, caseUnits, cases } from '../db/schema.js';
import { inboxPage } from '../services/inbox.js';
import { AppError } from '../domain/errors.js';

let db: Db;
// A store of this file's own (under test:pg, a database named after the file).
const dir = mkdtempSync(join(tmpdir(), 'inbox-query-'));
const at = '2026-11-30T00:00:00.000Z';
const base = (id: string, over: Partial<typeof cases.$inferInsert> = {}): typeof cases.$inferInsert => ({
  id,
  workflowId: `case-${id}`,
  trackingCodeHash: 'x',
  createdBy: 'admin',
  title: `case ${id}`,
  description: 'd',
  channel: 'window',
  requesterKind: 'person',
  requesterName: 'n',
  status: 'in_progress',
  tier: '1',
  leadUnitId: 'housing',
  assigneeId: 'me',
  assigneeName: 'Me',
  createdAt: at,
  updatedAt: at,
  ...over,
});

beforeAll(async () => {
  db = await openTestStore(join(dir, 'cases.sqlite'));
  // 30 open cases of mine with deadlines (some equal), 3 without, 2 closed, 5 of someone else.
  for (let i = 0; i < 30; i++) await db.insert(cases).values(base(`c${String(i).padStart(2, '0')}`, { deadlineAt: `2026-12-${String(1 + (i % 10)).padStart(2, '0')}T09:00:00.000Z` }));
  for (let i = 0; i < 3; i++) await db.insert(cases).values(base(`n${i}`, { deadlineAt: null }));
  await db.insert(cases).values(base('closed1', { status: 'resolved', deadlineAt: '2026-12-01T00:00:00.000Z' }));
  await db.insert(cases).values(base('closed2', { status: 'withdrawn' }));
  for (let i = 0; i < 5; i++) await db.insert(cases).values(base(`o${i}`, { assigneeId: 'other', deadlineAt: '2026-12-01T00:00:00.000Z' }));
  // A part of someone else's case that I hold, and one I no longer hold.
  await db.insert(caseParts).values({ caseId: 'o0', unitId: 'gas', workflowId: 'case-o0-part-gas', status: 'open', tier: '1', assigneeId: 'me', deadlineAt: '2026-11-30T12:00:00.000Z', updatedAt: at });
  await db.insert(caseParts).values({ caseId: 'o1', unitId: 'gas', workflowId: 'case-o1-part-gas', status: 'answered', tier: '1', assigneeId: 'me', deadlineAt: '2026-11-30T11:00:00.000Z', updatedAt: at });
  // A city case directing the gas unit (open) and the water unit (done).
  await db.insert(cases)
    .values(
      base('city1', {
        status: 'at_city',
        tier: 'city',
        assigneeId: 'leader',
        view: { directives: [{ unitId: 'gas', task: '接通管道', dueAt: '2026-12-20T00:00:00.000Z' }, { unitId: 'water', task: '供水', dueAt: '2026-12-02T00:00:00.000Z', doneAt: at }] },
      }),
    );
  await db.insert(caseUnits).values({ caseId: 'city1', unitId: 'gas', role: 'involved' });
  await db.insert(caseUnits).values({ caseId: 'city1', unitId: 'water', role: 'involved' });
});

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the inbox query', () => {
  it("lists the open cases and parts one holds, soonest deadline first, those without one last", async () => {
    const page = await inboxPage(db, { principalId: 'me', headOfUnit: null, limit: 200 });
    expect(page.total).toBe(34);
    expect(page.rows).toHaveLength(34);
    expect(page.nextCursor).toBeNull();
    expect(page.rows[0]).toMatchObject({ kind: 'part', id: 'o0', unitId: 'gas', deadlineAt: '2026-11-30T12:00:00.000Z' });
    expect(page.rows.map((r) => r.id)).not.toContain('closed1');
    expect(page.rows.map((r) => r.id)).not.toContain('o1');
    expect(page.rows.slice(-3).map((r) => r.id)).toEqual(['n0', 'n1', 'n2']);
    const deadlines = page.rows.filter((r) => r.deadlineAt).map((r) => r.deadlineAt!);
    expect(deadlines).toEqual([...deadlines].sort());
  });

  it("gives a unit's head the city's open directives to the unit, not those done", async () => {
    const head = await inboxPage(db, { principalId: 'gas.head', headOfUnit: 'gas', limit: 50 });
    expect(head.rows).toEqual([expect.objectContaining({ kind: 'directive', id: 'city1', unitId: 'gas', task: '接通管道', deadlineAt: '2026-12-20T00:00:00.000Z' })]);
    expect((await inboxPage(db, { principalId: 'water.head', headOfUnit: 'water', limit: 50 })).rows).toEqual([]);
    // Not a head: no directives.
    expect((await inboxPage(db, { principalId: 'gas.fc1', headOfUnit: null, limit: 50 })).rows).toEqual([]);
  });

  it('walks the same items by cursor as by offset, without repeating one, with the total on every page', async () => {
    const all = (await inboxPage(db, { principalId: 'me', headOfUnit: null, limit: 200 })).rows.map((r) => `${r.kind}:${r.id}`);
    const byOffset: string[] = [];
    for (let offset = 0; offset < all.length; offset += 7) byOffset.push(...(await inboxPage(db, { principalId: 'me', headOfUnit: null, limit: 7, offset })).rows.map((r) => `${r.kind}:${r.id}`));
    const byCursor: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const p = await inboxPage(db, { principalId: 'me', headOfUnit: null, limit: 7, cursor });
      expect(p.total).toBe(34);
      byCursor.push(...p.rows.map((r) => `${r.kind}:${r.id}`));
      cursor = p.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);
    expect(byOffset).toEqual(all);
    expect(byCursor).toEqual(all);
    expect(new Set(byCursor).size).toBe(all.length);
    expect(pages).toBe(5);
  });

  it('refuses a cursor it did not give', async () => {
    await expect(inboxPage(db, { principalId: 'me', headOfUnit: null, limit: 7, cursor: 'not-a-cursor' })).rejects.toThrow(AppError);
  });
});
