// Requester messages are keyed `<caseId>:<step seq>:<kind>`; db/sqlite/message-keys.ts says the same on
// SQLite. PostgreSQL's cast refuses text that is not a number, so the number is cut out first; a key
// without one (a receipt) counts as step 0, as on SQLite.

/** The step number in `key` (SQL text over the column `key` and the parameter @caseId). */
export const STEP_OF_MESSAGE_KEY: string = `coalesce(substring(substr(key, length(@caseId::text) + 2) from '^[0-9]+')::integer, 0)`;
