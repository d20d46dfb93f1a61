// The change feed (GET /v1/events): the same events the webhooks carry, in the order they were
// released, for integrators who poll. Scoped as subscriptions are (db/integration-events.ts
// eventScopeOf). The cursor is the feed position of the last event of a page: an event is placed in
// the feed when its job is confirmed, always after every event already there, so a poller that
// follows the cursor misses none.
import type { Db } from '../db/client.js';
import { eventScopeOf, releasedEvents } from '../db/integration-events.js';
import { AppError } from '../domain/errors.js';
import { EVENT_TYPES, type EventType } from '../domain/integration-events.js';
import { eventFor, type IntegratorEvent } from '../webhooks/format.js';

export interface FeedQuery {
  after?: string;
  types?: EventType[];
  limit: number;
}

/** A cursor of this feed: the decimal feed position, as the last page gave it. */
function positionOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new AppError('BAD_CURSOR', 'The cursor is not one this feed gave (use nextCursor of the last page, or none to start).');
  return Number(cursor);
}

export async function readFeed(db: Db, reader: { id: string; role: string }, q: FeedQuery): Promise<{ items: IntegratorEvent[]; nextCursor: string }> {
  const after = positionOf(q.after);
  const rows = await releasedEvents(db, { after, types: q.types?.length ? q.types : EVENT_TYPES, scope: await eventScopeOf(db, reader), limit: q.limit });
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => eventFor(r, reader.id)), nextCursor: String(last ? last.feedPos : after) };
}
