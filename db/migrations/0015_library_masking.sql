-- Custom SQL migration file, put your code below! --
-- Resolved cases enter the library with personal data masked (the requester's name where the
-- requester is a person, ID-card numbers, phones, addresses): mask_personal() is db/library.ts's
-- maskPersonal, registered on every connection by db/client.ts. Only the index holds the masked
-- text; the case itself keeps its words for those who may read it.
DROP TRIGGER IF EXISTS `library_fts_cases_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `library_fts_cases_au`;
--> statement-breakpoint
CREATE TRIGGER `library_fts_cases_ai` AFTER INSERT ON `cases` WHEN new.status = 'resolved' BEGIN
  INSERT OR IGNORE INTO library_docs (doc_type, ref) VALUES ('case', new.id);
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id,
      mask_personal(new.title, CASE WHEN new.requester_kind = 'person' THEN new.requester_name END),
      mask_personal(new.description || coalesce(char(10) || json_extract(new.view, '$.outcome.result'), ''), CASE WHEN new.requester_kind = 'person' THEN new.requester_name END)
    FROM library_docs d WHERE d.doc_type = 'case' AND d.ref = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `library_fts_cases_au` AFTER UPDATE OF status, view, title, description ON `cases`
WHEN old.status = 'resolved' OR new.status = 'resolved' BEGIN
  DELETE FROM library_fts WHERE rowid = (SELECT id FROM library_docs WHERE doc_type = 'case' AND ref = old.id);
  INSERT OR IGNORE INTO library_docs (doc_type, ref) SELECT 'case', new.id WHERE new.status = 'resolved';
  INSERT INTO library_fts (rowid, title, body)
    SELECT d.id,
      mask_personal(new.title, CASE WHEN new.requester_kind = 'person' THEN new.requester_name END),
      mask_personal(new.description || coalesce(char(10) || json_extract(new.view, '$.outcome.result'), ''), CASE WHEN new.requester_kind = 'person' THEN new.requester_name END)
    FROM library_docs d WHERE d.doc_type = 'case' AND d.ref = new.id AND new.status = 'resolved';
END;
--> statement-breakpoint
-- Cases already in the index: indexed again, masked.
DELETE FROM library_fts WHERE rowid IN (SELECT id FROM library_docs WHERE doc_type = 'case');
--> statement-breakpoint
INSERT INTO library_fts (rowid, title, body)
  SELECT d.id,
    mask_personal(c.title, CASE WHEN c.requester_kind = 'person' THEN c.requester_name END),
    mask_personal(c.description || coalesce(char(10) || json_extract(c.view, '$.outcome.result'), ''), CASE WHEN c.requester_kind = 'person' THEN c.requester_name END)
  FROM cases c JOIN library_docs d ON d.doc_type = 'case' AND d.ref = c.id
  WHERE c.status = 'resolved';
