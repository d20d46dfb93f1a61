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
  };
}
