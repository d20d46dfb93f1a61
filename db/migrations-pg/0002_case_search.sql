-- Custom SQL migration file, put your code below! --
-- The case list's text search (services/cases.ts: title or description contains the query) on
-- PostgreSQL: ILIKE over trigram GIN indexes (pg_trgm, shipped in Debian's postgresql package and a
-- trusted extension, so the database's owner may create it). A query of three or more characters
-- narrows the rows by the index; a shorter one is checked row by row, as on SQLite. Trigrams of Han
-- characters need a database whose LC_CTYPE is C.UTF-8 (or another UTF-8 locale): under C, pg_trgm
-- takes them for separators and indexes nothing.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX cases_title_trgm ON cases USING gin (title gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX cases_description_trgm ON cases USING gin (description gin_trgm_ops);
