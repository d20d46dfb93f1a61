// The case library's search index on PostgreSQL (db/library.ts, through db/dialect.ts, which picks
// this module or db/sqlite/library-index.ts by the store's dialect; both export the same names). library_index holds
// each document's text and its characters and bigrams as a tsvector under GIN
// (db/migrations-pg/0001_library_index.sql): the index finds the rows holding a term's bigrams, and
// strpos checks the term itself, so a match is what FTS5's trigram phrase matches on SQLite.
//
// Ranking is FTS5's bm25 computed the same way (k1 1.2, b 0.75; the title's occurrences weigh 4; a
// document's length is its trigram count over both columns; a term's idf from how many documents of
// the whole index hold it), so the same query ranks the same documents first on both stores.
//
// Precedents and rules are indexed by trigger. A resolved case is indexed here, its text masked by
// maskPersonal (JavaScript, as SQLite's trigger calls it through mask_personal), by whoever writes it.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store.js';
import { maskPersonal } from '../../domain/privacy.js';

const textArray = (ts: readonly string[]): SQL => sql`array[${sql.join(ts.map((t) => sql`${t}::text`), sql`, `)}]::text[]`;

/** Occurrences of a term in a lower-cased column, overlapping ones too (as FTS5 counts a phrase's instances). */
const occurrences = (col: SQL, pattern: SQL): SQL => sql`regexp_count(lower(${col}), ${pattern})`;

/**
 * The indexed documents matching `terms` (each three characters or more), all of them or any, with
 * their text and their rank. The query reads `${with}select … from ${from} where ${match}`; the
 * documents' ids are `d` (library_docs).
 */
export function indexQuery(terms: readonly string[], how: 'all' | 'any') {
  const arr = textArray(terms);
  // The index's size and mean length, and per term its idf and a pattern that finds every instance
  // (a lookahead, so overlapping ones count; whatever is not a letter or digit escaped).
  const withTerms = sql`with library_stats as (
      select count(*)::float8 as n, coalesce(sum(tokens), 0)::float8 / greatest(count(*), 1) as avgdl from library_index),
    library_terms as (
      select t, '(?=' || regexp_replace(t, '([^[:alnum:]])', '\\\\\\1', 'g') || ')' as pattern,
        greatest(ln((s.n - h.c + 0.5) / (h.c + 0.5)), 1e-6) as idf
      from unnest(${arr}) t cross join library_stats s
      cross join lateral (select count(*)::float8 as c from library_index y
        where y.grams @@ library_query(array[t]) and (strpos(lower(y.title), t) > 0 or strpos(lower(y.body), t) > 0)) h) `;
  const holds = (t: SQL) => sql`(strpos(lower(x.title), ${t}) > 0 or strpos(lower(x.body), ${t}) > 0)`;
  const match =
    how === 'all'
      ? sql`x.grams @@ library_query(${arr}) and ${sql.join(terms.map((t) => holds(sql`${t}::text`)), sql` and `)}`
      : sql`x.grams @@ (select string_agg('(' || library_query(array[g])::text || ')', ' | ')::tsquery from unnest(${arr}) g)
          and exists (select 1 from unnest(${arr}) g where ${holds(sql`g`)})`;
  return {
    with: withTerms,
    from: sql`library_index x join library_docs d on d.id = x.doc_id cross join library_stats st`,
    title: sql`x.title`,
    body: sql`x.body`,
    match,
    /** Higher is more relevant: FTS5's bm25 (without its sign), title instances weighing 4. */
    rank: sql`(select coalesce(sum(lt.idf * o.f * 2.2 / (o.f + 1.2 * (0.25 + 0.75 * x.tokens / greatest(st.avgdl, 1e-9)))), 0)
      from library_terms lt cross join lateral (select 4 * ${occurrences(sql`x.title`, sql`lt.pattern`)} + ${occurrences(sql`x.body`, sql`lt.pattern`)} as f) o
      where o.f > 0)`,
  };
}

/** Every indexed document, without a query (browsing, or terms under three characters only). */
export const ALL_DOCS = { from: sql`library_index x join library_docs d on d.id = x.doc_id`, title: sql`x.title`, body: sql`x.body` };

/** Whether a (lower-case) term occurs in a column. */
export const contains = (col: SQL, term: string): SQL => sql`strpos(lower(${col}), ${term}::text) > 0`;

/** A JSON column's text member (`$.key`). */
export const jsonText = (col: SQL, key: string): SQL => sql`((${col})::jsonb ->> ${key}::text)`;

/**
 * A case's entry in the library, written after the store wrote the case (activities/store-copy.ts):
 * when resolved, its title and its request with what was done, personal data masked. When not
 * resolved nothing: the cases triggers already dropped an entry the case no longer deserves.
 */
export async function indexResolvedCase(db: Db, caseId: string): Promise<void> {
  const c = await db.get<{ id: string; title: string; description: string; requesterKind: string; requesterName: string; result: string | null }>(
    sql`select id, title, description, requester_kind as "requesterKind", requester_name as "requesterName",
      (view::jsonb) -> 'outcome' ->> 'result' as result
      from cases where id = ${caseId} and status = 'resolved'`,
  );
  if (!c) return;
  const person = c.requesterKind === 'person' ? c.requesterName : null;
  const body = c.result === null ? c.description : `${c.description}\n${c.result}`;
  await db.run(sql`select library_index_put('case', ${c.id}::text, ${maskPersonal(c.title, person)}::text, ${maskPersonal(body, person)}::text)`);
}

/**
 * Every resolved case's entry written again (masked): for a store filled without the store's own
 * writes (a copy from SQLite, db/copy-store.ts). Returns how many cases it indexed.
 */
export async function reindexResolvedCases(db: Db): Promise<number> {
  const ids = await db.all<{ id: string }>(sql`select id from cases where status = 'resolved' order by id`);
  for (const { id } of ids) await indexResolvedCase(db, id);
  return ids.length;
}
