// Configuration from the environment, with the defaults the README documents.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_POLICY, parsePolicyFile, type Policy } from './domain/policy.js';

export interface Config {
  apiPort: number;
  apiHost: string;
  temporalAddress: string;
  temporalPort: number;
  temporalUiPort: number;
  temporalNamespace: string;
  /** Set when TEMPORAL_ADDRESS points to a server we do not start ourselves. */
  externalTemporal: boolean;
  taskQueue: string;
  dataDir: string;
  /**
   * The store on PostgreSQL (STORE_URL, or DATABASE_URL: postgres://…); unset, the store is SQLite at
   * DATA_DIR/cases.sqlite (db/client.ts openStore).
   */
  storeUrl: string | undefined;
  production: boolean;
  policyFile: string | undefined;
  /** Public base URL of Temporal UI, for links from pages and workflow details. */
  temporalUiUrl: string;
  /** Public base URL of the API, for links back from Temporal UI. */
  publicUrl: string;
  /** Mutual TLS to Temporal (all three files set, or none): CA of the server, our client pair. */
  temporalTls: { caFile: string; certFile: string; keyFile: string; serverName: string | undefined } | undefined;
  /** Which proxies in front of the API to believe for the client's address (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /**
   * Where this process serves its Prometheus metrics (METRICS_PORT, METRICS_HOST default 127.0.0.1):
   * never the public port. None without METRICS_PORT.
   */
  metrics: { port: number; host: string } | undefined;
}

/** METRICS_PORT: a port of its own, never the API's (the public one behind the proxy). */
function metricsListen(env: NodeJS.ProcessEnv, apiPort: number): Config['metrics'] {
  if (!env.METRICS_PORT) return undefined;
  const port = Number(env.METRICS_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`METRICS_PORT must be a port number (1–65535), not "${env.METRICS_PORT}"`);
  if (port === apiPort) throw new Error(`METRICS_PORT (${port}) must not be API_PORT: metrics stay off the public port`);
  return { port, host: env.METRICS_HOST || '127.0.0.1' };
}

/** STORE_URL (or DATABASE_URL): a PostgreSQL URL, or nothing for the embedded SQLite store. */
function storeUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.STORE_URL || env.DATABASE_URL || undefined;
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new Error(`STORE_URL must be a postgres:// URL (or unset for SQLite under DATA_DIR), not "${url.replace(/:[^:@/]*@/, ':…@')}"`);
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const temporalPort = Number(env.TEMPORAL_PORT ?? 7233);
  const temporalUiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
  const apiPort = Number(env.API_PORT ?? 3000);
  return {
    apiPort,
    apiHost: env.API_HOST ?? '0.0.0.0',
    temporalAddress: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${temporalPort}`,
    temporalPort,
    temporalUiPort,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    externalTemporal: Boolean(env.TEMPORAL_ADDRESS),
    taskQueue: env.TASK_QUEUE ?? 'cases',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    storeUrl: storeUrl(env),
    production: env.NODE_ENV === 'production',
    policyFile: env.ESCALATION_POLICY || undefined,
    temporalUiUrl: env.TEMPORAL_UI_URL ?? `http://localhost:${temporalUiPort}`,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${apiPort}`,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    metrics: metricsListen(env, apiPort),
    temporalTls: env.TEMPORAL_TLS_CERT
      ? {
          caFile: required(env, 'TEMPORAL_TLS_CA'),
          certFile: env.TEMPORAL_TLS_CERT,
          keyFile: required(env, 'TEMPORAL_TLS_KEY'),
          serverName: env.TEMPORAL_TLS_SERVER_NAME || undefined,
        }
      : undefined,
  };
}

/**
 * Faults the test suites inject (never in production: the worker refuses to start with them). A
 * worker with FAULT_EXIT_AFTER_STORE_CALL=n exits right after the n-th store call of the process has
 * committed, before its workflow task completes: the window in which a retried task meets a job the
 * store already holds (tests/one-truth.test.ts, npm run test:faults).
 */
export interface FaultHooks {
  exitAfterStoreCall?: number;
}

export function faultHooks(config: Pick<Config, 'production'>, env: NodeJS.ProcessEnv = process.env): FaultHooks {
  const raw = env.FAULT_EXIT_AFTER_STORE_CALL;
  if (!raw) return {};
  if (config.production) throw new Error('FAULT_EXIT_AFTER_STORE_CALL is a test fault and is refused in production (NODE_ENV=production)');
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`FAULT_EXIT_AFTER_STORE_CALL must be a positive integer, not ${raw}`);
  return { exitAfterStoreCall: n };
}

/** The deadline policy of ESCALATION_POLICY's file (`policyFile`), or the defaults without one. */
export function loadPolicy(file: string | undefined): Policy {
  return file ? parsePolicyFile(readFileSync(file, 'utf8')) : DEFAULT_POLICY;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is required when TEMPORAL_TLS_CERT is set`);
  return v;
}

/**
 * TRUST_PROXY: unset or `false` (default): no proxy is believed and `req.ip` is the socket's peer.
 * A whole number: that many proxy hops in front of the API (e.g. `1` for the TLS proxy of compose).
 * A comma-separated list of addresses or CIDR ranges (`10.0.0.0/8,127.0.0.1`): the proxies to trust.
 * `true` trusts every hop and lets any client choose its own address: refused, name the proxies.
 */
export type TrustProxy = false | number | string[];

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v.toLowerCase() === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v.toLowerCase() === 'true') {
    throw new Error('TRUST_PROXY=true would let any client pick its own address; give the hop count or the proxies\' addresses');
  }
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(entry)) throw new Error(`TRUST_PROXY: "${entry}" is not an address or CIDR range`);
  }
  return list;
}
