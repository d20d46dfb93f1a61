// The case library's (案例汇编) store queries: search over precedents, rules and resolved cases,
// similar precedents for a case, and the record of citations. Used by the services (services/library.ts,
// inbox, cases) and by the projection (recordCitations, describeCitation). The text rules they apply
// (query terms, trigrams, snippets, the citation sentence) are the domain's: domain/library.ts.
//
// Search runs on the library's index: FTS5 with the trigram tokenizer on SQLite
// (db/sqlite/library-index.ts), a bigram tsvector on PostgreSQL ranked by the same bm25
// (db/pg/library-index.ts); the same query finds and ranks the same documents on both. Trigrams
// cannot match a term of one or two characters such as 消防 or 房产, so such terms are found by
// substring over the same indexed text; terms of three or more use the index and bm25.
import { desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { changed, type Db } from './store.js';
import { dialectOf } from './dialect.js';
import { maskPhones } from '../domain/privacy.js';
import {
  DOC_TYPES,
  chars,
  citationSentence,
  highlight,
  queryTerms,
  trigramsOf,
  type DocType,
  type PrecedentKind,
  type SourceKind,
} from '../domain/library.js';
import { caseUnits, cases, libraryRules, precedentCitations, precedentUnits, precedents } from './schema.js';

/** The store or a transaction on it (the projection calls recordCitations inside its own). */
export type LibraryDb = Db;

/** The index's queries in the store's dialect. */
const indexOf = (db: Db) => dialectOf(db).libraryIndex;

/**
 * Writes a resolved case's entry in the library (masked), after the store wrote the case's row. On
 * SQLite a trigger does it (mask_personal); on PostgreSQL the store calls this where it writes a case.
 */
export async function indexResolvedCase(db: Db, caseId: string): Promise<void> {
  await indexOf(db).indexResolvedCase(db, caseId);
}

/** Indexes every resolved case again (PostgreSQL: after a copy from SQLite); 0 on SQLite, whose triggers did. */
export async function reindexResolvedCases(db: Db): Promise<number> {
  return indexOf(db).reindexResolvedCases(db);
}

// ---- search ----

export interface LibrarySearch {
  q?: string;
  /** Which documents: precedents (典型案例), resolved cases (办结案件), rules (制度). Default all. */
  types?: readonly DocType[];
  category?: string;
  kind?: PrecedentKind;
  unitId?: string;
  sourceKind?: SourceKind;
  /** relevance (with q; otherwise recent) | cited | recent */
  sort?: 'relevance' | 'cited' | 'recent';
  limit: number;
  offset: number;
  /**
   * Whose resolved cases the caller may find: the units listed (a case counts when one of them led it
   * or took part in it). Undefined: every unit's (the city, the efficiency office). Precedents and
   * rules are published to all and are not limited by it.
   */
  caseUnitScope?: readonly string[];
}

export interface LibraryHit {
  type: DocType;
  id: string;
  title: string;
  /** The title, HTML-escaped, query terms in <mark>. */
  titleHtml: string;
  /** An excerpt of the text, HTML-escaped, query terms in <mark>. */
  snippet: string;
  category: string | null;
  /** Higher is more relevant; 0 without a query. */
  score: number;
  /** Precedent: recorded; case: resolved; rule: issued. */
  date: string | null;
  unitIds: string[];
  kind?: PrecedentKind;
  sourceKind?: SourceKind;
  place?: string | null;
  citeCount?: number;
  sourceCaseId?: string | null;
  issuingUnitId?: string;
  documentNo?: string | null;
}

export interface LibraryResult {
  items: LibraryHit[];
  total: number;
  /** How the query ran: index (all terms ≥ 3 characters), substring (all shorter), mixed, browse (no query). */
  mode: 'index' | 'substring' | 'mixed' | 'browse';
}

const CASE_KIND_REASONS: Record<Exclude<PrecedentKind, 'other'>, string> = {
  legacy: 'legacy',
  cross_department: 'cross_department',
  no_precedent: 'no_precedent',
};

/** A case's kind is read from its escalations (提级理由); a case across units is cross-department. */
function caseHasKind(db: Db, kind: Exclude<PrecedentKind, 'other'>): SQL {
  const reason = indexOf(db).jsonText(sql`s.data`, 'reason');
  const byReason = sql`exists (select 1 from case_steps s where s.case_id = d.ref and s.action = 'escalated' and ${reason} = ${CASE_KIND_REASONS[kind]})`;
  return kind === 'cross_department' ? sql`(${byReason} or (select count(*) from case_units cu where cu.case_id = d.ref) > 1)` : byReason;
}

function filters(db: Db, o: LibrarySearch): SQL[] {
  const where: SQL[] = [];
  let types = [...(o.types ?? DOC_TYPES)];
  if (o.sourceKind) types = types.filter((t) => t === 'precedent');
  if (o.kind) types = types.filter((t) => t !== 'rule'); // rules have no kind of problem
  where.push(types.length ? sql`d.doc_type in (${sql.join(types.map((t) => sql`${t}`), sql`, `)})` : sql`1 = 0`);
  if (o.sourceKind) where.push(sql`exists (select 1 from precedents p where p.id = d.ref and p.source_kind = ${o.sourceKind})`);
  if (o.category) {
    where.push(sql`(case d.doc_type
      when 'precedent' then (select category from precedents where id = d.ref)
      when 'case' then (select category from cases where id = d.ref)
      else (select category from library_rules where id = d.ref) end) = ${o.category}`);
  }
  if (o.kind) {
    const caseCond =
      o.kind === 'other'
        ? sql`not (${caseHasKind(db, 'legacy')} or ${caseHasKind(db, 'cross_department')} or ${caseHasKind(db, 'no_precedent')})`
        : caseHasKind(db, o.kind);
    where.push(sql`((d.doc_type = 'precedent' and exists (select 1 from precedents p where p.id = d.ref and p.kind = ${o.kind}))
      or (d.doc_type = 'case' and ${caseCond}))`);
  }
  if (o.caseUnitScope) {
    const scope = o.caseUnitScope;
    where.push(
      scope.length
        ? sql`(d.doc_type <> 'case' or exists (select 1 from case_units cu where cu.case_id = d.ref and cu.unit_id in (${sql.join(scope.map((u) => sql`${u}`), sql`, `)}))
            or exists (select 1 from cases lc where lc.id = d.ref and lc.lead_unit_id in (${sql.join(scope.map((u) => sql`${u}`), sql`, `)})))`
        : sql`d.doc_type <> 'case'`,
    );
  }
  if (o.unitId) {
    where.push(sql`((d.doc_type = 'precedent' and exists (select 1 from precedent_units pu where pu.precedent_id = d.ref and pu.unit_id = ${o.unitId}))
      or (d.doc_type = 'case' and exists (select 1 from case_units cu where cu.case_id = d.ref and cu.unit_id = ${o.unitId}))
      or (d.doc_type = 'rule' and exists (select 1 from library_rules r where r.id = d.ref and r.issuing_unit_id = ${o.unitId})))`);
  }
  return where;
}

const DATE_EXPR = sql`(case d.doc_type
  when 'precedent' then (select created_at from precedents where id = d.ref)
  when 'case' then (select closed_at from cases where id = d.ref)
  else (select issued_on from library_rules where id = d.ref) end)`;
const CITES_EXPR = sql`(select count(*) from precedent_citations c where d.doc_type = 'precedent' and c.precedent_id = d.ref)`;

/** How many times a term occurs in a column: the ranking of substring matches (title counts 4×). */
const occurrences = (col: SQL, t: string) => sql`((length(${col}) - length(replace(lower(${col}), ${t}, ''))) / ${chars(t).length})`;

/** Searches the library. Without `q` it browses, newest (or most cited) first. */
export async function searchLibrary(db: LibraryDb, o: LibrarySearch): Promise<LibraryResult> {
  const ix = indexOf(db);
  const terms = queryTerms(o.q ?? '');
  const long = terms.filter((t) => chars(t).length >= 3);
  const short = terms.filter((t) => chars(t).length < 3);
  const where = filters(db, o);
  const q = long.length ? ix.indexQuery(long, 'all') : { ...ix.ALL_DOCS, with: sql``, match: undefined, rank: undefined };
  if (q.match) where.push(q.match);
  for (const t of short) where.push(sql`(${ix.contains(q.title, t)} or ${ix.contains(q.body, t)})`);
  const score =
    q.rank ??
    (short.length ? sql.join(short.map((t) => sql`(4 * ${occurrences(q.title, t)} + ${occurrences(q.body, t)})`), sql` + `) : sql`0`);
  const sort = o.sort ?? 'relevance';
  // The document's id breaks ties last, so equal scores and dates come in one order on both stores.
  const order =
    sort === 'cited'
      ? sql`cites desc, at desc, d.id desc`
      : sort === 'recent' || !terms.length
        ? sql`at desc, d.id desc`
        : sql`score desc, at desc, d.id desc`;
  const cond = sql.join(where, sql` and `);
  const from = sql`from ${q.from} where ${cond}`;
  const rows = (await db.all<{ type: DocType; ref: string; title: string; body: string; score: number; at: string | null; cites: number }>(
    sql`${q.with}select d.doc_type as type, d.ref as ref, ${q.title} as title, ${q.body} as body,
      ${score} as score, ${DATE_EXPR} as at, ${CITES_EXPR} as cites
      ${from} order by ${order} limit ${o.limit} offset ${o.offset}`,
  ));
  const total = Number((await db.get<{ n: number }>(sql`${q.with}select count(*) as n ${from}`))?.n ?? 0);
  const mode = !terms.length ? 'browse' : !short.length ? 'index' : !long.length ? 'substring' : 'mixed';
  return { items: (await hydrate(db, rows, terms)), total, mode };
}

type Row = { type: DocType; ref: string; title: string; body: string; score: number; at: string | null; cites: number };

/** Adds what each kind of document shows beside its text, in a few batched reads. */
async function hydrate(db: LibraryDb, rows: Row[], terms: string[]): Promise<LibraryHit[]> {
  const ids = (t: DocType) => rows.filter((r) => r.type === t).map((r) => r.ref);
  const pIds = ids('precedent');
  const cIds = ids('case');
  const rIds = ids('rule');
  const ps = new Map((pIds.length ? (await db.select().from(precedents).where(inArray(precedents.id, pIds))) : []).map((p) => [p.id, p]));
  const pUnits = groupUnits(pIds.length ? (await db.select({ id: precedentUnits.precedentId, unitId: precedentUnits.unitId }).from(precedentUnits).where(inArray(precedentUnits.precedentId, pIds))) : []);
  const cs = new Map(
    (cIds.length
      ? (await db.select({ id: cases.id, category: cases.category, leadUnitId: cases.leadUnitId, closedAt: cases.closedAt }).from(cases).where(inArray(cases.id, cIds)))
      : []
    ).map((c) => [c.id, c]),
  );
  const cUnits = groupUnits(cIds.length ? (await db.select({ id: caseUnits.caseId, unitId: caseUnits.unitId }).from(caseUnits).where(inArray(caseUnits.caseId, cIds))) : []);
  const rs = new Map((rIds.length ? (await db.select().from(libraryRules).where(inArray(libraryRules.id, rIds))) : []).map((r) => [r.id, r]));
  const score = (n: number) => Number(Number(n).toPrecision(4));
  return rows.map((r): LibraryHit => {
    const base = {
      type: r.type,
      id: r.ref,
      title: r.title,
      titleHtml: highlight(r.title, terms, 400),
      snippet: highlight(maskPhones(r.body), terms),
      score: score(r.score ?? 0),
      date: r.at,
    };
    if (r.type === 'precedent') {
      const p = ps.get(r.ref)!;
      return {
        ...base,
        category: p.category,
        unitIds: pUnits.get(r.ref) ?? [],
        kind: p.kind as PrecedentKind,
        sourceKind: p.sourceKind as SourceKind,
        place: p.place,
        sourceCaseId: p.sourceCaseId,
        citeCount: Number(r.cites),
      };
    }
    if (r.type === 'case') {
      const c = cs.get(r.ref)!;
      const units = cUnits.get(r.ref) ?? [];
      return { ...base, category: c.category, unitIds: [c.leadUnitId, ...units.filter((u) => u !== c.leadUnitId)] };
    }
    const rule = rs.get(r.ref)!;
    return { ...base, category: rule.category, unitIds: [rule.issuingUnitId], issuingUnitId: rule.issuingUnitId, documentNo: rule.documentNo };
  });
}

function groupUnits(rows: { id: string; unitId: string }[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.id, [...(m.get(r.id) ?? []), r.unitId]);
  return m;
}

// ---- similar precedents ----

export interface SimilarPrecedent {
  id: string;
  title: string;
  kind: PrecedentKind;
  category: string | null;
  sourceKind: SourceKind;
  place: string | null;
  citeCount: number;
  /** Higher is more similar. */
  score: number;
  /** text: shares wording with the case; category: only the same category. */
  matchedOn: 'text' | 'category';
  snippet: string;
}

/**
 * The precedents most like a case (at intake, on the case, in the inbox): the case's wording, cut
 * into character trigrams, searched as one OR query and ranked by bm25, with a precedent of the same
 * category lifted; precedents of the same category fill the list when wording finds too few.
 * `excludeCaseId` leaves out the precedent promoted from that very case.
 */
export async function similarPrecedents(
  db: LibraryDb,
  probe: { title: string; description?: string | null; category?: string | null; excludeCaseId?: string },
  limit = 5,
): Promise<SimilarPrecedent[]> {
  const grams = trigramsOf(`${probe.title} ${(probe.description ?? '').slice(0, 400)}`);
  const found = new Map<string, { score: number; matchedOn: 'text' | 'category'; snippet: string }>();
  if (grams.length) {
    const q = indexOf(db).indexQuery(grams, 'any');
    const rows = (await db.all<{ ref: string; title: string; body: string; r: number }>(
      sql`${q.with}select d.ref as ref, ${q.title} as title, ${q.body} as body, -(${q.rank}) as r
        from ${q.from}
        where ${q.match} and d.doc_type = 'precedent'
        order by r, d.id desc limit 50`,
    ));
    for (const r of rows) {
      const text = `${r.title}\n${r.body}`.toLowerCase();
      const shared = grams.filter((g) => text.includes(g));
      // One shared trigram is chance (办理的, 的问题); two or more is wording in common.
      if (shared.length < 2) continue;
      found.set(r.ref, { score: -r.r, matchedOn: 'text', snippet: highlight(r.body, shared) });
    }
  }
  // In the order found (by rank), so precedents that score alike keep one order on both stores.
  const rank = [...found.keys()];
  const ps = found.size ? (await db.select().from(precedents).where(inArray(precedents.id, rank))).sort((a, b) => rank.indexOf(a.id) - rank.indexOf(b.id)) : [];
  if (probe.category && ps.length < limit) {
    const more = (await db
      .select()
      .from(precedents)
      .where(eq(precedents.category, probe.category))
      .orderBy(desc(precedents.createdAt))
      .limit(limit + 1))
      .filter((p) => !found.has(p.id));
    for (const p of more) {
      found.set(p.id, { score: 0, matchedOn: 'category', snippet: highlight(`${p.problem} ${p.solution}`, []) });
      ps.push(p);
    }
  }
  const counts = (await citeCounts(db, ps.map((p) => p.id)));
  const scale = (n: number) => Number(n.toPrecision(4));
  return ps
    .filter((p) => !probe.excludeCaseId || p.sourceCaseId !== probe.excludeCaseId)
    .map((p) => {
      const f = found.get(p.id)!;
      const sameCategory = !!probe.category && p.category === probe.category;
      return {
        id: p.id,
        title: p.title,
        kind: p.kind as PrecedentKind,
        category: p.category,
        sourceKind: p.sourceKind as SourceKind,
        place: p.place,
        citeCount: counts.get(p.id)?.citations ?? 0,
        score: scale(f.matchedOn === 'text' ? f.score * (sameCategory ? 1.25 : 1) : 0),
        matchedOn: f.matchedOn,
        snippet: f.snippet,
      };
    })
    .sort((a, b) => b.score - a.score || b.citeCount - a.citeCount)
    .slice(0, limit);
}

// ---- citations ----

/**
 * Records that a decision (a timeline step) cited precedents. Idempotent: keyed by case, step and
 * precedent, so a retried projection writes nothing twice. Ids that name no precedent are skipped
 * (the API refuses them; a signal could still carry one). Returns how many rows were new.
 */
export async function recordCitations(
  db: LibraryDb,
  c: { caseId: string; seq: number; action: string; precedentIds: readonly string[] | undefined | null; at: string },
): Promise<number> {
  const ids = [...new Set(c.precedentIds ?? [])];
  if (!ids.length) return 0;
  const known = (await db.select({ id: precedents.id }).from(precedents).where(inArray(precedents.id, ids)));
  if (!known.length) return 0;
  const res = (await db
    .insert(precedentCitations)
    .values(known.map((p) => ({ caseId: c.caseId, seq: c.seq, precedentId: p.id, action: c.action, at: c.at })))
    .onConflictDoNothing());
  return changed(res);
}

/** Per precedent: how many decisions cited it, and in how many cases. */
export async function citeCounts(db: LibraryDb, ids: readonly string[]): Promise<Map<string, { citations: number; cases: number }>> {
  const m = new Map<string, { citations: number; cases: number }>();
  if (!ids.length) return m;
  const rows = (await db
    .select({ id: precedentCitations.precedentId, citations: sql<number>`count(*)`, cases: sql<number>`count(distinct ${precedentCitations.caseId})` })
    .from(precedentCitations)
    .where(inArray(precedentCitations.precedentId, [...new Set(ids)]))
    .groupBy(precedentCitations.precedentId));
  for (const r of rows) m.set(r.id, { citations: Number(r.citations), cases: Number(r.cases) });
  return m;
}

/**
 * The requester's sentence naming what the decision followed (citationSentence), for the precedents
 * of these ids in the order given. Empty when nothing known was cited.
 */
export async function describeCitation(db: LibraryDb, precedentIds: readonly string[] | undefined | null): Promise<string> {
  const wanted = [...new Set(precedentIds ?? [])];
  if (!wanted.length) return '';
  const rows = (await db.select().from(precedents).where(inArray(precedents.id, wanted)));
  return citationSentence(wanted.map((id) => rows.find((p) => p.id === id)).filter((p) => p !== undefined));
}

/** The kind of problem a resolved case was, read from its escalations: for a promotion's default. */
export async function kindOfCase(db: LibraryDb, caseId: string): Promise<PrecedentKind> {
  for (const k of ['legacy', 'no_precedent', 'cross_department'] as const) {
    const hit = (await db.get<{ n: number }>(sql`select count(*) as n from (select cast(${caseId} as text) as ref) d where ${caseHasKind(db, k)}`));
    if (hit && Number(hit.n) > 0) return k;
  }
  return 'other';
}

