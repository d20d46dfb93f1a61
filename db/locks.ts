// The dialect's clauses for claiming and locking rows (db/sqlite/claims.ts, db/pg/claims.ts), picked
// by the store's kind.
import type { Db } from './store.js';
import * as sqliteClaims from './sqlite/claims.js';
import * as pgClaims from './pg/claims.js';

export const locksOf = (db: Db): typeof sqliteClaims => (db.storeKind === 'postgres' ? pgClaims : sqliteClaims);
