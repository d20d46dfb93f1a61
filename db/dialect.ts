// What differs between the store's dialects, picked once: db/sqlite/ and db/pg/ hold one module per
// topic with the same names, and `dialectOf(db)` gives the set that matches the store. Callers never
// test `db.storeKind` to choose between them.
import type { Db } from './store.js';
import * as sqliteCaseList from './sqlite/case-list.js';
import * as sqliteClaims from './sqlite/claims.js';
import * as sqliteComplaintDigests from './sqlite/complaint-digests.js';
import * as sqliteCopy from './sqlite/copy.js';
import * as sqliteInbox from './sqlite/inbox.js';
import * as sqliteJson from './sqlite/json.js';
import * as sqliteLibraryIndex from './sqlite/library-index.js';
import * as sqliteMessageKeys from './sqlite/message-keys.js';
import * as sqliteRateCounters from './sqlite/rate-counters.js';
import * as pgCaseList from './pg/case-list.js';
import * as pgClaims from './pg/claims.js';
import * as pgComplaintDigests from './pg/complaint-digests.js';
import * as pgCopy from './pg/copy.js';
import * as pgInbox from './pg/inbox.js';
import * as pgJson from './pg/json.js';
import * as pgLibraryIndex from './pg/library-index.js';
import * as pgMessageKeys from './pg/message-keys.js';
import * as pgRateCounters from './pg/rate-counters.js';

const sqlite = {
  /** The case list's text search (services/cases.ts). */
  caseList: sqliteCaseList,
  /** Clauses that claim or lock rows (the outbox, webhook deliveries, code tries, async decisions). */
  claims: sqliteClaims,
  /** The head's complaint SMS digests (activities/complaints.ts). */
  complaintDigests: sqliteComplaintDigests,
  /** What store:copy does to a target after the rows (db/copy-store.ts). */
  copy: sqliteCopy,
  /** The inbox's statement (services/inbox.ts). */
  inbox: sqliteInbox,
  /** JSON fields in SQL. */
  json: sqliteJson,
  /** The case library's search index (db/library.ts). */
  libraryIndex: sqliteLibraryIndex,
  /** The step number in a requester message's key (db/transition-statements.ts). */
  messageKeys: sqliteMessageKeys,
  /** The rate counters' sweep (api/public-limits.ts). */
  rateCounters: sqliteRateCounters,
};

/** The dialect's modules; PostgreSQL's set is checked against SQLite's names and shapes here. */
export type DialectModules = typeof sqlite;

const postgres: DialectModules = {
  caseList: pgCaseList,
  claims: pgClaims,
  complaintDigests: pgComplaintDigests,
  copy: pgCopy,
  inbox: pgInbox,
  json: pgJson,
  libraryIndex: pgLibraryIndex,
  messageKeys: pgMessageKeys,
  rateCounters: pgRateCounters,
};

/** The modules of this store's dialect. */
export const dialectOf = (db: Db): DialectModules => (db.storeKind === 'postgres' ? postgres : sqlite);
