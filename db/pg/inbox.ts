// The inbox's statement on PostgreSQL (services/inbox.ts); db/sqlite/inbox.ts exports the same names.

/**
 * The inbox's SQL for the statuses `closed` (a quoted SQL list), with or without a keyset cursor, with
 * the parameters of SQLite's (db/sqlite/inbox.ts) and the same rows in the same order:
 * - the city's directives come from json_array_elements over the view's array (a view without one,
 *   or with null there, has none, as json_each gives none);
 * - camelCase names are quoted, since PostgreSQL folds unquoted ones to lower case;
 * - the keys sort by code point (COLLATE "C"), as SQLite's BINARY does, whatever the database's
 *   collation: the cursor compares the same way the pages were ordered, and the no-deadline marker
 *   (U+FFFF) sorts last.
 */
export function inboxSql(closed: string, withCursor: boolean): string {
  return `
    WITH items AS (
      SELECT 'case' AS kind, c.id, c.deadline_at AS "deadlineAt", NULL AS "unitId", NULL AS task
        FROM cases c
       WHERE c.assignee_id = @principalId AND c.status NOT IN (${closed})
      UNION ALL
      SELECT 'part', c.id, p.deadline_at, p.unit_id, NULL
        FROM case_parts p JOIN cases c ON c.id = p.case_id
       WHERE p.assignee_id = @principalId AND p.status = 'open'
      UNION ALL
      SELECT 'directive', c.id, d.value ->> 'dueAt', u.unit_id, d.value ->> 'task'
        FROM case_units u JOIN cases c ON c.id = u.case_id
             CROSS JOIN LATERAL json_array_elements(
               CASE WHEN json_typeof((c.view)::json -> 'directives') = 'array' THEN (c.view)::json -> 'directives' END
             ) AS d(value)
       WHERE @isHead = 1 AND u.unit_id = @headOfUnit AND c.status = 'at_city'
         AND d.value ->> 'unitId' = u.unit_id AND d.value ->> 'doneAt' IS NULL
      UNION ALL
      SELECT 'rectification', s.case_id, s.due_at, s.unit_id, NULL
        FROM supervision_items s
       WHERE @isHead = 1 AND s.unit_id = @headOfUnit AND s.kind = 'rectification' AND s.status = 'open'
    ),
    keyed AS (
      -- The id twice: collated for the order and the cursor, plain for the join (the primary key's index).
      SELECT items.kind COLLATE "C" AS kind, items.id COLLATE "C" AS id, items.id AS "caseId", items."deadlineAt", items."unitId", items.task,
             coalesce(items."deadlineAt", @noDeadline) COLLATE "C" AS "sortKey", count(*) OVER () AS total
        FROM items
    ),
    page AS (
      SELECT * FROM keyed
       ${withCursor ? 'WHERE ("sortKey", id, kind) > (@afterKey, @afterId, @afterKind)' : ''}
       ORDER BY "sortKey", id, kind
       LIMIT @limit OFFSET @offset
    )
    SELECT page.kind, c.id, c.title, c.status, c.tier, c.lead_unit_id AS "leadUnitId", c.assignee_id AS "assigneeId",
           c.assignee_name AS "assigneeName", page."deadlineAt", c.created_at AS "createdAt", page."unitId", page.task,
           page."sortKey", page.total
      FROM page JOIN cases c ON c.id = page."caseId"
     ORDER BY page."sortKey", page.id, page.kind
  `;
}
