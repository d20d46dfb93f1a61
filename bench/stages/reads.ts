// Item 4: inbox pages and case lists over HTTP from an API process whose read model holds many cases,
// bulk-loaded through the projection activity; and the efficiency office's month over the same store
// (issue 29: the month's report under a second). One request at a time, so each figure is a latency.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { and, asc, desc, eq, exists, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import type { CaseRow } from '../../api/case-view.js';
import { summaryOf } from '../../services/cases.js';
import type { Db } from '../../db/client.js';
import { caseUnits, cases } from '../../db/schema.js';
import { CLOSED_STATUSES } from '../../domain/tiers.js';
import { monthBounds, monthOf, previousMonth } from '../../domain/reports.js';
import { freePort } from '../../scripts/dev-server.js';
import { bulkLoad, HOT_OFFICER } from '../lib/bulk-load.js';
import type { Ctx } from '../lib/context.js';
import { Api, waitForHttp } from '../lib/http.js';
import { prepareData, spawnNode } from '../lib/stack.js';
import { openBenchStore, storeEnv, storeKind, storeMiB } from '../lib/store.js';
import { round, summarize, type Summary } from '../lib/stats.js';
import { first } from '../../db/store.js';

export interface ReadQuery {
  name: string;
  as: string;
  path: string;
  /** Items on the page (a sanity check that the query found something). */
  items: number;
  latency: Summary;
}

/** The inbox's own query, as written and as proposed, timed in-process on the same file. */
export interface InboxQueryComparison {
  officer: string;
  open: number;
  asWritten: Summary;
  proposed: Summary;
  /** asWritten p50 ÷ proposed p50. */
  speedup: number;
}

/** A case-list query as api/routes/cases.ts writes it, the same with one more index, and as proposed. */
export interface ListQueryComparison {
  query: string;
  asWritten: Summary;
  /** The same statement once the index cases(created_at, id) exists: what a migration alone gives. */
  withIndex: Summary;
  /** Summary columns only, the unit scope as EXISTS, with the index. */
  proposed: Summary;
  speedup: number;
}

export interface ReadsResult {
  inboxQuery?: InboxQueryComparison[];
  listQuery?: ListQueryComparison[];
  cases: number;
  open: number;
  hotOfficerOpen: number;
  loadSeconds: number;
  dbMiB: number;
  queries: ReadQuery[];
}

export async function reads(ctx: Ctx): Promise<ReadsResult> {
  const { cases: total, hotOfficerOpen, requests } = ctx.s.reads;
  const dataDir = join(ctx.dir, 'reads-data');
  const tokens = (await prepareData(dataDir));
  const db = await openBenchStore(dataDir);
  ctx.log(`reads: bulk-loading ${total} cases through the projection (store: ${storeKind()})`);
  const loaded = await bulkLoad(db, { total, openShare: 0.2, hotOfficerOpen });
  ctx.log(`reads: loaded in ${round(loaded.ms / 1000)}s`);
  // A typical officer: the one whose open inbox is the median size.
  // Through the seam, so the same text runs on either store (ties broken by id, the same officer on both).
  const counts = (
    await db.all<{ id: string; n: number | string }>(
      sql`select assignee_id as id, count(*) as n from cases where status not in ('resolved','refused','withdrawn') and assignee_id like '%.fc%' group by assignee_id order by n, assignee_id`,
    )
  ).map((r) => ({ id: r.id, n: Number(r.n) }));
  const typical = counts[Math.floor(counts.length / 2)];
  const someCase = (await db.get<{ id: string }>(sql`select id from cases where lead_unit_id = 'civil' and status = 'resolved' order by id limit 1`))!;
  const dbMiB = await storeMiB(dataDir, db);
  const inboxQuery = [(await compareInboxQuery(db, typical.id, typical.n, requests)), (await compareInboxQuery(db, HOT_OFFICER, loaded.hotOpen, requests))];
  await db.close();

  const port = await freePort();
  const api = await spawnNode('reads-api', 'api/main.ts', { DATA_DIR: dataDir, API_PORT: String(port), API_HOST: '127.0.0.1', TEMPORAL_ADDRESS: ctx.server.address, RATE_LIMIT_TOKEN_PER_MINUTE: '1000000000', ...(await storeEnv(dataDir)) }, { logDir: ctx.dir, ready: /api: http/ });
  await waitForHttp(port);
  const http = new Api(port, tokens);
  const queries: ReadQuery[] = [];
  const time = async (name: string, as: string, path: string | (() => Promise<string>), runs = requests, warm = 10) => {
    const p = typeof path === 'string' ? path : await path();
    let items = 0;
    for (let i = 0; i < warm; i++) await http.request('GET', p, { as });
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await http.request('GET', p, { as });
      if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      items = Array.isArray(r.body?.items) ? r.body.items.length : Array.isArray(r.body?.timeline) ? r.body.timeline.length : Array.isArray(r.body?.units) ? r.body.units.length : 0;
      xs.push(r.ms);
    }
    queries.push({ name, as, path: p, items, latency: summarize(xs) });
    ctx.log(`reads: ${name} p99 ${summarize(xs).p99} ms`);
  };
  await time(`inbox, typical officer (${typical.n} open)`, typical.id, '/v1/inbox?limit=50');
  await time(`inbox, busiest officer (${loaded.hotOpen} open)`, HOT_OFFICER, '/v1/inbox?limit=50');
  await time('inbox, busiest officer, page at offset 1000', HOT_OFFICER, `/v1/inbox?limit=50&offset=${Math.min(1000, Math.max(0, loaded.hotOpen - 50))}`);
  await time('inbox, city leader', 'city-vice-zhao', '/v1/inbox?limit=50');
  await time('case list, officer\'s unit, first page', 'civil.fc1', '/v1/cases?limit=50');
  await time('case list, officer\'s unit, second page (cursor)', 'civil.fc1', async () => {
    const r = await http.request('GET', '/v1/cases?limit=50', { as: 'civil.fc1' });
    return `/v1/cases?limit=50&cursor=${r.body.nextCursor}`;
  });
  await time('case list, supervisor, status=in_progress', 'sup-1', '/v1/cases?limit=50&status=in_progress');
  await time('case list, supervisor, overdue=true', 'sup-1', '/v1/cases?limit=50&overdue=true');
  await time('case list, supervisor, tier=city', 'sup-1', '/v1/cases?limit=50&tier=city');
  await time('case list, supervisor, q= (text search)', 'sup-1', `/v1/cases?limit=50&q=${encodeURIComponent('燃气管道接入 77')}`);
  await time('one case with its timeline', 'civil.fc1', `/v1/cases/${someCase.id}`);
  // The efficiency office's month (issue 29): last month's report over the whole store, its ranking
  // (this month's figures and the month before's), its classes, and its case ledger as an Excel file.
  // Fewer rounds: each reads a month of cases.
  const month = previousMonth(monthOf(new Date()));
  const db3 = await openBenchStore(dataDir);
  const { from, to } = monthBounds(month);
  const received = Number((await db3.get<{ n: number | string }>(sql`select count(*) as n from cases where created_at >= ${from} and created_at < ${to}`))?.n ?? 0);
  await db3.close();
  const reportRuns = Math.min(requests, 30);
  await time(`monthly report ${month} (${received} cases opened in it)`, 'sup-1', `/v1/reports/monthly?month=${month}`, reportRuns, 3);
  await time(`ranking ${month} (its figures and the month before's)`, 'sup-1', `/v1/reports/rankings?month=${month}`, reportRuns, 3);
  await time(`categories (每月一题) ${month}`, 'sup-1', `/v1/reports/categories?month=${month}`, reportRuns, 3);
  await time(`case ledger ${month} as .xlsx (${received} rows, streamed)`, 'sup-1', `/v1/exports/cases.xlsx?month=${month}`, Math.min(requests, 5), 1);
  http.close();
  await api.stop();
  // The list queries compared in-process, last: the index they add is for this scratch store only.
  const db2 = await openBenchStore(dataDir);
  const listQuery = await compareListQueries(db2, requests);
  await db2.close();
  return { inboxQuery, listQuery, cases: total, open: loaded.open, hotOfficerOpen: loaded.hotOpen, loadSeconds: round(loaded.ms / 1000), dbMiB, queries };
}

/**
 * api/routes/inbox.ts reads every open case of the caller with all columns (the JSON view included),
 * then sorts and pages in JavaScript. The proposal reads only the columns a summary shows, lets SQLite
 * sort and page, and counts separately. Both are timed here, in this process, on the same file.
 */
async function compareInboxQuery(db: Db, officer: string, open: number, runs: number): Promise<InboxQueryComparison> {
  const now = new Date();
  const mine = and(eq(cases.assigneeId, officer), notInArray(cases.status, [...CLOSED_STATUSES]));
  const asWritten = async () => {
    const items = (await db.select().from(cases).where(mine)).map((r) => summaryOf(r, now));
    items.sort((a, b) => (a.deadlineAt ?? '\uffff').localeCompare(b.deadlineAt ?? '\uffff') || a.id.localeCompare(b.id));
    return { page: items.slice(0, 50), total: items.length };
  };
  const cols = { id: cases.id, title: cases.title, status: cases.status, tier: cases.tier, leadUnitId: cases.leadUnitId, assigneeId: cases.assigneeId, assigneeName: cases.assigneeName, deadlineAt: cases.deadlineAt, createdAt: cases.createdAt };
  const proposed = async () => {
    const rows = (await db.select(cols).from(cases).where(mine).orderBy(sql`${cases.deadlineAt} is null`, asc(cases.deadlineAt), asc(cases.id)).limit(50));
    const total = (await first(db.select({ n: sql<number>`count(*)` }).from(cases).where(mine)))?.n ?? 0;
    return { page: rows.map((r) => summaryOf(r as CaseRow, now)), total };
  };
  const time = async (f: () => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await f();
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await f();
      xs.push(performance.now() - t0);
    }
    return summarize(xs);
  };
  const a = (await asWritten());
  const b = (await proposed());
  if (a.total !== b.total || a.page.map((x) => x.id).join() !== b.page.map((x) => x.id).join()) throw new Error(`inbox query comparison: the two queries disagree for ${officer}`);
  const w = await time(asWritten);
  const p = await time(proposed);
  return { officer, open, asWritten: w, proposed: p, speedup: round(w.p50 / p.p50, 1) };
}

const timeRuns = async (f: () => Promise<unknown>, runs: number): Promise<Summary> => {
  for (let i = 0; i < 5; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    xs.push(performance.now() - t0);
  }
  return summarize(xs);
};

/**
 * GET /v1/cases as api/routes/cases.ts builds it reads whole rows (the JSON view included) of every
 * matching case and sorts them for one page of 50: the unit scope as `id IN (case_units …)`, and no
 * index on created_at. Proposed: the summary columns, the unit scope as EXISTS, and an index on
 * (created_at, id) so SQLite walks newest first and stops after the page.
 */
async function compareListQueries(db: Db, runs: number): Promise<ListQueryComparison[]> {
  const now = new Date();
  const newest = [desc(cases.createdAt), desc(cases.id)] as const;
  const cols = { id: cases.id, title: cases.title, status: cases.status, tier: cases.tier, leadUnitId: cases.leadUnitId, assigneeId: cases.assigneeId, assigneeName: cases.assigneeName, deadlineAt: cases.deadlineAt, createdAt: cases.createdAt };
  const overdue = and(isNotNull(cases.deadlineAt), lt(cases.deadlineAt, now.toISOString()), notInArray(cases.status, [...CLOSED_STATUSES]))!;
  const shapes: { query: string; asWritten: () => Promise<string[]>; proposed: () => Promise<string[]> }[] = [
    {
      query: "officer's unit, first page",
      asWritten: async () => (await db.select().from(cases).where(inArray(cases.id, db.select({ id: caseUnits.caseId }).from(caseUnits).where(eq(caseUnits.unitId, 'civil')))).orderBy(...newest).limit(51)).map((r) => summaryOf(r, now).id),
      proposed: async () =>
        (await db
          .select(cols)
          .from(cases)
          .where(exists(db.select({ one: sql`1` }).from(caseUnits).where(and(eq(caseUnits.caseId, cases.id), eq(caseUnits.unitId, 'civil')))))
          .orderBy(...newest)
          .limit(51))
          .map((r) => summaryOf(r as CaseRow, now).id),
    },
    {
      query: 'tier=city',
      asWritten: async () => (await db.select().from(cases).where(eq(cases.tier, 'city')).orderBy(...newest).limit(51)).map((r) => summaryOf(r, now).id),
      proposed: async () => (await db.select(cols).from(cases).where(eq(cases.tier, 'city')).orderBy(...newest).limit(51)).map((r) => summaryOf(r as CaseRow, now).id),
    },
    {
      query: 'overdue=true',
      asWritten: async () => (await db.select().from(cases).where(overdue).orderBy(...newest).limit(51)).map((r) => summaryOf(r, now).id),
      proposed: async () => (await db.select(cols).from(cases).where(overdue).orderBy(...newest).limit(51)).map((r) => summaryOf(r as CaseRow, now).id),
    },
  ];
  const before: { q: (typeof shapes)[number]; ids: string; t: Summary }[] = [];
  for (const q of shapes) before.push({ q, ids: (await q.asWritten()).join(), t: await timeRuns(q.asWritten, runs) });
  await db.run(sql`CREATE INDEX IF NOT EXISTS bench_cases_created ON cases (created_at, id)`);
  await db.run(sql`ANALYZE`);
  const out: ListQueryComparison[] = [];
  for (const { q, ids, t } of before) {
    if ((await q.proposed()).join() !== ids) throw new Error(`list query comparison: ${q.query} answers differently`);
    const withIndex = await timeRuns(q.asWritten, runs);
    const proposed = await timeRuns(q.proposed, runs);
    out.push({ query: q.query, asWritten: t, withIndex, proposed, speedup: round(t.p50 / proposed.p50, 1) });
  }
  return out;
}
