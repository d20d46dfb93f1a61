// The worker keeps the working-day calendar in memory between deadlines: any change of it, by any
// connection (the API's calendar routes run in another process), is seen by the very next deadline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestStore } from '../scripts/pg/test-store.js';
import { createDeadlineActivities } from '../activities/deadlines.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { deadlineFromStore } from '../services/working-days.js';

const dir = mkdtempSync(join(tmpdir(), 'calendar-cache-'));
const file = join(dir, 'cases.sqlite');
const worker = await openTestStore(file);
const api = await openTestStore(file); // a second connection, as the API process holds
afterAll(async () => {
  await worker.close();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const { computeDeadlineNow } = createDeadlineActivities(worker, DEFAULT_POLICY);
// Tuesday 1 December 2026, 10:00 Beijing: tier 1 has one working day, to 17:30 Beijing of the next.
const from = '2026-12-01T02:00:00.000Z';
const tier1 = async () => (await computeDeadlineNow({ window: { kind: 'tier', tier: '1' }, from })).deadlineAt;
const uncached = async () => (await deadlineFromStore(worker, from, DEFAULT_POLICY.tiers['1'], DEFAULT_POLICY.reminderAt)).deadlineAt;

describe('the calendar kept in memory', () => {
  it('follows overrides written, changed and removed by another connection', async () => {
    expect((await tier1())).toBe('2026-12-02T09:30:00.000Z');
    expect((await tier1())).toBe('2026-12-02T09:30:00.000Z');
    await api.run(sql`insert into calendar_overrides (date, kind, note) values ('2026-12-02', 'rest', 'city notice')`);
    expect((await tier1())).toBe('2026-12-03T09:30:00.000Z');
    await api.run(sql`update calendar_overrides set kind = 'work' where date = '2026-12-02'`);
    expect((await tier1())).toBe('2026-12-02T09:30:00.000Z');
    await api.run(sql`update calendar_overrides set kind = 'rest' where date = '2026-12-02'`);
    expect((await tier1())).toBe('2026-12-03T09:30:00.000Z');
    await api.run(sql`delete from calendar_overrides where date = '2026-12-02'`);
    expect((await tier1())).toBe('2026-12-02T09:30:00.000Z');
  });

  it('follows a year loaded from the State Council notice, and its holidays edited later, on its own connection too', async () => {
    await api.run(sql`insert into calendar_years (year, document_no, loaded_by, loaded_at, format, load_id) values (2026, '国办发明电〔2025〕1号', 'admin', '2026-11-30T00:00:00Z', 'json', 1)`);
    await api.run(sql`insert into calendar_holidays (year, name, from_date, to_date) values (2026, 'test', '2026-12-02', '2026-12-03')`);
    expect((await tier1())).toBe('2026-12-04T09:30:00.000Z');
    await worker.run(sql`update calendar_holidays set to_date = '2026-12-02' where year = 2026`);
    expect((await tier1())).toBe('2026-12-03T09:30:00.000Z');
    await api.run(sql`insert into calendar_workdays (year, date, name) values (2026, '2026-12-05', 'test')`);
    // Saturday 5 December is worked now: a window opened on Friday ends then.
    expect((await computeDeadlineNow({ window: { kind: 'tier', tier: '1' }, from: '2026-12-04T02:00:00.000Z' })).deadlineAt).toBe('2026-12-05T09:30:00.000Z');
    await api.run(sql`delete from calendar_holidays where year = 2026`);
    await api.run(sql`delete from calendar_workdays where year = 2026`);
    await api.run(sql`delete from calendar_years where year = 2026`);
    expect((await tier1())).toBe('2026-12-02T09:30:00.000Z');
    expect((await tier1())).toBe((await uncached()));
  });
});
