// An integrator end to end (the 12345 hotline platform, say), with the typed client (client/):
//   1. runs a webhook receiver that verifies every request with the `standardwebhooks` library,
//   2. subscribes it to the events of the cases it starts (the signing secret comes back this once),
//   3. starts a case under its own ticket number and finds it again by that number,
//   4. waits for the case's events on the webhook, and reads the same events from the change feed.
// The contract is docs/integrators.md.
//
// Against `npm start` (the API and the worker):
//   API_TOKEN=$(node -p "require('./data/demo-tokens.json')['int-12345']") npx tsx examples/integrator.ts
// It stops once `case.accepted` has come both ways. With FOLLOW=1 it keeps listening until the case
// is closed (resolve or refuse it in the workbench as housing-fund's first-contact officer).
// Environment: API_URL (http://localhost:3000), API_TOKEN, TICKET (a new number), RECEIVER_HOST
// (127.0.0.1: the address the API reaches the receiver at; in production it must be a public one),
// RECEIVER_PORT (any free port), TIMEOUT_MS (60000).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createCaseClient, type IntegratorEvent } from '../client/index.js';

const env = process.env;
const token = env.API_TOKEN;
if (!token) throw new Error('Set API_TOKEN to an integrator token (data/demo-tokens.json, key "int-12345").');
const api = createCaseClient({ baseUrl: env.API_URL ?? 'http://localhost:3000', token });
const ticket = env.TICKET ?? `HL-${Date.now()}`;
const follow = env.FOLLOW === '1';
const deadline = Date.now() + Number(env.TIMEOUT_MS ?? 60_000);
const CLOSING = ['case.resolved', 'case.refused', 'case.withdrawn'];

// 1. The receiver. It verifies before it trusts anything, answers 2xx only for what it has kept, and
//    keeps each event once by its id (a redelivery repeats the id).
let webhook: Webhook | null = null;
const received = new Map<string, IntegratorEvent>();
const receiver = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
    let event: IntegratorEvent;
    try {
      if (!webhook) throw new Error('not subscribed yet');
      event = webhook.verify(body, headers) as IntegratorEvent; // throws on a wrong signature or an old timestamp
    } catch (err) {
      console.log(`webhook refused: ${(err as Error).message}`);
      res.writeHead(401).end();
      return;
    }
    if (!received.has(event.id)) {
      received.set(event.id, event);
      console.log(`webhook  ${event.sequence} ${event.type} of ${event.subject} (your ticket ${event.data.externalId})`, event.data);
    }
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(Number(env.RECEIVER_PORT ?? 0), '0.0.0.0', resolve));
const port = (receiver.address() as AddressInfo).port;

const problem = (what: string, e: { code?: string; detail?: string } | undefined) => new Error(`${what}: ${e?.code} ${e?.detail ?? ''}`);
let subscriptionId: string | null = null;
try {
  // 2. Subscribe. Keep the secret (a secrets store, not a log): it is never shown again.
  const sub = await api.POST('/v1/subscriptions', {
    body: { url: `http://${env.RECEIVER_HOST ?? '127.0.0.1'}:${port}/hooks`, events: ['case.accepted', 'case.escalated', 'case.resolved', 'case.refused', 'case.withdrawn'], description: `example ${ticket}` },
  });
  if (!sub.data) throw problem('subscribing', sub.error);
  subscriptionId = sub.data.id;
  webhook = new Webhook(sub.data.secret);
  console.log(`subscribed ${sub.data.id}: events POSTed to ${sub.data.url}`);

  // 3. Start the case under the ticket number. Sending it again (a lost answer) answers 200 with the same case.
  const made = await api.POST('/v1/cases', {
    body: {
      externalId: ticket,
      requester: { kind: 'person', name: '陈女士', phone: '13905620000' },
      channel: 'hotline',
      title: '公积金贷款转商业贷款手续卡住',
      description: '来电反映公积金贷款转换手续在中心窗口被告知无法办理。',
      category: 'housing_fund', // the catalogue's unit takes it (派单): GET /v1/categories
    },
  });
  if (!made.data) throw problem('starting the case', made.error);
  const caseId = made.data.id;
  console.log(`case ${caseId} (${made.response.status === 201 ? 'new' : 'already known'}) for ticket ${ticket}, tracking code ${made.data.trackingCode}, tier ${made.data.tier}`);
  const found = await api.GET('/v1/cases', { params: { query: { externalId: ticket } } });
  if (found.data?.items[0]?.id !== caseId) throw problem(`finding ticket ${ticket}`, found.error);

  // 4. The change feed: page from the start (or a cursor you kept) to the head, then poll with the last cursor.
  let cursor: string | undefined;
  const polled = new Map<string, IntegratorEvent>();
  const done = (events: Map<string, IntegratorEvent>) => [...events.values()].some((e) => e.subject === caseId && (follow ? CLOSING.includes(e.type) : e.type === 'case.accepted'));
  while (!(done(received) && done(polled))) {
    if (Date.now() > deadline) throw new Error(`timed out: webhooks ${[...received.keys()].join(' ') || 'none'}, feed ${[...polled.keys()].join(' ') || 'none'}`);
    const page = await api.GET('/v1/events', { params: { query: { after: cursor, limit: 100 } } });
    if (!page.data) throw problem('reading the feed', page.error);
    for (const e of page.data.items) {
      if (e.subject !== caseId || polled.has(e.id)) continue;
      polled.set(e.id, e);
      console.log(`feed     ${e.sequence} ${e.type} of ${e.subject}`);
    }
    cursor = page.data.nextCursor;
    if (!page.data.items.length) await new Promise((r) => setTimeout(r, 500));
  }
  // The same events both ways: same ids, same order.
  const ours = (m: Map<string, IntegratorEvent>) => [...m.values()].filter((e) => e.subject === caseId).map((e) => e.id);
  console.log(`both ways, in order: ${ours(received).join(', ')} (feed: ${ours(polled).join(', ')})`);
} finally {
  // An example cleans up after itself; a real receiver keeps its subscription.
  if (subscriptionId) await api.DELETE('/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } });
  receiver.close();
}
