// One event as integrators read it: a CloudEvents 1.0 JSON document (the `cloudevents` library builds
// and checks it), the same in a webhook's body and in the change feed. `subject` is the case (or a
// complaint about no case), `sequence` its number in that case's stream (the CloudEvents sequence
// extension: zero-padded, so it also orders as text), and `data` carries the reader's own externalId
// only when the reader started the case.
import { CloudEvent, HTTP } from 'cloudevents';
import type { ReleasedEventRow } from '../db/integration-events.js';
import type { EventType } from '../domain/integration-events.js';

/** What the rendering needs of a released event as the store keeps it (integration_events). */
export type ReleasedEvent = Omit<ReleasedEventRow, 'id' | 'feedPos'>;

/** The CloudEvents `source` of case events and of complaints about no case. */
export const CASE_SOURCE = '/v1/cases';
export const COMPLAINT_SOURCE = '/v1/complaints';

/** The `sequence` attribute: the number in the stream, zero-padded to ten digits. */
export const sequenceOf = (seq: number) => String(seq).padStart(10, '0');

export interface IntegratorEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  sequence: string;
  data: { externalId: string | null; [key: string]: unknown };
}

function build(e: ReleasedEvent, readerId: string): CloudEvent<Record<string, unknown>> {
  return new CloudEvent({
    id: e.eventId,
    source: e.caseId ? CASE_SOURCE : COMPLAINT_SOURCE,
    type: e.type,
    subject: e.subject,
    time: e.time,
    datacontenttype: 'application/json',
    sequence: sequenceOf(e.seq),
    data: { ...e.data, externalId: e.ownerId === readerId ? e.externalId : null },
  });
}

/** The event as the feed lists it. */
export function eventFor(e: ReleasedEvent, readerId: string): IntegratorEvent {
  return build(e, readerId).toJSON() as unknown as IntegratorEvent;
}

/** The event as a webhook carries it (structured mode): its body and content type. */
export function webhookBodyFor(e: ReleasedEvent, readerId: string): { body: string; contentType: string } {
  const m = HTTP.structured(build(e, readerId));
  return { body: String(m.body), contentType: String(m.headers['content-type']) };
}
