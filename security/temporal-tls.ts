// Mutual TLS to the Temporal frontend: the server's CA and our client certificate, read from files
// (TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY; TEMPORAL_TLS_SERVER_NAME when the address
// is not the name in the server's certificate). Without them the connection is plain (development).
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { Config } from '../config.js';

export function temporalTls(config: Pick<Config, 'temporalTls'>): TLSConfig | undefined {
  const t = config.temporalTls;
  if (!t) return undefined;
  return {
    serverNameOverride: t.serverName,
    serverRootCACertificate: readFileSync(t.caFile),
    clientCertPair: { crt: readFileSync(t.certFile), key: readFileSync(t.keyFile) },
  };
}
