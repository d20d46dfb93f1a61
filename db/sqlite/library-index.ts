// The case library's search index on SQLite (db/library.ts, through db/dialect.ts, which picks this
// module or db/pg/library-index.ts by the store's dialect; both export the same names). library_fts is an FTS5 table with the trigram
// tokenizer (db/migrations/0005_library_fts.sql); its triggers keep it current, resolved cases masked
// by the SQL function mask_personal (0015_library_masking.sql), so the store writes nothing itself.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store.js';

/** An FTS5 string literal: the term as one phrase, whatever characters it holds. */
const phrase = (t: string) => `"${t.replace(/"/g, '""')}"`;

/**
 * The indexed documents matching `terms` (each three characters or more: trigrams), all of them or
 * any, with their text and their rank. The query reads `${with}select … from ${from} where ${match}`;
 * the documents' ids are `d` (library_docs).
 */
export function indexQuery(terms: readonly string[], how: 'all' | 'any') {
  return {
    with: sql``,
    from: sql`library_fts join library_docs d on d.id = library_fts.rowid`,
    title: sql`library_fts.title`,
    body: sql`library_fts.body`,
    match: sql`library_fts match ${terms.map(phrase).join(how === 'all' ? ' AND ' : ' OR ')}`,
    /** Higher is more relevant: bm25 with the title weighing 4× the text. */
    rank: sql`-bm25(library_fts, 4.0, 1.0)`,
  };
}

/** Every indexed document, without a query (browsing, or terms under three characters only). */
export const ALL_DOCS = { from: sql`library_fts join library_docs d on d.id = library_fts.rowid`, title: sql`library_fts.title`, body: sql`library_fts.body` };

/** Whether a (lower-case) term occurs in a column, ASCII letters compared without case. */
export const contains = (col: SQL, term: string): SQL => sql`instr(lower(${col}), ${term}) > 0`;

/** A JSON column's text member (`$.key`). */
export const jsonText = (col: SQL, key: string): SQL => sql`json_extract(${col}, ${`$.${key}`})`;

/** A resolved case enters the index by trigger on SQLite (masked by mask_personal): nothing to do. */
export async function indexResolvedCase(_db: Db, _caseId: string): Promise<void> {}

/** On SQLite the triggers (and the migrations, for cases resolved before them) index every resolved case. */
export async function reindexResolvedCases(_db: Db): Promise<number> {
  return 0;
}
