// Statements prepared once per database handle (`db.statement`). Building a drizzle query and
// preparing its SQL on every call costs more CPU than running it on the hot paths (the inbox, a
// transition's statements, integrators' events); a module declares its statements here and gets the
// same prepared ones back each time. The one per-store cache of the code base: use it, not a WeakMap.
import type { Db } from './client.js';

/** A lazily built, per-handle cache of what `build` returns (the handle may close; the cache goes with it). */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let s = cache.get(db);
    if (s === undefined) {
      s = build(db);
      cache.set(db, s);
    }
    return s;
  };
}
