// Configuration from the environment, with the defaults the README documents.
import { resolve } from 'node:path';

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
  production: boolean;
  policyFile: string | undefined;
  /** Public base URL of Temporal UI, for links from pages and workflow details. */
  temporalUiUrl: string;
  /** Public base URL of the API, for links back from Temporal UI. */
  publicUrl: string;
  /** Mutual TLS to Temporal (all three files set, or none): CA of the server, our client pair. */
  /** Behind a reverse proxy (deploy/caddy): the proxy's address(es), so client addresses come from X-Forwarded-For. */
  trustProxy: string | undefined;
  temporalTls: { caFile: string; certFile: string; keyFile: string; serverName: string | undefined } | undefined;
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
    production: env.NODE_ENV === 'production',
    policyFile: env.ESCALATION_POLICY || undefined,
    temporalUiUrl: env.TEMPORAL_UI_URL ?? `http://localhost:${temporalUiPort}`,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${apiPort}`,
    trustProxy: env.TRUST_PROXY || undefined,
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

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is required when TEMPORAL_TLS_CERT is set`);
  return v;
}
