// A webhook receiver as an integrator would run one: a real HTTP server that verifies every request
// with the `standardwebhooks` library and keeps what it got. It can answer slowly, fail on purpose,
// go down and come back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  contentType: string;
  body: string;
  headers: IncomingHttpHeaders;
  /** The CloudEvent, parsed, once the signature verified; null if it did not. */
  event: { id: string; type: string; subject: string; sequence: string; source: string; specversion: string; time: string; data: Record<string, unknown> } | null;
  verifyError: string | null;
  /** What the receiver answered. */
  status: number;
  at: number;
}

export interface ReceiverOptions {
  /** The secret the receiver verifies with (set after the subscription is made). */
  secret?: string;
  /** What to answer a request (default 204); may wait first. */
  answer?: (r: Omit<Received, 'status' | 'at'>, n: number) => number | Promise<number>;
}

export interface Receiver {
  url: string;
  port: number;
  got: Received[];
  /** The verified events answered 2xx, one per id, in the order they were acknowledged. */
  acknowledged(): NonNullable<Received['event']>[];
  setSecret(secret: string): void;
  setAnswer(answer: ReceiverOptions['answer']): void;
  /** Stops listening (connections refused) until `open()`. */
  down(): Promise<void>;
  open(): Promise<void>;
  close(): Promise<void>;
}

const header = (h: IncomingHttpHeaders, name: string) => String(h[name] ?? '');

export async function startReceiver(o: ReceiverOptions = {}, port = 0): Promise<Receiver> {
  let secret = o.secret;
  let answer = o.answer ?? (() => 204);
  const got: Received[] = [];
  const make = (): Server =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const base = {
            id: header(req.headers, 'webhook-id'),
            timestamp: header(req.headers, 'webhook-timestamp'),
            signature: header(req.headers, 'webhook-signature'),
            contentType: header(req.headers, 'content-type'),
            body,
            headers: req.headers,
          };
          let event: Received['event'] = null;
          let verifyError: string | null = null;
          try {
            if (!secret) throw new Error('no secret yet');
            event = new Webhook(secret).verify(body, { 'webhook-id': base.id, 'webhook-timestamp': base.timestamp, 'webhook-signature': base.signature }) as Received['event'];
          } catch (err) {
            verifyError = (err as Error).message;
          }
          const status = verifyError ? 401 : await answer({ ...base, event, verifyError }, got.length);
          got.push({ ...base, event, verifyError, status, at: Date.now() });
          if (!res.destroyed) res.writeHead(status).end();
        })();
      });
    });
  let server = make();
  const listen = (p: number) => new Promise<number>((resolve) => server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const actual = await listen(port);
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${actual}/hooks`,
    port: actual,
    got,
    acknowledged() {
      const seen = new Set<string>();
      const out: NonNullable<Received['event']>[] = [];
      for (const r of got) {
        if (!r.event || r.status >= 300 || seen.has(r.id)) continue;
        seen.add(r.id);
        out.push(r.event);
      }
      return out;
    },
    setSecret(s) {
      secret = s;
    },
    setAnswer(a) {
      answer = a ?? (() => 204);
    },
    async down() {
      await stop();
    },
    async open() {
      server = make();
      await listen(actual);
    },
    close: stop,
  };
}
