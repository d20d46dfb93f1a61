// One webhook attempt over HTTP(S): a POST with a deadline, no redirects followed (a 3xx is a failed
// attempt, and nothing leads the worker elsewhere), the connection's look-up held to the target policy.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalAllowed, type TargetPolicy } from './targets.js';

export interface Attempt {
  /** The receiver's HTTP status; null when it did not answer (refused, timed out, reset). */
  status: number | null;
  error?: string;
}

export function postWebhook(url: URL, headers: Record<string, string>, body: string, o: { timeoutMs: number; policy: TargetPolicy }): Promise<Attempt> {
  if (!literalAllowed(url, o.policy)) return Promise.resolve({ status: null, error: `${url.hostname} is an internal address` });
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<Attempt>((resolve) => {
    let done = false;
    const finish = (a: Attempt) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(a);
    };
    const req = mod.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(url.hostname, o.policy),
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${o.timeoutMs} ms`));
    }, o.timeoutMs);
    req.on('response', (res) => {
      // The answer's body is not read beyond a little: a receiver's status is its whole answer.
      res.on('data', () => {});
      res.on('end', () => finish({ status: res.statusCode ?? null }));
      res.on('error', () => finish({ status: res.statusCode ?? null }));
    });
    req.on('error', (err) => finish({ status: null, error: (err.message || String(err)).slice(0, 500) }));
    req.end(body);
  });
}
