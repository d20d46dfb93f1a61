// How a batch of rows is claimed (the outbox, webhook deliveries); db/pg/claims.ts says it for
// PostgreSQL. On SQLite the claiming transaction holds the file's write lock (BEGIN IMMEDIATE), so
// nothing else claims meanwhile: the select needs no lock clause.

/** Appended to the select that picks the rows to claim (`alias`: the claimed table's, in a join). */
export const claimRows = (_alias?: string): string => '';

/**
 * Appended to a select whose rows a transaction then decides on (a code's tries, a case's async
 * decisions): nothing on SQLite, where the transaction already holds the file's write lock.
 */
export const lockRows = (): string => '';
