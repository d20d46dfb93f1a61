-- Custom SQL migration file, put your code below! --
-- The case library's search index (案例汇编检索) on PostgreSQL: SQLite's FTS5 trigram table
-- (db/migrations/0005_library_fts.sql) has no counterpart among the extensions Debian ships, so each
-- document's text is cut into its characters and pairs of adjacent characters (bigrams), kept as the
-- lexemes of a tsvector under a GIN index. A query term of one character looks up that character,
-- a longer one all of its bigrams; the rows found are checked for the term itself (strpos), so a
-- match means what it means on SQLite: the term occurs in the title or the text. db/pg/library-index.ts
-- holds the queries. The lexemes are built from an array, not by a text-search parser, so
-- punctuation, digits and Latin letters next to Han characters are kept as written.
CREATE FUNCTION library_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}')
  FROM (SELECT lower(t) AS s) x,
       LATERAL (SELECT substr(x.s, i, 1) AS g FROM generate_series(1, char_length(x.s)) i
                UNION ALL
                SELECT substr(x.s, i, 2) FROM generate_series(1, char_length(x.s) - 1) i) grams
  -- Whitespace never occurs inside a query term (the terms are split on it).
  WHERE g !~ '[[:space:]]'
$$;
--> statement-breakpoint
-- What the index must hold for the terms of a query: per term its bigrams (its character, for a term
-- of one), all of them; the terms are lower-cased by the caller (domain/library.ts queryTerms).
CREATE FUNCTION library_query(terms text[]) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(DISTINCT '''' || replace(replace(g, '\', '\\'), '''', '''''') || '''', ' & '), '')::tsquery
  FROM unnest(terms) term, unnest(library_grams(term)) g
  WHERE char_length(g) = least(char_length(term), 2)
$$;
--> statement-breakpoint
-- One row per indexed document: library_docs gives it its id (doc_type, ref), as on SQLite.
CREATE TABLE library_index (
  doc_id integer PRIMARY KEY REFERENCES library_docs (id) ON DELETE CASCADE,
  -- The text as indexed (a case's is masked): search results show it, never the source row's.
  title text NOT NULL,
  body text NOT NULL,
  grams tsvector GENERATED ALWAYS AS (array_to_tsvector(library_grams(title) || library_grams(body))) STORED,
  -- The length bm25 normalises by, as FTS5 counts it on SQLite: the trigram tokenizer's tokens
  -- (every run of three characters) of both columns. Kept here so ranking never reads the texts.
  tokens integer GENERATED ALWAYS AS (greatest(char_length(title) - 2, 0) + greatest(char_length(body) - 2, 0)) STORED
);
--> statement-breakpoint
CREATE INDEX library_index_grams ON library_index USING gin (grams);
--> statement-breakpoint
-- Writes (or rewrites) one document's entry. Precedents and rules call it from their triggers below;
-- the store calls it for a resolved case with the text already masked (maskPersonal is JavaScript).
-- library_docs gets its row only when it has none, so rewriting an entry takes no new id.
CREATE FUNCTION library_index_put(p_type text, p_ref text, p_title text, p_body text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_id integer;
BEGIN
  SELECT id INTO v_id FROM library_docs WHERE doc_type = p_type AND ref = p_ref;
  IF v_id IS NULL THEN
    INSERT INTO library_docs (doc_type, ref) VALUES (p_type, p_ref) ON CONFLICT (doc_type, ref) DO NOTHING;
    SELECT id INTO v_id FROM library_docs WHERE doc_type = p_type AND ref = p_ref;
  END IF;
  INSERT INTO library_index (doc_id, title, body) VALUES (v_id, coalesce(p_title, ''), coalesce(p_body, ''))
  ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, body = excluded.body
  -- A resolved case is put again on every write of its row: the same text rewrites nothing.
  WHERE library_index.title IS DISTINCT FROM excluded.title OR library_index.body IS DISTINCT FROM excluded.body;
END
$$;
--> statement-breakpoint
CREATE FUNCTION library_index_drop(p_type text, p_ref text) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM library_docs WHERE doc_type = p_type AND ref = p_ref;
$$;
--> statement-breakpoint
-- Precedents and rules carry no personal data: their triggers index them as SQLite's do.
CREATE FUNCTION library_index_precedent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_OP = 'DELETE' OR OLD.id <> NEW.id THEN
      PERFORM library_index_drop('precedent', OLD.id);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM library_index_put('precedent', NEW.id, NEW.title,
      NEW.problem || E'\n' || NEW.solution || coalesce(E'\n' || NEW.place, '') || coalesce(E'\n' || NEW.documented_in, ''));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER library_index_precedents AFTER INSERT OR UPDATE OR DELETE ON precedents
FOR EACH ROW EXECUTE FUNCTION library_index_precedent();
--> statement-breakpoint
CREATE FUNCTION library_index_rule() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_OP = 'DELETE' OR OLD.id <> NEW.id THEN
      PERFORM library_index_drop('rule', OLD.id);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM library_index_put('rule', NEW.id, NEW.title, NEW.content || coalesce(E'\n' || NEW.document_no, ''));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER library_index_rules AFTER INSERT OR UPDATE OR DELETE ON library_rules
FOR EACH ROW EXECUTE FUNCTION library_index_rule();
--> statement-breakpoint
-- A resolved case is indexed by the store (its text masked in JavaScript: db/pg/library-index.ts).
-- What needs no masking happens here, whoever writes the case: a case deleted, reopened, or changed
-- in what its entry is made of leaves the index, so no stale text (and none of the personal data the
-- retention policy just masked) stays searchable; the store writes the entry again after its write.
CREATE FUNCTION library_index_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM library_index_drop('case', OLD.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER library_index_cases_deleted AFTER DELETE ON cases
FOR EACH ROW EXECUTE FUNCTION library_index_case_changed();
--> statement-breakpoint
CREATE TRIGGER library_index_cases_changed AFTER UPDATE ON cases
FOR EACH ROW WHEN (OLD.status = 'resolved' AND (
  NEW.id <> OLD.id OR NEW.status <> OLD.status OR NEW.title <> OLD.title OR NEW.description <> OLD.description
  OR NEW.requester_kind <> OLD.requester_kind OR NEW.requester_name <> OLD.requester_name
  OR (NEW.view -> 'outcome' ->> 'result') IS DISTINCT FROM (OLD.view -> 'outcome' ->> 'result')))
EXECUTE FUNCTION library_index_case_changed();
