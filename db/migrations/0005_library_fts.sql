-- Custom SQL migration file, put your code below! --
-- The case library's full-text index (案例汇编检索): precedents, rules and resolved cases in one FTS5
-- table with the trigram tokenizer, which matches Chinese without word segmentation. Queries under
-- three characters cannot use the index; db/library.ts searches the same text by substring instead.
-- The FTS rowid is library_docs.id; triggers keep both current, so no application code writes them.
CREATE VIRTUAL TABLE `library_fts` USING fts5(title, body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `library_fts_precedents_ai` AFTER INSERT ON `precedents` BEGIN
  INSERT OR IGNORE INTO library_docs (doc_type, ref) VALUES ('precedent', new.id);
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id, new.title,
      new.problem || char(10) || new.solution || coalesce(char(10) || new.place, '') || coalesce(char(10) || new.documented_in, '')
    FROM library_docs d WHERE d.doc_type = 'precedent' AND d.ref = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_precedents_au` AFTER UPDATE ON `precedents` BEGIN
  DELETE FROM library_fts WHERE rowid = (SELECT id FROM library_docs WHERE doc_type = 'precedent' AND ref = old.id);
  INSERT OR IGNORE INTO library_docs (doc_type, ref) VALUES ('precedent', new.id);
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id, new.title,
      new.problem || char(10) || new.solution || coalesce(char(10) || new.place, '') || coalesce(char(10) || new.documented_in, '')
    FROM library_docs d WHERE d.doc_type = 'precedent' AND d.ref = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_precedents_ad` AFTER DELETE ON `precedents` BEGIN
  DELETE FROM library_fts WHERE rowid = (SELECT id FROM library_docs WHERE doc_type = 'precedent' AND ref = old.id);
  DELETE FROM library_docs WHERE doc_type = 'precedent' AND ref = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_rules_ai` AFTER INSERT ON `library_rules` BEGIN
  INSERT OR IGNORE INTO library_docs (doc_type, ref) VALUES ('rule', new.id);
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id, new.title, new.content || coalesce(char(10) || new.document_no, '')
    FROM library_docs d WHERE d.doc_type = 'rule' AND d.ref = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_rules_au` AFTER UPDATE ON `library_rules` BEGIN
  DELETE FROM library_fts WHERE rowid = (SELECT id FROM library_docs WHERE doc_type = 'rule' AND ref = old.id);
  INSERT OR IGNORE INTO library_docs (doc_type, ref) VALUES ('rule', new.id);
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id, new.title, new.content || coalesce(char(10) || new.document_no, '')
    FROM library_docs d WHERE d.doc_type = 'rule' AND d.ref = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_rules_ad` AFTER DELETE ON `library_rules` BEGIN
  DELETE FROM library_fts WHERE rowid = (SELECT id FROM library_docs WHERE doc_type = 'rule' AND ref = old.id);
  DELETE FROM library_docs WHERE doc_type = 'rule' AND ref = old.id;
END;
--> statement-breakpoint
-- A case enters the index when it is resolved (its text: the request and what was done, from the
-- outcome in the read model's view) and leaves it if reopened. The projection rewrites status and
-- view on every step; the WHEN clause keeps open cases out of the trigger's work.
CREATE TRIGGER `library_fts_cases_ai` AFTER INSERT ON `cases` WHEN new.status = 'resolved' BEGIN
  INSERT OR IGNORE INTO library_docs (doc_type, ref) VALUES ('case', new.id);
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id, new.title, new.description || coalesce(char(10) || json_extract(new.view, '$.outcome.result'), '')
    FROM library_docs d WHERE d.doc_type = 'case' AND d.ref = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_cases_au` AFTER UPDATE OF status, view, title, description ON `cases`
WHEN old.status = 'resolved' OR new.status = 'resolved' BEGIN
  DELETE FROM library_fts WHERE rowid = (SELECT id FROM library_docs WHERE doc_type = 'case' AND ref = old.id);
  INSERT OR IGNORE INTO library_docs (doc_type, ref) SELECT 'case', new.id WHERE new.status = 'resolved';
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id, new.title, new.description || coalesce(char(10) || json_extract(new.view, '$.outcome.result'), '')
    FROM library_docs d WHERE d.doc_type = 'case' AND d.ref = new.id AND new.status = 'resolved';
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_cases_ad` AFTER DELETE ON `cases` BEGIN
  DELETE FROM library_fts WHERE rowid = (SELECT id FROM library_docs WHERE doc_type = 'case' AND ref = old.id);
  DELETE FROM library_docs WHERE doc_type = 'case' AND ref = old.id;
END;
--> statement-breakpoint
-- Cases resolved before this migration.
INSERT OR IGNORE INTO library_docs (doc_type, ref) SELECT 'case', id FROM cases WHERE status = 'resolved';
--> statement-breakpoint
INSERT INTO library_fts (rowid, title, body)
  SELECT d.id, c.title, c.description || coalesce(char(10) || json_extract(c.view, '$.outcome.result'), '')
  FROM cases c JOIN library_docs d ON d.doc_type = 'case' AND d.ref = c.id
  WHERE c.status = 'resolved';
