// Requester messages are keyed `<caseId>:<step seq>:<kind>`; db/pg/message-keys.ts says the same on
// PostgreSQL. SQLite's cast reads the leading digits and gives 0 for a key with none (a receipt).

/** The step number in `key` (SQL text over the column `key` and the parameter @caseId). */
export const STEP_OF_MESSAGE_KEY: string = `cast(substr(key, length(@caseId) + 2) as integer)`;
