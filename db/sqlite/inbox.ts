// The inbox's statement on SQLite (services/inbox.ts); db/pg/inbox.ts exports the same names.

/**
 * The inbox's SQL for the statuses `closed` (a quoted SQL list), with or without a keyset cursor.
 * Parameters: @principalId, @isHead (1/0), @headOfUnit, @noDeadline, @limit, @offset, and with a
 * cursor @afterKey, @afterId, @afterKind. The city's directives are read from the case's view with
 * json_each; CROSS JOIN keeps the planner on the unit's cases (case_units_unit) first.
 */
export function inboxSql(closed: string, withCursor: boolean): string {
  return `
    WITH items AS (
      SELECT 'case' AS kind, c.id, c.deadline_at AS deadlineAt, NULL AS unitId, NULL AS task
        FROM cases c
       WHERE c.assignee_id = @principalId AND c.status NOT IN (${closed})
      UNION ALL
      SELECT 'part', c.id, p.deadline_at, p.unit_id, NULL
        FROM case_parts p JOIN cases c ON c.id = p.case_id
       WHERE p.assignee_id = @principalId AND p.status = 'open'
      UNION ALL
      SELECT 'directive', c.id, json_extract(d.value, '$.dueAt'), u.unit_id, json_extract(d.value, '$.task')
        FROM case_units u CROSS JOIN cases c ON c.id = u.case_id, json_each(c.view, '$.directives') d
       WHERE @isHead = 1 AND u.unit_id = @headOfUnit AND c.status = 'at_city'
         AND json_extract(d.value, '$.unitId') = u.unit_id AND json_extract(d.value, '$.doneAt') IS NULL
      UNION ALL
      SELECT 'rectification', s.case_id, s.due_at, s.unit_id, NULL
        FROM supervision_items s
       WHERE @isHead = 1 AND s.unit_id = @headOfUnit AND s.kind = 'rectification' AND s.status = 'open'
    ),
    keyed AS (SELECT items.*, coalesce(deadlineAt, @noDeadline) AS sortKey, count(*) OVER () AS total FROM items),
    page AS (
      SELECT * FROM keyed
       ${withCursor ? 'WHERE (sortKey, id, kind) > (@afterKey, @afterId, @afterKind)' : ''}
       ORDER BY sortKey, id, kind
       LIMIT @limit OFFSET @offset
    )
    SELECT page.kind, c.id, c.title, c.status, c.tier, c.lead_unit_id AS leadUnitId, c.assignee_id AS assigneeId,
           c.assignee_name AS assigneeName, page.deadlineAt, c.created_at AS createdAt, page.unitId, page.task,
           page.sortKey, page.total
      FROM page JOIN cases c ON c.id = page.id
     ORDER BY page.sortKey, page.id, page.kind
  `;
}
