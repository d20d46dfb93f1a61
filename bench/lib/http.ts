// A small JSON client over node:http with keep-alive: the benchmark measures the API over real HTTP,
// and node:http costs the load generator less CPU than fetch on a 2-core machine.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

export class Api {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  constructor(
    readonly port: number,
    private readonly tokens: Record<string, string>,
  ) {}

  token(principalId: string): string {
    const t = this.tokens[principalId];
    if (!t) throw new Error(`no demo token for ${principalId}`);
    return t;
  }

  request(method: string, path: string, o: { as?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.as) headers.authorization = `Bearer ${this.token(o.as)}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text for the error report
          }
          resolve({ status: res.statusCode ?? 0, body, ms });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Waits until GET /healthz answers 200. */
export async function waitForHttp(port: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const probe = new Api(port, {});
  try {
    while (Date.now() < until) {
      try {
        const r = await probe.request('GET', '/healthz');
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    probe.close();
  }
  throw new Error(`API on port ${port} did not answer /healthz within ${timeoutMs} ms`);
}
