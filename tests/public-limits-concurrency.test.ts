// The public doors' limits with two processes on one store (two handles here; on PostgreSQL, two pools
// as two API hosts hold them): every hit counts once, and a gate lets exactly its quota through when
// filings race, whichever order their limits are listed in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/client.js';
import { openTestStore } from '../scripts/pg/test-store.js';
import { createLimiter, type Limit } from '../api/public-limits.js';

let a: Db, b: Db;
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lim-')), 'cases.sqlite');
  a = await openTestStore(file);
  b = await openTestStore(file);
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const lim = (bucket: string, max: number): Limit => ({ bucket, max, windowMs: 86_400_000, code: 'X', detail: 'x' });

it('rolling hits from two handles are all counted', async () => {
  const la = createLimiter(a), lb = createLimiter(b);
  const now = new Date();
  const res = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? la : lb).hit(lim('roll', 50), now)));
  expect(res.filter((r) => r === null)).toHaveLength(50);
});

it('gates from two handles never overshoot, and overlapping limits do not deadlock', async () => {
  const la = createLimiter(a), lb = createLimiter(b);
  const now = new Date();
  let ok = 0, refused = 0;
  await Promise.all(Array.from({ length: 40 }, async (_, i) => {
    const db = i % 2 ? a : b;
    const l = i % 2 ? la : lb;
    const limits = i % 3 ? [lim('g:a', 7), lim('g:b', 100)] : [lim('g:b', 100), lim('g:a', 7)];
    try {
      await db.tx(async () => {
        const over = await l.check(limits, now);
        if (over) throw over;
        await new Promise((r) => setTimeout(r, 5));
        await l.record(limits, now);
      });
      ok++;
    } catch (e) {
      if ((e as { code?: string }).code === 'X') refused++; else throw e;
    }
  }));
  expect([ok, refused]).toEqual([7, 33]);
  expect(await la.count(lim('g:a', 7), now)).toBe(7);
});
