// How a batch of rows is claimed (the outbox, webhook deliveries); db/sqlite/claims.ts says it for
// SQLite. Each picked row is locked, and rows another dispatcher has locked are passed over instead of
// waited for: two dispatchers take two different batches, never one notice twice.

/** Appended to the select that picks the rows to claim (`alias`: the claimed table's, in a join). */
export const claimRows = (alias?: string): string => `FOR UPDATE${alias ? ` OF ${alias}` : ''} SKIP LOCKED`;

/**
 * Appended to a select whose rows a transaction then decides on (a code's tries, a case's async
 * decisions): the rows stay locked to the transaction's end, so a second request reads them after the
 * first has written (READ COMMITTED would otherwise let both decide on the same old row).
 */
export const lockRows = (): string => 'FOR UPDATE';
