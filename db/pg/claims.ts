// How a batch of rows is claimed (the outbox, webhook deliveries); db/sqlite/claims.ts says it for
// SQLite. Each picked row is locked, and rows another dispatcher has locked are passed over instead of
// waited for: two dispatchers take two different batches, never one notice twice.

/** Appended to the select that picks the rows to claim (`alias`: the claimed table's, in a join). */
export const claimRows = (alias?: string): string => `FOR UPDATE${alias ? ` OF ${alias}` : ''} SKIP LOCKED`;
